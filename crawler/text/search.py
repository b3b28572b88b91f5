"""The search key (R10): one spelling per word for matching, never shown or stored as the text.

Case, Unicode compatibility forms, tone-mark convention, tones and accents are all folded:
"Khánh Hoà", "KHÁNH HÒA" and "Khanh Hoa" share the key "khanh hoa". Curly quotes fold to ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

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


class _SetAside(NamedTuple):
    """A decomposed text's ASCII bytes, its marks dropped, and the other non-ASCII characters
    ("đ", "–", "“") each standing aside as a control character meanwhile."""

    raw: bytes
    pairs: list[tuple[str, str]]  # (character, its stand-in)


def _set_aside(decomposed: str) -> _SetAside | None:
    """What `_MARKS.sub("", decomposed)` does, at a third of its cost on Vietnamese text; None
    when there are too many other characters, or controls that could be taken for stand-ins.

    A Vietnamese paragraph has a mark on most syllables, and a substitution per mark is slow.
    An ASCII encoding with errors ignored drops them all at once."""
    others = set(_NOT_ASCII_NOR_MARK.findall(decomposed))
    if len(others) > len(_STAND_INS) or _has_stand_ins(decomposed):
        return None
    pairs = list(zip(others, _STAND_INS, strict=False))
    for other, stand_in in pairs:
        decomposed = decomposed.replace(other, stand_in)
    return _SetAside(decomposed.encode("ascii", "ignore"), pairs)


def _put_back(text: str, pairs: list[tuple[str, str]]) -> str:
    for other, stand_in in pairs:
        text = text.replace(stand_in, other)
    return text


# Whitespace to str.split() that NFKD leaves as it is (it makes the others " ").
_WIDE_SPACES = frozenset("\x85\u1680\u2028\u2029")
_ODD_ASCII_SPACES = (b"\t", b"\x0b", b"\x0c", b"\r")  # the controls among them are stand-ins


def _fold_other(char: str) -> str:
    """A non-ASCII character as the key spells it: casefold, đ -> d, quotes as ASCII."""
    return "".join(_QUOTES.get(c, c) for c in char.casefold().replace("đ", "d"))


def _quick_key(aside: _SetAside) -> str | None:
    """The key of a text whose spacing is already one space between words, or one blank line
    between paragraphs (a record's text): None for any other text.

    The folding is done on the ASCII bytes: the spacing is checked and the blank lines made
    spaces there (a few memchr scans, not a split and join of every word), and the characters
    set aside are folded once each, not where they stand."""
    if any(other in _WIDE_SPACES for other, _ in aside.pairs):
        return None
    raw = aside.raw.replace(b"\n\n", b" ")
    if b"\n" in raw or b"  " in raw or raw[:1] == b" " or raw[-1:] == b" ":
        return None
    if any(space in raw for space in _ODD_ASCII_SPACES):
        return None
    # ASCII folds as lower(), on the bytes; casefold works character by character (unlike
    # lower(), which has a final sigma), so each other character is folded on its own
    return _put_back(raw.lower().decode("ascii"), [(_fold_other(o), s) for o, s in aside.pairs])


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
        decomposed = unicodedata.normalize("NFKD", text)
        aside = _set_aside(decomposed)
        if aside is None:
            key = _MARKS.sub("", decomposed)
        else:
            quick = _quick_key(aside)
            if quick is not None:
                return quick
            key = _put_back(aside.raw.decode("ascii"), aside.pairs)
        key = key.casefold().replace("đ", "d")
    # A dict str.translate costs a lookup per character of non-ASCII text; quotes are few. And a
    # substring test per quote is faster than a regex scan for any of them (4 ns a character).
    if any(quote in key for quote in _QUOTES):
        key = _ANY_QUOTE.sub(lambda m: _QUOTES[m.group()], key)
    return " ".join(key.split())  # str.split() and \s agree on what whitespace is
