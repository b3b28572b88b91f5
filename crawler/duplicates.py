"""Near-duplicate records across sites and runs: the same TTXVN story republished by ten papers.

Each record's text, normalised and folded (its search key: no case, no marks), is cut into
overlapping runs of five words ("shingles"). A MinHash signature (datasketch) estimates the
Jaccard similarity of two records' shingle sets, and an LSH band index (kept in SQLite, so that
memory stays flat and the index outlives the run) finds the records worth comparing without
comparing every pair. A syndicated copy with another source line, a reworded title or sapo, or
an extra paragraph shares most of its shingles with the original; another paper's own article
about the same event shares a few names and figures, and almost no five-word run.

A record joins the cluster of the most similar earlier record at or above the threshold; a
cluster's id is the id its first record was given. `duplicate_of` names the earliest published
record of the cluster known when the record is exported (null for that record itself): an
exported record is never changed, so an original crawled after its copies is their cluster's
earliest, and the copies, exported before, keep `duplicate_of` null. The cluster id links them.
"""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 5
NUM_PERM = 64  # the estimate's error at 0.5 is about 0.06: copies score 0.75 to 1, others 0.1
SEED = 20261126  # fixed: signatures stored by one run are compared with the next run's
_PRIME = np.uint32(1_000_003)
_SAMPLE_BITS = np.uint32(0b11 << 7)
_MAX32 = np.uint32(0xFFFFFFFF)
# fmix32: x ^= x >> 16; x *= 0x85EBCA6B; x ^= x >> 13; x *= 0xC2B2AE35; x ^= x >> 16
_FMIX32 = (
    (np.uint32(16), np.uint32(0x85EBCA6B)),
    (np.uint32(13), np.uint32(0xC2B2AE35)),
    (np.uint32(16), None),
)


def shingles(key: str) -> np.ndarray:
    """32-bit hashes of a quarter of the five-word runs of a folded text (one run if shorter)."""
    words = key.encode("utf-8").split()
    if not words:
        return np.empty(0, dtype=np.uint32)
    hashes = np.fromiter(map(zlib.crc32, words), dtype=np.uint32, count=len(words))
    width = min(SHINGLE_WORDS, len(words))
    count = len(words) - width + 1
    mixed = np.zeros(count, dtype=np.uint32)
    for offset in range(width):  # a polynomial hash of each run modulo 2**32 (uint32 wraps)
        mixed = mixed * _PRIME + hashes[offset : offset + count]
    # A quarter of the runs, chosen by their hash (the same quarter in every text), estimate
    # the Jaccard similarity of the whole sets at a quarter of the signature's cost. A text too
    # short to keep any keeps them all. (Repeated runs change no minimum: they are left in.)
    sampled = mixed[(mixed & _SAMPLE_BITS) == 0]
    return sampled if sampled.size else mixed


class Signer:
    """MinHash signatures and their LSH band keys, for one threshold."""

    def __init__(self, threshold: float, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        # datasketch picks the bands (b) and rows (r) that best balance missed pairs above the
        # threshold against compared pairs below it. A missed copy costs more than a compared
        # pair (the signatures settle it): at 0.5 with 64 permutations, 15 bands of 3 rows find
        # 87% of the pairs at the threshold, 97% at 0.6 and all but 0.2% at 0.7.
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.2, 0.8))
        self.bands, self.rows = lsh.b, lsh.r
        # Drawn once, when the crawl starts (as the pipelines are built), not at its first record.
        permutations = MinHash(num_perm=num_perm, seed=SEED, scheme="affine32").permutations
        self._a, self._b = (np.asarray(p, dtype=np.uint32) for p in permutations)
        self.band_keys(self.signature("khoi dong"))

    def signature(self, key: str) -> np.ndarray:
        """datasketch's MinHash (scheme "affine32", our permutations) of the text's shingles,
        computed here in four array steps: building a MinHash object per record cost more than
        the hashing. `tests/ops/test_duplicates.py` holds the two equal, value for value."""
        values = shingles(key)  # a new array: mixed in place below
        if not values.size:
            return np.full(self.num_perm, _MAX32, dtype=np.uint32)
        for shift, factor in _FMIX32:  # MurmurHash3's finalizer, as datasketch mixes its input
            values ^= values >> shift
            if factor:
                values *= factor
        return (values[:, np.newaxis] * self._a + self._b).min(axis=0)

    def band_keys(self, signature: np.ndarray) -> list[int]:
        """One integer per band: the band's number in the high bits, a hash of its rows below."""
        raw = signature.astype("<u4").tobytes()
        step = self.rows * 4
        return [
            (band << 32) | zlib.crc32(raw[band * step : (band + 1) * step])
            for band in range(self.bands)
        ]


