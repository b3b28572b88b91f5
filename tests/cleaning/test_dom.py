"""Small lxml helpers: whitespace as a browser renders it."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from crawler.cleaning.dom import squash


@given(text=st.text(st.sampled_from(" \t\n\r\f\x0b\x1c\x85\xa0\u2003\u3000\u200bab đ")))
def test_squash_collapses_html_whitespace_only(text: str) -> None:
    """Runs of space, tab, CR, LF and FF become one space; NBSP and other Unicode spaces stay
    (the normaliser's job), whichever of squash's two paths runs."""
    expected = re.sub(r"[ \t\n\r\f]+", " ", text).strip(" ")
    assert squash(text) == expected
