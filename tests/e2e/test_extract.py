"""`scrapy extract`: saved pages through the crawl's spiders and pipelines, offline."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from crawler.demo.server import SITE_DIR
from tests.e2e.conftest import ROOT, read_jsonl, run_scrapy

FIXTURES = ROOT / "tests" / "sites" / "fixtures"


def _url(case: Path) -> str:
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))["url"]


def test_manifest_gives_one_line_per_page_in_manifest_order(tmp_path: Path) -> None:
    cases = [FIXTURES / "vnexpress" / "2025-layout", FIXTURES / "nld" / "standard"]
    info_page = SITE_DIR / "thoi-su" / "lich-tiep-cong-dan-9001.html"
    rows = [
        {"id": "b-vnexpress", "url": _url(cases[0]), "file": str(cases[0] / "page.html")},
        {"id": "a-info", "url": "https://baomoi.example.vn/lich-9001.html", "file": str(info_page)},
        {"id": "c-nld", "url": _url(cases[1]), "file": str(cases[1] / "page.html")},
        {
            "id": "d-missing",
            "url": "https://nld.com.vn/x-196260307071308923.htm",
            "file": "no.html",
        },
    ]
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"

    result = run_scrapy("extract", "--manifest", str(manifest), "-o", str(out))

    assert result.returncode == 0, result.stderr[-2000:]
    lines = read_jsonl(out)
    assert [line["id"] for line in lines] == [r["id"] for r in rows]
    assert lines[0]["title"] and lines[2]["title"]
    assert set(lines[1]) == {"id", "error"} and lines[1]["error"].startswith("not_article")
    assert set(lines[3]) == {"id", "error"} and lines[3]["error"].startswith("unreadable")
    assert "4 pages, 2 records, 2 errors" in result.stderr


def test_url_and_file_print_one_record(tmp_path: Path) -> None:
    case = FIXTURES / "dantri" / "standard"
    result = run_scrapy("extract", "--url", _url(case), str(case / "page.html"))
    assert result.returncode == 0, result.stderr[-2000:]
    record = json.loads(result.stdout)
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert record["title"] == expected["title"]
    assert record["text"] == expected["text"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_demo_site_serves_alone_for_experiments() -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "crawler.demo", "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        body = b""
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2) as r:
                    body = r.read()
                break
            except OSError:
                time.sleep(0.1)
        assert f"Sitemap: http://127.0.0.1:{port}/sitemap.xml".encode() in body
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_worker_processes_give_what_one_process_gives(tmp_path: Path) -> None:
    """Per-page stages in two workers, deduplication and near-duplicates in one process in
    manifest order: the same lines as one process, a page listed twice dropped the same way."""
    cases = sorted(FIXTURES.glob("*/*/page.html"))
    rows = [{"id": f"p{i}", "url": _url(p.parent), "file": str(p)} for i, p in enumerate(cases)]
    rows.append({"id": "again", "url": rows[0]["url"], "file": rows[0]["file"]})
    rows.append({"id": "missing", "url": rows[1]["url"], "file": "no.html"})
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")

    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.jsonl"
        result = run_scrapy("extract", "--manifest", str(manifest), "--jobs", jobs, "-o", str(out))
        assert result.returncode == 0, result.stderr[-2000:]
        assert f", {jobs} process" in result.stderr
        outputs[jobs] = [
            {k: v for k, v in line.items() if k != "crawled_at"} for line in read_jsonl(out)
        ]
    assert outputs["2"] == outputs["1"]
    assert outputs["2"][-2]["error"].startswith("DuplicateUrl")
    assert outputs["2"][-1]["error"].startswith("unreadable")
    assert sum("title" in line for line in outputs["2"]) == len(cases)
