"""Distributed crawling on Redis: several crawler processes share one crawl.

Setting NEWS_REDIS_URL switches it on (the `Distributed` add-on, always listed in ADDONS, does
nothing without it); spiders are unchanged. Each worker then uses:

- scrapy-redis's scheduler and priority queue: one request queue in Redis (its Scheduler works
  with Scrapy 2.13+'s `start()`; its RedisSpider, which needs `start_requests()`, is not used);
- `RedisDupeFilter`: Scrapy's own request fingerprinter, each fingerprint a Redis key that
  expires after NEWS_REDIS_SEEN_TTL seconds, so the seen-set stays bounded;
- `RedisState`: the crawl state (crawler.state.CrawlState) as one Redis hash per spider, with
  the claim made atomic by a Lua script, so each article is exported by exactly one worker;
- `Coordinator`: one worker runs discovery per run; workers stay open while any of them is busy
  or requests are queued; when all are idle, one of them settles what dead workers left pending
  (against their export files) and runs discovery once more (the sweep), so that requests a
  killed worker had taken from the queue are fetched by the others. The last worker to close
  writes the run's summary, all workers added up, next to its export (`*.run-summary.json`).

Keys live under "<NEWS_REDIS_PREFIX>:<spider>:". Each worker writes its own export file.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.dupefilters import BaseDupeFilter
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.settings import BaseSettings
from twisted.internet import task

from crawler.dataset import read_urls
from crawler.export import DatasetExport
from crawler.monitoring import RUN_TOTALS, local_exports, summary_counts
from crawler.state import EXPORTED, PENDING, Seen, export_urls, utc_iso

logger = logging.getLogger(__name__)


def _redis(url: str) -> Any:
    import redis  # imported here: only the distributed mode needs it

    return redis.Redis.from_url(url, decode_responses=True)


def prefix(settings: BaseSettings | Any, spider_name: str) -> str:
    return f"{settings.get('NEWS_REDIS_PREFIX') or 'vn-news'}:{spider_name}"


def run_key(key: str, run: str, name: str) -> str:
    """A key of one run of a spider ("<prefix>:<spider>:run:<run id>:<name>")."""
    return f"{key}:run:{run or 'none'}:{name}"


def current_run(server: Any, key: str) -> str:
    """The run the workers of a spider are in: named by the first worker to open."""
    return str(server.get(f"{key}:run") or "")


def worker_id(settings: BaseSettings | Any) -> str:
    return str(settings.get("NEWS_WORKER_ID") or f"{socket.gethostname()}-{os.getpid()}")


class Distributed:
    """Add-on: with NEWS_REDIS_URL set, switch the crawl to the Redis components."""

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("NEWS_REDIS_URL")
        if not url:
            return
        # as strong as the switch itself: a -s NEWS_REDIS_URL=… beats the project's own choices
        priority = settings.getpriority("NEWS_REDIS_URL") or 0
        name_prefix = settings.get("NEWS_REDIS_PREFIX") or "vn-news"
        for name, value in {
            "REDIS_URL": url,
            "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
            "SCHEDULER_QUEUE_KEY": f"{name_prefix}:%(spider)s:requests",
            "SCHEDULER_PERSIST": True,  # a worker that stops leaves the queue to the others
            "DUPEFILTER_CLASS": "crawler.distributed.RedisDupeFilter",
            "NEWS_STATE_BACKEND": "crawler.distributed.RedisState",
            "NEWS_WORKER_ID": worker_id(settings),
        }.items():
            settings.set(name, value, priority=priority)
        settings.set(
            "EXTENSIONS",
            {**settings.getdict("EXTENSIONS"), "crawler.distributed.Coordinator": 50},
            priority=priority,
        )
        settings.set(
            "SPIDER_MIDDLEWARES",
            {**settings.getdict("SPIDER_MIDDLEWARES"), "crawler.distributed.DiscoverOnce": 10},
            priority=priority,
        )


class RedisDupeFilter(BaseDupeFilter):
    """Requests seen by any worker, by Scrapy's request fingerprint; each mark expires."""

    def __init__(self, server: Any, key: str, ttl: int, fingerprinter: Any) -> None:
        self.server = server
        self.key = key
        self.ttl = ttl
        self.fingerprinter = fingerprinter

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisDupeFilter:
        assert crawler.spidercls is not None
        settings = crawler.settings
        return cls(
            _redis(settings.get("NEWS_REDIS_URL")),
            f"{prefix(settings, crawler.spidercls.name)}:seen",
            settings.getint("NEWS_REDIS_SEEN_TTL", 86400),
            crawler.request_fingerprinter,
        )

    @classmethod
    def from_spider(cls, spider: Spider) -> RedisDupeFilter:  # what scrapy-redis calls
        return cls.from_crawler(spider.crawler)

    def request_seen(self, request: Request) -> bool:
        fingerprint = self.fingerprinter.fingerprint(request).hex()
        added = self.server.set(f"{self.key}:{fingerprint}", 1, nx=True, ex=self.ttl)
        return not added

    def clear(self) -> None:
        for key in self.server.scan_iter(f"{self.key}:*", count=1000):
            self.server.delete(key)

    def log(self, request: Request, spider: Spider) -> None:
        spider.crawler.stats.inc_value("dupefilter/filtered")  # type: ignore[union-attr]


