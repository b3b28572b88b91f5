"""Incremental crawling across runs, on the Scrapy side of `crawler.state`.

- Discovery requests (robots.txt, sitemaps, feeds, section pages) are always fetched
  (`dont_filter`), so every run, and every resumed run, sees what is new.
- `IncrementalMiddleware` skips an article request whose URL was exported before, unless its
  sitemap lastmod or feed date is later than when it was seen, or it is young enough to be
  re-checked; a re-fetch is conditional (If-None-Match / If-Modified-Since) and a 304 ends it.
- `IncrementalPipeline` (last) drops a re-fetched article whose text is unchanged (`Unchanged`)
  and gives a changed one the next `revision`.
- `IncrementalStateExtension` opens the state, settles what a killed run left pending against
  the export file, marks each record exported once the exporter has written it, and closes it.
- `InRunDupeFilter` is Scrapy's duplicate filter kept in memory even with JOBDIR: the state
  decides across runs, and a resumed run must not skip an article whose request was queued but
  never fetched before the kill.

Settings: NEWS_STATE_PATH ("" turns incremental crawling off), NEWS_RECHECK_DAYS,
NEWS_RECHECK_EVERY_HOURS, NEWS_STATE_EXPIRE_DAYS.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.dupefilters import RFPDupeFilter
from scrapy.exceptions import DropItem, IgnoreRequest
from scrapy.extensions.feedexport import FeedExporter
from scrapy.http import Response
from scrapy.utils.misc import load_object

from crawler.export import DatasetExport
from crawler.items import Article
from crawler.monitoring import local_exports
from crawler.pipelines.dedupe import DuplicateUrl
from crawler.pipelines.duplicates import NearDuplicate
from crawler.state import (
    BUSY,
    PENDING,
    UNCHANGED,
    CrawlState,
    Seen,
    SQLiteState,
    due_for_recheck,
    export_urls,
    listed_later,
    reconcile,
    utc_now,
)

logger = logging.getLogger(__name__)

ARTICLE = "news_article"  # request.meta: the request fetches an article page
LISTED_AT = "news_listed_at"  # request.meta: the sitemap lastmod / feed date it was listed with
_STATE = "_news_state"  # the crawler attribute holding the open state


class Unchanged(DropItem):
    """A re-fetched article whose text is what was exported before: nothing to export."""

    reason = "unchanged"
    quiet = True  # expected on every incremental run: logged at DEBUG


def state_for(crawler: Crawler) -> CrawlState | None:
    """The crawl's state, opened once and shared by the middleware, pipeline and extension: an
    instance of NEWS_STATE_BACKEND (default `SQLiteState`), from its `open(settings, spider)`."""
    if not hasattr(crawler, _STATE):
        assert crawler.spidercls is not None
        backend = load_object(crawler.settings.get("NEWS_STATE_BACKEND") or SQLiteState)
        setattr(crawler, _STATE, backend.open(crawler.settings, crawler.spidercls.name))
    state: CrawlState | None = getattr(crawler, _STATE)
    return state


def article_request(
    url: str, callback: Any, listed_at: datetime | None, errback: Any = None
) -> Request:
    """A request for an article page, marked for the incremental middleware, which also drops
    the in-run duplicates: Scrapy's filter would keep whichever listing came first and drop a
    later one whose sitemap lastmod says the article changed."""
    meta: dict[str, Any] = {ARTICLE: True}
    if listed_at is not None:
        meta[LISTED_AT] = listed_at.isoformat()
    return Request(url, callback=callback, errback=errback, meta=meta, dont_filter=True)


class NotFetched(IgnoreRequest):
    """An article request the crawl state decided not to send (being exported, requested
    already, exported before and unchanged, or answered 304): counted under incremental/*,
    and not a fault."""


class InRunDupeFilter(RFPDupeFilter):
    """Scrapy's request-fingerprint filter, never written to JOBDIR (see the module doc)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> InRunDupeFilter:
        return cls(
            None,
            crawler.settings.getbool("DUPEFILTER_DEBUG"),
            fingerprinter=crawler.request_fingerprinter,
        )


class IncrementalMiddleware:
    """Downloader middleware: skip or condition article requests by the state."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.recheck_days = crawler.settings.getfloat("NEWS_RECHECK_DAYS", 2)
        self.recheck_every = crawler.settings.getfloat("NEWS_RECHECK_EVERY_HOURS", 6)
        self.skipped: set[str] = set()  # article URLs this process skipped (counted once)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        state = state_for(self.crawler)
        if state is None or not request.meta.get(ARTICLE):
            return
        if request.meta.get("retry_times"):
            return  # Scrapy's retry of a request let through before: no second listing
        if request.url in request.meta.get("redirect_urls", ()):
            raise IgnoreRequest(f"redirect loop back to {request.url}")
        stats = self.crawler.stats
        assert stats is not None
        listed = request.meta.get(LISTED_AT)
        seen = state.get(request.url)
        if seen is not None and seen.status == PENDING:  # this run is exporting it right now
            stats.inc_value("incremental/skipped_in_progress")
            raise NotFetched(f"being exported: {request.url}")
        refetch = None
        if seen is not None:
            if listed_later(seen, listed):
                refetch = "listed_later"
            elif due_for_recheck(
                seen,
                datetime.now(UTC),
                recheck_days=self.recheck_days,
                recheck_every_hours=self.recheck_every,
            ):
                refetch = "recheck"
        fetch = seen is None or refetch is not None
        if not state.requested(request.url, listed, fetch=fetch):
            stats.inc_value("incremental/duplicate_in_run")
            raise NotFetched(f"already requested in this run: {request.url}")
        if seen is None:
            return
        if refetch is None:
            # counted once per article, however many listings name it, and not at all when this
            # run exported it (a distributed run's closing sweep lists the site again)
            again = request.url in self.skipped or self._this_run(seen.checked_at)
            self.skipped.add(request.url)
            label = "duplicate_in_run" if again else "skipped_unchanged"
            stats.inc_value(f"incremental/{label}")
            raise NotFetched(f"exported before, nothing says it changed: {request.url}")
        stats.inc_value(f"incremental/refetch/{refetch}")
        if seen.etag:
            request.headers.setdefault("If-None-Match", seen.etag)
        if seen.last_modified:
            request.headers.setdefault("If-Modified-Since", seen.last_modified)

    def _this_run(self, checked_at: str | None) -> bool:
        started = self.crawler.stats.get_value("start_time") if self.crawler.stats else None
        if not checked_at or started is None:
            return False
        checked = datetime.fromisoformat(checked_at.replace("Z", "+00:00"))
        return bool(checked >= started)

    def process_response(self, request: Request, response: Response) -> Response:
        state = state_for(self.crawler)
        if state is None or response.status != 304 or not request.meta.get(ARTICLE):
            return response
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("incremental/not_modified")
        state.checked(request.url, datetime.now(UTC), listed_at=request.meta.get(LISTED_AT))
        raise NotFetched(f"not modified (304): {request.url}")


class IncrementalPipeline:
    """Last pipeline: unchanged re-fetches are dropped, changed ones get the next revision."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalPipeline:
        return cls(crawler)

    def process_item(self, item: Article) -> Article:
        state = state_for(self.crawler)
        if state is None:
            return item
        stats = self.crawler.stats
        assert stats is not None
        key = item.state_key or item.url
        outcome, revision = state.claim(
            Seen(
                key=key,
                status=PENDING,
                revision=1,
                content_hash=item.content_hash,
                etag=item.etag,
                last_modified=item.last_modified,
                listed_at=item.listed_at,
                published_at=item.published_at,
                checked_at=utc_now(),
                record_url=item.url,
                owner=self.crawler.settings.get("NEWS_WORKER_ID") or None,
            )
        )
        if outcome == UNCHANGED:
            raise Unchanged(f"unchanged: {key}")
        if outcome == BUSY:
            raise DuplicateUrl(f"duplicate_url: being exported by another request: {key}")
        stats.inc_value(f"incremental/exported_{outcome}")
        return item.evolve(revision=revision)


class IncrementalStateExtension:
    """Opens, settles, confirms and closes the crawl state (see the module doc)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.expire_days = crawler.settings.getfloat("NEWS_STATE_EXPIRE_DAYS", 0)
        self.warned = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalStateExtension:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        # connected after the FeedExporter (an earlier extension): the record is written first
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        state = state_for(self.crawler)
        if state is None:
            return
        stats = self.crawler.stats
        assert stats is not None
        if self.expire_days > 0:
            expired = state.expire(datetime.now(UTC) - timedelta(days=self.expire_days))
            stats.set_value("incremental/expired", expired)
        # (A distributed run settles dead workers' records itself: crawler/distributed.py.)
        if not self.crawler.settings.get("NEWS_REDIS_URL") and state.pending():
            confirmed, lost = reconcile(state, self._exported_urls(spider))
            stats.set_value("incremental/resumed_confirmed", confirmed)
            stats.set_value("incremental/resumed_refetch", lost)
            logger.info(
                "Settled the last run's unfinished exports: %d written, %d to fetch again",
                confirmed,
                lost,
            )

    def item_scraped(self, item: Any, spider: Spider) -> None:
        state = state_for(self.crawler)
        if state is None or not isinstance(item, Article):
            return
        files = [slot.file for slot in self._feed_slots() if slot.file is not None]
        for file in files:
            file.flush()  # the line is with the OS before the state says "exported"
        if not files and not self.warned and self.crawler.settings.getdict("FEEDS"):
            # Scrapy's FeedExporter keeps its files in `slots` (not a public API): without them a
            # record is marked exported before it is flushed, and a killed crawl can lose it
            self.warned = True
            logger.warning("Cannot reach the export files to flush them; resume may lose records")
            assert self.crawler.stats is not None
            self.crawler.stats.set_value("incremental/no_flush", 1)
        state.exported(item.state_key or item.url)

    def item_dropped(self, item: Any, response: Any, exception: Exception, spider: Spider) -> None:
        """A near-duplicate dropped on purpose (NEWS_DUPLICATES = "drop") is settled: the state
        records it as done, or every later run would fetch it again only to drop it."""
        state = state_for(self.crawler)
        if state is not None and isinstance(exception, NearDuplicate) and isinstance(item, Article):
            state.exported(item.state_key or item.url)

    def spider_closed(self, spider: Spider) -> None:
        state = state_for(self.crawler)
        if state is not None:
            state.close()

    def _feed_slots(self) -> list[Any]:
        manager = getattr(self.crawler, "extensions", None)
        exporters = [m for m in getattr(manager, "middlewares", ()) if isinstance(m, FeedExporter)]
        return [slot for exporter in exporters for slot in getattr(exporter, "slots", [])]

    def _exported_urls(self, spider: Spider) -> set[str]:
        """The `url` of every complete record in the crawl's local JSON Lines exports."""
        dataset = DatasetExport.of(self.crawler)  # its dead runs' records, recovered on opening
        urls: set[str] = set(dataset.recovered_urls) if dataset is not None else set()
        for path in local_exports(self.crawler, spider, formats=("jsonlines", "jsonl")):
            found, cut = export_urls(path)
            if cut:
                logger.warning("Removed a record cut short at the end of %s", path)
            urls |= found
        return urls
