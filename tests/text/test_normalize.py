"""The public API: normalize / normalize_report and what they record, the encoding hints, the
search key, and the phenomena of the seed article."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

from crawler.text import HINTS, describe, normalize, normalize_report, search_key
from crawler.text.legacy import CP1252_CHAR


def as_cp1252(text: str) -> str:
    """UTF-8 shown as windows-1252 the way browsers do it."""
    return "".join(CP1252_CHAR.get(b, chr(b)) if b >= 0x80 else chr(b) for b in text.encode())


# -- seed article --------------------------------------------------------------------------------

SEED = "Ban Thường vụ Đảng uỷ\u00a0Khối chỉ đaọ các chi bộ"


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        pytest.param("old", "Ban Thường vụ Đảng ủy Khối chỉ đạo các chi bộ", id="old-style"),
        pytest.param("new", "Ban Thường vụ Đảng uỷ Khối chỉ đạo các chi bộ", id="new-style"),
        pytest.param("keep", "Ban Thường vụ Đảng uỷ Khối chỉ đạo các chi bộ", id="keep-style"),
    ],
)
def test_seed_article_phenomena(style: str, expected: str) -> None:
    assert normalize(SEED, tone_style=style) == expected


def test_default_style_is_old() -> None:
    assert normalize("Đảng uỷ") == "Đảng ủy"


def test_nbsp_is_gone() -> None:
    assert "\u00a0" not in normalize(SEED)


# -- what is recorded ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected", "repairs"),
    [
        pytest.param("Hà Nội", "Hà Nội", [], id="clean-text-records-nothing"),
        pytest.param(
            SEED,
            "Ban Thường vụ Đảng ủy Khối chỉ đạo các chi bộ",
            ["spaces", "tone_moved:1", "tone_style:1"],
            id="seed-article",
        ),
        pytest.param(
            "&amp;nbsp;Huế", "Huế", ["entities", "spaces", "layout"], id="repair-brings-new-work"
        ),
        pytest.param("Ðại\u200b hội", "Đại hội", ["invisibles", "d_lookalike"], id="eth-hidden"),
        pytest.param(
            "Tòan dân , đòan kết", "Toàn dân, đoàn kết", ["tone_moved:2", "layout"], id="counted"
        ),
        pytest.param(
            as_cp1252("Sức khoẻ tòan dân"),
            "Sức khỏe toàn dân",
            ["mojibake:4", "tone_moved:1", "tone_style:1"],
            id="mojibake-words-counted-before-tones",
        ),
        pytest.param(
            "Tin trong nước\nS¸ng nay, hµng ngh×n ng\xadêi d©n ®· ®æ vÒ qu¶ng tr\xadêng",
            "Tin trong nước\nSáng nay, hàng nghìn người dân đã đổ về quảng trường",
            ["tcvn3"],
            id="tcvn3-paragraph-detected-unicode-paragraph-kept",
        ),
        pytest.param(
            "Dự án sẽ tìếp tục", "Dự án sẽ tìếp tục", ["tone_conflict:1"], id="conflict-flagged"
        ),
        pytest.param("đe\u0300\u0300n", "đèn", ["marks"], id="doubled-mark"),
        pytest.param("Москва и\u0306", "Москва й", ["nfc"], id="decomposed-cyrillic"),
        pytest.param(
            unicodedata.normalize("NFD", "Huế mộng mơ"),
            "Huế mộng mơ",
            ["nfc"],
            id="decomposed-vietnamese-recorded-as-nfc",
        ),
    ],
)
def test_normalize_report(raw: str, expected: str, repairs: list[str]) -> None:
    report = normalize_report(raw)
    assert (report.text, report.repairs) == (expected, repairs)


def test_describe_follows_the_pipeline_not_insertion_order() -> None:
    fired = Counter({"layout": 1, "tone_moved": 3, "nfc": 1, "mojibake": 2, "tcvn3": 1})
    assert describe(fired) == ["tcvn3", "mojibake:2", "nfc", "tone_moved:3", "layout"]


def test_describe_counts_units_only_for_counted_labels() -> None:
    fired = Counter({"spaces": 4, "mojibake_lost": 2, "tone_style": 5, "tone_conflict": 1})
    assert describe(fired) == ["mojibake_lost:2", "spaces", "tone_style:5", "tone_conflict:1"]


def test_describe_puts_unknown_labels_last() -> None:
    assert describe(Counter({"zeta": 1, "alpha": 1, "layout": 1})) == ["layout", "alpha", "zeta"]


def test_hint_that_changes_nothing_records_nothing() -> None:
    assert normalize_report("Ha Noi", hint="tcvn3").repairs == []


# -- options ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hint", "raw", "expected", "repairs"),
    [
        pytest.param("tcvn3", "CÇn Th¬", "Cần Thơ", ["tcvn3"], id="tcvn3"),
        pytest.param("tcvn3-upper", "§µ l¹t", "ĐÀ LẠT", ["tcvn3"], id="tcvn3-upper"),
        pytest.param("vni", "Caàn Thô", "Cần Thơ", ["vni"], id="vni"),
        pytest.param("viqr", "Ca^`n Tho+", "Cần Thơ", ["viqr"], id="viqr"),
        pytest.param("cp1258-as-1252", "CâÌn Thõ", "Cần Thơ", ["cp1258"], id="cp1258-as-1252"),
        pytest.param("mojibake", as_cp1252("José"), "José", ["mojibake:1"], id="mojibake"),
        pytest.param(
            "mojibake-cp1258",
            "Hà Nội".encode().decode("cp1258"),
            "Hà Nội",
            ["mojibake:2"],
            id="mojibake-cp1258",
        ),
    ],
)
def test_hint(hint: str, raw: str, expected: str, repairs: list[str]) -> None:
    assert normalize(raw) != expected  # too short or too neutral to be detected without the hint
    report = normalize_report(raw, hint=hint)
    assert (report.text, report.repairs) == (expected, repairs)


def test_every_hint_is_tested() -> None:
    tested = {
        "tcvn3",
        "tcvn3-upper",
        "vni",
        "viqr",
        "cp1258-as-1252",
        "mojibake",
        "mojibake-cp1258",
    }
    assert set(HINTS) == tested


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"tone_style": "modern"}, id="unknown-tone-style"),
        pytest.param({"tone_style": "OLD"}, id="tone-style-is-case-sensitive"),
        pytest.param({"hint": "utf-16"}, id="unknown-hint"),
        pytest.param({"hint": "TCVN3"}, id="hint-is-case-sensitive"),
    ],
)
def test_bad_options_raise(options: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        normalize("Hà Nội", **options)
    with pytest.raises(ValueError):
        normalize_report("Hà Nội", **options)


def test_fold_quotes_is_opt_in() -> None:
    assert normalize_report("“Tốt” ‘lắm’").text == "“Tốt” ‘lắm’"
    assert normalize_report("“Tốt” ‘lắm’", fold_quotes=True).text == "\"Tốt\" 'lắm'"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("xanh xanh đo đỏ, nhà nhà người người", id="reduplication"),
        pytest.param("các các bạn", id="repeated-word"),
        pytest.param("kĩ thuật và kỹ thuật, lí do và lý do", id="i-and-y-spellings"),
        pytest.param("nghành đưọc", id="misspellings-are-content"),
        pytest.param("Thu tuong noi chuyen", id="unaccented-text"),
        pytest.param("hà nội, Nhà Nước, HÀ NỘI", id="capitalisation"),
        pytest.param("1.000.000₫, 3,5%, 10h30, 12/5/2024", id="numbers-and-currency"),
        pytest.param("#TếtNguyênĐán 漢字", id="hashtag-and-han"),
        pytest.param("Một.\n\nHai.", id="paragraph-break"),
    ],
)
def test_content_never_changes(text: str) -> None:
    assert normalize(text) == text


# -- search key ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "accents", "expected"),
    [
        pytest.param("Thanh Hoá", False, "thanh hoa", id="new-style-folded"),
        pytest.param("THANH HÓA", False, "thanh hoa", id="old-style-all-caps-folded"),
        pytest.param("Đường Trường Sơn", False, "duong truong son", id="d-stroke-to-d"),
        pytest.param("ĐỒNG THÁP", False, "dong thap", id="two-mark-letters"),
        pytest.param("“Tết” ‘xưa’ „x‟", False, '"tet" \'xua\' "x"', id="quotes-folded"),
        pytest.param("‚xưa‘", False, "'xua'", id="low-single-quote-folded"),
        pytest.param(
            "‛xưa’",
            False,
            "'xua'",
            id="reversed-single-quote-folded",
        ),
        pytest.param("ＴＰ．ＨＣＭ ２０２４", False, "tp.hcm 2024", id="full-width-nfkc"),
        pytest.param("Hà  Nội\n mới ", False, "ha noi moi", id="whitespace-collapsed"),
        pytest.param("Straße", False, "strasse", id="casefold-not-lower"),
        pytest.param("STRAẞE", False, "strasse", id="capital-sharp-s-casefolded"),
        pytest.param("ΟΔΟΣ Hà", False, "οδοσ ha", id="no-final-sigma-as-casefold"),
        pytest.param("Hà Nội.\n\nMới “đẹp”.", False, 'ha noi. moi "dep".', id="paragraphs-spaced"),
        pytest.param("Hà\n\n\nNội", False, "ha noi", id="three-line-breaks"),
        pytest.param("Hà \n\nNội", False, "ha noi", id="space-before-blank-line"),
        pytest.param("\n\nHà Nội\r\n", False, "ha noi", id="edges-crlf"),
        pytest.param("Hà\tNội\x0cmới", False, "ha noi moi", id="tab-form-feed"),
        pytest.param("Hà\u2028Nội\u00a0mới", False, "ha noi moi", id="line-separator-nbsp"),
        pytest.param("a \u0301 b", False, "a b", id="lone-mark-between-spaces"),
        pytest.param("Đường Trường Sơn", True, "đường trường sơn", id="accents-kept-case-folded"),
        pytest.param("THANH HÓA", True, "thanh hóa", id="accents-kept-all-caps"),
        pytest.param("Ｈà Ｎội", True, "hà nội", id="accents-kept-full-width-folded"),
    ],
)
def test_search_key(text: str, accents: bool, expected: str) -> None:
    assert search_key(text, accents=accents) == expected


@pytest.mark.parametrize("style", [pytest.param("old", id="old"), pytest.param("new", id="new")])
def test_search_key_with_accents_matches_both_spellings_after_normalize(style: str) -> None:
    keys = {
        search_key(normalize(text, tone_style=style), accents=True)
        for text in ("Thanh Hoá, thuỷ lợi", "THANH HÓA, thủy lợi")
    }
    assert len(keys) == 1
