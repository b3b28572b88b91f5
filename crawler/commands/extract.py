"""scrapy extract: saved pages -> records, through the crawl's own spiders and pipelines.

scrapy extract --url URL FILE                     print one record
scrapy extract --manifest M.jsonl -o OUT.jsonl    one line per manifest line, in order
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import IO, Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.settings import Settings

from crawler.items import Article
from crawler.offline import OfflineExtractor, Outcome


def read_manifest(path: Path) -> list[dict[str, Any]]:
    """Lines of {"id", "url", "file"}; `file` is relative to the manifest's folder."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise UsageError(f"{path}:{n}: not JSON: {exc}", print_help=False) from exc
        missing = {"id", "url", "file"} - set(row)
        if missing:
            raise UsageError(f"{path}:{n}: missing {sorted(missing)}", print_help=False)
        rows.append(row)
    return rows


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "(--url URL FILE | --manifest M.jsonl [-o OUT.jsonl])"

    def short_desc(self) -> str:
        return "Extract article records from saved pages with the crawl's spiders and pipelines"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", help="the URL the saved page was fetched from")
        parser.add_argument("--manifest", type=Path, help='JSON Lines of {"id", "url", "file"}')
        parser.add_argument(
            "-o", "--output", type=Path, help="write records here (default: stdout)"
        )
        parser.add_argument("--generic-only", action="store_true", help="ignore the site modules")
        parser.add_argument(
            "--jobs",
            type=int,
            default=0,
            help="worker processes for --manifest (default: one per core, one for a small one)",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if opts.jobs < 0:
            raise UsageError("--jobs must be 0 (one per core) or more", print_help=False)
        if opts.manifest:
            self.exitcode = self._manifest(opts, opts.manifest, opts.output)
            return
        extractor = OfflineExtractor(self.settings, generic_only=opts.generic_only)
        if not opts.url or len(args) != 1:
            raise UsageError("give --url URL FILE, or --manifest M.jsonl")
        outcome = extractor.extract(opts.url, Path(args[0]).read_bytes())
        line = outcome.record if outcome.record else {"url": opts.url, "error": outcome.error}
        with _open(opts.output) as out:
            out.write(json.dumps(line, ensure_ascii=False, indent=None if opts.output else 2))
            out.write("\n")
        self.exitcode = 0 if outcome.record else 1

    def _manifest(self, opts: argparse.Namespace, manifest: Path, output: Path | None) -> int:
        assert self.settings is not None
        rows = read_manifest(manifest)
        jobs = opts.jobs or (os.cpu_count() or 1) if len(rows) >= _PARALLEL_FROM else 1
        jobs = max(1, opts.jobs or jobs)
        split = _run_wide_from(self.settings)
        # This process runs the run-wide stages (deduplication, near-duplicates) over every
        # record in manifest order, as one process would; the workers run the per-page ones.
        final = OfflineExtractor(
            self.settings,
            generic_only=opts.generic_only,
            stages=(split, 1 << 30) if jobs > 1 else (0, 1 << 30),
        )
        tasks = [
            (str(row["id"]), str(row["url"]), str(manifest.parent / row["file"])) for row in rows
        ]
        counts: Counter[str] = Counter()
        started = time.perf_counter()
        with _open(output) as out, _workers(self.settings, opts.generic_only, split, jobs) as run:
            for (row_id, url, _), item in zip(tasks, run(tasks, final), strict=True):
                if isinstance(item, str):
                    line: dict[str, Any] = {"id": row_id, "error": item}
                else:
                    outcome = final.finish(url, item) if jobs > 1 else Outcome(item.to_record())
                    if outcome.record:
                        line = {"id": row_id, **outcome.record}
                    else:
                        line = {"id": row_id, "error": outcome.error}
                counts["error" if "error" in line else "ok"] += 1
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
        elapsed = time.perf_counter() - started
        where = output or "stdout"
        print(
            f"extract: {len(rows)} pages, {counts['ok']} records, {counts['error']} errors, "
            f"{elapsed * 1000 / max(1, len(rows)):.1f} ms/page ({len(rows) / elapsed:.0f} pages/s,"
            f" {jobs} {'process' if jobs == 1 else 'processes'}) -> {where}",
            file=sys.stderr,
        )
        return 0


_PARALLEL_FROM = 200  # smaller manifests are done before the workers would have started
# The pipelines that must see every record of the run in order, in one process.
_RUN_WIDE = (
    "crawler.pipelines.dedupe.DeduplicatePipeline",
    "crawler.incremental.IncrementalPipeline",
    "crawler.pipelines.duplicates.NearDuplicatePipeline",
)
Task = tuple[str, str, str]  # manifest id, URL, file
Runner = Callable[[list[Task], OfflineExtractor], Iterator[Article | str]]


def _run_wide_from(settings: Settings) -> int:
    orders = settings.getwithbase("ITEM_PIPELINES")
    return min(
        (orders[path] for path in _RUN_WIDE if orders.get(path) is not None), default=1 << 30
    )


@contextmanager
def _workers(settings: Settings, generic_only: bool, split: int, jobs: int) -> Iterator[Runner]:
    """A function from tasks to items: in this process, or in `jobs` worker processes that
    run the pipelines before `split` (results in task order)."""
    if jobs == 1:

        def here(tasks: list[Task], extractor: OfflineExtractor) -> Iterator[Article | str]:
            return (_read_and_extract(extractor, task) for task in tasks)

        yield here
        return
    # fork: the workers start with the settings and the loaded spiders, nothing is pickled
    with multiprocessing.get_context("fork").Pool(
        jobs, initializer=_start_worker, initargs=(settings, generic_only, split)
    ) as pool:

        def there(tasks: list[Task], _: OfflineExtractor) -> Iterator[Article | str]:
            return pool.imap(_work, tasks, chunksize=8)

        yield there


def _read_and_extract(extractor: OfflineExtractor, task: Task) -> Article | str:
    _, url, path = task
    try:
        body = Path(path).read_bytes()
    except OSError as exc:
        return f"unreadable: {exc}"
    return extractor.extract_item(url, body)


# Each worker process's extractor (set once by the pool's initializer, in that process only).
_worker: OfflineExtractor | None = None


def _start_worker(settings: Settings, generic_only: bool, split: int) -> None:
    global _worker
    _worker = OfflineExtractor(settings, generic_only=generic_only, stages=(0, split))


def _work(task: Task) -> Article | str:
    assert _worker is not None
    return _read_and_extract(_worker, task)


def _open(path: Path | None) -> AbstractContextManager[IO[str]]:
    """A file to write, or stdout when no path is given."""
    if path is None:
        return nullcontext(sys.stdout)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("w", encoding="utf-8")
