from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from crawler.cleaning.boilerplate import strip_boilerplate
from crawler.items import Article


class StripBoilerplatePipeline:
    """Remove comment, feedback, related-news, sidebar, share, ad, tag and newsletter blocks."""

    def __init__(self, stats: StatsCollector, max_link_density: float) -> None:
        self.stats = stats
        self.max_link_density = max_link_density

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StripBoilerplatePipeline:
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.getfloat("NEWS_LINK_DENSITY_MAX", 0.5))

    def process_item(self, item: Article) -> Article:
        if item.ran(self):  # in a worker process (crawler/workers.py)
            return item
        cleaned = strip_boilerplate(
            item.body_tree(), site_noise=item.noise, max_link_density=self.max_link_density
        )
        for rule, n in cleaned.removed.items():
            self.stats.inc_value(f"boilerplate/{rule}", n)
        return item.evolve(body=cleaned.root, body_html="")
