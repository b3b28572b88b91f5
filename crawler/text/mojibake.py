"""UTF-8 read as a Western code page (R2): "Viá»‡t" -> "Việt", "Ä‘Ã£" -> "đã".

Repairs are made word by word, never on a whole string: correct text next to mojibake
("Thanh Hoá” Ä‘Ã£") must come out untouched, which whole-string decoders (ftfy included) get
wrong. A word is repaired only when the repair turns it into Vietnamese syllables; once a text
has shown real mojibake, words whose repair is neutral (foreign names) are repaired too.
Double encoding is undone up to three layers.

Lost bytes: strict cp1252 decoders drop or replace 0x81 0x8D 0x8F 0x90 0x9D. "Ä" + lost can
only be Đ (C4 90); "á»" + lost could be five letters (về vọ vỏ vỐ vờ), so it is left and flagged.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from crawler.text.legacy import CP1252_BYTE
from crawler.text.syllables import LETTER_RUN, WORD_EDGES, is_syllable

LOST = "\ufffd"  # what a decoder with errors="replace" leaves for a byte it could not map

_MOJI_CHARS = "".join(CP1252_BYTE) + LOST
# A lead byte (C2-F4 in the windows-1252 view) followed by a continuation byte (80-BF):
# the shape of every UTF-8 multi-byte sequence; or "Ä" followed by a lost byte.
_LEADS = "".join(c for c, b in CP1252_BYTE.items() if 0xC2 <= b <= 0xF4)
_CONTINUATIONS = "".join(c for c, b in CP1252_BYTE.items() if 0x80 <= b <= 0xBF)
# Starts with a character class so that the regex engine skips ahead quickly ("Ä" is a lead).
_HINT = re.compile(f"[{re.escape(_LEADS)}](?:[{re.escape(_CONTINUATIONS)}{LOST}]|(?<=Ä))")
_WORD = re.compile(r"[^ \t\n]+")
_MOJI_RUN = re.compile(f"[{re.escape(_MOJI_CHARS)}]+")
_CLOSERS = "”’»"
_LOST_D = re.compile(f"(?<![^\\W\\d_])Ä{LOST}?(?P<rest>[^\\W\\d_]*)")


class Repaired(NamedTuple):
    text: str
    words: int  # words repaired
    lost: int  # words left with an unrecoverable lost byte


def might_have_mojibake(text: str) -> bool:
    return _HINT.search(text) is not None


def repair_mojibake(text: str, *, codec: str = "cp1252", assume: bool = False) -> Repaired:
    """Repair UTF-8 mojibake word by word.

    `codec` is the code page the UTF-8 was wrongly read with: "cp1252" (also covers latin-1)
    or "cp1258". `assume=True` (a "mojibake" hint) accepts neutral repairs from the start.
    """
    if codec == "cp1252" and not might_have_mojibake(text):
        return Repaired(text, 0, 0)
    if codec == "cp1258":
        spans = [m.span() for m in _WORD.finditer(text)]
    else:  # only words with a lead byte before a continuation byte can hold cp1252 mojibake
        spans = _words_around(text, [m.start() for m in _HINT.finditer(text)])
    if not spans:
        return Repaired(text, 0, 0)
    fixes: dict[int, tuple[str, int]] = {}  # word index -> (repaired word, gain)
    for i, (start, end) in enumerate(spans):
        word = text[start:end]
        fixed = _fix_word(word, codec)
        if fixed != word:
            fixes[i] = (fixed, _score(fixed) - _score(word))
    confirmed = assume or any(gain > 0 for _, gain in fixes.values())
    out: list[str] = []
    last = repaired = lost = 0
    for i, (start, end) in enumerate(spans):
        word = text[start:end]
        if i in fixes and (fixes[i][1] > 0 or (confirmed and fixes[i][1] == 0)):
            word = fixes[i][0]
            repaired += 1
        if confirmed and (LOST in word or _HINT.search(word)):
            lost += 1  # still a lead byte before a continuation, or a replacement character
        out.append(text[last:start])
        out.append(word)
        last = end
    out.append(text[last:])
    return Repaired("".join(out), repaired, lost)


def _words_around(text: str, positions: list[int]) -> list[tuple[int, int]]:
    """The whitespace-delimited words holding `positions` (sorted), each once."""
    spans: list[tuple[int, int]] = []
    for position in positions:
        if spans and position < spans[-1][1]:
            continue
        start = max(text.rfind(" ", 0, position), text.rfind("\t", 0, position))
        start = max(start, text.rfind("\n", 0, position)) + 1
        ends = [i for i in (text.find(c, position) for c in " \t\n") if i >= 0]
        spans.append((start, min(ends, default=len(text))))
    return spans


def _score(word: str) -> int:
    """1 for a word that is Vietnamese syllables only (edge punctuation aside), else 0; mojibake
    inside a word ("Ná»‘i") splits it into letter runs that would parse on their own."""
    core = WORD_EDGES.sub("", word)
    if not core or not all(ch.isalpha() or ch in "-'’" for ch in core):
        return 0
    return int(all(is_syllable(run) for run in LETTER_RUN.findall(core)))


def _fix_word(word: str, codec: str) -> str:
    if codec == "cp1258":
        try:
            return word.encode("cp1258").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return word
    for _ in range(3):  # double and triple encoding peel off one layer per pass
        fixed = _peel(word)
        if fixed == word:
            break
        word = fixed
    return _LOST_D.sub(_lost_d, word)


def _lost_d(m: re.Match[str]) -> str:
    """C4 + a lost 0x90 ("Ä", "Ä\ufffd") is Đ, the only Vietnamese letter starting with C4,
    when the rest then reads as a syllable (Đảng); German "Ägypten" stays."""
    candidate = "Đ" + m.group("rest")
    return candidate if is_syllable(candidate) else m.group()


def _peel(word: str) -> str:
    return _MOJI_RUN.sub(lambda m: _decode_run(m.group(), _letter_after(word, m.end())), word)


def _letter_after(word: str, end: int) -> bool:
    return end < len(word) and word[end].isalpha()


def _decode_run(run: str, letter_after: bool) -> str:
    """Decode the UTF-8 sequences inside one run of windows-1252 characters; keep the rest."""
    data = [CP1252_BYTE.get(ch) for ch in run]  # None marks a lost byte
    out: list[str] = []
    i = 0
    while i < len(run):
        byte = data[i]
        size = _sequence_length(byte)
        chunk = data[i : i + size]
        if size > 1 and len(chunk) == size and all(_is_continuation(b) for b in chunk[1:]):
            char = bytes(b for b in chunk if b is not None).decode("utf-8", errors="replace")
            if _plausible(char) and not _legit_before_closer(run, i, size, letter_after):
                out.append(char)
                i += size
                continue
        out.append(run[i])
        i += 1
    return "".join(out)


def _plausible(char: str) -> bool:
    """What UTF-8 mojibake of Vietnamese decodes to: Latin letters (Vietnamese ones live in
    Latin-1, Extended-A/B and Extended Additional), punctuation, currency signs, and the
    windows-1252 characters and C1 controls a second layer of encoding is made of. Anything
    else (Cyrillic, Thaana, Canadian syllabics, a combining mark) was never UTF-8."""
    if len(char) != 1:  # not one valid sequence: the decoder gave replacement characters
        return False
    code = ord(char)
    return (
        0x80 <= code <= 0x24F  # C1 controls too: the middle layer of double encoding has them
        or char in "\u02c6\u02dc\u2122"
        or 0x1E00 <= code <= 0x1EFF
        or 0x2010 <= code <= 0x206F
        or 0x20A0 <= code <= 0x20CF
    )


def _sequence_length(byte: int | None) -> int:
    if byte is None:
        return 0
    if 0xC2 <= byte <= 0xDF:
        return 2
    if 0xE0 <= byte <= 0xEF:
        return 3
    if 0xF0 <= byte <= 0xF4:
        return 4
    return 0


def _is_continuation(byte: int | None) -> bool:
    return byte is not None and 0x80 <= byte <= 0xBF


def _legit_before_closer(run: str, start: int, size: int, letter_after: bool) -> bool:
    """ "XÃ”" is the word XÃ before a closing quote, not mojibake of "XÔ": a two-character
    sequence that ends the word with a closing quote is left alone."""
    ends_word = start + size == len(run) and not letter_after
    return size == 2 and ends_word and run[start + 1] in _CLOSERS
