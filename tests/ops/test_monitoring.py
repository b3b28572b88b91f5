"""The end-of-crawl checks: each failure names the site and what broke."""

from __future__ import annotations

from scrapy.settings import Settings

from crawler import settings as project_settings
from crawler.items import Article
from crawler.monitoring import Coverage, check, failed_fetches, summary_line

SITE = "baomau (baomau.vn)"


def _settings(**overrides: object) -> Settings:
    settings = Settings()
    settings.setmodule(project_settings)
    settings.update(overrides)
    return settings


def _coverage(with_text: int, without_text: int) -> Coverage:
    coverage = Coverage()
    fields = ["published_at", "text", "title"]
    for _ in range(with_text):
        coverage.add(Article(title="Tin", text="Nội dung", published_at="2026-11-26"), fields)
    for _ in range(without_text):  # EmptyBody drops: the body selector finds nothing
        coverage.add(Article(title="Tin", text="", published_at="2026-11-26"), fields)
    return coverage


def test_a_healthy_crawl_passes_every_check() -> None:
    stats = {"item_scraped_count": 10, "downloader/request_count": 12}
    assert check(stats, _coverage(10, 0), _settings(), SITE) == []


def test_empty_bodies_fail_the_text_coverage_naming_site_and_field() -> None:
    stats = {"item_scraped_count": 2, "downloader/request_count": 12}
    failures = check(stats, _coverage(2, 8), _settings(), SITE)
    assert len(failures) == 1
    assert failures[0].startswith("baomau (baomau.vn): field 'text' present in 20% of 10")


def test_coverage_is_not_judged_on_too_few_articles() -> None:
    stats = {"item_scraped_count": 1, "downloader/request_count": 3}
    assert check(stats, _coverage(1, 2), _settings(), SITE) == []


def test_a_site_overrides_a_threshold() -> None:
    stats = {"item_scraped_count": 2, "downloader/request_count": 12}
    lenient = _settings(NEWS_MONITOR_COVERAGE={"text": 0.1})
    assert check(stats, _coverage(2, 8), lenient, SITE) == []


def test_nothing_seen_is_too_few_articles_but_all_unchanged_is_fine() -> None:
    failures = check({"downloader/request_count": 4}, Coverage(), _settings(), SITE)
    assert [f.split(":")[1].strip() for f in failures] == ["too few articles"]
    unchanged = {"downloader/request_count": 4, "incremental/skipped_unchanged": 30}
    assert check(unchanged, Coverage(), _settings(), SITE) == []


def test_server_errors_count_and_ignored_requests_do_not() -> None:
    stats = {
        "downloader/response_status_count/503": 4,
        "downloader/response_status_count/429": 1,
        "downloader/response_status_count/404": 3,
        "downloader/exception_count": 9,
        "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest": 5,
        # articles the crawl state chose not to fetch again
        "downloader/exception_type_count/crawler.incremental.NotFetched": 2,
    }
    assert failed_fetches(stats) == 7
    failing = {**stats, "item_scraped_count": 5, "downloader/request_count": 20}
    assert "error rate 35%" in check(failing, _coverage(5, 0), _settings(), SITE)[0]


def test_invalid_records_fail_the_schema_check() -> None:
    stats = {"item_scraped_count": 5, "monitor/schema_invalid": 1, "downloader/request_count": 6}
    failures = check(stats, _coverage(5, 0), _settings(), SITE)
    assert failures == [
        f"{SITE}: 1 exported records fail the JSON Schema (NEWS_MONITOR_MAX_INVALID)"
    ]


def test_the_summary_line_says_new_changed_unchanged_and_drops() -> None:
    line = summary_line(
        {
            "spider": "baomau",
            "exported": 3,
            "exported_new": 2,
            "exported_changed": 1,
            "skipped_unchanged": 40,
            "dropped": {"TooShort": 1},
            "errors": 0,
            "pages_fetched": 12,
            "duration_s": 4.2,
            "monitors": {"ok": True, "failures": []},
        }
    )
    assert line == (
        "Crawl summary baomau: 3 exported (2 new, 1 changed), 40 unchanged skipped, dropped:"
        " TooShort 1; 0 errors; 12 pages fetched in 4.2 s; monitors ok"
    )


def test_a_distributed_worker_leaves_the_article_count_to_the_run() -> None:
    idle_worker = {"downloader/request_count": 0}
    # others still working: not this worker's call
    assert check(idle_worker, Coverage(), _settings(), SITE, run_totals={}) == []
    # the last worker judges the run's totals
    assert check(idle_worker, Coverage(), _settings(), SITE, run_totals={"exported": 500}) == []
    failures = check(idle_worker, Coverage(), _settings(), SITE, run_totals={"exported": 0})
    assert "too few articles" in failures[0]
