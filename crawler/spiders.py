"""NewsSpider: sitemaps / RSS / section pages -> article URLs -> page -> Article.

A site module sets data on a subclass: where discovery starts, which URLs are articles, and the
`ArticlePage` subclass that reads its pages. Spiders never clean: the item pipelines do.

Operator arguments (``-a name=value``):
  since, until    publication-date window, YYYY-MM-DD in Vietnam time, both ends included
  max_articles    stop after this many articles
  sections        comma-separated section slugs (as in the site's URLs) to keep
  discovery       comma-separated subset of "sitemap,feeds,sections" (default: all three)
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, date, datetime, time
from typing import Any, ClassVar, Self, TypeGuard
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.internet.error import ConnectError, DNSLookupError, TCPTimedOutError
from twisted.internet.error import TimeoutError as TxTimeoutError
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed
from twisted.web.client import PotentialDataLoss

from crawler.extraction.dates import VIETNAM
from crawler.extraction.discovery import Entry, parse_feed, parse_listing, parse_sitemap
from crawler.extraction.page import ArticlePage
from crawler.incremental import LISTED_AT, NotFetched, article_request
from crawler.items import Article
from crawler.middlewares import (
    DECODE_IN_WORKER,
    PAGE_REPAIRS,
    page_source,
    read_page,
    report_decoding,
)
from crawler.workers import Fetched, PageWorkers

DISCOVERY = ("sitemap", "feeds", "sections")
# Tracking parameters never name a different article; dropping them merges duplicate URLs
# before they are fetched (the canonical-URL dedupe catches what remains).
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|zarsrc|zacc|ref|source|from|itm_\w+)$")


def _day(value: str | None, *, end: bool = False) -> datetime | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}") from exc
    moment = datetime.combine(day, time.max if end else time.min).replace(tzinfo=VIETNAM)
    return moment


def clean_url(url: str) -> str:
    """Drop tracking parameters (utm_*, fbclid, …) from an article URL."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = "&".join(
        p for p in parts.query.split("&") if p and not _TRACKING.match(p.split("=", 1)[0])
    )
    return parts._replace(query=kept).geturl()


def _fetch_facts(article: Article, response: Response, *, repairs: bool = True) -> Article:
    """What the fetch adds to the page's record: page-level repairs, the URL discovery gave (the
    state's key, before redirects), HTTP validators and the listing date."""
    if response.request is None:
        return article
    meta = response.meta
    headers = response.headers
    etag = headers.get("ETag")
    last_modified = headers.get("Last-Modified")
    if repairs:  # (a worker's record has them already, its text repairs after them)
        article = article.evolve(
            normalisation=list(meta.get(PAGE_REPAIRS) or article.normalisation)
        )
    return article.evolve(
        state_key=(meta.get("redirect_urls") or [response.url])[0],
        etag=etag.decode("latin-1") if etag else None,
        last_modified=last_modified.decode("latin-1") if last_modified else None,
        listed_at=meta.get(LISTED_AT),
    )


def fault_kind(error: BaseException) -> str:
    """A short name for why a page could not be read, for the stats."""
    message = str(error).lower()
    if isinstance(error, HttpError):
        return f"http_{error.response.status}"
    if "max redirections" in message or "redirect loop" in message:
        return "redirect_loop"
    if "max size" in message or "maxsize" in message:
        return "too_large"
    if "offsite" in message:
        return "offsite"
    if isinstance(error, TimeoutError | TxTimeoutError | TCPTimedOutError):
        return "timeout"
    if isinstance(error, ResponseFailed | PotentialDataLoss):
        return "truncated"
    if isinstance(error, ConnectionRefusedError | ConnectError | DNSLookupError):
        return "connection"
    return type(error).__name__.lower()


