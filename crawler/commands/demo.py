"""scrapy demo: serve the bundled demo news site on 127.0.0.1 and crawl it, end to end."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.settings import SETTINGS_PRIORITIES

from crawler.demo.server import DemoServer
from crawler.monitoring import FAILED_STAT

DEMO_PORT = 8765


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[--fresh] [-o FILE]"

    def short_desc(self) -> str:
        return (
            "Serve the demo news site on 127.0.0.1 and crawl it with the real spider and pipelines"
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="forget what earlier demo runs exported (delete the demo's crawl state)",
        )
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            default=Path("output/demo.jsonl"),
            help="JSON Lines file to write (default: output/demo.jsonl, overwritten)",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None and self.crawler_process is not None
        out = opts.output.resolve()
        out.parent.mkdir(parents=True, exist_ok=True)
        self.settings.set(
            "FEEDS", {str(out): {"format": "jsonlines", "overwrite": True}}, priority="cmdline"
        )
        # The demo's crawl state sits beside its output: a second run exports only what changed.
        # So do its near-duplicate index and its dataset (crawler/export.py).
        state = self._unless_set("NEWS_STATE_PATH", str(out.with_name("demo-state.sqlite")))
        index = self._unless_set(
            "NEWS_DUPLICATES_PATH", str(out.with_name("demo-duplicates.sqlite"))
        )
        self._unless_set("NEWS_EXPORT_DIR", str(out.parent))
        if opts.fresh:
            for path in (state, index):
                for suffix in ("", "-wal", "-shm") if path else ():
                    Path(path + suffix).unlink(missing_ok=True)
        with _server() as server:
            print(f"demo: serving the demo news site on {server.base_url}", flush=True)
            crawler = self.crawler_process.create_crawler("demo")
            self.crawler_process.crawl(crawler, base_url=server.base_url)
            self.crawler_process.start()
        stats = crawler.stats.get_stats() if crawler.stats else {}
        records = [
            json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line
        ]
        sections = Counter(r.get("section") or "?" for r in records)
        summary_file = out.with_name(out.stem + ".summary.json")
        summary = json.loads(summary_file.read_text(encoding="utf-8"))
        print(f"demo: {len(records)} new or changed articles written to {out}")
        if records:
            print(f"demo: by section {dict(sections)}")
        print(
            f"demo: {summary['skipped_unchanged']} unchanged since the last run skipped;"
            f" dropped {summary['dropped'] or 'none'}; summary in {summary_file}"
        )
        if stats.get("export/records"):
            dataset = Path(self.settings.get("NEWS_EXPORT_DIR")) / "demo"
            print(f"demo: the dataset, by site and month, with a manifest per run: {dataset}/")
        if not records and not summary["skipped_unchanged"]:
            self.exitcode = 1  # nothing found at all: the demo is broken
        if stats.get(FAILED_STAT) or stats.get("log_count/ERROR"):
            self.exitcode = 1

    def _unless_set(self, name: str, value: str) -> str:
        """Set `name` to `value` unless the operator set it; the setting's value."""
        assert self.settings is not None
        if (self.settings.getpriority(name) or 0) <= SETTINGS_PRIORITIES["project"]:
            self.settings.set(name, value, priority="cmdline")
        return self.settings.get(name) or ""


def _server() -> DemoServer:
    """The demo site on its usual port, so that article URLs (the crawl state's keys) stay the
    same from run to run; any free port when that one is taken."""
    try:
        return DemoServer(port=DEMO_PORT)
    except OSError:
        return DemoServer()
