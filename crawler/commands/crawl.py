"""scrapy crawl, exiting 1 when a monitor failed at the end of the crawl (crawler/monitoring.py).

Scrapy's own command exits 0 whatever the crawl found; a scheduled crawl whose site layout broke
must fail where cron, systemd or CI can see it.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler.monitoring import FAILED_STAT


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider name")
        assert self.crawler_process is not None
        # kept here: the process forgets its crawlers once they finish
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        if crawler.stats is not None and crawler.stats.get_value(FAILED_STAT):
            self.exitcode = 1
