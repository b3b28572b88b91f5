"""Bylines and source lines at the end of an article's body."""

from __future__ import annotations

import pytest

from crawler.cleaning.paragraphs import Block
from crawler.extraction.bylines import (
    parse_byline,
    parse_source,
    parse_writer_and_paper,
    split_names,
    take_byline,
    take_leading_byline,
)

SENTENCE = "Ông Nam cho biết giá rau ở chợ đã tăng gần gấp đôi sau trận mưa."


@pytest.mark.parametrize(
    ("line", "trusted", "authors", "photographers"),
    [
        pytest.param(
            "Tin Trần Thủy, ảnh Hồng Phúc",
            False,
            ["Trần Thủy"],
            ["Hồng Phúc"],
            id="writer-then-photographer",
        ),
        pytest.param(
            "Bài và ảnh: Minh Anh", False, ["Minh Anh"], ["Minh Anh"], id="writer-took-the-photos"
        ),
        pytest.param("Tin, ảnh: Lê Hoa", False, ["Lê Hoa"], ["Lê Hoa"], id="tin-comma-anh"),
        pytest.param("Bài: Lan Anh", False, ["Lan Anh"], [], id="prefix-with-colon"),
        pytest.param("Nhóm PV", False, ["Nhóm PV"], [], id="collective-credit-kept-whole"),
        pytest.param(
            "Nhóm phóng viên", False, ["Nhóm phóng viên"], [], id="collective-credit-spelt-out"
        ),
        pytest.param(
            "Tâm Giao / Ảnh: Cao Trung Hiếu",
            False,
            ["Tâm Giao"],
            ["Cao Trung Hiếu"],
            id="slash-before-photo-credit",
        ),
        pytest.param("Ảnh: Đức Minh", False, [], ["Đức Minh"], id="photo-credit-alone"),
        pytest.param(
            "Minh Anh - Quốc Tuấn",
            True,
            ["Minh Anh", "Quốc Tuấn"],
            [],
            id="trusted-names-joined-by-dash",
        ),
        pytest.param("Võ Hải", True, ["Võ Hải"], [], id="trusted-bare-name"),
        pytest.param("XUÂN LONG", True, ["XUÂN LONG"], [], id="trusted-name-in-capitals"),
        pytest.param("Thanh Tâm/VOV-ĐBSCL", True, ["Thanh Tâm"], [], id="reporter-slash-desk"),
        pytest.param("Minh Hoàng/TTXVN", True, ["Minh Hoàng"], [], id="reporter-slash-agency"),
    ],
)
def test_parse_byline_reads_credits(
    line: str, trusted: bool, authors: list[str], photographers: list[str]
) -> None:
    byline = parse_byline(line, trusted=trusted)
    assert byline is not None
    assert (byline.authors, byline.photographers) == (authors, photographers)


@pytest.mark.parametrize(
    ("line", "trusted"),
    [
        pytest.param("Võ Hải", False, id="untrusted-bare-name"),
        pytest.param("Minh Anh - Quốc Tuấn", False, id="untrusted-names-joined-by-dash"),
        pytest.param(SENTENCE, False, id="sentence"),
        pytest.param(SENTENCE, True, id="sentence-even-when-right-aligned"),
        pytest.param("Hà Nội mưa to", True, id="trusted-words-not-all-capitalised"),
        pytest.param("Bài: chưa rõ tác giả", False, id="prefix-followed-by-lowercase-words"),
        pytest.param("", True, id="empty-line"),
        pytest.param("Tin " + "Trần Thủy, " * 10 + "Hồng Phúc", False, id="too-long-for-a-byline"),
    ],
)
def test_parse_byline_rejects_text(line: str, trusted: bool) -> None:
    assert parse_byline(line, trusted=trusted) is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        pytest.param("Trần Thủy - Minh Anh", ["Trần Thủy", "Minh Anh"], id="dash"),
        pytest.param("Trần Thủy – Minh Anh", ["Trần Thủy", "Minh Anh"], id="en-dash"),
        pytest.param("Trần Thủy và Minh Anh", ["Trần Thủy", "Minh Anh"], id="va-means-and"),
        pytest.param("Trần Thủy, Minh Anh.", ["Trần Thủy", "Minh Anh"], id="trailing-full-stop"),
        pytest.param("Trần Thủy / Minh Anh", ["Trần Thủy", "Minh Anh"], id="slash"),
        pytest.param("Minh Khuê (tổng hợp)", ["Minh Khuê"], id="compiler-note-after-the-name"),
        pytest.param("Hà Thu và các cộng sự", None, id="lowercase-part-is-no-name"),
        pytest.param("", None, id="empty"),
    ],
)
def test_split_names(text: str, names: list[str] | None) -> None:
    assert split_names(text) == names


