"""scrapy demo: serve the bundled demo news site on 127.0.0.1 and crawl it, end to end."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from scrapy.commands import ScrapyCommand

from crawler.demo.server import DemoServer


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[-o FILE]"

    def short_desc(self) -> str:
        return (
            "Serve the demo news site on 127.0.0.1 and crawl it with the real spider and pipelines"
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
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
        with DemoServer() as server:
            print(f"demo: serving the demo news site on {server.base_url}", flush=True)
            crawler = self.crawler_process.create_crawler("demo")
            self.crawler_process.crawl(crawler, base_url=server.base_url)
            self.crawler_process.start()
        stats = crawler.stats.get_stats() if crawler.stats else {}
        drops = {
            k.split("/", 1)[1]: v
            for k, v in stats.items()
            if k.startswith("item_dropped_reasons_count/")
        }
        records = [
            json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line
        ]
        sections = Counter(r.get("section") or "?" for r in records)
        print(f"demo: {len(records)} articles written to {out}")
        print(f"demo: by section {dict(sections)}; dropped {drops or 'none'}")
        if not records or stats.get("log_count/ERROR"):
            self.exitcode = 1
