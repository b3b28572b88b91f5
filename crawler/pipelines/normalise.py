from __future__ import annotations

from collections import Counter
from dataclasses import replace

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from crawler.items import Article, Image
from crawler.text import TONE_STYLES, describe, normalize_report, search_key


class NormaliseTextPipeline:
    """Normalise every text field of the record (crawler.text, SPEC R1-R8) and add its search key
    (R10). What fired goes to the record's `normalisation` list, after the page-level repairs
    already there, and to the stats as `text/<label>`."""

    def __init__(
        self, stats: StatsCollector, tone_style: str, fold_quotes: bool, with_search_key: bool
    ) -> None:
        self.stats = stats
        self.tone_style = tone_style
        self.fold_quotes = fold_quotes
        self.with_search_key = with_search_key

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormaliseTextPipeline:
        assert crawler.stats is not None
        settings = crawler.settings
        tone_style = settings.get("NEWS_TONE_STYLE", "old")
        if tone_style not in TONE_STYLES:
            raise NotConfigured(f"NEWS_TONE_STYLE must be one of {TONE_STYLES}, not {tone_style!r}")
        return cls(
            crawler.stats,
            tone_style,
            settings.getbool("NEWS_FOLD_QUOTES", False),
            settings.getbool("NEWS_SEARCH_KEY", True),
        )

    def process_item(self, item: Article) -> Article:
        fired: Counter[str] = Counter()

        def norm(text: str) -> str:
            result = normalize_report(
                text, tone_style=self.tone_style, fold_quotes=self.fold_quotes
            )
            fired.update(result.fired)
            return result.text

        def opt(text: str | None) -> str | None:
            return (norm(text) or None) if text is not None else None

        def many(values: list[str]) -> list[str]:
            return [v for v in map(norm, values) if v]

        # The body in one call: cheaper than one per paragraph, and the same result
        # (tests/text/test_properties.py: no rule reaches across a paragraph break).
        body = norm("\n\n".join(item.paragraphs)).split("\n\n") if item.paragraphs else []
        article = replace(
            item,
            title=norm(item.title),
            summary=opt(item.summary),
            authors=many(item.authors),
            section=opt(item.section),
            tags=many(item.tags),
            source=opt(item.source),
            images=[Image(i.url, opt(i.caption), opt(i.credit)) for i in item.images],
            normalisation=[*item.normalisation, *describe(fired)],
        ).with_paragraphs([p for p in body if p])
        if self.with_search_key:
            parts = (article.title, article.summary or "", article.text)
            article = replace(article, search_key=search_key("\n\n".join(p for p in parts if p)))
        for label, n in fired.items():
            self.stats.inc_value(f"text/{label}", n)
        return article