class NewsSpider(scrapy.Spider):
    """Base spider of every news site. Subclasses set the class attributes below."""

    name: str = ""
    page: ClassVar[type[ArticlePage]] = ArticlePage
    sitemap_urls: Sequence[str] = ()  # sitemaps, sitemap indexes, or robots.txt listing them
    feed_urls: Sequence[str] = ()  # RSS / Atom feeds
    section_urls: Sequence[str] = ()  # listing pages; pagination is followed
    article_url: str = r"."  # regex an article URL matches (searched, not anchored)
    listing_url: str | None = None  # regex of other listing pages worth following, if any

    def __init__(
        self,
        *args: Any,
        since: str | None = None,
        until: str | None = None,
        max_articles: str | int | None = None,
        sections: str | None = None,
        discovery: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.since = _day(since)
        self.until = _day(until, end=True)
        self.max_articles = int(max_articles) if max_articles not in (None, "") else None
        self.sections = tuple(
            s.strip().strip("/") for s in (sections or "").split(",") if s.strip()
        )
        chosen = tuple(
            d.strip() for d in (discovery or ",".join(DISCOVERY)).split(",") if d.strip()
        )
        unknown = set(chosen) - set(DISCOVERY)
        if unknown:
            raise ValueError(f"unknown discovery {sorted(unknown)}; choose from {DISCOVERY}")
        self.discovery = chosen
        self._article_re = re.compile(self.article_url)
        self._listing_re = re.compile(self.listing_url) if self.listing_url else None
        self._articles = 0
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.workers: PageWorkers | None = None  # NEWS_EXTRACT_WORKERS > 0 (crawler/workers.py)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        count = crawler.settings.getint("NEWS_EXTRACT_WORKERS", 0)
        if count > 0:
            spider.workers = PageWorkers(crawler.settings, spider.name, count)
            crawler.signals.connect(spider._close_workers, signal=signals.spider_closed)
        return spider

    def _close_workers(self) -> None:
        if self.workers is not None:
            self.workers.close()

    # -- discovery ------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for request in self._discovery_requests():
            yield request

    def _discovery_requests(self) -> Iterator[Request]:
        # Discovery pages are fetched on every run and every resumed run (dont_filter): they are
        # where new articles appear, and a resumed JOBDIR crawl must not find them "seen" and
        # stop at once (Scrapy #4479).
        if "sitemap" in self.discovery:
            for url in self.sitemap_urls:
                yield Request(url, callback=self.parse_sitemap, dont_filter=True)
        if "feeds" in self.discovery:
            for url in self.feed_urls:
                yield Request(url, callback=self.parse_feed, dont_filter=True)
        if "sections" in self.discovery:
            for url in self.section_urls:
                if self._in_sections(url):
                    yield Request(
                        url, callback=self.parse_listing, cb_kwargs={"depth": 0}, dont_filter=True
                    )

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        if response.url.endswith("/robots.txt"):
            for url in sitemap_urls_from_robots(response.body, base_url=response.url):
                yield Request(url, callback=self.parse_sitemap, dont_filter=True)
            return
        body = response.body
        if gzip_magic_number(response):
            try:
                body = gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
            except Exception as exc:  # truncated or oversized archive: say so, then move on
                self.logger.warning("Unreadable gzip sitemap %s: %s", response.url, exc)
                self.crawler.stats.inc_value("news/sitemap_invalid")
                return
        sitemap = parse_sitemap(body)
        if not sitemap.kind:
            self.logger.warning("Not a sitemap (or one declaring entities): %s", response.url)
            self.crawler.stats.inc_value("news/sitemap_invalid")
            return
        if sitemap.malformed:
            self.logger.warning("Malformed sitemap, read as far as it goes: %s", response.url)
            self.crawler.stats.inc_value("news/sitemap_malformed")
        for entry in sitemap.entries:
            if sitemap.kind == "sitemapindex":
                # a child sitemap last changed before `since` holds nothing new
                if self.since and entry.date and entry.date < self.since:
                    self.crawler.stats.inc_value("news/sitemap_skipped_old")
                    continue
                yield Request(entry.url, callback=self.parse_sitemap, dont_filter=True)
            else:
                yield from self._article_requests([entry], "sitemap")

    def parse_feed(self, response: Response) -> Iterator[Request]:
        entries = parse_feed(response.body)
        if not entries:
            self.logger.warning("Feed without items (or one declaring entities): %s", response.url)
            self.crawler.stats.inc_value("news/feed_empty")
        yield from self._article_requests(entries, "feed")

    def parse_listing(self, response: Response, depth: int = 0) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            return
        links, next_pages = parse_listing(response.text, response.url)
        yield from self._article_requests([Entry(u) for u in links], "listing")
        max_pages = self.settings.getint("NEWS_MAX_LISTING_PAGES", 50)
        if depth + 1 >= max_pages:
            return
        follow = set(next_pages)
        if self._listing_re:
            follow.update(u for u in links if self._listing_re.search(u) and self._in_sections(u))
        for url in sorted(follow):
            if not self._article_re.search(url):
                yield Request(url, callback=self.parse_listing, cb_kwargs={"depth": depth + 1})

    def _article_requests(self, entries: Iterable[Entry], via: str) -> Iterator[Request]:
        for entry in entries:
            url = clean_url(entry.url)
            if not self._article_re.search(url) or not self.allowed(url):
                continue
            if entry.date and not self._in_window(entry.date, slack=via == "sitemap"):
                self.crawler.stats.inc_value("news/skipped_outside_window")
                continue
            self.crawler.stats.inc_value(f"news/discovered/{via}")
            # the listing date lets the incremental middleware see a changed article
            if self.workers is None:
                yield article_request(url, self.parse_article, entry.date, self.fetch_failed)
                continue
            read = self.parse_article_in_worker
            request = article_request(url, read, entry.date, self.fetch_failed)
            request.meta[DECODE_IN_WORKER] = True  # the worker decodes it: no work here
            yield request

    def allowed(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        domains = getattr(self, "allowed_domains", None) or []
        return not domains or any(host == d or host.endswith("." + d) for d in domains)

    def _in_window(self, when: datetime, *, slack: bool = False) -> bool:
        # a sitemap's lastmod is a modification date: an article modified after `until`
        # may still have been published inside the window
        if self.since and when < self.since:
            return False
        return not (self.until and not slack and when > self.until)

    def _in_sections(self, url: str) -> bool:
        if not self.sections:
            return True
        path = urlsplit(url).path
        return any(f"/{s}/" in path or path.startswith(f"/{s}") for s in self.sections)

    def fetch_failed(self, failure: Failure) -> None:
        """An article page that could not be read: a warning naming the page and why, and the
        stat fault/<kind> (too_large, redirect_loop, offsite, timeout, truncated, http_404, …)."""
        if failure.check(NotFetched):
            return  # the crawl state's decision, counted under incremental/*: not a fault
        kind = fault_kind(failure.value) if failure.value is not None else "unknown"
        self.crawler.stats.inc_value(f"fault/{kind}")
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        self.logger.warning("Could not read %s: %s (%s)", url, kind, failure.getErrorMessage())

    # -- articles -------------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Article]:
        stats = self.crawler.stats
        if not self._readable(response):
            return
        page = self.page(response.url, page_source(response))
        if not page.is_article():
            self.logger.info("Not an article page: %s", response.url)
            stats.inc_value("news/not_article")
            return
        article = _fetch_facts(page.article(self.clock()), response)
        if not self._counted(article):
            return
        yield article
        if self.max_articles is not None and self._articles >= self.max_articles:
            raise CloseSpider("max_articles")

    async def parse_article_in_worker(self, response: Response) -> AsyncIterator[Article]:
        """parse_article, with the page read by a worker process (crawler/workers.py)."""
        stats = self.crawler.stats
        if not self._readable(response):
            return
        if self.workers is None:  # the pool broke earlier: this page is read here
            for article in self.parse_article(self._decoded_here(response)):
                yield article
            return
        content_type = response.headers.get("Content-Type")
        fetched = Fetched(
            response.url,
            response.body,
            response.encoding,
            content_type.decode("latin-1") if content_type else None,
            isinstance(response, HtmlResponse),
            self.clock(),
        )
        try:
            result, counted, found = await self.workers.read(fetched)
        except BrokenProcessPool:
            # a worker died (a page crashed it, or it ran out of memory): the pages are read
            # here from now on, this one included, and the crawl goes on
            self.logger.error("Page workers broke: reading pages in the crawl process from now on")
            stats.inc_value("news/workers_broken")
            self.workers = None
            for article in self.parse_article(self._decoded_here(response)):
                yield article
            return
        report_decoding(stats, response.url, found)
        for key, n in counted.items():
            stats.inc_value(key, n)
        if isinstance(result, str):
            self.logger.info("Not an article page: %s", response.url)
            stats.inc_value("news/not_article")
            return
        article = _fetch_facts(result, response, repairs=False)
        if not self._counted(article):
            return
        yield article
        if self.max_articles is not None and self._articles >= self.max_articles:
            raise CloseSpider("max_articles")

    def _readable(self, response: Response) -> TypeGuard[TextResponse]:
        """Whether an article response is worth reading: the article cap is not reached and the
        page is text. Stats news/skipped_max_articles, news/not_article/not_html."""
        if self.max_articles is not None and self._articles >= self.max_articles:
            self.crawler.stats.inc_value("news/skipped_max_articles")
            return False
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("news/not_article/not_html")
            return False
        return True

    def _decoded_here(self, response: TextResponse) -> Response:
        """A page the decoding middleware left to a worker, decoded as the middleware would."""
        if not response.meta.get(DECODE_IN_WORKER):
            return response
        decoded, found = read_page(response)
        report_decoding(self.crawler.stats, response.url, found)
        if found.repairs:
            response.meta[PAGE_REPAIRS] = list(found.repairs)
        return decoded

    def _counted(self, article: Article) -> bool:
        """Whether the operator's arguments keep the article; counted when they do."""
        if not self._keep(article):
            return False
        self._articles += 1
        self.crawler.stats.inc_value("news/articles")
        return True

    def _keep(self, article: Article) -> bool:
        stats = self.crawler.stats
        if self.since or self.until:
            if not article.published_at:
                stats.inc_value("news/skipped_undated")
                return False
            published = datetime.fromisoformat(article.published_at)
            if not self._in_window(published):
                stats.inc_value("news/skipped_outside_window")
                return False
        if self.sections and not (
            self._in_sections(article.canonical_url or article.url)
            or _slug(article.section or "") in self.sections
        ):
            stats.inc_value("news/skipped_other_section")
            return False
        return True


_VI_TO_ASCII = str.maketrans(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ",
    "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd",
)


def _slug(text: str) -> str:
    """ "Thời sự" -> "thoi-su", the way Vietnamese sites name their section paths."""
    ascii_text = text.lower().translate(_VI_TO_ASCII)
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
