"""Properties the whole normaliser promises (SPEC §1): NFC out, a second pass changes nothing,
ASCII text changes at most in its whitespace, paragraphs are never merged or split."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from crawler.text import STEPS, Options, normalize, normalize_all, search_key, steps
from crawler.text.search import _MARKS
from crawler.text.steps import _PROTECTED, _protected_spans, tidy_layout

# Characters the steps act on, so that their runs and neighbours come up often: Vietnamese
# letters in both forms, tone and shape marks, look-alikes, spaces, invisibles, mojibake and
# legacy-font characters, punctuation the layout rule reads, entity syntax.
_VIETNAMESE = "aăâeêioôơuưyđdghnqtAĂÂEÊIOÔƠUƯYĐáàảãạốồổỗộứừửữựýỳỷỹỵíìỉĩịúùủũụóòỏõọ"
_INTERESTING = st.sampled_from(
    _VIETNAMESE
    + "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"
    + "ÐðƉɖ \t\n\r\u00a0\u202f\u3000\u2028\u200b\u200d\u200e\ufeff\u00ad\x07\x85"
    + "ÃÄÂÆáº»¡¢£¤¥§¨©ª«¬®µ¶·¸¹¼½¾Ëéèìòõö÷øùüþ\ufffd‘’“”…–"
    + ",.;:!?()[]“”&#;x0123456789@/-"
)
TEXT = st.one_of(st.text(), st.text(_INTERESTING, max_size=80))
WORD = st.text(st.sampled_from(_VIETNAMESE), min_size=1, max_size=7)
PARAGRAPH = st.lists(WORD, min_size=1, max_size=12).map(" ".join)
STYLES = st.sampled_from(["old", "new", "keep"])


@given(text=TEXT, style=STYLES)
def test_output_is_nfc(text: str, style: str) -> None:
    assert unicodedata.is_normalized("NFC", normalize(text, tone_style=style))


@given(text=TEXT, style=STYLES)
def test_second_pass_changes_nothing(text: str, style: str) -> None:
    once = normalize(text, tone_style=style)
    assert normalize(once, tone_style=style) == once


@pytest.mark.parametrize("step", [pytest.param(step, id=step.name) for step in STEPS])
@given(text=TEXT)
def test_every_step_is_idempotent(step: object, text: str) -> None:
    from collections import Counter

    def run(value: str) -> str:
        if step.plain is not None:  # type: ignore[attr-defined]
            return str(step.plain(value))  # type: ignore[attr-defined]
        return str(step.counted(value, Options(), Counter()))  # type: ignore[attr-defined]

    once = run(text)
    assert run(once) == once


# Character references ("&amp;") are ASCII that R3 decodes on purpose, and control characters
# are not text; everything else in ASCII is left as it is, apart from whitespace.
ASCII_TEXT = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E, exclude_characters="&")
    | st.sampled_from("\t\n\r\x0b\x0c")
)


@given(text=ASCII_TEXT, style=STYLES)
def test_ascii_text_changes_only_in_whitespace(text: str, style: str) -> None:
    out = normalize(text, tone_style=style)
    assert "".join(out.split()) == "".join(text.split())


@given(paragraphs=st.lists(PARAGRAPH, min_size=1, max_size=8), style=STYLES)
@settings(max_examples=200)
def test_paragraph_count_is_unchanged(paragraphs: list[str], style: str) -> None:
    text = "\n\n".join(paragraphs)
    assert len(normalize(text, tone_style=style).split("\n\n")) == len(paragraphs)


@given(paragraphs=st.lists(PARAGRAPH, min_size=1, max_size=8), style=STYLES)
def test_whole_text_equals_paragraph_by_paragraph(paragraphs: list[str], style: str) -> None:
    """The pipeline normalises an article's body in one call; it must not differ from per
    paragraph calls (no rule reaches across a paragraph break)."""
    whole = normalize("\n\n".join(paragraphs), tone_style=style)
    assert whole == "\n\n".join(normalize(p, tone_style=style) for p in paragraphs)


@given(texts=st.lists(st.one_of(PARAGRAPH, st.text(_INTERESTING, max_size=30)), max_size=8))
def test_normalize_all_equals_one_call_per_text(texts: list[str]) -> None:
    """The pipeline normalises a record's fields and paragraphs in one call."""
    result = normalize_all(texts)
    assert result.texts == [normalize(t) for t in texts]


