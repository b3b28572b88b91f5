"""scrapy evaluate: score the extraction against a corpus folder's gold records.

scrapy evaluate ../shared/corpus                      our pipeline, per page and overall
scrapy evaluate ../shared/corpus --peers              ... beside trafilatura and newspaper4k
scrapy evaluate ../shared/corpus --generic-only       without the site modules
scrapy evaluate ../shared/corpus --floors .ci/quality-floors.json    exit 1 below a floor

The folder holds gold.jsonl and manifest.jsonl laid out like ../shared/corpus (ANNOTATION.md).
Our figures come from the same code as a crawl: page decoding, the site's spider (or the generic
one), every item pipeline. Timing is per page, from the bytes to the final record.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler import peers
from crawler.evaluation import (
    Gold,
    PageScore,
    Prediction,
    Summary,
    below_floors,
    page_table,
    read_gold,
    score_page,
    summarise,
    summary_table,
)
from crawler.offline import OfflineExtractor

Extract = Callable[[str, bytes], Prediction]


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "CORPUS_DIR [--peers] [--generic-only] [--floors FILE] [--repeat N] [--json OUT]"

    def short_desc(self) -> str:
        return "Score extraction against a corpus folder's gold records (F1, leaks, fields, ms)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--peers", action="store_true", help="run trafilatura, newspaper4k too")
        parser.add_argument("--generic-only", action="store_true", help="ignore the site modules")
        parser.add_argument(
            "--floors",
            type=Path,
            help="exit 1 below a floor of this file (see .ci/quality-floors.json)",
        )
        parser.add_argument(
            "--repeat", type=int, default=3, help="timed passes; each page's fastest counts"
        )
        parser.add_argument("--json", type=Path, help="also write the scores here as JSON")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if len(args) != 1:
            raise UsageError("give one corpus folder (holding gold.jsonl and manifest.jsonl)")
        folder = Path(args[0])
        if not (folder / "gold.jsonl").is_file():
            raise UsageError(f"{folder}/gold.jsonl not found", print_help=False)
        if opts.repeat < 1:
            raise UsageError("--repeat must be at least 1", print_help=False)
        try:
            golds = read_gold(folder)
        except ValueError as exc:  # a broken line: say where, not a traceback
            raise UsageError(str(exc), print_help=False) from exc
        pages: dict[str, bytes | None] = {}
        for gold in golds:
            try:
                pages[gold.id] = (folder / gold.file).read_bytes()
            except OSError as exc:
                print(f"evaluate: {gold.id}: unreadable page {gold.file}: {exc}", file=sys.stderr)
                pages[gold.id] = None  # scored as a page without a record, for every system

        ours = "vn-news-crawler" + (" --generic-only" if opts.generic_only else "")
        urls = [gold.url for gold in golds]
        systems: dict[str, Callable[[], Extract]] = {ours: self._ours(opts.generic_only, urls)}
        notes = []
        if opts.peers:
            for name, version in peers.versions().items():
                make = peers.PEERS[name]
                if make() is None:
                    notes.append(f"{name}: not installed (pip install -e '.[bench]')")
                    continue
                systems[f"{name} {version}"] = make  # type: ignore[assignment]

        results = _score(systems, golds, pages, opts.repeat)
        summaries = [summarise(system, scores) for system, scores in results.items()]

        print(f"# Extraction on {folder} ({len(golds)} pages)\n")
        for note in notes:
            print(f"- {note}")
        for system, scores in results.items():
            print(page_table(system, scores) + "\n")
        print("### overall\n")
        print(summary_table(summaries))
        if opts.json:
            opts.json.write_text(
                json.dumps(
                    {
                        "summaries": [s.as_dict() for s in summaries],
                        "pages": {k: [p.__dict__ for p in v] for k, v in results.items()},
                    },
                    ensure_ascii=False,
                    indent=2,
                ),
                encoding="utf-8",
            )
        self.exitcode = self._check_floors(opts, summaries[0])

    def _ours(self, generic_only: bool, urls: list[str]) -> Callable[[], Extract]:
        settings = self.settings
        assert settings is not None

        def make() -> Extract:
            # A fresh extractor per pass: the deduplication pipeline keeps state within a run.
            extractor = OfflineExtractor(settings, generic_only=generic_only)
            # Spiders and pipelines are built once when a crawl starts, not per page: build them
            # here, outside the timed calls, as the peers' set-up is outside theirs.
            for url in urls:
                extractor.spider_for(url)

            def run(url: str, body: bytes) -> Prediction:
                outcome = extractor.extract(url, body)
                record = outcome.record
                if record is None:
                    return Prediction(error=outcome.error or "no record")
                return Prediction(
                    record["title"], record["text"], record["published_at"], record["authors"]
                )

            return run

        return make

    def _check_floors(self, opts: argparse.Namespace, summary: Summary) -> int:
        if not opts.floors:
            return 0
        section = "generic_only" if opts.generic_only else "site_modules"
        floors = json.loads(opts.floors.read_text(encoding="utf-8")).get(section, {})
        failures = below_floors(summary, floors)
        for failure in failures:
            print(f"evaluate: {summary.system}: {failure}", file=sys.stderr)
        if not failures:
            print(f"evaluate: {summary.system}: every {section} floor in {opts.floors} met")
        return 1 if failures else 0


def _score(
    systems: Mapping[str, Callable[[], Extract | None]],
    golds: list[Gold],
    pages: dict[str, bytes | None],
    repeat: int,
) -> dict[str, list[PageScore]]:
    """Score each system's first pass; then time `repeat` passes per system and keep each
    page's best time.

    Passes take turns between systems, in an order that rotates, rather than all of one
    system's passes first: a machine that slows down for a while (a shared host) then slows
    every system alike. Each timed pass follows an untimed one of the same system, from a
    collected heap: it runs warm, as a crawl does, not on caches and garbage the system before
    it left."""
    names = list(systems)
    best: dict[str, dict[str, float]] = {name: {} for name in names}
    predictions: dict[str, dict[str, Prediction]] = {}
    for name in names:
        predictions[name] = {g.id: p for g, p, _ in _pass(systems[name], golds, pages)}
    for round_ in range(repeat):
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            for _ in _pass(systems[name], golds, pages):
                pass  # warm-up
            gc.collect()
            times = best[name]
            for gold, _, elapsed in _pass(systems[name], golds, pages):
                times[gold.id] = min(times.get(gold.id, elapsed), elapsed)
    return {
        name: [score_page(g, predictions[name][g.id], best[name].get(g.id, 0.0)) for g in golds]
        for name in names
    }


def _pass(
    make: Callable[[], Extract | None], golds: list[Gold], pages: dict[str, bytes | None]
) -> Iterator[tuple[Gold, Prediction, float]]:
    """One pass of a fresh extractor over every page (the deduplication pipeline keeps state
    within a pass): each page's prediction and its time in ms."""
    extract = make()
    assert extract is not None
    for gold in golds:
        body = pages[gold.id]
        started = time.perf_counter()
        try:
            if body is None:
                prediction = Prediction(error="unreadable page")
            else:
                prediction = extract(gold.url, body)
        except Exception as exc:  # a peer that crashes on a page scores zero on it
            prediction = Prediction(error=f"{type(exc).__name__}: {exc}")
        yield gold, prediction, (time.perf_counter() - started) * 1000
