"""The generic extractor on sites we have no module for: does it generalise?

Each folder under generic_fixtures/ is one article page written in the markup of a real site
(its header, breadcrumb, author box, in-body related boxes, sidebars, comments and footer; the
text is our own) and expected.json, what a careful reader says the page holds (the fields of
../shared/corpus/ANNOTATION.md). The page goes through the generic spider and every item pipeline,
as `scrapy extract --generic-only` runs it, and is scored as `scrapy evaluate` scores the corpus.

expected.json is never edited to match the code. A check the generic way fails is a strict xfail
naming its cause, so that the test turns red the day the heuristics learn the case.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings

from crawler.evaluation import Gold, PageScore, Prediction, score_page
from crawler.offline import OfflineExtractor

FIXTURES = Path(__file__).parent / "generic_fixtures"
PAGES = sorted(p.parent.name for p in FIXTURES.glob("*/expected.json"))
FIELDS = {"url", "title", "summary", "published", "authors", "body", "captions", "must_not_contain"}
MIN_F1 = 0.95

CHECKS: dict[str, Callable[[PageScore], bool]] = {
    "record": lambda s: s.error is None,
    "no-leak": lambda s: not s.leaks,
    "body-f1": lambda s: s.f1 >= MIN_F1,
    "title": lambda s: s.title,
    "date": lambda s: s.date,
    "authors": lambda s: s.authors,
}

# (page, check) -> why the generic extractor gets it wrong.
# (page, check) -> why the generic extractor fails it today: strict xfails, so a fix shows.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}


def _expected(page: str) -> dict[str, Any]:
    return json.loads((FIXTURES / page / "expected.json").read_text(encoding="utf-8"))


def _gold(page: str) -> Gold:
    expected = _expected(page)
    return Gold(
        id=page,
        url=expected["url"],
        file=f"{page}/page.html",
        title=expected["title"],
        published=expected["published"],
        authors=expected["authors"],
        body=expected["body"],
        must_not_contain=expected["must_not_contain"],
        summary=expected["summary"],
    )


@pytest.fixture(scope="module")
def scores(project_settings: Settings) -> dict[str, PageScore]:
    """Every page extracted once, by the generic spider and the item pipelines, and scored."""
    extractor = OfflineExtractor(project_settings, generic_only=True)
    scored = {}
    for page in PAGES:
        gold = _gold(page)
        start = time.perf_counter()
        outcome = extractor.extract(gold.url, (FIXTURES / page / "page.html").read_bytes())
        ms = (time.perf_counter() - start) * 1000
        record = outcome.record
        prediction = (
            Prediction(record["title"], record["text"], record["published_at"], record["authors"])
            if record is not None
            else Prediction(error=outcome.error)
        )
        scored[page] = score_page(gold, prediction, ms)
    return scored


def _params() -> list[Any]:
    params = []
    for page in PAGES:
        for check in CHECKS:
            reason = KNOWN_FAILURES.get((page, check))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(page, check, marks=marks, id=f"{page}:{check}"))
    return params


@pytest.mark.parametrize(("page", "check"), _params())
def test_generic_extractor_reads_page(scores: dict[str, PageScore], page: str, check: str) -> None:
    score = scores[page]
    assert CHECKS[check](score), (
        f"{page}: {check} failed (F1 {score.f1:.3f}, precision {score.precision:.3f}, "
        f"recall {score.recall:.3f}, leaks {list(score.leaks)}, title {score.title}, "
        f"date {score.date}, authors {score.authors}, error {score.error})"
    )


@pytest.mark.parametrize("page", PAGES)
def test_fixture_is_annotated(page: str) -> None:
    expected = _expected(page)
    assert set(expected) == FIELDS
    assert expected["body"] and expected["title"]
    assert 4 <= len(expected["must_not_contain"]) <= 6
    html = (FIXTURES / page / "page.html").read_text(encoding="utf-8")
    for snippet in expected["must_not_contain"]:
        assert snippet in html, f"{page}: must_not_contain snippet not on the page: {snippet!r}"


def test_known_failures_name_real_cases() -> None:
    assert {page for page, _ in KNOWN_FAILURES} <= set(PAGES)
    assert {check for _, check in KNOWN_FAILURES} <= set(CHECKS)
