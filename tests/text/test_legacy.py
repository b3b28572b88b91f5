"""Legacy encodings (R1, SPEC §4): the conversion tables against the research data, each decoder on
its own quirk, decode-and-score detection, and encode/decode round trips."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.text import legacy
from crawler.text.legacy import (
    CP1252_CHAR,
    decode_cp1258,
    decode_tcvn3,
    decode_tcvn3_upper,
    decode_viqr,
    decode_vni,
    detect,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
    syllable_share,
)
from crawler.text.syllables import VIETNAMESE_LETTERS

TABLES = Path(__file__).resolve().parents[2].parent / "shared" / "normalisation"


def _tables() -> dict[str, Any]:
    with (TABLES / "legacy-tables.json").open(encoding="utf-8") as data:
        return json.load(data)


def cp1252_view(data: bytes) -> str:
    """Bytes as a browser shows them under windows-1252 (the five holes pass through as C1)."""
    return "".join(CP1252_CHAR.get(b, chr(b)) if b >= 0x80 else chr(b) for b in data)


def _bytes(hex_bytes: str) -> bytes:
    return bytes(int(h, 16) for h in hex_bytes.split())


# -- the tables are the research data ------------------------------------------------------------


def test_tcvn3_table_is_the_research_table() -> None:
    table = _tables()["tcvn3_vn3"]["byte_to_char"]
    research = {entry["cp1252_view"]: entry["char"] for entry in table.values()}
    assert research == legacy.TCVN3
    assert len(legacy.TCVN3) == 74


def test_tcvn3_views_are_the_cp1252_view_of_their_bytes() -> None:
    table = _tables()["tcvn3_vn3"]["byte_to_char"]
    assert {byte: entry["cp1252_view"] for byte, entry in table.items()} == {
        byte: cp1252_view(_bytes(byte)) for byte in table
    }


def test_vni_table_is_the_research_table() -> None:
    table = _tables()["vni_windows"]["char_to_bytes"]
    research = {entry["cp1252_view"]: char for char, entry in table.items()}
    assert research == legacy.VNI
    assert len(legacy.VNI) == 134


def test_vni_views_are_the_cp1252_view_of_their_bytes() -> None:
    table = _tables()["vni_windows"]["char_to_bytes"]
    assert {char: entry["cp1252_view"] for char, entry in table.items()} == {
        char: cp1252_view(_bytes(entry["bytes"])) for char, entry in table.items()
    }


def test_cp1258_tone_bytes_are_the_research_combining_marks() -> None:
    marks = _tables()["windows_1258"]["combining_bytes"]
    for byte, description in marks.items():  # "U+0300 grave (huyền)"
        mark = chr(int(description.split()[0][2:], 16))
        assert decode_cp1258("o" + cp1252_view(_bytes(byte))) == unicodedata.normalize(
            "NFC", "o" + mark
        )


def test_cp1258_letters_that_differ_from_cp1252_are_the_research_letters() -> None:
    letters = _tables()["windows_1258"]["letters_that_differ_from_cp1252"]
    assert {byte: decode_cp1258(cp1252_view(_bytes(byte))) for byte in letters} == letters


def test_viqr_marks_are_the_research_mnemonics() -> None:
    viqr = _tables()["viqr"]
    for mnemonic, description in viqr["tone"].items():  # "'": "acute"
        mark = unicodedata.normalize("NFD", decode_viqr("a" + mnemonic + "n"))[1]
        assert description.upper() in unicodedata.name(mark)
    for mnemonic, description in viqr["shape"].items():  # "^": "circumflex (â ê ô)"
        for letter in description.split("(")[1].rstrip(")").split():
            base = unicodedata.normalize("NFD", letter)[0]
            assert decode_viqr(base + mnemonic) == letter
    for mnemonic, letter in viqr["d_bar"].items():
        assert decode_viqr(mnemonic + "i") == letter + "i"


# -- each decoder on its phenomenon --------------------------------------------------------------


@pytest.mark.parametrize(
    ("decode", "raw", "expected"),
    [
        pytest.param(
            decode_tcvn3, "M\xada lín kÐo dµi", "Mưa lớn kéo dài", id="tcvn3-soft-hyphen-is-u-horn"
        ),
        pytest.param(
            decode_tcvn3, "V\xadên c©y", "Vườn cây", id="tcvn3-soft-hyphen-before-o-horn-grave"
        ),
        pytest.param(decode_tcvn3, "¡n TÕt", "Ăn Tết", id="tcvn3-capital-a-breve-it-has"),
        pytest.param(decode_tcvn3, "¦¬ng", "Ương", id="tcvn3-capital-u-horn-it-has"),
        pytest.param(decode_tcvn3, "§µ L¹t", "Đà Lạt", id="tcvn3-capital-d-stroke-it-has"),
        pytest.param(
            decode_tcvn3,
            "§åNG VIÖT",
            "ĐồNG VIệT",
            id="tcvn3-toned-capitals-are-lower-case-codes",
        ),
        pytest.param(
            decode_tcvn3_upper,
            "§åNG VIÖT",
            "ĐỒNG VIỆT",
            id="tcvn3-capitals-font-upper-cases-the-span",
        ),
        pytest.param(
            decode_tcvn3_upper, "ñy ban nh©n d©n", "ỦY BAN NHÂN DÂN", id="tcvn3-capitals-font-all"
        ),
        pytest.param(
            decode_tcvn3,
            "“Hµ Néi” – COVID-19",
            "“Hà Nội” – COVID-19",
            id="tcvn3-bytes-below-a0-keep-cp1252-punctuation",
        ),
        pytest.param(decode_vni, "Vöôøn caây", "Vườn cây", id="vni-longest-match-o-horn-grave"),
        pytest.param(decode_vni, "Caàn Thô", "Cần Thơ", id="vni-o-circumflex-byte-alone-is-o-horn"),
        pytest.param(decode_vni, "noâng daân", "nông dân", id="vni-o-then-circumflex-byte"),
        pytest.param(decode_vni, "Phôû", "Phở", id="vni-o-horn-then-hook"),
        pytest.param(decode_vni, "quyeát ñònh", "quyết định", id="vni-single-byte-i-dot-and-d"),
        pytest.param(decode_vni, "UÛy ban", "Ủy ban", id="vni-capital-takes-capital-mark-byte"),
        pytest.param(decode_vni, "ÑOÀNG VIEÄT", "ĐỒNG VIỆT", id="vni-all-caps"),
        pytest.param(decode_vni, "AÊn Teát", "Ăn Tết", id="vni-capital-breve"),
        pytest.param(
            decode_viqr, "Ho^m nay tro+`i dde.p.", "Hôm nay trời đẹp.", id="viqr-sentence"
        ),
        pytest.param(decode_viqr, "tru+o+`ng", "trường", id="viqr-two-horns"),
        pytest.param(decode_viqr, "Dda(ng", "Đăng", id="viqr-title-case-dd"),
        pytest.param(decode_viqr, "kho?e", "khỏe", id="viqr-question-mark-before-letter-is-hook"),
        pytest.param(
            decode_viqr, "Anh ddi dda^u?", "Anh đi đâu?", id="viqr-question-mark-at-end-is-punct"
        ),
        pytest.param(decode_viqr, "Ca'c em.", "Các em.", id="viqr-full-stop-at-end-is-punctuation"),
        pytest.param(decode_viqr, "co'", "có", id="viqr-apostrophe-at-end-is-still-acute"),
        pytest.param(decode_viqr, "O.K", "ỌK", id="viqr-full-stop-before-letter-is-dot-below"),
        pytest.param(decode_viqr, "O\\.K", "O.K", id="viqr-backslash-escapes-the-full-stop"),
        pytest.param(decode_viqr, "la\\`", "la`", id="viqr-backslash-escapes-the-grave"),
        pytest.param(decode_viqr, "e( i^ a+", "e( i^ a+", id="viqr-shape-on-wrong-vowel-kept"),
        pytest.param(decode_cp1258, "Ðà Laòt môòng mõ", "Đà Lạt mộng mơ", id="cp1258-d-and-o-horn"),
        pytest.param(decode_cp1258, "CâÌn Thõ", "Cần Thơ", id="cp1258-grave-byte-after-vowel"),
        pytest.param(decode_cp1258, "Ãn Têìt", "Ăn Tết", id="cp1258-a-tilde-view-is-a-breve"),
        pytest.param(decode_cp1258, "ÐÔÌNG VIÊòT", "ĐỒNG VIỆT", id="cp1258-all-caps"),
        pytest.param(decode_cp1258, "COVID-19 (2020)", "COVID-19 (2020)", id="cp1258-ascii-kept"),
    ],
)
def test_decoder(decode: Callable[[str], str], raw: str, expected: str) -> None:
    assert decode(raw) == expected


# -- detection ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "encoding", "expected"),
    [
        pytest.param(
            "S¸ng nay, hµng ngh×n ng\xadêi d©n ®· ®æ vÒ qu¶ng tr\xadêng ®Ó xem ph¸o hoa.",
            "tcvn3",
            "Sáng nay, hàng nghìn người dân đã đổ về quảng trường để xem pháo hoa.",
            id="tcvn3-paragraph",
        ),
        pytest.param(
            "Giaù rau xanh taïi caùc chôï ñaàu moái taêng maïnh sau ñôït möa lôùn keùo daøi.",
            "vni",
            "Giá rau xanh tại các chợ đầu mối tăng mạnh sau đợt mưa lớn kéo dài.",
            id="vni-paragraph",
        ),
        pytest.param(
            "Ðôòi tuyêÒn bóng ðá nýÞ giành huy chýõng vàng sau trâòn chung kêìt kiòch tính.",
            "cp1258-as-1252",
            "Đội tuyển bóng đá nữ giành huy chương vàng sau trận chung kết kịch tính.",
            id="cp1258-paragraph",
        ),
        pytest.param(
            "Cña mçi ng\xadêi d©n lµng",
            "tcvn3",
            "Của mỗi người dân làng",
            id="tcvn3-five-tokens-is-enough",
        ),
        pytest.param(
            "Ñaø Laït moäng mô quaù ñeïp",
            "vni",
            "Đà Lạt mộng mơ quá đẹp",
            id="vni-six-short-tokens",
        ),
    ],
)
def test_detect_converts_a_legacy_paragraph(raw: str, encoding: str, expected: str) -> None:
    assert detect(raw) == (encoding, expected)


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        pytest.param("Cña mçi ng\xadêi d©n", "tcvn3", id="tcvn3-four-tokens"),
        pytest.param("§µ L¹t méng m¬", "tcvn3", id="tcvn3-place-name"),
        pytest.param("Ñaø Laït moäng mô", "vni", id="vni-four-tokens"),
        pytest.param("Ðà Laòt môòng mõ", "cp1258-as-1252", id="cp1258-four-tokens"),
    ],
)
def test_detect_refuses_a_short_span(raw: str, encoding: str) -> None:
    share, _ = syllable_share(legacy.DECODERS[encoding](raw))
    assert share == 1.0  # the decoder would be right; the span is just too short to be sure
    assert detect(raw) == (None, raw)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "« Noël à Montréal » : la fête était très réussie, même sous la neige épaisse.",
            id="french-guillemets-and-diaeresis",
        ),
        pytest.param(
            "Il a reçu une lettre de sa sœur aînée, qui habite près du château.",
            id="french-cedilla",
        ),
        pytest.param(
            "Über die Brücke gehen täglich Fußgänger, Radfahrer und Kinder zur Schule.",
            id="german-umlauts-and-eszett",
        ),
        pytest.param(
            "Mädchen und Jungen spielen fröhlich im großen Hof hinter dem Gebäude.",
            id="german-umlauts",
        ),
        pytest.param(
            "Mañana el señor Núñez irá a la reunión en Córdoba con sus compañeros.",
            id="spanish-enye",
        ),
        pytest.param(
            "¿Dónde está la estación? ¡Qué lejos queda el pueblo de mi niñez!",
            id="spanish-inverted-marks",
        ),
        pytest.param(
            "Vừa qua, các em học sinh đã được nghỉ học vì bão lớn đổ bộ vào tỉnh.",
            id="unicode-vietnamese",
        ),
        pytest.param(
            "Chúng tôi đã gửi thư cho ông Müller và bà Dupré ở Thụy Sĩ hôm qua.",
            id="unicode-vietnamese-with-foreign-names",
        ),
    ],
)
def test_detect_leaves_text_that_is_not_legacy(text: str) -> None:
    assert detect(text) == (None, text)


# -- round trips ----------------------------------------------------------------------------------

_LETTERS = sorted(VIETNAMESE_LETTERS)
# TCVN3 has codes for lower-case letters and seven capitals; toned capitals need a capitals font.
_TCVN3_LETTERS = sorted(
    {ch for ch in VIETNAMESE_LETTERS if ch.islower()} | set("ĂÂÊÔƠƯĐ") | set("BCDGHKLMNT")
)


@given(text=st.text(st.sampled_from([*_TCVN3_LETTERS, " "])))
def test_tcvn3_round_trip(text: str) -> None:
    assert decode_tcvn3(cp1252_view(encode_tcvn3(text))) == text


@given(text=st.text(st.sampled_from([*_LETTERS, " "])))
def test_vni_round_trip(text: str) -> None:
    assert decode_vni(cp1252_view(encode_vni(text))) == text


@given(text=st.text(st.sampled_from([*_LETTERS, " "])))
def test_cp1258_round_trip(text: str) -> None:
    assert decode_cp1258(cp1252_view(encode_cp1258(text))) == text


@given(text=st.text(st.sampled_from([*_LETTERS, " "])))
def test_tcvn3_capitals_font_round_trip(text: str) -> None:
    upper = text.upper()
    assert decode_tcvn3_upper(cp1252_view(encode_tcvn3(upper))) == upper
