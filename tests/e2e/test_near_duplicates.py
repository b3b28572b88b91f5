"""Near-duplicates across two demo sites: the second paper's syndicated copies of the first's
stories are linked with `duplicate_of`; its own report of the same event is not."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.demo.server import SITE_B_DIR, SITE_B_HOST, DemoServer
from crawler.schema import record_problems
from tests.e2e.conftest import read_jsonl, run_scrapy
from tests.e2e.test_report import _embedded

TRUTH_B = json.loads((SITE_B_DIR / "ARTICLES.json").read_text(encoding="utf-8"))["articles"]


@pytest.fixture(scope="module")
def site_b() -> Iterator[DemoServer]:
    with DemoServer(SITE_B_DIR, host=SITE_B_HOST) as server:
        yield server


def crawl(
    spider: str, site: DemoServer, out: Path, index: Path, *extra: str
) -> list[dict[str, Any]]:
    result = run_scrapy(
        "crawl", spider, "-a", f"base_url={site.base_url}", "-O", str(out),
        "-s", f"NEWS_DUPLICATES_PATH={index}", *extra,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return read_jsonl(out)


def by_path(records: list[dict[str, Any]], base: str) -> dict[str, dict[str, Any]]:
    return {r["canonical_url"].removeprefix(base): r for r in records}


def test_syndicated_copies_across_two_demo_sites_are_linked(
    demo_site: DemoServer, site_b: DemoServer, tmp_path: Path
) -> None:
    index = tmp_path / "near-duplicates.sqlite"  # shared by both sites' crawls
    first = by_path(crawl("demo", demo_site, tmp_path / "a.jsonl", index), demo_site.base_url)
    second = by_path(crawl("demo_b", site_b, tmp_path / "b.jsonl", index), site_b.base_url)
    assert len(second) == len(TRUTH_B)

    for article in TRUTH_B:
        record = second[article["url_path"]]
        assert record_problems(json.dumps(record)) == []
        if article["copy_of"]:  # another source line, a reworded title, an extra paragraph
            original = first[article["copy_of"]]
            assert record["duplicate_of"] == original["canonical_url"], article["url_path"]
            assert record["cluster_id"] == original["cluster_id"]
        else:
            assert record["duplicate_of"] is None, article["url_path"]
            clusters_of_a = {r["cluster_id"] for r in first.values()}
            assert record["cluster_id"] not in clusters_of_a, article["url_path"]
    assert all(r["duplicate_of"] is None for r in first.values())
    # the other paper's own report of the same rain: same places and figures, not a copy
    same_event = second[
        "/thoi-su/nhieu-tinh-mien-trung-gap-rut-di-doi-dan-ha-muc-nuoc-ho-chua-50003.html"
    ]
    assert same_event["site"] == SITE_B_HOST and same_event["duplicate_of"] is None

    # the report counts the clusters the two files share
    report = tmp_path / "report.html"
    result = run_scrapy(
        "report", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"), "-o", str(report)
    )
    assert result.returncode == 0, result.stderr[-2000:]
    figures = _embedded(report.read_text(encoding="utf-8"))["duplicates"]
    sizes = Counter(r["cluster_id"] for r in [*first.values(), *second.values()])
    shared = [n for n in sizes.values() if n > 1]
    assert figures["clusters"] == len(shared) == 2
    assert figures["in_clusters"] == sum(shared) == 4
    assert figures["records"] == sum(1 for r in second.values() if r["duplicate_of"])


def test_drop_mode_exports_no_copy_and_does_not_fetch_it_again(
    demo_site: DemoServer, site_b: DemoServer, tmp_path: Path
) -> None:
    index, state = tmp_path / "near-duplicates.sqlite", tmp_path / "b-state.sqlite"
    crawl("demo", demo_site, tmp_path / "a.jsonl", index)
    drop = ("-s", "NEWS_DUPLICATES=drop", "-s", f"NEWS_STATE_PATH={state}")
    kept = crawl("demo_b", site_b, tmp_path / "b.jsonl", index, *drop)
    copies = {a["url_path"] for a in TRUTH_B if a["copy_of"]}
    assert {r["canonical_url"].removeprefix(site_b.base_url) for r in kept} == {
        a["url_path"] for a in TRUTH_B
    } - copies
    result = run_scrapy(
        "crawl", "demo_b", "-a", f"base_url={site_b.base_url}", "-O", str(tmp_path / "again.jsonl"),
        "-s", f"NEWS_DUPLICATES_PATH={index}", "-s", "LOG_LEVEL=DEBUG", *drop,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    fetched = re.findall(r"Crawled \(\d+\) <GET ([^>]+)>", result.stderr)
    assert fetched, "the crawl logged no fetch"
    assert not [url for url in fetched if url.removeprefix(site_b.base_url) in copies]
