"""Schedule a crawl on Scrapyd unless one of the same spider is already pending or running.

For cron and systemd timers: two overlapping runs of one spider would fetch the same pages and
race on the crawl state, so a run that finds its predecessor still going is skipped (exit 0 with
a message; exit 2 when Scrapyd cannot be reached or refuses).

    python -m crawler.scheduling --url http://127.0.0.1:6800/ vnexpress \\
        -a since=2026-11-01 -s NEWS_STATE_PATH=/srv/vn-news/state/%(name)s.sqlite
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any
from urllib.error import URLError
from urllib.parse import urlencode, urljoin
from urllib.request import urlopen

PROJECT = "vn-news-crawler"


class ScrapydError(RuntimeError):
    pass


def _call(url: str, endpoint: str, data: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    target = urljoin(url, endpoint)
    body = urlencode(data).encode() if data is not None else None
    try:
        with urlopen(target, data=body, timeout=30) as response:
            reply: dict[str, Any] = json.loads(response.read())
    except (URLError, OSError, ValueError) as exc:
        raise ScrapydError(f"{target}: {exc}") from exc
    if reply.get("status") != "ok":
        raise ScrapydError(f"{target}: {reply.get('message', reply)}")
    return reply


def active_jobs(url: str, spider: str, project: str = PROJECT) -> list[str]:
    """Ids of the spider's pending and running jobs."""
    jobs = _call(url, f"listjobs.json?{urlencode({'project': project})}")
    return [
        job["id"]
        for state in ("pending", "running")
        for job in jobs.get(state, [])
        if job.get("spider") == spider
    ]


def schedule(
    url: str,
    spider: str,
    *,
    project: str = PROJECT,
    arguments: dict[str, str] | None = None,
    settings: dict[str, str] | None = None,
) -> str | None:
    """Schedule `spider`; return its job id, or None when a job of it is pending or running.

    (Between the check and the schedule call another scheduler could slip in; one cron or timer
    per spider, as the README sets up, leaves nobody to race.)"""
    if active_jobs(url, spider, project):
        return None
    data = [("project", project), ("spider", spider)]
    data += list((arguments or {}).items())
    data += [("setting", f"{k}={v}") for k, v in (settings or {}).items()]
    return str(_call(url, "schedule.json", data)["jobid"])


def _pairs(values: list[str], flag: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep:
            raise SystemExit(f"{flag} expects NAME=VALUE, got {value!r}")
        pairs[name] = rest
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.scheduling", description=__doc__)
    parser.add_argument("spider")
    parser.add_argument("--url", default="http://127.0.0.1:6800/", help="Scrapyd's address")
    parser.add_argument("--project", default=PROJECT)
    parser.add_argument("-a", dest="arguments", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE")
    opts = parser.parse_args(argv)
    try:
        job = schedule(
            opts.url,
            opts.spider,
            project=opts.project,
            arguments=_pairs(opts.arguments, "-a"),
            settings=_pairs(opts.settings, "-s"),
        )
    except ScrapydError as exc:
        print(f"schedule: {exc}", file=sys.stderr)
        return 2
    if job is None:
        print(f"schedule: {opts.spider} is still pending or running on {opts.url}; not scheduled")
        return 0
    print(f"schedule: {opts.spider} scheduled as job {job}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
