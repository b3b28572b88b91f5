"""The search key (R10): one spelling per word for matching, never shown or stored as the text.

Case, Unicode compatibility forms, tone-mark convention, tones and accents are all folded:
"Khánh Hoà", "KHÁNH HÒA" and "Khanh Hoa" share the key "khanh hoa". Curly quotes fold to ASCII.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = {"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"}
_ANY_QUOTE = re.compile("[“”„‟‘’‚‛]")
# Combining marks: the Latin block (all Vietnamese marks), those of Cyrillic, Hebrew, Arabic and
# Devanagari text, and the combining supplement blocks.
_MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0670"
    "\u0900-\u0903\u093a-\u094f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)

# Everything but ASCII and the marks: what an ASCII encoding must not drop.
_NOT_ASCII_NOR_MARK = re.compile("[^\x00-\x7f" + _MARKS.pattern[1:-2] + "]")
# C0 controls stand in for those characters while the text is encoded; normalised text has none.
_STAND_INS = "".join(map(chr, [*range(0x01, 0x09), *range(0x0E, 0x20)]))
_STAND_IN_BYTES = _STAND_INS.encode("ascii")


def _has_stand_ins(text: str) -> bool:
    # On the ASCII bytes, a deletion that shortens them: three times faster than a regex search.
    ascii_bytes = text.encode("ascii", "ignore")
    return len(ascii_bytes.translate(None, _STAND_IN_BYTES)) != len(ascii_bytes)


def _without_marks(decomposed: str) -> str:
    """`_MARKS.sub("", decomposed)`, at a third of its cost on Vietnamese text.

    A Vietnamese paragraph has a mark on most syllables, and a substitution per mark is slow.
    An ASCII encoding with errors ignored drops them all at once; the few other non-ASCII
    characters ("đ", "–", "“") stand aside as control characters meanwhile."""
    others = set(_NOT_ASCII_NOR_MARK.findall(decomposed))
    if len(others) > len(_STAND_INS) or _has_stand_ins(decomposed):
        return _MARKS.sub("", decomposed)
    pairs = list(zip(others, _STAND_INS, strict=False))
    for other, stand_in in pairs:
        decomposed = decomposed.replace(other, stand_in)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    for other, stand_in in pairs:
        ascii_text = ascii_text.replace(stand_in, other)
    return ascii_text


def search_key(text: str, *, accents: bool = False) -> str:
    """Casefolded NFKC text; without `accents`, every mark is removed and đ becomes d.

    With `accents=True` tones and shapes stay ("khánh hòa"); the tone convention must then
    already be one (normalize() does that), since "hoà" and "hòa" differ.
    """
    if accents:
        key = unicodedata.normalize("NFKC", text).casefold()
    else:
        # NFKD does NFKC's folding and the decomposition in one pass; with the marks gone
        # there is nothing left to compose. Đ/đ have no decomposition: folded by hand.
        key = _without_marks(unicodedata.normalize("NFKD", text)).casefold().replace("đ", "d")
    # A dict str.translate costs a lookup per character of non-ASCII text; quotes are few. And a
    # substring test per quote is faster than a regex scan for any of them (4 ns a character).
    if any(quote in key for quote in _QUOTES):
        key = _ANY_QUOTE.sub(lambda m: _QUOTES[m.group()], key)
    return " ".join(key.split())  # str.split() and \s agree on what whitespace is
