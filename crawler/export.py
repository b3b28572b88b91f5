"""Extension: the crawl's dataset, JSON Lines partitioned by site and publication month.

    output/<spider>/<site>/<YYYY-MM>/<spider>-<run>.jsonl      (NEWS_EXPORT_PATH, under
    output/<spider>/manifests/<spider>-<run>.json              NEWS_EXPORT_DIR)

Files are written as `….part` and moved into place when the crawl closes (crawler/dataset.py):
a final name always holds whole records, and no run overwrites another's files. When the crawl
opens, the `.part` files of a dead run of the same spider are made whole and moved into place
(status "recovered" in their manifest), and their records count as exported for the crawl state,
which fetches again what they miss.

Settings: NEWS_EXPORT_DIR, NEWS_EXPORT_PATH ("" turns the dataset off), NEWS_EXPORT_GZIP,
NEWS_EXPORT_MANIFEST, NEWS_EXPORT_MAX_OPEN. Stats: export/records, export/files,
export/recovered_files, export/recovered_records.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.dataset import (
    FIELDS,
    PART,
    PartitionWriter,
    RunLock,
    UnsafePath,
    glob_of,
    manifest,
    new_run_id,
    orphan_runs,
    recover_run,
    render,
    write_manifest,
)
from crawler.items import SCHEMA_VERSION, Article

logger = logging.getLogger(__name__)

# Settings a reader of the dataset may want to know the crawl ran with.
_SETTINGS_SUMMARY = (
    "BOT_NAME",
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "DOWNLOAD_DELAY",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "AUTOTHROTTLE_ENABLED",
    "NEWS_TONE_STYLE",
    "NEWS_FOLD_QUOTES",
    "NEWS_SEARCH_KEY",
    "NEWS_MIN_WORDS",
    "NEWS_LINK_DENSITY_MAX",
    "NEWS_STATE_PATH",
    "NEWS_RECHECK_DAYS",
    "NEWS_EXPORT_GZIP",
    "NEWS_DUPLICATES",
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class DatasetExport:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        template = settings.get("NEWS_EXPORT_PATH") or ""
        if not template:
            raise NotConfigured("NEWS_EXPORT_PATH is empty: no dataset export")
        self.crawler = crawler
        self.root = Path(settings.get("NEWS_EXPORT_DIR") or ".")
        self.template = template
        self.manifest_template = settings.get("NEWS_EXPORT_MANIFEST")
        self.gzipped = settings.getbool("NEWS_EXPORT_GZIP")
        self.max_open = settings.getint("NEWS_EXPORT_MAX_OPEN", 64)
        _check_template(self.root, template, "NEWS_EXPORT_PATH", needs_partition=True)
        _check_template(self.root, self.manifest_template, "NEWS_EXPORT_MANIFEST")
        self.run = new_run_id()  # fixed now: the distributed Coordinator names it on opening
        self.started_at = _now()
        self.recovered_urls: set[str] = set()
        self.writer: PartitionWriter | None = None
        self.lock: RunLock | None = None
        self.name = ""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatasetExport:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    @staticmethod
    def of(crawler: Crawler) -> DatasetExport | None:
        manager = getattr(crawler, "extensions", None)
        found = [m for m in getattr(manager, "middlewares", ()) if isinstance(m, DatasetExport)]
        return found[0] if found else None

    def run_glob(self) -> str:
        """A glob of this run's files, final and `.part`, absolute."""
        fields = {"name": self.name, "run": self.run}
        return str(self.root.resolve() / glob_of(self.template, fields)) + "*"

    def spider_opened(self, spider: Spider) -> None:
        self.name = spider.name
        stats = self.crawler.stats
        assert stats is not None
        for run in orphan_runs(self.root, self._files(), self.manifest_template, spider.name):
            recovered = recover_run(
                self.root, self._files(), self.manifest_template, spider.name, run, SCHEMA_VERSION
            )
            self.recovered_urls |= recovered.urls
            records = sum(f.records for f in recovered.files)
            stats.inc_value("export/recovered_files", len(recovered.files))
            stats.inc_value("export/recovered_records", records)
            logger.warning(
                "Recovered run %s, which did not close: %d records in %d files (manifest %s)",
                run,
                records,
                len(recovered.files),
                recovered.manifest,
            )
        fields = {"name": spider.name, "run": self.run}
        self.lock = RunLock(self._manifest_path().with_name(self._manifest_path().name + PART))
        if not self.lock.acquire():
            raise RuntimeError(f"run {self.run} of {spider.name} is locked by another process")
        self.lock.write(self._manifest("running", []))
        self.writer = PartitionWriter(
            self.root, self.template, fields, gzipped=self.gzipped, max_open=self.max_open
        )

    def item_scraped(self, item: Any, spider: Spider) -> None:
        if self.writer is None or not isinstance(item, Article):
            return
        self.writer.write(item.to_record())
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("export/records")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.writer is None or self.lock is None:
            return
        files = self.writer.close()
        written = write_manifest(self._manifest_path(), self._manifest(reason, files))
        self.lock.release(remove=True)
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("export/files", len(files))
        logger.info(
            "Dataset: %d records in %d files under %s; manifest %s",
            sum(f.records for f in files),
            len(files),
            self.root,
            written,
        )

    def _files(self) -> str:
        return self.template + (".gz" if self.gzipped else "")

    def _manifest_path(self) -> Path:
        return render(self.root, self.manifest_template, {"name": self.name, "run": self.run})

    def _manifest(self, status: str, files: list[Any]) -> dict[str, Any]:
        settings = self.crawler.settings
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        return manifest(
            name=self.name,
            run=self.run,
            status=status,
            started_at=self.started_at,
            finished_at=None if status == "running" else _now(),
            files=files,
            schema_version=SCHEMA_VERSION,
            settings={key: settings.get(key) for key in _SETTINGS_SUMMARY},
            stats=_stats_summary(stats),
        )


def _stats_summary(stats: dict[str, Any]) -> dict[str, Any]:
    keep = ("news/", "export/", "item_dropped_reasons_count/", "incremental/", "duplicates/")
    summary = {k: v for k, v in stats.items() if k.startswith(keep) and isinstance(v, int | float)}
    for key in ("item_scraped_count", "item_dropped_count", "response_received_count"):
        if key in stats:
            summary[key] = stats[key]
    return dict(sorted(summary.items()))


def _check_template(
    root: Path, template: str, setting: str, *, needs_partition: bool = False
) -> None:
    """A clear error at start-up for a template that cannot work, not a failure mid-crawl."""
    sample = {field: "x" for field in FIELDS}
    try:
        render(root, template, sample)
    except (KeyError, ValueError, TypeError) as exc:  # UnsafePath is a ValueError
        kind = "leaves the export folder" if isinstance(exc, UnsafePath) else "is not a template"
        raise ValueError(
            f"{setting}={template!r} {kind}: use %(name)s, %(site)s, %(month)s, %(run)s"
        ) from exc
    if "%(run)s" not in Path(template).name:
        raise ValueError(f"{setting}={template!r} must name the run, %(run)s, in its file name")
    if needs_partition and not all(f"%({f})s" in template for f in ("name", "site", "month")):
        raise ValueError(f"{setting}={template!r} must hold %(name)s, %(site)s and %(month)s")
