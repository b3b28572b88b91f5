"""Small lxml helpers shared by the cleaning and extraction code."""

from __future__ import annotations

import re

from lxml import html as lxml_html
from lxml.etree import _Element

_HTML_SPACE = re.compile(
    r"[ \t\n\r\f]+"
)  # HTML whitespace only: NBSP is text, the normaliser's job
_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
# What str.split() also splits on but HTML does not collapse (NBSP is text: the normaliser's job).
_NOT_HTML_SPACE = re.compile(
    "[\x0b\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


def parse_fragment(markup: str) -> _Element:
    """Parse an HTML fragment into one <div> root, whatever the fragment's top level holds."""
    return lxml_html.fragment_fromstring(markup or "", create_parent="div")


def to_html(el: _Element) -> str:
    return lxml_html.tostring(el, encoding="unicode")


def squash(text: str) -> str:
    """Collapse HTML whitespace the way a browser renders it; keep NBSP and other Unicode spaces."""
    if _NOT_HTML_SPACE.search(text):
        return _HTML_SPACE.sub(" ", text).strip(" ")
    return " ".join(text.split())  # the same when every space is an HTML one, and twice as fast


def text_of(el: _Element) -> str:
    return squash(el.text_content())


def class_tokens(el: _Element) -> set[str]:
    """The lowercase words of an element's class and id: "box-relate x_y" -> {box, relate, …}."""
    raw = f"{el.get('class', '')} {el.get('id', '')}".lower()
    tokens = set(_TOKEN_SPLIT.split(raw))
    tokens.update(raw.split())  # whole class names too, for rules like "adsbygoogle"
    tokens.discard("")
    return tokens


def link_density(el: _Element, text: str | None = None) -> float:
    """Share of an element's visible text that sits inside links (`text`: its text, when the
    caller has it already)."""
    total = len(text_of(el) if text is None else text)
    if not total:
        return 0.0
    linked = sum(len(text_of(a)) for a in el.iter("a"))
    return min(1.0, linked / total)


def is_element(node: object) -> bool:
    return isinstance(node, _Element) and isinstance(node.tag, str)


def contains(outer: _Element, inner: _Element | None) -> bool:
    """`inner` is `outer` or lies inside it."""
    return inner is not None and (outer is inner or any(a is outer for a in inner.iterancestors()))


def attached(el: _Element, root: _Element) -> bool:
    """`el` still hangs below `root`: not inside a subtree an earlier step removed."""
    return any(a is root for a in el.iterancestors())
