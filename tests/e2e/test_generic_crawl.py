"""The generic spider, with no site module, crawls the demo site from its domain alone."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from crawler.demo.server import DemoServer
from crawler.text import normalize
from tests.e2e.conftest import TRUTH, read_jsonl, run_scrapy

BOILERPLATE = (
    "Phản hồi",
    "Các tin khác",
    "Mới nhất",
    "Xem nhiều nhất",
    "Ý kiến bạn đọc",
    "Tin cùng chuyên mục",
    "Tin liên quan",
    "Chia sẻ",
)


def test_generic_spider_reads_every_demo_article_without_leaks(
    demo_site: DemoServer, tmp_path: Path
) -> None:
    out = tmp_path / "generic.jsonl"
    result = run_scrapy(
        "crawl",
        "generic",
        "-a",
        f"domain={demo_site.base_url}",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-O",
        str(out),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    records = {urlsplit(r["url"]).path: r for r in read_jsonl(out)}
    truth = {a["url_path"]: a for a in TRUTH["articles"]}
    assert set(records) == set(truth)
    for path, article in truth.items():
        record = records[path]
        paragraphs = record["text"].split("\n\n")
        assert record["title"] == article["title"], path
        assert record["authors"] == article["authors"], path
        assert record["published_at"] == article["published_at"], path
        for paragraph in article["paragraphs_text"]:
            assert normalize(paragraph) in paragraphs, path
        for snippet in BOILERPLATE:
            assert snippet not in record["text"], (path, snippet)