def _search_key_by_definition(text: str) -> str:
    """R10 spelled out: NFKD, the marks removed, casefold, đ -> d, ASCII quotes, one space."""
    key = _MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold().replace("đ", "d")
    for curly, plain in (("“”„‟", '"'), ("‘’‚‛", "'")):
        for ch in curly:
            key = key.replace(ch, plain)
    return re.sub(r"\s+", " ", key).strip()


# Vietnamese in every form, Latin letters with other marks, compatibility characters (ligatures,
# full-width, superscripts), Greek and Cyrillic with marks, curly quotes and odd spaces.
_KEY_TEXT = st.text(
    st.one_of(
        st.sampled_from("aăâeêioôơuưyđĐ ÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉỀỂỄỆÍÌỈĨỊÓỒỔỖỘỚỜỞỠỢÚỪỬỮỰÝỲỶỸỴ"),
        st.sampled_from("ﬁĳŉſǰİßẞÅÆØœ①²ＡＢａｂ ΐάЙё́“”‘’\u00a0\u2003\t\n\u0301\u0323\u0309"),
        st.sampled_from("\x01\x1f"),  # controls: the encoding's stand-ins, so the slow path runs
        st.characters(min_codepoint=0x20, max_codepoint=0x2FFF),
    ),
    max_size=40,
)


@given(text=_KEY_TEXT)
def test_search_key_folds_exactly_as_its_definition(text: str) -> None:
    # the fast paths (the ASCII encoding that drops the marks) must not change the key
    assert search_key(text) == _search_key_by_definition(text)


# URLs and addresses among letters and the characters that start, end or break them; "İ" and
# "ſ", whose case the regex and lower() see differently, send a text to the regex itself.
_LINKY_TEXT = st.text(st.sampled_from('hHtTpPsSwW:/.@+-_ a1đ"“<>\nİſ'), max_size=40) | st.lists(
    st.sampled_from(["http://", "HTTPS://", "www.", "WwW.", "a@b.c", "x.y@", "@", "ab", " ", "."]),
    max_size=12,
).map("".join)


@settings(max_examples=2000)
@given(text=_LINKY_TEXT)
@example(text="đọc httpſ://x.vn ngay")  # the regex reads "ſ" as "s"
@example(text="İ www.x.vn")  # lower() makes "İ" two characters
def test_protected_spans_are_where_the_regex_finds_urls_and_addresses(text: str) -> None:
    """R6-R8 leave URLs and addresses alone. Their spans are found by trying the regex only
    where a match can start, which must give exactly what finditer gives."""
    expected = [m.span() for m in _PROTECTED.finditer(text)]
    if "://" not in text and "www." not in text and "@" not in text:
        expected = []  # none of them: not looked for (an upper-case "WWW." alone is text)
    assert _protected_spans(text) == expected


def _tidy_layout_by_definition(text: str, fold_quotes: bool) -> str:
    """R8 as its rules read, each applied whether or not it has anything to do."""
    text = steps._HYPHENS.sub("-", text)
    text = steps._RUNS_OF_SPACES.sub(" ", text)
    text = re.sub(r" +\n *|\n +", "\n", text)
    text = steps._BLANK_LINES.sub("\n\n", text)
    text = re.sub(r"([(\[{“]) +", r"\1", text)  # no space after an opening bracket or quote
    text = re.sub(r" +(?=[)\]}”])", "", text)  # nor before a closing one
    spans = _protected_spans(text)
    text = steps._SPACE_BEFORE_PUNCT.sub(lambda m: steps._keep_space(m, spans), text)
    if fold_quotes:
        text = text.translate(steps._FOLD_QUOTES)
    return text.strip(" \n")


# Spaces, line breaks and everything R8 puts a space before or after, in runs and pairs.
_LAYOUT_TEXT = st.text(st.sampled_from(" \n\n(([{“)]}”,.;:!?x\u2010\u2212a.@/"), max_size=30)


@settings(max_examples=2000)
@given(text=_LAYOUT_TEXT, fold_quotes=st.booleans())
@example(text="a  .", fold_quotes=False)  # pairs overlap: "  " and " ."
@example(text="a\n \n \nb", fold_quotes=False)  # trimmed lines make a blank line too many
def test_layout_rules_run_exactly_when_needed(text: str, fold_quotes: bool) -> None:
    """R8 runs a rule only when the text holds a pair of characters it acts on, found in one
    scan before any rule runs: that must change nothing."""
    assert tidy_layout(text, fold_quotes) == _tidy_layout_by_definition(text, fold_quotes)
