"""The fast CSS -> XPath translation finds exactly what cssselect's does."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml.cssselect import CSSSelector
from lxml.etree import _Element

import crawler.sites
from crawler.cleaning.dom import parse_document, parse_fragment
from crawler.cleaning.selectors import compile_css, to_xpath
from crawler.extraction.page import ArticlePage, _alternatives

FIXTURES = Path(__file__).parent.parent / "sites"
PAGES = sorted(FIXTURES.glob("*fixtures/*/*/page.html"))
for module in pkgutil.iter_modules(crawler.sites.__path__):
    importlib.import_module(f"crawler.sites.{module.name}")
PAGE_CLASSES = ArticlePage.__subclasses__()  # every site module's page
FIELDS = ("title", "summary", "body", "authors", "published", "section", "tags", "source")


def site_selectors() -> list[str]:
    found: set[str] = set()
    for page in PAGE_CLASSES:
        for name in FIELDS:
            found.update(_alternatives(getattr(page, name) or ""))
        found.update(page.noise)
    return sorted(found)


def same(selector: str, root: _Element) -> bool:
    return list(compile_css(selector)(root)) == list(CSSSelector(selector)(root))


def test_every_site_selector_is_translated() -> None:
    assert len(PAGE_CLASSES) >= 8
    untranslated = [s for s in site_selectors() if to_xpath(s) is None]
    assert untranslated == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}")
def test_site_selectors_find_what_cssselect_finds_on_fixture_pages(page: Path) -> None:
    tree = ArticlePage("http://example.vn/", page.read_bytes()).tree
    assert [s for s in site_selectors() if not same(s, tree)] == []


DOCUMENT = """
<div id="main" class="detail">
  <h1 class="title  detail-title" data-role="title">Tiêu đề</h1>
  <div class="author-share-top">
    <a class="author" href="/tac-gia/an">An</a><a class="author-link" href="/x">Bình</a>
  </div>
  <div class="detail-content
  fck">
    <p class="x">Một</p><div class="detail-content"><p>Hai</p></div>
    <span data-role="content"><a href="/tac-gia/b">B</a></span>
  </div>
  <p class="tags"><strong>Từ khóa</strong><a href="/t/1">Một</a></p>
</div>
"""
CASES = {
    "class word, not a prefix of a longer class": "a.author",
    "class among several, with runs of whitespace and a newline": "div.detail-content",
    "two classes on one element": "div.detail-content.fck",
    "a nested match and its container both found, in document order": "div.detail-content p",
    "child combinator": "div.author-share-top > a",
    "any child": "p.tags > *",
    "id": "#main",
    "attribute presence": "[data-role]",
    "attribute equals": "[data-role=content]",
    "attribute equals, quoted": "h1[data-role='title']",
    "attribute contains": "a[href*='/tac-gia/']",
    "attribute starts with": 'a[href^="/t/"]',
    "empty contains matches nothing": "a[href*='']",
    "type only": "p",
    "universal then class": "*.fck",
    "descendant of an attribute match": "[data-role=content] a",
    "no match": "div.nothing-here a",
    # a rare last element (h1, time): found first, and its ancestors asked
    "rare element inside a classed one": "div.detail h1",
    "rare element right under one": "#main > h1.title",
    "rare element under any": "* > h1",
    "rare element under the context itself or not at all": "div h1",
    "rare element inside none": "p h1",
}


@pytest.mark.parametrize("selector", CASES.values(), ids=CASES.keys())
def test_translation_matches_cssselect(selector: str) -> None:
    assert to_xpath(selector) is not None
    root = parse_fragment(DOCUMENT)
    assert same(selector, root)
    # From an inner context element too: the context element itself may match.
    for inner in root.iter("div"):
        assert same(selector, inner)


@pytest.mark.parametrize("selector", ["div.box h1", "div h1", "div > h1"])
def test_a_rare_element_counts_inside_the_context_only(selector: str) -> None:
    """Found from the <h1> up, as "div.box h1" is: the <div> must be the context element or
    inside it, and the <h1> must be below the context, not the context itself."""
    root = parse_fragment('<div class="box"><div class="inner"><h1>Tiêu đề</h1></div></div>')
    inner = root.find(".//div[@class='inner']")
    heading = root.find(".//h1")
    assert inner is not None and heading is not None
    for context in (root, inner, heading):
        assert same(selector, context)
    assert compile_css(selector)(heading) == []


@pytest.mark.parametrize(
    "selector",
    ["a:first-child", "h1 + p", "div ~ p", "a[href$='.html']", "p:not(.x)", "div, p", r"a.b\:c"],
)
def test_selectors_outside_the_subset_fall_back_to_cssselect(selector: str) -> None:
    assert to_xpath(selector) is None
    root = parse_fragment(DOCUMENT)
    assert same(selector, root)


# Random documents and selectors over a small vocabulary, so that matches are common.
WORDS = ["a", "b", "ab", "b-a"]
TAGS = ["div", "p", "a", "span", "h1"]


@st.composite
def documents(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    classes = draw(st.lists(st.sampled_from(WORDS), max_size=3))
    spacing = draw(st.sampled_from([" ", "  ", "\n", "\t "]))
    attributes = ""
    if classes or draw(st.booleans()):
        attributes += f' class="{spacing.join(classes)}"'
    if draw(st.booleans()):
        attributes += f' data-x="{draw(st.sampled_from(WORDS))}"'
    children = [] if depth >= 3 else draw(st.lists(documents(depth + 1), max_size=3))
    return f"<{tag}{attributes}>{''.join(children)}</{tag}>"


@st.composite
def selectors(draw: st.DrawFn) -> str:
    compounds = []
    for _ in range(draw(st.integers(1, 3))):
        compound = draw(st.sampled_from(["", "*", *TAGS]))
        for _ in range(draw(st.integers(0 if compound else 1, 2))):
            word = draw(st.sampled_from(WORDS))
            compound += draw(
                st.sampled_from(
                    [
                        f".{word}",
                        "[data-x]",
                        f"[data-x={word}]",
                        f"[data-x*={word}]",
                        f"[class^='{word}']",
                    ]
                )
            )
        compounds.append(compound)
    combinators = [draw(st.sampled_from([" ", " > ", ">"])) for _ in compounds[1:]]
    return compounds[0] + "".join(c + s for c, s in zip(combinators, compounds[1:], strict=True))


@settings(max_examples=300, deadline=None)
@given(document=documents(), selector=selectors())
def test_random_selectors_on_random_documents(document: str, selector: str) -> None:
    assert to_xpath(selector) is not None
    root = parse_document(f"<html><body>{document}</body></html>")
    assert same(selector, root)
    for inner in root.iter(*TAGS):
        assert same(selector, inner)
