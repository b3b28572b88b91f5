"""scrapy report: one self-contained HTML page whose numbers equal counts taken from the files
independently (here, by plain loops over the JSON Lines)."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.demo.server import DemoServer
from crawler.extraction.dates import VIETNAM
from tests.e2e.conftest import read_jsonl, run_scrapy


def _embedded(page: str) -> dict[str, Any]:
    found = re.search(
        r"<script type='application/json' id='report-data'>\s*(.*?)\s*</script>", page, re.S
    )
    assert found, "the report embeds its figures"
    return json.loads(found.group(1).replace("<\\/", "</"))


def test_the_reports_numbers_equal_counts_from_the_files(
    demo_site: DemoServer, tmp_path: Path
) -> None:
    export = tmp_path / "exports" / "demo.jsonl"
    crawl = run_scrapy("crawl", "demo", "-a", f"base_url={demo_site.base_url}", "-O", str(export))
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    records = read_jsonl(export)
    # a second, gzipped file from "another site", and one broken line
    other = [{**r, "site": "baomau.vn", "section": "Thể thao"} for r in records[:5]]
    with gzip.open(tmp_path / "exports" / "baomau.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(json.dumps(r, ensure_ascii=False) for r in other) + "\n{hỏng\n")
    records += other

    out = tmp_path / "report.html"
    result = run_scrapy("report", str(tmp_path / "exports"), "-o", str(out))
    assert result.returncode == 0, result.stderr[-2000:]
    page = out.read_text(encoding="utf-8")
    data = _embedded(page)

    assert data["records"] == len(records) and data["bad_lines"] == 1
    assert data["sites"] == dict(sorted(Counter(r["site"] for r in records).items()))
    per_day: dict[str, Counter[str]] = {}
    for r in records:
        day = datetime.fromisoformat(r["published_at"]).astimezone(VIETNAM).date().isoformat()
        per_day.setdefault(r["site"], Counter())[day] += 1
    assert data["per_site_day"] == {s: dict(sorted(c.items())) for s, c in sorted(per_day.items())}
    assert data["sections"] == dict(Counter(r["section"] for r in records).most_common())
    for site in data["sites"]:
        mine = [r for r in records if r["site"] == site]
        assert data["coverage"][site]["tags"] == sum(1 for r in mine if r["tags"]) / len(mine)
        assert data["coverage"][site]["text"] == 1.0
    assert sum(data["word_count"].values()) == len(records)
    repairs = Counter(n.split(":")[0] for r in records for n in r["normalisation"])
    assert {k: v["records"] for k, v in data["normalisation"].items()} == dict(repairs)

    # self-contained: charts inline, nothing fetched from anywhere
    assert page.count("<svg") >= 4
    assert not re.search(r"<(?:script|img|link)[^>]+(?:src|href)=", page)
    for section in ("Articles per site per day", "Section mix", "Field coverage per site"):
        assert section in page
