"""A misbehaving news site for the fault suite, served on 127.0.0.2 (loopback) by the tests.

Articles in the second demo site's markup (the `demo_b` spider reads them), listed in a sitemap,
each at a path that says what goes wrong with it. Some faults pass ("flaky": a 503, a 429, a
stall, a cut body, the first time only), some pages are wrong however often they are asked
(a gzip bomb, a huge page, an image under .html, a redirect loop, a redirect to another domain,
a soft 404, an empty page), some are right but awkward (a wrong or missing charset,
windows-1258, malformed HTML, a canonical URL whose host is "..").

The sitemap index also names an XML bomb (billion laughs), a sitemap naming an external entity,
and a broken sitemap; the site's feed is a bomb too. One page is pre-Unicode (TCVN3 in .VnTime).
`Fault.served` says which articles the site eventually served correctly: those, and only those,
must be exported, once.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from crawler.text.legacy import encode_cp1258, encode_tcvn3

HOST = "127.0.0.2"
OFFSITE_HOST = "127.0.0.3"  # the other domain redirects point to: it counts what reaches it

_PARAGRAPHS = (
    "Sáng nay, Ủy ban nhân dân tỉnh tổ chức hội nghị sơ kết công tác chuyển đổi số trong sáu"
    " tháng đầu năm, với sự tham gia của lãnh đạo các sở, ngành và địa phương.",
    "Theo báo cáo, toàn tỉnh đã đưa vào vận hành hơn 1.200 dịch vụ công trực tuyến toàn trình,"
    " tỷ lệ hồ sơ nộp qua mạng đạt 68%, tăng gần gấp đôi so với cùng kỳ năm trước.",
    "Phát biểu kết luận, Phó Chủ tịch tỉnh yêu cầu các đơn vị tiếp tục rà soát thủ tục, bảo"
    " đảm an toàn thông tin và hỗ trợ người dân ở vùng sâu, vùng xa sử dụng dịch vụ số.",
)


@dataclass(frozen=True)
class Fault:
    slug: str
    served: bool  # the site eventually serves this article correctly: it must be exported once
    number: int

    @property
    def path(self) -> str:
        return f"/thoi-su/{self.slug}-{self.number}.html"


FAULTS = tuple(
    Fault(slug, served, 60001 + i)
    for i, (slug, served) in enumerate(
        [
            ("binh-thuong", True),
            ("binh-thuong-hai", True),
            ("loi-503-hai-lan", True),
            ("loi-429-cho-mot-giay", True),
            ("treo-lau-mot-lan", True),
            ("cat-cut-mot-lan", True),
            ("sai-bang-ma", True),
            ("thieu-bang-ma", True),
            ("windows-1258", True),
            ("phong-tcvn3", True),
            ("html-hong", True),
            ("ten-mien-la", True),
            ("bom-gzip", False),
            ("trang-khong-lo", False),
            ("anh-duoi-html", False),
            ("vong-chuyen-huong", False),
            ("chuyen-sang-mien-khac", False),
            ("soft-404", False),
            ("trang-rong", False),
        ]
    )
)
BY_SLUG = {fault.slug: fault for fault in FAULTS}

_XMLNS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
_BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
"""


def _article(base: str, fault: Fault, *, charset: str = "utf-8", canonical: str = "") -> str:
    title = f"Hội nghị sơ kết chuyển đổi số, bản tin {fault.number}"
    body = "".join(f"<p>{p} (Bản tin {fault.number}.)</p>" for p in _PARAGRAPHS)
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"""<!DOCTYPE html><html lang="vi"><head>{meta}
<title>{title} - Báo Ánh Dương</title>
<link rel="canonical" href="{canonical or base + fault.path}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2026-11-10T08:30:00+07:00">
</head><body><div class="breadcrumb"><a href="{base}/">Trang chủ</a>
<a href="{base}/thoi-su/">Thời sự</a></div>
<h1 class="post-title">{title}</h1>
<div class="post-meta"><span class="post-date">Thứ hai, 10/11/2026, 08:30 (GMT+7)</span></div>
<div class="post-sapo">Hội nghị đánh giá kết quả chuyển đổi số sáu tháng đầu năm.</div>
<div class="post-content">{body}
<p style="text-align:right"><strong>Minh Châu</strong></p></div>
</body></html>"""


