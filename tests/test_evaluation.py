"""Scoring against gold records: folds, bag-of-words F1, leaks, dates, authors, floors."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crawler.evaluation import (
    Gold,
    Prediction,
    below_floors,
    body_scores,
    fold,
    leaks,
    same_authors,
    same_day,
    score_page,
    summarise,
)

GOLD = Gold(
    id="p1",
    url="https://bao.example.vn/a-1.html",
    file="a.html",
    title="Hòa giải ở cơ sở",
    published="2026-03-07T08:47",
    authors=["Nguyên Minh"],
    body=["Tổ hòa giải ở khu phố 3 đã giúp hai gia đình.", "Họ bắt tay nhau sau buổi gặp."],
    must_not_contain=["Tin liên quan đến hòa giải cơ sở"],
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Hoà giải", "Hòa giải", id="tone-style-folded"),
        pytest.param("HÒA GIẢI", "hòa giải", id="case-folded"),
        pytest.param("Ho\u0300a gia\u0309i", "Hòa giải", id="unicode-form-folded"),
    ],
)
def test_fold_makes_spellings_equal(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_keeps_different_words_apart() -> None:
    assert fold("hòa") != fold("hoa")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("\n\n".join(GOLD.body), (1.0, 1.0, 1.0), id="exact"),
        pytest.param(
            "Tổ hoà giải ở khu phố 3 đã giúp hai gia đình.", (1.0, 12 / 19, 24 / 31), id="half"
        ),
        pytest.param("", (0.0, 0.0, 0.0), id="empty"),
    ],
)
def test_body_scores(text: str, expected: tuple[float, float, float]) -> None:
    assert body_scores(text, GOLD.body) == pytest.approx(expected)


def test_extra_words_lower_precision_only() -> None:
    precision, recall, _ = body_scores("\n".join(GOLD.body) + " Xem thêm tin khác", GOLD.body)
    assert recall == 1.0 and precision < 1.0


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param("Bài chính. TIN LIÊN QUAN ĐẾN HOÀ GIẢI CƠ SỞ", True, id="folded-match"),
        pytest.param("Tin liên quan, đến hòa giải cơ sở", True, id="punctuation-ignored"),
        pytest.param("Tin liên quan", False, id="part-of-a-snippet-is-no-leak"),
    ],
)
def test_leaks(text: str, found: bool) -> None:
    assert bool(leaks(text, GOLD.must_not_contain)) == found


@pytest.mark.parametrize(
    ("predicted", "gold", "ok"),
    [
        pytest.param("2026-03-07T08:47:00+07:00", "2026-03-07T08:47", True, id="same-day-and-time"),
        pytest.param("2026-03-07T23:00:00+07:00", "2026-03-07", True, id="calendar-day-only"),
        pytest.param("2026-03-06T08:47:00+07:00", "2026-03-07", False, id="other-day"),
        pytest.param(None, None, True, id="both-absent"),
        pytest.param("2026-03-07", None, False, id="invented-date"),
    ],
)
def test_same_day(predicted: str | None, gold: str | None, ok: bool) -> None:
    assert same_day(predicted, gold) == ok


def test_same_authors_folds_case_and_spacing_but_not_order() -> None:
    assert same_authors(["XUÂN  LONG"], ["Xuân Long"])
    assert not same_authors(["B", "A"], ["A", "B"])


def test_score_page_and_summary() -> None:
    good = score_page(
        GOLD,
        Prediction(
            "Hoà giải ở cơ sở", "\n\n".join(GOLD.body), "2026-03-07T08:47:00+07:00", ["Nguyên Minh"]
        ),
        4.0,
    )
    missing = score_page(GOLD, Prediction(error="not_article"), 2.0)
    summary = summarise("ours", [good, missing])
    assert (good.f1, good.title, good.date, good.authors) == (1.0, True, True, True)
    assert (summary.f1, summary.f1_min, summary.errors, summary.ms_median) == (0.5, 0.0, 1, 3.0)


def test_floors_report_each_shortfall() -> None:
    summary = summarise("ours", [score_page(GOLD, Prediction(error="x"), 1.0)])
    failures = below_floors(summary, {"f1": 0.99, "leak_rate": 0.0, "title": 0.0})
    assert len(failures) == 1 and failures[0].startswith("f1 ")
    assert below_floors(summary, {"nonsense": 1.0}) == ["unknown metric 'nonsense' in the floors"]


def test_systems_take_turns_pass_by_pass_in_a_rotating_order() -> None:
    # A machine that slows down for a while must slow every system alike: the systems' passes
    # alternate, and who goes first rotates; each timed pass follows an untimed one.
    from dataclasses import replace

    from crawler.commands.evaluate import _score

    calls: list[tuple[str, str]] = []

    def system(name: str) -> Callable[[], Callable[[str, bytes], Prediction]]:
        def make() -> Callable[[str, bytes], Prediction]:
            def run(url: str, body: bytes) -> Prediction:
                calls.append((name, url))
                return Prediction(GOLD.title, " ".join(GOLD.body), "2026-03-07", GOLD.authors)

            return run

        return make

    second = replace(GOLD, id="p2", url="https://bao.example.vn/a-2.html")
    pages: dict[str, bytes | None] = {"p1": b"<html></html>", "p2": b"<html></html>"}
    scores = _score({"a": system("a"), "b": system("b")}, [GOLD, second], pages, repeat=2)
    first, then = [GOLD.url, second.url], [GOLD.url, second.url] * 2  # a warm-up, then timed
    assert calls == [
        *[("a", url) for url in first], *[("b", url) for url in first],  # the scored passes
        *[("a", url) for url in then], *[("b", url) for url in then],  # round 1: a first
        *[("b", url) for url in then], *[("a", url) for url in then],  # round 2: b first
    ]  # fmt: skip
    assert [s.f1 for s in scores["a"]] == [1.0, 1.0] and [s.f1 for s in scores["b"]] == [1.0, 1.0]
