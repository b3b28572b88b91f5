"""tuoitre.vn (Báo Tuổi Trẻ): the current layout and the 2015 one (tuoitre.vn/tin/…)."""

from __future__ import annotations

from crawler.extraction.page import ArticlePage
from crawler.spiders import NewsSpider


class TuoiTrePage(ArticlePage):
    title = "h1[data-role=title], h1.detail-title, h1.title-2"
    summary = "[data-role=sapo], h2.detail-sapo, p.txt-head"  # sapo keeps its "TT - " prefix
    body = "[data-role=content], div.left-side > div.fck, div.detail-content"
    # 2015: the byline is a capitalised <strong> in div.wrapper-qt at the end of the body
    authors = "div.detail-author a.name, div.wrapper-qt > strong"
    published = "div.detail-time [data-role=publishdate], div.detail-time, div.tool-bar span.date"
    section = "div.detail-cate a, ul.breadcrumb li.active a"
    tags = "ul.detail-tag-list a, ul.block-key li a"
    brands = ("TUOI TRE ONLINE", "baotuoitre", "Báo Tuổi Trẻ")
    noise = (
        "div[type=RelatedNewsBox]",
        "div[type=RelatedOneNews]",  # a related title + sapo as <p> inside the body
        "#InreadPc",
        "div.wrapper-qt",  # 2015: byline and like button
    )


class TuoiTreSpider(NewsSpider):
    name = "tuoitre"
    allowed_domains = ["tuoitre.vn"]
    sitemap_urls = ["https://tuoitre.vn/robots.txt"]
    feed_urls = ["https://tuoitre.vn/rss/tin-moi-nhat.rss"]
    section_urls = ["https://tuoitre.vn/thoi-su.htm", "https://tuoitre.vn/kinh-doanh.htm"]
    article_url = (
        r"^https?://tuoitre\.vn/(?:[a-z0-9-]+-\d{14,20}\.htm"
        r"|tin/[a-z0-9/-]+/\d{8}/[a-z0-9-]+/\d+\.html)$"
    )
    listing_url = r"^https?://tuoitre\.vn/[a-z0-9-]+(?:/trang-\d+)?\.htm$"
    page = TuoiTrePage
