"""Vietnamese text normalisation: an ordered tuple of small, pure, idempotent ``str -> str`` steps.

This module holds the basic profile: Unicode form, Đ look-alikes, invisible characters and spacing.
It never lowercases, tokenises, rewrites words or touches paragraph breaks ("\\n").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from crawler.text.steps import collapse_spaces, compose_nfc, drop_invisibles, fix_d_lookalikes

Step = Callable[[str], str]

STEPS: tuple[tuple[str, Step], ...] = (
    ("invisibles", drop_invisibles),  # ZWSP, ZWNJ, BOM, soft hyphen, C0/C1 controls
    ("nfc", compose_nfc),  # NFD input (macOS, some CMSs) -> NFC
    ("d_lookalike", fix_d_lookalikes),  # Ð U+00D0 / ð U+00F0 / Ɖ / ɖ used for Đ/đ
    ("spaces", collapse_spaces),  # NBSP and runs of spaces -> one space, lines trimmed
)


class Normalised(NamedTuple):
    text: str
    fired: tuple[str, ...]  # names of the steps that changed something, in order


def normalize_report(text: str) -> Normalised:
    """Run every step in order; report which ones changed the text."""
    fired: list[str] = []
    for name, step in STEPS:
        changed = step(text)
        if changed != text:
            fired.append(name)
            text = changed
    return Normalised(text, tuple(fired))


def normalize(text: str) -> str:
    """Normalise one text (a paragraph, a title, a name)."""
    return normalize_report(text).text


__all__ = ["STEPS", "Normalised", "normalize", "normalize_report"]
