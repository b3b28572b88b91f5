"""The character-level steps (R3-R8). Each is pure and idempotent, and says which characters it
changes. Rule numbers and section numbers refer to ../shared/normalisation/SPEC.md."""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from functools import lru_cache

from crawler.text.syllables import (
    CONSONANTS,
    LETTER_RUN,
    SHAPE_MARKS,
    TONE_MARKS,
    is_syllable,
    retone,
)

# URLs and e-mail addresses are left to themselves by R6-R8 (SPEC §11).
_PROTECTED = re.compile(
    r"(?:https?://|www\.)[^\s<>\"“”]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE
)


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """The spans of `_PROTECTED.finditer(text)`, found without running the regex at every
    position: it tries an address at each letter, 0.1 to 0.4 ms on a page's text.

    A match can only start at "http://", "https://" or "www." (in any case), or inside the run
    of address characters before an "@". Left to right from where the last match ended, as
    finditer goes, the regex is tried at the next such place only."""
    if "://" not in text and "www." not in text and "@" not in text:
        return []
    lowered = text.lower()
    # A letter whose lower case is longer ("İ") moves the positions, and the regex takes "ſ" for
    # an "s" in "https" where lower() does not: such texts are left to the regex.
    if len(lowered) != len(text) or "ſ" in text:
        return [m.span() for m in _PROTECTED.finditer(text)]
    links = sorted(
        {at - len(s) for at in _all(lowered, "://") for s in _SCHEMES if lowered.endswith(s, 0, at)}
        | set(_all(lowered, "www."))
    )
    addresses = []  # (where the run of address characters before an "@" starts, the "@")
    for at in _all(text, "@"):
        start = at
        while start and _ADDRESS_CHAR.match(text, start - 1):
            start -= 1
        if start < at:
            addresses.append((start, at))
    spans: list[tuple[int, int]] = []
    position = link = address = 0  # finditer's position; the next link and address to try
    while True:
        while link < len(links) and links[link] < position:
            link += 1
        while address < len(addresses) and addresses[address][1] <= position:
            address += 1
        places = links[link : link + 1]
        if address < len(addresses):
            places.append(max(addresses[address][0], position))
        if not places:
            return spans
        start = min(places)
        match = _PROTECTED.match(text, start)
        if match:
            spans.append(match.span())
            position = match.end()
        else:
            position = start + 1


_SCHEMES = ("http", "https")
_ADDRESS_CHAR = re.compile(r"[\w.+-]")  # what the part of an address before its "@" is made of


def _all(text: str, needle: str) -> list[int]:
    """Every position of `needle` in `text`, overlapping ones included."""
    found = []
    at = text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    return any(start <= position < end for start, end in spans)


# -- R3 character references ------------------------------------------------------------------

# Only complete references: "&name;", "&#NNN;", "&#xHH;". html.unescape() on a whole string would
# also read "&para=2" and "&copy 2024" the HTML5-legacy way, without the semicolon.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# A CMS typographer (WordPress, SmartyPants) writes a typed "..." as &hellip;; such a reference
# goes back to what the author typed. A literal "…" in the page is kept as it is.
_ELLIPSIS_REFERENCES = frozenset({"&hellip;", "&#8230;", "&#x2026;", "&#X2026;"})


def decode_references(text: str) -> str:
    """ "&amp;" -> "&", "&#7879;" -> "ệ", "&#150;" -> "–", until none is left (double escaping)."""
    if "&" not in text:
        return text
    while True:
        decoded = _REFERENCE.sub(_one_reference, text)
        if decoded == text:
            return text
        text = decoded


def _one_reference(m: re.Match[str]) -> str:
    reference = m.group()
    if reference.lower() in _ELLIPSIS_REFERENCES:
        return "..."
    return html.unescape(reference)


# -- R4 spaces, line breaks and invisible characters --------------------------------------------

SPACE_CHARS = "\t\x0b\x0c\r\x85\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACES = re.compile("[\t\x0b\x0c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u0085]")


def map_spaces(text: str) -> str:
    """Unicode spaces, tab, form feed -> " "; CR, CRLF, U+2028, NEL -> "\\n"; U+2029 -> "\\n\\n"."""
    text = _SPACES.sub(" ", text)
    if "\r" in text or "\u2028" in text or "\x85" in text:
        text = _LINE_BREAKS.sub("\n", text)
    return text.replace("\u2029", "\n\n")


