"""A large generated news site for the crawl benchmark, served on 127.0.0.2 (loopback).

Pages are made on request from the article number, in the second demo site's markup (the
`demo_b` spider reads them), about 190 KB each like a real Vietnamese news page: meta tags and
JSON-LD, inline style sheets and scripts, a menu, the article with a related-news box, tags,
reader comments, a "most read" sidebar and a footer. Each article's text is its own (sentences
drawn by its number), so no pipeline drops it as a duplicate. Discovery: robots.txt names a
sitemap index of sitemaps of 5,000 articles each.

    python benches/benchsite.py --articles 20000 --port 8790
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from datetime import datetime, timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

HOST = "127.0.0.2"
PER_SITEMAP = 5000
FIRST_ID = 10000  # five-digit article numbers, as demo_b's article pattern wants

_SUBJECTS = (
    "Ủy ban nhân dân tỉnh", "Sở Giao thông vận tải", "Ban quản lý dự án", "Hội Nông dân xã",
    "Trường trung học phổ thông", "Bệnh viện đa khoa huyện", "Công an thành phố", "Hợp tác xã",
    "Đoàn thanh niên phường", "Trung tâm y tế", "Phòng Giáo dục và Đào tạo", "Hội Phụ nữ",
)  # fmt: skip
_ACTIONS = (
    "đã tổ chức hội nghị sơ kết công tác", "vừa khởi công xây dựng", "đang khẩn trương hoàn thiện",
    "đã bàn giao cho người dân", "tiếp tục triển khai kế hoạch", "công bố kết quả kiểm tra",
    "đề xuất bổ sung kinh phí cho", "hoàn thành giai đoạn một của", "kiểm tra tiến độ thi công",
)  # fmt: skip
_OBJECTS = (
    "tuyến đường liên thôn dài bốn ki-lô-mét", "trạm bơm tưới tiêu cho hơn 200 héc-ta lúa",
    "khu tái định cư cho các hộ vùng sạt lở", "nhà văn hóa thôn Đông", "cầu dân sinh qua suối",
    "hệ thống nước sạch cho ba xã vùng cao", "điểm trường mầm non mới", "chợ đầu mối nông sản",
    "kè chống sạt lở bờ sông", "trung tâm hành chính công cấp huyện",
)  # fmt: skip
_ENDINGS = (
    "trước mùa mưa bão năm nay.", "với tổng vốn đầu tư hơn 30 tỷ đồng.",
    "theo đúng kế hoạch đã đề ra từ đầu năm.", "nhằm phục vụ nhu cầu đi lại của người dân.",
    "với sự tham gia đóng góp của nhiều doanh nghiệp.", "dự kiến hoàn thành vào cuối quý IV.",
)  # fmt: skip
_WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")

# Filler that real pages carry and no reader reads: style sheets, scripts, menus, sidebars.
_CSS = "".join(
    f".box-{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{i % 999:03d};}}\n" for i in range(1000)
)
_SCRIPT = "".join(
    f"window.__cfg_{i}={{id:{i},slot:'ad-{i}',sizes:[[300,250],[728,90]],lazy:true}};\n"
    for i in range(800)
)
_MENU = "".join(
    f'<li class="menu__item"><a href="/chuyen-muc-{i}/">Chuyên mục {i}</a></li>' for i in range(60)
)


def article_path(n: int) -> str:
    return f"/thoi-su/tin-dia-phuong-so-{n}-{FIRST_ID + n}.html"


def _sentences(n: int, count: int) -> list[str]:
    pick = random.Random(n)
    return [
        f"{pick.choice(_SUBJECTS)} {pick.choice(_ACTIONS)} {pick.choice(_OBJECTS)}"
        f" số {pick.randrange(1, 999)} {pick.choice(_ENDINGS)}"
        for _ in range(count)
    ]


def _published(n: int) -> datetime:
    return datetime(2026, 1, 1, 7, 0) + timedelta(minutes=37 * n)


def article_page(base: str, n: int) -> bytes:
    when = _published(n)
    title = f"Bản tin địa phương số {n}: " + _sentences(n, 1)[0].rstrip(".")
    sapo = " ".join(_sentences(n + 7_000_000, 2))
    paragraphs = [" ".join(_sentences(n * 31 + k, 3)) for k in range(8)]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs[:4])
    body += (
        '\n<div class="related-news"><h4>Tin liên quan</h4><ul>'
        + "".join(
            f'<li><a href="{base}{article_path(n + k)}">Bản tin số {n + k}</a></li>'
            for k in (1, 2, 3)
        )
        + "</ul></div>\n"
    )
    body += "\n".join(f"<p>{p}</p>" for p in paragraphs[4:])
    body += f'\n<p style="text-align:right"><strong>Phóng viên số {n % 40}</strong></p>'
    sidebar = "".join(
        f'<li><a href="{base}{article_path((n + k * 97) % 50000)}">Tin đọc nhiều {k}</a></li>'
        for k in range(40)
    )
    shown = f"{_WEEKDAYS[when.weekday()]}, {when:%d/%m/%Y}, {when:%H:%M} (GMT+7)"
    iso = when.strftime("%Y-%m-%dT%H:%M:00+07:00")
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": iso,
            "author": [{"@type": "Person", "name": f"Phóng viên số {n % 40}"}],
        },
        ensure_ascii=False,
    )
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{escape(title)} - Báo Ánh Dương</title>
<link rel="canonical" href="{base}{article_path(n)}">
<meta property="og:type" content="article"><meta property="og:title" content="{escape(title)}">
<meta property="article:published_time" content="{iso}">
<script type="application/ld+json">{ld}</script>
<style>{_CSS}</style><script>{_SCRIPT}</script>
</head><body><header class="site-header"><nav class="menu"><ul>{_MENU}</ul></nav></header>
<main class="container"><article class="post">
<div class="breadcrumb"><a href="{base}/">Trang chủ</a> <a href="{base}/thoi-su/">Thời sự</a></div>
<h1 class="post-title">{escape(title)}</h1>
<div class="post-meta"><span class="post-date">{shown}</span></div>
<div class="post-sapo">{escape(sapo)}</div>
<div class="post-content">
{body}
</div>
<div class="post-tags"><a href="{base}/tag/dia-phuong.html">địa phương</a></div>
<section class="comments"><h3>Bình luận</h3>
<div class="comment-item"><p>Mong công trình sớm hoàn thành.</p></div>
<form><textarea></textarea><button>Gửi</button></form></section>
</article>
<aside class="sidebar"><div class="box"><h3>Đọc nhiều</h3><ul>{sidebar}</ul></div></aside></main>
<footer class="site-footer"><p>© Báo Ánh Dương (trang thử tốc độ).</p></footer>
<script>{_SCRIPT}</script></body></html>"""
    return page.encode("utf-8")


