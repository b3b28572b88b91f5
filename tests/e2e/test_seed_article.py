"""The article that started it all, through `scrapy demo`, the README's first command."""

from __future__ import annotations

import json
from typing import Any

import pytest

from crawler.text import normalize
from tests.e2e.conftest import ROOT, TRUTH, read_jsonl, run_scrapy

SEED = next(a for a in TRUTH["articles"] if a["id"] == 1001)
SEED_TEXT = ROOT.parent / "shared" / "seed" / "seed-article.txt"
BOILERPLATE = ("Phản hồi", "Các tin khác", "Mới nhất", "Xem nhiều nhất", "Gửi phản hồi")


@pytest.fixture(scope="module")
def seed_record(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("demo") / "demo.jsonl"
    result = run_scrapy("demo", "-o", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    assert str(out) in result.stdout, "the demo must say where the records went"
    records = read_jsonl(out)
    return next(r for r in records if r["url"].endswith(SEED["url_path"]))


def test_seed_title_is_the_headline(seed_record: dict[str, Any]) -> None:
    assert seed_record["title"] == SEED["title"]


def test_seed_text_is_its_seven_body_paragraphs(seed_record: dict[str, Any]) -> None:
    assert seed_record["text"].split("\n\n") == [normalize(p) for p in SEED["paragraphs_text"]]


@pytest.mark.parametrize("snippet", [*BOILERPLATE, "Tin Trần Thủy", "Dương Minh Đức báo cáo"])
def test_seed_text_has_no_caption_byline_or_boilerplate(
    seed_record: dict[str, Any], snippet: str
) -> None:
    assert snippet not in seed_record["text"]


def test_seed_byline_becomes_author_and_photo_credit(seed_record: dict[str, Any]) -> None:
    assert seed_record["authors"] == ["Trần Thủy"]
    assert [i["credit"] for i in seed_record["images"]] == ["Hồng Phúc"]


def test_seed_caption_is_attached_to_its_image(seed_record: dict[str, Any]) -> None:
    [image] = seed_record["images"]
    assert image["url"].endswith("/images/dang-uy-co-quan-ban-to-chuc.jpg")
    assert image["caption"] == "Đồng chí Dương Minh Đức báo cáo kết quả thực hiện Nghị quyết 01."


def test_seed_text_has_no_non_breaking_spaces(seed_record: dict[str, Any]) -> None:
    assert "\u00a0" not in json.dumps(seed_record, ensure_ascii=False)


def test_seed_tone_marks_come_out_in_the_old_style(seed_record: dict[str, Any]) -> None:
    """The page has "Đảng uỷ" 22 times and "Đảng ủy" twice: one spelling, counted as fixed."""
    text = seed_record["title"] + "\n" + seed_record["text"]
    raw = SEED["title"] + "\n" + "\n".join(SEED["paragraphs_text"])
    assert raw.count("Đảng uỷ") > 0
    assert "uỷ" not in text.lower()
    assert text.count("Đảng ủy") == raw.count("Đảng uỷ") + raw.count("Đảng ủy")
    assert any(r.startswith("tone_style:") for r in seed_record["normalisation"])


def test_seed_misplaced_tone_is_repaired(seed_record: dict[str, Any]) -> None:
    assert "chỉ đaọ" in " ".join(SEED["paragraphs_text"])
    assert "chỉ đạo" in seed_record["text"]
    assert "đaọ" not in seed_record["text"]
    assert any(r.startswith("tone_moved:") for r in seed_record["normalisation"])


def test_seed_content_is_never_rewritten(seed_record: dict[str, Any]) -> None:
    assert "nâng cao nâng cao" in seed_record["text"]


def test_seed_search_key_finds_every_spelling(seed_record: dict[str, Any]) -> None:
    assert "dang uy" in seed_record["search_key"]
    assert seed_record["search_key"] == seed_record["search_key"].lower()


@pytest.mark.skipif(not SEED_TEXT.exists(), reason="../shared/seed is not beside this checkout")
def test_demo_page_renders_the_seed_text_unchanged(seed_record: dict[str, Any]) -> None:
    lines = [line for line in SEED_TEXT.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines[0] == SEED["title"]
    for paragraph in SEED["paragraphs_text"]:
        assert paragraph in lines
