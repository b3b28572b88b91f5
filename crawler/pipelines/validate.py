from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import MIN_WORDS, Article, problem


class InvalidArticle(DropItem):
    """Base of the named drop reasons; the crawl stats count drops by class name."""

    reason = "invalid"


class BadUrl(InvalidArticle):
    reason = "bad_url"


class MissingTitle(InvalidArticle):
    reason = "missing_title"


class EmptyBody(InvalidArticle):
    reason = "empty_body"


class TooShort(InvalidArticle):
    reason = "too_short"


DROPS: dict[str, type[InvalidArticle]] = {
    cls.reason: cls for cls in (BadUrl, MissingTitle, EmptyBody, TooShort)
}


class ValidatePipeline:
    """Drop records that cannot be exported, with a named reason."""

    def __init__(self, min_words: int) -> None:
        self.min_words = min_words

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler.settings.getint("NEWS_MIN_WORDS", MIN_WORDS))

    def process_item(self, item: Article) -> Article:
        reason = problem(item, min_words=self.min_words)
        if reason:
            raise DROPS[reason](f"{reason}: {item.url}")
        return item