@pytest.mark.parametrize(
    ("line", "source"),
    [
        pytest.param("Theo TTXVN", "TTXVN", id="theo-agency"),
        pytest.param("(Theo Reuters)", "Reuters", id="in-parentheses"),
        pytest.param("Nguồn: Bộ Y tế", "Bộ Y tế", id="nguon-with-colon"),
        pytest.param("Theo VnExpress.", "VnExpress", id="trailing-full-stop"),
        pytest.param(
            "Theo kế hoạch, năm nay thành phố sẽ xây thêm ba trường học.",
            None,
            id="sentence-starting-with-theo",
        ),
        pytest.param("Trời hôm nay có mưa rào.", None, id="ordinary-sentence"),
        pytest.param("Theo dự báo trời sẽ mưa to.", None, id="short-sentence-starting-with-theo"),
        pytest.param("Theo báo Thanh Niên", "Thanh Niên", id="theo-bao-names-the-paper"),
        pytest.param("Nguồn ảnh: Reuters", None, id="photo-source-is-no-text-source"),
        pytest.param("(TTXVN/Vietnam+)", "TTXVN/Vietnam+", id="agency-and-desk-in-brackets"),
        pytest.param("(TTXVN)", "TTXVN", id="agency-in-brackets"),
        pytest.param("(HẾT)", None, id="the-end-mark-is-no-agency"),
        pytest.param("(Còn nữa)", None, id="to-be-continued-is-no-agency"),
        pytest.param("(PV)", None, id="reporter-is-no-agency"),
    ],
)
def test_parse_source(line: str, source: str | None) -> None:
    assert parse_source(line) == source


def _texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


def test_take_byline_takes_source_then_byline() -> None:
    blocks = [Block(SENTENCE), Block("Trần Thủy", right=True), Block("Theo TTXVN")]
    kept, byline = take_byline(blocks)
    assert _texts(kept) == [SENTENCE]
    assert (byline.authors, byline.source, byline.removed) == (["Trần Thủy"], "TTXVN", 2)


def test_take_byline_merges_a_two_line_byline() -> None:
    blocks = [Block(SENTENCE), Block("Hà Thu", bold=True), Block("Ảnh: Đức Minh")]
    kept, byline = take_byline(blocks)
    assert _texts(kept) == [SENTENCE]
    assert (byline.authors, byline.photographers, byline.removed) == (
        ["Hà Thu"],
        ["Đức Minh"],
        2,
    )


def test_take_byline_takes_three_blocks_at_most() -> None:
    blocks = [
        Block(SENTENCE),
        Block("Bài: Lan Anh"),
        Block("Ảnh: Đức Minh"),
        Block("Video: Quốc Tuấn"),
        Block("Theo TTXVN"),
    ]
    kept, byline = take_byline(blocks)
    assert _texts(kept) == [SENTENCE, "Bài: Lan Anh"]
    assert (byline.authors, byline.photographers, byline.source, byline.removed) == (
        [],
        ["Đức Minh", "Quốc Tuấn"],
        "TTXVN",
        3,
    )


def test_take_byline_reads_a_writer_and_paper_line_above_a_link_to_the_original() -> None:
    # 24h.com.vn's reprints end "Theo <writer> (<paper>)", then "Nguồn: [Link nguồn]"
    blocks = [
        Block(SENTENCE),
        Block("Theo Minh Hải (Báo Giao thông)"),
        Block("Nguồn: [Link nguồn]"),
    ]
    kept, byline = take_byline(blocks)
    assert _texts(kept) == [SENTENCE]
    assert (byline.authors, byline.source, byline.removed) == (["Minh Hải"], "Báo Giao thông", 2)


