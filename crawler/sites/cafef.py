"""cafef.vn (CafeF). Same CMS family as nld.vn: parts carry data-role attributes."""

from __future__ import annotations

from crawler.extraction.page import ArticlePage
from crawler.spiders import NewsSpider


class CafeFPage(ArticlePage):
    title = "h1[data-role=title], h1.title"
    summary = "[data-role=sapo], h2.sapo"
    body = "[data-role=content], div.detail-content"
    authors = "div.content_source p.author, p.author"  # the credit block after the body
    source = (
        "div.content_source p.source, p.source"  # "Nhịp sống thị trường": a source, not an author
    )
    published = "[data-role=publishdate], span.pdate"  # "07-03-2026 - 00:01 AM"
    section = "[data-role=cate-name], a.category-page__name"
    tags = "div.tagdetail div.row2 a"
    # an empty "TIN MỚI" box opens the content div (…/thoi-diem-nang-hang-…-18826030622484142.chn)
    noise = (
        "div.tindnd",
        "#listNewsInContent",
        "div.c-banner",
        "div.h-show-pc",
        "div.h-show-mobile",
    )


class CafeFSpider(NewsSpider):
    name = "cafef"
    allowed_domains = ["cafef.vn"]
    sitemap_urls = ["https://cafef.vn/robots.txt"]
    feed_urls = ["https://cafef.vn/trang-chu.rss", "https://cafef.vn/thi-truong-chung-khoan.rss"]
    section_urls = [
        "https://cafef.vn/thi-truong-chung-khoan.chn",
        "https://cafef.vn/doanh-nghiep.chn",
    ]
    article_url = r"^https?://(?:www\.)?cafef\.vn/[a-z0-9-]+-\d{15,}\.chn$"
    listing_url = r"^https?://(?:www\.)?cafef\.vn/[a-z0-9-]+(?:/trang-\d+)?\.chn$"
    page = CafeFPage
