from __future__ import annotations

import logging
import sqlite3

import numpy as np
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector
from twisted.internet import task

from crawler.duplicates import NearDuplicateIndex, Signer, cluster_id
from crawler.items import Article
from crawler.text import search_key

MODES = ("mark", "drop", "off")
logger = logging.getLogger(__name__)


class NearDuplicate(DropItem):
    """Dropped with NEWS_DUPLICATES = "drop": a near-duplicate of a record exported earlier.
    The crawl state counts it as settled, so it is not fetched again on the next run."""

    reason = "near_duplicate"


class NearDuplicatePipeline:
    """Link each record to its near-duplicates across sites and runs (crawler/duplicates.py):
    `cluster_id` always, `duplicate_of` when an earlier-published record of the cluster is
    known. Stats: duplicates/linked, duplicates/dropped."""

    def __init__(self, index: NearDuplicateIndex, stats: StatsCollector, drop: bool) -> None:
        self.index = index
        self.stats = stats
        self.drop = drop
        self.flusher: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NearDuplicatePipeline:
        settings = crawler.settings
        mode = settings.get("NEWS_DUPLICATES", "mark")
        if mode not in MODES:
            raise ValueError(f"NEWS_DUPLICATES must be one of {MODES}, not {mode!r}")
        if mode == "off":
            raise NotConfigured("NEWS_DUPLICATES is off")
        threshold = settings.getfloat("NEWS_DUPLICATES_THRESHOLD", 0.5)
        if not 0 < threshold <= 1:
            raise ValueError(f"NEWS_DUPLICATES_THRESHOLD must be in (0, 1], not {threshold}")
        path = settings.get("NEWS_DUPLICATES_PATH") or ""
        assert crawler.stats is not None
        return cls(NearDuplicateIndex(path, Signer(threshold)), crawler.stats, mode == "drop")

    def process_item(self, item: Article) -> Article:
        url = item.canonical_url or item.url
        signature = np.frombuffer(item.minhash, dtype="<u4") if item.minhash else None
        try:
            checked = self.index.check(url, text_key(item), item.published_at, signature)
        except sqlite3.Error as exc:  # the record is good without its links: it goes on
            self._index_failed(exc)
            return item.evolve(duplicate_of=None, cluster_id=cluster_id(url))
        match = checked.match
        if match.duplicate_of is not None:
            if self.drop:
                self.stats.inc_value("duplicates/dropped")
                raise NearDuplicate(f"near_duplicate: {url} of {match.duplicate_of}")
            self.stats.inc_value("duplicates/linked")
        try:
            self.index.record(checked)
        except sqlite3.Error as exc:
            self._index_failed(exc)
        return item.evolve(duplicate_of=match.duplicate_of, cluster_id=match.cluster_id)

    def _flush(self) -> None:
        try:
            self.index.flush()
        except sqlite3.Error as exc:
            self._index_failed(exc)

    def _index_failed(self, error: sqlite3.Error) -> None:
        """The index file could not be read or written (locked past the timeout, disk full,
        damaged): records go on unlinked. Stat duplicates/index_error."""
        self.stats.inc_value("duplicates/index_error")
        logger.error("Near-duplicate index failed, records go on unlinked: %s", error)

    def open_spider(self) -> None:
        # the index commits records in groups; once a second, a group that is old enough is
        # committed even when no record comes to close it (a slow, polite crawl)
        self.flusher = task.LoopingCall(self._flush)
        self.flusher.start(1.0, now=False)

    def close_spider(self) -> None:
        if self.flusher is not None and self.flusher.running:
            self.flusher.stop()
        try:
            self.index.close()
        except sqlite3.Error as exc:
            self._index_failed(exc)


def text_key(article: Article) -> str:
    """The folded text, from the search key when the record has one (the title and sapo, which
    syndicating papers reword, are left out of the comparison)."""
    lead = search_key("\n\n".join(p for p in (article.title, article.summary or "") if p))
    key = article.search_key
    if key and lead and key.startswith(lead + " "):
        return key[len(lead) + 1 :]
    return search_key(article.text)
