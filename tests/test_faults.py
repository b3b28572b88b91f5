"""How faults are named (fault/<kind> stats) and how long a Retry-After makes a retry wait."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.internet.error import DNSLookupError, TimeoutError
from twisted.python.failure import Failure

from crawler.incremental import NotFetched
from crawler.middlewares import retry_after
from crawler.sites.demo import DemoSpider
from crawler.spiders import fault_kind


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        pytest.param(b"5", 5.0, id="seconds"),
        pytest.param(b"600", 60.0, id="capped"),
        pytest.param(b"-3", 0.0, id="negative"),
        pytest.param(b"soon", 0.0, id="nonsense"),
        pytest.param(None, 0.0, id="absent"),
    ],
)
def test_retry_after_is_read_in_seconds_and_capped(header: bytes | None, seconds: float) -> None:
    assert retry_after(header, 60.0) == seconds


def test_retry_after_as_an_http_date() -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= retry_after(later.encode(), 60.0) <= 30


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        pytest.param(IgnoreRequest("max redirections reached"), "redirect_loop", id="redirects"),
        pytest.param(
            IgnoreRequest("redirect loop back to http://a.vn/x"), "redirect_loop", id="loop"
        ),
        pytest.param(IgnoreRequest("... larger than the download max size"), "too_large", id="big"),
        pytest.param(IgnoreRequest("offsite: b.vn is outside"), "offsite", id="offsite"),
        pytest.param(TimeoutError(), "timeout", id="timeout"),
        pytest.param(DNSLookupError(), "connection", id="dns"),
        pytest.param(
            HttpError(Response("http://a.vn/x", status=404, request=Request("http://a.vn/x"))),
            "http_404",
            id="http-status",
        ),
        pytest.param(ValueError("?"), "valueerror", id="anything-else-by-its-type"),
    ],
)
def test_a_page_that_could_not_be_read_is_named_by_why(error: Exception, kind: str) -> None:
    assert fault_kind(error) == kind


def test_a_page_the_crawl_state_chose_not_to_fetch_is_no_fault(
    caplog: pytest.LogCaptureFixture,
) -> None:
    crawler = get_crawler(DemoSpider)
    spider = DemoSpider.from_crawler(crawler)
    url = "http://127.0.0.1:8765/thoi-su/tin-1.html"
    for error in (NotFetched(f"exported before, nothing says it changed: {url}"), TimeoutError()):
        failure = Failure(error)
        failure.request = Request(url)  # type: ignore[attr-defined]
        spider.fetch_failed(failure)
    assert crawler.stats.get_value("fault/notfetched") is None
    assert crawler.stats.get_value("fault/timeout") == 1
    warned = [r.getMessage() for r in caplog.records if "Could not read" in r.getMessage()]
    assert len(warned) == 1 and warned[0].startswith(f"Could not read {url}: timeout")
