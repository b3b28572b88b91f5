"""The dataset a real crawl writes: partitions by site and month, whole files under final names,
no overwrites, a manifest per run, and a killed crawl's files completed by the next run."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from crawler.dataset import PART
from crawler.demo.server import DemoServer
from crawler.items import SCHEMA_VERSION
from crawler.schema import record_problems
from tests.e2e.conftest import ROOT, run_scrapy, truth_articles


def crawl(
    site: DemoServer, dataset: Path, state: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    result = run_scrapy(
        "crawl", "demo", "-a", f"base_url={site.base_url}",
        "-s", f"NEWS_EXPORT_DIR={dataset}", "-s", f"NEWS_STATE_PATH={state}", *extra,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def manifests(dataset: Path) -> list[dict[str, Any]]:
    return [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((dataset / "demo" / "manifests").glob("*.json"))
    ]


def lines(path: Path) -> list[bytes]:
    data = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
    return data.splitlines()


def records(dataset: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for path in sorted(dataset.rglob("*.jsonl*"))
        if not path.name.endswith(PART)
        for line in lines(path)
    ]


def test_the_dataset_is_partitioned_validated_and_counted_by_its_manifest(
    demo_site: DemoServer, tmp_path: Path
) -> None:
    dataset = tmp_path / "dataset"
    crawl(demo_site, dataset, tmp_path / "state.sqlite")

    files = sorted(dataset.rglob("*.jsonl"))
    assert files and not list(dataset.rglob("*" + PART))
    for path in files:
        for number, line in enumerate(lines(path), 1):
            assert record_problems(line) == [], f"{path}:{number}"
        for line in lines(path):  # each file holds one site's records of one month
            record = json.loads(line)
            assert path.parent.name == record["published_at"][:7]
            assert path.parent.parent.name == record["site"]
    urls = [r["canonical_url"] for r in records(dataset)]
    assert sorted(urls) == sorted(truth_articles(demo_site.base_url))

    (manifest,) = manifests(dataset)
    assert manifest["status"] == "finished" and manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["records"] == len(urls)
    assert sorted(f["path"] for f in manifest["files"]) == sorted(
        p.relative_to(dataset).as_posix() for p in files
    )
    for entry in manifest["files"]:
        data = (dataset / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["records"] == data.count(b"\n")
    assert manifest["settings"]["NEWS_TONE_STYLE"] == "old"


def test_two_runs_give_two_files_and_overwrite_none(demo_site: DemoServer, tmp_path: Path) -> None:
    dataset = tmp_path / "dataset"
    crawl(demo_site, dataset, tmp_path / "first.sqlite")
    first = {p: p.read_bytes() for p in dataset.rglob("*.jsonl")}
    crawl(demo_site, dataset, tmp_path / "second.sqlite")  # a fresh state: everything again

    after = sorted(dataset.rglob("*.jsonl"))
    assert len(after) == 2 * len(first)
    for path, data in first.items():
        assert path.read_bytes() == data  # the first run's files are untouched
    partitions = {p.parent for p in after}
    assert all(len(list(partition.glob("*.jsonl"))) == 2 for partition in partitions)
    assert len({m["run"] for m in manifests(dataset)}) == 2


def test_gzip_files_hold_the_same_records(demo_site: DemoServer, tmp_path: Path) -> None:
    plain, zipped = tmp_path / "plain", tmp_path / "zipped"
    crawl(demo_site, plain, tmp_path / "a.sqlite")
    crawl(demo_site, zipped, tmp_path / "b.sqlite", "-s", "NEWS_EXPORT_GZIP=True")
    assert list(zipped.rglob("*.jsonl")) == [] and list(zipped.rglob("*.jsonl.gz"))

    def key(r: dict[str, Any]) -> str:
        return r["url"]

    strip = ("crawled_at",)
    assert [
        {k: v for k, v in r.items() if k not in strip} for r in sorted(records(zipped), key=key)
    ] == [{k: v for k, v in r.items() if k not in strip} for r in sorted(records(plain), key=key)]


def test_a_killed_crawl_leaves_no_partial_file_under_a_final_name_and_the_next_run_completes_it(
    demo_site: DemoServer, tmp_path: Path
) -> None:
    dataset, state = tmp_path / "dataset", tmp_path / "state.sqlite"
    args = [
        "crawl", "demo", "-a", f"base_url={demo_site.base_url}",
        "-s", f"NEWS_EXPORT_DIR={dataset}", "-s", f"NEWS_STATE_PATH={state}",
        "-s", "CONCURRENT_REQUESTS=1", "-s", "DOWNLOAD_DELAY=0.2",
    ]  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "scrapy", *args], cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        written = sum(p.read_bytes().count(b"\n") for p in dataset.rglob("*.jsonl" + PART))
        if written >= 3:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    assert list(dataset.rglob("*.jsonl")) == [], "a file under a final name before the run closed"
    assert list(dataset.rglob("*.json")) == [], "a manifest before the run closed"
    killed = sum(p.read_bytes().count(b"\n") for p in dataset.rglob("*.jsonl" + PART))
    expected = sorted(truth_articles(demo_site.base_url))
    assert 0 < killed < len(expected), "the kill came too late to test"

    resumed = run_scrapy(*args)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert "Recovered run" in resumed.stderr
    assert list(dataset.rglob("*" + PART)) == []
    statuses = sorted(m["status"] for m in manifests(dataset))
    assert statuses == ["finished", "recovered"]
    urls = [r["canonical_url"] for r in records(dataset)]
    assert len(urls) == len(set(urls)), "an article was exported twice"
    assert sorted(urls) == expected, "an article was lost"
    for path in dataset.rglob("*.jsonl"):
        assert all(record_problems(line) == [] for line in lines(path))
