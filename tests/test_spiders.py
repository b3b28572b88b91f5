"""NewsSpider discovery and operator arguments, on responses built in the test (no network)."""

from __future__ import annotations

import asyncio
import gzip
import re
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares import DECODE_IN_WORKER
from crawler.spiders import NewsSpider, clean_url

ARTICLE = "https://bao.example.vn/thoi-su/mua-lon-{}.html"


class ExampleSpider(NewsSpider):
    name = "example"
    allowed_domains = ["bao.example.vn"]  # noqa: RUF012
    article_url = r"/thoi-su/[a-z]+(?:-[a-z]+)+-\d+\.html$"
    listing_url = r"/thoi-su/trang-\d+\.html$"


def spider(**kwargs: Any) -> ExampleSpider:
    crawler = get_crawler(ExampleSpider, {"NEWS_MAX_LISTING_PAGES": 3})
    crawler.stats.open_spider()  # type: ignore[union-attr]
    made = ExampleSpider.from_crawler(crawler, **kwargs)
    crawler.spider = made
    return made


def urls(requests: Any) -> list[str]:
    return [r.url for r in requests if isinstance(r, Request)]


def urlset(*entries: tuple[str, str]) -> bytes:
    rows = "".join(f"<url><loc>{u}</loc><lastmod>{d}</lastmod></url>" for u, d in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'
    ).encode()


def test_robots_txt_sitemaps_are_followed() -> None:
    body = b"User-agent: *\nDisallow: /tim-kiem/\nSitemap: https://bao.example.vn/sitemap.xml\n"
    response = TextResponse("https://bao.example.vn/robots.txt", body=body)
    assert urls(spider().parse_sitemap(response)) == ["https://bao.example.vn/sitemap.xml"]


def test_sitemap_entries_outside_the_window_are_not_fetched() -> None:
    body = urlset(
        (ARTICLE.format(1), "2026-11-02T08:00:00+07:00"),
        (ARTICLE.format(2), "2026-10-01T08:00:00+07:00"),
        ("https://bao.example.vn/gioi-thieu.html", "2026-11-02T08:00:00+07:00"),
    )
    response = XmlResponse("https://bao.example.vn/sitemap.xml", body=body)
    assert urls(spider(since="2026-11-01").parse_sitemap(response)) == [ARTICLE.format(1)]


def test_child_sitemaps_older_than_since_are_skipped() -> None:
    body = (
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://bao.example.vn/s-2026-09.xml</loc>"
        b"<lastmod>2026-09-30</lastmod></sitemap>"
        b"<sitemap><loc>https://bao.example.vn/s-2026-11.xml</loc>"
        b"<lastmod>2026-11-20</lastmod></sitemap></sitemapindex>"
    )
    response = XmlResponse("https://bao.example.vn/sitemap.xml", body=body)
    found = urls(spider(since="2026-11-01").parse_sitemap(response))
    assert found == ["https://bao.example.vn/s-2026-11.xml"]


def test_gzipped_sitemap_is_read() -> None:
    body = gzip.compress(urlset((ARTICLE.format(3), "2026-11-02")))
    response = TextResponse("https://bao.example.vn/sitemap.xml.gz", body=body)
    assert urls(spider().parse_sitemap(response)) == [ARTICLE.format(3)]


def test_broken_gzip_sitemap_is_a_named_stat() -> None:
    made = spider()
    response = TextResponse("https://bao.example.vn/s.xml.gz", body=b"\x1f\x8b\x08garbage")
    assert urls(made.parse_sitemap(response)) == []
    assert made.crawler.stats.get_value("news/sitemap_invalid") == 1


def test_feed_items_with_tracking_parameters_are_cleaned() -> None:
    body = (
        "<rss><channel><item><link>"
        + ARTICLE.format(4)
        + "?utm_source=rss&amp;utm_medium=feed</link>"
        "<pubDate>Mon, 02 Nov 2026 08:00:00 +0700</pubDate></item></channel></rss>"
    ).encode()
    response = XmlResponse("https://bao.example.vn/rss/home.rss", body=body)
    assert urls(spider().parse_feed(response)) == [ARTICLE.format(4)]


