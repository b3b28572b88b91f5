"""nld.com.vn (Báo Người Lao Động). Same CMS family as cafef.vn (data-role attributes)."""

from __future__ import annotations

from crawler.extraction.page import ArticlePage
from crawler.spiders import NewsSpider


class NldPage(ArticlePage):
    # the displayed headline can differ from og:title (…-196260307071308923.htm): read the <h1>
    title = "h1[data-role=title], h1.detail-title"
    summary = "[data-role=sapo], h2.detail-sapo"
    body = "[data-role=content], div.detail-content"
    authors = "[data-role=author], div.detail-author p.name"  # shown above the sapo
    published = "[data-role=publishdate], div.detail-time"  # "07/03/2026 08:06 GMT+7"
    section = "[data-role=cate-name], div.detail-cate a"
    tags = "div.detail-tab a.item"
    noise = ("div.kbwscwl-relatedbox",)  # inline related-news box between paragraphs


class NldSpider(NewsSpider):
    name = "nld"
    allowed_domains = ["nld.com.vn"]
    sitemap_urls = ["https://nld.com.vn/robots.txt"]
    feed_urls = ["https://nld.com.vn/rss/home.rss"]
    section_urls = ["https://nld.com.vn/thoi-su.htm", "https://nld.com.vn/kinh-te.htm"]
    article_url = r"^https?://(?:www\.)?nld\.com\.vn/[a-z0-9-]+-\d{15,}\.htm$"
    listing_url = r"^https?://(?:www\.)?nld\.com\.vn/[a-z0-9-]+(?:/trang-\d+)?\.htm$"
    page = NldPage
