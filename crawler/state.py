"""The crawl state that persists across runs: which articles were exported, and as what.

One row per article, keyed by the URL discovery found it under. A row is `pending` from the
moment its record goes to the exporter until the record is known to be written, then `exported`;
a crawl killed in between leaves `pending` rows, which `reconcile` settles against the export
file on the next start (written: exported; not written: forgotten, so it is fetched again).

`CrawlState` is the interface the Scrapy layer uses; `SQLiteState` is the embedded default (one
file, no server). The distributed mode replaces it with a shared store of the same interface.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

PENDING = "pending"
EXPORTED = "exported"


@dataclass(frozen=True)
class Seen:
    """What the state knows of one article."""

    key: str  # the URL discovery gave (tracking parameters removed)
    status: str  # PENDING or EXPORTED
    revision: int  # 1 for the first export, +1 for each changed re-export
    content_hash: str  # the exported record's `content_hash`
    etag: str | None = None  # HTTP validators of the last fetch, for conditional requests
    last_modified: str | None = None
    listed_at: str | None = None  # the sitemap lastmod / feed date it was last listed with
    published_at: str | None = None  # ISO 8601, from the record: decides the re-check window
    checked_at: str | None = None  # UTC ISO 8601: the last fetch, changed or not
    record_url: str | None = None  # the record's `url` (differs from `key` after a redirect)
    owner: str | None = None  # the worker exporting a PENDING record (distributed crawls)


# What `claim` found: a record to export (NEW, CHANGED), or none (UNCHANGED: same text as
# exported; BUSY: another request of this run is exporting it right now).
NEW, CHANGED, UNCHANGED, BUSY = "new", "changed", "unchanged", "busy"
FETCHED = "fetched"  # this run's request mark of an article that was fetched (see `requested`)


class CrawlState(Protocol):
    def get(self, key: str) -> Seen | None: ...

    def claim(self, seen: Seen) -> tuple[str, int]:
        """Decide, atomically, whether the fetched article `seen` is exported: NEW or CHANGED
        (then it is recorded PENDING with the returned revision), UNCHANGED (its check time
        and validators are recorded) or BUSY."""

    def requested(self, key: str, listed_at: str | None, *, fetch: bool = True) -> bool:
        """Whether an article request goes ahead in this run: the first request of `key`, or,
        when the earlier one was not fetched (`fetch` False: the state said unchanged), one
        listed with a later date (a sitemap lastmod after a feed date). Once fetched, never
        again in this run."""

    def begin(self, seen: Seen) -> None:
        """Write `seen` as it is (seeding a state, and `claim`'s own write); a crawl records an
        article through `claim`, which decides first."""

    def exported(self, key: str) -> None:
        """The record of `key` is written: PENDING -> EXPORTED."""

    def checked(
        self,
        key: str,
        when: datetime,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        listed_at: str | None = None,
    ) -> None:
        """A fetch (or a 304) found the article unchanged."""

    def pending(self) -> list[Seen]: ...

    def forget(self, keys: Iterable[str]) -> None: ...

    def expire(self, before: datetime) -> int:
        """Forget articles last checked before `before`; return how many."""

    def close(self) -> None: ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    key TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    revision INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    listed_at TEXT,
    published_at TEXT,
    checked_at TEXT,
    record_url TEXT,
    owner TEXT
);
CREATE INDEX IF NOT EXISTS articles_status ON articles (status);
"""
_COLUMNS = tuple(Seen.__dataclass_fields__)


class SQLiteState:
    """`CrawlState` in one SQLite file.

    WAL mode with synchronous=NORMAL: each change is committed at once and survives the process
    being killed (it is in the operating system's hands); only a power cut can lose the last few.
    One crawl process writes it at a time; a second process would wait on its lock.
    """

    @classmethod
    def open(cls, settings: Any, spider_name: str) -> SQLiteState | None:
        """From the NEWS_STATE_PATH setting ("%(name)s": the spider); None when it is empty."""
        template = settings.get("NEWS_STATE_PATH", "")
        return cls(template % {"name": spider_name}) if template else None

    def __init__(self, path: str | Path) -> None:
        self._requested: dict[str, str] = {}  # this run's article requests: key -> listed date
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(articles)")}
        for column in _COLUMNS:
            if column not in columns:  # a state file from before the column existed
                self._db.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT")

    def get(self, key: str) -> Seen | None:
        row = self._db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM articles WHERE key = ?", (key,)
        ).fetchone()
        return Seen(*row) if row else None

    def claim(self, seen: Seen) -> tuple[str, int]:
        self._db.execute("BEGIN IMMEDIATE")  # one decision at a time, whoever else opened it
        try:
            old = self.get(seen.key)
            outcome, revision = decide(old, seen)
            if outcome in (NEW, CHANGED):
                self.begin(replace(seen, status=PENDING, revision=revision))
            elif outcome == UNCHANGED:
                self.checked(
                    seen.key,
                    datetime.now(UTC),
                    etag=seen.etag,
                    last_modified=seen.last_modified,
                    listed_at=seen.listed_at,
                )
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        return outcome, revision

    def requested(self, key: str, listed_at: str | None, *, fetch: bool = True) -> bool:
        before = self._requested.get(key)
        if before == FETCHED or (before is not None and not later_listing(listed_at, before)):
            return False
        self._requested[key] = FETCHED if fetch else (listed_at or before or "")
        return True

    def begin(self, seen: Seen) -> None:
        values = [getattr(seen, c) for c in _COLUMNS]
        self._db.execute(
            f"INSERT OR REPLACE INTO articles ({', '.join(_COLUMNS)})"
            f" VALUES ({', '.join('?' for _ in _COLUMNS)})",
            values,
        )

    def exported(self, key: str) -> None:
        self._db.execute("UPDATE articles SET status = ? WHERE key = ?", (EXPORTED, key))

    def checked(
        self,
        key: str,
        when: datetime,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        listed_at: str | None = None,
    ) -> None:
        self._db.execute(
            "UPDATE articles SET checked_at = ?, etag = COALESCE(?, etag),"
            " last_modified = COALESCE(?, last_modified), listed_at = COALESCE(?, listed_at)"
            " WHERE key = ?",
            (utc_iso(when), etag, last_modified, listed_at, key),
        )

    def pending(self) -> list[Seen]:
        rows = self._db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM articles WHERE status = ?", (PENDING,)
        )
        return [Seen(*row) for row in rows]

    def forget(self, keys: Iterable[str]) -> None:
        self._db.executemany("DELETE FROM articles WHERE key = ?", [(k,) for k in keys])

    def expire(self, before: datetime) -> int:
        cursor = self._db.execute(
            "DELETE FROM articles WHERE status = ? AND checked_at < ?", (EXPORTED, utc_iso(before))
        )
        return cursor.rowcount

    def __len__(self) -> int:
        (count,) = self._db.execute("SELECT COUNT(*) FROM articles").fetchone()
        return int(count)

    def close(self) -> None:
        self._db.close()


