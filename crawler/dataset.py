"""The dataset on disk: JSON Lines files partitioned by site and publication month.

A file is written under a temporary name (`….part`) and moved to its final name only when it is
complete, so a final name always holds whole records. A final name is never reused: each run's
files carry its run id, and a name that exists already gets a numbered suffix. A run that dies
leaves `.part` files; the next run of the same spider recovers them (`recover_run`): it keeps
their whole lines and moves them into place, and the crawl state fetches again what they miss.

Each run writes a manifest (files, record counts, checksums, schema version, settings). While a
run is alive it holds a lock on its manifest's `.part` file, which tells a later run (or another
worker on the machine) that its `.part` files are not orphans.

Pure functions and small classes, below the Scrapy layer: crawler/export.py drives them.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
import os
import re
import secrets
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO

PART = ".part"
MANIFEST_VERSION = 1
FIELDS = ("name", "site", "month", "run")  # what a path template may use, as %(field)s
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_MONTH = re.compile(r"^(\d{4})-(\d{2})")


class UnsafePath(ValueError):
    """A rendered path would leave the export folder (an absolute path or a "..")."""


def new_run_id(now: datetime | None = None) -> str:
    """ "20261126T073512Z-3fa9": sortable by start time, unique for runs started together."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{moment:%Y%m%dT%H%M%SZ}-{secrets.token_hex(2)}"


def safe_part(value: str | None, default: str = "unknown") -> str:
    """One path component from a value a site controls (its host name): lower case letters,
    digits, ".", "_" and "-" only, no leading dot, at most 100 characters."""
    cleaned = _UNSAFE.sub("-", (value or "").lower()).strip(".-")[:100].strip(".-")
    return cleaned or default


def month_of(published_at: str | None) -> str:
    """ "2026-03" from an ISO 8601 local date-time; "undated" without one."""
    match = _MONTH.match(published_at or "")
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return "undated"
    return f"{match.group(1)}-{match.group(2)}"


def render(root: Path, template: str, fields: dict[str, str]) -> Path:
    """`template` with its %(field)s filled, under `root`; UnsafePath if it would leave it."""
    relative = PurePosixPath(template % {k: fields[k] for k in FIELDS if k in fields})
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise UnsafePath(f"{template!r} renders to {str(relative)!r}, outside {root}")
    path = root / relative
    if not path.resolve().is_relative_to(root.resolve()):
        raise UnsafePath(f"{str(relative)!r} resolves outside {root}")
    return path


def glob_of(template: str, fields: dict[str, str]) -> str:
    """A glob matching every path `template` renders to with `fields` fixed (others: "*")."""
    return template % {k: fields.get(k, "*") for k in FIELDS}


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative to the export folder, "/"-separated
    records: int
    bytes: int
    sha256: str
    site: str
    month: str


# -- writing ------------------------------------------------------------------------------------


class _Partition:
    def __init__(self, final: Path, gzipped: bool) -> None:
        self.final = final
        self.part = final.with_name(final.name + PART)
        self.gzipped = gzipped
        self.records = 0
        self.raw: BinaryIO | None = None
        self.zipped: gzip.GzipFile | None = None

    @property
    def is_open(self) -> bool:
        return self.raw is not None

    def write(self, line: bytes) -> None:
        if self.raw is None:
            self.part.parent.mkdir(parents=True, exist_ok=True)
            self.raw = self.part.open("ab")
            # gzip: a reopened file gets a new member, and gzip readers read members in turn
            self.zipped = gzip.GzipFile(fileobj=self.raw, mode="ab") if self.gzipped else None
        # With the OS before the crawl state says "exported": a killed process loses no record
        # the state counts as written. (A sync flush per record costs gzip a few bytes each.)
        if self.zipped is not None:
            self.zipped.write(line)
            self.zipped.flush(zlib.Z_SYNC_FLUSH)
        else:
            self.raw.write(line)
        self.raw.flush()
        self.records += 1

    def close(self) -> None:
        if self.raw is None:
            return
        if self.zipped is not None:
            self.zipped.close()  # writes the member's trailer; leaves the file open
        self.raw.flush()
        os.fsync(self.raw.fileno())
        self.raw.close()
        self.raw = self.zipped = None


