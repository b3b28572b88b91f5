"""Vietnamese text normalisers side by side: throughput on article text and the shared vectors.

Contestants: ours (``crawler.text.normalize``), underthesea's ``text_normalize`` and ftfy's
``fix_text``. A peer that is not installed gets a "not installed" row, never a crash.

Run from the repository root in a virtualenv with the bench extra; it prints Markdown:

    python3 -m venv /tmp/benchvenv
    /tmp/benchvenv/bin/pip install -e ".[bench]"
    /tmp/benchvenv/bin/python benches/normalise.py [--repeat 5] [--corpus ../shared/corpus]

Throughput is MB/s (10^6 UTF-8 bytes of input per second) on one core: the process pins itself to
one CPU. After a warm-up pass, each sample runs the workload enough times to last --min-time
seconds; the best of --repeat samples counts. Four workloads:
  clean          the body paragraphs of the corpus gold records, one call per paragraph (how
                 titles, captions and other short fields are normalised);
  dirty          the same paragraphs damaged deterministically: old-style tone marks moved to the
                 new style (hòa -> hoà, thủy -> thuỷ), every 10th space a no-break space, every
                 other paragraph NFD;
  clean article  each record's paragraphs joined by a blank line, one call per body (how the
  dirty article  pipeline normalises a body), clean and damaged.

Vectors (normalisation/vectors.jsonl, SPEC.md §15): ours is scored under both conventions
(tone_style "old" against expected_old_style, "new" against expected_new_style) and is given the
note's ``hint=X``. The peers have neither option, so they are scored against expected_old_style
only (underthesea targets the old style).

Install size: underthesea 9.5.0 and ftfy 6.3.1 add about 75 MB (underthesea_core, huggingface-hub,
requests, ...) and no torch: torch comes only with underthesea's "deep" extra, so never install
``underthesea[deep]``. ``pip install --no-deps underthesea`` is no way to trim it: without joblib,
PyYAML and the rest, ``from underthesea import text_normalize`` fails.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"

Normaliser = Callable[[str], str]
Scorer = Callable[[str, str, str | None], str]  # (text, tone_style, hint) -> normalised text

STYLES = ("old", "new")
NBSP_EVERY = 10  # dirty workload: every 10th space of a paragraph becomes U+00A0


@dataclass(frozen=True)
class Contestant:
    name: str
    version: str  # or why there is nothing to run: "not installed", "import failed: ..."
    run: Normaliser | None = None  # what the throughput loop calls: the default settings
    score: Scorer | None = None
    styles: tuple[str, ...] = ("old",)  # conventions it is scored under
    note: str = ""


@dataclass(frozen=True)
class Workload:
    name: str
    paragraphs: tuple[str, ...]
    size: int  # UTF-8 bytes
    detail: str


@dataclass(frozen=True)
class Vector:
    id: str
    category: str
    input: str
    expected: dict[str, str]  # tone style -> expected output
    hint: str | None


# --- contestants -------------------------------------------------------------------------------


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "?"


def load_ours() -> Contestant:
    try:
        from crawler.text import normalize
    except ImportError as exc:
        return Contestant("ours", f"import failed: {exc}")
    version = f"vn-news-crawler {_version('vn-news-crawler')}"
    return Contestant(
        "ours",
        version,
        run=lambda text: normalize(text, tone_style="old", hint=None),
        score=lambda text, style, hint: normalize(text, tone_style=style, hint=hint),
        styles=STYLES,
    )


def load_underthesea() -> Contestant:
    name = "underthesea text_normalize"
    try:
        from underthesea import text_normalize
    except ImportError:
        return Contestant(name, "not installed")
    version = f"{_version('underthesea')} (core {_version('underthesea_core')})"
    run: Normaliser = text_normalize
    return Contestant(name, version, run=run, score=lambda text, _style, _hint: run(text))


def load_ftfy() -> Contestant:
    name = "ftfy fix_text"
    try:
        import ftfy
    except ImportError:
        return Contestant(name, "not installed")
    run: Normaliser = ftfy.fix_text
    return Contestant(name, _version("ftfy"), run=run, score=lambda text, _style, _hint: run(text))


# --- workloads ---------------------------------------------------------------------------------


def read_articles(gold: Path) -> list[list[str]]:
    """The body paragraphs of each gold record (ANNOTATION.md: ``body``)."""
    articles: list[list[str]] = []
    with gold.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            paragraphs: list[str] = []
            for block in json.loads(line)["body"]:
                paragraphs.extend(p.strip() for p in block.split("\n") if p.strip())
            articles.append(paragraphs)
    return articles


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Old style puts the tone of an open "oa", "oe", "uy" on the first vowel (hòa, khỏe, thủy); new
# style on the second (hoà, khoẻ, thuỷ). After "q" the "u" is part of the onset: left alone.
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook above, tilde, dot below
_TO_NEW_STYLE = {
    _nfc(first + tone) + second: first + _nfc(second + tone)
    for first, second in (("o", "a"), ("o", "e"), ("u", "y"))
    for tone in _TONES
}
_TO_NEW_STYLE |= {old.upper(): new.upper() for old, new in _TO_NEW_STYLE.items()}
_OLD_STYLE_OPEN = re.compile(r"(?<![qQ])(" + "|".join(_TO_NEW_STYLE) + r")(?!\w)")


def _nbsp_every(text: str, n: int) -> tuple[str, int]:
    """Make every n-th space of ``text`` a no-break space; return the text and how many."""
    words = text.split(" ")
    gaps = ["\u00a0" if i % n == n - 1 else " " for i in range(len(words) - 1)]
    return "".join(w + g for w, g in zip(words, [*gaps, ""], strict=True)), gaps.count("\u00a0")


def damage(paragraphs: Sequence[str]) -> tuple[list[str], Counter[str]]:
    """The dirty workload: same text, deterministically damaged the ways real pages are."""
    damaged: list[str] = []
    counts: Counter[str] = Counter()
    for i, paragraph in enumerate(paragraphs):
        text, moved = _OLD_STYLE_OPEN.subn(lambda m: _TO_NEW_STYLE[m.group(1)], paragraph)
        text, nbsp = _nbsp_every(text, NBSP_EVERY)
        if i % 2:
            text = unicodedata.normalize("NFD", text)
            counts["paragraphs NFD"] += 1
        counts["tone marks moved to the new style"] += moved
        counts["no-break spaces"] += nbsp
        damaged.append(text)
    return damaged, counts


def workloads(gold: Path) -> list[Workload]:
    """Per paragraph (titles, captions and short fields are called like this) and per article
    (the pipeline normalises a body in one call), each clean and dirty."""
    articles = read_articles(gold)
    paragraphs = [p for article in articles for p in article]
    dirty, counts = damage(paragraphs)
    dirty_articles: list[str] = []
    start = 0
    for article in articles:
        dirty_articles.append("\n\n".join(dirty[start : start + len(article)]))
        start += len(article)
    clean_articles = ["\n\n".join(article) for article in articles]

    def size(texts: Sequence[str]) -> int:
        return sum(len(t.encode("utf-8")) for t in texts)

    source = f"{len(paragraphs)} body paragraphs of {len(articles)} gold records ({gold})"
    damaged = "the same with " + ", ".join(f"{n:,} {what}" for what, n in counts.items())
    return [
        Workload("clean", tuple(paragraphs), size(paragraphs), f"{source}, one call each"),
        Workload("dirty", tuple(dirty), size(dirty), f"{damaged}, one call per paragraph"),
        Workload("clean article", tuple(clean_articles), size(clean_articles), "one call per body"),
        Workload("dirty article", tuple(dirty_articles), size(dirty_articles), "one call per body"),
    ]


# --- measurements ------------------------------------------------------------------------------


def pin_to_one_core() -> str:
    # Thread pools a peer may start (OpenMP, Rayon) would only contend for the one core.
    for variable in ("OMP_NUM_THREADS", "RAYON_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    if not hasattr(os, "sched_setaffinity"):
        return "one thread (this OS cannot pin a process to a CPU)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"one core (pinned to CPU {cpu})"


def _timed(one_pass: Callable[[], None], loops: int) -> float:
    gc_was_enabled = gc.isenabled()
    gc.disable()  # as timeit does: a collection would land on whichever contestant is running
    try:
        start = time.perf_counter()
        for _ in range(loops):
            one_pass()
        return time.perf_counter() - start
    finally:
        if gc_was_enabled:
            gc.enable()


def throughput(run: Normaliser, workload: Workload, repeat: int, min_time: float) -> float:
    """MB/s: best of ``repeat`` samples, each at least ``min_time`` seconds, after a warm-up."""
    paragraphs = workload.paragraphs

    def one_pass() -> None:
        for paragraph in paragraphs:
            run(paragraph)

    one_pass()  # warm-up: lazy tables, regex caches
    loops = 1
    while (elapsed := _timed(one_pass, loops)) < min_time:
        loops = max(2 * loops, int(loops * min_time / max(elapsed, 1e-9) * 1.2))
    best = min(_timed(one_pass, loops) for _ in range(repeat))
    return workload.size * loops / best / 1e6


def read_vectors(path: Path) -> list[Vector]:
    vectors = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            hint = re.search(r"\bhint=([\w-]+)", record.get("note") or "")
            vectors.append(
                Vector(
                    record["id"],
                    record["category"],
                    record["input"],
                    {style: record[f"expected_{style}_style"] for style in STYLES},
                    hint.group(1) if hint else None,
                )
            )
    return vectors


def passes(
    contestant: Contestant, vectors: Sequence[Vector]
) -> tuple[dict[str, Counter[str]], int]:
    """Vectors passed per style and category, and how many calls raised (each counts as a fail)."""
    assert contestant.score is not None
    passed: dict[str, Counter[str]] = {style: Counter() for style in contestant.styles}
    errors = 0
    for vector in vectors:
        for style in contestant.styles:
            try:
                output = contestant.score(vector.input, style, vector.hint)
            except Exception:  # one vector that makes a contestant raise must not end the run
                errors += 1
                continue
            passed[style][vector.category] += output == vector.expected[style]
    return passed, errors


# --- report ------------------------------------------------------------------------------------


def _num(x: float) -> str:
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def report(
    contestants: Sequence[Contestant],
    loads: Sequence[Workload],
    vectors: Sequence[Vector],
    speeds: dict[tuple[str, str], float],
    scores: dict[str, dict[str, Counter[str]]],
    notes: Sequence[str],
    setting: str,
    vectors_path: Path,
) -> str:
    ran = [c for c in contestants if c.name in scores]
    ours = "ours"
    total = len(vectors)
    lines = [
        "## Vietnamese normalisers side by side",
        "",
        f"- Python {platform.python_version()} ({platform.python_implementation()}, "
        f"{platform.system()} {platform.machine()}); {setting}",
        "- versions: " + ", ".join(f"{c.name} {c.version}" for c in contestants),
        *(f"- {w.name}: {w.size:,} UTF-8 bytes, {w.detail}" for w in loads),
        "- MB/s = 10^6 UTF-8 bytes of input per second; ours/peer > 1 means ours is faster",
        f"- vectors: {total} from {vectors_path}; ours is given tone_style and the note's hint=X; "
        "the peers have no style or hint option and are scored against expected_old_style "
        "(underthesea targets the old style)",
        *(f"- {note}" for note in notes),
        "",
    ]
    header = ["contestant", "version"]
    for w in loads:
        header += [f"{w.name} MB/s", "ours/peer"]
    header += [f"vectors, {style} style" for style in STYLES]
    lines += [_row(header), _row(["---"] * len(header))]
    for c in contestants:
        cells = [c.name, c.version]
        for w in loads:
            speed = speeds.get((c.name, w.name))
            base = speeds.get((ours, w.name))
            cells.append(_num(speed) if speed else "—")
            cells.append(f"{_num(base / speed)}×" if speed and base else "—")
        for style in STYLES:
            by_category = scores.get(c.name, {}).get(style)
            cells.append(f"{by_category.total()}/{total}" if by_category is not None else "—")
        lines.append(_row(cells))

    columns = [(c.name, style) for c in ran for style in c.styles]
    categories = Counter(v.category for v in vectors)
    lines += [
        "",
        "Vectors passed per category:",
        "",
        _row(["category", "n", *(f"{name} ({style})" for name, style in columns)]),
        _row(["---"] * (2 + len(columns))),
    ]
    for category, n in sorted(categories.items()):
        cells = [str(scores[name][style][category]) for name, style in columns]
        lines.append(_row([category, str(n), *cells]))
    cells = [f"**{scores[name][style].total()}**" for name, style in columns]
    lines.append(_row(["**total**", f"**{total}**", *cells]))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus", help="holds gold.jsonl")
    parser.add_argument("--vectors", type=Path, default=SHARED / "normalisation" / "vectors.jsonl")
    parser.add_argument("--repeat", type=int, default=5, help="samples; the best counts")
    parser.add_argument("--min-time", type=float, default=0.2, help="seconds per sample, at least")
    args = parser.parse_args(argv)
    gold = args.corpus / "gold.jsonl"
    for path in (gold, args.vectors):
        if not path.is_file():
            parser.error(f"{path} not found")
    if args.repeat < 1 or args.min_time <= 0:
        parser.error("--repeat must be at least 1 and --min-time above 0")

    setting = pin_to_one_core()  # before the peers load, so their thread pools see it
    setting += f"; best of {args.repeat} samples of ≥ {args.min_time} s after a warm-up pass"
    contestants = [load_ours(), load_underthesea(), load_ftfy()]
    loads = workloads(gold)
    vectors = read_vectors(args.vectors)

    speeds: dict[tuple[str, str], float] = {}
    scores: dict[str, dict[str, Counter[str]]] = {}
    notes = [c.note for c in contestants if c.note]
    for c in contestants:
        if c.run is None:
            continue
        print(f"measuring {c.name} ...", file=sys.stderr)
        for w in loads:
            try:
                speeds[c.name, w.name] = throughput(c.run, w, args.repeat, args.min_time)
            except Exception as exc:  # a normaliser mid-rewrite may raise: report it, go on
                notes.append(f"{c.name} raised on the {w.name} workload: {exc!r}")
        scores[c.name], errors = passes(c, vectors)
        if errors:
            notes.append(f"{c.name}: {errors} vector calls raised an exception (counted as fails)")

    print(report(contestants, loads, vectors, speeds, scores, notes, setting, args.vectors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
