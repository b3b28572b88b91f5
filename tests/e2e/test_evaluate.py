"""`scrapy evaluate` on a corpus folder built from the demo site and its ground truth: the real
command, its per-page and overall tables, its JSON, and its floors. The demo site has no site
module, so this is the generic extractor's score, with and without --generic-only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crawler.demo.server import SITE_DIR
from tests.e2e.conftest import TRUTH, run_scrapy

BASE = "http://127.0.0.1:8765"
# Headings and labels of the demo pages' boilerplate: none may reach a record's text.
BOILERPLATE = [
    "Phản hồi",
    "Gửi phản hồi",
    "Các tin khác",
    "Mới nhất",
    "Xem nhiều nhất",
    "Ý kiến bạn đọc",
    "Tin cùng chuyên mục",
    "Tin liên quan",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    gold, manifest = [], []
    for article in TRUTH["articles"]:
        page = (SITE_DIR / article["url_path"].lstrip("/")).read_text(encoding="utf-8")
        name = f"pages/{article['id']}.html"
        (folder / "pages").mkdir(exist_ok=True)
        (folder / name).write_text(page.replace("{{BASE}}", BASE), encoding="utf-8")
        url = BASE + article["url_path"]
        manifest.append({"id": str(article["id"]), "url": url, "file": name})
        gold.append(
            {
                "id": str(article["id"]),
                "file": name,
                "url": url,
                "title": article["title"],
                "published": article["published_at"][:16],
                "authors": article["authors"],
                "body": article["paragraphs_text"]
                + article["subheadings_text"]
                + article["list_items_text"],
                "must_not_contain": BOILERPLATE,
            }
        )
    for name, rows in (("gold.jsonl", gold), ("manifest.jsonl", manifest)):
        (folder / name).write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
    return folder


def _evaluate(corpus: Path, tmp_path: Path, *extra: str) -> tuple[int, str, dict[str, Any]]:
    out = tmp_path / "scores.json"
    result = run_scrapy("evaluate", str(corpus), "--repeat", "1", "--json", str(out), *extra)
    return result.returncode, result.stdout + result.stderr, json.loads(out.read_text())


@pytest.mark.parametrize(
    "mode", [pytest.param((), id="default"), pytest.param(("--generic-only",), id="generic-only")]
)
def test_demo_site_scores_perfectly_and_leaks_nothing(
    corpus: Path, tmp_path: Path, mode: tuple[str, ...]
) -> None:
    code, output, scores = _evaluate(corpus, tmp_path, *mode)
    assert code == 0, output
    [summary] = scores["summaries"]
    assert summary["pages"] == len(TRUTH["articles"])
    assert summary["leak_rate"] == 0.0, output
    assert summary["f1_min"] >= 0.99, output
    assert (summary["title"], summary["date"], summary["authors"]) == (1.0, 1.0, 1.0), output
    assert "### overall" in output and "| 1001 |" in output


def test_seed_article_leaks_nothing(corpus: Path, tmp_path: Path) -> None:
    _, _, scores = _evaluate(corpus, tmp_path, "--generic-only")
    [seed] = [p for p in next(iter(scores["pages"].values())) if p["id"] == "1001"]
    assert seed["leaks"] == [] and seed["f1"] == 1.0


def test_floors_fail_the_command(corpus: Path, tmp_path: Path) -> None:
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"site_modules": {"f1": 1.01}}))
    code, output, _ = _evaluate(corpus, tmp_path, "--floors", str(floors))
    assert code == 1
    assert "f1 1.0000 is below its floor 1.01" in output


def test_floors_met(corpus: Path, tmp_path: Path) -> None:
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"generic_only": {"f1": 0.99, "leak_rate": 0.0}}))
    code, output, _ = _evaluate(corpus, tmp_path, "--generic-only", "--floors", str(floors))
    assert code == 0, output
    assert "every generic_only floor" in output


def test_broken_gold_line_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "gold.jsonl").write_text('{"id": "a"}\nnot json\n', encoding="utf-8")
    result = run_scrapy("evaluate", str(tmp_path))
    assert result.returncode != 0
    assert "gold.jsonl:1: missing field" in result.stderr + result.stdout


def test_missing_page_scores_as_no_record(corpus: Path, tmp_path: Path) -> None:
    broken = tmp_path / "corpus"
    broken.mkdir()
    lines = (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines()[:2]
    first = json.loads(lines[0])
    first["file"] = "pages/gone.html"
    (broken / "gold.jsonl").write_text(
        json.dumps(first, ensure_ascii=False) + "\n" + lines[1] + "\n", encoding="utf-8"
    )
    (broken / "pages").symlink_to(corpus / "pages")
    code, output, scores = _evaluate(broken, tmp_path)
    assert code == 0, output
    assert scores["summaries"][0]["errors"] == 1
    assert "unreadable page pages/gone.html" in output
