"""One worker against three: wall time of a distributed crawl of a generated site, side by side.

A redis-server on a free loopback port, a generated site of N articles (tests/e2e/sitegen.py) on
127.0.0.1, then the same crawl with 1 worker and with 3 workers (fresh Redis keys each), each
worker a `scrapy crawl demo` process with NEWS_REDIS_URL. Prints Markdown: wall time from the
first worker's start to the last worker's exit, articles per second, the ratio, and a check that
every article was exported exactly once.

    python benches/distributed.py [--articles 500] [--repeat 1]

Needs redis-server on PATH (apt-get install redis-server). The machine's cores bound what 3
workers can gain: on 2 cores, 3 processes share 2.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.demo.server import DemoServer  # noqa: E402
from tests.e2e.sitegen import generate  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def crawl(workers: int, base_url: str, redis_url: str, out: Path) -> float:
    run = uuid.uuid4().hex[:8]
    started = time.monotonic()
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "scrapy",
                "crawl",
                "demo",
                "-a",
                f"base_url={base_url}",
                "-o",
                str(out / f"w{i}.jsonl"),
                "-s",
                f"NEWS_EXPORT_DIR={out / 'dataset'}",
                "-s",
                f"NEWS_REDIS_URL={redis_url}",
                "-s",
                f"NEWS_REDIS_PREFIX=bench-{run}",
                "-s",
                f"NEWS_WORKER_ID=w{i}",
                "-s",
                "LOG_LEVEL=WARNING",
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(workers)
    ]
    for process in processes:
        process.wait()
    return time.monotonic() - started


def exported(out: Path) -> list[str]:
    return [
        json.loads(line)["url"]
        for path in out.glob("w*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=1)
    opts = parser.parse_args()
    binary = shutil.which("redis-server")
    if binary is None:
        print("redis-server not found: apt-get install redis-server", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-distributed-"))
    port = _free_port()
    redis = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=work,
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    redis_url = f"redis://127.0.0.1:{port}/0"
    generate(work / "site", opts.articles)
    rows = []
    try:
        with DemoServer(work / "site") as server:
            for workers in (1, 3):
                best = float("inf")
                for attempt in range(opts.repeat):
                    out = work / f"out-{workers}-{attempt}"
                    out.mkdir()
                    best = min(best, crawl(workers, server.base_url, redis_url, out))
                    urls = exported(out)
                    once = len(urls) == len(set(urls)) == opts.articles
                rows.append((workers, best, once))
    finally:
        redis.terminate()
        shutil.rmtree(work, ignore_errors=True)
    print(f"# Distributed crawl, {opts.articles} articles, {os.cpu_count()} cores\n")
    print("| workers | wall time (s) | articles/s | vs 1 worker | every article once |")
    print("| --- | --- | --- | --- | --- |")
    single = rows[0][1]
    for workers, seconds, once in rows:
        print(
            f"| {workers} | {seconds:.1f} | {opts.articles / seconds:.0f} |"
            f" {single / seconds:.2f}x | {'yes' if once else 'NO'} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
