"""Every site module reads its fixture pages into the expected records, field by field.

Fixtures are pages we wrote in each site's markup (never copies of real pages):
tests/sites/fixtures/<site>/<case>/{page.html, expected.json}. The extraction runs the same code
as a crawl: the site's spider, then every item pipeline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings
from scrapy.spiderloader import get_spider_loader

from crawler.offline import OfflineExtractor
from crawler.spiders import NewsSpider

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p.parent for p in FIXTURES.glob("*/*/expected.json"))
NOT_SITES = {"generic", "demo", "demo_b"}  # the generic spider and the bundled demos: no real site


def _expected(case: Path) -> dict[str, Any]:
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))


def _params() -> list[Any]:
    params = []
    for case in CASES:
        for field in _expected(case):
            name = f"{case.parent.name}/{case.name}:{field}"
            params.append(pytest.param(case, field, id=name))
    return params


@pytest.fixture(scope="module")
def extractor(project_settings: Settings) -> OfflineExtractor:
    return OfflineExtractor(project_settings)


_records: dict[Path, dict[str, Any]] = {}


def _record(extractor: OfflineExtractor, case: Path) -> dict[str, Any]:
    if case not in _records:
        expected = _expected(case)
        outcome = extractor.extract(expected["url"], (case / "page.html").read_bytes())
        assert outcome.record is not None, f"{case}: {outcome.error}"
        _records[case] = outcome.record
    return _records[case]


@pytest.mark.parametrize(("case", "field"), _params())
def test_site_page_gives_expected_field(
    extractor: OfflineExtractor, case: Path, field: str, request: pytest.FixtureRequest
) -> None:
    record = _record(extractor, case)
    if request.config.getoption("--update-goldens"):
        expected = _expected(case)
        expected[field] = record[field]
        (case / "expected.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        return
    assert record[field] == _expected(case)[field]


def test_site_page_is_read_by_its_own_site_module(
    extractor: OfflineExtractor, project_settings: Settings
) -> None:
    for case in CASES:
        spider, _ = extractor.spider_for(_expected(case)["url"])
        assert spider.name == case.parent.name, case


def test_every_site_module_has_a_fixture(project_settings: Settings) -> None:
    loader = get_spider_loader(project_settings)
    sites = {
        name
        for name in loader.list()
        if issubclass(loader.load(name), NewsSpider) and name not in NOT_SITES
    }
    with_fixtures = {case.parent.name for case in CASES}
    assert sites, "no site modules found"
    assert sites - with_fixtures == set(), "site modules without a fixture folder"
    assert with_fixtures - sites == set(), "fixture folders without a site module"