@pytest.mark.parametrize(
    ("line", "authors", "source"),
    [
        ("Theo Minh Hải (Báo Giao thông)", ["Minh Hải"], "Báo Giao thông"),
        ("(Theo Thanh Hương - Ngọc Lan (Tiền Phong))", ["Thanh Hương", "Ngọc Lan"], "Tiền Phong"),
        ("Khánh Linh (theo Reuters)", ["Khánh Linh"], "Reuters"),
        ("Thu Hằng (TTXVN)", ["Thu Hằng"], "TTXVN"),
        ("Hà Nội (Việt Nam)", None, None),  # brackets that hold no source
        ("Lan Anh (HẾT)", None, None),
        ("Theo Reuters (Anh)", None, None),  # an agency, not a Vietnamese name
        ("Theo Bộ Y tế (Hà Nội)", None, None),
        ("Theo kế hoạch (đã duyệt), công trình xong vào tháng 6.", None, None),
    ],
)
def test_parse_writer_and_paper(line: str, authors: list[str] | None, source: str | None) -> None:
    found = parse_writer_and_paper(line)
    if authors is None:
        assert found is None
    else:
        assert found is not None and (found.authors, found.source) == (authors, source)


def test_take_byline_stops_at_a_second_writer_line() -> None:
    blocks = [Block(SENTENCE), Block("Võ Hải", right=True), Block("Minh Anh", right=True)]
    kept, byline = take_byline(blocks)
    assert _texts(kept) == [SENTENCE, "Võ Hải"]
    assert byline.authors == ["Minh Anh"]


@pytest.mark.parametrize(
    "blocks",
    [
        pytest.param([Block("Mở đầu bài viết."), Block(SENTENCE)], id="last-paragraph-is-text"),
        pytest.param([Block(SENTENCE), Block("Võ Hải")], id="untrusted-bare-name-is-text"),
        pytest.param([], id="empty-body"),
    ],
)
def test_take_byline_leaves_text_alone(blocks: list[Block]) -> None:
    kept, byline = take_byline(blocks)
    assert kept == blocks
    assert (byline.authors, byline.photographers, byline.source, byline.removed) == (
        [],
        [],
        None,
        0,
    )


@pytest.mark.parametrize(
    ("line", "authors", "photographers"),
    [
        pytest.param("Nguồn ảnh: Reuters", [], ["Reuters"], id="nguon-anh-credits-a-photo-only"),
        pytest.param("Hình ảnh Hà Nội", None, None, id="phrase-with-anh-is-no-credit"),
    ],
)
def test_photo_words_inside_phrases(
    line: str, authors: list[str] | None, photographers: list[str] | None
) -> None:
    byline = parse_byline(line, trusted=True)
    if authors is None:
        assert byline is None
    else:
        assert byline is not None
        assert (byline.authors, byline.photographers) == (authors, photographers)


@pytest.mark.parametrize(
    ("first", "authors"),
    [
        pytest.param("By Minh Thu", ["Minh Thu"], id="english-by"),
        pytest.param("Bài: Lan Anh - Quốc Tuấn", ["Lan Anh", "Quốc Tuấn"], id="bai-colon"),
        pytest.param("Thực hiện: Hà Thu/VOV", ["Hà Thu"], id="thuc-hien-with-desk"),
        pytest.param("Hà Nội", [], id="names-alone-may-be-a-dateline"),
        pytest.param("Bài học từ những trận lũ năm nay", [], id="bai-in-a-sentence"),
        pytest.param("By the end of March, the lane will open.", [], id="english-sentence"),
    ],
)
def test_take_leading_byline(first: str, authors: list[str]) -> None:
    blocks = [Block(first), Block(SENTENCE)]
    kept, byline = take_leading_byline(blocks)
    assert byline.authors == authors
    assert _texts(kept) == ([SENTENCE] if authors else [first, SENTENCE])
