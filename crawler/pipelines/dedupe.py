from __future__ import annotations

from typing import Protocol

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import Article


class Duplicate(DropItem):
    reason = "duplicate"


class DuplicateUrl(Duplicate):
    reason = "duplicate_url"


class DuplicateContent(Duplicate):
    reason = "duplicate_content"


class Seen(Protocol):
    def add(self, value: str) -> bool:
        """Remember `value`; False when it was there already."""


class LocalSeen:
    def __init__(self) -> None:
        self.values: set[str] = set()

    def add(self, value: str) -> bool:
        if value in self.values:
            return False
        self.values.add(value)
        return True


class DeduplicatePipeline:
    """Export each article once per crawl: by canonical URL, then by content hash. In a
    distributed crawl the sets are the run's, in Redis, shared by every worker."""

    def __init__(self, urls: Seen | None = None, hashes: Seen | None = None) -> None:
        self.urls = urls or LocalSeen()
        self.hashes = hashes or LocalSeen()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeduplicatePipeline:
        if crawler.settings.get("NEWS_REDIS_URL"):
            from crawler.distributed import RunSet

            return cls(RunSet(crawler, "canonical_urls"), RunSet(crawler, "content_hashes"))
        return cls()

    def process_item(self, item: Article) -> Article:
        url = item.canonical_url or item.url
        if not self.urls.add(url):
            raise DuplicateUrl(f"duplicate_url: {url}")
        if not self.hashes.add(item.content_hash):
            raise DuplicateContent(f"duplicate_content: {url}")
        return item
