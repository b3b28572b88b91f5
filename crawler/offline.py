"""Offline extraction: a saved page goes through the same code as a crawled one.

The page becomes a Scrapy `HtmlResponse` (so charset detection is Scrapy's), decoded again where
its charset label or fonts would garble it (as the crawl's PageDecodingMiddleware does), the
site's spider reads it with `parse_article`, and the item pipelines from ITEM_PIPELINES run in
their order. Only the download is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.http import HtmlResponse, Request
from scrapy.settings import SETTINGS_PRIORITIES, Settings
from scrapy.spiderloader import get_spider_loader
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import build_from_crawler, load_object

from crawler.items import Article
from crawler.middlewares import PAGE_REPAIRS, redecode
from crawler.spiders import NewsSpider


@dataclass
class Outcome:
    record: dict[str, Any] | None
    error: str | None = None


class OfflineExtractor:
    """Extract records from saved pages with the crawl's spiders and pipelines."""

    def __init__(
        self,
        settings: Settings,
        *,
        generic_only: bool = False,
        stages: tuple[int, int] = (0, 1 << 30),
    ) -> None:
        """`stages`: the ITEM_PIPELINES orders (from, to) this extractor runs; `scrapy extract
        --jobs` runs the per-page stages in workers and the run-wide ones (deduplication,
        near-duplicates) in one process, in manifest order."""
        # Re-reading saved pages is no crawl run: no crawl state is read or written,
        settings = settings.copy()
        settings.set("NEWS_STATE_PATH", "", priority=SETTINGS_PRIORITIES["cmdline"] + 1)
        # nor the near-duplicate index kept across crawls: one in memory, for this run
        settings.set("NEWS_DUPLICATES_PATH", "", priority=SETTINGS_PRIORITIES["cmdline"] + 1)
        self.settings = settings
        self.generic_only = generic_only
        self.stages = stages
        loader = get_spider_loader(settings)
        self.site_spiders: list[type[NewsSpider]] = [
            cls
            for cls in (loader.load(name) for name in loader.list())
            if issubclass(cls, NewsSpider) and getattr(cls, "allowed_domains", None)
        ]
        self.generic_cls: type[NewsSpider] = loader.load("generic")  # type: ignore[assignment]
        self._pipelines: dict[str, tuple[NewsSpider, list[Any]]] = {}
        self.stats = MemoryStatsCollector(Crawler(NewsSpider, settings))

    def spider_for(self, url: str) -> tuple[NewsSpider, list[Any]]:
        """The site spider whose domains cover `url` (else the generic one), and its pipelines.

        Pipelines are built once per spider and kept, so deduplication spans one run, as in a crawl.
        """
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        cls = self.generic_cls
        if not self.generic_only:
            for candidate in self.site_spiders:
                domains = getattr(candidate, "allowed_domains", ())
                if any(host == d or host.endswith("." + d) for d in domains):
                    cls = candidate
                    break
        key = cls.name
        if key not in self._pipelines:
            crawler = Crawler(cls, self.settings)
            crawler.stats = self.stats
            kwargs = {"start_urls": url} if cls is self.generic_cls else {}
            spider = cls.from_crawler(crawler, **kwargs)
            crawler.spider = spider
            orders = self.settings.getwithbase("ITEM_PIPELINES")
            pipelines = [
                build_from_crawler(load_object(path), crawler)
                for path in build_component_list(orders)
                if self.stages[0] <= orders[path] < self.stages[1]
            ]
            self._pipelines[key] = (spider, pipelines)
        return self._pipelines[key]

    def extract(self, url: str, body: bytes, headers: dict[str, str] | None = None) -> Outcome:
        item = self.extract_item(url, body, headers)
        return Outcome(None, item) if isinstance(item, str) else Outcome(item.to_record())

    def finish(self, url: str, item: Article) -> Outcome:
        """Run this extractor's pipelines on an item an earlier stage made."""
        _, pipelines = self.spider_for(url)
        try:
            for pipeline in pipelines:
                item = pipeline.process_item(item)
        except DropItem as exc:
            return Outcome(None, f"{type(exc).__name__}: {exc}")
        return Outcome(item.to_record())

    def extract_item(
        self, url: str, body: bytes, headers: dict[str, str] | None = None
    ) -> Article | str:
        """The item after this extractor's pipelines, or why there is none."""
        spider, pipelines = self.spider_for(url)
        raw = HtmlResponse(url=url, body=body, headers=headers or {}, request=Request(url))
        response, repairs = redecode(raw)  # what PageDecodingMiddleware does in a crawl
        if repairs:
            response.meta[PAGE_REPAIRS] = list(repairs)
        try:
            items = list(spider.parse_article(response))
        except CloseSpider:
            items = []
        if not items:
            return "not_article: the page has no article the spider recognises"
        item: Article = items[0]
        try:
            for pipeline in pipelines:
                item = pipeline.process_item(item)
        except DropItem as exc:
            return f"{type(exc).__name__}: {exc}"
        return item
