from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from crawler.items import Article, Image
from crawler.text import TONE_STYLES, describe, normalize_all, search_key


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
        if item.ran(self):  # in a worker process (crawler/workers.py)
            return item
        # Every text of the record in one call: cheaper than one per field, and the same result.
        batch: list[str] = []

        def take(value: str | None) -> int | None:
            if value is None or not value.strip():
                return None
            batch.append(value)
            return len(batch) - 1

        title = take(item.title)
        summary = take(item.summary)
        section = take(item.section)
        source = take(item.source)
        authors = [take(a) for a in item.authors]
        tags = [take(t) for t in item.tags]
        images = [(take(i.caption), take(i.credit)) for i in item.images]
        paragraphs = [take(p) for p in item.paragraphs]
        result = normalize_all(batch, tone_style=self.tone_style, fold_quotes=self.fold_quotes)

        def get(index: int | None) -> str | None:
            return result.texts[index] or None if index is not None else None

        def many(indexes: list[int | None]) -> list[str]:
            return [text for text in map(get, indexes) if text]

        article = item.evolve(
            title=get(title) or "",
            summary=get(summary),
            authors=many(authors),
            section=get(section),
            tags=many(tags),
            source=get(source),
            images=[
                Image(i.url, get(c), get(r)) for i, (c, r) in zip(item.images, images, strict=True)
            ],
            normalisation=[*item.normalisation, *describe(result.fired)],
        ).with_paragraphs(many(paragraphs))
        if self.with_search_key:
            parts = (article.title, article.summary or "", article.text)
            article = article.evolve(search_key=search_key("\n\n".join(p for p in parts if p)))
        for label, n in result.fired.items():
            self.stats.inc_value(f"text/{label}", n)
        return article
