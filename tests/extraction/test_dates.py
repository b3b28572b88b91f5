"""Dates as Vietnamese pages display them, ISO values from structured data, and the output form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.extraction.dates import VIETNAM, iso, parse_display, parse_iso

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam


def vn(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VIETNAM)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Thứ năm, 23/10/2025, 14:57 (GMT+7)",
            vn(2025, 10, 23, 14, 57),
            id="weekday-date-time-gmt",
        ),
        pytest.param(
            "Thứ hai, 18/2/2019, 17:34 (GMT+7)",
            vn(2019, 2, 18, 17, 34),
            id="single-digit-month",
        ),
        pytest.param("07/03/2026 08:00", vn(2026, 3, 7, 8, 0), id="date-then-time"),
        pytest.param("15:18 19/07/2018", vn(2018, 7, 19, 15, 18), id="time-then-date"),
        pytest.param("07-03-2026 - 00:01 AM", vn(2026, 3, 7, 0, 1), id="dashes-and-am"),
        pytest.param("March 16, 2026 - 08:47", vn(2026, 3, 16, 8, 47), id="english-month-first"),
        pytest.param("16 March 2026", vn(2026, 3, 16), id="english-day-first"),
        pytest.param("Sept. 3, 2025, 10:05 PM", vn(2025, 9, 3, 22, 5), id="english-abbreviated"),
        pytest.param(
            "18-03-2026 - 14:25 PM", vn(2026, 3, 18, 14, 25), id="pm-on-an-hour-already-24h"
        ),
        pytest.param("12:05 AM 07/03/2026", vn(2026, 3, 7, 0, 5), id="twelve-am-is-midnight"),
        pytest.param("12:30 PM 07/03/2026", vn(2026, 3, 7, 12, 30), id="twelve-pm-is-noon"),
        pytest.param("03:10 CH 07/03/2026", vn(2026, 3, 7, 15, 10), id="chieu-abbreviation"),
        pytest.param("Thứ sáu, 2/5/2014 | 08:54 GMT+7", vn(2014, 5, 2, 8, 54), id="pipe-separator"),
        pytest.param("Cập nhật 10h30 ngày 5/9/2024", vn(2024, 9, 5, 10, 30), id="h-as-separator"),
        pytest.param("Chiều 25-6-2013", vn(2013, 6, 25, 0, 0), id="day-only-is-midnight"),
        pytest.param("25/12/2024 25:61", vn(2024, 12, 25, 0, 0), id="impossible-time-ignored"),
        pytest.param("2 giờ trước", vn(2026, 11, 26, 8, 0), id="hours-ago"),
        pytest.param("30 phút trước", vn(2026, 11, 26, 9, 30), id="minutes-ago"),
        pytest.param("3 ngày trước", vn(2026, 11, 23, 10, 0), id="days-ago"),
        pytest.param("hôm qua 14:00", vn(2026, 11, 25, 14, 0), id="yesterday-with-time"),
        pytest.param("Hôm qua", vn(2026, 11, 25, 0, 0), id="yesterday-without-time"),
        pytest.param(
            "2026-03-07T08:00:00+07:00", vn(2026, 3, 7, 8, 0), id="iso-text-falls-through"
        ),
    ],
)
def test_parse_display(text: str, expected: datetime) -> None:
    assert parse_display(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "now"),
    [
        pytest.param("31/02/2026", NOW, id="no-31st-of-february"),
        pytest.param("Thứ bảy, 29/02/2025 10:00", NOW, id="no-leap-day-in-2025"),
        pytest.param("2 giờ trước", None, id="relative-without-a-clock"),
        pytest.param("hôm qua 14:00", None, id="yesterday-without-a-clock"),
        pytest.param("Tin nóng trong ngày", NOW, id="no-date-at-all"),
        pytest.param("", NOW, id="empty"),
        pytest.param(None, NOW, id="missing"),
    ],
)
def test_parse_display_gives_none(text: str | None, now: datetime | None) -> None:
    assert parse_display(text, now) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(
            "2026-03-07T09:00:00+08:00", vn(2026, 3, 7, 8, 0), id="other-offset-converted"
        ),
        pytest.param("2026-03-07T08:00:00", vn(2026, 3, 7, 8, 0), id="naive-is-vietnam-time"),
        pytest.param("2026-03-07T01:00:00Z", vn(2026, 3, 7, 8, 0), id="zulu"),
        pytest.param("2015-04-14 09:12 +07:00", vn(2015, 4, 14, 9, 12), id="space-separated"),
        pytest.param(
            "2026-03-07T08:00:00.123+0700", vn(2026, 3, 7, 8, 0), id="fraction-and-colonless-offset"
        ),
        pytest.param("2026-03-07T08:00:00-05:00", vn(2026, 3, 7, 20, 0), id="negative-offset"),
        pytest.param("2026-03-07", vn(2026, 3, 7, 0, 0), id="date-only"),
    ],
)
def test_parse_iso(value: str, expected: datetime) -> None:
    parsed = parse_iso(value)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("2026-02-30T10:00:00", id="impossible-date"),
        pytest.param("không có ngày", id="no-date"),
        pytest.param("", id="empty"),
        pytest.param(None, id="missing"),
    ],
)
def test_parse_iso_gives_none(value: str | None) -> None:
    assert parse_iso(value) is None


@pytest.mark.parametrize(
    ("dt", "expected"),
    [
        pytest.param(vn(2026, 3, 7, 8, 0), "2026-03-07T08:00:00+07:00", id="vietnam-time"),
        pytest.param(
            datetime(2026, 3, 7, 1, 0, tzinfo=UTC), "2026-03-07T08:00:00+07:00", id="utc-converted"
        ),
        pytest.param(
            datetime(2026, 3, 7, 8, 0, 0, 500000),
            "2026-03-07T08:00:00+07:00",
            id="naive-with-microseconds",
        ),
        pytest.param(None, None, id="missing"),
    ],
)
def test_iso(dt: datetime | None, expected: str | None) -> None:
    assert iso(dt) == expected


@given(
    st.datetimes(
        min_value=datetime(1990, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from([UTC, VIETNAM, timezone(timedelta(hours=-5, minutes=-30))]),
    )
)
def test_iso_output_reads_back_as_the_same_instant(dt: datetime) -> None:
    assert parse_iso(iso(dt)) == dt.replace(microsecond=0)
