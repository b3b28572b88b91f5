from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import Article


class Duplicate(DropItem):
    reason = "duplicate"


class DuplicateUrl(Duplicate):
    reason = "duplicate_url"


class DuplicateContent(Duplicate):
    reason = "duplicate_content"


class DeduplicatePipeline:
    """Export each article once per crawl: by canonical URL, then by content hash."""

    def __init__(self) -> None:
        self.urls: set[str] = set()
        self.hashes: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeduplicatePipeline:
        return cls()

    def process_item(self, item: Article) -> Article:
        url = item.canonical_url or item.url
        if url in self.urls:
            raise DuplicateUrl(f"duplicate_url: {url}")
        if item.content_hash in self.hashes:
            raise DuplicateContent(f"duplicate_content: {url}")
        self.urls.add(url)
        self.hashes.add(item.content_hash)
        return item