class PartitionWriter:
    """Writes records to their partitions' `.part` files; `close` moves them into place."""

    def __init__(
        self,
        root: Path,
        template: str,
        fields: dict[str, str],
        *,
        gzipped: bool = False,
        max_open: int = 64,
    ) -> None:
        self.root = root
        self.template = template + (".gz" if gzipped else "")
        self.fields = fields  # name and run
        self.gzipped = gzipped
        self.max_open = max_open
        # by (site, first 7 characters of published_at), most recently written last; two keys
        # may share a partition ("2026-03" and "2026-03-07…" both give month 2026-03)
        self._partitions: OrderedDict[tuple[str, str], _Partition] = OrderedDict()
        self._by_path: dict[Path, _Partition] = {}

    def write(self, record: dict[str, Any]) -> Path:
        """Append one record to its partition; returns the partition's final path."""
        key = (str(record.get("site")), str(record.get("published_at") or "")[:7])
        partition = self._partitions.get(key)
        if partition is None:  # a new site or month: its path is made (and checked) once
            site = safe_part(record.get("site"))
            month = month_of(record.get("published_at"))
            final = render(self.root, self.template, {**self.fields, "site": site, "month": month})
            partition = self._by_path.get(final) or _Partition(final, self.gzipped)
            self._partitions[key] = self._by_path[final] = partition
        self._partitions.move_to_end(key)
        partition.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        if partition.is_open and len(self._by_path) > self.max_open:
            self._limit_open()
        return partition.final

    def _limit_open(self) -> None:
        # An archive spread over many months opens many partitions: the least recently written
        # are closed (and reopened for appending if they get another record).
        open_ones = list({id(p): p for p in self._partitions.values() if p.is_open}.values())
        for partition in open_ones[: max(0, len(open_ones) - self.max_open)]:
            partition.close()

    @property
    def parts(self) -> list[Path]:
        return [p.part for p in self._by_path.values()]

    def close(self) -> list[FileEntry]:
        """Close every partition and move it to its final name; the files' entries."""
        entries = []
        for partition in self._by_path.values():
            partition.close()
            final = finalize(partition.part)
            entries.append(entry_for(self.root, final))
        self._partitions.clear()
        self._by_path.clear()
        return entries


def final_name(part: Path) -> Path:
    return part.with_name(part.name.removesuffix(PART))


def finalize(part: Path) -> Path:
    """Move `part` to its final name, never over an existing file: "x.jsonl" taken gives
    "x-2.jsonl". The link is atomic, so a crash leaves the file under one name or the other."""
    return _move_to_free_name(part, final_name(part))


def _move_to_free_name(source: Path, target: Path) -> Path:
    stem, suffix = _split_suffix(target.name)
    for n in range(1, 10_000):
        candidate = target if n == 1 else target.with_name(f"{stem}-{n}{suffix}")
        try:
            os.link(source, candidate)
        except FileExistsError:
            continue
        source.unlink()
        return candidate
    raise FileExistsError(f"no free name for {target}")


def _split_suffix(name: str) -> tuple[str, str]:
    for suffix in (".jsonl.gz", ".jsonl", ".jl.gz", ".jl", ".json"):
        if name.endswith(suffix):
            return name.removesuffix(suffix), suffix
    return name, ""


def entry_for(root: Path, path: Path) -> FileEntry:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    relative = path.relative_to(root).as_posix()
    parts = PurePosixPath(relative).parts
    return FileEntry(
        path=relative,
        records=sum(1 for _ in read_lines(path)),
        bytes=path.stat().st_size,
        sha256=digest.hexdigest(),
        site=parts[-3] if len(parts) >= 3 else "",
        month=parts[-2] if len(parts) >= 2 else "",
    )


# -- reading and recovering -----------------------------------------------------------------------


def is_gzip(path: Path) -> bool:
    return path.name.removesuffix(PART).endswith(".gz")


def read_lines(path: Path) -> Iterator[bytes]:
    """The complete lines of an export file, plain or gzip, even one cut short by a kill."""
    data = _readable_bytes(path)
    end = data.rfind(b"\n") + 1
    yield from (line for line in data[:end].splitlines() if line.strip())


def _readable_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    if not is_gzip(path):
        return raw
    # A killed writer leaves a gzip stream without its end: decompress what is there, member
    # after member, instead of failing on the missing trailer.
    out = bytearray()
    while raw:
        inflater = zlib.decompressobj(wbits=31)
        try:
            out += inflater.decompress(raw)
        except zlib.error:
            break
        if not inflater.eof:
            break
        raw = inflater.unused_data
    return bytes(out)


def read_urls(path: Path) -> set[str]:
    urls = set()
    for line in read_lines(path):
        try:
            urls.add(json.loads(line)["url"])
        except (ValueError, KeyError, TypeError):
            continue
    return urls


