"""Pre-Unicode Vietnamese encodings (R1): TCVN3 (ABC), VNI-Windows, VIQR and Windows-1258.

Legacy text reaches us as the characters a browser shows for its bytes under windows-1252
("Hµ Néi" for "Hà Nội"); every decoder here maps that view back to Unicode. Which encoding a
span is in comes from a font hint (`.VnTime`, `VNI-Times`), a declared charset, an explicit
hint, or `detect()`, which scores candidates by how many tokens become Vietnamese syllables.

Tables: UniKey/VnConv conversion data (fcitx5-unikey `unikey/data.cpp`), checked against
../shared/normalisation/legacy-tables.json by tests/text/test_legacy.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from crawler.text.syllables import LETTER_RUN, SPLIT, VIETNAMESE_LETTERS, WORD_EDGES, is_syllable


def _cp1252_view() -> tuple[dict[str, int], dict[int, str]]:
    """Byte <-> character under windows-1252 as browsers use it (the 5 holes pass through)."""
    to_byte: dict[str, int] = {}
    to_char: dict[int, str] = {}
    for byte in range(0x80, 0x100):
        try:
            char = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            char = chr(byte)  # 0x81 0x8D 0x8F 0x90 0x9D: WHATWG keeps them as C1 controls
        to_byte[char] = byte
        to_char[byte] = char
    for byte in range(0x80, 0xA0):  # text decoded as latin-1 shows C1 controls instead
        to_byte.setdefault(chr(byte), byte)
    return to_byte, to_char


CP1252_BYTE, CP1252_CHAR = _cp1252_view()

# TCVN3: one byte per letter. Capitals with tones do not exist: they were typed with the
# lower-case code in a capitals font (".VnTimeH"), so such a span is upper-cased after decoding.
_TCVN3_VIEW = "¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞßáâãäåæçèéêëìíîïñòóôõö÷øùúûüýþ"
_TCVN3_CHAR = "ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
TCVN3 = dict(zip(_TCVN3_VIEW, _TCVN3_CHAR, strict=True))
_TCVN3_TABLE = str.maketrans(TCVN3)

# VNI-Windows: an ASCII base letter followed by a mark byte, or one byte for đ ơ ư and toned i/ỵ.
_VNI_PAIRS = (
    "AÀ=Ầ AÁ=Ấ AÂ=Â AÃ=Ẫ AÄ=Ậ AÅ=Ẩ AÈ=Ằ AÉ=Ắ AÊ=Ă AË=Ặ AÏ=Ạ AÕ=Ã AØ=À AÙ=Á AÚ=Ẳ AÛ=Ả AÜ=Ẵ "
    "EÀ=Ề EÁ=Ế EÂ=Ê EÃ=Ễ EÄ=Ệ EÅ=Ể EÏ=Ẹ EÕ=Ẽ EØ=È EÙ=É EÛ=Ẻ "
    "OÀ=Ồ OÁ=Ố OÂ=Ô OÃ=Ỗ OÄ=Ộ OÅ=Ổ OÏ=Ọ OÕ=Õ OØ=Ò OÙ=Ó OÛ=Ỏ "
    "UÏ=Ụ UÕ=Ũ UØ=Ù UÙ=Ú UÛ=Ủ YÕ=Ỹ YØ=Ỳ YÙ=Ý YÛ=Ỷ "
    "aà=ầ aá=ấ aâ=â aã=ẫ aä=ậ aå=ẩ aè=ằ aé=ắ aê=ă aë=ặ aï=ạ aõ=ã aø=à aù=á aú=ẳ aû=ả aü=ẵ "
    "eà=ề eá=ế eâ=ê eã=ễ eä=ệ eå=ể eï=ẹ eõ=ẽ eø=è eù=é eû=ẻ "
    "oà=ồ oá=ố oâ=ô oã=ỗ oä=ộ oå=ổ oï=ọ oõ=õ oø=ò où=ó oû=ỏ "
    "uï=ụ uõ=ũ uø=ù uù=ú uû=ủ yõ=ỹ yø=ỳ yù=ý yû=ỷ "
    "Æ=Ỉ Ì=Ì Í=Í Î=Ỵ Ñ=Đ Ò=Ị Ó=Ĩ Ô=Ơ ÔÏ=Ợ ÔÕ=Ỡ ÔØ=Ờ ÔÙ=Ớ ÔÛ=Ở Ö=Ư ÖÏ=Ự ÖÕ=Ữ ÖØ=Ừ ÖÙ=Ứ ÖÛ=Ử "
    "æ=ỉ ì=ì í=í î=ỵ ñ=đ ò=ị ó=ĩ ô=ơ ôï=ợ ôõ=ỡ ôø=ờ ôù=ớ ôû=ở ö=ư öï=ự öõ=ữ öø=ừ öù=ứ öû=ử"
)
VNI = dict(pair.split("=") for pair in _VNI_PAIRS.split())
# Longest match first: "oâ" is ô, but "ô" alone is ơ and "ôù" is ớ.
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(VNI, key=len, reverse=True)))

# VIQR (RFC 1456): vowel, then shape ( ^ +, then tone ' ` ? ~ . ; DD/dd for Đ/đ.
_VIQR_SHAPE = {"(": "\u0306", "^": "\u0302", "+": "\u031b"}
_VIQR_TONE = {"'": "\u0301", "`": "\u0300", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
_VIQR_RE = re.compile(
    r"\\(?P<escaped>[(^+'`?~.])"
    r"|(?P<d>DD|Dd|dd)"
    r"|(?P<vowel>[aeiouyAEIOUY])(?P<shape>[(^+]?)(?P<tone>[`~]|['?.](?=[^\W\d_])|'(?![^\W\d_]))?"
)
_VIQR_SHAPE_OK = {"(": "aA", "^": "aeoAEO", "+": "ouOU"}


def decode_tcvn3(text: str) -> str:
    """TCVN3 / ABC (.VnTime) seen through windows-1252 -> Unicode ("Hµ Néi" -> "Hà Nội")."""
    return text.translate(_TCVN3_TABLE)


def decode_tcvn3_upper(text: str) -> str:
    """TCVN3 typed in a capitals font (.VnTimeH): decode, then upper-case."""
    return decode_tcvn3(text).upper()


def decode_vni(text: str) -> str:
    """VNI-Windows seen through windows-1252 -> Unicode ("Haø Noäi" -> "Hà Nội")."""
    return _VNI_RE.sub(lambda m: VNI[m.group()], text)


def decode_viqr(text: str) -> str:
    """VIQR mnemonics -> Unicode ("Vie^.t Nam" -> "Việt Nam").

    A "." or "?" that ends a word is punctuation, not a tone; "\\" escapes a mark.
    """

    def one(m: re.Match[str]) -> str:
        if m.group("escaped"):
            return m.group("escaped")
        if m.group("d"):
            return "Đ" if m.group("d")[0] == "D" else "đ"
        vowel, shape, tone = m.group("vowel"), m.group("shape"), m.group("tone") or ""
        if shape and vowel not in _VIQR_SHAPE_OK[shape]:
            return m.group()
        marks = _VIQR_SHAPE.get(shape, "") + _VIQR_TONE.get(tone, "")
        return unicodedata.normalize("NFC", vowel + marks) if marks else m.group()

    return _VIQR_RE.sub(one, text)


_CP1252_RUN = re.compile("[" + re.escape("".join(CP1252_BYTE)) + "]+")


def decode_cp1258(text: str) -> str:
    """Windows-1258 bytes seen through windows-1252 -> Unicode ("Viêòt" -> "Việt")."""

    def run(m: re.Match[str]) -> str:
        raw = bytes(CP1252_BYTE[ch] for ch in m.group())
        return raw.decode("cp1258", errors="replace").replace("\ufffd", "")

    # Only the non-ASCII runs carry cp1258 bytes; ASCII means the same in both code pages.
    return unicodedata.normalize("NFC", _CP1252_RUN.sub(run, text))


DECODERS: dict[str, Callable[[str], str]] = {
    "tcvn3": decode_tcvn3,
    "tcvn3-upper": decode_tcvn3_upper,
    "vni": decode_vni,
    "viqr": decode_viqr,
    "cp1258-as-1252": decode_cp1258,
}

# What `detect()` may pick without a hint. VIQR is plain ASCII, indistinguishable from
# punctuation in ordinary text, so it is converted only when a caller says so.
DETECTABLE = ("tcvn3", "vni", "cp1258-as-1252")

# Characters that Unicode Vietnamese text does not contain but legacy text shows in droves
# (µ ¸ § for TCVN3, ø ä ï for VNI), and a cp1258 tone byte (Ì ì Ò Þ ò) right after a vowel.
# Bytes 0x80-0xA0 are punctuation in every one of these encodings (and common in Unicode text).
_SUSPECT = re.compile(
    "["
    + "".join(sorted(c for c, b in CP1252_BYTE.items() if b > 0xA0 and c not in VIETNAMESE_LETTERS))
    + "]"
)
_CP1258_TONE = re.compile("[ÌìÒÞò]")  # counts only right after a vowel (see looks_legacy)
_VOWEL_BEFORE_TONE = frozenset("aeiouyâêôăAEIOUYÂÊÔĂ")

MIN_TOKENS = 5  # shorter spans do not carry enough evidence to convert without a hint
MIN_SHARE = 0.8  # share of tokens that must be Vietnamese syllables after conversion
MIN_GAIN = 0.3  # ... and by how much conversion must beat the text as it is


class Detected(NamedTuple):
    encoding: str | None  # a key of DECODERS, or None when the span is left as it is
    text: str


def syllable_share(text: str) -> tuple[float, int]:
    """Share of word tokens whose letter runs are all Vietnamese syllables, and the token count."""
    tokens = [WORD_EDGES.sub("", t) for t in text.split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return 0.0, 0
    good = sum(all(is_syllable(run) for run in LETTER_RUN.findall(t)) for t in tokens)
    return good / len(tokens), len(tokens)


def looks_legacy(text: str, minimum: int = 3) -> bool:
    """Cheap pre-check: at least `minimum` characters that only legacy text would show."""
    # Two single-class scans: an alternation of both would be several times slower.
    count = len(_SUSPECT.findall(text))
    if count >= minimum:
        return True
    for m in _CP1258_TONE.finditer(text):
        if m.start() and text[m.start() - 1] in _VOWEL_BEFORE_TONE:
            count += 1
            if count >= minimum:
                return True
    return False


def detect(text: str, candidates: tuple[str, ...] = DETECTABLE) -> Detected:
    """Decode-and-score (SPEC §4.6): convert a span only when the result is clearly Vietnamese."""
    if not looks_legacy(text):
        return Detected(None, text)
    base, tokens = syllable_share(text)
    if tokens < MIN_TOKENS:
        return Detected(None, text)
    best = Detected(None, text)
    best_share = base
    for name in candidates:
        converted = DECODERS[name](text)
        share, _ = syllable_share(converted)
        if share > best_share:
            best, best_share = Detected(name, converted), share
    if best.encoding and best_share >= MIN_SHARE and best_share - base >= MIN_GAIN:
        return best
    return Detected(None, text)


# -- encoders, for writing test pages and fixtures in legacy encodings ------------------------

_TCVN3_ENCODE = {char: view for view, char in TCVN3.items()}
_VNI_ENCODE = {char: view for view, char in VNI.items()}


def encode_tcvn3(text: str) -> bytes:
    """Unicode -> TCVN3 bytes. Toned capitals have no code: they are written in lower case."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        view = _TCVN3_ENCODE.get(ch) or _TCVN3_ENCODE.get(ch.lower())
        out += bytes([CP1252_BYTE[view]]) if view else ch.encode("cp1252")
    return bytes(out)


def encode_vni(text: str) -> bytes:
    """Unicode -> VNI-Windows bytes."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        view = _VNI_ENCODE.get(ch)
        if view is None:
            out += ch.encode("cp1252")
        else:
            out += bytes(CP1252_BYTE.get(c, ord(c)) for c in view)
    return bytes(out)


def encode_cp1258(text: str) -> bytes:
    """Unicode -> Windows-1258 bytes: base letter (with its shape) plus a combining tone byte."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, tone = SPLIT[ch]  # "ệ" -> "ê" + dot below: cp1258 has no precomposed toned ê
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)