class FaultSite:
    """The site and the offsite server in background threads; `hits` counts requests by path."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.offsite_hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.httpd = _Server((HOST, 0), self._handler())
        self.base_url = f"http://{HOST}:{self.httpd.server_address[1]}"
        self.offsite = _Server((OFFSITE_HOST, 0), self._offsite_handler())
        self.offsite_url = f"http://{OFFSITE_HOST}:{self.offsite.server_address[1]}"

    def __enter__(self) -> FaultSite:
        for server in (self.httpd, self.offsite):
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for server in (self.httpd, self.offsite):
            server.shutdown()
            server.server_close()

    def _count(self, path: str) -> int:
        with self._lock:
            self.hits[path] += 1
            return self.hits[path]

    def _offsite_handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Offsite(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.offsite_hits[self.path] += 1
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Offsite

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                seen = site._count(path)
                base = site.base_url
                if path == "/robots.txt":
                    return self._send(
                        f"User-agent: *\nSitemap: {base}/sitemap.xml\n".encode(), "text/plain"
                    )
                if path == "/sitemap.xml":
                    parts = [
                        f"{base}/sitemaps/{name}.xml" for name in ("tin", "bom", "thuc-the", "hong")
                    ]
                    index = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in parts)
                    return self._xml(f"<sitemapindex {_XMLNS}>{index}</sitemapindex>")
                if path == "/sitemaps/tin.xml":
                    urls = "".join(f"<url><loc>{base}{f.path}</loc></url>" for f in FAULTS)
                    return self._xml(f"<urlset {_XMLNS}>{urls}</urlset>")
                if path == "/rss/tin-moi.rss":  # the feed is a bomb too
                    item = "<item><link>&lol9;</link></item>"
                    rss = f"<rss version='2.0'><channel>{item}</channel></rss>"
                    return self._send(_BILLION_LAUGHS + rss.encode(), "application/rss+xml")
                if path == "/sitemaps/bom.xml":  # billion laughs
                    return self._send(
                        _BILLION_LAUGHS
                        + b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol9;</loc></url></urlset>',
                        "application/xml",
                    )
                if path == "/sitemaps/thuc-the.xml":  # an external entity: a file of the crawler's
                    doctype = '<!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    return self._xml(
                        f"{doctype}<urlset {_XMLNS}><url><loc>&x;</loc></url></urlset>"
                    )
                if path == "/sitemaps/hong.xml":  # cut short and not XML at the end
                    return self._xml(f"<urlset {_XMLNS}><url><loc>{base}/thoi-su/x")
                slug = path.rsplit("/", 1)[-1].rsplit("-", 1)[0]
                fault = BY_SLUG.get(slug)
                if fault is None or path != fault.path:
                    if path.startswith("/vong/"):  # the redirect loop's other end
                        return self._redirect(base + BY_SLUG["vong-chuyen-huong"].path)
                    return self._send(b"", "text/html", HTTPStatus.NOT_FOUND)
                return self._fault(fault, seen, base)

            def _fault(self, fault: Fault, seen: int, base: str) -> None:
                page = _article(base, fault).encode("utf-8")
                slug = fault.slug
                if slug == "loi-503-hai-lan" and seen <= 2:
                    return self._send(b"busy", "text/plain", HTTPStatus.SERVICE_UNAVAILABLE)
                if slug == "loi-429-cho-mot-giay" and seen == 1:
                    return self._send(
                        b"slow down",
                        "text/plain",
                        HTTPStatus.TOO_MANY_REQUESTS,
                        {"Retry-After": "1"},
                    )
                if slug == "treo-lau-mot-lan" and seen == 1:
                    time.sleep(4)  # longer than the test's DOWNLOAD_TIMEOUT
                if slug == "cat-cut-mot-lan" and seen == 1:
                    self.send_response(HTTPStatus.OK)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(page)))
                    self.end_headers()
                    self.wfile.write(page[: len(page) // 3])
                    self.close_connection = True
                    return None
                if slug == "sai-bang-ma":  # UTF-8 labelled Latin-1, in the header and the page
                    wrong = _article(base, fault, charset="iso-8859-1").encode("utf-8")
                    return self._send(wrong, "text/html; charset=iso-8859-1")
                if slug == "thieu-bang-ma":
                    return self._send(
                        _article(base, fault, charset="").encode("utf-8"), "text/html"
                    )
                if slug == "windows-1258":
                    legacy = _article(base, fault, charset="windows-1258")
                    return self._send(encode_cp1258(legacy), "text/html; charset=windows-1258")
                if slug == "phong-tcvn3":  # a pre-Unicode page: TCVN3 bytes in .VnTime fonts
                    fonts = ".post-title, .post-sapo, .post-content { font-family: '.VnTime' }"
                    style = f"<style>{fonts}</style>"
                    html = _article(base, fault, charset="").replace("</head>", style + "</head>")
                    return self._send(encode_tcvn3(html), "text/html")
                if slug == "html-hong":  # unclosed tags, stray end tags, no </body>
                    broken = page.replace(b"</p>", b"").replace(b"</div>", b"</span></div>", 1)
                    return self._send(
                        broken.replace(b"</body></html>", b"<div><table><tr><td>"), "text/html"
                    )
                if slug == "ten-mien-la":
                    return self._send(
                        _article(base, fault, canonical="http://../../etc/ten-mien-la.html").encode(
                            "utf-8"
                        ),
                        "text/html; charset=utf-8",
                    )
                if slug == "bom-gzip":  # 64 KB on the wire, 64 MB once inflated
                    zipped = {"Content-Encoding": "gzip"}
                    return self._send(_gzip_bomb(), "text/html; charset=utf-8", headers=zipped)
                if slug == "trang-khong-lo":  # 24 MB: over DOWNLOAD_MAXSIZE
                    return self._send(
                        page + b"<!--" + b"x" * (24 * 1024 * 1024) + b"-->", "text/html"
                    )
                if slug == "anh-duoi-html":  # a PNG under .html, labelled text/html
                    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64
                    return self._send(png, "text/html")
                if slug == "vong-chuyen-huong":
                    return self._redirect(f"{base}/vong/{seen}.html")
                if slug == "chuyen-sang-mien-khac":
                    return self._redirect(f"{site.offsite_url}/bai-viet.html")
                if slug == "soft-404":
                    missing = (
                        '<html lang="vi"><head><meta charset="utf-8"><title>Không tìm thấy trang'
                        "</title></head><body><h1>404</h1><p>Trang bạn tìm không tồn tại.</p>"
                        "</body></html>"
                    )
                    return self._send(missing.encode("utf-8"), "text/html; charset=utf-8")
                if slug == "trang-rong":
                    return self._send(b"", "text/html; charset=utf-8")
                return self._send(page, "text/html; charset=utf-8")

            def _xml(self, document: str) -> None:
                self._send(f'<?xml version="1.0"?>{document}'.encode(), "application/xml")

            def _redirect(self, location: str) -> None:
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _send(
                self,
                body: bytes,
                kind: str,
                status: HTTPStatus = HTTPStatus.OK,
                headers: dict[str, str] | None = None,
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                # the crawler may give up on a body it does not want, as it should
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


@functools.cache
def _gzip_bomb() -> bytes:
    return gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)


class _Server(ThreadingHTTPServer):
    request_queue_size = 64
    daemon_threads = True
