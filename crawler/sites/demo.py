"""The bundled demo news site (crawler/demo/site), served on 127.0.0.1 by `scrapy demo`.

python -m crawler.demo serve --port 8765
scrapy crawl demo -a base_url=http://127.0.0.1:8765
"""

from __future__ import annotations

from typing import Any

from crawler.extraction.page import ArticlePage
from crawler.spiders import NewsSpider


class DemoPage(ArticlePage):
    # two layouts: the classic CMS (div.detail-*) and the modern one (article.article, JSON-LD)
    title = "h1.detail-title, h1.article__title"
    summary = "div.detail-sapo, p.article__sapo"
    body = "div.detail-content, div.article__body"
    published = "div.detail-time, time.article__time"
    section = "div.breadcrumb a, ul.breadcrumbs a"
    tags = "div.article__tags a"


class DemoSpider(NewsSpider):
    name = "demo"
    page = DemoPage
    article_url = r"/[a-z0-9-]+/[a-z0-9-]+-\d{4}\.html$"
    listing_url = r"/(?:xay-dung-dang|thoi-su|kinh-te)/(?:index\.html|trang-\d+\.html)?$"
    # the demo server is on loopback: politeness delays would only slow the demo down
    custom_settings = {
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
    }

    def __init__(self, *args: Any, base_url: str = "http://127.0.0.1:8765", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base = base_url.rstrip("/")
        self.allowed_domains = ["127.0.0.1", "localhost"]
        self.sitemap_urls = [f"{base}/robots.txt"]
        self.feed_urls = [f"{base}/rss/tin-moi-nhat.rss"]
        self.section_urls = [
            f"{base}/{s}/index.html" for s in ("xay-dung-dang", "thoi-su", "kinh-te")
        ]
