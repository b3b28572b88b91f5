"""Small lxml helpers: whitespace as a browser renders it, parsing any page, tree edits."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.cleaning.dom import (
    ClassWords,
    class_tokens,
    drop_tree,
    parse_document,
    parse_fragment,
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