def test_listing_follows_pagination_to_its_depth_limit() -> None:
    html = (
        f'<a href="{ARTICLE.format(5)}">Mưa lớn</a>'
        '<a href="/thoi-su/trang-2.html" rel="next">Trang sau</a>'
        '<a href="https://other.example.com/x-1.html">Báo khác</a>'
    )
    made = spider()
    response = HtmlResponse("https://bao.example.vn/thoi-su/", body=html.encode(), encoding="utf-8")
    first = urls(made.parse_listing(response, depth=0))
    assert first == [ARTICLE.format(5), "https://bao.example.vn/thoi-su/trang-2.html"]
    assert urls(made.parse_listing(response, depth=2)) == [ARTICLE.format(5)]


def test_clean_url_drops_only_tracking_parameters() -> None:
    url = "https://bao.example.vn/a-1.html?id=7&utm_source=fb&fbclid=XYZ"
    assert clean_url(url) == "https://bao.example.vn/a-1.html?id=7"


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"since": "26/11/2026"}, id="since-not-iso"),
        pytest.param({"discovery": "sitemap,email"}, id="unknown-discovery"),
        pytest.param({"max_articles": "nhiều"}, id="max-articles-not-a-number"),
    ],
)
def test_bad_operator_arguments_fail_clearly(kwargs: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        spider(**kwargs)


@pytest.mark.parametrize(
    ("url", "is_article"),
    [
        pytest.param("http://127.0.0.1:42151/", False, id="port-digits-are-no-article-id"),
        pytest.param("https://baomoi.example.vn/", False, id="home-page"),
        pytest.param("https://baomoi.example.vn/thoi-su/", False, id="section-page"),
        pytest.param(
            "https://baomoi.example.vn/gia-vang-hom-nay-tang-manh-4954454.html",
            True,
            id="slug-and-id",
        ),
        pytest.param("https://baomoi.example.vn/post861659.html", True, id="numeric-id"),
    ],
)
def test_generic_article_pattern_reads_the_path(url: str, is_article: bool) -> None:
    from crawler.sites.generic import GenericSpider

    assert bool(re.search(GenericSpider.article_url, url)) is is_article


class _BrokenWorkers:
    async def read(self, *args: Any) -> Any:
        raise BrokenProcessPool("a worker died")


def test_broken_page_workers_fall_back_to_reading_pages_here() -> None:
    made = spider()
    made.workers = _BrokenWorkers()  # type: ignore[assignment]
    paragraphs = "".join(
        f"<p>Đoạn {n}: mưa lớn kéo dài khiến nhiều tuyến phố ở trung tâm thành phố ngập sâu,"
        " lực lượng chức năng phải dựng rào chắn và phân luồng giao thông.</p>"
        for n in range(4)
    )

    def page(n: int, title: str, charset: str) -> HtmlResponse:
        body = f'<h1>{title}</h1><div class="content">{paragraphs}</div>'
        html = f'<html lang="vi"><body>{body}</body></html>'
        url = ARTICLE.format(n)
        request = Request(url, meta={DECODE_IN_WORKER: True})  # left undecoded for the worker
        headers = {"Content-Type": f"text/html; charset={charset}"}
        return HtmlResponse(url, body=html.encode(), headers=headers, request=request)

    async def read_all(response: HtmlResponse) -> list[Any]:
        return [item async for item in made.parse_article_in_worker(response)]

    items = asyncio.run(read_all(page(7, "Mưa lớn ở Huế", "utf-8")))
    assert [item.title for item in items] == ["Mưa lớn ở Huế"]
    assert made.workers is None
    assert made.crawler.stats.get_value("news/workers_broken") == 1
    # the next page is read here too, and decoded here: UTF-8 bytes labelled windows-1252
    items = asyncio.run(read_all(page(8, "Nước rút dần ở Hội An", "windows-1252")))
    assert [item.title for item in items] == ["Nước rút dần ở Hội An"]
    assert items[0].normalisation[:1] == ["charset:utf-8"]
    assert made.crawler.stats.get_value("decoding/charset:utf-8") == 1
