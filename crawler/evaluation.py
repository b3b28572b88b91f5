"""Scoring extracted records against gold records (../shared/corpus/ANNOTATION.md).

Every comparison folds Unicode form, tone-mark placement and case first, so that extractors are
compared on what they extract, not on how they normalise: "Hoà", "Hòa" and "HÒA" are one word.
Body scores are bag-of-words precision, recall and F1 over the folded words of the text.
"""

from __future__ import annotations

import json
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.text.steps import place_tones

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Gold:
    id: str
    url: str
    file: str
    title: str
    published: str | None  # "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM", local time
    authors: list[str]
    body: list[str]
    must_not_contain: list[str]
    summary: str | None = None


@dataclass(frozen=True)
class Prediction:
    title: str = ""
    text: str = ""
    published: str | None = None  # ISO 8601; only the calendar day is compared
    authors: list[str] = field(default_factory=list)
    error: str | None = None  # no record: the extractor found no article


@dataclass(frozen=True)
class PageScore:
    id: str
    precision: float
    recall: float
    f1: float
    leaks: tuple[str, ...]  # the must_not_contain snippets found in the text
    title: bool
    date: bool
    authors: bool
    ms: float
    error: str | None = None


def fold(text: str) -> str:
    """NFC, one tone-mark convention, case folded."""
    return place_tones(unicodedata.normalize("NFC", text), "old").casefold()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def body_scores(predicted: str, gold: Sequence[str]) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1 of the predicted text against the gold paragraphs."""
    got, want = Counter(words(predicted)), Counter(words("\n".join(gold)))
    overlap = sum((got & want).values())
    if not got or not want or not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def leaks(predicted: str, snippets: Sequence[str]) -> tuple[str, ...]:
    """The snippets whose words occur, in order and adjacent, in the predicted text."""
    text = " " + " ".join(words(predicted)) + " "
    return tuple(s for s in snippets if words(s) and f" {' '.join(words(s))} " in text)


def same_day(predicted: str | None, gold: str | None) -> bool:
    """Calendar day in local time: the first ten characters of both ISO dates, or both absent."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return predicted[:10] == gold[:10]


def same_authors(predicted: Sequence[str], gold: Sequence[str]) -> bool:
    """The same names in the same order, folded, spacing ignored."""
    return [" ".join(words(a)) for a in predicted] == [" ".join(words(a)) for a in gold]


def score_page(gold: Gold, prediction: Prediction, ms: float) -> PageScore:
    if prediction.error is not None:
        return PageScore(gold.id, 0.0, 0.0, 0.0, (), False, False, False, ms, prediction.error)
    precision, recall, f1 = body_scores(prediction.text, gold.body)
    return PageScore(
        gold.id,
        precision,
        recall,
        f1,
        leaks(prediction.text, gold.must_not_contain),
        " ".join(words(prediction.title)) == " ".join(words(gold.title)),
        same_day(prediction.published, gold.published),
        same_authors(prediction.authors, gold.authors),
        ms,
    )


@dataclass(frozen=True)
class Summary:
    system: str
    pages: int
    f1: float  # mean over pages
    f1_min: float
    precision: float
    recall: float
    leak_rate: float  # share of pages whose text holds a must_not_contain snippet
    title: float
    date: float
    authors: float
    ms_median: float
    ms_mean: float
    errors: int

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def summarise(system: str, scores: Sequence[PageScore]) -> Summary:
    n = len(scores)

    def share(values: Sequence[bool]) -> float:
        return sum(values) / n if n else 0.0

    ms = [s.ms for s in scores] or [0.0]
    return Summary(
        system=system,
        pages=n,
        f1=statistics.fmean(s.f1 for s in scores) if n else 0.0,
        f1_min=min((s.f1 for s in scores), default=0.0),
        precision=statistics.fmean(s.precision for s in scores) if n else 0.0,
        recall=statistics.fmean(s.recall for s in scores) if n else 0.0,
        leak_rate=share([bool(s.leaks) for s in scores]),
        title=share([s.title for s in scores]),
        date=share([s.date for s in scores]),
        authors=share([s.authors for s in scores]),
        ms_median=statistics.median(ms),
        ms_mean=statistics.fmean(ms),
        errors=sum(s.error is not None for s in scores),
    )


