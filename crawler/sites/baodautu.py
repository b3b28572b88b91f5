"""baodautu.vn (Báo Đầu tư)."""

from __future__ import annotations

from crawler.extraction.page import ArticlePage
from crawler.spiders import NewsSpider


class BaoDauTuPage(ArticlePage):
    title = "div.title-detail"  # no <h1> on article pages
    summary = "div.sapo_detail"
    body = "#content_detail_news"
    authors = "div.author-share-top a.author"
    # " - 07/03/2026 08:47"; the header's div.date_top is today's date, not the article's
    published = "div.author-share-top span.post-time"
    section = "nav a.active, div.text-uppercase > a"
    tags = "div.tag_detail a"
    noise = ("#boxcauhoi",)


class BaoDauTuSpider(NewsSpider):
    name = "baodautu"
    allowed_domains = ["baodautu.vn"]
    sitemap_urls = ["https://baodautu.vn/robots.txt"]
    feed_urls = ["https://baodautu.vn/rss/thoi-su.rss", "https://baodautu.vn/rss/dau-tu.rss"]
    section_urls = ["https://baodautu.vn/thoi-su-d1/", "https://baodautu.vn/dau-tu-d2/"]
    article_url = r"^https?://(?:www\.)?baodautu\.vn/[a-z0-9-]+-d\d+\.html$"
    listing_url = r"^https?://(?:www\.)?baodautu\.vn/[a-z0-9-]+-d\d+/(?:p\d+)?$"
    page = BaoDauTuPage
