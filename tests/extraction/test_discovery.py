"""Finding articles: sitemaps, RSS/Atom feeds, listing pages and feed autodiscovery."""

from __future__ import annotations

import gzip
import time
from datetime import datetime

import pytest

from crawler.extraction.dates import VIETNAM
from crawler.extraction.discovery import (
    Entry,
    Sitemap,
    feed_links,
    parse_feed,
    parse_listing,
    parse_sitemap,
)

SITE = "https://bao.example.vn"
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


def vn(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VIETNAM)


def xml(text: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}'.encode()


SITEMAP_INDEX = xml(
    f"<sitemapindex {NS}>"
    f"<sitemap><loc>{SITE}/sitemap-2026-03.xml</loc>"
    "<lastmod>2026-03-07T08:00:00+07:00</lastmod></sitemap>"
    f"<sitemap><loc>{SITE}/sitemap-2026-02.xml</loc></sitemap>"
    "</sitemapindex>"
)
URLSET = xml(
    f"<urlset {NS}>"
    f"<url><loc> {SITE}/mua-lon-o-hue-1.htm </loc><lastmod>2026-03-07T01:15:00Z</lastmod></url>"
    f"<url><loc>{SITE}/gia-vang-tang-2.htm</loc><lastmod>2026-03-06</lastmod></url>"
    "</urlset>"
)
NEWS_SITEMAP = xml(
    f"<urlset {NS} {NEWS_NS}><url>"
    f"<loc>{SITE}/mua-lon-o-hue-1.htm</loc><lastmod>2026-03-08T10:00:00+07:00</lastmod>"
    "<news:news><news:publication><news:name>Báo Ví Dụ</news:name>"
    "<news:language>vi</news:language></news:publication>"
    "<news:publication_date>2026-03-07T06:30:00+07:00</news:publication_date>"
    "<news:title>Mưa lớn ở Huế</news:title></news:news>"
    "</url></urlset>"
)
# lol9 would expand to 10**9 "lol"s
_LAUGHS = ['<!ENTITY lol0 "lol">'] + [
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
]
BILLION_LAUGHS = xml(
    f"<!DOCTYPE urlset [{''.join(_LAUGHS)}]>"
    f"<urlset {NS}><url><loc>{SITE}/&lol2;</loc></url>"
    f"<url><loc>{SITE}/&lol9;</loc></url></urlset>"
)
EXTERNAL_ENTITY = xml(
    '<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f"<urlset {NS}><url><loc>{SITE}/&xxe;</loc></url>"
    f"<url><loc>{SITE}/gia-vang-tang-2.htm</loc></url></urlset>"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            SITEMAP_INDEX,
            Sitemap(
                "sitemapindex",
                [
                    Entry(f"{SITE}/sitemap-2026-03.xml", vn(2026, 3, 7, 8, 0)),
                    Entry(f"{SITE}/sitemap-2026-02.xml", None),
                ],
            ),
            id="sitemap-index",
        ),
        pytest.param(
            URLSET,
            Sitemap(
                "urlset",
                [
                    Entry(f"{SITE}/mua-lon-o-hue-1.htm", vn(2026, 3, 7, 8, 15)),
                    Entry(f"{SITE}/gia-vang-tang-2.htm", vn(2026, 3, 6)),
                ],
            ),
            id="urlset-with-lastmod",
        ),
        pytest.param(
            NEWS_SITEMAP,
            Sitemap("urlset", [Entry(f"{SITE}/mua-lon-o-hue-1.htm", vn(2026, 3, 7, 6, 30))]),
            id="news-publication-date-beats-lastmod",
        ),
        pytest.param(
            xml('<rss version="2.0"><channel><title>Tin</title></channel></rss>'),
            Sitemap("", []),
            id="feed-is-not-a-sitemap",
        ),
        pytest.param(
            "<html><body><p>Trang chủ</p></body></html>".encode(), Sitemap("", []), id="html"
        ),
        pytest.param(gzip.compress(SITEMAP_INDEX), Sitemap("", []), id="gzip-is-not-unpacked-here"),
        pytest.param(b"", Sitemap("", []), id="empty"),
    ],
)
def test_parse_sitemap(body: bytes, expected: Sitemap) -> None:
    assert parse_sitemap(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(BILLION_LAUGHS, id="billion-laughs"),
        pytest.param(EXTERNAL_ENTITY, id="external-entity-file"),
    ],
)
def test_parse_sitemap_does_not_expand_entities(body: bytes) -> None:
    start = time.perf_counter()
    sitemap = parse_sitemap(body)
    assert time.perf_counter() - start < 1.0
    assert all("root:" not in e.url and "lollol" not in e.url for e in sitemap.entries)
    assert all(len(e.url) < 100 for e in sitemap.entries)


def test_external_entity_in_a_feed_is_not_read() -> None:
    feed = xml(
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f"<rss><channel><item><link>{SITE}/a-1.htm?x=&xxe;</link></item></channel></rss>"
    )
    assert all("root:" not in e.url for e in parse_feed(feed))


