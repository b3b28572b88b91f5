"""Downloader middleware: meta refresh redirects found without decoding every page."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares import MetaRefreshMiddleware

URL = "http://127.0.0.1/bai-viet.html"
REFRESH = '<meta http-equiv="Refresh" content="0; url=/bai-moi.html">'
FILLER = "<p>Người dân xã Đông Hòa đã gặt xong lúa vụ mùa trước bão.</p>" * 2000


def middleware() -> MetaRefreshMiddleware:
    return MetaRefreshMiddleware.from_crawler(get_crawler())


def page(head: str, encoding: str = "utf-8") -> HtmlResponse:
    html = f"<html><head><title>Tin</title>{head}</head><body>{FILLER}</body></html>"
    # letters windows-1258 has no byte for are written as character references, as pages do
    body = html.encode(encoding, errors="xmlcharrefreplace")
    return HtmlResponse(URL, body=body, encoding=encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "windows-1258", "utf-16"])
def test_a_meta_refresh_is_followed_in_any_charset(encoding: str) -> None:
    result = middleware().process_response(Request(URL), page(REFRESH, encoding))
    assert isinstance(result, Request)
    # (Scrapy's own reading of a UTF-16 page adds its byte-order mark as a query: not ours)
    assert result.url.startswith("http://127.0.0.1/bai-moi.html")


def test_a_refresh_after_a_long_head_of_multibyte_text_is_still_found() -> None:
    # 3,900 characters of three-byte UTF-8 before the tag: 11,700 bytes, and the tag still ends
    # within the 4,096 characters Scrapy reads
    head = f"<title>{'ữ' * 3900}</title>{REFRESH}"
    result = middleware().process_response(Request(URL), page(head))
    assert isinstance(result, Request)


def test_a_page_without_a_refresh_is_passed_on_undecoded() -> None:
    response = page('<meta charset="utf-8">')
    assert middleware().process_response(Request(URL), response) is response
    # Scrapy keeps the decoded text once it made it: none was made
    assert getattr(response, "_cached_ubody", None) is None


def test_the_word_refresh_without_the_tag_redirects_nowhere() -> None:
    response = page("", "utf-8")
    with_word = response.replace(body=response.body.replace(b"<body>", b"<body>refresh"))
    assert middleware().process_response(Request(URL), with_word) is with_word