# ZWSP ZWNJ WJ BOM SHY CGJ MVS invisible operators, C0 controls but \t \n, DEL and C1 controls.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u180e\u200b\u200c\u2060-\u2064\ufeff\ufff9-\ufffb\x00-\x08\x0e-\x1f\x7f-\x9f]"
)
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
INVISIBLE_CHARS = _INVISIBLE.pattern[1:-1] + _BIDI.pattern[1:-1] + "\u200d"
_ANY_INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# ZWJ joins emoji (👨‍👩‍👧); anywhere else it is junk.
_EMOJI = "\u2600-\u27bf\U0001f000-\U0001faff"
_STRAY_ZWJ = re.compile(f"(?<![{_EMOJI}\ufe0f])\u200d|\u200d(?![{_EMOJI}])")


def drop_invisibles(text: str) -> str:
    """Remove zero-width and format characters, the soft hyphen and control characters; bidi
    marks only when the text has no right-to-left script; ZWJ only outside emoji."""
    if not _ANY_INVISIBLE.search(text):
        return text
    text = _INVISIBLE.sub("", text)
    if "\u200d" in text:
        text = _STRAY_ZWJ.sub("", text)
    if _BIDI.search(text) and not _RTL.search(text):
        text = _BIDI.sub("", text)
    return text


# -- R5 combining marks and NFC ----------------------------------------------------------------

_COMBINING_RUN = re.compile("([^\u0300-\u036f]?)([\u0300-\u036f]+)", re.DOTALL)
_ANY_COMBINING = re.compile("[\u0300-\u036f]")
_VIETNAMESE_MARKS = frozenset(TONE_MARKS + SHAPE_MARKS + ("\u0340", "\u0341"))
_SHAPE_SET = frozenset(SHAPE_MARKS)
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def repair_marks(text: str) -> str:
    """Fix combining sequences NFC cannot: a repeated mark (cá + ́), a tone typed before the
    circumflex or breve (é + ̂), and Vietnamese marks with no letter under them (2́, a leading ́).
    Marks on other scripts (Cyrillic stress, за́мок) are left alone."""
    if not _ANY_COMBINING.search(text):
        return text
    # Well-formed decomposed text composes completely; only a mark NFC cannot place (a second
    # acute, a circumflex after a tone, an orphan) is left over and needs this step.
    if not _ANY_COMBINING.search(_composed(text)):
        return text
    return _COMBINING_RUN.sub(_repair_sequence, text)


def _repair_sequence(m: re.Match[str]) -> str:
    repaired = _repaired(m.group(1), m.group(2))
    return m.group() if repaired is None else repaired


@lru_cache(maxsize=4096)
def _repaired(base: str, marks: str) -> str | None:
    """The repaired sequence, or None when it needs no repair (composing is the nfc step's)."""
    decomposed = unicodedata.normalize("NFD", base) if base else ""
    letter = decomposed[:1]
    if letter not in _ASCII_LETTERS:
        if letter.isalpha():  # another script: its marks are its own
            return None
        kept = "".join(ch for ch in marks if ch not in _VIETNAMESE_MARKS)
        return base + kept if kept != marks else None
    seen: list[str] = []
    for mark in unicodedata.normalize("NFD", decomposed[1:] + marks):
        if mark not in seen:
            seen.append(mark)
    shapes = [mark for mark in seen if mark in _SHAPE_SET]
    others = [mark for mark in seen if mark not in _SHAPE_SET]
    repaired = unicodedata.normalize("NFC", letter + "".join(shapes + others))
    return None if repaired == unicodedata.normalize("NFC", base + marks) else repaired


def compose_nfc(text: str) -> str:
    """Compose decomposed letters and marks (NFD "a\\u0301") into NFC ("á")."""
    last, composed = _last_composed
    if last is text:  # composed by repair_marks, the step before, as it was
        return composed
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


# The text repair_marks last composed, and its NFC: a decomposed page (many CMSs publish NFD) was
# composed there to look for marks left over, and then again by compose_nfc, 0.3 ms a page.
# Matched by identity: the same str object, so the same text.
_last_composed: tuple[str | None, str] = (None, "")


def _composed(text: str) -> str:
    global _last_composed
    composed = unicodedata.normalize("NFC", text)
    _last_composed = (text, composed)
    return composed


# -- R6 Đ look-alikes ------------------------------------------------------------------------

LOOKALIKES = _LOOKALIKES = "\u00d0\u00f0\u0189\u0256"  # Ð ð Ɖ ɖ
_LOOKALIKE_RUN = re.compile(f"(?<![^\\W\\d_])[^\\W\\d_]*[{_LOOKALIKES}][^\\W\\d_]*")
_ANY_LOOKALIKE = re.compile(f"[{_LOOKALIKES}]")
_D_MAP = str.maketrans({"\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ", "\u0256": "đ"})
_CONSONANT_LETTERS = frozenset(CONSONANTS.upper())


