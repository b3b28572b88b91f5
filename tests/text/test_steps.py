"""The character-level steps (R3-R8), each on the phenomena it repairs and on what it must leave
alone. The properties every step promises (idempotent, NFC out, ...) are in test_properties.py."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

from crawler.text.steps import (
    compose_nfc,
    decode_references,
    drop_invisibles,
    fix_d_lookalikes,
    map_spaces,
    place_tones,
    repair_marks,
    tidy_layout,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# -- R3 character references ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("Bộ Y tế &amp; Bộ Công an", "Bộ Y tế & Bộ Công an", id="named-reference"),
        pytest.param("Bi&#7875;n Đông", "Biển Đông", id="decimal-reference"),
        pytest.param("Ngh&#x1EC7; An", "Nghệ An", id="hex-reference"),
        pytest.param("&copy 2024 Báo Mới", "&copy 2024 Báo Mới", id="name-without-semicolon-kept"),
        pytest.param("?id=5&para=2&not=1", "?id=5&para=2&not=1", id="query-string-kept"),
        pytest.param("Mùa giải 2023&#150;2024", "Mùa giải 2023–2024", id="numeric-c1-en-dash"),
        pytest.param("&#147;Tết&#148;", "“Tết”", id="numeric-c1-curly-quotes"),
        pytest.param("Giá 5&#128;", "Giá 5€", id="numeric-c1-euro"),
        pytest.param("&amp;lt;b&amp;gt;", "<b>", id="double-escaped-tag"),
        pytest.param("&amp;amp;quot;Tết&amp;amp;quot;", '"Tết"', id="triple-escaped"),
        pytest.param("&amp;amp;amp;amp;amp;", "&", id="five-levels-to-a-fixed-point"),
        pytest.param("&abcxyz; và &Amp;", "&abcxyz; và &Amp;", id="unknown-names-kept"),
        pytest.param("Chờ chút&hellip;", "Chờ chút...", id="hellip-is-three-dots"),
        pytest.param("Chờ chút&#8230;", "Chờ chút...", id="numeric-ellipsis-is-three-dots"),
        pytest.param("Chờ chút&amp;hellip;", "Chờ chút...", id="escaped-hellip-is-three-dots"),
        pytest.param("Chờ chút…", "Chờ chút…", id="literal-ellipsis-kept"),
        pytest.param("Cà&nbsp;Mau", "Cà\u00a0Mau", id="nbsp-left-for-the-space-step"),
        pytest.param("Tom & Jerry", "Tom & Jerry", id="bare-ampersand-kept"),
    ],
)
def test_decode_references(raw: str, expected: str) -> None:
    assert decode_references(raw) == expected


# -- R4 spaces and invisible characters --------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("Sài\u00a0Gòn", "Sài Gòn", id="nbsp"),
        pytest.param("15\u202f000 đồng", "15 000 đồng", id="narrow-nbsp-thousands"),
        pytest.param("Sài\u2003Gòn", "Sài Gòn", id="em-space"),
        pytest.param("Sài\u3000Gòn", "Sài Gòn", id="ideographic-space"),
        pytest.param("Sài\tGòn", "Sài Gòn", id="tab"),
        pytest.param("Sài\x0bGòn\x0c", "Sài Gòn ", id="vertical-tab-and-form-feed"),
        pytest.param("Sài\u00a0\u00a0Gòn", "Sài  Gòn", id="runs-left-for-layout"),
        pytest.param("Dòng một\r\nDòng hai", "Dòng một\nDòng hai", id="crlf"),
        pytest.param("Dòng một\rDòng hai", "Dòng một\nDòng hai", id="lone-cr"),
        pytest.param("Dòng một\u2028Dòng hai", "Dòng một\nDòng hai", id="line-separator"),
        pytest.param("Dòng một\x85Dòng hai", "Dòng một\nDòng hai", id="next-line-control"),
        pytest.param("Đoạn một\u2029Đoạn hai", "Đoạn một\n\nĐoạn hai", id="paragraph-separator"),
        pytest.param("Sài\u200bGòn", "Sài\u200bGòn", id="zero-width-space-is-not-a-space"),
    ],
)
def test_map_spaces(raw: str, expected: str) -> None:
    assert map_spaces(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("Phú\u200b Quốc", "Phú Quốc", id="zero-width-space"),
        pytest.param("Phú\u200c Quốc", "Phú Quốc", id="zero-width-non-joiner"),
        pytest.param("\ufeffPhú Quốc", "Phú Quốc", id="byte-order-mark"),
        pytest.param("Phú Q\ufeffuốc", "Phú Quốc", id="zwnbsp-inside-a-word"),
        pytest.param("chuyển\u00ad giao", "chuyển giao", id="soft-hyphen"),
        pytest.param("Phú\u2060 Quốc", "Phú Quốc", id="word-joiner"),
        pytest.param("Phu\u034f Quốc", "Phu Quốc", id="combining-grapheme-joiner"),
        pytest.param("Phú\x07 Quốc\x1b\x7f", "Phú Quốc", id="c0-controls-and-delete"),
        pytest.param("Phú\x80 Quốc\x9f", "Phú Quốc", id="c1-controls"),
        pytest.param("Tin \u200ethế giới\u200f", "Tin thế giới", id="bidi-marks-in-ltr-text"),
        pytest.param("Tên: \u202bשלום\u202c", None, id="bidi-kept-with-hebrew"),
        pytest.param("\u200fمرحبا\u200f Hà Nội", None, id="bidi-kept-with-arabic"),
        pytest.param("Xin\u200dchào", "Xinchào", id="zwj-between-letters-removed"),
        pytest.param("\u200d\U0001f600", "\U0001f600", id="zwj-before-emoji-only-removed"),
        pytest.param(
            "Gia đình \U0001f468\u200d\U0001f469\u200d\U0001f467", None, id="zwj-in-emoji"
        ),
        pytest.param("\u2764\ufe0f\u200d\U0001f525", None, id="zwj-after-variation-selector"),
        pytest.param("Yêu \u2764\ufe0f", None, id="variation-selector-kept"),
        pytest.param("Một\tHai\nBa", None, id="tab-and-newline-kept"),
    ],
)
def test_drop_invisibles(raw: str, expected: str | None) -> None:
    assert drop_invisibles(raw) == (raw if expected is None else expected)


# -- R5 combining marks and NFC ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("đe\u0300\u0300n", "đèn", id="same-mark-typed-twice"),
        pytest.param("lá\u0301", "lá", id="mark-repeated-on-a-precomposed-letter"),
        pytest.param("ye\u0309\u0302u", "yểu", id="tone-before-circumflex"),
        pytest.param("na\u0303\u0306ng", "nẵng", id="tone-before-breve"),
        pytest.param("bé\u0302n", "bến", id="circumflex-after-a-precomposed-tone"),
        pytest.param("u\u0301\u031b", "ứ", id="tone-before-horn"),
        pytest.param("\u0301Hôm nay", "Hôm nay", id="orphan-mark-at-start"),
        pytest.param("năm 2024\u0300", "năm 2024", id="orphan-mark-after-digit"),
        pytest.param("Hà \u0309Nội", "Hà Nội", id="orphan-mark-after-space"),
        pytest.param("(\u0323)", "()", id="orphan-mark-after-punctuation"),
        pytest.param("e\u0301\u0300", "é\u0300", id="two-different-tones-left"),
        pytest.param("за\u0301мок", "за\u0301мок", id="cyrillic-stress-kept"),
        pytest.param("Citroe\u0308n", "Citroën", id="non-vietnamese-mark-on-latin-kept"),
    ],
)
def test_repair_marks_then_nfc(raw: str, expected: str) -> None:
    assert compose_nfc(repair_marks(raw)) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(nfd("Nguyễn Trãi"), "Nguyễn Trãi", id="nfd-two-marks"),
        pytest.param(nfd("Đường Trường Sơn"), "Đường Trường Sơn", id="nfd-horn-and-tone"),
        pytest.param(
            "Ngo\u0323\u0302 nghĩnh", "Ngộ nghĩnh", id="dot-below-and-circumflex-reordered"
        ),
        pytest.param("Bie\u0302\u0309n", "Biển", id="precomposed-base-combining-tone"),
        pytest.param("ha\u0340", "hà", id="deprecated-vietnamese-grave"),
        pytest.param("Ngộ nghĩnh", "Ngộ nghĩnh", id="nfc-stays"),
    ],
)
def test_compose_nfc(raw: str, expected: str) -> None:
    assert compose_nfc(raw) == expected


# -- R6 Đ look-alikes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("Ðường phố", "Đường phố", id="eth-starts-a-syllable"),
        pytest.param("trời ðêm", "trời đêm", id="small-eth-starts-a-syllable"),
        pytest.param("Ɖông Hà", "Đông Hà", id="african-d"),
        pytest.param("ɖi chợ", "đi chợ", id="d-with-tail"),
        pytest.param("ÐẢNG BỘ", "ĐẢNG BỘ", id="all-caps-syllable"),
        pytest.param("(ðã xong)", "(đã xong)", id="after-a-bracket"),
        pytest.param("Chủ tịch HÐND tỉnh", "Chủ tịch HĐND tỉnh", id="acronym-hdnd"),
        pytest.param("ÐBQH", "ĐBQH", id="acronym-at-start"),
        pytest.param("Sigurðsson", "Sigurðsson", id="icelandic-inside-a-word"),
        pytest.param("Guðjohnsen", "Guðjohnsen", id="icelandic-before-consonant"),
        pytest.param("GUÐMUNDSSON", "GUÐMUNDSSON", id="icelandic-all-caps-too-long"),
        pytest.param("Þórður", "Þórður", id="icelandic-with-thorn"),
        pytest.param("Ðk", "Ðk", id="not-a-syllable-not-an-acronym"),
        pytest.param(
            "https://vi.wikipedia.org/wiki/Ðà_Lạt",
            "https://vi.wikipedia.org/wiki/Ðà_Lạt",
            id="inside-a-url",
        ),
        pytest.param("Xem www.ðaknong.vn", "Xem www.ðaknong.vn", id="inside-a-www-host"),
        pytest.param("ðà@toasoan.vn", "ðà@toasoan.vn", id="inside-an-email"),
    ],
)
def test_fix_d_lookalikes(raw: str, expected: str) -> None:
    assert fix_d_lookalikes(raw) == expected


# -- R7 tone marks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "style", "expected", "counts"),
    [
        pytest.param(
            "Ban chấp hành Đảng uỷ xã",
            "old",
            "Ban chấp hành Đảng ủy xã",
            {"tone_style": 1},
            id="new-to-old",
        ),
        pytest.param(
            "sức khỏe, hòa bình, thủy lợi",
            "new",
            "sức khoẻ, hoà bình, thuỷ lợi",
            {"tone_style": 3},
            id="old-to-new",
        ),
        pytest.param(
            "Chỉ đaọ tòan diện", "old", "Chỉ đạo toàn diện", {"tone_moved": 2}, id="misplaced"
        ),
        pytest.param(
            "hoà và hòa, ngòai",
            "keep",
            "hoà và hòa, ngoài",
            {"tone_moved": 1},
            id="keep-leaves-both-styles-repairs-misplaced",
        ),
        pytest.param(
            "Dự án sẽ tìếp tục",
            "old",
            "Dự án sẽ tìếp tục",
            {"tone_conflict": 1},
            id="conflict-counted-and-left",
        ),
        pytest.param(
            "hoà hoà hoà", "old", "hòa hòa hòa", {"tone_style": 3}, id="each-occurrence-counted"
        ),
        pytest.param("HÒA BÌNH", "new", "HOÀ BÌNH", {"tone_style": 1}, id="all-caps-case-kept"),
        pytest.param("Thủy-Hòa", "new", "Thuỷ-Hoà", {"tone_style": 2}, id="hyphen-splits-runs"),
        pytest.param(
            "Xem https://baomoi.vn/tòan-cảnh/hoà.html nhé",
            "old",
            "Xem https://baomoi.vn/tòan-cảnh/hoà.html nhé",
            {},
            id="url-protected",
        ),
        pytest.param(
            "Gửi hoà.binh@gmail.com hoặc hòa",
            "new",
            "Gửi hoà.binh@gmail.com hoặc hoà",
            {"tone_style": 1},
            id="email-protected-text-after-it-not",
        ),
        pytest.param(
            "Tiền đạo Noé Sow ghi bàn",
            "old",
            "Tiền đạo Noé Sow ghi bàn",
            {},
            id="foreign-name-guard",
        ),
        pytest.param(
            "Mbappé và café ở Hué", "old", "Mbappé và café ở Hué", {}, id="foreign-words-kept"
        ),
        pytest.param(
            "hoàBình và iPhòne", "old", "hoàBình và iPhòne", {}, id="mixed-case-runs-kept"
        ),
        pytest.param(
            "Giữ gìn và giữ gìà",
            "old",
            "Giữ gìn và giữ già",
            {"tone_moved": 1},
            id="gin-kept-duplicate-tone-repaired",
        ),
    ],
)
def test_place_tones(raw: str, style: str, expected: str, counts: dict[str, int]) -> None:
    seen: Counter[str] = Counter()
    assert place_tones(raw, style, seen) == expected
    assert seen == counts


def test_place_tones_counts_are_optional() -> None:
    assert place_tones("Thanh Hoá") == "Thanh Hóa"


def test_place_tones_refuses_an_unknown_style() -> None:
    with pytest.raises(ValueError, match="tone_style"):
        place_tones("hoà", "modern")


# -- R8 layout ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("Hà Nội , ngày 2 .", "Hà Nội, ngày 2.", id="space-before-comma-and-stop"),
        pytest.param("Thật vậy sao ?!", "Thật vậy sao?!", id="space-before-punctuation-run"),
        pytest.param("Lưu ý : mai nghỉ", "Lưu ý: mai nghỉ", id="space-before-colon"),
        # a colon that ends the text is no emoticon: as before a line break (hypothesis found
        # a text holding "0 :" normalised differently alone and among others)
        pytest.param("Ông nói :", "Ông nói:", id="space-before-colon-at-the-end"),
        pytest.param("Hay quá !!!", "Hay quá!!!", id="repeated-marks-kept-space-removed"),
        pytest.param("Anh ấy ... không nói", None, id="space-before-ellipsis-kept"),
        pytest.param("Anh ấy … không nói", None, id="space-before-ellipsis-character-kept"),
        pytest.param("Vui quá :)", None, id="emoticon-colon-bracket"),
        pytest.param("Buồn quá :(", None, id="emoticon-sad"),
        pytest.param("Xem www.chinhphu.vn .", None, id="space-after-www-url-kept"),
        pytest.param("Nguồn: https://vnexpress.net/a-1.html , rồi", None, id="after-https-url"),
        pytest.param("Liên hệ toasoan@baomoi.vn .", None, id="space-after-email-kept"),
        pytest.param("Ông nói “Được” , rồi đi", "Ông nói “Được”, rồi đi", id="after-closing-quote"),
        pytest.param("Hỏi (thật không ?)", "Hỏi (thật không?)", id="before-closing-bracket"),
        pytest.param("Xong .\nMai", "Xong.\nMai", id="before-line-end"),
        pytest.param("( tăng 2,7% )", "(tăng 2,7%)", id="inside-round-brackets"),
        pytest.param("[ ảnh minh họa ]", "[ảnh minh họa]", id="inside-square-brackets"),
        pytest.param("“ Nhà tôi ba đời ”", "“Nhà tôi ba đời”", id="inside-curly-double-quotes"),
        pytest.param("2,7 triệu, TP.HCM, P.4, v.v. ...Rồi", None, id="never-inserts-a-space"),
        pytest.param("tr.12 ,5", None, id="comma-before-digit-not-moved"),
        pytest.param("Giá 5 %", None, id="percent-spacing-kept"),
        pytest.param("  Đà   Nẵng  ", "Đà Nẵng", id="space-runs-and-text-trimmed"),
        pytest.param("Một  \n  Hai", "Một\nHai", id="lines-trimmed"),
        pytest.param("Một\n\nHai", None, id="one-blank-line-kept"),
        pytest.param("Một\n\n\n\nHai", "Một\n\nHai", id="blank-lines-collapsed"),
        pytest.param("Một\n \n \nHai", "Một\n\nHai", id="blank-lines-with-spaces-collapsed"),
        pytest.param("COVID\u201019", "COVID-19", id="unicode-hyphen"),
        pytest.param("mã\u2011số", "mã-số", id="non-breaking-hyphen"),
        pytest.param("nhiệt độ \u22125", "nhiệt độ -5", id="minus-sign"),
        pytest.param("2020–2021 — hết", None, id="en-and-em-dash-kept"),
        pytest.param("“Tốt” ‘lắm’", None, id="curly-quotes-kept"),
    ],
)
def test_tidy_layout(raw: str, expected: str | None) -> None:
    assert tidy_layout(raw) == (raw if expected is None else expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("“Tốt” ‘lắm’", "\"Tốt\" 'lắm'", id="curly-to-ascii"),
        pytest.param("„Gut” ‟x”", '"Gut" "x"', id="low-and-reversed-double-quotes"),
        pytest.param(
            "‚gut‘ ‛x’",
            "'gut' 'x'",
            id="low-and-reversed-single-quotes",
        ),
        pytest.param(
            "“ Nhà tôi ”",
            '"Nhà tôi"',
            id="spaces-inside-folded-quotes-trimmed",
        ),
    ],
)
def test_tidy_layout_fold_quotes(raw: str, expected: str) -> None:
    assert tidy_layout(raw, fold_quotes=True) == expected


def test_nfc_reuses_the_composition_repair_marks_made_only_for_that_same_text() -> None:
    decomposed = unicodedata.normalize("NFD", "Thừa Thiên Huế")
    other = unicodedata.normalize("NFD", "Hội An")
    assert repair_marks(decomposed) is decomposed  # well formed: composing leaves no mark over
    assert compose_nfc(other) == "Hội An"  # another text is composed, not the one remembered
    assert compose_nfc(decomposed) == "Thừa Thiên Huế"
    equal_copy = "".join(list(decomposed))  # the same text in another object: composed anew
    assert compose_nfc(equal_copy) == "Thừa Thiên Huế"