# A band value that hundreds of records share says little (a phrase every paper uses wins the
# minimum of its permutations): only its most recent records are compared. A real copy shares
# several bands with its original, and copies follow their original within days. Without the
# cap, a crawl of 20,000 generated articles compared each with hundreds and slowed as it grew.
BUCKET_CAP = 32


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The MinHash estimate of two records' Jaccard similarity."""
    return float(np.count_nonzero(a == b)) / len(a)


def cluster_id(url: str) -> str:
    return "c" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:15]


@dataclass(frozen=True)
class Match:
    cluster_id: str
    duplicate_of: str | None  # the cluster's earliest published record, unless this one is
    similarity: float  # to the most similar earlier record; 0.0 when none was similar enough


@dataclass(frozen=True)
class Checked:
    url: str
    published_at: str | None
    signature: np.ndarray
    bands: list[int]
    match: Match
    known: int | None  # the record's id when it was recorded before


class NearDuplicateIndex:
    """The records seen so far, by cluster, with their LSH bands: in a SQLite file shared by
    crawls, or ("" or ":memory:") in this process for one run."""

    def __init__(self, path: str | Path, signer: Signer) -> None:
        target = str(path)
        self.store: _Store = (
            _MemoryStore() if target in ("", ":memory:") else _SQLiteStore(Path(target))
        )
        self.signer = signer

    def check(
        self, url: str, key: str, published_at: str | None, signature: np.ndarray | None = None
    ) -> Checked:
        """The cluster `url` belongs to and the record it duplicates (nothing is recorded).
        `signature`: `key`'s, when it was computed elsewhere (a worker process)."""
        if signature is None:
            signature = self.signer.signature(key)
        bands = self.signer.band_keys(signature)
        found = self.store.find(url)
        if found is not None:  # seen before (a changed text exported again): its cluster stays
            known, cluster = found
            match = Match(cluster, self._earliest(cluster, url, published_at), 1.0)
            return Checked(url, published_at, signature, bands, match, known)
        best, best_cluster = 0.0, None
        clusters, signatures = self.store.candidates(bands)
        if clusters:
            # all candidates at once: the share of equal values, row by row
            scores = (signatures == signature).mean(axis=1)
            top = int(np.argmax(scores))  # the first of equal bests: the earliest recorded
            if scores[top] >= self.signer.threshold:
                best, best_cluster = float(scores[top]), clusters[top]
        if best_cluster is None:
            match = Match(cluster_id(url), None, 0.0)
        else:
            match = Match(best_cluster, self._earliest(best_cluster, url, published_at), best)
        return Checked(url, published_at, signature, bands, match, None)

    def record(self, checked: Checked) -> None:
        """Remember a checked record (a record seen before keeps its cluster)."""
        self.store.put(checked)

    def flush(self) -> None:
        """Make the records remembered so far visible to other crawls sharing the file."""
        self.store.flush()

    def add(self, url: str, key: str, published_at: str | None) -> Match:
        checked = self.check(url, key, published_at)
        self.record(checked)
        return checked.match

    def _earliest(self, cluster: str, url: str, published_at: str | None) -> str | None:
        """The cluster's earliest published member other than `url`, if it is earlier than
        `url` (undated records count as latest; ties go to the one recorded first). Dates are
        ISO 8601 in Vietnam time, as records give them, so they compare as strings."""
        found = self.store.earliest(cluster, url)
        if found is None:
            return None
        other, when = found
        if published_at is not None and (when is None or published_at < when):
            return None  # this record is the earliest
        return other

    def __len__(self) -> int:
        return self.store.count()

    def close(self) -> None:
        self.store.close()


