from __future__ import annotations

from collections import Counter
from dataclasses import replace

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from crawler.items import Article, Image
from crawler.text import normalize_report


class NormaliseTextPipeline:
    """Normalise every text field of the record; count the steps that fired as `text/<step>`."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormaliseTextPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Article) -> Article:
        fired: Counter[str] = Counter()

        def norm(text: str) -> str:
            result = normalize_report(text)
            fired.update(result.fired)
            return result.text

        def opt(text: str | None) -> str | None:
            return (norm(text) or None) if text is not None else None

        def many(values: list[str]) -> list[str]:
            return [v for v in map(norm, values) if v]

        article = replace(
            item,
            title=norm(item.title),
            summary=opt(item.summary),
            authors=many(item.authors),
            section=opt(item.section),
            tags=many(item.tags),
            source=opt(item.source),
            images=[Image(i.url, opt(i.caption), opt(i.credit)) for i in item.images],
        )
        article = article.with_paragraphs(many(item.paragraphs))
        for step, n in fired.items():
            self.stats.inc_value(f"text/{step}", n)
        return article
