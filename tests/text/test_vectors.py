"""Every vector of ../shared/normalisation/vectors.jsonl, under both tone-mark conventions, and
idempotence on every expected output (SPEC §15)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from crawler.text import normalize

VECTORS = Path(__file__).resolve().parents[2].parent / "shared" / "normalisation" / "vectors.jsonl"
_HINT = re.compile(r"hint=([\w-]+)")


def _load() -> list[dict[str, Any]]:
    with VECTORS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _cases() -> list[Any]:
    cases = []
    for vector in _load():
        hint = _HINT.search(vector["note"])
        for style in ("old", "new"):
            cases.append(
                pytest.param(
                    vector["input"],
                    hint.group(1) if hint else None,
                    style,
                    vector[f"expected_{style}_style"],
                    id=f"{vector['id']}-{vector['category']}-{style}",
                )
            )
    return cases


@pytest.mark.parametrize(("raw", "hint", "style", "expected"), _cases())
def test_vector(raw: str, hint: str | None, style: str, expected: str) -> None:
    assert normalize(raw, tone_style=style, hint=hint) == expected


@pytest.mark.parametrize(("raw", "hint", "style", "expected"), _cases())
def test_expected_output_is_a_fixed_point(
    raw: str, hint: str | None, style: str, expected: str
) -> None:
    assert normalize(expected, tone_style=style) == expected


def test_every_category_of_the_spec_is_present() -> None:
    categories = {vector["category"] for vector in _load()}
    assert len(_load()) >= 190
    assert categories >= {"tone_misplaced", "tone_style", "mojibake", "legacy_tcvn3", "cp1258"}