def fix_d_lookalikes(text: str) -> str:
    """Ð/ð (eth), Ɖ/ɖ (African D) -> Đ/đ where a Vietnamese syllable starts (Ðà Nẵng) or inside a
    short all-consonant acronym (HÐND); Icelandic names (Sigurðsson, Guðjohnsen) are kept."""
    if not _ANY_LOOKALIKE.search(text):
        return text
    spans = _protected_spans(text)

    def one(m: re.Match[str]) -> str:
        run = m.group()
        if _inside(spans, m.start()):
            return run
        mapped = run.translate(_D_MAP)
        if run[0] in _LOOKALIKES and is_syllable(mapped):
            return mapped
        others = [ch for ch in mapped if ch != "Đ"]
        if len(run) <= 6 and run.upper() == run and all(c in _CONSONANT_LETTERS for c in others):
            return mapped
        return run

    return _LOOKALIKE_RUN.sub(one, text)


# -- R7 tone marks -----------------------------------------------------------------------------

TONE_STYLES = ("old", "new", "keep")


# Words already seen to need no tone change, per style. Checking each distinct word once and then
# taking a set difference per text keeps this step cheap: most words repeat. A memo only: the
# output does not depend on it. Cleared when full, so memory stays bounded.
_SETTLED: dict[str, set[str]] = {style: set() for style in TONE_STYLES}
_SETTLED_MAX = 200_000


def place_tones(text: str, style: str = "old", counts: Counter[str] | None = None) -> str:
    """Put every tone mark where `style` wants it ("old": hòa thủy, "new": hoà thuỷ, "keep":
    leave the convention), and repair misplaced marks in either (đaọ -> đạo, gìa -> già).

    Counts go to `counts` as "tone_moved", "tone_style" and "tone_conflict" (left unresolved).
    """
    if style not in TONE_STYLES:
        raise ValueError(f"tone_style must be one of {TONE_STYLES}, not {style!r}")
    settled = _SETTLED[style]
    words = text.split()
    if settled.issuperset(words):  # most often, on a long crawl: no set of the words is built
        return text
    changing: set[str] = set()
    for word in set(words) - settled:
        runs = [run for run in LETTER_RUN.findall(word) if retone(run, style).change]
        if runs:
            changing.update(runs)
        else:
            settled.add(word)
    if len(settled) > _SETTLED_MAX:
        settled.clear()
    if not changing:
        return text
    spans = _protected_spans(text)

    def one(m: re.Match[str]) -> str:
        run = m.group()
        start, end = m.span()
        if (start and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha()):
            return run  # part of a longer letter run
        if end < len(text) and unicodedata.combining(text[end]):
            return run  # a mark R5 left on its last letter (another script's): not ours to move
        result = retone(run, style)
        if _inside(spans, start):
            return run
        if result.change != "conflict" and _in_foreign_name(text, start, end):
            return run
        if counts is not None:
            counts["tone_" + str(result.change)] += 1
        return result.run

    return _alternation(frozenset(changing)).sub(one, text)


@lru_cache(maxsize=4096)
def _alternation(words: frozenset[str]) -> re.Pattern[str]:
    """A pattern of exactly these words, longest first: the engine skips to them quickly, and a
    site's texts keep needing the same few changes (uỷ, hoà), so compiled patterns are reused."""
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


_NEIGHBOUR_BEFORE = re.compile(r"([^\W\d_]+)[ ]+$")
_NEIGHBOUR_AFTER = re.compile(r"[ ]+([^\W\d_]+)")


def _in_foreign_name(text: str, start: int, end: int) -> bool:
    """Noé in "Noé Sow": a capitalised word next to a capitalised non-Vietnamese word is part of
    a foreign name, and "Noe" parsing as a Vietnamese syllable is a coincidence (SPEC §10.3)."""
    run = text[start:end]
    if not run[0].isupper() or run.isupper():
        return False
    before = _NEIGHBOUR_BEFORE.search(text, max(0, start - 40), start)
    after = _NEIGHBOUR_AFTER.match(text, end)
    for neighbour in (before, after):
        word = neighbour.group(1) if neighbour else ""
        if word[:1].isupper() and not word.isupper() and not is_syllable(word):
            return True
    return False


# -- R8 layout ------------------------------------------------------------------------------

