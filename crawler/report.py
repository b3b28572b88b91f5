"""A dataset at a glance: records -> figures -> one self-contained HTML page (inline SVG charts,
no script, no network). Pure functions; `scrapy report` reads the files and writes the page.

The figures are also embedded as JSON (`<script type="application/json" id="report-data">`), so
a reader, or a test, can check the page's numbers against the files.
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from crawler.extraction.dates import VIETNAM

COVERAGE_FIELDS = (
    "title",
    "summary",
    "text",
    "authors",
    "published_at",
    "section",
    "tags",
    "images",
    "source",
)
LENGTH_BUCKETS = (100, 200, 400, 800, 1600)  # words; the last bucket is "1600 and more"
TOP_SECTIONS = 15


def figures(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Every number the report shows, from the records alone (the reader of the files adds
    `bad_lines`, the lines that were no record)."""
    per_site_day: dict[str, Counter[str]] = defaultdict(Counter)
    sections: Counter[str] = Counter()
    present: dict[str, Counter[str]] = defaultdict(Counter)
    per_site: Counter[str] = Counter()
    lengths: Counter[str] = Counter()
    repairs_records: Counter[str] = Counter()
    repairs_units: Counter[str] = Counter()
    clusters: Counter[str] = Counter()
    duplicates = 0
    total = 0
    for record in records:
        total += 1
        site = str(record.get("site") or "?")
        per_site[site] += 1
        per_site_day[site][_day(record.get("published_at"))] += 1
        sections[str(record.get("section") or "(none)")] += 1
        for name in COVERAGE_FIELDS:
            if record.get(name):
                present[site][name] += 1
        lengths[_bucket(int(record.get("word_count") or 0))] += 1
        for repair in record.get("normalisation") or []:
            label, _, count = str(repair).partition(":")
            repairs_records[label] += 1
            repairs_units[label] += int(count) if count.isdigit() else 1
        if record.get("duplicate_of"):
            duplicates += 1
        if record.get("cluster_id"):
            clusters[str(record["cluster_id"])] += 1
    top = sections.most_common(TOP_SECTIONS)
    rest = sum(sections.values()) - sum(n for _, n in top)
    return {
        "records": total,
        "sites": dict(sorted(per_site.items())),
        "per_site_day": {s: dict(sorted(days.items())) for s, days in sorted(per_site_day.items())},
        "sections": dict(top + ([("(other)", rest)] if rest else [])),
        "coverage": {
            site: {name: present[site][name] / n for name in COVERAGE_FIELDS}
            for site, n in sorted(per_site.items())
        },
        "word_count": {b: lengths[b] for b in _bucket_names() if lengths[b]},
        "normalisation": {
            label: {"records": repairs_records[label], "units": repairs_units[label]}
            for label, _ in repairs_records.most_common()
        },
        "duplicates": _clusters(clusters, duplicates),
    }


def _clusters(sizes: Counter[str], marked: int) -> dict[str, Any]:
    """Near-duplicate clusters with two records or more in these files (a record's cluster
    may hold records of other files too: those are not counted)."""
    shared = [n for n in sizes.values() if n >= 2]
    return {
        "records": marked,  # records whose duplicate_of names an earlier one
        "clusters": len(shared),
        "in_clusters": sum(shared),
        "largest": max(shared, default=0),
        "sizes": {str(n): k for n, k in sorted(Counter(shared).items())},
    }


def _day(published: Any) -> str:
    if not published:
        return "undated"
    try:
        return datetime.fromisoformat(str(published)).astimezone(VIETNAM).date().isoformat()
    except ValueError:
        return "undated"


def _bucket_names() -> list[str]:
    names, low = [], 0
    for high in LENGTH_BUCKETS:
        names.append(f"{low}-{high - 1}")
        low = high
    return [*names, f"{low}+"]


def _bucket(words: int) -> str:
    low = 0
    for high in LENGTH_BUCKETS:
        if words < high:
            return f"{low}-{high - 1}"
        low = high
    return f"{low}+"


