"""Downloader middleware: decode legacy and mislabelled pages from their bytes (R0/R1) before
any spider reads them. The decision itself is `crawler.extraction.decoding.decode_page`."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from scrapy.statscollectors import StatsCollector
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

from crawler.extraction.decoding import decode_page

PAGE_REPAIRS = "news_page_repairs"  # request.meta key: the page-level repairs made


def redecode(response: Response) -> tuple[Response, tuple[str, ...]]:
    """The response as its reader saw it, and the repairs that took (none: the same response)."""
    if not isinstance(response, HtmlResponse):
        return response, ()
    content_type = response.headers.get("Content-Type")
    declared = http_content_type_encoding(
        content_type.decode("latin-1") if content_type else None
    ) or html_body_declared_encoding(response.body)
    decoded = decode_page(response.body, declared, lambda: response.text)
    if decoded.html is None:
        return response, decoded.repairs
    replaced = response.replace(body=decoded.html.encode("utf-8"), encoding="utf-8")
    return replaced, decoded.repairs


class PageDecodingMiddleware:
    """Re-decode pages whose charset label or fonts would garble their Vietnamese.

    Stats: `decoding/<repair>` per page ("charset:utf-8", "charset:windows-1258", "font:tcvn3",
    "font:vni"); the repairs also go into the record's `normalisation` list.
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageDecodingMiddleware:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        decoded, repairs = redecode(response)
        for repair in repairs:
            self.stats.inc_value(f"decoding/{repair}")
        if repairs:
            request.meta[PAGE_REPAIRS] = list(repairs)
        return decoded
