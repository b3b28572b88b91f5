"""scrapy report PATH... -o report.html: a dataset at a glance, as one self-contained HTML page.

Reads JSON Lines exports (files or folders, gzip too, as `scrapy validate` does); lines that are
not JSON are skipped and counted. The page's figures are described in crawler/report.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.commands.validate import export_files, read_lines
from crawler.report import figures, render


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "PATH [PATH ...] -o report.html"

    def short_desc(self) -> str:
        return "Write a self-contained HTML report of exported records, with charts"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", type=Path, default=Path("report.html"))
        parser.add_argument("--title", default="Dataset report")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give one or more files or folders")
        bad = [0]

        def records() -> Iterator[dict[str, Any]]:
            for path in export_files([Path(a) for a in args]):
                for line in read_lines(path):
                    if not line.strip():
                        continue
                    try:
                        yield json.loads(line)
                    except ValueError:
                        bad[0] += 1

        data = figures(records())
        data["bad_lines"] = bad[0]
        opts.output.parent.mkdir(parents=True, exist_ok=True)
        opts.output.write_text(render(data, title=opts.title), encoding="utf-8")
        print(
            f"report: {data['records']} records from {len(data['sites'])} sites -> {opts.output}",
            file=sys.stderr,
        )