class _Store(Protocol):
    def find(self, url: str) -> tuple[int, str] | None: ...
    def candidates(self, bands: list[int]) -> tuple[list[str], np.ndarray]: ...
    def earliest(self, cluster: str, url: str) -> tuple[str, str | None] | None: ...
    def put(self, checked: Checked) -> None: ...
    def flush(self) -> None: ...
    def count(self) -> int: ...
    def close(self) -> None: ...


@dataclass
class _Entry:
    url: str
    cluster: str
    published_at: str | None
    signature: np.ndarray


class _MemoryStore:
    """One run's index in dicts (`scrapy extract` and `evaluate`): no database per record."""

    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self.by_url: dict[str, int] = {}
        self.by_cluster: dict[str, list[int]] = {}
        self.bands: dict[int, list[int]] = {}

    def find(self, url: str) -> tuple[int, str] | None:
        known = self.by_url.get(url)
        return None if known is None else (known, self.entries[known].cluster)

    def candidates(self, bands: list[int]) -> tuple[list[str], np.ndarray]:
        found = sorted({i for key in bands for i in self.bands.get(key, ())[-BUCKET_CAP:]})
        if not found:
            return [], np.empty((0, 0), dtype=np.uint32)
        clusters = [self.entries[i].cluster for i in found]
        return clusters, np.stack([self.entries[i].signature for i in found])

    def earliest(self, cluster: str, url: str) -> tuple[str, str | None] | None:
        members = [self.entries[i] for i in self.by_cluster.get(cluster, ())]
        members = [m for m in members if m.url != url]
        if not members:
            return None
        first = min(members, key=lambda m: (m.published_at is None, m.published_at or ""))
        return first.url, first.published_at

    def put(self, checked: Checked) -> None:
        if checked.known is not None:
            entry = self.entries[checked.known]
            entry.signature, entry.published_at = checked.signature, checked.published_at
            record = checked.known
            for ids in self.bands.values():
                if record in ids:
                    ids.remove(record)
        else:
            record = len(self.entries)
            self.entries.append(
                _Entry(
                    checked.url, checked.match.cluster_id, checked.published_at, checked.signature
                )
            )
            self.by_url[checked.url] = record
            self.by_cluster.setdefault(checked.match.cluster_id, []).append(record)
        for key in checked.bands:
            self.bands.setdefault(key, []).append(record)

    def flush(self) -> None:
        pass

    def count(self) -> int:
        return len(self.entries)

    def close(self) -> None:
        pass


_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY,
    url TEXT UNIQUE NOT NULL,
    cluster TEXT NOT NULL,
    published_at TEXT,
    signature BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS records_cluster ON records (cluster);
