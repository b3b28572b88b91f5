"""Small lxml helpers shared by the cleaning and extraction code."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree
from lxml.etree import _Element

# Plain lxml elements, not lxml.html's: its element classes are chosen by a Python callback for
# every element the code touches, which made tree walks and selector results two to three times
# slower. The two helpers below are all we used of lxml.html's element methods.
# Comments are no reader's text, and every later walk of the tree would step over them. No
# table of id attributes is built: nothing looks elements up by id (selectors compare @id), and
# building it was 3% of the parse.
_PARSER = etree.HTMLParser(remove_comments=True, collect_ids=False)
_UTF8_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, collect_ids=False)
# lxml refuses a str that declares its encoding; the text is decoded already, so it can go.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")

_HTML_SPACE = re.compile(
    r"[ \t\n\r\f]+"
)  # HTML whitespace only: NBSP is text, the normaliser's job
_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")  # "ArticleDate": a word starts at each capital
# What str.split() also splits on but HTML does not collapse (NBSP is text: the normaliser's job).
_NOT_HTML_SPACE = re.compile(
    "[\x0b\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
_STAND_IN = "\ue000"  # private use: holds an NBSP's place while str.split() runs


def parse_document(markup: str | bytes) -> _Element:
    """Parse a page into its <html> root; an empty page gives an empty <html>, never an error.

    `markup` is the decoded page, or its UTF-8 bytes: libxml2 decodes those faster than Python
    and the page is not copied into a str first (invalid bytes become U+FFFD either way).
    XHTML pages often open with `<?xml version="1.0" encoding="utf-8"?>`, which lxml refuses in
    a decoded string: the declaration is dropped (the text is already decoded).
    """
    if isinstance(markup, bytes):
        root = etree.fromstring(markup, _UTF8_PARSER) if _has_content(markup) else None
        return root if root is not None else etree.fromstring("<html></html>", _PARSER)
    try:
        root = etree.fromstring(markup, _PARSER) if _has_content(markup) else None
    except ValueError:
        root = etree.fromstring(_XML_DECLARATION.sub("", markup, count=1), _PARSER)
    return root if root is not None else etree.fromstring("<html></html>", _PARSER)


def parse_page(markup: str | bytes) -> _Element:
    """`parse_document` for a page whose style sheets nobody reads: they come out empty.

    Some pages inline hundreds of kilobytes of CSS (311 KB on one news page, two thirds of its
    bytes), which libxml2 reads byte by byte: a third of the parse. Where the bytes tell them
    safely (`_hollow_style_sheets`), the sheets' text is cut before the parse, each leaving a
    numbered placeholder. The parse checks the cut: unless every placeholder is, whole and in
    order, the text of a <style> element libxml2 built, the page is parsed again as it came."""
    if isinstance(markup, bytes):
        hollowed, cuts = _hollow_style_sheets(markup)
        if cuts:
            root = parse_document(hollowed)
            placeholders = [el for el in root.iter("style") if el.text and _SHEET in el.text]
            if [el.text for el in placeholders] == [_sheet(i) for i in range(cuts)]:
                for el in placeholders:
                    el.text = None
                return root
    return parse_document(markup)


_SHEET = "vn-news-crawler: style sheet left out"


def _sheet(index: int) -> str:
    return f"/* {_SHEET} {index} */"


# A <style> start tag (not "<styles>" or "<style-x>"): a regex finds it a third faster than
# bytes.find, which reads 0.5 ns a byte.
_STYLE_OPEN = re.compile(rb"<style[ \t\n\r\f/>]")
# What may follow the tag name in an end tag.
_AFTER_TAG_NAME = (b" ", b"\t", b"\n", b"\r", b"\f", b"/", b">")
# Below this many bytes of style sheets, libxml2 reads them faster than they are cut out.
_MIN_HOLLOWED = 32 * 1024
# How far a page is searched for sheets, their text not counted: large ones sit in the <head>.
_SHEET_SEARCH = 48 * 1024


def _hollow_style_sheets(markup: bytes) -> tuple[bytes, int]:
    """The page with the text of its large <style> elements replaced by placeholders, and how
    many it replaced; the page as it came and 0 when there is too little to cut.

    A sheet's text is cut when it holds no "<" at all: the first "<" after the start tag is then
    the "</style" that ends it. What looks like a <style> start tag but is none (in a comment, a
    script, an attribute) is caught by `parse_page`'s check."""
    pieces: list[bytes] = []
    copied = pos = cut_bytes = 0
    budget = min(len(markup), _SHEET_SEARCH)
    while budget > 0:
        found = _STYLE_OPEN.search(markup, pos, pos + budget)
        if found is None:
            break
        start = found.start()
        budget -= start - pos
        tag_end = markup.find(b">", start)
        close = markup.find(b"<", tag_end) if tag_end >= 0 else -1  # one byte: at memory speed
        if close < 0:
            break
        pos = close
        if (
            markup[close + 1 : close + 7].lower() == b"/style"
            and markup[close + 7 : close + 8] in _AFTER_TAG_NAME
        ):
            pieces += (markup[copied : tag_end + 1], _sheet(len(pieces) // 2).encode())
            copied = close
            cut_bytes += close - tag_end - 1
    if cut_bytes < _MIN_HOLLOWED:
        return markup, 0
    pieces.append(markup[copied:])
    return b"".join(pieces), len(pieces) // 2


def _has_content(markup: str | bytes) -> bool:
    # not markup.strip(), which copies the whole page to find out that it is not empty
    return bool(markup) and not markup.isspace()


def parse_fragment(markup: str) -> _Element:
    """Parse an HTML fragment into one <div> root, whatever the fragment's top level holds."""
    document = parse_document(f"<html><body>{markup}</body></html>")
    body = document.find("body")
    assert body is not None  # libxml2 always builds a body around body content
    document.remove(body)  # a root of its own, as a fragment has no parent
    body.tag = "div"
    return body


def to_html(el: _Element) -> str:
    return etree.tostring(el, method="html", encoding="unicode")


def text_content(el: _Element) -> str:
    """The element's text and its descendants' text, without its tail: XPath's string-value.
    Serialised as text, which is the same libxml2 call (xmlNodeGetContent's) without an XPath
    context set up per call: a third of the time on the short elements most calls read."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def drop_tree(el: _Element) -> None:
    """Remove `el` and its subtree, keeping its tail text in the document."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    parent.remove(el)


def squash(text: str) -> str:
    """Collapse HTML whitespace the way a browser renders it; keep NBSP and other Unicode spaces."""
    if (  # no whitespace run to collapse (most short texts): only the ends to trim
        "  " not in text
        and "\n" not in text
        and "\t" not in text
        and "\r" not in text
        and "\f" not in text
    ):
        return text.strip(" ")
    # str.split() is the fast way (a regex substitution takes two to three times as long), but
    # it also splits on NBSP, which HTML does not collapse. A page's text usually holds just that
    # one other space: it stands aside as a private-use character while the text is split.
    odd = set(_NOT_HTML_SPACE.findall(text))
    if not odd:
        return " ".join(text.split())
    if len(odd) == 1 and _STAND_IN not in text:
        (space,) = odd
        return " ".join(text.replace(space, _STAND_IN).split()).replace(_STAND_IN, space)
    return _HTML_SPACE.sub(" ", text).strip(" ")


def text_of(el: _Element) -> str:
    return squash(text_content(el))


def class_tokens(el: _Element) -> set[str]:
    """The lowercase words of an element's class and id: "box-relate x_y" -> {box, relate, …};
    "ArticleDate" -> {articledate, article, date}."""
    names = f"{el.get('class', '')} {el.get('id', '')}"
    raw = names.lower()
    tokens = set(_TOKEN_SPLIT.split(raw))
    tokens.update(raw.split())  # whole class names too, for rules like "adsbygoogle"
    if names != raw and _CAMEL.search(names):  # any capital at all, then where
        tokens.update(_TOKEN_SPLIT.split(_CAMEL.sub(" ", names).lower()))
    tokens.discard("")
    return tokens


class ClassWords:
    """Whether an element's class_tokens hold one of `words`, with a cheap test first: most
    elements a scan reads have none of the words anywhere in their class or id, and splitting
    every list's and div's names into words took 0.4 ms a page."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        self._anywhere = re.compile(any_of(self.words) or "(?!)")

    def mentioned(self, el: _Element) -> bool:
        """One of the words stands somewhere in the lower-cased class or id: a word of
        class_tokens is a part of them, so this is needed for any match, exact or inside a
        longer name. (Lower-cased first: the case-blind regex, on the boilerplate rules' 84
        words, took 12 µs a class name; this takes 0.5 µs.)"""
        klass, ident = el.get("class"), el.get("id")
        search = self._anywhere.search
        return bool((klass and search(klass.lower())) or (ident and search(ident.lower())))

    def __call__(self, el: _Element) -> bool:
        return self.mentioned(el) and bool(class_tokens(el) & self.words)


_Trie = dict[str, "_Trie"]


def any_of(words: Iterable[str]) -> str:
    """A regex that finds any of `words` in a text ("" for none), as fast as the engine can.

    Python's regex engine tries every branch of an alternation at every character. A word that
    holds another word is left out (the other is found wherever it is), and the rest share
    their prefixes in a trie: each character then tries the few words that start with it."""
    unique = set(words) - {""}
    kept = [w for w in unique if not any(other in w for other in unique if other != w)]
    trie: _Trie = {}
    for word in kept:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})

    def branches(node: _Trie) -> str:
        # No kept word is a prefix of another (a prefix is a part): every word ends in a leaf.
        options = [re.escape(ch) + branches(child) for ch, child in sorted(node.items())]
        if len(options) <= 1:
            return "".join(options)
        return "(?:" + "|".join(options) + ")"

    return branches(trie)


def link_density(el: _Element, text: str | None = None) -> float:
    """Share of an element's visible text that sits inside links (`text`: its text, when the
    caller has it already)."""
    total = len(text_of(el) if text is None else text)
    if not total:
        return 0.0
    linked = sum(len(text_of(a)) for a in el.iter("a"))
    return min(1.0, linked / total)


def images(el: _Element) -> list[_Element]:
    """The pictures in `el` (itself included): <img>, and AMP pages' <amp-img>, without the
    <img> an <amp-img> may hold as its no-script fallback (the same picture)."""
    found = list(el.iter("img", "amp-img"))
    # An <img> inside an <amp-img> has it either among `found` or above `el`: with neither
    # (every page but an AMP one), no picture needs its ancestors walked.
    if all(img.tag == "img" for img in found) and next(el.iterancestors("amp-img"), None) is None:
        return found
    return [
        img
        for img in found
        if img.tag == "amp-img" or not any(True for _ in img.iterancestors("amp-img"))
    ]


def is_element(node: object) -> bool:
    return isinstance(node, _Element) and isinstance(node.tag, str)


def contains(outer: _Element, inner: _Element | None) -> bool:
    """`inner` is `outer` or lies inside it."""
    return inner is not None and (outer is inner or any(a is outer for a in inner.iterancestors()))


def attached(el: _Element, root: _Element) -> bool:
    """`el` still hangs below `root`: not inside a subtree an earlier step removed."""
    return any(a is root for a in el.iterancestors())
