"""Crawl speed and memory: the full pipelines against a no-op Scrapy spider on the same site.

The site (benches/benchsite.py) is served on 127.0.0.2 by a process of its own: N articles of
about 190 KB, found through a sitemap index. Two crawls read all of it with the same concurrency:

- no-op: Scrapy's own SitemapSpider whose callback does nothing, run outside this project (no
  pipelines, no extensions): the ceiling for Scrapy on this machine;
- full: `scrapy crawl demo_b` with every pipeline, the crawl state, the near-duplicate index and
  the dataset export (all in a temporary folder).

Printed: pages fetched, articles exported, seconds, pages/s, peak RSS (from /usr/bin/time), and
the full crawl's pages/s as a share of the no-op's. The no-op crawl runs before and after ours,
and the faster of the two is the ceiling: the machine's speed drifts on a shared host. With
--memory, full crawls of 5,000 and of N articles, and the RSS growth between them; with
--workers N (1 unless 0), a full crawl whose pages are read by N worker processes
(NEWS_EXTRACT_WORKERS). --text templated serves the text the benchmark used before 2026-11-26,
whose articles all share long phrases: a stress test of the near-duplicate index.

    python benches/crawl.py [--articles 20000] [--concurrency 16] [--memory] [--workers 1]
                            [--text varied|templated]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import benchsite

ROOT = Path(__file__).resolve().parents[1]
HOST = benchsite.HOST
NOOP_SPIDER = """
from scrapy.spiders import SitemapSpider


