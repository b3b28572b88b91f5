"""znews.vn (Tri thức - Znews), formerly news.zing.vn and zingnews.vn."""

from __future__ import annotations

from crawler.extraction.page import ArticlePage
from crawler.spiders import NewsSpider


class ZnewsPage(ArticlePage):
    title = "h1.the-article-title"
    summary = "p.the-article-summary"
    body = "div.the-article-body"
    authors = "div.the-article-credit p.author, li.the-article-author a.author"
    source = "div.the-article-credit p.source"
    # "15:18 19/07/2018"; the 2018 JSON-LD says +08:00 for the same wall-clock time
    published = "li.the-article-publish"
    prefer_displayed_date = True
    section = "p.the-article-category a.parent_cate"  # 2018 pages: JSON-LD BreadcrumbList
    tags = "p.the-article-tags > *"  # 2018: the first keyword is a <strong>, the rest links
    # an inline related-article table closes the body (…/zingnews-post861659.html)
    noise = ("table.article", "div.inner-article")


class ZnewsSpider(NewsSpider):
    name = "znews"
    allowed_domains = ["znews.vn", "zingnews.vn", "news.zing.vn"]
    sitemap_urls = ["https://znews.vn/robots.txt"]
    feed_urls = ["https://znews.vn/rss/tin-moi.rss"]
    section_urls = ["https://znews.vn/thoi-su.html", "https://znews.vn/kinh-doanh-tai-chinh.html"]
    article_url = (
        r"^https?://(?:www\.)?(?:znews\.vn|zingnews\.vn|news\.zing\.vn)/[a-z0-9-]+-post\d+\.html$"
    )
    listing_url = r"^https?://(?:www\.)?znews\.vn/[a-z0-9-]+(?:/trang\d+)?\.html$"
    page = ZnewsPage
