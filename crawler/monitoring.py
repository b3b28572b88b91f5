"""End-of-crawl monitors, the crawl summary, and live progress.

`CrawlMonitor` watches every record that leaves the pipelines and, when the crawl ends, runs the
checks below; each failure is an ERROR line that names the site and what broke, the stat
`monitor/failed`, and exit code 1 from `scrapy crawl`:

- too few articles: fewer seen (exported, or known unchanged) than NEWS_MONITOR_MIN_ARTICLES;
- field coverage: a field of NEWS_MONITOR_COVERAGE present in too small a share of the parsed
  articles; a broken body selector shows as "text" (EmptyBody / TooShort drops count as parsed);
- error rate: failed fetches (HTTP 5xx and 429, network errors) above NEWS_MONITOR_MAX_ERROR_RATE;
- schema: exported records failing the JSON Schema, above NEWS_MONITOR_MAX_INVALID.

It also writes the summary: one log line, and `<export>.summary.json` next to each local export.
Thresholds are settings; a site overrides them in its spider's `custom_settings`.

Spidermon was considered: its monitors run in the same place (spider_closed) on the same stats,
but it brings its own action framework and schema layer for four checks we can state in a page.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from twisted.internet import task

from crawler.items import Article
from crawler.schema import is_valid, load_schema

logger = logging.getLogger(__name__)

FAILED_STAT = "monitor/failed"
# Set on the crawler by a distributed run's coordinator before the monitors run: the run's
# added-up counts when this worker is the last to close, {} when others are still working (the
# run, not each worker, must have found articles).
RUN_TOTALS = "_news_run_totals"
# Drops of a parsed article whose fields say how the page read; duplicates say nothing new.
_PARSED_DROPS = frozenset({"missing_title", "empty_body", "too_short", "unchanged"})


@dataclass
class Coverage:
    parsed: int = 0
    present: Counter[str] = field(default_factory=Counter)

    def add(self, item: Article, fields: list[str]) -> None:
        self.parsed += 1
        for name in fields:
            if getattr(item, name, None):
                self.present[name] += 1

    def share(self, name: str) -> float:
        return self.present[name] / self.parsed if self.parsed else 0.0


def site_of(spider: Spider) -> str:
    domains = getattr(spider, "allowed_domains", None) or []
    return f"{spider.name} ({domains[0]})" if domains else spider.name


def check(
    stats: dict[str, Any],
    coverage: Coverage,
    settings: Any,
    site: str,
    run_totals: dict[str, int] | None = None,
) -> list[str]:
    """The failed checks, as messages naming the site and what broke. `run_totals`: a
    distributed run's counts (see RUN_TOTALS); {} leaves the article count to the last worker."""
    failures: list[str] = []
    counts = summary_counts(stats) if run_totals is None else run_totals
    exported = counts.get("exported", 0)
    unchanged = counts.get("skipped_unchanged", 0)
    minimum = settings.getint("NEWS_MONITOR_MIN_ARTICLES", 1)
    if counts and exported + unchanged < minimum:
        failures.append(
            f"{site}: too few articles: {exported} exported and {unchanged} known unchanged,"
            f" fewer than {minimum} (NEWS_MONITOR_MIN_ARTICLES). Are discovery URLs and"
            " article_url still right?"
        )
    sample = settings.getint("NEWS_MONITOR_MIN_SAMPLE", 5)
    if coverage.parsed >= sample:
        for name, floor in sorted(settings.getdict("NEWS_MONITOR_COVERAGE").items()):
            share = coverage.share(name)
            if share < float(floor):
                failures.append(
                    f"{site}: field '{name}' present in {share:.0%} of {coverage.parsed} parsed"
                    f" articles, below {float(floor):.0%} (NEWS_MONITOR_COVERAGE): the page"
                    f" layout may have changed; check the site module's '{name}' selector"
                )
    requests = stats.get("downloader/request_count", 0)
    errors = failed_fetches(stats)
    limit = settings.getfloat("NEWS_MONITOR_MAX_ERROR_RATE", 0.2)
    if requests >= sample and errors / requests > limit:
        failures.append(
            f"{site}: error rate {errors / requests:.0%} ({errors} of {requests} requests failed),"
            f" above {limit:.0%} (NEWS_MONITOR_MAX_ERROR_RATE)"
        )
    invalid = stats.get("monitor/schema_invalid", 0)
    if invalid > settings.getint("NEWS_MONITOR_MAX_INVALID", 0):
        failures.append(
            f"{site}: {invalid} exported records fail the JSON Schema (NEWS_MONITOR_MAX_INVALID)"
        )
    return failures


