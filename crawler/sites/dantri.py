"""dantri.com.vn (Báo Dân trí)."""

from __future__ import annotations

from crawler.extraction.page import ArticlePage
from crawler.spiders import NewsSpider


class DanTriPage(ArticlePage):
    # 2025+ pages mark their parts with data-slot; older ones use singular-* classes
    title = "h1[data-slot=title], h1.title-page"
    summary = "[data-slot=sapo], h2.singular-sapo"
    body = "[data-slot=content], div.singular-content"
    authors = "[data-slot=container] a[href*='/tac-gia/'], div.author-name a"
    published = "[data-slot=container] time, time.author-time"  # "Thứ bảy, 07/03/2026 - 08:07"
    section = "a[data-content-name=article-breadcrumb], ul.dt-text-base a"
    tags = "a[data-content-name=article-tags], ul.tags-wrap a"


class DanTriSpider(NewsSpider):
    name = "dantri"
    allowed_domains = ["dantri.com.vn"]
    sitemap_urls = ["https://dantri.com.vn/robots.txt"]
    feed_urls = ["https://dantri.com.vn/rss/home.rss"]
    section_urls = ["https://dantri.com.vn/thoi-su.htm", "https://dantri.com.vn/kinh-doanh.htm"]
    article_url = r"^https?://(?:www\.)?dantri\.com\.vn/[a-z0-9-]+/[a-z0-9-]+-\d{17}\.htm$"
    listing_url = r"^https?://(?:www\.)?dantri\.com\.vn/[a-z0-9-]+(?:/trang-\d+)?\.htm$"
    page = DanTriPage
