"""A real scrapyd on a free loopback port: the project is deployed with scrapyd-client, a crawl
of the demo site (served on 127.0.0.1) is scheduled through Scrapyd's HTTP API, and the JSON
Lines it wrote validate. Selected by `pytest -k scrapyd`; with CI=true a scrapyd that cannot be
started fails the test instead of skipping it."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from crawler.demo.server import DemoServer
from crawler.scheduling import PROJECT, active_jobs, schedule
from crawler.schema import load_schema
from tests.e2e.conftest import ROOT, read_jsonl, truth_articles


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if shutil.which("scrapyd") is None:
        _unavailable("scrapyd is not installed (pip install -e '.[test]')")
    home = tmp_path_factory.mktemp("scrapyd")
    port = _free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
        f"eggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\n"
        "items_dir =\nmax_proc = 2\npoll_interval = 0.2\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        ["scrapyd"], cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    else:
        process.kill()
        _unavailable("scrapyd did not open its port within 30 s")
    if process.poll() is not None:
        _unavailable(
            f"scrapyd exited: {process.stderr.read().decode()[-500:] if process.stderr else ''}"
        )
    deploy = subprocess.run(
        [shutil.which("scrapyd-deploy") or "scrapyd-deploy", "env"],
        cwd=ROOT,
        env={**os.environ, "SCRAPYD_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        assert deploy.returncode == 0, deploy.stderr[-2000:]
        assert '"status": "ok"' in deploy.stdout + deploy.stderr
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_finished(url: str, job: str, timeout: float = 120) -> dict[str, object]:
    from crawler.scheduling import _call

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = _call(url, f"listjobs.json?project={PROJECT}")
        for done in jobs["finished"]:
            if done["id"] == job:
                return dict(done)
        time.sleep(0.3)
    raise AssertionError(f"job {job} did not finish in {timeout} s")


def test_a_crawl_scheduled_through_scrapyd_writes_records_that_validate(
    scrapyd: str, demo_site: DemoServer, tmp_path: Path
) -> None:
    out = tmp_path / "demo.jsonl"
    job = schedule(
        scrapyd,
        "demo",
        arguments={"base_url": demo_site.base_url},
        settings={
            "NEWS_STATE_PATH": str(tmp_path / "state.sqlite"),
            "NEWS_EXPORT_DIR": str(tmp_path / "dataset"),
            "FEEDS": json.dumps({str(out): {"format": "jsonlines"}}),
        },
    )
    assert job is not None
    finished = _wait_finished(scrapyd, job)
    records = read_jsonl(out)
    validator = jsonschema.Draft202012Validator(load_schema())
    for record in records:
        assert not list(validator.iter_errors(record)), record["url"]
    assert {r["canonical_url"] for r in records} == set(truth_articles(demo_site.base_url))
    summary = json.loads((tmp_path / "demo.summary.json").read_text(encoding="utf-8"))
    assert summary["monitors"]["ok"], finished


def test_a_second_schedule_while_the_first_runs_is_refused(
    scrapyd: str, demo_site: DemoServer, tmp_path: Path
) -> None:
    settings = {
        "NEWS_STATE_PATH": str(tmp_path / "state.sqlite"),
        "NEWS_EXPORT_DIR": str(tmp_path / "dataset"),
        "FEEDS": json.dumps({str(tmp_path / "slow.jsonl"): {"format": "jsonlines"}}),
        "DOWNLOAD_DELAY": "0.3",  # slow enough to still be running when asked again
        "CONCURRENT_REQUESTS": "1",
    }
    args = {"base_url": demo_site.base_url}
    first = schedule(scrapyd, "demo", arguments=args, settings=settings)
    assert first is not None
    assert schedule(scrapyd, "demo", arguments=args, settings=settings) is None
    assert active_jobs(scrapyd, "demo") == [first]
    _wait_finished(scrapyd, first)
    cli = subprocess.run(
        [sys.executable, "-m", "crawler.scheduling", "--url", scrapyd, "generic", "-a", "x"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert cli.returncode != 0 and "NAME=VALUE" in cli.stderr


def test_the_deployed_egg_carries_the_schema_and_the_demo_site(tmp_path: Path) -> None:
    if shutil.which("scrapyd-deploy") is None:
        _unavailable("scrapyd-client is not installed (pip install -e '.[test]')")
    egg = tmp_path / "project.egg"
    built = subprocess.run(
        ["scrapyd-deploy", "--build-egg", str(egg)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    names = set(zipfile.ZipFile(egg).namelist())
    assert "crawler/schema/article.schema.json" in names
    assert "crawler/demo/site/index.html" in names
    entry_points = zipfile.ZipFile(egg).read("EGG-INFO/entry_points.txt").decode()
    assert "settings = crawler.settings" in entry_points
