"""UTF-8 mojibake (R2, SPEC §5): Vietnamese UTF-8 read as windows-1252, latin-1 or windows-1258,
once or several times, with the bytes a strict decoder loses; and what must be left alone."""

from __future__ import annotations

import pytest

from crawler.text.legacy import CP1252_CHAR
from crawler.text.mojibake import Repaired, might_have_mojibake, repair_mojibake


def as_cp1252(text: str) -> str:
    """UTF-8 shown as windows-1252 the way browsers do it: the five undefined bytes stay C1."""
    return "".join(CP1252_CHAR.get(b, chr(b)) if b >= 0x80 else chr(b) for b in text.encode())


def as_latin1(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def as_cp1252_dropped(text: str) -> str:
    """A strict decoder told to ignore errors: 0x81 0x8D 0x8F 0x90 0x9D vanish."""
    return text.encode("utf-8").decode("cp1252", errors="ignore")


def as_cp1252_replaced(text: str) -> str:
    """What w3lib/Scrapy give: each undefined byte becomes U+FFFD."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


def as_cp1258(text: str) -> str:
    return text.encode("utf-8").decode("cp1258")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            as_cp1252("Đồng bằng sông Cửu Long đón mùa nước nổi"),
            "Đồng bằng sông Cửu Long đón mùa nước nổi",
            id="cp1252-browser-view-with-c1-for-d-stroke",
        ),
        pytest.param(
            as_latin1("Thủ tướng dự lễ khánh thành cầu"),
            "Thủ tướng dự lễ khánh thành cầu",
            id="latin1-c1-controls-and-nbsp",
        ),
        pytest.param(
            as_cp1252_dropped("Đại hội Đảng toàn quốc"),
            "Đại hội Đảng toàn quốc",
            id="d-stroke-byte-0x90-dropped",
        ),
        pytest.param(
            as_cp1252_replaced("Đại hội Đảng toàn quốc"),
            "Đại hội Đảng toàn quốc",
            id="d-stroke-byte-0x90-replaced",
        ),
        pytest.param(
            as_cp1252_dropped("Đi làm"),
            "Đi làm",
            id="d-stroke-lost-before-an-ascii-vowel",
        ),
        pytest.param(
            as_cp1252("ĐIỆN BIÊN PHỦ"), "ĐIỆN BIÊN PHỦ", id="all-caps-with-soft-hyphen-bytes"
        ),
        pytest.param(
            as_cp1252("Sân khấu “Kịch” mới"),
            "Sân khấu “Kịch” mới",
            id="curly-quotes-made-of-mojibake",
        ),
        pytest.param(as_cp1252(as_cp1252("Phố cổ Hội An")), "Phố cổ Hội An", id="double-encoding"),
        pytest.param(as_cp1252(as_cp1252(as_cp1252("Ngày hội"))), "Ngày hội", id="triple-encoding"),
        pytest.param(
            as_cp1252(as_cp1252("Lễ hội đền Hùng")),
            "Lễ hội đền Hùng",
            id="double-encoding-of-an-undefined-cp1252-byte",
        ),
        pytest.param(
            as_latin1(as_latin1("Việt Nam")),
            "Việt Nam",
            id="double-encoding-through-latin1",
        ),
        pytest.param(
            "Tỉnh Quảng Trị” " + as_cp1252("đã khởi công dự án"),
            "Tỉnh Quảng Trị” đã khởi công dự án",
            id="correct-word-with-closing-quote-next-to-mojibake",
        ),
        pytest.param(
            "Thành phố “Hồ Chí Minh” " + as_cp1252("đón khách"),
            "Thành phố “Hồ Chí Minh” đón khách",
            id="correct-quoted-name-next-to-mojibake",
        ),
        pytest.param(
            "XÃ HỘI " + as_cp1252("đã phát triển"),
            "XÃ HỘI đã phát triển",
            id="all-caps-xa-then-space-is-not-a-lost-nbsp",
        ),
        pytest.param(
            "NGÃ TƯ " + as_cp1252("Đồng Lộc"), "NGÃ TƯ Đồng Lộc", id="all-caps-nga-next-to-mojibake"
        ),
        pytest.param(
            "SÃO PAULO " + as_cp1252("thắng đậm"),
            "SÃO PAULO thắng đậm",
            id="portuguese-capital-a-tilde-next-to-mojibake",
        ),
        pytest.param(
            as_cp1252("Ông nói") + " “LÀNG XÃ” " + as_cp1252("rồi đi"),
            "Ông nói “LÀNG XÃ” rồi đi",
            id="xa-before-closing-quote-is-not-o-circumflex",
        ),
        pytest.param(
            as_cp1252("Thời tiết") + " 30°C, © 2024, ½ cốc",
            "Thời tiết 30°C, © 2024, ½ cốc",
            id="latin1-symbols-next-to-mojibake",
        ),
        pytest.param(
            "Giá vàng ½ chỉ, 25°C © Báo Nhân Dân",
            "Giá vàng ½ chỉ, 25°C © Báo Nhân Dân",
            id="latin1-symbols-alone",
        ),
        pytest.param(
            as_cp1252("José Mourinho"), as_cp1252("José Mourinho"), id="foreign-word-alone-kept"
        ),
        pytest.param(
            as_cp1252("Huấn luyện viên José Mourinho"),
            "Huấn luyện viên José Mourinho",
            id="foreign-word-repaired-after-vietnamese-mojibake",
        ),
        pytest.param(
            as_cp1252("Sân bay") + " São Paulo",
            "Sân bay São Paulo",
            id="correct-foreign-name-after-mojibake-kept",
        ),
        pytest.param(
            as_cp1252("Đội tuyển") + " gặp Ägypten",
            "Đội tuyển gặp Ägypten",
            id="german-a-umlaut-next-to-mojibake-kept",
        ),
        pytest.param(
            as_cp1252_dropped("Ông về quê"),
            "Ông vá» quê",
            id="lost-byte-of-e-circumflex-grave-not-guessed",
        ),
        pytest.param(
            as_cp1252_replaced("Ý kiến"),
            "Ã\ufffd kiến",
            id="lost-byte-of-capital-y-acute-not-guessed",
        ),
        pytest.param("Sông Hương mùa thu", "Sông Hương mùa thu", id="unicode-vietnamese-kept"),
    ],
)
def test_repair_mojibake(raw: str, expected: str) -> None:
    assert repair_mojibake(raw).text == expected


@pytest.mark.parametrize(
    ("raw", "assume", "expected"),
    [
        pytest.param(
            as_cp1252("Cây đa đầu làng"), False, Repaired("Cây đa đầu làng", 4, 0), id="words"
        ),
        pytest.param(
            as_cp1252_replaced("Ông về quê"),
            False,
            Repaired("Ông vá»\ufffd quê", 2, 1),
            id="replaced-byte-counted-as-lost",
        ),
        pytest.param(
            as_cp1252("José"),
            False,
            Repaired(as_cp1252("José"), 0, 0),
            id="neutral-alone-not-repaired",
        ),
        pytest.param(
            as_cp1252("José"), True, Repaired("José", 1, 0), id="hint-accepts-neutral-repair"
        ),
        pytest.param("Hà Nội", False, Repaired("Hà Nội", 0, 0), id="nothing-to-repair"),
        pytest.param(
            as_cp1252_dropped("Ông về quê"),
            False,
            Repaired("Ông vá» quê", 2, 1),
            id="dropped-byte-counted-as-lost",
        ),
    ],
)
def test_repair_mojibake_counts(raw: str, assume: bool, expected: Repaired) -> None:
    assert repair_mojibake(raw, assume=assume) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            as_cp1258("Bộ trưởng Tài chính dự hội nghị"),
            "Bộ trưởng Tài chính dự hội nghị",
            id="utf8-read-as-cp1258",
        ),
        pytest.param(as_cp1258("Hà Nội mùa thu"), "Hà Nội mùa thu", id="a-breve-view-of-byte-c3"),
    ],
)
def test_repair_mojibake_cp1258_codec(raw: str, expected: str) -> None:
    assert repair_mojibake(raw, codec="cp1258").text == expected
    # read with the windows-1252 table instead, "Ă" (cp1258 C3) is not a lead byte: not repaired
    assert repair_mojibake(raw).text != expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(as_cp1252("Cần Thơ"), True, id="mojibake"),
        pytest.param(as_cp1252_dropped("Đà"), True, id="lone-a-umlaut-of-lost-d-stroke"),
        pytest.param("Cần Thơ", False, id="unicode-vietnamese"),
        pytest.param("Noël, São Paulo, 25°C", False, id="latin1-text"),
    ],
)
def test_might_have_mojibake(text: str, expected: bool) -> None:
    assert might_have_mojibake(text) is expected
