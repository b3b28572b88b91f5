"""Page work in worker processes during a crawl (NEWS_EXTRACT_WORKERS > 0).

Scrapy runs on one core. Reading a page (parsing, boilerplate, paragraphs, normalisation) costs
about twice what Scrapy spends fetching it, so on one core the crawl is bound by that work. With
workers, the spider hands each article page's bytes to a process pool and awaits the record;
the reactor keeps fetching meanwhile. What must see every record of the crawl in order
(validation, deduplication, the crawl state, near-duplicates, the export) still runs here, in
the item pipelines. The pipelines the workers ran (NEWS_WORKER_PIPELINES) pass a record that
says so (`Article.prepared`) through unchanged.

Workers are spawned, not forked: the crawl process runs threads and an event loop. Each builds
the spider and those pipelines once, from the crawl's settings, and sends back with each record
the stats its pipelines counted.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from typing import Any, NamedTuple, cast

from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.misc import build_from_crawler, load_object

from crawler.duplicates import Signer
from crawler.items import Article
from crawler.middlewares import Decoding, page_source, read_page
from crawler.pipelines.duplicates import text_key

# the record, or why there is none; the stats counted; what decoding the page found
Result = tuple[Article | str, dict[str, int], Decoding]


class Fetched(NamedTuple):
    """A page as the crawl fetched it, for a worker to read."""

    url: str
    body: bytes
    encoding: str  # Scrapy's reading of it
    content_type: str | None  # its header: PageDecodingMiddleware's decision is the worker's
    html: bool  # whether Scrapy took it for HTML
    now: datetime  # the spider's clock, for relative dates ("2 giờ trước")


class PageWorkers:
    """The crawl's side of the pool."""

    def __init__(self, settings: Settings, spider_name: str, count: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.pool = ProcessPoolExecutor(
            count,
            mp_context=context,
            initializer=_start,
            initargs=(settings.copy_to_dict(), spider_name),
        )

    async def read(self, fetched: Fetched) -> Result:
        """Read a page as the crawl would."""
        future = self.pool.submit(_read, fetched)
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


# -- the worker's side: one spider and its page pipelines per process (set by _start) ----------

_spider: Any = None
_pipelines: list[Any] = []
_stats: MemoryStatsCollector | None = None
_signer: Signer | None = None


def _start(settings: Mapping[str, Any], spider_name: str) -> None:
    global _spider, _pipelines, _stats, _signer
    from scrapy.spiderloader import get_spider_loader

    crawl_settings = Settings(dict(settings))
    crawl_settings.set("NEWS_EXTRACT_WORKERS", 0)  # a worker reads its pages itself
    cls = get_spider_loader(crawl_settings).load(spider_name)
    crawler = Crawler(cls, crawl_settings)
    _stats = MemoryStatsCollector(crawler)
    crawler.stats = _stats
    _spider = cls.from_crawler(crawler)
    crawler.spider = _spider
    _pipelines = [
        build_from_crawler(load_object(path), crawler)
        for path in crawl_settings.getlist("NEWS_WORKER_PIPELINES")
    ]
    if crawl_settings.get("NEWS_DUPLICATES", "mark") != "off":
        _signer = Signer(crawl_settings.getfloat("NEWS_DUPLICATES_THRESHOLD", 0.5))


def _read(fetched: Fetched) -> Result:
    assert _stats is not None
    before = dict(_stats.get_stats())
    url = fetched.url
    headers = {"Content-Type": fetched.content_type} if fetched.content_type else {}
    kind = HtmlResponse if fetched.html else TextResponse
    response = kind(
        url=url, body=fetched.body, encoding=fetched.encoding, headers=headers, request=Request(url)
    )
    decoded, found = read_page(response)  # what PageDecodingMiddleware does in the crawl
    result: Article | str
    page = _spider.page(url, page_source(cast(TextResponse, decoded)))
    if not page.is_article():
        result = "not_article"
    else:
        item = page.article(fetched.now).evolve(normalisation=list(found.repairs))
        for pipeline in _pipelines:
            item = pipeline.process_item(item)
        if item.body is not None:  # a tree does not cross processes: its markup does
            item = item.evolve(body_html=item.body_html_now(), body=None)
        ran = tuple(type(pipeline).__name__ for pipeline in _pipelines)
        item = item.evolve(prepared=item.prepared + ran)
        if _signer is not None:  # the near-duplicate signature is page work too
            signature = _signer.signature(text_key(item))
            item = item.evolve(minhash=signature.astype("<u4").tobytes())
        result = item
    after = _stats.get_stats()
    delta = {
        key: value - before.get(key, 0)
        for key, value in after.items()
        if isinstance(value, int) and value != before.get(key, 0)
    }
    return result, delta, found