# -- the corpus folder ----------------------------------------------------------------------------


def read_gold(folder: Path) -> list[Gold]:
    """gold.jsonl of a corpus folder; the manifest's URL and file win where both exist."""
    manifest = {}
    manifest_path = folder / "manifest.jsonl"
    if manifest_path.exists():
        lines = manifest_path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                manifest[row["id"]] = row
            except (ValueError, KeyError) as exc:
                raise ValueError(f"{manifest_path}:{n}: not a manifest line: {exc}") from exc
    golds = []
    for n, line in enumerate((folder / "gold.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{folder / 'gold.jsonl'}:{n}: not JSON: {exc}") from exc
        try:
            where = manifest.get(row["id"], row)
            golds.append(
                Gold(
                    id=row["id"],
                    url=where["url"],
                    file=where["file"],
                    title=row["title"],
                    published=row.get("published"),
                    authors=list(row.get("authors") or []),
                    body=list(row["body"]),
                    must_not_contain=list(row.get("must_not_contain") or []),
                    summary=row.get("summary"),
                )
            )
        except KeyError as exc:
            raise ValueError(f"{folder / 'gold.jsonl'}:{n}: missing field {exc}") from exc
    return golds


# -- floors ---------------------------------------------------------------------------------------

# Metrics where more is better, and those where less is better (floors are ceilings there).
HIGHER_IS_BETTER = ("f1", "f1_min", "precision", "recall", "title", "date", "authors")
LOWER_IS_BETTER = ("leak_rate", "errors")


def below_floors(summary: Summary, floors: dict[str, float]) -> list[str]:
    """Human-readable failures of `summary` against `floors` ({"f1": 0.99, "leak_rate": 0.0})."""
    failures = []
    values = summary.as_dict()
    for metric, floor in floors.items():
        if metric not in values:
            failures.append(f"unknown metric {metric!r} in the floors")
        elif metric in LOWER_IS_BETTER and values[metric] > floor:
            failures.append(f"{metric} {values[metric]:.4f} is above its ceiling {floor}")
        elif metric in HIGHER_IS_BETTER and values[metric] < floor:
            failures.append(f"{metric} {values[metric]:.4f} is below its floor {floor}")
    return failures


# -- tables ---------------------------------------------------------------------------------------


def page_table(system: str, scores: Sequence[PageScore]) -> str:
    lines = [
        f"### {system}: per page",
        "",
        "| page | F1 | precision | recall | leaks | title | date | authors | ms |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in scores:
        leak = s.error or ("; ".join(s.leaks) if s.leaks else "0")
        lines.append(
            f"| {s.id} | {s.f1:.3f} | {s.precision:.3f} | {s.recall:.3f} | {leak} | "
            f"{_mark(s.title)} | {_mark(s.date)} | {_mark(s.authors)} | {s.ms:.1f} |"
        )
    return "\n".join(lines)


def summary_table(summaries: Sequence[Summary]) -> str:
    lines = [
        "| system | pages | F1 | min F1 | precision | recall | leak rate | title | date | "
        "authors | ms/page (median) | ms/page (mean) | no record |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in summaries:
        lines.append(
            f"| {s.system} | {s.pages} | {s.f1:.3f} | {s.f1_min:.3f} | {s.precision:.3f} | "
            f"{s.recall:.3f} | {s.leak_rate:.0%} | {s.title:.0%} | {s.date:.0%} | "
            f"{s.authors:.0%} | {s.ms_median:.1f} | {s.ms_mean:.1f} | {s.errors} |"
        )
    return "\n".join(lines)


def _mark(ok: bool) -> str:
    return "ok" if ok else "**wrong**"