def decide(old: Seen | None, seen: Seen) -> tuple[str, int]:
    """`claim`'s decision, from what the state holds for the key."""
    if old is None:
        return NEW, 1
    if old.status == PENDING:
        return BUSY, old.revision
    if old.content_hash == seen.content_hash:
        return UNCHANGED, old.revision
    return CHANGED, old.revision + 1


def later_listing(listed: str | None, before: str) -> bool:
    """A listing date that says more than `before` ("": listed without a date)."""
    moment = _moment(listed)
    if moment is None:
        return False
    earlier = _moment(before)
    return earlier is None or moment > earlier


def _moment(text: str | None) -> datetime | None:
    """An ISO 8601 date or time ("Z" for UTC; a time without offset read as UTC), or None."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def utc_iso(when: datetime) -> str:
    # milliseconds: a run that starts in the second the last one ended must tell them apart
    return when.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def utc_now() -> str:
    return utc_iso(datetime.now(UTC))


def due_for_recheck(
    seen: Seen, now: datetime, *, recheck_days: float, recheck_every_hours: float
) -> bool:
    """A young article (published within `recheck_days`) not checked for `recheck_every_hours`
    is fetched again: news is corrected and updated most in its first days."""
    if recheck_days <= 0 or not seen.published_at:
        return False
    published = datetime.fromisoformat(seen.published_at)
    if now - published > timedelta(days=recheck_days):
        return False
    if not seen.checked_at:
        return True
    checked = datetime.fromisoformat(seen.checked_at.replace("Z", "+00:00"))
    return now - checked >= timedelta(hours=recheck_every_hours)


def listed_later(seen: Seen, listed_at: str | None) -> bool:
    """The sitemap's lastmod or the feed's date is later than the article's last fetch and than
    the date it was listed with then: modified since we read it. (A sitemap lastmod later than
    the feed date we first saw, but earlier than our fetch, says nothing new.)"""
    befores = [b for b in (seen.listed_at, seen.checked_at) if b]
    return bool(befores) and all(later_listing(listed_at, before) for before in befores)


def export_urls(path: Path) -> tuple[set[str], bool]:
    """The `url` of every complete record in a JSON Lines export, and whether a last line cut
    short (a process killed while writing it) was removed from the file: its article is
    fetched again, and the next record starts on a line of its own."""
    if not path.is_file():
        return set(), False
    data = path.read_bytes()
    cut = bool(data) and not data.endswith(b"\n")
    if cut:
        end = data.rfind(b"\n") + 1
        with path.open("r+b") as handle:
            handle.truncate(end)
        data = data[:end]
    urls = set()
    for line in data.splitlines():
        try:
            urls.add(json.loads(line)["url"])
        except (ValueError, KeyError, TypeError):
            continue
    return urls, cut


def reconcile(state: CrawlState, exported_urls: set[str]) -> tuple[int, int]:
    """Settle PENDING rows left by a killed crawl: those whose record is in the export (by its
    `url`) become EXPORTED, the rest are forgotten (fetched again). Returns (confirmed,
    forgotten)."""
    confirmed: list[str] = []
    lost: list[str] = []
    for seen in state.pending():
        written = seen.key in exported_urls or seen.record_url in exported_urls
        (confirmed if written else lost).append(seen.key)
    for key in confirmed:
        state.exported(key)
    state.forget(lost)
    return len(confirmed), len(lost)
