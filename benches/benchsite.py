"""A large generated news site for the crawl benchmark, served on 127.0.0.2 (loopback).

Pages are made on request from the article number, in the second demo site's markup (the
`demo_b` spider reads them), about 190 KB each like a real Vietnamese news page: meta tags and
JSON-LD, inline style sheets and scripts, a menu, the article with a related-news box, tags,
reader comments, a "most read" sidebar and a footer. Each article's text is its own (sentences
drawn by its number), so no pipeline drops it as a duplicate. Discovery: robots.txt names a
sitemap index of sitemaps of 5,000 articles each.

The text, about 700 words, is by default as unlike other articles' as real news is: short stock
phrases between names, places, dates and figures. Its MinHash similarity to another article (the
near-duplicate pipeline's estimate) is 0.008 on average over 100 articles; it is 0.000 between
the nine corpus pages. `--text templated` gives the text the benchmarks used before: sentences of
40 long stock phrases, which every article shares (0.197 on average, and 5% of pairs share a
band of the LSH index). There, each near-duplicate check compares about 170 earlier records
that real news would not bring: a stress test of that index, not a typical crawl.

    python benches/benchsite.py --articles 20000 --port 8790 [--text templated]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from datetime import datetime, timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

HOST = "127.0.0.2"
PER_SITEMAP = 5000
FIRST_ID = 10000  # five-digit article numbers, as demo_b's article pattern wants

TEXTS = ("varied", "templated")
_TEXT_HELP = (
    "varied (the default): sentences whose five-word runs seldom recur in another article, as"
    " in real news; templated: sentences of 40 long stock phrases, which every article shares"
    " (the text of the benchmarks before 2026-11-26), a stress test of the near-duplicate index"
)

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
# The varied text's names, places and phrases (written for this bench).
_PROVINCES = (
    "Quảng Nam", "Nghệ An", "Thanh Hóa", "Đắk Lắk", "Lào Cai", "Cà Mau", "Bình Định", "Phú Thọ",
    "Hà Tĩnh", "Sóc Trăng", "Kon Tum", "Yên Bái", "Quảng Trị", "Tây Ninh", "Bến Tre", "Long An",
    "Gia Lai", "Hòa Bình", "Nam Định", "Thái Bình", "Vĩnh Long", "Trà Vinh", "Bắc Giang",
    "Lạng Sơn", "Sơn La", "Điện Biên", "Hậu Giang", "Ninh Thuận", "Phú Yên", "Quảng Ngãi",
)  # fmt: skip
_SYLLABLES = (
    "An", "Bình", "Hòa", "Phú", "Tân", "Thạnh", "Long", "Hưng", "Mỹ", "Thới", "Đông", "Tây",
    "Nam", "Bắc", "Trung", "Thuận", "Lợi", "Phước", "Vĩnh", "Xuân", "Hiệp", "Quang", "Minh",
    "Thành", "Lộc", "Sơn", "Hải", "Cường", "Thịnh", "Đức", "Khánh", "Nghĩa", "Tiến", "Hợp",
)  # fmt: skip
_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô")
_MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thanh", "Quốc", "Hữu", "Ngọc", "Xuân", "Kim")
_GIVEN = (
    "Hùng", "Lan", "Dũng", "Hương", "Tuấn", "Mai", "Nam", "Hạnh", "Sơn", "Thảo", "Phong", "Yến",
    "Khoa", "Trang", "Bảo", "Nhung", "Vinh", "Loan", "Tâm", "Hiền",
)  # fmt: skip
_DAYPARTS = ("Sáng", "Chiều", "Tối", "Trưa", "Ngày")
_ROLES = ("Chủ tịch xã", "Bí thư xã", "Trưởng thôn", "Giám đốc Ban", "Chủ nhiệm HTX")
_WORKS = (
    "tuyến đường", "trạm bơm", "khu tái định cư", "nhà văn hóa", "cầu", "điểm trường", "chợ", "kè",
)  # fmt: skip
_STEPS = ("khởi công", "bàn giao", "nghiệm thu", "thông xe", "kiểm tra", "rà soát")
_BENEFITS = ("yên tâm sản xuất", "bớt ngập", "có nước sạch", "đi lại thuận tiện", "tăng thu nhập")
_SPENDS = ("giải ngân", "bố trí", "huy động", "phân bổ", "tạm ứng", "cân đối")
_VOICES = ("mong", "kiến nghị", "cho rằng", "đề nghị")
_HOPES = ("sớm xong", "được làm kỹ", "công khai chi phí", "có thêm đèn", "mở rộng thêm")
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
_FILLER = {b"\x01": _CSS.encode(), b"\x02": _SCRIPT.encode(), b"\x03": _MENU.encode()}
_SENTINEL = re.compile(b"([\x01-\x03])")


def article_path(n: int) -> str:
    return f"/thoi-su/tin-dia-phuong-so-{n}-{FIRST_ID + n}.html"


def _templated(pick: random.Random) -> str:
    return (
        f"{pick.choice(_SUBJECTS)} {pick.choice(_ACTIONS)} {pick.choice(_OBJECTS)}"
        f" số {pick.randrange(1, 999)} {pick.choice(_ENDINGS)}"
    )


def _varied(pick: random.Random) -> str:
    """A sentence of short stock phrases between the names, places, dates and figures that
    make a report its own: as in real news, a five-word run seldom recurs in another article."""

    def name() -> str:
        return f"{pick.choice(_SYLLABLES)} {pick.choice(_SYLLABLES)}"

    def person() -> str:
        return f"{pick.choice(_FAMILY)} {pick.choice(_MIDDLE)} {pick.choice(_GIVEN)}"

    when = f"{pick.choice(_DAYPARTS)} {pick.randrange(1, 29)}/{pick.randrange(1, 13)}"
    work = f"{pick.choice(_WORKS)} {name()}"
    shape = pick.randrange(4)
    if shape == 0:
        return (
            f"{when}, UBND xã {name()} {pick.choice(_STEPS)} {work} dài"
            f" {pick.randrange(2, 950)} mét, vốn {pick.randrange(2, 90)} tỷ đồng."
        )
    if shape == 1:
        return (
            f"Theo ông {person()}, {pick.choice(_ROLES)} {name()}, {work} giúp"
            f" {pick.randrange(20, 900)} hộ ở {pick.choice(_PROVINCES)} {pick.choice(_BENEFITS)}."
        )
    if shape == 2:
        return (
            f"Đến {when.lower()}, huyện {name()} đã {pick.choice(_SPENDS)}"
            f" {pick.randrange(2, 99)} tỷ đồng cho {work}, đạt {pick.randrange(20, 99)}% kế hoạch."
        )
    return (
        f"Bà {person()}, thôn {name()}, {pick.choice(_VOICES)} {work}"
        f" {pick.choice(_HOPES)} trước ngày {pick.randrange(1, 29)}/{pick.randrange(1, 13)}."
    )


def _sentences(n: int, count: int, text: str = "varied") -> list[str]:
    pick = random.Random(n)
    make = _varied if text == "varied" else _templated
    return [make(pick) for _ in range(count)]


def _published(n: int) -> datetime:
    return datetime(2026, 1, 1, 7, 0) + timedelta(minutes=37 * n)


def article_page(base: str, n: int, text: str = "varied") -> bytes:
    when = _published(n)
    title = f"Bản tin địa phương số {n}: " + _sentences(n, 1, text)[0].rstrip(".")
    sapo = " ".join(_sentences(n + 7_000_000, 2, text))
    # about 700 words either way: the varied sentences are shorter
    per = 4 if text == "varied" else 3
    # one of 40 writers; the templated site's were not names, so the byline stayed in the text
    k = n % 40
    writer = (
        f"{_FAMILY[k % 11]} {_MIDDLE[k % 10]} {_GIVEN[k % 20]}"
        if text == "varied"
        else f"Phóng viên số {k}"
    )
    paragraphs = [" ".join(_sentences(n * 31 + k, per, text)) for k in range(8)]
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
    body += f'\n<p style="text-align:right"><strong>{writer}</strong></p>'
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
            "author": [{"@type": "Person", "name": writer}],
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
<style>\x01</style><script>\x02</script>
</head><body><header class="site-header"><nav class="menu"><ul>\x03</ul></nav></header>
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
<script>\x02</script></body></html>"""
    # The filler, the same on every page, is spliced in as bytes: encoding it for every page
    # again made the server, which shares the machine with the crawl, work a third longer.
    return b"".join(_FILLER.get(piece, piece) for piece in _SENTINEL.split(page.encode("utf-8")))


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


def handler(articles: int, base: str, text: str) -> type[BaseHTTPRequestHandler]:
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
                    body = article_page(base, n, text)
            if body is None:
                self.send_response(HTTPStatus.NOT_FOUND)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            # a page is made from its path alone: no need to hash its 190 KB
            tag = hashlib.md5(f"{text}:{path}:{articles}".encode()).hexdigest()
            self.send_header("ETag", f'"{tag}"')
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
    parser.add_argument("--text", choices=TEXTS, default="varied", help=_TEXT_HELP)
    args = parser.parse_args()
    base = f"http://{HOST}:{args.port}"
    server = _Server((HOST, args.port), handler(args.articles, base, args.text))
    print(f"serving {args.articles} articles on {base}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