def sitemap_index(base: str, articles: int) -> bytes:
    parts = "".join(
        f"<sitemap><loc>{base}/sitemaps/{k}.xml</loc></sitemap>"
        for k in range((articles + PER_SITEMAP - 1) // PER_SITEMAP)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{parts}</sitemapindex>'.encode()


def sitemap(base: str, articles: int, k: int) -> bytes:
    urls = "".join(
        f"<url><loc>{base}{article_path(n)}</loc><lastmod>{_published(n):%Y-%m-%dT%H:%M:00+07:00}</lastmod></url>"
        for n in range(k * PER_SITEMAP, min(articles, (k + 1) * PER_SITEMAP))
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def handler(articles: int, base: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as news CDNs serve

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            body, kind = None, "text/html; charset=utf-8"
            if path == "/robots.txt":
                body, kind = (
                    f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n".encode(),
                    "text/plain",
                )
            elif path == "/sitemap.xml":
                body, kind = sitemap_index(base, articles), "application/xml"
            elif path.startswith("/sitemaps/") and path.endswith(".xml"):
                body, kind = sitemap(base, articles, int(path[10:-4])), "application/xml"
            elif path.startswith("/thoi-su/tin-dia-phuong-so-"):
                n = int(path.rsplit("-", 1)[1].split(".")[0]) - FIRST_ID
                if 0 <= n < articles:
                    body = article_page(base, n)
            if body is None:
                self.send_response(HTTPStatus.NOT_FOUND)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", '"' + hashlib.md5(body).hexdigest() + '"')
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    request_queue_size = 256
    daemon_threads = True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--port", type=int, default=8790)
    args = parser.parse_args()
    base = f"http://{HOST}:{args.port}"
    server = _Server((HOST, args.port), handler(args.articles, base))
    print(f"serving {args.articles} articles on {base}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
