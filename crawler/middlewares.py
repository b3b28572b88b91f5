"""Downloader middleware: decode legacy and mislabelled pages from their bytes (R0/R1) before
any spider reads them. The decision itself is `crawler.extraction.decoding.decode_page`."""

from __future__ import annotations

import asyncio
import codecs
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import NamedTuple
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import (
    MetaRefreshMiddleware as ScrapyMetaRefreshMiddleware,
)
from scrapy.downloadermiddlewares.retry import RetryMiddleware as ScrapyRetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.statscollectors import StatsCollector
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

from crawler.extraction.decoding import decode_page

PAGE_REPAIRS = "news_page_repairs"  # request.meta key: the page-level repairs made
# request.meta key: a page worker (crawler/workers.py) decodes this page, not the crawl process
DECODE_IN_WORKER = "news_decode_in_worker"
logger = logging.getLogger(__name__)


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


def page_source(response: TextResponse) -> str | bytes:
    """What the page is parsed from: the bytes themselves when they are UTF-8 (libxml2 decodes
    them faster than Python would, with no str copy of the page), else Scrapy's decoding."""
    if codecs.lookup(response.encoding).name == "utf-8":
        return response.body
    return response.text


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
        if request.meta.get(DECODE_IN_WORKER):
            return response  # the worker that reads the page decodes it, and reports back
        decoded, found = read_page(response)
        report_decoding(self.stats, request.url, found)
        if found.repairs:
            request.meta[PAGE_REPAIRS] = list(found.repairs)
        return decoded


class Decoding(NamedTuple):
    """What decoding a page found: the repairs made (none: Scrapy's reading was right), and the
    charset it was read in when none was declared."""

    repairs: tuple[str, ...] = ()
    undeclared_read_as: str | None = None


def read_page(response: Response) -> tuple[Response, Decoding]:
    """The response as its reader saw it, and what decoding it found."""
    decoded, repairs = redecode(response)
    if not repairs and isinstance(response, HtmlResponse) and not _declared(response):
        return decoded, Decoding((), response.encoding)
    return decoded, Decoding(repairs)


def report_decoding(stats: StatsCollector, url: str, found: Decoding) -> None:
    """Stats `decoding/<repair>` and `decoding/undeclared`, each with a log line."""
    for repair in found.repairs:
        stats.inc_value(f"decoding/{repair}")
    if found.repairs:
        logger.info("Decoded %s again from its bytes: %s", url, ", ".join(found.repairs))
    elif found.undeclared_read_as is not None:
        stats.inc_value("decoding/undeclared")
        logger.info("No charset declared by %s: read as %s", url, found.undeclared_read_as)


def _declared(response: HtmlResponse) -> str | None:
    content_type = response.headers.get("Content-Type")
    return http_content_type_encoding(
        content_type.decode("latin-1") if content_type else None
    ) or html_body_declared_encoding(response.body)


class MetaRefreshMiddleware(ScrapyMetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, without decoding every page to look for one.

    Scrapy reads the first 4,096 characters of the decoded page, which decodes all of it (a
    news page: 200 KB) though the spider reads the bytes. Those characters lie within the first
    16,384 bytes in any ASCII-compatible charset, so a page whose head has no "refresh" there
    has none to follow. A head with NUL bytes (UTF-16 or UTF-32) is left to Scrapy."""

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if isinstance(response, HtmlResponse):
            head = response.body[:_REFRESH_SPAN]
            if b"\0" not in head and b"refresh" not in head.lower():
                return response
        return super().process_response(request, response)


_REFRESH_SPAN = 4 * 4096  # bytes: 4,096 characters of at most four bytes each


class RetryMiddleware(ScrapyRetryMiddleware):
    """Scrapy's retries, told at INFO (a flaky site shows in the log, not only in the stats:
    retry/reason_count/<reason>), and a 429 or 503 that says Retry-After waited out before the
    request is sent again (at most NEWS_RETRY_AFTER_MAX seconds; stat fault/retry_after)."""

    def _retry(self, request: Request, reason: str | Exception | type[Exception]) -> Request | None:
        retry = super()._retry(request, reason)
        if retry is not None:
            logger.info(
                "Retrying %s (attempt %d): %s", request.url, retry.meta["retry_times"] + 1, reason
            )
        return retry

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request) and response.status in (429, 503):
            cap = self.crawler.settings.getfloat("NEWS_RETRY_AFTER_MAX", 60.0)
            delay = retry_after(response.headers.get("Retry-After"), cap)
            if delay:
                assert self.crawler.stats is not None
                self.crawler.stats.inc_value("fault/retry_after")
                logger.info("%s asked to wait %.0f s (Retry-After): waiting", request.url, delay)
                await asyncio.sleep(delay)
        return result


def retry_after(header: bytes | None, cap: float) -> float:
    """Seconds a Retry-After header asks for (a number, or an HTTP date), at most `cap`; 0 for
    none or nonsense."""
    if not header:
        return 0.0
    text = header.decode("latin-1").strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return 0.0
        seconds = (when - datetime.now(when.tzinfo or UTC)).total_seconds()
    return max(0.0, min(seconds, cap))


class AllowedDomainsMiddleware:
    """No request leaves the spider's allowed_domains: not a redirect to another site, not a
    request marked dont_filter (which Scrapy's own offsite filter lets through). Stat
    offsite/blocked; an INFO line names the request and the host."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AllowedDomainsMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        domains = getattr(spider, "allowed_domains", None)
        if not domains:
            return
        host = (urlsplit(request.url).hostname or "").lower()
        if any(host == d or host.endswith("." + d) for d in domains):
            return
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("offsite/blocked")
        came_from = request.meta.get("redirect_urls") or []
        via = f" (redirected from {came_from[0]})" if came_from else ""
        logger.info("Not following %s%s: %s is outside the allowed domains", request.url, via, host)
        raise IgnoreRequest(f"offsite: {host} is outside the allowed domains")
