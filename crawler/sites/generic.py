"""Any Vietnamese news site, from structured data and content heuristics.

scrapy crawl generic -a domain=baochinhphu.vn
scrapy crawl generic -a start_urls=https://example.vn/thoi-su/,https://example.vn/kinh-te/
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response, TextResponse

from crawler.extraction.discovery import feed_links
from crawler.extraction.page import ArticlePage
from crawler.spiders import NewsSpider


class GenericSpider(NewsSpider):
    name = "generic"
    page = ArticlePage
    # A long slug or a long numeric id: how Vietnamese news sites name article pages
    # (…/gia-vang-giam-20260307080054340.htm, …/tin-tuc-4954454.html, …/post861659.html).
    # Matched on the path only: a host or port ("127.0.0.1:42151/") is no article id.
    article_url = (
        r"^https?://[^/]+/[^?#]*?(?:\d{5,}|[a-z0-9]+(?:-[a-z0-9]+){4,})"
        r"(?:\.html?|\.chn|\.ldo|\.aspx|\.vn|\.vnp|/)?(?:\?.*)?$"
    )
    # Section pages: one short path segment, or a pagination form of one.
    listing_url = r"^https?://[^/]+/[a-z0-9-]{2,40}(?:/|\.html?|\.htm)?(?:(?:trang|page|p)[-/=]?\d+(?:\.html?)?)?$"

    def __init__(
        self, *args: Any, domain: str | None = None, start_urls: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        urls = [u.strip() for u in (start_urls or "").split(",") if u.strip()]
        if domain:
            # "example.vn" means https://example.vn; a scheme, when given, is kept
            root = domain.strip().rstrip("/")
            root = root if "://" in root else f"https://{root}"
            urls = urls or [f"{root}/"]
            self.sitemap_urls = [f"{root}/robots.txt"]
        if not urls:
            raise ValueError("generic spider: give -a domain=example.vn or -a start_urls=URL,URL")
        hosts = {urlsplit(u).hostname or "" for u in urls}
        self.allowed_domains = sorted({h.removeprefix("www.") for h in hosts if h})
        self.section_urls = urls

    def parse_listing(self, response: Response, depth: int = 0) -> Iterator[Request]:
        if depth == 0 and isinstance(response, TextResponse) and "feeds" in self.discovery:
            for url in feed_links(response.text, response.url):
                yield Request(url, callback=self.parse_feed)
        if self._article_re.search(response.url) and depth == 0:
            yield from self.parse_article(response)  # type: ignore[misc]
        yield from super().parse_listing(response, depth)