def recover_part(root: Path, part: Path) -> tuple[FileEntry, set[str]]:
    """Make a dead run's `.part` file whole (its complete lines only) and move it into place."""
    lines = list(read_lines(part))
    body = b"".join(line + b"\n" for line in lines)
    tmp = part.with_name(part.name + ".recovering")
    with tmp.open("wb") as handle:
        if is_gzip(part):
            with gzip.GzipFile(fileobj=handle, mode="wb") as zipped:
                zipped.write(body)
        else:
            handle.write(body)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, part)
    final = finalize(part)
    urls = set()
    for line in lines:
        try:
            urls.add(json.loads(line)["url"])
        except (ValueError, KeyError, TypeError):
            continue
    return entry_for(root, final), urls


# -- runs and manifests -------------------------------------------------------------------------


class RunLock:
    """An exclusive lock on a run's manifest `.part` file, held while the run is alive."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._handle = handle
        return True

    def write(self, data: dict[str, Any]) -> None:
        assert self._handle is not None
        self._handle.seek(0)
        self._handle.truncate()
        self._handle.write(json.dumps(data, ensure_ascii=False, indent=2))
        self._handle.flush()

    def release(self, *, remove: bool) -> None:
        if self._handle is None:
            return
        if remove:
            self.path.unlink(missing_ok=True)
        fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
        self._handle.close()
        self._handle = None


def write_manifest(path: Path, data: dict[str, Any]) -> Path:
    """Write a manifest under a temporary name and move it into place, never over another."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".writing")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return _move_to_free_name(tmp, path)


def manifest(
    *,
    name: str,
    run: str,
    status: str,
    started_at: str,
    finished_at: str | None,
    files: list[FileEntry],
    schema_version: str,
    settings: dict[str, Any],
    stats: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "manifest_version": MANIFEST_VERSION,
        "spider": name,
        "run": run,
        "status": status,  # "finished", another Scrapy finish reason, or "recovered"
        "started_at": started_at,
        "finished_at": finished_at,
        "schema_version": schema_version,
        "records": sum(f.records for f in files),
        "files": [asdict(f) for f in files],
        "settings": settings,
        "stats": stats or {},
    }


@dataclass
class Recovered:
    run: str
    files: list[FileEntry]
    urls: set[str]
    manifest: Path | None


def orphan_runs(root: Path, template: str, manifest_template: str, name: str) -> list[str]:
    """Run ids of this spider with `.part` files whose run holds no lock: dead runs."""
    runs: set[str] = set()
    for suffix in ("", ".gz"):
        pattern = glob_of(template, {"name": name}) + suffix + PART
        for part in root.glob(pattern):
            run = _run_of(part.name, template, name)
            if run:
                runs.add(run)
    dead = []
    for run in sorted(runs):
        lock = RunLock(_manifest_part(root, manifest_template, name, run))
        if lock.acquire():  # nobody holds it: the run is over
            lock.release(remove=False)
            dead.append(run)
    return dead


def _manifest_part(root: Path, manifest_template: str, name: str, run: str) -> Path:
    final = render(root, manifest_template, {"name": name, "run": run})
    return final.with_name(final.name + PART)


def _run_of(filename: str, template: str, name: str) -> str | None:
    """The run id in a file name made from `template`'s last component."""
    pattern = re.escape(PurePosixPath(template).name)
    for field in FIELDS:
        value = {"name": re.escape(name), "run": r"(?P<run>\d{8}T\d{6}Z-[0-9a-f]+)"}.get(
            field, "[^/]*"
        )
        pattern = pattern.replace(re.escape(f"%({field})s"), value)
    match = re.fullmatch(pattern + r"(?:\.gz)?" + re.escape(PART), filename)
    return match.group("run") if match else None


def recover_run(
    root: Path, template: str, manifest_template: str, name: str, run: str, schema_version: str
) -> Recovered:
    """Make a dead run's `.part` files whole, move them into place, and write its manifest
    (status "recovered"), keeping what its manifest `.part` said of its start and settings."""
    entries: list[FileEntry] = []
    urls: set[str] = set()
    fields = {"name": name, "run": run}
    for suffix in ("", ".gz"):
        for part in sorted(root.glob(glob_of(template, fields) + suffix + PART)):
            entry, found = recover_part(root, part)
            entries.append(entry)
            urls |= found
    started: dict[str, Any] = {}
    lock_path = _manifest_part(root, manifest_template, name, run)
    if lock_path.is_file():
        try:
            started = json.loads(lock_path.read_text(encoding="utf-8") or "{}")
        except ValueError:
            started = {}
    written = write_manifest(
        render(root, manifest_template, fields),
        manifest(
            name=name,
            run=run,
            status="recovered",
            started_at=started.get("started_at", ""),
            finished_at=None,
            files=entries,
            schema_version=started.get("schema_version", schema_version),
            settings=started.get("settings", {}),
        ),
    )
    lock_path.unlink(missing_ok=True)
    return Recovered(run, entries, urls, written)
