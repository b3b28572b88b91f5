from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from crawler.extraction.body import read_body
from crawler.items import Article


class BuildParagraphsPipeline:
    """Body HTML -> paragraphs; captions go to `images`, the byline to `authors`/credits."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BuildParagraphsPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Article) -> Article:
        if item.ran(self):  # in a worker process (crawler/workers.py)
            return item
        parts = read_body(item.body_tree(), item.url)
        if parts.authors or parts.source:
            self.stats.inc_value("paragraphs/byline")
        if parts.photo_story:
            self.stats.inc_value("paragraphs/photo_story")
        article = item.evolve(
            images=parts.images,
            # shown on the page, then the byline in the text, then JSON-LD / <meta>
            authors=item.authors or parts.authors or item.declared_authors,
            source=item.source or parts.source,
            body=None,  # consumed: the record carries paragraphs from here on
            body_html="",
        )
        return article.with_paragraphs(parts.paragraphs)
