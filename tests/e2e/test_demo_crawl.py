"""Crawl the demo site end to end and check the exported JSON Lines."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from crawler.demo.server import DemoServer
from crawler.items import RECORD_FIELDS
from crawler.schema import load_schema
from crawler.text import normalize
from tests.e2e.conftest import TRUTH, read_jsonl, run_scrapy, truth_articles


def crawl(demo_site: DemoServer, out: Path, *args: str) -> list[dict[str, Any]]:
    result = run_scrapy(
        "crawl", "demo", "-a", f"base_url={demo_site.base_url}", *args, "-O", str(out)
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ERROR" not in result.stderr, result.stderr[-3000:]
    return read_jsonl(out)


@pytest.mark.parametrize("discovery", ["sitemap", "feeds", "sections"])
def test_each_discovery_finds_every_article_once(
    demo_site: DemoServer, tmp_path: Path, discovery: str
) -> None:
    records = crawl(demo_site, tmp_path / "out.jsonl", "-a", f"discovery={discovery}")
    truth = truth_articles(demo_site.base_url)
    urls = [r["canonical_url"] for r in records]
    assert len(urls) == len(set(urls)), "an article was exported twice"
    assert set(urls) == set(truth)


def test_the_info_page_matching_the_article_pattern_is_not_exported(
    demo_site: DemoServer, tmp_path: Path
) -> None:
    records = crawl(demo_site, tmp_path / "out.jsonl", "-a", "discovery=sitemap")
    info = TRUTH["not_articles"][0]["url_path"]
    assert not [r for r in records if r["url"].endswith(info)]


def test_every_record_validates_and_keeps_the_documented_key_order(
    demo_site: DemoServer, tmp_path: Path
) -> None:
    records = crawl(demo_site, tmp_path / "out.jsonl")
    validator = jsonschema.Draft202012Validator(load_schema())
    for record in records:
        assert list(record) == list(RECORD_FIELDS)
        assert not list(validator.iter_errors(record)), record["url"]


def test_records_match_the_demo_sites_ground_truth(demo_site: DemoServer, tmp_path: Path) -> None:
    records = {r["canonical_url"]: r for r in crawl(demo_site, tmp_path / "out.jsonl")}
    for url, truth in truth_articles(demo_site.base_url).items():
        record = records[url]
        paragraphs = record["text"].split("\n\n")
        expected_paragraphs = truth["paragraphs"] + truth["subheadings"] + truth["list_items"]
        assert (record["title"], record["summary"]) == (truth["title"], truth["summary"]), url
        assert record["published_at"] == truth["published_at"], url
        assert record["modified_at"] in (truth["modified_at"], None), url
        assert record["authors"] == truth["authors"], url
        assert record["source"] == truth["source"], url
        assert record["section"] == truth["section_name"], url
        assert record["tags"] == truth["tags"], url
        assert len(paragraphs) == expected_paragraphs, url
        assert [normalize(p) for p in truth["paragraphs_text"]] == [
            p for p in paragraphs if p in {normalize(t) for t in truth["paragraphs_text"]}
        ], url
        assert [i["credit"] for i in record["images"]] == [
            i["credit"] for i in truth["images_detail"]
        ], url


def test_publication_window_keeps_only_articles_inside_it(
    demo_site: DemoServer, tmp_path: Path
) -> None:
    records = crawl(
        demo_site, tmp_path / "out.jsonl", "-a", "since=2026-11-01", "-a", "until=2026-11-15"
    )
    expected = {
        url
        for url, a in truth_articles(demo_site.base_url).items()
        if "2026-11-01" <= a["published_at"][:10] <= "2026-11-15"
    }
    assert expected and {r["canonical_url"] for r in records} == expected


def test_max_articles_stops_the_crawl(demo_site: DemoServer, tmp_path: Path) -> None:
    records = crawl(demo_site, tmp_path / "out.jsonl", "-a", "max_articles=3")
    assert 1 <= len(records) <= 3


def test_sections_argument_keeps_one_section(demo_site: DemoServer, tmp_path: Path) -> None:
    records = crawl(demo_site, tmp_path / "out.jsonl", "-a", "sections=kinh-te")
    expected = {
        url for url, a in truth_articles(demo_site.base_url).items() if a["section"] == "kinh-te"
    }
    assert {r["canonical_url"] for r in records} == expected


def test_worker_processes_read_the_pages_as_the_crawl_process_does(
    demo_site: DemoServer, tmp_path: Path
) -> None:
    """NEWS_EXTRACT_WORKERS: the same records, and the per-page stats counted back in the crawl."""
    records, stats = {}, {}
    for workers in ("0", "2"):
        log = tmp_path / f"{workers}.log"
        found = crawl(
            demo_site, tmp_path / f"{workers}.jsonl",
            "-s", f"NEWS_EXTRACT_WORKERS={workers}", "-s", f"LOG_FILE={log}",
        )  # fmt: skip
        records[workers] = {
            r["url"]: {k: v for k, v in r.items() if k != "crawled_at"} for r in found
        }
        counted = re.findall(
            r"'((?:boilerplate|paragraphs|text|news|decoding)/[^']+)': (\d+)", log.read_text()
        )
        stats[workers] = dict(counted)
    assert records["2"] == records["0"]
    assert stats["2"] == stats["0"] and any(k.startswith("boilerplate/") for k in stats["0"])
