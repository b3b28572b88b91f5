"""vnexpress.net (VnExpress), with its 2014 sub-domain layouts (giaitri.vnexpress.net, …)."""

from __future__ import annotations

from crawler.extraction.page import ArticlePage
from crawler.spiders import NewsSpider


class VnExpressPage(ArticlePage):
    title = "h1.title-detail, div.title_news h1, h1.title_news_detail"
    summary = "p.description, div.short_intro, h2.description"
    body = "article.fck_detail, div.fck_detail"
    # "Thứ hai, 18/2/2019, 17:34 (GMT+7)"; meta pubdate gives the same wall clock with +08:00
    published = "span.date, header span.time, div.block_timer, div.time_news"
    prefer_displayed_date = True
    section = "ul.breadcrumb a, ul.list_arrow_breakumb a, div.sub_folder a"
    tags = "div.block_tag a.tag_item, div.tags h4 a, div.tags a"
    brands = ("VnExpress", "FPT Online")  # JSON-LD/meta author; the writer is in the last paragraph
    author_boxes = False  # no layout since 2014 has one: the byline is the body's last paragraph
    noise = ("div.box-tinlienquanv2", "div.box_tinlienquan", "div.width_common.box-tinlienquan")


class VnExpressSpider(NewsSpider):
    name = "vnexpress"
    allowed_domains = ["vnexpress.net"]
    sitemap_urls = ["https://vnexpress.net/robots.txt"]
    feed_urls = ["https://vnexpress.net/rss/tin-moi-nhat.rss"]
    section_urls = ["https://vnexpress.net/thoi-su", "https://vnexpress.net/kinh-doanh"]
    article_url = r"^https?://(?:[a-z]+\.)?vnexpress\.net/(?:[a-z0-9-]+/)*[a-z0-9-]+-\d{6,8}\.html$"
    listing_url = r"^https?://vnexpress\.net/[a-z0-9-]+(?:-p\d+)?$"
    page = VnExpressPage
