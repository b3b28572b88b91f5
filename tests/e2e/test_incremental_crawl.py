"""Crawls run again and again on a copy of the demo site served on 127.0.0.1: only what is new
or changed is fetched and exported, a killed crawl resumes without loss or duplicates, and a
layout that breaks between runs fails the monitors with a message naming the site and field."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.demo.server import SITE_DIR, DemoServer
from tests.e2e.conftest import ROOT, TRUTH, read_jsonl, run_scrapy

ARTICLE = "kinh-te/tang-toc-giai-ngan-von-dau-tu-cong-3002.html"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[DemoServer, Path]]:
    """A copy of the demo site, which a test may edit between crawls."""
    root = tmp_path / "site"
    shutil.copytree(SITE_DIR, root)
    with DemoServer(root) as server:
        yield server, root


def crawl(
    server: DemoServer, out: Path, state: Path, *extra: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    result = run_scrapy(
        "crawl",
        "demo",
        "-a",
        f"base_url={server.base_url}",
        "-o",
        str(out),
        "-s",
        f"NEWS_STATE_PATH={state}",
        *extra,
    )
    summary = json.loads(out.with_name(out.stem + ".summary.json").read_text(encoding="utf-8"))
    return result, summary


def clean_run_urls(server: DemoServer, tmp_path: Path) -> list[str]:
    """The URLs an uninterrupted crawl with a fresh state exports: what a resumed one must."""
    clean, _ = crawl(server, tmp_path / "clean.jsonl", tmp_path / "clean.sqlite")
    assert clean.returncode == 0
    return sorted(r["url"] for r in read_jsonl(tmp_path / "clean.jsonl"))


def slow_job(server: DemoServer, out: Path, tmp_path: Path) -> list[str]:
    """A crawl with its own state and JOBDIR, slow enough to be caught in the middle: one
    request at a time, 0.2 s apart. The command line; args[3:] are its `scrapy` arguments."""
    return [
        sys.executable, "-m", "scrapy", "crawl", "demo",
        "-a", f"base_url={server.base_url}", "-o", str(out),
        "-s", f"NEWS_STATE_PATH={tmp_path / 'job.sqlite'}", "-s", f"JOBDIR={tmp_path / 'job'}",
        "-s", f"NEWS_EXPORT_DIR={tmp_path / 'dataset'}",
        "-s", "CONCURRENT_REQUESTS=1", "-s", "DOWNLOAD_DELAY=0.2",
    ]  # fmt: skip


def article_fetches(stderr: str) -> list[str]:
    """Article pages the crawl downloaded (Scrapy logs each response as 'Crawled (200) <GET url>'
    at DEBUG)."""
    return re.findall(r"Crawled \((?:200|304)\) <GET (\S+-\d{4}\.html)>", stderr)


def test_a_second_run_of_an_unchanged_site_fetches_no_article_and_exports_nothing(
    site: tuple[DemoServer, Path], tmp_path: Path
) -> None:
    server, _ = site
    state = tmp_path / "state.sqlite"
    first, summary1 = crawl(server, tmp_path / "run1.jsonl", state, "-s", "LOG_LEVEL=DEBUG")
    assert first.returncode == 0, first.stderr[-2000:]
    exported = read_jsonl(tmp_path / "run1.jsonl")
    assert exported and summary1["exported_new"] == len(exported)
    assert {r["revision"] for r in exported} == {1}

    second, summary2 = crawl(server, tmp_path / "run2.jsonl", state, "-s", "LOG_LEVEL=DEBUG")
    assert second.returncode == 0, second.stderr[-2000:]
    # the one page that only looks like an article (TRUTH "not_articles") was never exported, so
    # nothing remembers it: it is fetched again, and again found no article
    not_articles = {page["url_path"] for page in TRUTH["not_articles"]}
    fetched = [u for u in article_fetches(second.stderr) if not u.endswith(tuple(not_articles))]
    assert fetched == []
    assert read_jsonl(tmp_path / "run2.jsonl") == []
    assert summary2["exported"] == 0
    assert summary2["skipped_unchanged"] == len(exported)
    assert summary2["monitors"]["ok"]


def test_a_changed_article_is_exported_again_once_with_revision_2(
    site: tuple[DemoServer, Path], tmp_path: Path
) -> None:
    server, root = site
    state = tmp_path / "state.sqlite"
    first, _ = crawl(server, tmp_path / "run1.jsonl", state)
    assert first.returncode == 0, first.stderr[-2000:]

    # the newsroom corrects a figure, and the sitemap says the article was modified
    page = root / ARTICLE
    html = page.read_text(encoding="utf-8")
    paragraph = re.search(r"<p>([^<]{80,})</p>", html)
    assert paragraph is not None
    page.write_text(
        html.replace(paragraph.group(1), paragraph.group(1) + " Số liệu được cập nhật lúc 17 giờ."),
        encoding="utf-8",
    )
    for sitemap in (root / "sitemaps").glob("*.xml"):
        text = sitemap.read_text(encoding="utf-8")
        entry = re.search(
            rf"<loc>[^<]*{re.escape(ARTICLE)}</loc>\s*<lastmod>([^<]+)</lastmod>", text
        )
        if entry:
            text = text.replace(
                entry.group(0), entry.group(0).replace(entry.group(1), "2030-01-01T08:00:00+07:00")
            )
            sitemap.write_text(text, encoding="utf-8")

    second, summary = crawl(server, tmp_path / "run2.jsonl", state)
    assert second.returncode == 0, second.stderr[-2000:]
    records = read_jsonl(tmp_path / "run2.jsonl")
    assert [(r["url"].removeprefix(server.base_url + "/"), r["revision"]) for r in records] == [
        (ARTICLE, 2)
    ]
    assert "Số liệu được cập nhật lúc 17 giờ." in records[0]["text"]
    assert summary["exported_changed"] == 1 and summary["exported_new"] == 0

    third, _ = crawl(server, tmp_path / "run3.jsonl", state)
    assert third.returncode == 0
    assert read_jsonl(tmp_path / "run3.jsonl") == []  # exported once, not again


def test_a_broken_layout_fails_the_monitor_naming_the_site_and_field(
    site: tuple[DemoServer, Path], tmp_path: Path
) -> None:
    server, root = site
    state = tmp_path / "state.sqlite"
    first, _ = crawl(server, tmp_path / "run1.jsonl", state)
    assert first.returncode == 0, first.stderr[-2000:]

    # a redesign draws the date with JavaScript: no date element, no date in JSON-LD or <meta>
    for page in root.rglob("*-[0-9][0-9][0-9][0-9].html"):
        html = page.read_text(encoding="utf-8")
        html = re.sub(r"<time[^>]*>.*?</time>", '<time class="js-time"></time>', html, flags=re.S)
        html = re.sub(r'(<div class="detail-time">).*?(</div>)', r"\1\2", html, flags=re.S)
        for key in ("datePublished", "dateModified", "published_time", "modified_time"):
            html = html.replace(key, key[:4] + "X")
        page.write_text(html, encoding="utf-8")
    second, summary = crawl(server, tmp_path / "run2.jsonl", tmp_path / "fresh-state.sqlite")
    assert second.returncode == 1
    assert "Monitor failed: demo (127.0.0.1): field 'published_at'" in second.stderr
    assert not summary["monitors"]["ok"]
    assert any("field 'published_at'" in f for f in summary["monitors"]["failures"])


def test_a_crawl_killed_and_resumed_exports_what_a_clean_run_does(
    site: tuple[DemoServer, Path], tmp_path: Path
) -> None:
    server, _ = site
    expected = clean_run_urls(server, tmp_path)
    out = tmp_path / "resumed.jsonl"
    args = slow_job(server, out, tmp_path)
    process = subprocess.Popen(
        args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if out.exists() and len(out.read_bytes().splitlines()) >= 3:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    partial = len(read_jsonl(out)) if out.read_bytes().endswith(b"\n") else None
    assert partial is None or 0 < partial < len(expected), "the kill came too late to test"

    resumed = run_scrapy(*args[3:])
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    urls = [r["url"] for r in read_jsonl(out)]
    assert len(urls) == len(set(urls)), "an article was exported twice"
    assert sorted(urls) == expected, "an article was lost"


def test_progress_lines_come_while_the_crawl_runs(
    site: tuple[DemoServer, Path], tmp_path: Path
) -> None:
    server, _ = site
    result, _ = crawl(
        server,
        tmp_path / "out.jsonl",
        tmp_path / "state.sqlite",
        "-s", "NEWS_PROGRESS_INTERVAL=0.3", "-s", "DOWNLOAD_DELAY=0.05",
        "-s", "CONCURRENT_REQUESTS=1",
    )  # fmt: skip
    assert result.returncode == 0
    lines = re.findall(
        r"Progress: (\d+) articles \((\d+)/min\), (\d+) pages, queue (\d+), errors (\d+)",
        result.stderr,
    )
    assert len(lines) >= 2
    assert int(lines[-1][0]) >= int(lines[0][0]) and int(lines[-1][2]) > int(lines[0][2])


def test_a_crawl_paused_with_ctrl_c_resumes_from_its_jobdir(
    site: tuple[DemoServer, Path], tmp_path: Path
) -> None:
    server, _ = site
    expected = clean_run_urls(server, tmp_path)
    out = tmp_path / "paused.jsonl"
    args = slow_job(server, out, tmp_path)
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and out.read_bytes().count(b"\n") >= 3):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)  # one Ctrl-C: Scrapy closes cleanly, keeping its queue
    _, stderr = process.communicate(timeout=60)
    assert b"shutdown" in stderr.lower()
    assert (tmp_path / "job" / "requests.queue").is_dir()
    first = len(read_jsonl(out))
    assert 0 < first < len(expected)

    resumed = run_scrapy(*args[3:])
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    urls = [r["url"] for r in read_jsonl(out)]
    assert sorted(urls) == expected and len(urls) == len(set(urls))
