"""scrapy extract: saved pages -> records, through the crawl's own spiders and pipelines.

scrapy extract --url URL FILE                     print one record
scrapy extract --manifest M.jsonl -o OUT.jsonl    one line per manifest line, in order
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import IO, Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.offline import OfflineExtractor


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

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        extractor = OfflineExtractor(self.settings, generic_only=opts.generic_only)
        if opts.manifest:
            self.exitcode = self._manifest(extractor, opts.manifest, opts.output)
            return
        if not opts.url or len(args) != 1:
            raise UsageError("give --url URL FILE, or --manifest M.jsonl")
        outcome = extractor.extract(opts.url, Path(args[0]).read_bytes())
        line = outcome.record if outcome.record else {"url": opts.url, "error": outcome.error}
        with _open(opts.output) as out:
            out.write(json.dumps(line, ensure_ascii=False, indent=None if opts.output else 2))
            out.write("\n")
        self.exitcode = 0 if outcome.record else 1

    def _manifest(self, extractor: OfflineExtractor, manifest: Path, output: Path | None) -> int:
        rows = read_manifest(manifest)
        counts: Counter[str] = Counter()
        started = time.perf_counter()
        with _open(output) as out:
            for row in rows:
                try:
                    body = (manifest.parent / row["file"]).read_bytes()
                except OSError as exc:
                    outcome_line: dict[str, Any] = {"id": row["id"], "error": f"unreadable: {exc}"}
                else:
                    outcome = extractor.extract(row["url"], body)
                    if outcome.record:
                        outcome_line = {"id": row["id"], **outcome.record}
                    else:
                        outcome_line = {"id": row["id"], "error": outcome.error}
                counts["error" if "error" in outcome_line else "ok"] += 1
                out.write(json.dumps(outcome_line, ensure_ascii=False) + "\n")
        elapsed = time.perf_counter() - started
        where = output or "stdout"
        print(
            f"extract: {len(rows)} pages, {counts['ok']} records, {counts['error']} errors, "
            f"{elapsed * 1000 / max(1, len(rows)):.1f} ms/page -> {where}",
            file=sys.stderr,
        )
        return 0


def _open(path: Path | None) -> AbstractContextManager[IO[str]]:
    """A file to write, or stdout when no path is given."""
    if path is None:
        return nullcontext(sys.stdout)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("w", encoding="utf-8")
