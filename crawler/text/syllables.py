"""The Vietnamese syllable: letters split into base and tone, a parser, and where the tone goes.

`syllable = onset? + nucleus + coda?` with the tone mark on one nucleus letter (SPEC §10.1).
Everything here works on one letter run ("Nguyễn", "HÒA"); callers find the runs.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Tone marks as combining characters; "" is the level tone (thanh ngang).
GRAVE, ACUTE, HOOK, TILDE, DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
TONE_MARKS = (GRAVE, ACUTE, HOOK, TILDE, DOT)
SHAPE_MARKS = ("\u0302", "\u0306", "\u031b")  # circumflex, breve, horn

# The twelve vowel letters as they stand before a tone is added.
VOWELS = "aăâeêioôơuưy"
CONSONANTS = "bcdđghklmnpqrstvx"

LETTER_RUN = re.compile(r"[^\W\d_]+")  # a run of letters: where a syllable is looked for
WORD_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")  # punctuation and digits around a word


def _build_tables() -> tuple[dict[str, tuple[str, str]], dict[tuple[str, str], str]]:
    split: dict[str, tuple[str, str]] = {}
    join: dict[tuple[str, str], str] = {}
    for base in VOWELS + VOWELS.upper():
        for tone in ("", *TONE_MARKS):
            letter = unicodedata.normalize("NFC", base + tone)
            split[letter] = (base, tone)
            join[base, tone] = letter
    return split, join


# "ế" -> ("ê", ACUTE); ("ê", ACUTE) -> "ế": the 12 vowels under 6 tones, in both cases (144).
SPLIT, JOIN = _build_tables()
VIETNAMESE_LETTERS = frozenset(SPLIT) | frozenset(CONSONANTS + CONSONANTS.upper())

ONSETS = tuple(
    sorted(
        "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x".split(),
        key=len,
        reverse=True,
    )
)
CODAS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})


class Nucleus(NamedTuple):
    open_old: int | None  # tone index without a coda, old style (None: needs a coda)
    open_new: int | None  # the same, new style; differs only for oa, oe, uy
    closed: int | None  # tone index with a coda (None: takes no coda)


def _nuclei() -> dict[str, Nucleus]:
    table: dict[str, Nucleus] = {}
    for v in VOWELS:  # single vowels: má, tắc, kỹ
        table[v] = Nucleus(0, 0, 0)
    for n in "ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưi ưu ua ưa".split():  # hái, đạo, của
        table[n] = Nucleus(0, 0, None)
    for n in ("oa", "oe", "uy"):  # hòa/hoà, khỏe/khoẻ, thủy/thuỷ; hoàn, khoét, huỳnh
        table[n] = Nucleus(0, 1, 1)
    table["oo"] = Nucleus(None, None, 1)  # xoong, soóc
    for n in ("iê", "yê", "uô", "ươ", "uâ", "oă"):  # tiếng, yến, muốn, người, tuần, hoặc
        table[n] = Nucleus(None, None, 1)
    for n in ("uê", "uơ"):  # thuế, huệ, thuở
        table[n] = Nucleus(1, 1, 1)
    for n in "iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyu".split():  # hiểu, ngoài, rượu
        table[n] = Nucleus(1, 1, None)
    table["uyê"] = Nucleus(None, None, 2)  # thuyết, nguyễn
    return table


NUCLEI = _nuclei()


class Syllable(NamedTuple):
    onset: str
    nucleus: str
    coda: str


def parse(bare: str) -> Syllable | None:
    """Parse a lowercase, toneless letter run; None when it is not a Vietnamese syllable."""
    onset = ""
    for candidate in ONSETS:
        if bare.startswith(candidate):
            onset = candidate
            break
    rest = bare[len(onset) :]
    if onset == "qu" and (not rest or rest[0] not in VOWELS):
        return None
    if onset == "gi" and (not rest or rest[0] not in VOWELS):
        onset, rest = "g", bare[1:]  # gì, gìn: the i is the vowel
    end = 0
    while end < len(rest) and rest[end] in VOWELS:
        end += 1
    nucleus, coda = rest[:end], rest[end:]
    if not nucleus or coda not in CODAS or nucleus not in NUCLEI:
        return None
    if NUCLEI[nucleus].closed is None and coda:
        return None
    if NUCLEI[nucleus].open_old is None and not coda:
        return None
    return Syllable(onset, nucleus, coda)


def tone_index(syllable: Syllable, style: str) -> int:
    """Index, in the whole run, of the letter that carries the tone in `style` ("old" or "new")."""
    rule = NUCLEI[syllable.nucleus]
    open_index = rule.open_new if style == "new" else rule.open_old
    index = rule.closed if syllable.coda else open_index
    assert index is not None  # parse() only accepts nucleus/coda pairs the table allows
    return len(syllable.onset) + index


class Retoned(NamedTuple):
    run: str
    change: str | None  # "moved" (misplaced tone repaired), "style" (convention), "conflict" (left)


@lru_cache(maxsize=1 << 16)
def retone(run: str, style: str) -> Retoned:
    """Put the tone of one letter run where `style` wants it ("old", "new" or "keep").

    Runs that are not a Vietnamese syllable (café, José, iPhone, HoàBình) are returned as they
    are. Two different tones on one run cannot be resolved (tìến: tiền or tiến?) and are left.
    """
    letters = [SPLIT.get(ch) for ch in run]
    tones = {(i, parts[1]) for i, parts in enumerate(letters) if parts is not None and parts[1]}
    if not tones or any(ch not in VIETNAMESE_LETTERS for ch in run):
        return Retoned(run, None)
    if _mixed_case(run):
        return Retoned(run, None)
    if len({tone for _, tone in tones}) > 1:
        return Retoned(run, "conflict")
    tone = next(iter(tones))[1]
    bases = [parts[0] if parts is not None else ch for ch, parts in zip(run, letters, strict=True)]
    syllable = parse("".join(bases).lower())
    if syllable is None:
        return Retoned(run, None)
    positions = {i for i, _ in tones}
    old, new = tone_index(syllable, "old"), tone_index(syllable, "new")
    if len(positions) == 1:
        (current,) = positions
        if style == "keep" and current in (old, new):
            return Retoned(run, None)
        target = new if style == "new" else old
        if current == target:
            return Retoned(run, None)
        change = "style" if current in (old, new) else "moved"
    else:  # the same tone typed twice (dàì): one copy, in the right place
        target = new if style == "new" else old
        change = "moved"
    out = list(bases)
    out[target] = JOIN[bases[target], tone]
    return Retoned("".join(out), change)


def _mixed_case(run: str) -> bool:
    """iPhone, YouTube, HoàBình: an upper-case letter after a lower-case one."""
    seen_lower = False
    for ch in run:
        if ch.islower():
            seen_lower = True
        elif seen_lower and ch.isupper():
            return True
    return False


@lru_cache(maxsize=1 << 16)
def is_syllable(run: str) -> bool:
    """True when a letter run, with or without a tone, is a Vietnamese syllable."""
    bases: list[str] = []
    tones = 0
    for ch in run.lower():
        parts = SPLIT.get(ch)
        if parts is None:
            if ch not in VIETNAMESE_LETTERS:
                return False
            bases.append(ch)
        else:
            bases.append(parts[0])
            tones += bool(parts[1])
    return tones <= 1 and parse("".join(bases)) is not None
