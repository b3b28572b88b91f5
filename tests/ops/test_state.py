"""The crawl state: what is remembered between runs, and how a killed run is settled."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crawler.state import (
    EXPORTED,
    PENDING,
    Seen,
    SQLiteState,
    due_for_recheck,
    listed_later,
    reconcile,
)

NOW = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)
URL = "https://baomau.vn/thoi-su/mua-lu-mien-trung-1001.html"


def _seen(**changes: object) -> Seen:
    base = {
        "key": URL,
        "status": EXPORTED,
        "revision": 1,
        "content_hash": "sha1:" + "a" * 40,
        "published_at": "2026-11-20T08:00:00+07:00",
        "checked_at": "2026-11-25T00:00:00Z",
    }
    return Seen(**{**base, **changes})  # type: ignore[arg-type]


def test_a_row_survives_closing_and_reopening_the_file(tmp_path: Path) -> None:
    state = SQLiteState(tmp_path / "s.sqlite")
    state.begin(_seen(status=PENDING, etag='"x1"'))
    state.exported(URL)
    state.close()
    again = SQLiteState(tmp_path / "s.sqlite")
    assert again.get(URL) == _seen(etag='"x1"')
    assert again.get(URL + "?khac") is None


def test_checked_keeps_validators_it_is_not_given(tmp_path: Path) -> None:
    state = SQLiteState(tmp_path / "s.sqlite")
    state.begin(_seen(etag='"x1"', last_modified="Wed, 25 Nov 2026 01:00:00 GMT"))
    state.checked(URL, NOW, listed_at="2026-11-25T09:00:00+07:00")
    seen = state.get(URL)
    assert seen is not None
    assert (seen.etag, seen.listed_at, seen.checked_at) == (
        '"x1"',
        "2026-11-25T09:00:00+07:00",
        "2026-11-26T05:00:00.000Z",
    )


def test_reconcile_confirms_written_records_and_forgets_the_rest(tmp_path: Path) -> None:
    state = SQLiteState(tmp_path / "s.sqlite")
    state.begin(_seen(status=PENDING))
    other = URL.replace("1001", "1002")
    state.begin(_seen(key=other, status=PENDING, record_url=other + "?redirected"))
    lost = URL.replace("1001", "1003")
    state.begin(_seen(key=lost, status=PENDING))
    assert reconcile(state, {URL, other + "?redirected"}) == (2, 1)
    assert state.pending() == []
    assert state.get(lost) is None


def test_expire_forgets_only_exported_rows_last_checked_before_the_cutoff(tmp_path: Path) -> None:
    state = SQLiteState(tmp_path / "s.sqlite")
    state.begin(_seen(checked_at="2025-01-01T00:00:00Z"))
    state.begin(_seen(key=URL + "2", checked_at="2026-11-25T00:00:00Z"))
    assert state.expire(NOW - timedelta(days=90)) == 1
    assert len(state) == 1


def test_young_articles_are_rechecked_after_the_interval_old_ones_never() -> None:
    young = _seen(published_at="2026-11-25T20:00:00+07:00", checked_at="2026-11-25T20:00:00Z")
    assert due_for_recheck(young, NOW, recheck_days=2, recheck_every_hours=6)
    assert not due_for_recheck(young, NOW, recheck_days=2, recheck_every_hours=12)
    old = _seen(published_at="2026-10-01T08:00:00+07:00", checked_at="2026-10-01T02:00:00Z")
    assert not due_for_recheck(old, NOW, recheck_days=2, recheck_every_hours=6)
    assert not due_for_recheck(young, NOW, recheck_days=0, recheck_every_hours=6)


def test_a_later_listing_date_means_changed_an_equal_one_does_not() -> None:
    seen = _seen(listed_at="2026-11-20T08:00:00+07:00", checked_at="2026-11-20T02:00:00.000Z")
    assert listed_later(seen, "2026-11-21T08:00:00+07:00")
    assert not listed_later(seen, "2026-11-20T08:00:00+07:00")
    assert not listed_later(seen, None)
    # modified after the date we saw it listed with, but before we fetched it: nothing new
    assert not listed_later(seen, "2026-11-20T08:30:00+07:00")
    # listed without a date before: compared with the last fetch instead
    undated = _seen(listed_at=None, checked_at="2026-11-25T00:00:00Z")
    assert listed_later(undated, "2026-11-25T09:00:00+07:00")
    assert not listed_later(undated, "2026-11-24T09:00:00+07:00")


def test_offline_extraction_keeps_no_crawl_state() -> None:
    from scrapy.utils.project import get_project_settings

    from crawler.offline import OfflineExtractor

    extractor = OfflineExtractor(get_project_settings())
    assert extractor.settings.get("NEWS_STATE_PATH") == ""


def test_claim_decides_new_changed_unchanged_and_busy(tmp_path: Path) -> None:
    from crawler.state import BUSY, CHANGED, NEW, UNCHANGED

    state = SQLiteState(tmp_path / "s.sqlite")
    fetched = _seen(status=PENDING)
    assert state.claim(fetched) == (NEW, 1)
    assert state.claim(fetched) == (BUSY, 1)  # a second request of the run, still exporting
    state.exported(URL)
    assert state.claim(replace(fetched, etag='"x2"')) == (UNCHANGED, 1)
    assert state.get(URL).etag == '"x2"'  # type: ignore[union-attr]
    assert state.claim(replace(fetched, content_hash="sha1:" + "b" * 40)) == (CHANGED, 2)
    assert state.get(URL).status == PENDING  # type: ignore[union-attr]


def test_an_article_is_requested_once_per_run_unless_listed_later(tmp_path: Path) -> None:
    state = SQLiteState(tmp_path / "s.sqlite")
    # skipped as unchanged: a later listing date may still say it changed
    assert state.requested(URL, None, fetch=False)
    assert not state.requested(URL, None, fetch=False)
    assert state.requested(URL, "2026-11-20T08:00:00+07:00", fetch=False)  # dated after undated
    assert not state.requested(URL, "2026-11-19T08:00:00+07:00", fetch=False)
    assert state.requested(URL, "2026-11-21T08:00:00+07:00", fetch=True)
    # fetched: no other listing of this run fetches it again
    assert not state.requested(URL, "2026-11-25T08:00:00+07:00")
    assert SQLiteState(tmp_path / "s.sqlite").requested(URL, None)  # a new run: new requests
