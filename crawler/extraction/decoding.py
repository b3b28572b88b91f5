"""Page-level decoding (R0, and R1 on font-marked spans): from the raw bytes to the text a reader
saw, before any extraction.

Scrapy decodes a page by its declared charset, falling back on a guess. That loses Vietnamese in
three ways this module repairs:

* UTF-8 served as iso-8859-1/windows-1252 (or windows-1258): Scrapy's cp1252 decoding replaces
  the bytes of Đ ề ọ ỏ Ố ờ with U+FFFD, which no text repair can undo. Such a body that is valid
  UTF-8 is decoded as UTF-8 ("charset:utf-8").
* windows-1258 decodes to base letters plus combining tones; the page is composed to NFC
  ("charset:windows-1258").
* Pre-Unicode font encodings: paragraphs set in ".VnTime" (TCVN3) or "VNI-Times" (VNI) look
  like "Hµ Néi" / "Haø Noäi". Every text node is converted by the font it is displayed in,
  resolved from <font face>, inline `font-family` and class or tag rules in <style> blocks
  ("font:tcvn3", "font:vni"); menus in Unicode fonts on the same page are left alone.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from lxml import etree

from crawler.cleaning.dom import parse_document, to_html
from crawler.text.legacy import CP1252_CHAR, decode_tcvn3, decode_tcvn3_upper, decode_vni

# Single-byte code pages that a UTF-8 body is commonly mislabelled as.
_SINGLE_BYTE = frozenset({"cp1252", "iso8859-1", "ascii", "cp1258"})
# A font declaration whose first family is a legacy one: font-family: ".VnTime", face=VNI-Times,
# searched in the lower-cased bytes. (A bare ".vn" would match every link to a .vn domain.)
_LEGACY_FONT = re.compile(rb"(?:fac|famil)[ey]\s*[=:]\s*(?:&quot;|[\"'])?\s*(?:\.vn|vni[-_ ])")
_FONT_FAMILY = re.compile(r"font-family\s*:\s*([^;}]+)", re.IGNORECASE)
_CSS_RULE = re.compile(r"([^{}]+)\{([^}]*)\}")


class Decoded(NamedTuple):
    html: str | None  # the page as the reader saw it; None when Scrapy's decoding is right
    repairs: tuple[str, ...]  # "charset:utf-8", "charset:windows-1258", "font:tcvn3", "font:vni"


def codec_name(label: str | None) -> str | None:
    """Python's name for a charset label ("ISO-8859-1" -> "iso8859-1"), None if unknown."""
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def has_legacy_font(body: bytes) -> bool:
    """Whether the page declares a TCVN3 (.Vn…) or VNI font anywhere."""
    return _LEGACY_FONT.search(body.lower()) is not None


def cp1252_view(body: bytes) -> str:
    """Bytes as windows-1252 the way browsers show it: every byte one character, none lost (the
    five holes 0x81 0x8D 0x8F 0x90 0x9D become C1 controls, which mojibake repair can read)."""
    return body.decode("latin-1").translate(_C1_TO_CP1252)


_C1_TO_CP1252 = {b: ord(CP1252_CHAR[b]) for b in range(0x80, 0xA0)}


def decode_page(body: bytes, declared: str | None, scrapy_text: Callable[[], str]) -> Decoded:
    """Decode an HTML page from its bytes.

    `declared` is the charset from the HTTP header or the page's <meta>, None when there is none;
    `scrapy_text` gives Scrapy's own decoding, used when it is right.
    """
    codec = codec_name(declared)
    fonts_declared = has_legacy_font(body)
    repairs: list[str] = []
    text: str | None = None
    if body.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        pass  # a byte-order mark decides, and Scrapy reads it
    elif codec in _SINGLE_BYTE and not body.isascii() and _is_utf8(body):
        text = body.decode("utf-8")
        repairs.append("charset:utf-8")
    elif codec == "cp1258" and not body.isascii():
        text = unicodedata.normalize("NFC", body.decode("cp1258", errors="replace"))
        repairs.append("charset:windows-1258")
    elif codec in (None, "cp1252", "iso8859-1") and fonts_declared and not _is_utf8(body):
        # Legacy-font pages: the bytes under windows-1252, as the page's author saw them before
        # the font drew them. Undeclared ones are not left to charset guessing.
        text = cp1252_view(body)
    if fonts_declared:
        page = text if text is not None else scrapy_text()
        converted, fonts = convert_font_spans(page)
        if fonts:
            text = converted
            repairs.extend(f"font:{font}" for font in sorted(fonts))
    return Decoded(text, tuple(repairs))


# -- fonts ------------------------------------------------------------------------------------

_DECODE_FONT: dict[str, Callable[[str], str]] = {
    "tcvn3": decode_tcvn3,
    "tcvn3-upper": decode_tcvn3_upper,
    "vni": decode_vni,
}


def font_encoding(family: str) -> str:
    """The legacy encoding a font family draws, from its first name; "" for a Unicode font.

    ".VnTime", ".VnArial" -> tcvn3; ".VnTimeH" (capitals font) -> tcvn3-upper; "VNI-Times" -> vni.
    """
    first = family.split(",")[0].strip().strip("\"'").strip().lower()
    if first.startswith(".vn"):
        return "tcvn3-upper" if first.endswith("h") else "tcvn3"
    if first.startswith(("vni-", "vni_", "vni ")):
        return "vni"
    return ""  # a named Unicode font: it ends any legacy font inherited from above


def convert_font_spans(page: str) -> tuple[str, set[str]]:
    """Convert every text node displayed in a TCVN3 or VNI font; return the page and the
    encodings found ("tcvn3", "vni")."""
    doc = parse_document(page)
    rules = _style_rules(doc)
    found: set[str] = set()

    def walk(element: etree._Element, inherited: str | None) -> None:
        if element.tag in ("script", "style"):
            return
        own = _element_font(element, rules)
        font = inherited if own is None else (own or None)
        if element.text and font:
            element.text = _DECODE_FONT[font](element.text)
            found.add(font.removesuffix("-upper"))
        for child in element:
            if isinstance(child.tag, str):
                walk(child, font)
            if child.tail and font:
                child.tail = _DECODE_FONT[font](child.tail)
                found.add(font.removesuffix("-upper"))

    walk(doc, None)
    if not found:
        return page, found
    return "<!DOCTYPE html>\n" + to_html(doc), found


def _style_rules(doc: etree._Element) -> dict[str, str]:
    """`font-family` of simple rules in <style> blocks: ".cls", "tag", "tag.cls" -> encoding."""
    rules: dict[str, str] = {}
    for style in doc.iter("style"):
        for selectors, body in _CSS_RULE.findall(style.text or ""):
            family = _FONT_FAMILY.search(body)
            if not family:
                continue
            encoding = font_encoding(family.group(1))
            for selector in selectors.split(","):
                key = selector.strip().split()[-1] if selector.strip() else ""
                if key:
                    rules[key.lower()] = encoding
    return rules


def _element_font(element: etree._Element, rules: dict[str, str]) -> str | None:
    """The encoding this element's own font declaration sets: None when it declares none, ""
    for a Unicode font."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    style = element.get("style") or ""
    family = _FONT_FAMILY.search(style)
    if family:
        return font_encoding(family.group(1))
    if tag == "font" and element.get("face"):
        return font_encoding(element.get("face") or "")
    for cls in (element.get("class") or "").split():
        for key in (f"{tag}.{cls.lower()}", f".{cls.lower()}"):
            if key in rules:
                return rules[key]
    return rules.get(tag)