RSS = xml(
    '<rss version="2.0"><channel><title>Thời sự</title>'
    f"<link>{SITE}/thoi-su</link>"
    f"<item><title>Mưa lớn ở Huế</title><link>{SITE}/mua-lon-o-hue-1.htm</link>"
    "<pubDate>Sat, 07 Mar 2026 08:15:00 +0700</pubDate></item>"
    f"<item><title>Giá vàng tăng</title><guid>{SITE}/gia-vang-tang-2.htm</guid>"
    "<pubDate>Fri, 06 Mar 2026 23:00:00 GMT</pubDate></item>"
    "<item><title>Không có đường dẫn</title></item>"
    "</channel></rss>"
)
ATOM = xml(
    '<feed xmlns="http://www.w3.org/2005/Atom"><title>Thời sự</title>'
    f'<link href="{SITE}/"/>'
    f'<entry><title>Mưa lớn ở Huế</title><link rel="alternate" href="{SITE}/mua-lon-o-hue-1.htm"/>'
    f'<link rel="enclosure" href="{SITE}/anh/mua.jpg"/>'
    "<updated>2026-03-07T08:15:00+07:00</updated></entry>"
    f'<entry><title>Giá vàng tăng</title><link rel="enclosure" href="{SITE}/anh/vang.jpg"/>'
    f'<link href="{SITE}/gia-vang-tang-2.htm"/><updated>2026-03-06T01:00:00Z</updated></entry>'
    "</feed>"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            RSS,
            [
                Entry(f"{SITE}/mua-lon-o-hue-1.htm", vn(2026, 3, 7, 8, 15)),
                Entry(f"{SITE}/gia-vang-tang-2.htm", vn(2026, 3, 7, 6, 0)),
            ],
            id="rss-pubdate-rfc822-and-guid-link",
        ),
        pytest.param(
            ATOM,
            [
                Entry(f"{SITE}/mua-lon-o-hue-1.htm", vn(2026, 3, 7, 8, 15)),
                Entry(f"{SITE}/gia-vang-tang-2.htm", vn(2026, 3, 6, 8, 0)),
            ],
            id="atom-alternate-link-and-updated",
        ),
        pytest.param(b"not xml at all", [], id="not-xml"),
    ],
)
def test_parse_feed(body: bytes, expected: list[Entry]) -> None:
    assert parse_feed(body) == expected


LISTING = """<html><head><link rel="next" href="/thoi-su/trang-4.htm"></head><body>
<a href="/mua-lon-o-hue-1.htm">Mưa lớn ở Huế</a>
<a href="/mua-lon-o-hue-1.htm#binh-luan">Bình luận</a>
<a href="javascript:void(0)">Chia sẻ</a><a href="mailto:toasoan@example.vn">Liên hệ</a>
<a href="#dau-trang">Lên đầu trang</a>
<div class="phan-trang"><a href="?trang=1">1</a>{pager}</div>
</body></html>"""


@pytest.mark.parametrize(
    ("pager", "next_pages"),
    [
        pytest.param('<a href="?trang=2" rel="next">2</a>', ["?trang=2"], id="rel-next"),
        pytest.param(
            '<a href="/thoi-su/trang-2.htm">Trang sau</a>',
            ["/thoi-su/trang-2.htm"],
            id="link-text-trang-sau",
        ),
        pytest.param('<a href="/thoi-su/p2"> » </a>', ["/thoi-su/p2"], id="guillemet"),
        pytest.param('<a href="?trang=2">2</a>', [], id="plain-page-number-is-no-next"),
    ],
)
def test_parse_listing_finds_next_pages(pager: str, next_pages: list[str]) -> None:
    base = f"{SITE}/thoi-su"
    links, pages = parse_listing(LISTING.format(pager=pager), base)
    expected = [f"{SITE}/thoi-su{p}" if p.startswith("?") else SITE + p for p in next_pages]
    assert pages == [*expected, f"{SITE}/thoi-su/trang-4.htm"]
    assert links[:2] == [f"{SITE}/mua-lon-o-hue-1.htm", f"{base}?trang=1"]


def test_parse_listing_drops_fragments_scripts_and_mail() -> None:
    links, _ = parse_listing(LISTING.format(pager=""), f"{SITE}/thoi-su")
    assert links == [f"{SITE}/mua-lon-o-hue-1.htm", f"{SITE}/thoi-su?trang=1"]


def test_parse_listing_of_an_empty_page() -> None:
    assert parse_listing("", SITE) == ([], [])


def test_feed_links_autodiscovery() -> None:
    html = f"""<html><head>
    <link rel="alternate" type="application/rss+xml" href="/rss/thoi-su.rss">
    <link rel="alternate" type="application/atom+xml" href="{SITE}/atom.xml">
    <link rel="alternate" hreflang="en" href="/en/">
    <link rel="stylesheet" type="text/css" href="/giao-dien.css">
    </head><body><a href="/rss/kinh-te.rss">RSS Kinh tế</a></body></html>"""
    assert feed_links(html, f"{SITE}/thoi-su") == [f"{SITE}/rss/thoi-su.rss", f"{SITE}/atom.xml"]
