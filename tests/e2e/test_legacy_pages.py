"""Pages from before Unicode, and a mislabelled one, served on 127.0.0.1 and crawled by the real
generic spider: each is decoded from its bytes before extraction (SPEC R0/R1) and comes out as the
same Unicode text as a clean page.

The four pages: Windows-1258 (declared), TCVN3 in .VnTime fonts (with a .VnTimeH capitals
headline and a Unicode menu), VNI-Times, and UTF-8 served as iso-8859-1.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import pytest

from crawler.extraction.decoding import decode_page
from crawler.text import normalize
from crawler.text.legacy import encode_cp1258, encode_tcvn3, encode_vni
from tests.e2e.conftest import read_jsonl, run_scrapy

TITLE = "Ngày hội đọc sách ở thư viện tỉnh thu hút đông đảo học sinh"


def paragraphs(province: str) -> tuple[str, ...]:
    """Four paragraphs, one province per page (so that no page is a duplicate of another)."""
    return (
        f"Sáng chủ nhật, thư viện tỉnh {province} tổ chức ngày hội đọc sách lần thứ ba với chủ "
        "đề “Sách mở cửa tương lai”, thu hút hơn hai nghìn học sinh, giáo viên và phụ huynh đến "
        "tham dự từ sớm. Đội ngũ thủ thư đã chuẩn bị gần mười nghìn đầu sách mới.",
        "Tại khu trưng bày, các em được giới thiệu những bộ truyện tranh lịch sử, sách khoa học "
        "thường thức và tủ sách kỹ năng sống. Nhiều gia đình ngồi đọc cùng con trên thảm cỏ, "
        "trong khi các nhóm tình nguyện viên hướng dẫn cách tra cứu sách điện tử.",
        "Ông Lê Văn Đức, giám đốc thư viện, cho biết đơn vị sẽ mở thêm hai điểm đọc lưu động ở "
        "các xã vùng sâu trong quý tới. Mỗi điểm được trang bị khoảng một nghìn cuốn sách và "
        "sẽ luân chuyển định kỳ ba tháng một lần giữa các trường.",
        "Kết thúc ngày hội, ban tổ chức trao giải cho mười học sinh viết cảm nhận hay nhất về "
        "cuốn sách em yêu thích. Nhiều bài viết xúc động kể về người bà, người mẹ đã đọc truyện "
        "cổ tích cho các em nghe mỗi tối trong những năm đầu đời.",
    )


MENU = "Trang chủ · Thời sự · Văn hóa · Giáo dục"


class Page(NamedTuple):
    path: str
    content_type: str
    body: bytes
    title: str  # the headline as the reader saw it
    paragraphs: tuple[str, ...]  # the body as the reader saw it
    repair: str  # the page-level repair the record must show


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _numeric(text: str) -> str:
    """Unicode as ASCII character references, the way old pages put a Unicode menu beside
    legacy-font body text."""
    return "".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in _escape(text))


def _paragraphs_html(text: tuple[str, ...]) -> str:
    return "".join(f"<p>{_escape(p)}</p>" for p in text)


def _document(head: str, body: str) -> str:
    return f"<!DOCTYPE html>\n<html><head>{head}</head><body>{body}</body></html>\n"


def windows_1258_page() -> Page:
    text = paragraphs("Nam Định")
    page = _document(
        f'<meta charset="windows-1258"><title>{_escape(TITLE)}</title>',
        f"<h1>{_escape(TITLE)}</h1><div class='content'>{_paragraphs_html(text)}</div>",
    )
    return Page(
        "/luu-tru/ngay-hoi-doc-sach-thu-vien-tinh-1258.html",
        "text/html; charset=windows-1258",
        encode_cp1258(page),
        TITLE,
        text,
        "charset:windows-1258",
    )


def tcvn3_page() -> Page:
    """Body in a class styled .VnTime, headline in the capitals font .VnTimeH (typed in lower
    case, shown in capitals), menu in Unicode as character references."""

    def part(text: str) -> bytes:
        return encode_tcvn3(_escape(text))

    text = paragraphs("Thái Bình")
    body = b"".join(b"<p class='noidung'>" + part(p) + b"</p>" for p in text)
    return Page(
        "/luu-tru/ngay-hoi-doc-sach-thu-vien-tinh-tcvn3.html",
        "text/html",
        b"<!DOCTYPE html>\n<html><head>"
        b"<style>p.noidung { font-family: '.VnTime', serif; font-size: 13pt }</style>"
        b"</head><body><div class='menu'>" + _numeric(MENU).encode("ascii") + b"</div>"
        b"<h1><font face='.VnTimeH'>" + part(TITLE.lower()) + b"</font></h1>"
        b"<div class='content'>" + body + b"</div></body></html>\n",
        TITLE.upper(),
        text,
        "font:tcvn3",
    )


def vni_page() -> Page:
    def part(text: str) -> bytes:
        return encode_vni(_escape(text))

    style = b"font-family: VNI-Times"
    text = paragraphs("Ninh Bình")
    body = b"".join(b"<p>" + part(p) + b"</p>" for p in text)
    return Page(
        "/luu-tru/ngay-hoi-doc-sach-thu-vien-tinh-vni.html",
        "text/html; charset=windows-1252",
        b"<!DOCTYPE html>\n<html><head><meta charset='windows-1252'></head><body>"
        b"<h1 style='" + style + b"'>" + part(TITLE) + b"</h1>"
        b"<div class='content' style='" + style + b"'>" + body + b"</div></body></html>\n",
        TITLE,
        text,
        "font:vni",
    )


def utf8_as_latin1_page() -> Page:
    # Đ ề ọ ỏ ờ have a UTF-8 byte that windows-1252 cannot decode: Scrapy alone would lose them.
    title = "Đề án lọ mỏ cờ: " + TITLE
    text = paragraphs("Hà Nam")
    page = _document(
        f'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        f"<title>{_escape(title)}</title>",
        f"<h1>{_escape(title)}</h1><div class='content'>{_paragraphs_html(text)}</div>",
    )
    return Page(
        "/luu-tru/ngay-hoi-doc-sach-thu-vien-tinh-utf8.html",
        "text/html; charset=iso-8859-1",
        page.encode("utf-8"),
        title,
        text,
        "charset:utf-8",
    )


PAGES = {
    page.path: page
    for page in (windows_1258_page(), tcvn3_page(), vni_page(), utf8_as_latin1_page())
}


def _handler(pages: dict[str, Page]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            page = pages.get(urlsplit(self.path).path)
            if page is None:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            self.wfile.write(page.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture(scope="module")
def legacy_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(PAGES))
    thread = Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def records(legacy_site: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("legacy") / "legacy.jsonl"
    result = run_scrapy(
        "crawl",
        "generic",
        "-a",
        "start_urls=" + ",".join(legacy_site + path for path in PAGES),
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-O",
        str(out),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return {urlsplit(r["url"]).path: r for r in read_jsonl(Path(out))}


def test_every_legacy_page_is_exported(records: dict[str, Any]) -> None:
    assert set(records) == set(PAGES)


@pytest.mark.parametrize("path", [pytest.param(p, id=PAGES[p].repair) for p in PAGES])
def test_legacy_page_reads_as_unicode(records: dict[str, Any], path: str) -> None:
    record, page = records[path], PAGES[path]
    assert record["title"] == normalize(page.title)
    assert record["text"].split("\n\n") == [normalize(p) for p in page.paragraphs]


@pytest.mark.parametrize("path", [pytest.param(p, id=PAGES[p].repair) for p in PAGES])
def test_legacy_page_repair_is_recorded(records: dict[str, Any], path: str) -> None:
    assert PAGES[path].repair in records[path]["normalisation"]


def test_unicode_menu_beside_legacy_body_is_left_alone() -> None:
    """The TCVN3 page's menu is Unicode (character references): converting the whole page
    instead of the .VnTime spans would garble it."""
    page = PAGES["/luu-tru/ngay-hoi-doc-sach-thu-vien-tinh-tcvn3.html"]
    decoded = decode_page(page.body, None, lambda: page.body.decode("cp1252"))
    assert decoded.html is not None and MENU in decoded.html


@pytest.mark.parametrize("path", [pytest.param(p, id=PAGES[p].repair) for p in PAGES])
def test_page_is_garbled_by_its_label_alone(path: str) -> None:
    """The pages really need decoding: read by their charset label, as Scrapy alone would, the
    text is not there."""
    page = PAGES[path]
    label = "cp1258" if page.repair == "charset:windows-1258" else "cp1252"
    assert page.paragraphs[0] not in page.body.decode(label, errors="replace")