def failed_fetches(stats: dict[str, Any]) -> int:
    statuses = sum(
        v
        for k, v in stats.items()
        if k.startswith("downloader/response_status_count/")
        and (k.endswith("/429") or k.rsplit("/", 1)[1].startswith("5"))
    )
    # requests not sent by decision (an article known unchanged, robots.txt) are no failures
    ignored = sum(stats.get(f"downloader/exception_type_count/{kind}", 0) for kind in _DECISIONS)
    return statuses + stats.get("downloader/exception_count", 0) - ignored


_DECISIONS = ("scrapy.exceptions.IgnoreRequest", "crawler.incremental.NotFetched")


def summary_counts(stats: dict[str, Any]) -> dict[str, int]:
    """The summary's counts, flat (`dropped/<Reason>`): what the workers of a distributed run
    add up."""
    counts = {
        "exported": stats.get("item_scraped_count", 0),
        "exported_new": stats.get("incremental/exported_new", 0),
        "exported_changed": stats.get("incremental/exported_changed", 0),
        "skipped_unchanged": stats.get("incremental/skipped_unchanged", 0)
        + stats.get("incremental/not_modified", 0)
        + stats.get("item_dropped_reasons_count/Unchanged", 0),
        "errors": failed_fetches(stats) + stats.get("spider_exceptions/count", 0),
        "pages_fetched": stats.get("downloader/response_count", 0),
    }
    for key, value in stats.items():
        if key.startswith("item_dropped_reasons_count/") and not key.endswith("/Unchanged"):
            counts["dropped/" + key.split("/", 1)[1]] = value
    return counts


def summary(stats: dict[str, Any], spider: Spider, failures: list[str]) -> dict[str, Any]:
    started, finished = stats.get("start_time"), stats.get("finish_time")
    duration = (finished - started).total_seconds() if started and finished else None
    counts = summary_counts(stats)
    drops = {k.split("/", 1)[1]: v for k, v in counts.items() if k.startswith("dropped/")}
    return {
        "spider": spider.name,
        "site": (getattr(spider, "allowed_domains", None) or [None])[0],
        **{k: v for k, v in counts.items() if not k.startswith("dropped/")},
        "dropped": dict(sorted(drops.items())),
        "duration_s": round(duration, 1) if duration is not None else None,
        "finish_reason": stats.get("finish_reason"),
        "monitors": {"ok": not failures, "failures": failures},
    }


def summary_line(s: dict[str, Any]) -> str:
    dropped = ", ".join(f"{k} {v}" for k, v in s["dropped"].items()) or "none"
    monitors = "ok" if s["monitors"]["ok"] else f"FAILED ({len(s['monitors']['failures'])})"
    return (
        f"Crawl summary {s['spider']}: {s['exported']} exported ({s['exported_new']} new,"
        f" {s['exported_changed']} changed), {s['skipped_unchanged']} unchanged skipped,"
        f" dropped: {dropped}; {s['errors']} errors; {s['pages_fetched']} pages fetched in"
        f" {s['duration_s']} s; monitors {monitors}"
    )