# The claim, in one step on the server: the decision of crawler.state.decide (the tests run the
# same cases through both).
_CLAIM = """
local current = redis.call('HGET', KEYS[1], ARGV[1])
local new = cjson.decode(ARGV[2])
if not current then
  new.status = 'pending'; new.revision = 1
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(new))
  return {'new', 1}
end
local old = cjson.decode(current)
if old.status == 'pending' then return {'busy', old.revision} end
if old.content_hash == new.content_hash then
  for _, name in ipairs({'checked_at', 'etag', 'last_modified', 'listed_at'}) do
    if new[name] ~= cjson.null and new[name] ~= nil then old[name] = new[name] end
  end
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(old))
  return {'unchanged', old.revision}
end
new.status = 'pending'; new.revision = old.revision + 1
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(new))
return {'changed', new.revision}
"""
_UPDATE = """
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return 0 end
local row = cjson.decode(current)
local changes = cjson.decode(ARGV[2])
for name, value in pairs(changes) do
  if value ~= cjson.null then row[name] = value end
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(row))
return 1
"""
_REQUESTED = """
local before = redis.call('HGET', KEYS[1], ARGV[1])
local listed = ARGV[2]
if before == 'fetched' then return 0 end
if before and (listed == '' or (before ~= '' and listed <= before)) then return 0 end
if ARGV[4] == '1' then listed = 'fetched' elseif listed == '' and before then listed = before end
redis.call('HSET', KEYS[1], ARGV[1], listed)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""


class RedisState:
    """`crawler.state.CrawlState` in Redis, shared by every worker of a spider."""

    def __init__(self, server: Any, key: str, run_ttl: int = 7 * 86400) -> None:
        self.server = server
        self.key = key
        self.run_ttl = run_ttl
        self._run = ""
        self._claim = server.register_script(_CLAIM)
        self._update = server.register_script(_UPDATE)
        self._requested = server.register_script(_REQUESTED)

    @classmethod
    def open(cls, settings: Any, spider_name: str) -> RedisState:
        url = settings.get("NEWS_REDIS_URL")
        if not url:
            raise NotConfigured("RedisState needs NEWS_REDIS_URL")
        return cls(_redis(url), prefix(settings, spider_name))

    @property
    def articles(self) -> str:
        return f"{self.key}:state"

    def run_key(self, name: str) -> str:
        if not self._run:  # named by the first worker when it opened (Coordinator)
            self._run = current_run(self.server, self.key)
        return run_key(self.key, self._run, name)

    def get(self, key: str) -> Seen | None:
        raw = self.server.hget(self.articles, key)
        return Seen(**json.loads(raw)) if raw else None

    def claim(self, seen: Seen) -> tuple[str, int]:
        outcome, revision = self._claim(keys=[self.articles], args=[seen.key, _json(seen)])
        return str(outcome), int(revision)

    def requested(self, key: str, listed_at: str | None, *, fetch: bool = True) -> bool:
        # ISO dates of one site share their offset, so they compare as text
        added = self._requested(
            keys=[self.run_key("requested")],
            args=[key, listed_at or "", self.run_ttl, "1" if fetch else "0"],
        )
        return bool(added)

    def begin(self, seen: Seen) -> None:
        self.server.hset(self.articles, seen.key, _json(seen))

    def exported(self, key: str) -> None:
        self._update(keys=[self.articles], args=[key, json.dumps({"status": EXPORTED})])

    def checked(
        self,
        key: str,
        when: datetime,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        listed_at: str | None = None,
    ) -> None:
        changes = {
            "checked_at": utc_iso(when),
            "etag": etag,
            "last_modified": last_modified,
            "listed_at": listed_at,
        }
        self._update(keys=[self.articles], args=[key, json.dumps(changes)])

    def pending(self) -> list[Seen]:
        rows = (Seen(**json.loads(v)) for _, v in self.server.hscan_iter(self.articles))
        return [row for row in rows if row.status == PENDING]

    def forget(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if keys:
            self.server.hdel(self.articles, *keys)

    def expire(self, before: datetime) -> int:
        cutoff = utc_iso(before)
        old = [
            key
            for key, raw in self.server.hscan_iter(self.articles)
            if (row := json.loads(raw))["status"] == EXPORTED
            and (row.get("checked_at") or "") < cutoff
        ]
        self.forget(old)
        return len(old)

    def __len__(self) -> int:
        return int(self.server.hlen(self.articles))

    def close(self) -> None:
        self.server.close()


def _json(seen: Seen) -> str:
    return json.dumps(asdict(seen), ensure_ascii=False)


class RunSet:
    """A set shared by the workers of the current run (the deduplication pipeline's). Each value
    remembers the worker that added it: the sweep takes back a dead worker's values, whose
    articles it may have to export again."""

    def __init__(self, crawler: Crawler, name: str) -> None:
        assert crawler.spidercls is not None
        self.server = _redis(crawler.settings.get("NEWS_REDIS_URL"))
        self.key = prefix(crawler.settings, crawler.spidercls.name)
        self.name = name
        self.worker = worker_id(crawler.settings)
        self.run = ""

    def add(self, value: str) -> bool:
        if not self.run:  # named when the first worker opened; fixed for this worker's life
            self.run = current_run(self.server, self.key)
        key = run_key(self.key, self.run, self.name)
        pipe = self.server.pipeline()
        added, _ = pipe.hsetnx(key, value, self.worker).expire(key, 7 * 86400).execute()
        return bool(added)


class DiscoverOnce:
    """Spider middleware: only the run's first worker runs the spider's discovery (`start()`);
    the others take their requests from the shared queue."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DiscoverOnce:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        coordinator = Coordinator.of(self.crawler)
        if coordinator is not None and not coordinator.claim_lock("discovery"):
            logger.info("Discovery runs in another worker; taking requests from the queue")
            return
        async for item_or_request in start:
            yield item_or_request
        if coordinator is not None:
            coordinator.mark("discovered")  # the sweep waits for this, or for our death


class Coordinator:
    """Extension: run identity, heartbeats, staying open while others work, the final sweep,
    and the run's summary (see the module doc)."""

    HEARTBEAT = 1.0  # seconds between a worker's heartbeats
    BUSY_WITHIN = 3.0  # a worker that worked this recently may still queue requests
    SILENT_AFTER = 2.5  # a worker silent this long has missed heartbeats: alive or dead?

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.get("NEWS_REDIS_URL"):
            raise NotConfigured
        assert crawler.spidercls is not None
        self.crawler = crawler
        self.server = _redis(settings.get("NEWS_REDIS_URL"))
        self.key = prefix(settings, crawler.spidercls.name)
        self.worker = worker_id(settings)
        self.run = ""
        self.last_busy = 0.0
        # a worker silent this long is gone (killed, or its machine is); generous, because the
        # sweep re-exports what a worker taken for dead had pending
        self.dead_after = settings.getfloat("NEWS_REDIS_DEAD_AFTER", 30.0)
        self.loop: task.LoopingCall | None = None
        setattr(crawler, "_news_coordinator", self)  # noqa: B010 (read by DiscoverOnce)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Coordinator:
        ext = cls(crawler)
        for handler, signal in (
            (ext.spider_opened, signals.spider_opened),
            (ext.spider_idle, signals.spider_idle),
            (ext.spider_closed, signals.spider_closed),
            (ext.busy, signals.request_scheduled),
            (ext.busy, signals.response_received),
            (ext.busy, signals.item_scraped),
        ):
            crawler.signals.connect(handler, signal=signal)
        return ext

    @staticmethod
    def of(crawler: Crawler) -> Coordinator | None:
        return getattr(crawler, "_news_coordinator", None)

    # -- run and locks --------------------------------------------------------------------------

    def _run_key(self, name: str) -> str:
        return run_key(self.key, self.run, name)

    def claim_lock(self, name: str) -> bool:
        return bool(self.server.set(self._run_key(name), self.worker, nx=True, ex=7 * 86400))

    def mark(self, name: str) -> None:
        self.server.set(self._run_key(name), self.worker, ex=7 * 86400)

    def spider_opened(self, spider: Spider) -> None:
        # The first worker names the run; later ones, and a restarted one, join it.
        self.server.set(f"{self.key}:run", uuid.uuid4().hex, nx=True)
        self.run = current_run(self.server, self.key)
        self.last_busy = time.time()  # a worker that just came is about to work
        exports = [str(p.resolve()) for p in local_exports(self.crawler, spider)]
        dataset = DatasetExport.of(self.crawler)
        if dataset is not None:
            exports.append(dataset.run_glob())  # its partitions, finished or `.part`
        self.server.hset(self._run_key("exports"), self.worker, json.dumps(exports))
        self.beat()
        self.loop = task.LoopingCall(self.beat)
        self.loop.start(self.HEARTBEAT, now=False)
        logger.info("Worker %s joined run %s of %s", self.worker, self.run, spider.name)

    def busy(self, *args: Any, **kwargs: Any) -> None:
        self.last_busy = time.time()

    def beat(self) -> None:
        engine = self.crawler.engine
        downloader = getattr(engine, "downloader", None)
        if downloader is not None and getattr(downloader, "active", None):
            self.last_busy = time.time()
        # Ask the scheduler now rather than at the engine's next 5-second heartbeat: requests
        # other workers queued are waiting in Redis. (A private hook of Scrapy's engine; without
        # it a worker still joins, only later.)
        nextcall = getattr(getattr(engine, "_slot", None), "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()
        self.server.hset(
            self._run_key("workers"),
            self.worker,
            json.dumps({"seen": time.time(), "busy": self.last_busy}),
        )

    def _workers(self) -> dict[str, dict[str, float]]:
        raw = self.server.hgetall(self._run_key("workers"))
        return {k: json.loads(v) for k, v in raw.items()}

    # -- staying open, the sweep ----------------------------------------------------------------

    def spider_idle(self, spider: Spider) -> None:
        self.beat()
        now = time.time()
        queued = self.server.zcard(f"{self.key}:requests")
        others = {w: s for w, s in self._workers().items() if w != self.worker}
        alive = {w: s for w, s in others.items() if now - s["seen"] < self.dead_after}
        if queued or any(now - s["busy"] < self.BUSY_WITHIN for s in alive.values()):
            raise DontCloseSpider  # requests are coming; the scheduler is asked again soon
        if any(now - s["seen"] > self.SILENT_AFTER for s in alive.values()):
            # a worker stopped beating but is not yet counted dead: wait to know which it is,
            # so that the sweep settles its pending records rather than taking them as busy
            raise DontCloseSpider
        discoverer = self.server.get(self._run_key("discovery"))
        discovered = self.server.exists(self._run_key("discovered"))
        if not discovered and (discoverer in alive or discoverer == self.worker):
            raise DontCloseSpider  # discovery is still running
        if self.claim_lock("sweep"):
            self._sweep(spider, dead=[w for w in others if w not in alive])
            raise DontCloseSpider

    def _sweep(self, spider: Spider, dead: list[str]) -> None:
        """All workers idle: settle dead workers' pending records, then list the site again so
        that anything a dead worker took from the queue is fetched (the state skips the rest)."""
        exports = self.server.hgetall(self._run_key("exports"))
        written: set[str] = set()
        for worker in dead:
            for path in json.loads(exports.get(worker, "[]")):
                if "*" in path:
                    for match in glob.glob(path):
                        written |= read_urls(Path(match))
                else:
                    written |= export_urls(Path(path))[0]
        state = RedisState(self.server, self.key)
        settled = lost = 0
        for seen in state.pending():
            if seen.owner not in dead:
                continue
            if seen.key in written or seen.record_url in written:
                state.exported(seen.key)
                settled += 1
            else:
                state.forget([seen.key])
                lost += 1
        self.server.delete(self._run_key("requested"))
        for name in ("canonical_urls", "content_hashes"):  # see RunSet
            key = self._run_key(name)
            taken = [value for value, owner in self.server.hscan_iter(key) if owner in dead]
            if taken:
                self.server.hdel(key, *taken)
        for seen_key in self.server.scan_iter(f"{self.key}:seen:*", count=1000):
            self.server.delete(seen_key)  # pagination pages are followed again too
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value("distributed/sweep_dead_workers", len(dead))
        stats.set_value("distributed/sweep_settled", settled)
        stats.set_value("distributed/sweep_refetch", lost)
        logger.info(
            "Sweep: %d dead workers, %d of their records written, %d to fetch again;"
            " listing the site once more",
            len(dead),
            settled,
            lost,
        )
        discovery = getattr(spider, "_discovery_requests", None)
        if discovery is None:
            return
        engine = self.crawler.engine
        assert engine is not None
        for request in discovery():
            engine.crawl(request)

    # -- closing: the run's summary -------------------------------------------------------------

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        stats = self.crawler.stats
        assert stats is not None
        totals = self._run_key("summary")
        for name, value in summary_counts(stats.get_stats()).items():
            if value:
                self.server.hincrby(totals, name, value)
        self.server.hincrby(totals, "workers", 1)
        self.server.hdel(self._run_key("workers"), self.worker)
        now = time.time()
        alive = [s for s in self._workers().values() if now - s["seen"] < self.dead_after]
        setattr(self.crawler, RUN_TOTALS, {})
        if alive:
            return
        # the last worker: the run is over
        counts = {k: int(v) for k, v in self.server.hgetall(totals).items()}
        setattr(self.crawler, RUN_TOTALS, counts)
        summary: dict[str, Any] = {"spider": spider.name, "run": self.run, **counts}
        for path in local_exports(self.crawler, spider):
            target = path.with_name(path.stem + ".run-summary.json")
            target.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        logger.info("Run %s of %s finished: %s", self.run, spider.name, summary)
        for name in (
            "workers",
            "exports",
            "requested",
            "discovery",
            "discovered",
            "sweep",
            "summary",
            "canonical_urls",
            "content_hashes",
        ):
            self.server.delete(self._run_key(name))
        self.server.delete(f"{self.key}:run")
