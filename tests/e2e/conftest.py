"""Real crawls: the bundled demo site served on 127.0.0.1 by the test, crawled by `scrapy` in a
subprocess (a fresh reactor per crawl, exactly as an operator runs it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.demo.server import SITE_DIR, DemoServer

ROOT = Path(__file__).resolve().parents[2]
TRUTH = json.loads((SITE_DIR / "ARTICLES.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_site() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server


def run_scrapy(
    *args: str, cwd: Path = ROOT, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if args and args[0] in ("crawl", "demo") and "NEWS_STATE_PATH" not in " ".join(args):
        # every crawl starts from an empty crawl state unless the test names one
        state = Path(tempfile.mkdtemp(prefix="news-state-")) / "state.sqlite"
        args = (*args, "-s", f"NEWS_STATE_PATH={state}")
    if args and args[0] in ("crawl", "demo") and "NEWS_DUPLICATES_PATH" not in " ".join(args):
        # and a near-duplicate index of its own
        index = Path(tempfile.mkdtemp(prefix="news-duplicates-")) / "index.sqlite"
        args = (*args, "-s", f"NEWS_DUPLICATES_PATH={index}")
    if args and args[0] in ("crawl", "demo") and "NEWS_EXPORT_DIR" not in " ".join(args):
        # and writes its dataset to a folder of its own, never into the working tree
        args = (*args, "-s", f"NEWS_EXPORT_DIR={tempfile.mkdtemp(prefix='news-dataset-')}")
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def truth_articles(base_url: str) -> dict[str, dict[str, Any]]:
    """The demo site's ground truth, keyed by canonical URL."""
    return {a["canonical_url"].replace("{{BASE}}", base_url): a for a in TRUTH["articles"]}
