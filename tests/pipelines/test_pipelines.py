"""Each pipeline is a thin adapter: it calls its pure function, counts stats, names its drops."""

from __future__ import annotations

from dataclasses import replace

import pytest
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from crawler.items import Article
from crawler.pipelines.boilerplate import StripBoilerplatePipeline
from crawler.pipelines.dedupe import DeduplicatePipeline, DuplicateContent, DuplicateUrl
from crawler.pipelines.normalise import NormaliseTextPipeline
from crawler.pipelines.paragraphs import BuildParagraphsPipeline
from crawler.pipelines.validate import EmptyBody, MissingTitle, TooShort, ValidatePipeline
from crawler.spiders import NewsSpider

BODY = (
    "<div><p>Sáng nay, hội nghị tổng kết công tác năm đã diễn ra tại hội trường tỉnh"
    " với sự tham dự của nhiều đại biểu.</p>"
    "<p>Các đại biểu thống nhất nhiều giải pháp cho năm tới, trong đó ưu tiên"
    " cải cách thủ tục hành chính.</p>"
    "<div class='box-comment'><h3>Ý kiến bạn đọc</h3><p>Bài viết rất hay.</p></div>"
    "<p style='text-align:right'><strong>Tin Lê Hoa, ảnh Quốc Việt</strong></p></div>"
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
    assert "Bài viết rất hay" not in item.body_html
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
