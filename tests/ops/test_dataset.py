"""The dataset on disk: partitions, temporary names, no overwrites, recovery of dead runs."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from crawler.dataset import (
    PART,
    PartitionWriter,
    RunLock,
    UnsafePath,
    finalize,
    month_of,
    orphan_runs,
    read_lines,
    recover_part,
    recover_run,
    render,
    safe_part,
)

TEMPLATE = "%(name)s/%(site)s/%(month)s/%(name)s-%(run)s.jsonl"
MANIFEST = "%(name)s/manifests/%(name)s-%(run)s.json"
RUN = "20261126T073512Z-3fa9"


def record(
    n: int, site: str = "vnexpress.net", published: str | None = "2026-03-07T08:00:00+07:00"
):
    return {"url": f"https://{site}/bai-{n}.html", "site": site, "published_at": published, "n": n}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("VnExpress.NET", "vnexpress.net", id="lower-case"),
        pytest.param("../../etc", "etc", id="parent-steps"),
        pytest.param("a/b\\c d", "a-b-c-d", id="separators"),
        pytest.param("...", "unknown", id="dots-only"),
        pytest.param("", "unknown", id="empty"),
        pytest.param(None, "unknown", id="none"),
        pytest.param("báo.vn", "b-o.vn", id="non-ascii"),
        pytest.param("x" * 300, "x" * 100, id="long"),
    ],
)
def test_a_site_name_becomes_one_safe_path_component(value: str | None, expected: str) -> None:
    assert safe_part(value) == expected


@pytest.mark.parametrize(
    ("published", "month"),
    [
        ("2026-03-07T08:00:00+07:00", "2026-03"),
        ("2013-06-25", "2013-06"),
        (None, "undated"),
        ("2026-13-01", "undated"),
        ("hôm qua", "undated"),
    ],
)
def test_the_month_partition_comes_from_the_publication_date(
    published: str | None, month: str
) -> None:
    assert month_of(published) == month


@pytest.mark.parametrize(
    "template", ["../%(site)s/%(run)s.jsonl", "/etc/%(run)s.jsonl", "a/../../%(run)s.jsonl"]
)
def test_a_template_that_leaves_the_export_folder_is_refused(template: str, tmp_path: Path) -> None:
    with pytest.raises(UnsafePath):
        render(tmp_path, template, {"name": "x", "site": "s", "month": "m", "run": RUN})


def test_a_symlink_out_of_the_export_folder_is_refused(tmp_path: Path) -> None:
    root, outside = tmp_path / "out", tmp_path / "elsewhere"
    root.mkdir()
    outside.mkdir()
    (root / "demo").symlink_to(outside)
    with pytest.raises(UnsafePath):
        render(root, TEMPLATE, {"name": "demo", "site": "s", "month": "m", "run": RUN})


def test_records_go_to_their_partitions_under_temporary_names_until_closed(tmp_path: Path) -> None:
    writer = PartitionWriter(tmp_path, TEMPLATE, {"name": "demo", "run": RUN})
    writer.write(record(1))
    writer.write(record(2, published=None))
    writer.write(record(3))
    finals = sorted(tmp_path.rglob("*.jsonl"))
    assert finals == []  # nothing under a final name while the run writes
    assert len(sorted(tmp_path.rglob("*" + PART))) == 2

    entries = writer.close()
    assert sorted(tmp_path.rglob("*" + PART)) == []
    by_month = {e.month: e for e in entries}
    assert set(by_month) == {"2026-03", "undated"}
    march = tmp_path / by_month["2026-03"].path
    assert march == tmp_path / f"demo/vnexpress.net/2026-03/demo-{RUN}.jsonl"
    assert [json.loads(line)["n"] for line in read_lines(march)] == [1, 3]
    assert by_month["2026-03"].records == 2
    assert by_month["2026-03"].sha256 == hashlib.sha256(march.read_bytes()).hexdigest()
    assert by_month["2026-03"].site == "vnexpress.net"


def test_a_final_name_is_never_reused(tmp_path: Path) -> None:
    final = tmp_path / "x.jsonl"
    final.write_text("earlier\n", encoding="utf-8")
    part = tmp_path / ("x.jsonl" + PART)
    part.write_text("later\n", encoding="utf-8")
    moved = finalize(part)
    assert moved == tmp_path / "x-2.jsonl"
    assert final.read_text(encoding="utf-8") == "earlier\n"
    assert moved.read_text(encoding="utf-8") == "later\n"
    assert not part.exists()


def test_gzip_partitions_reopened_after_closing_read_as_one_file(tmp_path: Path) -> None:
    writer = PartitionWriter(
        tmp_path, TEMPLATE, {"name": "demo", "run": RUN}, gzipped=True, max_open=1
    )
    for n in range(6):  # two sites in turn: each write closes the other partition
        writer.write(record(n, site="a.vn" if n % 2 else "b.vn"))
    entries = writer.close()
    assert len(entries) == 2
    for entry in entries:
        assert entry.path.endswith(".jsonl.gz")
        with gzip.open(tmp_path / entry.path, "rt", encoding="utf-8") as handle:
            lines = [json.loads(line) for line in handle]
        assert len(lines) == entry.records == 3


def test_a_cut_plain_part_keeps_its_whole_lines(tmp_path: Path) -> None:
    part = tmp_path / ("demo-x.jsonl" + PART)
    whole = [json.dumps(record(n)) for n in (1, 2)]
    part.write_text("\n".join(whole) + '\n{"url": "https://vnexpress.net/ba', encoding="utf-8")
    entry, urls = recover_part(tmp_path, part)
    final = tmp_path / entry.path
    assert final.name == "demo-x.jsonl" and not part.exists()
    assert final.read_text(encoding="utf-8") == "\n".join(whole) + "\n"
    assert urls == {record(1)["url"], record(2)["url"]} and entry.records == 2


def test_a_gzip_part_cut_by_a_kill_is_read_and_made_whole(tmp_path: Path) -> None:
    writer = PartitionWriter(tmp_path, TEMPLATE, {"name": "demo", "run": RUN}, gzipped=True)
    for n in range(3):
        writer.write(record(n))
    (part,) = writer.parts
    data = part.read_bytes()  # what a killed process leaves: flushed, with no gzip trailer
    part.write_bytes(data[:-3])  # and the last flush cut short
    entry, urls = recover_part(tmp_path, part)
    with gzip.open(tmp_path / entry.path, "rt", encoding="utf-8") as handle:
        kept = [json.loads(line)["n"] for line in handle]
    assert kept in ([0, 1, 2], [0, 1])  # whole records only, in order
    assert urls == {record(n)["url"] for n in kept}


def test_a_live_run_is_no_orphan_and_a_dead_one_is_recovered(tmp_path: Path) -> None:
    live, dead = "20261126T070000Z-aaaa", "20261126T060000Z-bbbb"
    for run in (live, dead):
        writer = PartitionWriter(tmp_path, TEMPLATE, {"name": "demo", "run": run})
        writer.write(record(1 if run == live else 2))
        writer._partitions.clear()  # the process "dies": files left as .part
    manifest_part = tmp_path / f"demo/manifests/demo-{live}.json{PART}"
    lock = RunLock(manifest_part)
    assert lock.acquire()
    try:
        assert orphan_runs(tmp_path, TEMPLATE, MANIFEST, "demo") == [dead]
        recovered = recover_run(tmp_path, TEMPLATE, MANIFEST, "demo", dead, "3")
    finally:
        lock.release(remove=True)
    assert recovered.urls == {record(2)["url"]}
    manifest = json.loads(recovered.manifest.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    assert manifest["status"] == "recovered" and manifest["records"] == 1
    assert list(tmp_path.rglob(f"*{dead}*{PART}")) == []
    assert len(list(tmp_path.rglob(f"*{live}.jsonl{PART}"))) == 1  # the live run's, untouched
