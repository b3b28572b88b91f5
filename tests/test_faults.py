"""How faults are named (fault/<kind> stats) and how long a Retry-After makes a retry wait."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TimeoutError

from crawler.middlewares import retry_after
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