# -- HTML -------------------------------------------------------------------------------------

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2327;
padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}
.sub{color:#646970}.cards{display:flex;gap:1rem;flex-wrap:wrap}
.card{border:1px solid #dcdcde;border-radius:8px;padding:.7rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.5rem}table{border-collapse:collapse;font-size:13px}
td,th{border:1px solid #dcdcde;padding:.25rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}
svg text{font:12px system-ui,sans-serif;fill:#1d2327}.note{color:#646970;font-style:italic}
"""


def render(data: dict[str, Any], *, title: str = "Dataset report") -> str:
    """The report page for `figures(...)`: summary cards, then one section per figure."""
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p class='sub'>{data['records']} records from {len(data['sites'])} sites"
        + (f"; {data['bad_lines']} unreadable lines skipped" if data.get("bad_lines") else "")
        + "</p>",
        _cards(data),
        "<h2>Articles per site per day</h2>",
        _per_day(data["per_site_day"]),
        "<h2>Section mix</h2>",
        _bars(data["sections"]),
        "<h2>Field coverage per site</h2>",
        _coverage(data["coverage"]),
        "<h2>Text length (words)</h2>",
        _bars(data["word_count"]),
        "<h2>Duplicate clusters</h2>",
        _duplicates(data["duplicates"]),
        "<h2>Normalisation repairs</h2>",
        _bars({k: v["records"] for k, v in data["normalisation"].items()}, unit="records")
        if data["normalisation"]
        else "<p class='note'>No repairs were needed.</p>",
        "<script type='application/json' id='report-data'>",
        json.dumps(data, ensure_ascii=False).replace("</", "<\\/"),
        "</script></body></html>",
    ]
    return "\n".join(parts)


def _cards(data: dict[str, Any]) -> str:
    days = {d for per in data["per_site_day"].values() for d in per if d != "undated"}
    cards = [
        ("records", data["records"]),
        ("sites", len(data["sites"])),
        ("days", len(days)),
        ("duplicates", data["duplicates"]["records"]),
    ]
    return (
        "<div class='cards'>"
        + "".join(f"<div class='card'><b>{v}</b>{html.escape(k)}</div>" for k, v in cards)
        + "</div>"
    )


def _bars(values: dict[str, int], *, unit: str = "records") -> str:
    """Horizontal bars with their labels and counts."""
    if not values:
        return "<p class='note'>Nothing to show.</p>"
    top = max(values.values()) or 1
    row, label_w, bar_w = 22, 230, 560
    height = row * len(values) + 4
    out = [f"<svg width='{label_w + bar_w + 80}' height='{height}' role='img'>"]
    for i, (label, n) in enumerate(values.items()):
        y = i * row + 2
        width = max(1, round(bar_w * n / top)) if n else 0
        out.append(
            f"<text x='{label_w - 6}' y='{y + 15}' text-anchor='end'>{html.escape(label)}</text>"
            f"<rect x='{label_w}' y='{y + 3}' width='{width}' height='{row - 6}' fill='#2271b1'>"
            f"<title>{html.escape(label)}: {n} {unit}</title></rect>"
            f"<text x='{label_w + width + 6}' y='{y + 15}'>{n}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _per_day(per_site_day: dict[str, dict[str, int]]) -> str:
    """A heat map: one row per site, one column per day that has articles (Vietnam time), the
    darker the more; over 60 such days the columns are months."""
    days = sorted({d for per in per_site_day.values() for d in per if d != "undated"})
    if not days:
        return "<p class='note'>No record has a publication date.</p>"
    by_month = len(days) > 60
    if by_month:
        per_site_day = {
            site: _sum_by(per, lambda d: d[:7] if d != "undated" else d)
            for site, per in per_site_day.items()
        }
        days = sorted({d[:7] for d in days})
    top = max(n for per in per_site_day.values() for d, n in per.items() if d != "undated")
    label_w, cell, row = 200, max(8, min(22, 860 // len(days))), 20
    width = label_w + cell * len(days) + 50  # the last date label, slanted, reaches past it
    height = row * len(per_site_day) + 90
    out = [f"<svg width='{width}' height='{height}' role='img'>"]
    for i, (site, per) in enumerate(per_site_day.items()):
        y = i * row
        out.append(
            f"<text x='{label_w - 6}' y='{y + 14}' text-anchor='end'>{html.escape(site)}</text>"
        )
        for j, day in enumerate(days):
            n = per.get(day, 0)
            fill = _shade(n / top) if n else "#f6f7f7"
            out.append(
                f"<rect x='{label_w + j * cell}' y='{y + 1}' width='{cell - 1}' height='{row - 2}'"
                f" fill='{fill}'><title>{html.escape(site)} {day}: {n}</title></rect>"
            )
    axis_y = row * len(per_site_day) + 8
    step = max(1, len(days) // 12)
    for j in range(0, len(days), step):
        x = label_w + j * cell + cell / 2
        out.append(
            f"<text x='{x}' y='{axis_y}' transform='rotate(60 {x} {axis_y})'>{days[j]}</text>"
        )
    out.append("</svg>")
    unit = "months" if by_month else "days"
    note = f"<p class='note'>Columns are {unit} with articles; darkest = {top}.</p>"
    undated = sum(per.get("undated", 0) for per in per_site_day.values())
    if undated:
        note += f"<p class='note'>{undated} records without a publication date.</p>"
    return "".join(out) + note


def _sum_by(counts: dict[str, int], key: Any) -> dict[str, int]:
    summed: Counter[str] = Counter()
    for name, n in counts.items():
        summed[key(name)] += n
    return dict(summed)


def _coverage(coverage: dict[str, dict[str, float]]) -> str:
    if not coverage:
        return "<p class='note'>No records.</p>"
    head = "".join(f"<th>{html.escape(f)}</th>" for f in COVERAGE_FIELDS)
    rows = []
    for site, shares in coverage.items():
        cells = "".join(
            f"<td style='background:{_shade(share)};color:{'#fff' if share > 0.6 else '#1d2327'}'>"
            f"{share:.0%}</td>"
            for share in shares.values()
        )
        rows.append(f"<tr><td>{html.escape(site)}</td>{cells}</tr>")
    return f"<table><tr><th>site</th>{head}</tr>{''.join(rows)}</table>"


def _shade(share: float) -> str:
    # pale (0) to dark blue (1): where a field goes missing, or a day is busy, shows at a glance
    return f"rgb({round(235 - 201 * share)},{round(243 - 130 * share)},{round(255 - 78 * share)})"


def _duplicates(duplicates: dict[str, Any]) -> str:
    if not duplicates["clusters"]:
        return "<p class='note'>No two records in these files share a near-duplicate cluster.</p>"
    text = (
        f"<p>{duplicates['in_clusters']} records share {duplicates['clusters']} near-duplicate"
        f" clusters (syndicated copies of one story); {duplicates['records']} of them name an"
        f" earlier record in <code>duplicate_of</code>. The largest cluster holds"
        f" {duplicates['largest']} records.</p>"
    )
    sizes = {f"{n} records": k for n, k in duplicates["sizes"].items()}
    return text + _bars(sizes)