_RUNS_OF_SPACES = re.compile(r" {2,}")
_BLANK_LINES = re.compile(r"\n{3,}")
_HYPHENS = re.compile("[\u2010\u2011\u2212]")
# Spaces before a run of , . ; : ! ? that ends there (space, line end, closing bracket or quote);
# not an ellipsis ("Anh ấy ... không") and not an emoticon (": )"). Only spaces after a word:
# _keep_space checks the character before (a lookbehind here doubled the scan's cost).
_SPACE_BEFORE_PUNCT = re.compile(r" +(?=([,.;:!?]+)(?:$|[\s)\]}”’»\"']))", re.MULTILINE)
# The two-character pairs the rules below act on, found in one scan: each rule then asks the set
# of pairs, not the text (a two-character `in` reads the whole text). A superset of those pairs:
# a character that may start one, any spaces and line breaks, and one that may end one. Pairs
# overlap ("  ." holds "  " and " ."): a match holds them all, side by side. One that ends in a
# space is followed by none of the second characters (the spaces were taken greedily), so no
# pair starts at its last character. A scan that starts with a character class skips ahead
# quickly; a lookahead for overlapping pairs tried a match at every character, twice the cost.
_LAYOUT_RUNS = re.compile(r"[ \n(\[{“][ \n]*[ \n)\]}”,.;:!?]")
_OPENER_PAIRS = frozenset(opener + " " for opener in "([{“")
_CLOSER_PAIRS = frozenset(" " + closer for closer in ")]}”")
_PUNCT_PAIRS = frozenset(" " + mark for mark in ",.;:!?")
_FOLD_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"}
)


def tidy_layout(text: str, fold_quotes: bool = False) -> str:
    """One space between words, no space before , . ; : ! ? or inside brackets and curly quotes,
    lines trimmed, at most one blank line, U+2010/2011/2212 -> "-". Never inserts a space."""
    # The pairs are those of the text as it comes. No rule makes a pair that a later rule acts
    # on: they only take spaces out (and turn hyphens into "-"), and the two characters a
    # removal brings together were around a run of spaces, so a pair of them with a space in it
    # was there before. Blank lines are the exception ("\n \n\n" once lines are trimmed), so
    # that rule asks the text itself. (tests/text/test_properties.py holds this equal to every
    # rule applied without asking.)
    pairs: set[str] = set()
    for run in set(_LAYOUT_RUNS.findall(text)):
        pairs.update(run[i : i + 2] for i in range(len(run) - 1))
    breaks = "\n\n" in pairs  # every paragraph break: work only as part of "\n\n\n"
    pairs.discard("\n\n")
    hyphens = "\u2010" in text or "\u2011" in text or "\u2212" in text
    if not pairs and not hyphens and not (breaks and "\n\n\n" in text):
        text = text.strip(" \n")
        return text.translate(_FOLD_QUOTES) if fold_quotes else text
    if hyphens:
        text = _HYPHENS.sub("-", text)
    if "  " in pairs:
        text = _RUNS_OF_SPACES.sub(" ", text)
    if " \n" in pairs or "\n " in pairs:
        # Spaces at each line's ends. (Those that open the text or end it are not beside a line
        # break, but the text is stripped last anyway.) Line by line, a tenth of a regex's cost:
        # one on " +\n *|\n +" tries a match at every space of the text.
        text = "\n".join(line.strip(" ") for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    # No two spaces stand together any more (the pairs held "  " if they did, and that rule took
    # them), so each space the rules below remove stands alone: a substring replacement, or a
    # match tried where the pair stands, does what a regex substitution does without trying a
    # match at every space of the text.
    for pair in _OPENER_PAIRS & pairs:  # "( " -> "("
        text = text.replace(pair, pair[0])
    for pair in _CLOSER_PAIRS & pairs:  # " )" -> ")"
        text = text.replace(pair, pair[1])
    if not pairs.isdisjoint(_PUNCT_PAIRS):
        text = _drop_spaces_before_punctuation(text, sorted(_PUNCT_PAIRS & pairs))
    if fold_quotes:
        text = text.translate(_FOLD_QUOTES)
    return text.strip(" \n")


def _drop_spaces_before_punctuation(text: str, pairs: list[str]) -> str:
    """`_SPACE_BEFORE_PUNCT.sub` with `_keep_space`, on a text with no two spaces together:
    each match is one space, the first of one of `pairs` (" ,", " ."), and is tried there."""
    spans = _protected_spans(text)
    pieces: list[str] = []
    copied = 0
    for at in sorted(at for pair in pairs for at in _all(text, pair)):
        m = _SPACE_BEFORE_PUNCT.match(text, at)
        if m is not None and not _keep_space(m, spans):
            pieces.append(text[copied:at])
            copied = m.end()
    return "".join(pieces) + text[copied:] if pieces else text


def _keep_space(m: re.Match[str], spans: list[tuple[int, int]]) -> str:
    if m.start() == 0 or m.string[m.start() - 1].isspace():
        return m.group()  # a line or text that opens with the punctuation: not after a word
    punct = m.group(1)
    after = m.string[m.end() + len(punct) : m.end() + len(punct) + 1]
    if ".." in punct or (punct in (":", ";") and after != "" and after in ")(]["):
        return m.group()
    if _inside(spans, m.start() - 1):  # "www.chinhphu.vn ." keeps its space for linkifiers
        return m.group()
    return ""
