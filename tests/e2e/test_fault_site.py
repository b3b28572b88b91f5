"""The fault suite (`pytest -k fault`): a crawl of a misbehaving site (tests/e2e/faultsite.py)
finishes, exports every article the site eventually served correctly exactly once, names each
fault in a log line and a stat, sends no request outside the allowed domains, and writes nothing
outside its output folder."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.schema import record_problems
from tests.e2e.conftest import ROOT
from tests.e2e.faultsite import BY_SLUG, FAULTS, FaultSite

RETRY = "retry/reason_count/"


@dataclass
class Crawl:
    site: FaultSite
    result: subprocess.CompletedProcess[str]
    log: str
    out: Path
    work: Path
    records: list[dict[str, object]]

    def stat(self, name: str) -> int:
        found = re.findall(rf"'{re.escape(name)}': (\d+)", self.log)
        return int(found[-1]) if found else 0


@pytest.fixture(scope="module", params=["0", "1"], ids=["in-process", "page-worker"])
def crawl(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Crawl]:
    """The crawl, once reading pages in the crawl process and once with a page worker (which
    then decodes the pages too: crawler/workers.py)."""
    root = tmp_path_factory.mktemp("fault")
    out, work = root / "out", root / "work"
    out.mkdir()
    work.mkdir()  # the crawl's working folder: it must stay empty
    log = out / "crawl.log"
    with FaultSite() as site:
        settings = {
            "DOWNLOAD_TIMEOUT": 2,
            "CONCURRENT_REQUESTS": 8,
            "LOG_FILE": log,
            "LOG_LEVEL": "INFO",
            "NEWS_EXPORT_DIR": out / "dataset",
            "NEWS_STATE_PATH": out / "state.sqlite",
            "NEWS_DUPLICATES_PATH": out / "duplicates.sqlite",
            "NEWS_MONITOR_MAX_ERROR_RATE": 1.0,  # the faults are the point here
            "NEWS_EXTRACT_WORKERS": request.param,
        }
        args = [arg for k, v in settings.items() for arg in ("-s", f"{k}={v}")]
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "demo_b", "-a", f"base_url={site.base_url}",
             "-O", str(out / "records.jsonl"), *args],
            cwd=work, capture_output=True, text=True, timeout=300, check=False,
            env={**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings",
                 "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        text = log.read_text(encoding="utf-8") if log.exists() else result.stderr
        lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
        yield Crawl(site, result, text, out, work, [json.loads(line) for line in lines if line])


def test_fault_crawl_finishes(crawl: Crawl) -> None:
    assert crawl.result.returncode == 0, crawl.log[-3000:]
    assert "Spider closed (finished)" in crawl.log


def test_fault_every_article_served_correctly_is_exported_once(crawl: Crawl) -> None:
    base = crawl.site.base_url
    urls = [str(r["url"]) for r in crawl.records]
    assert len(urls) == len(set(urls)), "an article was exported twice"
    assert sorted(urls) == sorted(base + f.path for f in FAULTS if f.served)
    for record in crawl.records:
        assert record_problems(json.dumps(record)) == []
        # decoded right (a pre-Unicode page has no toned capitals: compared in lower case)
        assert "hội nghị sơ kết" in str(record["title"]).casefold(), record["url"]
        assert "ủy ban nhân dân tỉnh" in str(record["text"]).casefold(), record["url"]


@pytest.mark.parametrize(
    ("slug", "stat", "line"),
    [
        ("loi-503-hai-lan", f"{RETRY}503 Service Unavailable", r"Retrying .*503"),
        ("loi-429-cho-mot-giay", "fault/retry_after", r"Retry-After"),
        ("treo-lau-mot-lan", f"{RETRY}scrapy.exceptions.DownloadTimeoutError", "Retrying .*long"),
        ("cat-cut-mot-lan", f"{RETRY}scrapy.exceptions.ResponseDataLossError", r"Retrying "),
        ("sai-bang-ma", "decoding/charset:utf-8", r"Decoded .* again"),
        ("thieu-bang-ma", "decoding/undeclared", r"No charset declared"),
        ("windows-1258", "decoding/charset:windows-1258", r"Decoded .* again"),
        ("phong-tcvn3", "decoding/font:tcvn3", r"Decoded .* again"),
        ("bom-gzip", "fault/too_large", "too_large"),
        ("trang-khong-lo", "fault/too_large", "too_large"),
        ("anh-duoi-html", "news/not_article", r"Not an article page"),
        ("soft-404", "news/not_article", r"Not an article page"),
        ("trang-rong", "news/not_article", r"Not an article page"),
        ("vong-chuyen-huong", "fault/redirect_loop", r"[Rr]edirect"),
        ("chuyen-sang-mien-khac", "offsite/blocked", r"Not following|outside the allowed"),
    ],
)  # fmt: skip
def test_fault_is_named_in_a_stat_and_a_log_line(
    crawl: Crawl, slug: str, stat: str, line: str | None
) -> None:
    assert crawl.stat(stat) >= 1, f"{slug}: no {stat}"
    if line:
        path = BY_SLUG[slug].path
        lines = [text for text in crawl.log.splitlines() if path in text]
        assert any(re.search(line, text) for text in lines), f"{slug}: no log line"


def test_fault_xml_bombs_and_broken_sitemaps_are_named_and_defused(crawl: Crawl) -> None:
    assert crawl.stat("news/sitemap_invalid") == 2  # the bomb, the external entity
    assert crawl.stat("news/sitemap_malformed") == 1  # the one cut short
    assert len(re.findall(r"Not a sitemap \(or one declaring entities\)", crawl.log)) == 2
    assert crawl.stat("news/feed_empty") == 1  # the feed bomb: refused, no item
    assert re.search(r"Feed without items .*tin-moi\.rss", crawl.log)
    assert "root:" not in json.dumps(crawl.records)  # /etc/passwd never came in
    assert crawl.stat("response_received_count") < 200


def test_fault_no_request_leaves_the_allowed_domains(crawl: Crawl) -> None:
    assert crawl.site.offsite_hits == {}


def test_fault_nothing_is_written_outside_the_output_folder(crawl: Crawl) -> None:
    assert list(crawl.work.iterdir()) == []
    for path in crawl.out.rglob("*"):
        assert path.resolve().is_relative_to(crawl.out.resolve())
    sites = {p.name for p in (crawl.out / "dataset" / "demo_b").iterdir()}
    assert sites == {"127.0.0.2", "unknown", "manifests"}  # ".." became "unknown"
