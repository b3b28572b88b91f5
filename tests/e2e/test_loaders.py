"""The export loads as analysts load it: pandas, DuckDB and Hugging Face datasets, each reading
the JSON Lines of a demo crawl (installed with the test extra; with CI=true a missing one fails).
Nothing here touches the network: datasets runs offline, with its cache in the test's folder."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from crawler.demo.server import DemoServer
from tests.e2e.conftest import read_jsonl, run_scrapy


def _library(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is not installed (pip install -e '.[test]')")
        pytest.skip(f"{name} is not installed")
        raise


@pytest.fixture(scope="module")
def export(demo_site: DemoServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "demo.jsonl"
    crawl = run_scrapy("crawl", "demo", "-a", f"base_url={demo_site.base_url}", "-O", str(out))
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    return out


def _records(export: Path) -> list[dict[str, Any]]:
    return read_jsonl(export)


def test_pandas_reads_the_export_with_lists_and_vietnam_times(export: Path) -> None:
    pd = _library("pandas")
    frame = pd.read_json(export, lines=True)
    records = _records(export)
    assert len(frame) == len(records)
    assert list(frame.columns) == list(records[0])
    assert str(frame["published_at"].dt.tz) == "UTC+07:00"
    assert frame["authors"].map(type).eq(list).all()
    assert frame["revision"].dtype.kind == "i"


def test_duckdb_reads_the_export_and_queries_it(export: Path) -> None:
    duckdb = _library("duckdb")
    rows = duckdb.sql(
        f"SELECT section, count(*) AS n, sum(word_count) AS words"
        f" FROM read_json_auto('{export}') GROUP BY section ORDER BY section"
    ).fetchall()
    records = _records(export)
    expected: dict[str, list[int]] = {}
    for record in records:
        expected.setdefault(record["section"], []).append(record["word_count"])
    assert rows == [(s, len(w), sum(w)) for s, w in sorted(expected.items())]
    kinds = dict(
        (name, kind)
        for name, kind, *_ in duckdb.sql(
            f"DESCRIBE SELECT * FROM read_json_auto('{export}')"
        ).fetchall()
    )
    assert kinds["authors"] == "VARCHAR[]"
    assert kinds["published_at"].startswith("TIMESTAMP")


def test_hugging_face_datasets_loads_the_export(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    datasets = _library("datasets")
    data = datasets.load_dataset(
        "json", data_files=str(export), split="train", cache_dir=str(tmp_path / "cache")
    )
    records = _records(export)
    assert data.num_rows == len(records)
    assert data[0]["title"] == records[0]["title"]
    assert set(data.features["images"].feature) == {"url", "caption", "credit"}


def test_duckdb_and_pandas_read_the_gzip_dataset_partitions(
    demo_site: DemoServer, tmp_path: Path
) -> None:
    dataset = tmp_path / "dataset"
    crawl = run_scrapy(
        "crawl", "demo", "-a", f"base_url={demo_site.base_url}",
        "-s", f"NEWS_EXPORT_DIR={dataset}", "-s", "NEWS_EXPORT_GZIP=True",
    )  # fmt: skip
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    files = sorted(dataset.glob("demo/*/*/*.jsonl.gz"))
    assert len(files) >= 2  # several months
    duckdb = _library("duckdb")
    per_file = duckdb.sql(
        f"SELECT filename, count(*) FROM read_json_auto('{dataset}/demo/*/*/*.jsonl.gz',"
        f" filename = true) GROUP BY filename ORDER BY filename"
    ).fetchall()
    assert per_file == [(str(f), len(_gzip_lines(f))) for f in files]
    pd = _library("pandas")
    frames = [pd.read_json(f, lines=True) for f in files]  # compression from the name
    assert sum(len(f) for f in frames) == sum(n for _, n in per_file)
    assert all((f["cluster_id"].str.len() == 16).all() for f in frames)


def _gzip_lines(path: Path) -> list[bytes]:
    import gzip

    return gzip.decompress(path.read_bytes()).splitlines()
