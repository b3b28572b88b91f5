"""Extraction speed against the general-purpose extractors, on the same pages in the same run.

It runs `scrapy evaluate CORPUS --peers` (page to final record, every pipeline included, each
page's best of --repeat timed passes) and prints each system's median and mean ms/page with its
ratio to ours, beside its body F1. Needs the bench extra (trafilatura, newspaper4k).

    python benches/extraction.py [--corpus ../shared/corpus] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "evaluate.json"
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "evaluate", str(args.corpus.resolve()), "--peers",
             "--repeat", str(args.repeat), "--json", str(out)],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if not out.is_file():
            sys.exit(f"evaluate failed:\n{result.stderr[-3000:]}")
        summaries = json.loads(out.read_text(encoding="utf-8"))["summaries"]
    ours = summaries[0]
    print(f"{ours['pages']} pages of {args.corpus}, best of {args.repeat} passes each\n")
    print("| system | ms/page (median) | ms/page (mean) | ours / system (median) | body F1 |")
    print("| --- | --- | --- | --- | --- |")
    for summary in summaries:
        ratio = ours["ms_median"] / summary["ms_median"] if summary["ms_median"] else 0.0
        print(
            f"| {summary['system']} | {summary['ms_median']:.1f} | {summary['ms_mean']:.1f}"
            f" | {ratio:.2f} | {summary['f1']:.3f} |"
        )
    if len(summaries) == 1:
        print("\nno peer installed: pip install -e '.[bench]'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
