"""The generic article extractor and what a site subclass's selectors change."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from crawler.extraction.page import ArticlePage

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
URL = "https://bao.example.vn/thoi-su/mua-lon-o-hue-123.htm"

P1 = "Sáng 7/3, mưa lớn kéo dài khiến nhiều tuyến phố ở trung tâm Huế ngập sâu, xe chết máy."
P2 = "Lực lượng chức năng đã dựng rào chắn ở những đoạn đường trũng và hướng dẫn xe đi đường khác."
P3 = "Theo đài khí tượng, mưa còn kéo dài đến cuối tuần, lượng mưa phổ biến từ 100 đến 200 mm."
P4 = "Các trường học ở vùng trũng cho học sinh nghỉ hai ngày để bảo đảm an toàn trên đường đi học."
SAPO = "Mưa lớn từ đêm qua làm nhiều tuyến phố ở Huế ngập sâu, giao thông bị chia cắt."
TEXT = "".join(f"<p>{p}</p>" for p in (P1, P2, P3, P4))
BODY = f'<div class="bai-viet">{TEXT}</div>'
SIDEBAR = (
    '<div class="related"><a href="/a-1.htm">Giá vàng hôm nay tăng mạnh trở lại</a>'
    '<a href="/b-2.htm">Hà Nội sắp có thêm tuyến buýt điện mới</a></div>'
)


def page(head: str = "", body: str = "") -> str:
    return f'<html lang="vi"><head>{head}</head><body>{body}</body></html>'


def ld(obj: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj, ensure_ascii=False)}</script>'


def raw_ld(text: str) -> str:
    return f'<script type="application/ld+json">{text}</script>'


NEWS_ARTICLE = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Mưa lớn làm ngập nhiều tuyến phố ở Huế",
    "author": [{"@type": "Person", "name": "Lan Anh"}, {"@type": "Person", "name": "Quốc Tuấn"}],
    "datePublished": "2026-03-07T08:15:00+07:00",
}


@pytest.mark.parametrize(
    ("head", "title", "authors", "published_at"),
    [
        pytest.param(
            ld(NEWS_ARTICLE),
            "Mưa lớn làm ngập nhiều tuyến phố ở Huế",
            ["Lan Anh", "Quốc Tuấn"],
            "2026-03-07T08:15:00+07:00",
            id="news-article",
        ),
        pytest.param(
            ld(
                {
                    "@context": "https://schema.org",
                    "@graph": [
                        {"@type": "WebPage", "name": "Báo Ví Dụ"},
                        {**NEWS_ARTICLE, "author": {"@type": "Person", "name": "Hà Thu"}},
                    ],
                }
            ),
            "Mưa lớn làm ngập nhiều tuyến phố ở Huế",
            ["Hà Thu"],
            "2026-03-07T08:15:00+07:00",
            id="article-inside-graph",
        ),
        pytest.param(
            raw_ld(
                '{"@type": "NewsArticle", "headline": "Giá vàng tăng mạnh",'
                ' "author": {"@type": "Person", "name": "Minh Anh",},'
                ' "datePublished": "2026-03-07T01:15:00Z",}'
            ),
            "Giá vàng tăng mạnh",
            ["Minh Anh"],
            "2026-03-07T08:15:00+07:00",
            id="trailing-commas-still-read",
        ),
        pytest.param(
            raw_ld(
                '{"@type": "NewsArticle",'
                ' "headline": "Tu&#7893;i tr&#7867; &amp; vi&#7879;c l&#224;m",'
                ' "author": "Tr&#7847;n Th&#7911;y"}'
            ),
            "Tuổi trẻ & việc làm",
            ["Trần Thủy"],
            None,
            id="html-entities-in-strings",
        ),
        pytest.param(
            ld({**NEWS_ARTICLE, "@type": ["NewsArticle", "ReportageNews"]}),
            "Mưa lớn làm ngập nhiều tuyến phố ở Huế",
            ["Lan Anh", "Quốc Tuấn"],
            "2026-03-07T08:15:00+07:00",
            id="type-given-as-list",
        ),
    ],
)
def test_json_ld_article(
    head: str, title: str, authors: list[str], published_at: str | None
) -> None:
    article = ArticlePage(URL, page(head, BODY)).article(NOW)
    # declared authors stand in for shown ones once the pipeline finds no byline in the text
    assert (article.title, article.authors or article.declared_authors, article.published_at) == (
        title,
        authors,
        published_at,
    )


def test_article_record_basics() -> None:
    html = page(ld(NEWS_ARTICLE), BODY)
    article = ArticlePage(URL, html).article(NOW)
    assert (article.url, article.site, article.language, article.crawled_at) == (
        URL,
        "bao.example.vn",
        "vi",
        "2026-11-26T03:00:00Z",
    )


@pytest.mark.parametrize(
    ("url", "author", "publisher", "authors"),
    [
        pytest.param(
            "https://vnexpress.net/mua-lon-1.html", "VnExpress", None, [], id="site-name-from-host"
        ),
        pytest.param(URL, "Báo Tuổi Trẻ", None, [], id="bao-prefix"),
        pytest.param(URL, "baoexample.vn", None, [], id="domain-as-author"),
        pytest.param(
            "https://tuoitre.vn/mua-lon-1.htm",
            "Tuổi Trẻ",
            {"@type": "Organization", "name": "Tuổi Trẻ"},
            [],
            id="publisher-name-as-author",
        ),
        pytest.param(
            "https://vnexpress.net/mua-lon-1.html",
            [
                {"@type": "Person", "name": "Lan Anh"},
                {"@type": "Organization", "name": "VnExpress"},
            ],
            None,
            ["Lan Anh"],
            id="person-kept-beside-brand",
        ),
    ],
)
def test_site_name_is_not_an_author(
    url: str, author: Any, publisher: dict[str, str] | None, authors: list[str]
) -> None:
    obj = {"@type": "NewsArticle", "headline": "Mưa lớn ở Huế", "author": author}
    if publisher:
        obj["publisher"] = publisher
    assert ArticlePage(url, page(ld(obj), BODY)).declared_authors() == authors


def test_brands_of_a_site_are_not_authors() -> None:
    class Page(ArticlePage):
        brands = ("FPT Online",)

    head = '<meta name="author" content="FPT Online">'
    assert Page(URL, page(head, BODY)).declared_authors() == []


def test_meta_author_split_into_names() -> None:
    head = '<meta name="author" content="Lan Anh - Quốc Tuấn">'
    assert ArticlePage(URL, page(head, BODY)).declared_authors() == ["Lan Anh", "Quốc Tuấn"]


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        pytest.param(
            '<meta property="og:title" content="Mưa lớn ở Huế - Báo Thời Sự">',
            BODY,
            "Mưa lớn ở Huế",
            id="og-title-suffix-stripped",
        ),
        pytest.param(
            "<title>Mưa lớn ở Huế | Báo Ví Dụ</title>",
            BODY,
            "Mưa lớn ở Huế",
            id="title-tag-suffix-stripped",
        ),
        pytest.param(
            '<meta property="og:title" content="Mưa lớn ở Huế - Báo Thời Sự">',
            "<h1>Cao tốc Hà Nội - Hải Phòng thông xe</h1>" + BODY,
            "Cao tốc Hà Nội - Hải Phòng thông xe",
            id="displayed-headline-kept-whole",
        ),
        pytest.param(
            '<meta property="og:title" content="Mưa lớn ở Huế - Báo Thời Sự">',
            '<h1 class="logo">Báo Thời Sự</h1><h1>Mưa lớn ở Huế</h1>' + BODY,
            "Mưa lớn ở Huế",
            id="two-h1-fall-back-to-structured",
        ),
    ],
)
def test_headline(head: str, body: str, title: str) -> None:
    assert ArticlePage(URL, page(head, body)).headline() == title


@pytest.mark.parametrize(
    ("head", "canonical"),
    [
        pytest.param(
            '<link rel="canonical" href="/thoi-su/mua-lon-123.htm">'
            '<meta property="og:url" content="https://bao.example.vn/og.htm">',
            "https://bao.example.vn/thoi-su/mua-lon-123.htm",
            id="link-canonical-first-and-made-absolute",
        ),
        pytest.param(
            '<meta property="og:url" content="https://bao.example.vn/og.htm">',
            "https://bao.example.vn/og.htm",
            id="og-url-next",
        ),
        pytest.param(
            '<link rel="canonical" href="about:blank">'
            '<meta property="og:url" content="https://bao.example.vn/og.htm">',
            "https://bao.example.vn/og.htm",
            id="non-http-canonical-skipped",
        ),
        pytest.param("", URL, id="page-url-last"),
    ],
)
def test_canonical_url(head: str, canonical: str) -> None:
    assert ArticlePage(URL, page(head, BODY)).canonical_url() == canonical


class SitePage(ArticlePage):
    # the new layout's selector first, the old one second
    title = "h1.tieu-de-moi, h1.tieu-de-cu"
    authors = "p.tac-gia"
    body = "div.noi-dung"


def test_selector_alternatives_tried_in_written_order() -> None:
    body = (
        '<h1 class="tieu-de-cu">Tiêu đề cũ</h1><h1 class="tieu-de-moi">Tiêu đề mới</h1>'
        f'<div class="noi-dung">{TEXT}</div>'
    )
    assert SitePage(URL, page("", body)).headline() == "Tiêu đề mới"


def test_selectors_override_generic_fields() -> None:
    body = (
        '<h1 class="tieu-de-cu">Mưa lớn ở Huế</h1>'
        f'<div class="noi-dung"><p>{P1}</p></div><div class="content">{TEXT}</div>'
        '<p class="tac-gia">Minh Anh - Quốc Tuấn</p>'
    )
    site = SitePage(URL, page(ld(NEWS_ARTICLE), body))
    assert site.author_names() == ["Minh Anh", "Quốc Tuấn"]
    assert site.body_html() == f'<div class="noi-dung"><p>{P1}</p></div>'


def test_selectors_that_find_nothing_fall_back() -> None:
    body = f'<h1>Mưa lớn ở Huế</h1><div class="content">{TEXT}</div>{SIDEBAR}'
    site = SitePage(URL, page(ld(NEWS_ARTICLE), body))
    assert site.headline() == "Mưa lớn ở Huế"
    assert site.author_names() == []  # nothing shown: the pipeline falls back on JSON-LD
    assert site.declared_authors() == ["Lan Anh", "Quốc Tuấn"]
    assert site.body_html() == f'<div class="content">{TEXT}</div>'


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        pytest.param(
            "",
            "<h1>Liên hệ</h1><div><p>Tòa soạn: số 1 đường Lê Lợi, thành phố Huế.</p></div>",
            False,
            id="short-info-page",
        ),
        pytest.param(
            '<meta property="og:type" content="article">',
            "<h1>Tin ngắn</h1><div><p>Tòa soạn: số 1 đường Lê Lợi, thành phố Huế.</p></div>",
            False,
            id="og-type-article-alone-is-not-enough",
        ),
        pytest.param(
            '<meta property="og:type" content="article">',
            "<h1>Thời sự</h1>"
            + "".join(
                f'<div class="story"><h3><a href="/a-{i}.htm">Tin số {i}</a></h3><p>{P1}</p></div>'
                for i in range(6)
            ),
            False,
            id="section-page-calling-itself-an-article",
        ),
        pytest.param(
            '<meta property="og:type" content="website">',
            f"<h1>Mưa lớn ở Huế</h1><div>{TEXT}{TEXT}</div>",
            False,
            id="og-type-website-rules-out",
        ),
        pytest.param(
            ld({"@type": "NewsArticle", "headline": "Tin ngắn"}),
            "<h1>Tin ngắn</h1><div><p>Tòa soạn: số 1 đường Lê Lợi, thành phố Huế.</p></div>",
            True,
            id="json-ld-news-article",
        ),
        pytest.param(
            "",
            f"<h1>Mưa lớn ở Huế</h1><div>{TEXT}{TEXT}</div>",
            True,
            id="long-text-reads-like-an-article",
        ),
        pytest.param(
            '<meta property="og:type" content="article">',
            f"<div>{TEXT}</div>",
            False,
            id="no-headline",
        ),
    ],
)
def test_is_article(head: str, body: str, expected: bool) -> None:
    assert ArticlePage(URL, page(head, body)).is_article() is expected


def test_photo_story_in_a_site_modules_container_is_an_article() -> None:
    class Page(ArticlePage):
        body = "div.fck_detail"

    html = page(
        '<meta property="og:type" content="article">',
        '<h1>Mùa lúa chín</h1><div class="fck_detail"><table><tr><td><img src="/a.jpg"></td></tr>'
        "<tr><td>Ruộng bậc thang vào mùa gặt.</td></tr></table></div>",
    )
    assert Page(URL, html).is_article()
    assert not ArticlePage(URL, html).is_article()


def test_body_container_found_by_paragraph_text() -> None:
    body = (
        '<div class="menu"><a href="/">Trang chủ</a><a href="/thoi-su">Thời sự</a></div>'
        f'<h1>Mưa lớn ở Huế</h1><div class="khung"><div class="bai">{TEXT}</div>{SIDEBAR}</div>'
        '<div class="footer"><p>Giấy phép số 123/GP-BTTTT do Bộ Thông tin cấp.</p></div>'
    )
    assert ArticlePage(URL, page("", body)).body_html() == f'<div class="bai">{TEXT}</div>'


def test_sapo_and_headline_inside_the_body_are_removed() -> None:
    body = f'<div class="detail"><h1>Mưa lớn ở Huế</h1><p class="sapo">{SAPO}</p>{TEXT}</div>'
    site = ArticlePage(URL, page("", body))
    assert site.sapo() == SAPO
    assert site.body_html() == f'<div class="detail">{TEXT}</div>'


DISPLAYED = "Thứ hai, 18/2/2019, 17:34 (GMT+7)"
WRONG_OFFSET = '<meta property="article:published_time" content="2019-02-18T17:34:00+08:00">'


def test_displayed_date_preferred_when_site_says_so() -> None:
    class Page(ArticlePage):
        published = "span.ngay-dang"
        prefer_displayed_date = True

    body = f'<h1>Mưa lớn ở Huế</h1><span class="ngay-dang">{DISPLAYED}</span>{BODY}'
    article = Page(URL, page(WRONG_OFFSET, body)).article(NOW)
    assert article.published_at == "2019-02-18T17:34:00+07:00"


@pytest.mark.parametrize(
    ("head", "body", "published_at"),
    [
        pytest.param(WRONG_OFFSET, "", "2019-02-18T16:34:00+07:00", id="meta-published-time"),
        pytest.param(
            ld({"@type": "NewsArticle", "datePublished": "2019-02-18T10:34:00Z"}),
            '<time datetime="2018-01-01T00:00:00+07:00">1/1/2018</time>',
            "2019-02-18T17:34:00+07:00",
            id="json-ld-before-time-element",
        ),
        pytest.param(
            "",
            '<time datetime="2019-02-18T17:34:00+07:00">hôm nay</time>',
            "2019-02-18T17:34:00+07:00",
            id="time-element-datetime",
        ),
        pytest.param(
            "",
            f'<div class="date">{DISPLAYED}</div>',
            "2019-02-18T17:34:00+07:00",
            id="displayed-date-in-date-class",
        ),
        pytest.param(
            "",
            '<span class="time">2 giờ trước</span>',
            "2026-11-26T08:00:00+07:00",
            id="relative-date-against-injected-clock",
        ),
        pytest.param("", "", None, id="no-date"),
    ],
)
def test_published_at_generic(head: str, body: str, published_at: str | None) -> None:
    html = page(head, f"<h1>Mưa lớn ở Huế</h1>{body}{BODY}")
    assert ArticlePage(URL, html).article(NOW).published_at == published_at


def test_paragraphs_straight_in_body_give_a_body() -> None:
    html = f"<html><body><h1>Mưa lớn ở Huế</h1><p>{P1}</p><p>{P2}</p></body></html>"
    body = ArticlePage(URL, html).body_html()
    assert P1 in body and P2 in body


def test_prefer_displayed_date_finds_the_shown_date_without_a_selector() -> None:
    class Page(ArticlePage):
        prefer_displayed_date = True

    body = f'<h1>Mưa lớn ở Huế</h1><span class="date">{DISPLAYED}</span>{BODY}'
    article = Page(URL, page(WRONG_OFFSET, body)).article(NOW)
    assert article.published_at == "2019-02-18T17:34:00+07:00"


def test_json_ld_headline_keeps_its_dash() -> None:
    headline = "Cao tốc Hà Nội - Hải Phòng thông xe"
    html = page(ld({"@type": "NewsArticle", "headline": headline}), BODY)
    assert ArticlePage(URL, html).headline() == headline


@pytest.mark.parametrize(
    "name",
    [pytest.param("N.Bình", id="initial-dot-name"), pytest.param("T.Mai", id="short-form")],
)
def test_abbreviated_author_names_are_kept(name: str) -> None:
    html = page(ld({**NEWS_ARTICLE, "author": {"@type": "Person", "name": name}}), BODY)
    assert ArticlePage("https://tuoitre.vn/x-20260307080054340.htm", html).declared_authors() == [
        name
    ]