class NoopSpider(SitemapSpider):
    name = "noop"

    def __init__(self, base_url, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sitemap_urls = [base_url + "/robots.txt"]

    def parse(self, response):
        return None
"""


@dataclass
class Run:
    system: str
    articles: int
    pages: int
    exported: int
    seconds: float
    rss_mb: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def serve(articles: int, text: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "benches" / "benchsite.py"), "--articles", str(articles),
         "--port", str(port), "--text", text],
        stdout=subprocess.PIPE,
    )  # fmt: skip
    assert server.stdout is not None
    server.stdout.readline()  # "serving …": it listens
    return server, f"http://{HOST}:{port}"


def common(concurrency: int, log: Path) -> list[str]:
    settings = {
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "CONCURRENT_REQUESTS_PER_IP": 0,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "ROBOTSTXT_OBEY": True,
        "LOG_LEVEL": "INFO",
        "LOG_FILE": log,
        "TELNETCONSOLE_ENABLED": False,
    }
    return [arg for key, value in settings.items() for arg in ("-s", f"{key}={value}")]


def timed(args: list[str], cwd: Path, log: Path) -> tuple[float, float]:
    """Run scrapy under /usr/bin/time: (elapsed seconds, from Scrapy's stats; peak RSS, MB)."""
    result = subprocess.run(
        ["/usr/bin/time", "-f", "maxrss_kb=%M", sys.executable, "-m", "scrapy", *args],
        cwd=cwd, capture_output=True, text=True, check=False,
    )  # fmt: skip
    rss = re.search(r"maxrss_kb=(\d+)", result.stderr)
    if result.returncode not in (0, 1) or rss is None:
        sys.exit(f"crawl failed ({result.returncode}):\n{result.stderr[-3000:]}")
    text = log.read_text(encoding="utf-8")
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", text)
    return float(elapsed.group(1)) if elapsed else 0.0, int(rss.group(1)) / 1024


def stat(log: Path, name: str) -> int:
    found = re.findall(rf"'{re.escape(name)}': (\d+)", log.read_text(encoding="utf-8"))
    return int(found[-1]) if found else 0


def noop(base: str, articles: int, concurrency: int, work: Path, when: str) -> Run:
    folder = work / f"noop-{when}"
    folder.mkdir()
    (folder / "noop.py").write_text(NOOP_SPIDER, encoding="utf-8")
    log = folder / "crawl.log"
    args = ["runspider", "noop.py", "-a", f"base_url={base}", *common(concurrency, log)]
    seconds, rss = timed(args, folder, log)
    pages = stat(log, "response_received_count")
    return Run(f"no-op Scrapy spider ({when} ours)", articles, pages, 0, seconds, rss)


def full(base: str, articles: int, concurrency: int, work: Path, workers: int = 0) -> Run:
    folder = work / f"full-{articles}-{workers}"
    folder.mkdir()
    log = folder / "crawl.log"
    args = [
        "crawl", "demo_b", "-a", f"base_url={base}", *common(concurrency, log),
        "-s", f"NEWS_STATE_PATH={folder / 'state.sqlite'}",
        "-s", f"NEWS_DUPLICATES_PATH={folder / 'duplicates.sqlite'}",
        "-s", f"NEWS_EXPORT_DIR={folder / 'dataset'}",
        "-s", "NEWS_PROGRESS_INTERVAL=3600", "-s", f"NEWS_EXTRACT_WORKERS={workers}",
    ]  # fmt: skip
    seconds, rss = timed(args, ROOT, log)
    return Run(
        "vn-news-crawler, full pipelines"
        + (f", {workers} page worker{'s' if workers > 1 else ''}" if workers else ""),
        articles,
        stat(log, "response_received_count"),
        stat(log, "export/records"),
        seconds,
        rss,
    )


def table(runs: list[Run], ceiling: Run | None) -> str:
    lines = [
        "| system | articles on the site | pages fetched | articles exported | seconds | pages/s"
        " | peak RSS (MB) | pages/s vs no-op |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for run in runs:
        share = f"{run.pages_per_second / ceiling.pages_per_second:.2f}" if ceiling else "–"
        lines.append(
            f"| {run.system} | {run.articles} | {run.pages} | {run.exported} | {run.seconds:.1f}"
            f" | {run.pages_per_second:.0f} | {run.rss_mb:.0f} | {share} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--memory", action="store_true", help="also a full crawl of 5,000 articles")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="also a full crawl with NEWS_EXTRACT_WORKERS=N (0: not)",
    )
    parser.add_argument("--text", choices=benchsite.TEXTS, default=benchsite.TEXTS[0],
                        help="the site's article text (benches/benchsite.py)")  # fmt: skip
    args = parser.parse_args()
    print(f"site text: {args.text}", flush=True)
    print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
        work = Path(tmp)
        runs: list[Run] = []
        sizes = ([5000] if args.memory and args.articles > 5000 else []) + [args.articles]
        ceiling = None
        for articles in sizes:
            server, base = serve(articles, args.text)
            try:
                if articles == args.articles:
                    before = noop(base, articles, args.concurrency, work, "before")
                    runs.append(before)
                    print(f"no-op: {before.pages} pages in {before.seconds:.1f} s", flush=True)
                started = time.monotonic()
                run = full(base, articles, args.concurrency, work)
                runs.append(run)
                print(f"full: {run.pages} pages in {time.monotonic() - started:.1f} s", flush=True)
                if articles == args.articles and args.workers:
                    run = full(base, articles, args.concurrency, work, args.workers)
                    runs.append(run)
                    print(f"with workers: {run.pages} pages in {run.seconds:.1f} s", flush=True)
                if articles == args.articles:
                    # The no-op crawl again, after ours: on a shared host the machine's speed
                    # drifts, and the faster of the two is the ceiling (the stricter ratio).
                    after = noop(base, articles, args.concurrency, work, "after")
                    runs.append(after)
                    print(f"no-op: {after.pages} pages in {after.seconds:.1f} s", flush=True)
                    ceiling = max(before, after, key=lambda r: r.pages_per_second)
            finally:
                server.terminate()
                server.wait()
        print()
        print(table(runs, ceiling))
        if args.memory and len(sizes) == 2:
            small, large = (r for r in runs if r.system == "vn-news-crawler, full pipelines")
            print(
                f"\nRSS growth from {small.articles} to {large.articles} articles:"
                f" {large.rss_mb - small.rss_mb:+.0f} MB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
