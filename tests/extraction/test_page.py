"""The generic article extractor and what a site subclass's selectors change."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from crawler.extraction.page import ArticlePage, holds_words_spaced

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
        pytest.param(  # the entities' "&" itself written as a JSON escape
            raw_ld(
                '{"@type": "NewsArticle",'
                ' "headline": "Tu\\u0026#7893;i tr\\u0026#7867; v\\u00e0 vi\\u0026#7879;c",'
                ' "author": "Tr\\u0026#7847;n Th\\u0026#7911;y"}'
            ),
            "Tuổi trẻ và việc",
            ["Trần Thủy"],
            None,
            id="html-entities-behind-json-escapes",
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


def test_the_body_is_copied_for_a_reader_and_taken_by_the_record() -> None:
    """body_tree() leaves the page as it was; article(), the page's last reader, takes the body
    out of it instead of copying it, with the same markup."""
    reader = ArticlePage(URL, page("", SIDEBAR + BODY))
    copied = reader.body_tree()
    assert reader.tree.find(".//div[@class='bai-viet']") is reader.body_element  # still there
    taker = ArticlePage(URL, page("", SIDEBAR + BODY))
    body = taker.article(NOW).body
    assert body is not None
    assert taker.tree.find(".//div[@class='bai-viet']") is None  # moved, not copied
    assert etree.tostring(body) == etree.tostring(copied)


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
        pytest.param(
            '<meta property="og:title"'
            ' content="Cao tốc Hà Nội - Hải Phòng thông xe - Thời sự - Báo Ví Dụ">',
            '<h1 class="logo">Báo Ví Dụ</h1><h1>Cao tốc Hà Nội - Hải Phòng thông xe</h1>' + BODY,
            "Cao tốc Hà Nội - Hải Phòng thông xe",
            id="h1-that-og-title-starts-with-beats-section-and-site-suffix",
        ),
        pytest.param(
            "<title>Cao tốc Hà Nội - Hải Phòng thông xe - Thời sự - Báo Ví Dụ</title>",
            '<h1 class="logo">Báo Ví Dụ</h1><h1>Cao tốc Hà Nội - Hải Phòng thông xe</h1>' + BODY,
            "Cao tốc Hà Nội - Hải Phòng thông xe",
            id="h1-that-title-tag-starts-with",
        ),
        pytest.param(
            '<meta property="og:title"'
            ' content="Cao tốc Hà Nội - Hải Phòng thông xe - Thời sự - Báo Ví Dụ">',
            "<h1>Cao tốc Hà Nội</h1><h1>Cao tốc Hà Nội - Hải Phòng thông xe</h1>" + BODY,
            "Cao tốc Hà Nội - Hải Phòng thông xe",
            id="longest-h1-that-og-title-starts-with",
        ),
        pytest.param(
            '<meta property="og:title"'
            ' content="Thể thao Việt Nam giành vé dự giải châu Á - Báo Ví Dụ">',
            '<h1 class="chuyen-muc">Thể thao</h1><h1 class="logo">Báo Ví Dụ</h1>' + BODY,
            "Thể thao Việt Nam giành vé dự giải châu Á",
            id="section-h1-under-ten-chars-is-no-headline",
        ),
        pytest.param(
            '<meta property="og:title" content="Giá vàng hôm nay tăng mạnh - Báo Ví Dụ">',
            '<h1 class="logo">Báo Ví Dụ</h1><h1 class="chuyen-muc">Kinh doanh</h1>' + BODY,
            "Giá vàng hôm nay tăng mạnh",
            id="no-h1-that-og-title-starts-with-strips-the-suffix",
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


def test_photo_story_with_nothing_declared_in_a_site_modules_container_is_an_article() -> None:
    # an old VnExpress photo story without JSON-LD or og:type: captioned pictures, no running text
    class Page(ArticlePage):
        body = "div.fck_detail"

    captions = (
        "Ruộng bậc thang ở Mù Cang Chải vào mùa gặt, lúa chín vàng khắp các sườn đồi.",
        "Người dân gùi lúa về nhà trên những con dốc nhỏ, mỗi chuyến mất gần một giờ.",
        "Sau vụ gặt, rơm được phơi ngay bên ruộng để làm thức ăn cho trâu bò mùa đông.",
    )
    pictures = "".join(
        f'<table class="tplCaption"><tr><td><img src="/a{n}.jpg"></td></tr><tr><td>{caption}'
        "</td></tr></table>"
        for n, caption in enumerate(captions)
    )
    html = page("", f'<h1>Mùa lúa chín</h1><div class="fck_detail">{pictures}</div>')
    assert Page(URL, html).is_article()
    assert not ArticlePage(URL, html).is_article()  # the generic way asks for og:type too
    teasers = f'<h1>Mùa lúa chín</h1><div class="fck_detail"><p>{P1}</p></div>'
    assert not Page(URL, page("", teasers)).is_article()  # the container alone says nothing


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
        pytest.param(
            "",
            '<span class="timer">07/03/2026 08:15</span>',
            "2026-03-07T08:15:00+07:00",
            id="displayed-date-in-timer-class",
        ),
        pytest.param(
            "",
            '<div class="header-info">Thứ sáu, 2/5/2014 | 08:54 GMT+7</div>',
            "2014-05-02T08:54:00+07:00",
            id="line-opening-with-a-weekday",
        ),
        pytest.param(
            "",
            '<p class="meta">Chủ nhật, 4/5/2014 | 10:20 GMT+7</p>',
            "2014-05-04T10:20:00+07:00",
            id="line-opening-with-chu-nhat",
        ),
        pytest.param(
            "",
            "<span>Chủ Nhật, 4/5/2014 10:20</span>",
            "2014-05-04T10:20:00+07:00",
            id="line-opening-with-capitalised-chu-nhat",
        ),
        pytest.param(
            "",
            '<div class="header-info">Thứ sáu, 2/5/2014 | 08:54 GMT+7</div>'
            '<span class="date">03/05/2014 09:00</span>',
            "2014-05-03T09:00:00+07:00",
            id="date-class-before-weekday-line",
        ),
        pytest.param(
            "",
            '<p class="thoi-tiet">Thứ sáu tuần này trời mưa to ở Huế</p>',
            None,
            id="weekday-line-without-a-date",
        ),
        pytest.param(
            "",
            "<p>Thứ trưởng Bộ Giao thông cho biết từ ngày 15/3/2026 cầu Tràng Tiền sẽ tạm đóng"
            " để sửa mặt cầu.</p>",
            None,
            id="thu-truong-sentence-is-no-date-line",
        ),
        pytest.param("", "", None, id="no-date"),
        pytest.param(
            "",
            '<table><tr><td class="top_date">Thứ ba, 13/04/2010</td></tr></table>'
            '<div class="date">Thứ hai, 12/04/2010, 09:15 GMT+7</div>',
            "2010-04-12T09:15:00+07:00",
            id="header-today-then-the-date-line-under-the-headline",
        ),
        pytest.param(
            "",
            "<div>Thứ ba, 13/04/2010</div><p>Thứ hai, 12/04/2010, 09:15</p>",
            "2010-04-12T09:15:00+07:00",
            id="weekday-header-then-the-weekday-date-line",
        ),
        pytest.param(
            "",
            '<span class="pdate" data-role="publishdate">07-03-2026 - 00:01 AM</span>',
            "2026-03-07T00:01:00+07:00",
            id="pdate-class",
        ),
        pytest.param(
            "",
            '<span class="detail-date"><span class="format_time">21:46</span> |'
            ' <span class="format_date">18/03/2026</span></span>',
            "2026-03-18T21:46:00+07:00",
            id="date-line-whose-parts-are-date-classed-too",
        ),
        pytest.param(
            "",
            '<table><tr><td class="date_time">Cập nhật lúc 07:45, Thứ Tư, 23/04/2008 (GMT+7)'
            "</td></tr></table>",
            "2008-04-23T07:45:00+07:00",
            id="date-class-on-a-table-cell",
        ),
    ],
)
def test_published_at_generic(head: str, body: str, published_at: str | None) -> None:
    html = page(head, f"<h1>Mưa lớn ở Huế</h1>{body}{BODY}")
    assert ArticlePage(URL, html).article(NOW).published_at == published_at


def test_date_line_after_the_body_when_none_is_before_it() -> None:
    body = f'<h1>Mưa lớn ở Huế</h1>{BODY}<div class="date">12/04/2010 09:15</div>'
    body += '<div class="sidebar"><span class="time">13/04/2010 10:00</span></div>'
    assert ArticlePage(URL, page("", body)).article(NOW).published_at == "2010-04-12T09:15:00+07:00"


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


@pytest.mark.parametrize(
    ("block", "gone"),
    [
        pytest.param(
            '<script>googletag.cmd.push(function () { showAd("giua-bai"); });</script>',
            "googletag",
            id="inline-script",
        ),
        pytest.param(
            '<script type="text/template"><div class="tin">Mẫu ô tin liên quan</div></script>',
            "Mẫu ô tin",
            id="script-holding-a-template",
        ),
        pytest.param(
            "<style>.bai-viet p { margin: 0 0 12px; line-height: 1.6; }</style>",
            "line-height",
            id="style-sheet",
        ),
        pytest.param(
            "<template><p>Ô bình luận chưa hiển thị</p></template>",
            "Ô bình luận",
            id="template-element",
        ),
    ],
)
def test_code_and_style_sheets_are_no_text(block: str, gone: str) -> None:
    body = (
        f'<h1>Giá xăng tăng</h1><div class="bai-viet"><p>{P1}</p>'
        f"<p>Giá xăng RON 95 {block}tăng thêm 500 đồng mỗi lít từ 15h chiều nay.</p>"
        f"<p>{P2}</p><p>{P3}</p></div>"
    )
    html = ArticlePage(URL, page("", body)).body_html()
    assert gone not in html
    assert "Giá xăng RON 95 tăng thêm 500 đồng" in html  # the tail text stays in place


def test_meta_and_links_inside_a_template_are_not_the_pages() -> None:
    """A <template> is markup not shown yet (a widget's skeleton): its <link> and <meta> say
    nothing of this page, though they come first."""
    head = (
        '<template><link rel="canonical" href="https://bao.example.vn/mau-o-tin.htm">'
        '<meta property="og:type" content="website"></template>'
        f'<link rel="canonical" href="{URL}"><meta property="og:type" content="article">'
    )
    article_page = ArticlePage(URL, page(head, BODY))
    assert article_page.canonical_url() == URL
    assert article_page.metas["og:type"] == ["article"]


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param("application/ld+json", id="json-ld"),
        pytest.param("application/json", id="json-data"),
        pytest.param(" Application/LD+JSON ", id="type-in-capitals-with-spaces"),
    ],
)
def test_data_scripts_stay_in_the_tree(kind: str) -> None:
    html = page("", f'<script>var a = 1;</script><script type="{kind}">{{}}</script>{BODY}')
    assert [s.get("type") for s in ArticlePage(URL, html).tree.iter("script")] == [kind]


STYLE_SHEET = (
    "<style>"
    + ".tin-moi li{float:left;width:100%;padding:8px 0;border-bottom:1px solid #e5e5e5}" * 8
    + "</style>"
)
TEASERS = (
    (
        "Giá xăng giảm lần thứ ba liên tiếp từ chiều nay theo điều chỉnh mới",
        "Mỗi lít xăng RON 95 giảm hơn 300 đồng, dầu diesel giảm nhẹ.",
    ),
    (
        "Hà Nội thí điểm thu phí không dừng tại bãi đỗ xe ở quận Hoàn Kiếm",
        "Người dân có thể trả phí qua tài khoản giao thông gắn với thẻ.",
    ),
    (
        "Sân bay Long Thành lắp xong mái đón khách của nhà ga hành khách",
        "Nhà thầu cho biết phần mái hoàn thành sớm hơn kế hoạch hai tháng.",
    ),
    (
        "Đường sắt Cát Linh - Hà Đông tăng chuyến vào giờ cao điểm buổi sáng",
        "Giãn cách giữa hai chuyến tàu rút xuống còn sáu phút mỗi chuyến.",
    ),
    (
        "Tuyến buýt nhanh BRT sẽ được chuyển thành buýt thường từ tháng sau",
        "Làn đường riêng sẽ mở cho các loại xe khác đi vào giờ thấp điểm.",
    ),
    (
        "Thành phố Thủ Đức khởi công cầu vượt nút giao An Phú sau nhiều năm",
        "Công trình có tổng vốn hơn ba nghìn tỷ đồng, dự kiến xong năm sau.",
    ),
    (
        "Cao tốc Bắc - Nam đoạn qua Quảng Ngãi thông xe trước Tết Nguyên đán",
        "Đoạn đường dài gần tám mươi cây số, rút ngắn hành trình một giờ.",
    ),
    (
        "Đà Nẵng mở thêm bãi đỗ xe ngầm dưới công viên trung tâm thành phố",
        "Bãi đỗ có sức chứa hơn năm trăm ô tô và một nghìn xe máy cùng lúc.",
    ),
)
# more unlinked paragraph text than the article (eight summaries), but mostly headline links
TEASER_COLUMN = (
    '<div class="dong-tin">'
    + "".join(
        f'<h3><a href="/tin-{i}.htm">{headline}</a></h3><p>{summary}</p>'
        for i, (headline, summary) in enumerate(TEASERS)
    )
    + "</div>"
)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            f'<h1>Mưa lớn ở Huế</h1>{BODY}<div class="cot-phai"><div class="sidebar">'
            f'{STYLE_SHEET}<a href="/a-1.htm">Giá vàng hôm nay</a></div></div>',
            id="style-sheet-in-a-sidebar",
        ),
        pytest.param(f"<h1>Mưa lớn ở Huế</h1>{BODY}{TEASER_COLUMN}", id="column-of-teasers"),
        pytest.param(f"<h1>Mưa lớn ở Huế</h1>{TEASER_COLUMN}{BODY}", id="teasers-before-the-text"),
    ],
)
def test_body_container_is_the_articles_paragraphs(body: str) -> None:
    assert ArticlePage(URL, page("", body)).body_html() == BODY


def test_body_split_over_sibling_blocks_is_read_whole() -> None:
    # baotintuc.vn: the paragraphs run on from #divfirst into #divend, past a picture
    first = f'<div id="divfirst"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>'
    end = f'<div id="divend"><p>{P4}</p></div>'
    body = f'<div class="contents">{first}{end}</div>{SIDEBAR}'
    assert (
        ArticlePage(URL, page("", body)).body_html() == f'<div class="contents">{first}{end}</div>'
    )


def test_comment_list_beside_the_body_is_not_taken_in() -> None:
    comments = (
        '<div class="comment-list">'
        + "".join(f"<p>{p}</p>" for p in (P1.upper(), P2.upper()))
        + "</div>"
    )
    body = f'<div class="chi-tiet"><div class="bai">{TEXT}</div>{comments}</div>'
    assert ArticlePage(URL, page("", body)).body_html() == f'<div class="bai">{TEXT}</div>'


def test_old_layout_with_br_separated_paragraphs_is_an_article() -> None:
    # vietnamnet.vn in 2008: one <td><font> of "text<br><br>text", no <p> at all
    runs = "<br><br>".join((P1, P2, P3, P4))
    text = f'<font face="Arial">{runs}<br><br><b>Hoàng Lan</b></font>'
    body = (
        '<table><tr><td class="menu"><a href="/a">Xã hội</a><br><a href="/b">Kinh tế</a></td>'
        f'<td class="Normal">{text}</td></tr></table>'
    )
    site = ArticlePage(URL, page("<title>Mưa lớn ở Huế</title>", body))
    assert site.is_article()
    assert site.body_html() == text


def test_forum_style_runs_in_spans_are_an_article() -> None:
    # tinhte.vn (XenForo): each paragraph group is a <span> of "text<br><br>text"
    spans = "".join(
        f'<span class="xf-body-paragraph">{a}<br><br>{b}<br></span><h2>Phần {n}</h2>'
        for n, (a, b) in enumerate(((P1, P2), (P3, P4)))
    )
    site = ArticlePage(URL, page("", f'<h1>Trên tay máy mới</h1><div class="post">{spans}</div>'))
    assert site.is_article()


def test_title_opening_with_the_sites_name() -> None:
    body = f"<div>{TEXT}</div>"
    head = "<title>VietNamNet - Giá thực phẩm tăng, bữa trưa bán trú bị co lại</title>"
    url = "https://vietnamnet.vn/giaoduc/2008/04/780412/"
    assert (
        ArticlePage(url, page(head, body)).headline()
        == "Giá thực phẩm tăng, bữa trưa bán trú bị co lại"
    )
    # a headline that opens with a place and a dash keeps it: that is no site's name
    head = "<title>Huế - Mưa lớn kéo dài, nhiều tuyến phố ngập sâu</title>"
    assert (
        ArticlePage(url, page(head, body)).headline()
        == "Huế - Mưa lớn kéo dài, nhiều tuyến phố ngập sâu"
    )


def test_lead_in_a_table_cell() -> None:
    lead = "Mưa lớn kéo dài từ đêm qua khiến nhiều tuyến phố ở trung tâm Huế ngập sâu."
    body = f'<table><tr><td class="Lead"><b>{lead}</b></td></tr></table><div>{TEXT}</div>'
    assert ArticlePage(URL, page("", f"<h1>Mưa lớn ở Huế</h1>{body}")).sapo() == lead


def test_div_around_an_article_element_is_no_paragraph() -> None:
    # 24h.com.vn: <section class="…content-main"> holds the date line, the sapo and a
    # <div id="article_body"> whose only child is the <article> of paragraphs. Read as one long
    # paragraph, that div made the section (a "content" class) the body, date line and all.
    article = f'<article class="deta-info">{TEXT}</article>'
    body = (
        '<section class="arti-content-main"><div class="arti-cre">Thứ Sáu, ngày 13/03/2026 15:20'
        '</div><h2 class="arti-sum">Một phần phố Nguyễn Du được rào chắn để cải tạo vỉa hè.</h2>'
        f'<div class="arti-body" id="article_body">{article}</div></section>'
    )
    assert ArticlePage(URL, page("", body)).body_html() == article


@pytest.mark.parametrize(
    ("head", "body", "authors"),
    [
        pytest.param("", '<div class="author">Minh Chiến</div>', ["Minh Chiến"], id="author-class"),
        pytest.param(
            "",
            '<div class="detail-author"><a class="name">Lâm Viên</a><span class="sep">-</span>'
            '<a class="name">Quế Hà</a></div>',
            ["Lâm Viên", "Quế Hà"],
            id="names-in-links-with-a-separator-between-them",
        ),
        pytest.param(
            "",
            '<div class="author"><a>Minh Chiến</a><button>Theo dõi</button></div>',
            ["Minh Chiến"],
            id="name-beside-a-follow-button",
        ),
        pytest.param(
            "",
            '<div><a href="/tac-gia/pham-quang-vinh-4182.htm"><img alt="Phạm Quang Vinh"></a></div>'
            '<div><a href="/tac-gia/pham-quang-vinh-4182.htm">Phạm Quang Vinh</a></div>',
            ["Phạm Quang Vinh"],
            id="link-to-the-writers-page",
        ),
        pytest.param(
            "",
            '<div class="meta"><span class="article__author"><a href="/tac-gia/ho-thi-lan.html">'
            'Hồ Thị Lan</a></span> <span class="article__author"><a href="/tac-gia/bao.html">'
            "Nguyễn Quốc Bảo</a></span></div>",
            ["Hồ Thị Lan", "Nguyễn Quốc Bảo"],
            id="author-boxes-each-wrapping-a-link-to-the-writers-page",
        ),
        pytest.param(
            "",
            '<p class="author">Quang Vinh - Thu Hằng/VTV1</p>',
            ["Quang Vinh", "Thu Hằng"],
            id="names-then-the-desk-they-file-for",
        ),
        pytest.param(
            "",
            '<p class="article-byline">Lan Anh - Quốc Tuấn</p>',
            ["Lan Anh", "Quốc Tuấn"],
            id="byline-class-with-two-names",
        ),
        pytest.param(
            "",
            '<div class="box-tac-gia"><strong>Hồng Phúc</strong></div>',
            ["Hồng Phúc"],
            id="tac-gia-class",
        ),
        pytest.param("", '<span class="tacgia">Hà Thu</span>', ["Hà Thu"], id="tacgia-class"),
        pytest.param(
            "",
            '<a rel="author" href="/tac-gia/minh-chien.htm">Minh Chiến</a>',
            ["Minh Chiến"],
            id="rel-author",
        ),
        pytest.param(
            "",
            '<span itemprop="author"><span itemprop="name">Trần Thủy</span></span>',
            ["Trần Thủy"],
            id="itemprop-author",
        ),
        pytest.param(
            "",
            '<div class="author-info"><img src="/tac-gia/minh-chien.jpg">'
            '<a href="/tac-gia/minh-chien.htm">Minh Chiến</a> <span>Theo dõi</span></div>',
            ["Minh Chiến"],
            id="name-inside-a-box-with-a-follow-button",
        ),
        pytest.param(
            "",
            '<div class="author-avatar"><img src="/tac-gia/ha-thu.jpg"></div>'
            '<p class="byline">Hà Thu</p>',
            ["Hà Thu"],
            id="box-without-names-skipped",
        ),
        pytest.param(
            "",
            '<div class="thong-tin"><div class="author">Minh Chiến</div>'
            '<div class="author">Lan Anh</div></div>'
            '<div class="ho-so"><div class="author">Quốc Tuấn</div></div>',
            ["Minh Chiến", "Lan Anh"],
            id="boxes-beside-the-first-add-writers-boxes-elsewhere-do-not",
        ),
        pytest.param(
            "",
            '<div class="authors"><div class="author-item">Minh Chiến</div>'
            '<div class="author-item">Lan Anh</div></div>',
            ["Minh Chiến", "Lan Anh"],
            id="writers-boxes-in-a-wrapper-with-an-author-class",
        ),
        pytest.param(
            "",
            '<div class="comments"><div class="comment-author">Nguyễn Văn Bình</div>'
            '<p>Bài viết rất hữu ích.</p></div><div class="author">Minh Chiến</div>',
            ["Minh Chiến"],
            id="commenter-is-no-writer",
        ),
        pytest.param(
            "",
            '<div class="box-related"><div class="author">Nguyễn Văn Bình</div></div>',
            [],
            id="related-storys-writer",
        ),
        pytest.param(
            "",
            '<div class="sidebar"><p class="author">Nguyễn Văn Bình</p></div>',
            [],
            id="sidebar-class",
        ),
        pytest.param(
            "",
            '<div class="footer"><p class="author">Nguyễn Văn Bình</p></div>',
            [],
            id="footer-class",
        ),
        pytest.param(
            "",
            '<div class="aside"><p class="author">Nguyễn Văn Bình</p></div>',
            [],
            id="aside-class",
        ),
        pytest.param(
            "",
            '<aside><div class="author">Nguyễn Văn Bình</div></aside>',
            [],
            id="aside-element",
        ),
        pytest.param("", '<div class="author">Báo Ví Dụ</div>', [], id="paper-name-is-no-writer"),
        pytest.param(
            "",
            '<div class="author"><span>Báo Ví Dụ</span></div><p class="byline">Hà Thu</p>',
            ["Hà Thu"],
            id="box-after-a-brand-box",
        ),
        pytest.param(
            "",
            '<div class="author">Nhóm phóng viên Ban Thời sự thực hiện loạt bài này từ Huế</div>',
            [],
            id="sentence-in-an-author-class-is-no-name",
        ),
        pytest.param(
            ld(NEWS_ARTICLE) + '<meta name="author" content="Lan Anh">',
            "",
            [],
            id="json-ld-and-meta-authors-are-not-shown-names",
        ),
    ],
)
def test_author_box(head: str, body: str, authors: list[str]) -> None:
    html = page(head, f"<h1>Mưa lớn ở Huế</h1>{BODY}{body}")
    assert ArticlePage(URL, html).author_names() == authors


def test_a_site_without_author_boxes_skips_the_search() -> None:
    class Page(ArticlePage):
        author_boxes = False

    html = page("", f'<h1>Mưa lớn ở Huế</h1>{BODY}<div class="author">Minh Chiến</div>')
    assert ArticlePage(URL, html).author_names() == ["Minh Chiến"]
    assert Page(URL, html).author_names() == []


def test_an_agency_declared_as_the_author_is_no_writer() -> None:
    news = {**NEWS_ARTICLE, "author": [{"@type": "Organization", "name": "TTXVN"}]}
    html = page(ld(news), f"<h1>Mưa lớn ở Huế</h1>{BODY}")
    assert ArticlePage(URL, html).declared_authors() == []
    news["author"] = [{"@type": "Person", "name": "Lan Anh"}, {"name": "Minh Chiến"}]
    assert ArticlePage(URL, page(ld(news), BODY)).declared_authors() == ["Lan Anh", "Minh Chiến"]


def test_configured_brand_in_an_author_box_is_no_writer() -> None:
    class Page(ArticlePage):
        brands = ("FPT Online",)

    html = page("", f'<h1>Mưa lớn ở Huế</h1>{BODY}<div class="author">FPT Online</div>')
    assert Page(URL, html).author_names() == []


CAPTIONS = (
    "Ruộng bậc thang ở Mù Cang Chải vào mùa lúa chín, những thửa ruộng vàng trải dài theo núi.",
    "Người Mông gặt lúa từ sáng sớm, khi sương còn phủ kín các thung lũng dưới chân đèo Khau Phạ.",
    "Lúa gặt xong được phơi ngay trên bờ ruộng rồi gùi về nhà bằng những chiếc gùi đan từ tre.",
    "Du khách đứng trên đỉnh đèo ngắm hoàng hôn buông xuống những thửa ruộng đã gặt xong một nửa.",
)
OG_ARTICLE = '<meta property="og:type" content="article">'


def figure(caption: str, i: int) -> str:
    return f'<figure><img src="/anh-{i}.jpg" alt=""><figcaption>{caption}</figcaption></figure>'


def caption_table(caption: str, i: int) -> str:
    return (
        f'<table class="tplCaption"><tr><td><img src="/anh-{i}.jpg"></td></tr>'
        f'<tr><td><p class="Image">{caption}</p></td></tr></table>'
    )


FIGURES = "".join(figure(c, i) for i, c in enumerate(CAPTIONS))
TABLES = "".join(caption_table(c, i) for i, c in enumerate(CAPTIONS))


@pytest.mark.parametrize(
    ("body", "container"),
    [
        pytest.param(f'<div class="anh">{FIGURES}</div>', "anh", id="figures-with-captions"),
        pytest.param(
            f'<div class="anh"><p>Ảnh: Hoàng Hà</p>{TABLES}</div>',
            "anh",
            id="caption-tables-beside-a-short-line",
        ),
        pytest.param(
            f'<div class="phong-su"><div class="nhom">{figure(CAPTIONS[0], 0)}'
            f'{figure(CAPTIONS[1], 1)}</div><div class="nhom">{figure(CAPTIONS[2], 2)}'
            f"{figure(CAPTIONS[3], 3)}</div></div>",
            "phong-su",
            id="smallest-element-holding-every-frame",
        ),
    ],
)
def test_photo_story_becomes_the_body(body: str, container: str) -> None:
    site = ArticlePage(URL, page(OG_ARTICLE, f"<h1>Mùa vàng Mù Cang Chải</h1>{body}"))
    assert site.body_html().startswith(f'<div class="{container}">')
    assert all(caption in site.body_html() for caption in CAPTIONS)
    assert site.is_article()


def test_frames_inside_a_layout_table_count_not_the_table() -> None:
    html = page(
        OG_ARTICLE, f"<h1>Mùa vàng</h1><div><table><tr><td>{FIGURES}</td></tr></table></div>"
    )
    site = ArticlePage(URL, html)
    assert site.body_html().startswith("<td><figure>")
    assert site.is_article()


@pytest.mark.parametrize(
    ("head", "body"),
    [
        pytest.param(
            "",
            f'<div class="anh">{FIGURES}</div>',
            id="photo-story-without-og-type-article",
        ),
        pytest.param(
            OG_ARTICLE,
            f'<div class="anh">{figure(CAPTIONS[0], 0)}{figure(CAPTIONS[1], 1)}</div>',
            id="two-captioned-frames",
        ),
        pytest.param(
            OG_ARTICLE,
            '<div class="anh">'
            + "".join(figure(f"Ảnh {i}: lúa chín", i) for i in range(4))
            + "</div>",
            id="captions-too-short-to-carry-a-story",
        ),
        pytest.param(
            OG_ARTICLE,
            '<div class="du-lich">'
            + "".join(
                f'<figure><a href="/tin-{i}.htm"><img src="/anh-{i}.jpg"></a>'
                f'<figcaption><a href="/tin-{i}.htm">{c}</a></figcaption></figure>'
                for i, c in enumerate(CAPTIONS)
            )
            + "</div>",
            id="listing-of-linked-teasers-with-pictures",
        ),
    ],
)
def test_not_a_photo_story(head: str, body: str) -> None:
    assert not ArticlePage(URL, page(head, f"<h1>Mùa vàng Mù Cang Chải</h1>{body}")).is_article()


def test_running_text_beats_captioned_pictures() -> None:
    html = page(OG_ARTICLE, f'<h1>Mưa lớn ở Huế</h1><div class="anh">{FIGURES}</div>{BODY}')
    assert ArticlePage(URL, html).body_html() == BODY


def test_json_ld_with_a_charset_parameter_is_read() -> None:
    """The tree keeps `application/ld+json; charset=utf-8` blocks; JSON-LD reading takes them
    too (one check for both, in structured.py)."""
    block = ld({"@type": "NewsArticle", "headline": "Mưa lớn ở Huế"}).replace(
        'type="application/ld+json"', 'type="application/ld+json; charset=utf-8"'
    )
    assert "charset" in block
    assert ArticlePage(URL, page(block, BODY)).ld.get("headline") == "Mưa lớn ở Huế"


@pytest.mark.parametrize(
    ("markup", "section"),
    [
        pytest.param(
            '<ul class="breadcrumb"><li><a href="/">Trang chủ</a></li>'
            '<li><a href="/thoi-su/">Thời sự</a></li></ul>',
            "Thời sự",
            id="class-home-skipped",
        ),
        pytest.param(
            '<nav id="BreadCrumbs"><a href="/kinh-te/">Kinh tế</a></nav>',
            "Kinh tế",
            id="id-in-mixed-case",
        ),
        pytest.param(
            '<div class="box bread-crumb"><a href="/the-thao/">Thể thao</a></div>',
            "Thể thao",
            id="hyphenated-class",
        ),
        pytest.param(
            '<div class="breadcrumbwrap"><a href="/x/">Không phải</a></div>'
            '<p class="site_breadcrumbs"><a href="/giao-duc/">Giáo dục</a></p>',
            "Giáo dục",
            id="a-class-word-not-a-longer-name",
        ),
        pytest.param(
            '<span class="breadcrumb"><a href="/x/">Không phải</a></span>'
            + ld(
                {
                    "@type": "BreadcrumbList",
                    "itemListElement": [{"position": 1, "name": "Pháp luật"}],
                }
            ),
            "Pháp luật",
            id="not-a-list-element-then-json-ld",
        ),
    ],
)
def test_generic_section_from_breadcrumbs(markup: str, section: str) -> None:
    html = page("", f"{markup}<h1>Mưa lớn ở Huế</h1>{BODY}")
    assert ArticlePage(URL, html).section_name() == section


_SPACED = st.lists(
    st.sampled_from(["a", "b", "ab", "đ", " ", "  ", "\n", "\xa0", "\t"]), max_size=14
).map("".join)


@given(text=_SPACED, words=_SPACED.map(str.split))
@example(text="xab  b a", words=["ab", "b"])  # the first word ends a longer one
@example(text="ab ba", words=["ab", "b"])  # a middle word must be whole: "b" is not "ba"
def test_headline_words_are_found_in_the_body_text_every_space_alike(
    text: str, words: list[str]
) -> None:
    """Whether the body's text holds a headline, all whitespace runs alike, is asked without
    splitting the body's text; it must answer as the split and joined texts do."""
    assert holds_words_spaced(text, words) == (" ".join(words) in " ".join(text.split()))
