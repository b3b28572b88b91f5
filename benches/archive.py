"""Archive re-processing: `scrapy extract --manifest` over saved pages, one process against one
per core, on the same manifest in the same run.

The archive is N pages of the generated bench site (benches/benchsite.py, about 190 KB each),
written to a temporary folder with a manifest. Printed: pages/s for each number of processes, the
speedup, and whether the outputs are the same line for line (they must be: the run-wide stages,
deduplication and near-duplicates, run in one process in manifest order).

    python benches/archive.py [--pages 4000]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import benchsite

ROOT = Path(__file__).resolve().parents[1]
BASE = f"http://{benchsite.HOST}:8790"


def write_archive(folder: Path, pages: int) -> Path:
    manifest = folder / "manifest.jsonl"
    with manifest.open("w", encoding="utf-8") as out:
        for n in range(pages):
            name = f"page-{n}.html"
            (folder / name).write_bytes(benchsite.article_page(BASE, n))
            row = {"id": str(n), "url": BASE + benchsite.article_path(n), "file": name}
            out.write(json.dumps(row) + "\n")
    return manifest


def extract(manifest: Path, jobs: int, out: Path) -> float:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "extract", "--manifest", str(manifest),
         "--jobs", str(jobs), "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    if result.returncode != 0 or not re.search(r"\d+ records", result.stderr):
        sys.exit(f"extract failed:\n{result.stderr[-3000:]}")
    return elapsed


def same(a: Path, b: Path) -> bool:
    def lines(path: Path) -> list[dict[str, object]]:
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return [{k: v for k, v in r.items() if k != "crawled_at"} for r in records]

    return lines(a) == lines(b)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=4000)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    print(f"machine: {cores} cores; Python {sys.version.split()[0]}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-archive-") as tmp:
        folder = Path(tmp)
        manifest = write_archive(folder, args.pages)
        size = sum(p.stat().st_size for p in folder.glob("*.html")) / 1e6
        print(f"archive: {args.pages} pages, {size:.0f} MB", flush=True)
        times = {}
        for jobs in (1, cores):
            times[jobs] = extract(manifest, jobs, folder / f"out-{jobs}.jsonl")
            print(f"{jobs} process(es): {times[jobs]:.1f} s", flush=True)
        print()
        print("| processes | seconds | pages/s | speedup |")
        print("| --- | --- | --- | --- |")
        for jobs, seconds in times.items():
            print(
                f"| {jobs} | {seconds:.1f} | {args.pages / seconds:.0f}"
                f" | {times[1] / seconds:.2f} |"
            )
        identical = same(folder / "out-1.jsonl", folder / f"out-{cores}.jsonl")
        print(f"\nsame output line for line: {identical}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
