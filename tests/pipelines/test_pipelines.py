"""Each pipeline is a thin adapter: it calls its pure function, counts stats, names its drops."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from crawler.cleaning.dom import to_html
from crawler.extraction.page import ArticlePage
from crawler.items import Article
from crawler.pipelines.boilerplate import StripBoilerplatePipeline
from crawler.pipelines.dedupe import DeduplicatePipeline, DuplicateContent, DuplicateUrl
from crawler.pipelines.normalise import NormaliseTextPipeline
from crawler.pipelines.paragraphs import BuildParagraphsPipeline
from crawler.pipelines.validate import EmptyBody, MissingTitle, TooShort, ValidatePipeline
from crawler.spiders import NewsSpider

BYLINE = "<p style='text-align:right'><strong>Tin Lê Hoa, ảnh Quốc Việt</strong></p>"
BODY = (
    "<div><p>Sáng nay, hội nghị tổng kết công tác năm đã diễn ra tại hội trường tỉnh"
    " với sự tham dự của nhiều đại biểu.</p>"
    "<p>Các đại biểu thống nhất nhiều giải pháp cho năm tới, trong đó ưu tiên"
    " cải cách thủ tục hành chính.</p>"
    "<div class='box-comment'><h3>Ý kiến bạn đọc</h3><p>Bài viết rất hay.</p></div>"
    f"{BYLINE}</div>"
)


def _article(**kwargs: object) -> Article:
    base = Article(
        url="https://baomau.vn/hoi-nghi-tong-ket-123456.html",
        canonical_url="https://baomau.vn/hoi-nghi-tong-ket-123456.html",
        site="baomau.vn",
        title="Hội nghị tổng kết công tác năm",
        body_html=BODY,
    )
    return replace(base, **kwargs)


@pytest.fixture
def crawler() -> Crawler:
    crawler = get_crawler(NewsSpider, {"NEWS_MIN_WORDS": 20})
    crawler.stats.open_spider()
    return crawler


def _run(item: Article, crawler: Crawler) -> Article:
    for cls in (StripBoilerplatePipeline, BuildParagraphsPipeline, NormaliseTextPipeline):
        item = cls.from_crawler(crawler).process_item(item)
    return item


def test_comment_box_is_removed_and_counted(crawler: Crawler) -> None:
    item = StripBoilerplatePipeline.from_crawler(crawler).process_item(_article())
    assert item.body is not None and "Bài viết rất hay" not in to_html(item.body)
    assert crawler.stats.get_value("boilerplate/comments") == 1


def test_byline_leaves_text_for_authors_and_photo_credit(crawler: Crawler) -> None:
    item = _run(_article(), crawler)
    assert item.authors == ["Lê Hoa"]
    assert "Tin Lê Hoa" not in item.text
    assert item.text.count("\n\n") == 1
    assert item.word_count == len(item.text.split())
    assert item.content_hash.startswith("sha1:")


def test_page_authors_win_over_the_body_byline(crawler: Crawler) -> None:
    item = _run(_article(authors=["Trần Minh"]), crawler)
    assert item.authors == ["Trần Minh"]


NO_BYLINE = BODY.replace(BYLINE, "")


@pytest.mark.parametrize(
    ("shown", "body_html", "declared", "authors"),
    [
        pytest.param(["Trần Minh"], BODY, ["Hà Thu"], ["Trần Minh"], id="shown-names-first"),
        pytest.param([], BODY, ["FPT Online"], ["Lê Hoa"], id="byline-in-the-text-before-meta"),
        pytest.param([], NO_BYLINE, ["Hà Thu"], ["Hà Thu"], id="declared-when-nothing-is-shown"),
        pytest.param([], NO_BYLINE, [], [], id="no-author-anywhere"),
    ],
)
def test_authors_shown_then_byline_then_declared(
    crawler: Crawler,
    shown: list[str],
    body_html: str,
    declared: list[str],
    authors: list[str],
) -> None:
    item = _article(authors=shown, body_html=body_html, declared_authors=declared)
    assert _run(item, crawler).authors == authors


def test_byline_beats_a_meta_author_the_site_has_not_named_a_brand(crawler: Crawler) -> None:
    # the CMS's owner in <meta name="author">, on a site whose module lists no brands
    html = (
        '<html><head><meta name="author" content="FPT Online"></head><body>'
        f"<h1>Hội nghị tổng kết công tác năm</h1>{BODY}</body></html>"
    )
    page = ArticlePage("https://baomau.vn/hoi-nghi-tong-ket-123456.html", html)
    item = page.article(datetime(2026, 11, 26, 3, 0, tzinfo=UTC))
    assert (item.authors, item.declared_authors) == ([], ["FPT Online"])
    assert _run(item, crawler).authors == ["Lê Hoa"]


def test_normalisation_fires_and_is_counted(crawler: Crawler) -> None:
    item = _run(_article(title="Hội\u00a0nghị  tổng kết"), crawler)
    assert item.title == "Hội nghị tổng kết"
    assert crawler.stats.get_value("text/spaces") >= 1


@pytest.mark.parametrize(
    ("change", "drop"),
    [
        pytest.param({"title": ""}, MissingTitle, id="no-headline"),
        pytest.param({"body_html": "<div><p>\u00a0</p></div>"}, EmptyBody, id="empty-body"),
        pytest.param({"body_html": "<div><p>Ngắn quá.</p></div>"}, TooShort, id="teaser"),
    ],
)
def test_invalid_records_are_dropped_with_a_named_reason(
    crawler: Crawler, change: dict[str, str], drop: type[Exception]
) -> None:
    item = _run(_article(**change), crawler)
    with pytest.raises(drop):
        ValidatePipeline.from_crawler(crawler).process_item(item)


def test_duplicates_are_dropped_by_url_then_by_content(crawler: Crawler) -> None:
    dedupe = DeduplicatePipeline.from_crawler(crawler)
    first = _run(_article(), crawler)
    dedupe.process_item(first)
    with pytest.raises(DuplicateUrl):
        dedupe.process_item(first)
    moved = replace(
        first, url="https://baomau.vn/x-9.html", canonical_url="https://baomau.vn/x-9.html"
    )
    with pytest.raises(DuplicateContent):
        dedupe.process_item(moved)


def test_evolve_copies_like_dataclasses_replace() -> None:
    from dataclasses import replace

    from crawler.items import Article

    article = Article(url="https://a.vn/1.html", title="Tiêu đề", tags=["x"])
    evolved = article.evolve(title="Tiêu đề mới", revision=2)
    assert evolved == replace(article, title="Tiêu đề mới", revision=2)
    assert article.title == "Tiêu đề" and article.revision == 1  # the original is unchanged
    with pytest.raises(TypeError, match="no field colour"):
        article.evolve(colour="đỏ")