-- One tree in band key order (not a table and an index): a record's fifteen keys land at
-- random places in it, and each place is a page the commit writes. By record: a record
-- exported again drops its old keys without a scan of them all.
CREATE TABLE IF NOT EXISTS record_bands (
    key INTEGER NOT NULL,
    record INTEGER NOT NULL,
    PRIMARY KEY (key, record)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS record_bands_record ON record_bands (record);
"""
# Files written before record_bands kept the keys in a table `bands` with an index.
_MIGRATE = """
INSERT OR IGNORE INTO record_bands (key, record) SELECT key, record FROM bands;
DROP TABLE bands;
"""


def _blob(checked: Checked) -> bytes:
    return checked.signature.astype("<u4").tobytes()


def _run_script(db: sqlite3.Connection, script: str) -> None:
    # statement by statement: executescript would commit the transaction it runs in
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


class _SQLiteStore:
    """The index kept across runs, in a file several spiders' crawls share (WAL lets them).

    Records are written behind: checked records wait in memory (where checks see them) and are
    written together, at COMMIT_RECORDS of them or COMMIT_SECONDS after the first (checked on
    each record, and by `flush`, which the crawl calls every second). A record's fifteen band
    keys land on fifteen random pages of the key tree; written record by record they cost more
    than the rest of the check, and grew with the index, while a group's records share pages.
    The write lock is held only while a group is written (milliseconds): a crawl that held it
    from one record to the next would starve the others sharing the file, whose event loops
    wait on it. The WAL is checkpointed every 10,000 pages (40 MB on disk) rather than 1,000,
    for the same reason. A crawl that is killed loses its unwritten group: later copies of
    those records go unlinked, and nothing else is lost.
    """

    COMMIT_RECORDS = 256
    COMMIT_SECONDS = 1.0
    CACHE_SIZE = 32768  # records; at about 420 bytes each, 14 MB at most

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA wal_autocheckpoint=10000")
        self.db.execute("BEGIN IMMEDIATE")  # one opener at a time makes or migrates the tables
        try:
            _run_script(self.db, _SCHEMA)
            old = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'bands'"
            if self.db.execute(old).fetchone():
                _run_script(self.db, _MIGRATE)
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")
        self._pending: list[Checked] = []  # checked, not yet written
        self._pending_bands: dict[int, list[int]] = {}  # band key -> indexes in _pending
        self._pending_urls: set[str] = set()
        self._pending_known: set[int] = set()  # written records that a pending one replaces
        self._pending_since = 0.0  # when the first of them came (time.monotonic)
        # Record id -> (cluster, signature bytes) of the records candidates named lately: the
        # most recent records of busy bands come up in check after check. A commit by another
        # crawl changes the data version and empties it; at CACHE_SIZE, the older half goes.
        self._cache: dict[int, tuple[str, bytes]] = {}
        self._version = self._data_version()

    def find(self, url: str) -> tuple[int, str] | None:
        if url in self._pending_urls:
            self.commit()  # checked twice within a group (rare): written first, then found
        row = self.db.execute("SELECT id, cluster FROM records WHERE url = ?", (url,)).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def candidates(self, bands: list[int]) -> tuple[list[str], np.ndarray]:
        # each band's most recent records: a backward walk of the (key, record) index, at most
        # BUCKET_CAP entries per band however many records share it; then the unwritten ones
        # (All rows fetched at once and made unique here: a UNION's own de-duplication and a
        # row-by-row read cost a third more, at 170 candidates a check.)
        recent = " UNION ALL ".join(
            [
                "SELECT * FROM"
                " (SELECT record FROM record_bands WHERE key = ? ORDER BY record DESC LIMIT ?)"
            ]
            * len(bands)
        )
        rows = self.db.execute(recent, [v for key in bands for v in (key, BUCKET_CAP)]).fetchall()
        # a record a pending one replaces: its new signature is among the unwritten ones
        ids = sorted({record for (record,) in rows} - self._pending_known)
        cache = self._fresh_cache()
        missing = [record for record in ids if record not in cache]
        if missing:
            marks = ",".join("?" * len(missing))
            query = f"SELECT id, cluster, signature FROM records WHERE id IN ({marks})"
            for record, cluster, blob in self.db.execute(query, missing):
                cache[record] = (str(cluster), blob)
        rows = [cache[record] for record in ids]
        self._trim_cache()
        unwritten = sorted(
            {i for key in bands for i in self._pending_bands.get(key, ())[-BUCKET_CAP:]}
        )
        rows += [(self._pending[i].match.cluster_id, _blob(self._pending[i])) for i in unwritten]
        if not rows:
            return [], np.empty((0, 0), dtype=np.uint32)
        # one array of all the signatures, read from their bytes joined
        clusters, blobs = zip(*rows, strict=True)
        signatures = np.frombuffer(b"".join(blobs), dtype="<u4")
        return list(clusters), signatures.reshape(len(rows), -1)

    def _fresh_cache(self) -> dict[int, tuple[str, bytes]]:
        version = self._data_version()
        if version != self._version:
            self._cache.clear()
            self._version = version
        return self._cache

    def _trim_cache(self) -> None:
        excess = len(self._cache) - self.CACHE_SIZE
        if excess > 0:  # the oldest go, down to half the size (a dict keeps insertion order)
            for record in list(itertools.islice(self._cache, excess + self.CACHE_SIZE // 2)):
                del self._cache[record]

    def _data_version(self) -> int:
        # changes when another connection commits to the file (never for this one's commits)
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def earliest(self, cluster: str, url: str) -> tuple[str, str | None] | None:
        row = self.db.execute(
            "SELECT url, published_at FROM records WHERE cluster = ? AND url != ?"
            " ORDER BY published_at IS NULL, published_at, id LIMIT 1",
            (cluster, url),
        ).fetchone()
        members = [] if row is None else [(str(row[0]), row[1])]
        members += [
            (checked.url, checked.published_at)
            for checked in self._pending
            if checked.match.cluster_id == cluster and checked.url != url
        ]
        if not members:
            return None
        # undated last; among equals the first recorded (the written one, then in order)
        return min(members, key=lambda m: (m[1] is None, m[1] or ""))

    def put(self, checked: Checked) -> None:
        if not self._pending:
            self._pending_since = time.monotonic()
        self._pending.append(checked)
        self._pending_urls.add(checked.url)
        if checked.known is not None:
            self._pending_known.add(checked.known)
        for key in checked.bands:
            self._pending_bands.setdefault(key, []).append(len(self._pending) - 1)
        if len(self._pending) >= self.COMMIT_RECORDS:
            self.commit()
        else:
            self.flush()

    def flush(self) -> None:
        """Write the unwritten records if the first of them is COMMIT_SECONDS old."""
        if self._pending and time.monotonic() - self._pending_since >= self.COMMIT_SECONDS:
            self.commit()

    def commit(self) -> None:
        """Write the unwritten records, in one transaction."""
        if not self._pending:
            return
        pending, self._pending, self._pending_bands = self._pending, [], {}
        self._pending_urls, self._pending_known = set(), set()
        # record id, and the cluster and signature to cache (None: an updated record)
        written: list[tuple[int, tuple[str, bytes] | None]] = []
        band_rows: list[tuple[int, int]] = []
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for checked in pending:
                blob = _blob(checked)
                inserted = self._insert(checked, blob) if checked.known is None else None
                if inserted is not None:  # a new record: it has no band keys to replace
                    record = inserted
                else:  # a record seen before, or one another crawl has written since
                    (record,) = self.db.execute(
                        "UPDATE records SET signature = ?, published_at = ? WHERE url = ?"
                        " RETURNING id",
                        (blob, checked.published_at, checked.url),
                    ).fetchone()
                    self.db.execute("DELETE FROM record_bands WHERE record = ?", (record,))
                band_rows += [(key, record) for key in checked.bands]
                cached = None if inserted is None else (checked.match.cluster_id, blob)
                written.append((record, cached))
            # the group's keys in one statement, in key order (neighbours share a page of the
            # key tree, though at 20,000 records a group still rewrites most of its leaves)
            band_rows.sort()
            self.db.executemany(
                "INSERT OR IGNORE INTO record_bands (key, record) VALUES (?, ?)", band_rows
            )
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")
        for record, cached in written:
            if cached is not None:
                self._cache[record] = cached
            else:  # (one another crawl wrote keeps that crawl's cluster: read it again)
                self._cache.pop(record, None)
        self._trim_cache()

    def _insert(self, checked: Checked, blob: bytes) -> int | None:
        """The new record's id; None when the URL is written already (by another crawl)."""
        row = self.db.execute(
            "INSERT INTO records (url, cluster, published_at, signature)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (url) DO NOTHING RETURNING id",
            (checked.url, checked.match.cluster_id, checked.published_at, blob),
        ).fetchone()
        return None if row is None else int(row[0])

    def count(self) -> int:
        written = int(self.db.execute("SELECT count(*) FROM records").fetchone()[0])
        return written + sum(checked.known is None for checked in self._pending)

    def close(self) -> None:
        self.commit()
        self.db.close()
