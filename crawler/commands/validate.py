"""scrapy validate PATH...: check JSON Lines exports against the record's JSON Schema.

Files (.jsonl, .jl, .json lines, optionally .gz) and folders (searched for them) are read line
by line; every bad line is reported as `file:line: reason`, and the command exits 1 if there is
one. The schema is the one shipped in the package (crawler/schema/article.schema.json).
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.schema import record_problems

SUFFIXES = (".jsonl", ".jl", ".jsonl.gz", ".jl.gz")


def export_files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES)
            )
        elif path.is_file():
            yield path
        else:
            raise UsageError(f"{path}: no such file or folder", print_help=False)


def read_lines(path: Path) -> Iterator[bytes]:
    with gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb") as handle:
        yield from handle


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "PATH [PATH ...]"

    def short_desc(self) -> str:
        return "Check JSON Lines exports against the record's JSON Schema (file:line: reason)"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give one or more files or folders")
        files = records = bad = 0
        for path in export_files([Path(a) for a in args]):
            files += 1
            for number, line in enumerate(read_lines(path), 1):
                if not line.strip():
                    continue
                records += 1
                problems = record_problems(line)
                if problems:
                    bad += 1
                    for problem in problems:
                        print(f"{path}:{number}: {problem}")
        print(
            f"validate: {files} files, {records} records, {bad} invalid",
            file=sys.stderr,
        )
        self.exitcode = 1 if bad or not files else 0
