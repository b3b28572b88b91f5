"""Page-level decoding: which bytes get re-decoded, and which text nodes a legacy font covers."""

from __future__ import annotations

import pytest

from crawler.extraction.decoding import convert_font_spans, decode_page, font_encoding
from crawler.text.legacy import encode_tcvn3, encode_vni

VIET = "Bà con ở xã vùng cao đón Tết sớm"


@pytest.mark.parametrize(
    ("family", "encoding"),
    [
        pytest.param(".VnTime", "tcvn3", id="vntime-is-tcvn3"),
        pytest.param("'.VnArial', sans-serif", "tcvn3", id="first-family-decides"),
        pytest.param(".VnTimeH", "tcvn3-upper", id="h-suffix-is-the-capitals-font"),
        pytest.param('"VNI-Times"', "vni", id="vni-times"),
        pytest.param("Times New Roman, .VnTime", "", id="unicode-font-first-wins"),
        pytest.param("Arial", "", id="unicode-font"),
    ],
)
def test_font_encoding(family: str, encoding: str) -> None:
    assert font_encoding(family) == encoding


def _view(data: bytes) -> str:
    return data.decode("cp1252")


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        pytest.param(
            f"<p><font face='.VnTime'>{_view(encode_tcvn3(VIET))}</font></p>",
            f'<p><font face=".VnTime">{VIET}</font></p>',
            id="font-face",
        ),
        pytest.param(
            f"<p style='font-family:VNI-Times'>{_view(encode_vni(VIET))}</p>",
            f'<p style="font-family:VNI-Times">{VIET}</p>',
            id="inline-style",
        ),
        pytest.param(
            "<style>.bai{font-family:.VnTime}</style>"
            f"<div class='bai'><b>{_view(encode_tcvn3(VIET))}</b> tail</div>",
            f'<div class="bai"><b>{VIET}</b> tail</div>',
            id="class-rule-inherited-by-children-and-tails",
        ),
        pytest.param(
            f"<div style='font-family:.VnTime'><span style='font-family:Arial'>Hµ</span> "
            f"{_view(encode_tcvn3('Hà'))}</div>",
            '<div style="font-family:.VnTime"><span style="font-family:Arial">Hµ</span> Hà</div>',
            id="unicode-font-inside-resets",
        ),
        pytest.param(
            "<div style='font-family:.VnTime'><script>var a = 'µ';</script>"
            f"{_view(encode_tcvn3('Hà'))}</div>",
            "<div style=\"font-family:.VnTime\"><script>var a = 'µ';</script>Hà</div>",
            id="script-left-alone",
        ),
    ],
)
def test_convert_font_spans(page: str, expected: str) -> None:
    converted, found = convert_font_spans(f"<html><body>{page}</body></html>")
    assert expected in converted
    assert found


def test_page_without_legacy_fonts_is_returned_as_it_is() -> None:
    page = "<html><body><p>Hµ Néi</p></body></html>"
    assert convert_font_spans(page) == (page, set())


UTF8 = f"<html><body><p>Đề án: {VIET}</p></body></html>".encode()


@pytest.mark.parametrize(
    ("body", "declared", "repairs", "decoded"),
    [
        pytest.param(UTF8, "iso-8859-1", ("charset:utf-8",), True, id="utf8-labelled-latin1"),
        pytest.param(UTF8, "windows-1258", ("charset:utf-8",), True, id="utf8-labelled-1258"),
        pytest.param(UTF8, "utf-8", (), False, id="utf8-labelled-utf8"),
        pytest.param(UTF8, None, (), False, id="undeclared-utf8-is-scrapys-job"),
        pytest.param(b"<p>ASCII only</p>", "iso-8859-1", (), False, id="ascii-needs-nothing"),
        pytest.param(b"\xef\xbb\xbf" + UTF8, "iso-8859-1", (), False, id="bom-decides"),
        pytest.param(b"<p>caf\xe9</p>", "iso-8859-1", (), False, id="real-latin1-kept"),
    ],
)
def test_decode_page(
    body: bytes, declared: str | None, repairs: tuple[str, ...], decoded: bool
) -> None:
    result = decode_page(body, declared, lambda: body.decode("cp1252", errors="replace"))
    assert result.repairs == repairs
    assert (result.html is not None) == decoded
    if decoded:
        assert result.html == body.decode("utf-8")
