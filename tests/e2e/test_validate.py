"""scrapy validate: our exports validate, and each bad line is named as file:line: reason."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from crawler.demo.server import DemoServer
from tests.e2e.conftest import read_jsonl, run_scrapy


def test_the_demo_crawls_export_validates(demo_site: DemoServer, tmp_path: Path) -> None:
    out = tmp_path / "demo.jsonl"
    crawl = run_scrapy("crawl", "demo", "-a", f"base_url={demo_site.base_url}", "-O", str(out))
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    records = read_jsonl(out)
    assert records
    result = run_scrapy("validate", str(tmp_path))
    assert result.returncode == 0, result.stdout
    assert f"1 files, {len(records)} records, 0 invalid" in result.stderr


def test_bad_lines_are_reported_by_file_and_line(demo_site: DemoServer, tmp_path: Path) -> None:
    out = tmp_path / "demo.jsonl"
    run_scrapy("crawl", "demo", "-a", f"base_url={demo_site.base_url}", "-O", str(out))
    good = read_jsonl(out)[0]
    broken_title = {**good, "title": ""}
    no_text = {k: v for k, v in good.items() if k != "text"}
    lines = [json.dumps(good), json.dumps(broken_title), "{cắt ngang", json.dumps(no_text)]
    bad = tmp_path / "bad" / "thang-11.jsonl.gz"
    bad.parent.mkdir()
    with gzip.open(bad, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    result = run_scrapy("validate", str(bad.parent))
    assert result.returncode == 1
    reported = result.stdout.splitlines()
    assert reported[0].startswith(f"{bad}:2: title: ")
    assert reported[1].startswith(f"{bad}:3: not JSON")
    assert reported[2] == f"{bad}:4: record: missing text"
    assert "1 files, 4 records, 3 invalid" in result.stderr


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run_scrapy("validate", str(tmp_path / "khong-co"))
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr
