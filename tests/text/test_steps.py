"""The basic normalisation profile: each step on its phenomenon, the report, and the properties
every step promises (idempotent, NFC out, paragraph breaks and words left alone)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.text import STEPS, normalize, normalize_report
from crawler.text.steps import collapse_spaces, compose_nfc, drop_invisibles, fix_d_lookalikes


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(nfd("Hà Nội vào thu"), "Hà Nội vào thu", id="nfd-composes-to-nfc"),
        pytest.param(nfd("Đường phố đông người"), "Đường phố đông người", id="nfd-stacked-marks"),
        pytest.param("Ngo\u0302\u0323 nghĩnh", "Ngộ nghĩnh", id="marks-out-of-canonical-order"),
        pytest.param("Ngộ nghĩnh", "Ngộ nghĩnh", id="nfc-stays"),
    ],
)
def test_compose_nfc(raw: str, expected: str) -> None:
    assert compose_nfc(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("Ðại học", "Đại học", id="eth-capital-is-d-stroke"),
        pytest.param("con ðường", "con đường", id="eth-small-is-d-stroke"),
        pytest.param("Ɖà Nẵng", "Đà Nẵng", id="african-d-capital-is-d-stroke"),
        pytest.param("ɖi học", "đi học", id="african-d-small-is-d-stroke"),
        pytest.param("ÐẢNG ỦY", "ĐẢNG ỦY", id="eth-before-capital-vowel"),
        pytest.param("(ðã xong)", "(đã xong)", id="eth-after-punctuation"),
        pytest.param("Trời tối.\nðêm nay", "Trời tối.\nđêm nay", id="eth-at-line-start"),
        pytest.param("Sigurðsson", "Sigurðsson", id="icelandic-eth-before-consonant"),
        pytest.param("Garðar", "Garðar", id="icelandic-eth-inside-word-before-vowel"),
        pytest.param("/ðə/", "/ðə/", id="ipa-eth-before-schwa"),
        pytest.param("Ð.", "Ð.", id="eth-alone"),
    ],
)
def test_fix_d_lookalikes(raw: str, expected: str) -> None:
    assert fix_d_lookalikes(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("Hà \u200bNội", "Hà Nội", id="zero-width-space"),
        pytest.param("Hà\u200c Nội", "Hà Nội", id="zero-width-non-joiner"),
        pytest.param("\ufeffHà Nội", "Hà Nội", id="byte-order-mark"),
        pytest.param("chuyển\u00ad đổi số", "chuyển đổi số", id="soft-hyphen"),
        pytest.param("Hà\u200e Nội\u2060", "Hà Nội", id="direction-mark-and-word-joiner"),
        pytest.param("Hà\x07 Nội\x1b", "Hà Nội", id="c0-controls"),
        pytest.param("Hà\x85 Nội\x9d", "Hà Nội", id="c1-controls"),
        pytest.param("Vui \U0001f468\u200d\U0001f469\u200d\U0001f467", None, id="zwj-emoji-kept"),
        pytest.param("Yêu \u2764\ufe0f", None, id="variation-selector-kept"),
        pytest.param("Dòng một\nDòng hai\tba\r\n", None, id="tab-newline-cr-kept"),
    ],
)
def test_drop_invisibles(raw: str, expected: str | None) -> None:
    assert drop_invisibles(raw) == (raw if expected is None else expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("Hà\u00a0\u00a0\u00a0Nội", "Hà Nội", id="nbsp-run-is-one-space"),
        pytest.param("Hà\tNội", "Hà Nội", id="tab-is-space"),
        pytest.param("Hà \t\u00a0 Nội", "Hà Nội", id="mixed-run-is-one-space"),
        pytest.param("10\u202f000 đồng", "10 000 đồng", id="narrow-nbsp-is-space"),
        pytest.param("Hà\u3000Nội", "Hà Nội", id="ideographic-space"),
        pytest.param("  Hà Nội  ", "Hà Nội", id="text-trimmed"),
        pytest.param("Một. \n  Hai.", "Một.\nHai.", id="lines-trimmed"),
        pytest.param("Một.\n\nHai.", "Một.\n\nHai.", id="paragraph-break-untouched"),
        pytest.param("Một. \n \n Hai.", "Một.\n\nHai.", id="blank-line-keeps-both-breaks"),
        pytest.param("Một.\r\nHai.", "Một.\nHai.", id="crlf-is-lf"),
        pytest.param("Hà Nội , ngày 5", "Hà Nội , ngày 5", id="space-before-comma-not-rewritten"),
    ],
)
def test_collapse_spaces(raw: str, expected: str) -> None:
    assert collapse_spaces(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("nâng cao nâng cao chất lượng", id="repeated-words-stay"),
        pytest.param("Đảng uỷ cơ quan", id="old-tone-style-uy-stays"),
        pytest.param("Đảng ủy cơ quan", id="new-tone-style-uy-stays"),
        pytest.param("hoà bình, hòa bình", id="both-tone-styles-oa-stay"),
        pytest.param("HÀ NỘI mùa Thu", id="case-stays"),
        pytest.param("Sự chỉ đaọ sâu sát", id="misplaced-tone-not-repaired-by-basic-profile"),
        pytest.param("Giá tăng 5% (so với 2023)…", id="punctuation-stays"),
    ],
)
def test_normalize_never_changes_content(text: str) -> None:
    assert normalize(text) == text


@pytest.mark.parametrize(
    ("raw", "expected", "fired"),
    [
        pytest.param("Hà Nội", "Hà Nội", (), id="clean-text-fires-nothing"),
        pytest.param(
            "Ðại\u00a0học", "Đại học", ("d_lookalike", "spaces"), id="eth-and-nbsp-fire-in-order"
        ),
        pytest.param("\ufeff" + nfd("Hà Nội"), "Hà Nội", ("invisibles", "nfc"), id="bom-then-nfd"),
        pytest.param(
            "ð\u200bi", "đi", ("invisibles", "d_lookalike"), id="invisible-hid-the-syllable"
        ),
        pytest.param(
            nfd("ðô"), "đô", ("nfc", "d_lookalike"), id="nfd-vowel-after-eth-composed-first"
        ),
        pytest.param(
            "\u200b " + nfd("Ðường") + "\t phố ",
            "Đường phố",
            ("invisibles", "nfc", "d_lookalike", "spaces"),
            id="every-step-fires",
        ),
    ],
)
def test_normalize_report(raw: str, expected: str, fired: tuple[str, ...]) -> None:
    assert normalize_report(raw) == (expected, fired)


def test_steps_run_in_documented_order() -> None:
    assert [name for name, _ in STEPS] == ["invisibles", "nfc", "d_lookalike", "spaces"]


# -- properties -----------------------------------------------------------------------------

# Arbitrary text, plus texts drawn from the characters the steps care about, so that runs and
# neighbours of them (" \n", "ð\u200ba", NBSP runs) come up often.
_INTERESTING = st.sampled_from(
    "ÐðƉɖaăâeêiouơưyAÂƠ \t\n\r"
    "\u00a0\u202f\u3000\u2000\u200b\u200d\ufeff"
    "\u00ad\x07\x85\u0301\u0302\u0323\u031b\u2028"
)
_SPACING = st.sampled_from(" \t\n\r\u00a0\u3000\u200bað")
TEXT = st.one_of(st.text(), st.text(_INTERESTING), st.text(_SPACING))
ASCII_TEXT = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.sampled_from("\t\n")
)


@pytest.mark.parametrize("step", [pytest.param(step, id=name) for name, step in STEPS])
@given(text=TEXT)
def test_every_step_is_idempotent(step: Callable[[str], str], text: str) -> None:
    once = step(text)
    assert step(once) == once


@given(text=TEXT)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(text=TEXT)
def test_normalize_output_is_nfc(text: str) -> None:
    assert unicodedata.is_normalized("NFC", normalize(text))


@given(text=TEXT)
def test_normalize_keeps_every_line_break(text: str) -> None:
    assert normalize(text).count("\n") == text.count("\n")


@given(text=TEXT)
def test_normalize_works_line_by_line(text: str) -> None:
    assert normalize(text) == "\n".join(normalize(line) for line in text.split("\n"))


@given(text=TEXT)
def test_normalize_leaves_no_space_runs_or_nbsp(text: str) -> None:
    out = normalize(text)
    assert not any(s in out for s in ("  ", "\t", "\u00a0", " \n", "\n "))


@given(text=ASCII_TEXT)
def test_ascii_text_changes_only_in_whitespace(text: str) -> None:
    assert normalize(text).split() == text.split()