class CrawlMonitor:
    """Extension: coverage and schema counts while crawling; checks and summary at the end."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.coverage = Coverage()
        self.fields = sorted(crawler.settings.getdict("NEWS_MONITOR_COVERAGE"))
        self.validator = jsonschema.Draft202012Validator(load_schema())

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlMonitor:
        ext = cls(crawler)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def item_scraped(self, item: Any, spider: Spider) -> None:
        if not isinstance(item, Article):
            return
        self.coverage.add(item, self.fields)
        record = item.to_record()
        if is_valid(record):
            return
        error = next(iter(self.validator.iter_errors(record)), None)
        if error is not None:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("monitor/schema_invalid")
            logger.error("Record fails the JSON Schema: %s: %s", item.url, error.message)

    def item_dropped(self, item: Any, spider: Spider, exception: BaseException) -> None:
        reason = getattr(exception, "reason", "") if isinstance(exception, DropItem) else ""
        if isinstance(item, Article) and reason in _PARSED_DROPS:
            self.coverage.add(item, self.fields)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats
        assert stats is not None
        values = stats.get_stats()
        values.setdefault("finish_reason", reason)
        failures = check(
            values,
            self.coverage,
            self.crawler.settings,
            site_of(spider),
            getattr(self.crawler, RUN_TOTALS, None),
        )
        for failure in failures:
            logger.error("Monitor failed: %s", failure)
        if failures:
            stats.set_value(FAILED_STAT, len(failures))
        result = summary(values, spider, failures)
        logger.info(summary_line(result))
        if self.crawler.settings.getbool("NEWS_SUMMARY", True):
            for path in local_exports(self.crawler, spider):
                target = path.with_name(path.stem + ".summary.json")
                target.write_text(
                    json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
                )


def local_exports(
    crawler: Crawler, spider: Spider, formats: tuple[str, ...] | None = None
) -> list[Path]:
    """The crawl's export files on this machine (FEEDS entries that are local paths, rendered
    for `spider`; those named by time or batch differ each run and are left out), optionally
    only those of `formats`."""
    paths = []
    for uri, options in crawler.settings.getdict("FEEDS").items():
        text = str(uri).removeprefix("file://")
        if "://" in text or "%(time)s" in text or "%(batch" in text:
            continue
        if formats is not None and (options or {}).get("format") not in formats:
            continue
        paths.append(Path(text % {"name": spider.name}))
    return paths


class Progress:
    """Extension: articles per minute, queue size and errors while the crawl runs. A live line on
    a terminal; an INFO line every NEWS_PROGRESS_INTERVAL seconds otherwise."""

    def __init__(self, crawler: Crawler, interval: float, tty: bool) -> None:
        self.crawler = crawler
        self.interval = interval
        self.tty = tty
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        interval = crawler.settings.getfloat("NEWS_PROGRESS_INTERVAL", 30.0)
        ext = cls(crawler, interval, sys.stderr.isatty())
        if interval > 0:
            crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
            crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.report)
        self.loop.start(1.0 if self.tty else self.interval, now=False)

    def spider_closed(self, spider: Spider) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.tty:
            sys.stderr.write("\n")

    def line(self) -> str:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        minutes = max((time.monotonic() - self.started) / 60, 1e-9)
        exported = stats.get("item_scraped_count", 0)
        return (
            f"{exported} articles ({exported / minutes:.0f}/min),"
            f" {stats.get('downloader/response_count', 0)} pages,"
            f" queue {self._queue()}, errors {failed_fetches(stats)}"
        )

    def report(self) -> None:
        if self.tty:
            sys.stderr.write("\r" + self.line().ljust(79))
            sys.stderr.flush()
        else:
            logger.info("Progress: %s", self.line())

    def _queue(self) -> int:
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None) or getattr(engine, "slot", None)
        scheduler = getattr(slot, "scheduler", None)
        try:
            return len(scheduler) if scheduler is not None else 0  # type: ignore[arg-type]
        except TypeError:
            return 0
