"""Dates: ISO values from JSON-LD and <meta>, and the formats Vietnamese news pages display.

Every result is an aware datetime in Vietnam's time (UTC+7, no daylight saving). Relative dates
("2 giờ trước") are read against an injected clock, never the system's.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?"
)
_DMY = re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})(?!\d)")
_HM = re.compile(
    r"(?<![\d/])(?P<H>\d{1,2})\s*(?::|h|giờ)\s*(?P<M>\d{2})(?:\s*:\s*\d{2})?\s*(?P<ampm>AM|PM|SA|CH)?(?![\d/])",
    re.I,
)
# English-language pages of Vietnamese papers: "March 16, 2026", "16 March 2026", "Mar 16, 2026".
_MONTH_NAMES = (
    "january jan",
    "february feb",
    "march mar",
    "april apr",
    "may",
    "june jun",
    "july jul",
    "august aug",
    "september sep sept",
    "october oct",
    "november nov",
    "december dec",
)
_MONTHS = {name: n for n, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MDY = re.compile(
    rf"(?<![a-z])(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>\d{{4}}))(?!\d)",
    re.I,
)
_RELATIVE = re.compile(r"(?P<n>\d+)\s*(?P<unit>giây|phút|giờ|tiếng|ngày|tuần)\s*trước", re.I)
_UNITS = {"giây": 1, "phút": 60, "giờ": 3600, "tiếng": 3600, "ngày": 86400, "tuần": 604800}


def to_vietnam(dt: datetime) -> datetime:
    """Naive times are Vietnamese wall-clock times; aware ones are converted."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=VIETNAM)
    return dt.astimezone(VIETNAM)


def iso(dt: datetime | None) -> str | None:
    return to_vietnam(dt).isoformat(timespec="seconds") if dt else None


def parse_iso(value: str | None) -> datetime | None:
    """An ISO 8601 / W3C datetime, with or without time and offset: "2018-07-19 15:18"."""
    if not value:
        return None
    match = _ISO.search(value.strip())
    if not match:
        return None
    try:
        dt = datetime(
            int(match["y"]),
            int(match["m"]),
            int(match["d"]),
            int(match["H"] or 0),
            int(match["M"] or 0),
            int(match["S"] or 0),
        )
    except ValueError:
        return None
    tz = match["tz"]
    if tz == "Z":
        dt = dt.replace(tzinfo=UTC)
    elif tz:
        sign = 1 if tz[0] == "+" else -1
        digits = tz[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        dt = dt.replace(tzinfo=timezone(sign * offset))
    return to_vietnam(dt)


def parse_display(text: str | None, now: datetime | None = None) -> datetime | None:
    """A date as Vietnamese pages show it.

    "Thứ năm, 23/10/2025, 14:57 (GMT+7)", "07/03/2026 08:00", "15:18 19/07/2018",
    "07-03-2026 - 00:01 AM", "Chiều 25-6-2013" (day only: 00:00), "2 giờ trước" (needs `now`);
    on English-language pages, "March 16, 2026 - 08:47" and "16 March 2026".
    """
    if not text:
        return None
    text = " ".join(text.split())
    day = _DMY.search(text) or _MDY.search(text)
    if day:
        if day.re is _DMY:
            year, month, date = int(day["y"]), int(day["m"]), int(day["d"])
        else:
            month = _MONTHS[(day["m1"] or day["m2"]).lower()]
            year, date = int(day["y1"] or day["y2"]), int(day["d1"] or day["d2"])
        try:
            dt = datetime(year, month, date)
        except ValueError:
            return None
        rest = text[: day.start()] + " " + text[day.end() :]
        clock = _HM.search(rest)
        if clock:
            hour, minute = int(clock["H"]), int(clock["M"])
            ampm = (clock["ampm"] or "").upper()
            if ampm in ("PM", "CH") and hour < 12:
                hour += 12
            elif ampm in ("AM", "SA") and hour == 12:
                hour = 0
            if hour < 24 and minute < 60:
                dt = dt.replace(hour=hour, minute=minute)
        return dt.replace(tzinfo=VIETNAM)
    relative = _RELATIVE.search(text)
    if relative and now is not None:
        seconds = int(relative["n"]) * _UNITS[relative["unit"].lower()]
        return to_vietnam(now) - timedelta(seconds=seconds)
    if now is not None and re.search(r"\bhôm qua\b", text, re.I):
        clock = _HM.search(text)
        yesterday = to_vietnam(now) - timedelta(days=1)
        if clock:
            return yesterday.replace(hour=int(clock["H"]), minute=int(clock["M"]), second=0)
        return yesterday.replace(hour=0, minute=0, second=0, microsecond=0)
    return parse_iso(text)
