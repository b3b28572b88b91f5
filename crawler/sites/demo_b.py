"""The second bundled demo site (crawler/demo/site_b), "Báo Ánh Dương": another paper's CMS, and
syndicated copies of stories from the first demo site, for near-duplicate detection.

python -m crawler.demo serve --port 8766 --site b
scrapy crawl demo_b -a base_url=http://127.0.0.2:8766
"""

from __future__ import annotations

from typing import Any

from crawler.extraction.page import ArticlePage
from crawler.spiders import NewsSpider


class DemoBPage(ArticlePage):
    title = "h1.post-title"
    summary = "div.post-sapo"
    body = "div.post-content"
    published = "span.post-date"  # "Thứ năm, 08/10/2026, 10:30 (GMT+7)"
    section = "div.breadcrumb a"
    tags = "div.post-tags a"
    author_boxes = False  # the byline, right-aligned, ends the body: no author box to look for


class DemoBSpider(NewsSpider):
    name = "demo_b"
    page = DemoBPage
    article_url = r"/[a-z0-9-]+/[a-z0-9-]+-\d{5}\.html$"
    listing_url = r"/(?:thoi-su|giao-duc)/(?:index\.html)?$"
    custom_settings = {  # a loopback server: politeness delays would only slow the demo down
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
    }

    def __init__(self, *args: Any, base_url: str = "http://127.0.0.2:8766", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base = base_url.rstrip("/")
        self.allowed_domains = ["127.0.0.2"]
        self.sitemap_urls = [f"{base}/robots.txt"]
        self.feed_urls = [f"{base}/rss/tin-moi.rss"]
        self.section_urls = [f"{base}/{s}/index.html" for s in ("thoi-su", "giao-duc")]
