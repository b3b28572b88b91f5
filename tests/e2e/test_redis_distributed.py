"""Distributed crawling: a real redis-server on a free loopback port (started by the test, never
a shared one), worker processes running the unchanged `demo` spider with NEWS_REDIS_URL, and a
generated site of 500 articles on 127.0.0.1. Every article is exported exactly once across the
workers' files, also when one worker is killed midway. Selected by `pytest -k redis`; with
CI=true a redis-server that cannot be started fails the tests instead of skipping them."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.demo.server import DemoServer
from tests.e2e.conftest import ROOT
from tests.e2e.sitegen import generate

ARTICLES = 500


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        _unavailable("redis-server is not installed (apt-get install redis-server)")
    home = tmp_path_factory.mktemp("redis")
    port = _free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(home),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                _unavailable(f"redis-server did not start on 127.0.0.1:{port}")
            time.sleep(0.1)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DemoServer, set[str]]]:
    root = tmp_path_factory.mktemp("big-site")
    paths = generate(root, ARTICLES)
    with DemoServer(root) as server:
        yield server, {server.base_url + p for p in paths}


def start_workers(
    count: int, site: DemoServer, redis_url: str, out: Path, *extra: str, run: str = ""
) -> list[subprocess.Popen[bytes]]:
    out.mkdir(parents=True, exist_ok=True)
    run = run or uuid.uuid4().hex[:8]  # each test its own keys in the shared test server
    workers = []
    for i in range(count):
        args = [
            sys.executable, "-m", "scrapy", "crawl", "demo",
            "-a", f"base_url={site.base_url}", "-o", str(out / f"w{i}.jsonl"),
            "-s", f"NEWS_REDIS_URL={redis_url}", "-s", f"NEWS_REDIS_PREFIX=test-{run}",
            "-s", f"NEWS_WORKER_ID=w{i}", "-s", f"LOG_FILE={out / f'w{i}.log'}",
            "-s", f"NEWS_EXPORT_DIR={out / 'dataset'}",
            *extra,
        ]  # fmt: skip
        workers.append(
            subprocess.Popen(args, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        )
    return workers


def records(out: Path) -> list[dict[str, Any]]:
    found = []
    for path in sorted(out.glob("w*.jsonl")):
        for line in path.read_bytes().splitlines():
            try:
                found.append(json.loads(line))
            except ValueError:
                continue  # a line a killed worker left half-written
    return found


def wait(workers: list[subprocess.Popen[bytes]], timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    for worker in workers:
        worker.wait(timeout=max(1, deadline - time.monotonic()))


def test_three_redis_workers_export_every_article_exactly_once(
    redis_url: str, big_site: tuple[DemoServer, set[str]], tmp_path: Path
) -> None:
    site, expected = big_site
    started = time.monotonic()
    workers = start_workers(3, site, redis_url, tmp_path)
    wait(workers)
    elapsed = time.monotonic() - started
    assert [w.returncode for w in workers] == [0, 0, 0], (tmp_path / "w0.log").read_text()[-3000:]
    urls = [r["url"] for r in records(tmp_path)]
    assert len(urls) == len(set(urls)), "an article was exported by two workers"
    assert set(urls) == expected
    per_worker = [len((tmp_path / f"w{i}.jsonl").read_bytes().splitlines()) for i in range(3)]
    assert all(per_worker), f"a worker exported nothing: {per_worker}"
    # the last worker to close adds up the run
    summaries = [json.loads(p.read_text()) for p in tmp_path.glob("w*.run-summary.json")]
    assert len(summaries) == 1
    assert summaries[0]["exported"] == ARTICLES and summaries[0]["workers"] == 3
    print(f"\n3 workers, {ARTICLES} articles: {elapsed:.1f} s; per worker {per_worker}")


def test_a_worker_killed_midway_leaves_its_articles_to_the_others(
    redis_url: str, big_site: tuple[DemoServer, set[str]], tmp_path: Path
) -> None:
    site, expected = big_site
    run = uuid.uuid4().hex[:8]
    workers = start_workers(
        3, site, redis_url, tmp_path, "-s", "DOWNLOAD_DELAY=0.01",
        "-s", "NEWS_REDIS_DEAD_AFTER=6", run=run,
    )  # fmt: skip
    first = tmp_path / "w0.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (
        first.exists() and first.read_bytes().count(b"\n") >= 20
    ):
        time.sleep(0.02)
    workers[0].send_signal(signal.SIGKILL)
    wait(workers[1:])
    workers[0].wait(timeout=30)
    assert [w.returncode for w in workers[1:]] == [0, 0]
    killed = len((tmp_path / "w0.jsonl").read_bytes().splitlines())
    assert 0 < killed < ARTICLES, "the kill came too early or too late to test"
    urls = [r["url"] for r in records(tmp_path)]
    assert len(urls) == len(set(urls)), "an article was exported twice"
    lost = expected - set(urls)
    if lost:  # what the shared state says of them, for whoever reads the failure
        import redis

        rows = redis.Redis.from_url(redis_url, decode_responses=True)
        states = {u: rows.hget(f"test-{run}:demo:state", u) for u in sorted(lost)}
        logs = "".join(
            line
            for i in range(3)
            for line in (tmp_path / f"w{i}.log").read_text().splitlines(keepends=True)
            if "Sweep" in line or "Settled" in line or "Traceback" in line
        )
        raise AssertionError(f"{len(lost)} articles were lost: {states}\n{logs}")


def test_the_redis_state_decides_as_the_sqlite_state(redis_url: str, tmp_path: Path) -> None:
    from dataclasses import replace

    import redis

    from crawler.distributed import RedisState
    from crawler.state import PENDING, Seen, SQLiteState

    redis_state = RedisState(redis.Redis.from_url(redis_url, decode_responses=True), "t-claim")
    sqlite_state = SQLiteState(tmp_path / "s.sqlite")
    fetched = Seen("https://baomau.vn/a-1.html", PENDING, 1, "sha1:" + "a" * 40, owner="w1")
    steps = [
        ("claim", fetched),  # new
        ("claim", fetched),  # busy: still pending
        ("exported", fetched),
        ("claim", replace(fetched, etag='"e2"')),  # unchanged
        ("claim", replace(fetched, content_hash="sha1:" + "b" * 40)),  # changed, revision 2
    ]
    for action, seen in steps:
        if action == "claim":
            assert redis_state.claim(seen) == sqlite_state.claim(seen)
        else:
            redis_state.exported(seen.key)
            sqlite_state.exported(seen.key)
    assert redis_state.get(fetched.key) == replace(
        sqlite_state.get(fetched.key),  # type: ignore[type-var]
        checked_at=redis_state.get(fetched.key).checked_at,  # type: ignore[union-attr]
    )
    for listed, fetch in [
        (None, False),
        (None, False),
        ("2026-11-20T08:00:00+07:00", False),
        ("2026-11-19T08:00:00+07:00", False),
        ("2026-11-21T08:00:00+07:00", True),
        ("2026-11-25T08:00:00+07:00", True),
    ]:
        key = fetched.key
        assert redis_state.requested(key, listed, fetch=fetch) == sqlite_state.requested(
            key, listed, fetch=fetch
        )


def test_the_redis_dupefilter_uses_scrapys_fingerprints_and_forgets_them(redis_url: str) -> None:
    import redis
    from scrapy import Request
    from scrapy.utils.request import RequestFingerprinter

    from crawler.distributed import RedisDupeFilter

    server = redis.Redis.from_url(redis_url, decode_responses=True)
    fingerprinter = RequestFingerprinter()
    dupefilter = RedisDupeFilter(server, "t-seen:seen", 60, fingerprinter)
    request = Request("https://baomau.vn/thoi-su/trang-2.html")
    assert not dupefilter.request_seen(request)
    assert dupefilter.request_seen(request)
    key = f"t-seen:seen:{fingerprinter.fingerprint(request).hex()}"
    assert 0 < server.ttl(key) <= 60  # bounded: every mark expires
