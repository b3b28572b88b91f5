"""Small lxml helpers: whitespace as a browser renders it, parsing any page, tree edits."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from crawler.cleaning.dom import (
    ClassWords,
    class_tokens,
    drop_tree,
    parse_document,
    parse_fragment,
    parse_page,
    squash,
    text_content,
    text_of,
    to_html,
)


@given(
    text=st.text(st.sampled_from(" \t\n\r\f\x0b\x1c\x85\xa0\u2003\u3000\u200b\ue000ab đ"))
    | st.text(st.sampled_from(" \t\n\xa0ab"))  # the usual page: NBSP the only other space
)
def test_squash_collapses_html_whitespace_only(text: str) -> None:
    """Runs of space, tab, CR, LF and FF become one space; NBSP and other Unicode spaces stay
    (the normaliser's job), whichever of squash's three paths runs (a private-use character
    in the text, which the NBSP path borrows, included)."""
    expected = re.sub(r"[ \t\n\r\f]+", " ", text).strip(" ")
    assert squash(text) == expected


def test_an_xhtml_page_with_an_xml_declaration_parses() -> None:
    # lxml refuses a decoded str that declares an encoding; older CMSs serve XHTML with one
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n<html><body><h1>Đường về làng</h1></body></html>'
    )
    assert text_of(parse_document(page)) == "Đường về làng"


@pytest.mark.parametrize(
    "page", ["", "   ", "<!-- chỉ có chú thích -->", b"", b" \n\t ", b"<!-- bytes -->"]
)
def test_an_empty_page_parses_to_an_empty_document(page: str | bytes) -> None:
    root = parse_document(page)
    assert root.tag == "html" and text_of(root) == ""


def test_a_fragment_root_stands_alone_and_drop_tree_keeps_the_tail() -> None:
    root = parse_fragment("<p>Một <b>hai</b> ba</p>")
    assert root.getparent() is None and root.tag == "div"
    bold = root.find(".//b")
    assert bold is not None
    drop_tree(bold)
    assert to_html(root) == "<div><p>Một  ba</p></div>"
    assert text_content(root) == "Một  ba"


def test_text_content_is_every_descendant_text_without_the_tail() -> None:
    """An element's text as XPath's string() reads it: its own text and its descendants' texts
    and tails, not its own tail; comments are gone with the parse, character references read."""
    root = parse_fragment(
        "<p>Giá <b>vàng <i>hôm</i> nay</b><!-- quảng cáo --> tăng &amp; <br>giảm"
        "<script>x</script></p> sau"
    )
    paragraph = root[0]
    expected = "Giá vàng hôm nay tăng & giảmx"
    assert text_content(paragraph) == expected
    assert text_content(paragraph) == paragraph.xpath("string()")
    assert text_content(paragraph.find("br")) == ""  # an empty element, its tail not counted
    assert text_content(root) == expected + " sau"


@pytest.mark.parametrize(
    "page",
    [
        pytest.param('<?xml version="1.0" encoding="utf-8"?><html><body>', id="xml-declaration"),
        # the crawl decided the page is UTF-8: a stale declaration does not overrule it
        pytest.param('<?xml version="1.0" encoding="iso-8859-1"?><html><body>', id="stale-label"),
        pytest.param("\ufeff<html><body>", id="byte-order-mark"),
    ],
)
def test_utf8_bytes_parse_as_their_decoded_text_would(page: str) -> None:
    markup = (page + "<h1>Đường về làng</h1></body></html>").encode("utf-8")
    assert text_of(parse_document(markup)) == "Đường về làng"
    assert text_of(parse_document(b"  ")) == ""


def test_class_words_match_whole_words_after_a_cheap_mention_test() -> None:
    words = ClassWords(["breadcrumb", "author"])
    root = parse_fragment(
        '<div class="Site_BreadCrumb x"></div><div id="authorbox"></div><div class="menu"></div>'
    )
    crumb, box, menu = root
    assert words(crumb)  # a word of "site_breadcrumb", in any case
    assert words.mentioned(box) and not words(box)  # inside a longer name: mentioned, no word
    assert not words.mentioned(menu) and not words(menu)


_NAME = st.text(st.sampled_from("abAB-_ \tcK\u212aİſ"), max_size=12)
_WORDS = st.lists(st.text(st.sampled_from("ab-_ck"), max_size=4), max_size=6)


@given(klass=_NAME, ident=_NAME, words=_WORDS)
def test_class_words_are_mentioned_exactly_where_a_lower_cased_name_holds_one(
    klass: str, ident: str, words: list[str]
) -> None:
    """The cheap test finds a word in the lower-cased class or id, whatever the words (some
    hold others, some share a prefix), and rules out no element that has one of the words."""
    el = etree.Element("div", {"class": klass, "id": ident})
    found = ClassWords(words)
    held = {w for w in words if w and (w in klass.lower() or w in ident.lower())}
    assert found.mentioned(el) == bool(held)
    assert found(el) == bool(class_tokens(el) & set(words))


@pytest.mark.parametrize(
    ("attributes", "words"),
    [
        pytest.param('class="box-relate x_y"', {"box", "relate", "x", "y", "box-relate", "x_y"}),
        pytest.param(
            'class="ArticleDate"', {"articledate", "article", "date"}, id="camel-case-words"
        ),
        pytest.param('id="tinLienQuan"', {"tinlienquan", "tin", "lien", "quan"}, id="camel-id"),
        pytest.param('class="HTML5 top"', {"html5", "top"}, id="capitals-run-is-one-word"),
    ],
)
def test_class_tokens(attributes: str, words: set[str]) -> None:
    el = parse_fragment(f"<div {attributes}>x</div>")[0]
    assert class_tokens(el) == words


# A style sheet large enough to be cut before the parse (over 32 KB), and the article around it.
_SHEET = ".tin-bai{margin:0 auto;color:#222}\n" * 1200
_ARTICLE = "<h1>Đường về làng</h1><p>Chiều nay, đoàn xe về tới đầu làng.</p>"


def _as_read(root: etree._Element) -> bytes:
    """The tree as the extraction reads it: style sheets' text is never read."""
    for sheet in root.iter("style"):
        sheet.text = None
    return etree.tostring(root, encoding="utf-8")


@pytest.mark.parametrize(
    ("page", "cut"),
    [
        pytest.param(
            f"<html><head><style>{_SHEET}</style></head><body>{_ARTICLE}", True, id="in-head"
        ),
        pytest.param(
            f'<html><head><style type="text/css" media="all">{_SHEET}</STYLE >'
            f"<style>{_SHEET}</style></head><body>{_ARTICLE}<style>b{{}}</style>",
            True,
            id="two-sheets-and-a-small-one",
        ),
        # Not style sheets, though they read like one: the cut is undone, nothing is lost.
        pytest.param(
            f"<html><head><!-- <style>{_SHEET}</style> --><style>{_SHEET}</style></head>"
            f"<body>{_ARTICLE}",
            False,
            id="commented-out",
        ),
        pytest.param(
            f"<html><head><script>var css = '<style>{_SHEET}</style>';</script></head>"
            f"<body>{_ARTICLE}",
            False,
            id="in-a-script",
        ),
        pytest.param(
            f'<html><body><div title="<style>{_SHEET}</style>">{_ARTICLE}</div>',
            False,
            id="in-an-attribute",
        ),
        pytest.param(
            f"<html><head><style>{_SHEET}</style><title><style>{_SHEET}</style></title></head>"
            f"<body>{_ARTICLE}",
            False,
            id="in-a-title",
        ),
        pytest.param(
            f'<html><head><style media="a>b">{_SHEET}</style></head><body>{_ARTICLE}',
            False,
            id="a-quoted-angle-bracket-in-the-tag",
        ),
        # A sheet holding "<" is not cut: its end is not the first "<" after it.
        pytest.param(
            f"<html><head><style>{_SHEET}/* <b> */ {_SHEET}</style></head><body>{_ARTICLE}",
            False,
            id="angle-bracket-in-the-sheet",
        ),
        pytest.param(
            f"<html><head><STYLE>{_SHEET}</STYLE></head><body>{_ARTICLE}", False, id="upper"
        ),
    ],
)
def test_large_style_sheets_are_cut_before_the_parse_and_nothing_else_is(
    page: str, cut: bool
) -> None:
    """parse_page leaves the style sheets' text out (a third of the parse on pages with
    hundreds of KB of inline CSS); whatever looks like a sheet but is not one is caught by its
    check, and the page is then read whole."""
    markup = page.encode("utf-8")
    root = parse_page(markup)
    sheets = [sheet.text for sheet in root.iter("style")]
    assert (bool(sheets) and all(text is None for text in sheets)) == cut
    assert _as_read(root) == _as_read(parse_document(markup))
    assert "Chiều nay, đoàn xe về tới đầu làng." in text_of(root)
