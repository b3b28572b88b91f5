"""Vietnamese text normalisation: an ordered tuple of small, pure, idempotent steps.

The rules (R1-R10) and their order follow ../shared/normalisation/SPEC.md. Representation is
repaired (legacy encodings, mojibake, Unicode form, invisible characters, tone-mark position,
spacing); content never is (words, spelling, i/y, capitalisation, punctuation choice, numbers).
Nothing here lowercases, tokenises or merges paragraphs.

    >>> normalize("Đảng uỷ chỉ đaọ")
    'Đảng ủy chỉ đạo'
    >>> normalize("Đảng ủy", tone_style="new")
    'Đảng uỷ'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

from crawler.text import legacy, mojibake
from crawler.text.search import search_key
from crawler.text.steps import (
    INVISIBLE_CHARS,
    LOOKALIKES,
    SPACE_CHARS,
    TONE_STYLES,
    compose_nfc,
    decode_references,
    drop_invisibles,
    fix_d_lookalikes,
    map_spaces,
    place_tones,
    repair_marks,
    tidy_layout,
)

# Encoding hints, as a font, a charset or a caller knows them (the vectors' `hint=` values).
HINTS = (*legacy.DECODERS, "mojibake", "mojibake-cp1258")
# Labels short for the legacy decoders, as they appear in records and stats.
_LEGACY_LABELS = {
    "tcvn3": "tcvn3",
    "tcvn3-upper": "tcvn3",
    "vni": "vni",
    "viqr": "viqr",
    "cp1258-as-1252": "cp1258",
}


class Options(NamedTuple):
    tone_style: str = "old"  # "old" (hòa, thủy), "new" (hoà, thuỷ) or "keep"
    hint: str | None = None  # one of HINTS, when the encoding of the text is known
    fold_quotes: bool = False  # curly quotes -> ASCII (off: typography is the author's)


def _legacy(text: str, options: Options, fired: Counter[str]) -> str:
    if options.hint in legacy.DECODERS:
        decoded = legacy.DECODERS[options.hint](text)
        if decoded != text:
            fired[_LEGACY_LABELS[options.hint]] += 1
        return decoded
    if not legacy.looks_legacy(text):
        return text
    lines = text.split("\n")  # one span per line: a page may mix Unicode and legacy paragraphs
    for i, line in enumerate(lines):
        detected = legacy.detect(line)
        if detected.encoding:
            fired[_LEGACY_LABELS[detected.encoding]] += 1
            lines[i] = detected.text
    return "\n".join(lines)


def _mojibake(text: str, options: Options, fired: Counter[str]) -> str:
    codec = "cp1258" if options.hint == "mojibake-cp1258" else "cp1252"
    assume = options.hint in ("mojibake", "mojibake-cp1258")
    repaired = mojibake.repair_mojibake(text, codec=codec, assume=assume)
    if repaired.words:
        fired["mojibake"] += repaired.words
    if repaired.lost:
        fired["mojibake_lost"] += repaired.lost
    return repaired.text


def _tones(text: str, options: Options, fired: Counter[str]) -> str:
    return place_tones(text, options.tone_style, fired)


def _layout(text: str, options: Options, fired: Counter[str]) -> str:
    tidied = tidy_layout(text, options.fold_quotes)
    if tidied != text:
        fired["layout"] += 1
    return tidied


class Step(NamedTuple):
    name: str
    plain: Callable[[str], str] | None  # a str -> str step; counted as `name` when it changes
    counted: Callable[[str, Options, Counter[str]], str] | None = None  # reports its own labels
    wakes: str = ""  # a regex class: the step has work only if one of these characters occurs


STEPS: tuple[Step, ...] = (
    Step("legacy", None, _legacy),  # R1 TCVN3 "Hµ Néi", VNI "Haø Noäi", VIQR, cp1258 as cp1252
    Step("mojibake", None, _mojibake),  # R2 UTF-8 read as windows-1252/latin-1: "Viá»‡t"
    Step("entities", decode_references, wakes="&"),  # R3 "&amp;" "&#7879;" left in the text
    Step("spaces", map_spaces, wakes=SPACE_CHARS),  # R4 NBSP, tabs -> " "; CR, U+2028 -> "\n"
    Step("invisibles", drop_invisibles, wakes=INVISIBLE_CHARS),  # R4 ZWSP, BOM, SHY, controls
    Step("marks", repair_marks, wakes="\u0300-\u036f"),  # R5 doubled, misordered, orphan marks
    Step("nfc", compose_nfc),  # R5 decomposed letters (macOS, cp1258) -> composed
    Step("d_lookalike", fix_d_lookalikes, wakes=LOOKALIKES),  # R6 Ð ð Ɖ ɖ used for Đ đ
    Step("tones", None, _tones),  # R7 misplaced tones repaired, one convention
    Step("layout", None, _layout),  # R8 spacing around punctuation, blank lines, hyphens
)
# The steps after the two that detect legacy text and mojibake: all a quiet text needs.
_UNDETECTED = STEPS[2:]
assert [step.name for step in STEPS[:2]] == ["legacy", "mojibake"]
# One scan finds which of the character-triggered steps have work, instead of one scan each.
_WAKES = re.compile("[" + "".join(step.wakes for step in STEPS) + "]")
_STEP_WAKES = {step.name: re.compile(f"[{step.wakes}]") for step in STEPS if step.wakes}

# Repairs after which legacy and mojibake detection see what they saw: tones move between
# Vietnamese letters, layout only changes spaces and hyphens. (tests/text/test_properties.py
# holds normalising twice equal to once.)
_CONTEXT_KEEPING = frozenset({"tone_moved", "tone_style", "tone_conflict", "layout"})
# ... and, on a text in which neither detector found anything to look at, the space mapping:
# it turns space characters into " " and "\n", which neither detector counts, and it joins no
# two other characters (a CRLF becomes one "\n"). Most pages have a no-break space somewhere.
_QUIET_KEEPING = _CONTEXT_KEEPING | {"spaces"}

# Labels that count units (words, syllables) rather than texts; shown as "label:N".
COUNTED = frozenset({"mojibake", "mojibake_lost", "tone_moved", "tone_style", "tone_conflict"})


class Normalised(NamedTuple):
    text: str
    fired: Counter[str]  # label -> count: texts changed by a step, or units it repaired

    @property
    def repairs(self) -> list[str]:
        return describe(self.fired)


def normalize_report(
    text: str, *, tone_style: str = "old", hint: str | None = None, fold_quotes: bool = False
) -> Normalised:
    """Run every step in order; count what each one repaired."""
    if tone_style not in TONE_STYLES:
        raise ValueError(f"tone_style must be one of {TONE_STYLES}, not {tone_style!r}")
    if hint is not None and hint not in HINTS:
        raise ValueError(f"hint must be one of {HINTS}, not {hint!r}")
    options = Options(tone_style, hint, fold_quotes)
    fired: Counter[str] = Counter()
    original = text
    # Neither legacy text nor mojibake to look at: both steps would return the text as it is.
    quiet = (
        hint is None and not legacy.looks_legacy(text) and not mojibake.might_have_mojibake(text)
    )
    text = _run(text, options, fired, quiet)
    if text == original or fired.keys() <= (_QUIET_KEEPING if quiet else _CONTEXT_KEEPING):
        return Normalised(text, fired)  # a fixed point already
    # Legacy detection and mojibake repair judge each word in context, and later steps change
    # that context (a NEL becomes a line break, a control character goes). Run again until
    # nothing changes, so that normalising twice equals normalising once; the hint was spent.
    for _ in range(2):
        probe = options._replace(hint=None)
        if _legacy(text, probe, Counter()) == text and _mojibake(text, probe, Counter()) == text:
            break
        more: Counter[str] = Counter()
        again = _run(text, options._replace(hint=None), more)
        if again == text:
            break
        text = again
        fired.update(more)
    return Normalised(text, fired)


def _run(text: str, options: Options, fired: Counter[str], quiet: bool = False) -> str:
    """Every step in order. `quiet`: the text is known to hold neither legacy text nor mojibake,
    so those two steps are skipped."""
    # Whether any character-triggered step has work: one scan for all of them, made again only
    # when a repair changed the text and a triggered step is still to come (None: not known).
    clean: bool | None = None
    for step in _UNDETECTED if quiet else STEPS:
        if step.wakes:
            if clean is None:
                clean = not _WAKES.search(text)
            if clean or not _STEP_WAKES[step.name].search(text):
                continue
        if step.plain is not None:
            changed = step.plain(text)
            if changed != text:
                fired[step.name] += 1
        else:
            assert step.counted is not None
            changed = step.counted(text, options, fired)
        if changed != text:  # a repair can bring new work: "&nbsp;" becomes a no-break space
            clean = None
        text = changed
    return text


def normalize(text: str, *, tone_style: str = "old", hint: str | None = None) -> str:
    """Normalise one text (a paragraph, a title, a name, or several paragraphs).

    `tone_style` is "old" (hòa, thủy), "new" (hoà, thuỷ) or "keep". `hint` names the text's
    encoding when it is known: "tcvn3", "tcvn3-upper", "vni", "viqr", "cp1258-as-1252",
    "mojibake" or "mojibake-cp1258"; without it legacy text and mojibake are detected.
    """
    return normalize_report(text, tone_style=tone_style, hint=hint).text


_OTHER_LINE_BREAK = re.compile("[\r\x85\u2028\u2029]")  # what R4 turns into "\n", but "\n"


class NormalisedAll(NamedTuple):
    texts: list[str]
    fired: Counter[str]


def normalize_all(
    texts: list[str], *, tone_style: str = "old", hint: str | None = None, fold_quotes: bool = False
) -> NormalisedAll:
    """Normalise many one-line texts (a record's fields and paragraphs) in one call.

    The same result as one call per text, which no rule reaches across a paragraph break for
    (tests/text/test_properties.py), at a fraction of the per-call cost. Texts that hold a line
    break, or that a step empties, are done one by one."""
    if not texts or not all(map(str.strip, texts)):
        return _one_by_one(texts, tone_style, hint, fold_quotes)
    together = "\n\n".join(texts)
    # A line break inside a text: one scan of them all, not one per text (a page has dozens).
    if together.count("\n") != 2 * (len(texts) - 1) or _OTHER_LINE_BREAK.search(together):
        return _one_by_one(texts, tone_style, hint, fold_quotes)
    joined = normalize_report(together, tone_style=tone_style, hint=hint, fold_quotes=fold_quotes)
    parts = joined.text.split("\n\n")
    if len(parts) != len(texts) or not all(parts):
        return _one_by_one(texts, tone_style, hint, fold_quotes)
    return NormalisedAll(parts, joined.fired)


def _one_by_one(
    texts: list[str], tone_style: str, hint: str | None, fold_quotes: bool
) -> NormalisedAll:
    fired: Counter[str] = Counter()
    out = []
    for text in texts:
        result = normalize_report(text, tone_style=tone_style, hint=hint, fold_quotes=fold_quotes)
        fired.update(result.fired)
        out.append(result.text)
    return NormalisedAll(out, fired)


def describe(fired: Counter[str]) -> list[str]:
    """["nfc", "tone_moved:3", "mojibake:2"]: what fired, in pipeline order, counts where they
    count units."""
    order = {label: i for i, label in enumerate(_LABEL_ORDER)}
    labels = sorted(fired, key=lambda label: (order.get(label, len(order)), label))
    return [f"{label}:{fired[label]}" if label in COUNTED else label for label in labels]


_LABEL_ORDER = (
    "tcvn3",
    "vni",
    "viqr",
    "cp1258",
    "mojibake",
    "mojibake_lost",
    "entities",
    "spaces",
    "invisibles",
    "marks",
    "nfc",
    "d_lookalike",
    "tone_moved",
    "tone_style",
    "tone_conflict",
    "layout",
)

__all__ = [
    "HINTS",
    "STEPS",
    "TONE_STYLES",
    "Normalised",
    "Options",
    "describe",
    "normalize",
    "normalize_all",
    "normalize_report",
    "search_key",
]
