"""A page is a pure function of (url, html, clock) -> Article fields.

`ArticlePage` is the generic extractor: structured data first (JSON-LD `NewsArticle`, then
OpenGraph/<meta>), then content heuristics. A site module subclasses it and sets CSS selectors as
data; each selector that is set overrides the generic way for that field only, and a selector that
finds nothing falls back to the generic way, so a redesign degrades a field instead of the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from copy import deepcopy
from datetime import UTC, datetime
from functools import cached_property, lru_cache
from typing import Any, ClassVar, NamedTuple
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.etree import XPath, _Element

from crawler.cleaning.dom import (
    ClassWords,
    class_tokens,
    contains,
    drop_tree,
    images,
    is_element,
    link_density,
    parse_page,
    squash,
    text_content,
    text_of,
    to_html,
)
from crawler.cleaning.selectors import compile_css
from crawler.extraction import structured
from crawler.extraction.bylines import parse_source, split_names, without_desk
from crawler.extraction.dates import iso, parse_display, parse_iso
from crawler.items import Article

_HOME = frozenset({"trang chủ", "home", "trang chu", "tin tức", "báo"})
_SAPO_TOKENS = frozenset(
    "sapo lead summary description desc intro short_intro chapeau chappeau article-summary"
    " detail-sapo"
    " the-article-summary article__sapo singular-sapo".split()
)
_BODY_TOKENS = frozenset(
    "content detail body article fck_detail singular-content the-article-body entry post text"
    " maincontent main-content news-content cms-body".split()
)
_NOT_BODY_TOKENS = frozenset(
    "comment comments sidebar related relate footer header menu nav share tags tag ads"
    " banner aside widget".split()
)
_LEADERS = 8  # containers, by paragraph score, whose link density is weighed
# A block that carries on the best container's paragraphs: at least this share of its score,
# with at most this link density.
_SPLIT_SIBLING_SHARE = 0.2
_SPLIT_SIBLING_LINKS = 0.3
# Author boxes, and the blocks whose "author" classes are someone else's (a commenter's, a
# related story's).
_AUTHOR_CLASS_WORDS = ("author", "byline", "tac-gia", "tacgia")
_AUTHOR_PATHS = ("/tac-gia/", "/author/")  # in the links to a writer's own page
_NOT_AUTHOR_PLACES = frozenset("comment comments related relate sidebar aside".split())
_AUTHOR_PREFIX = re.compile(r"^(?:tác giả|bài(?: viết)?|pv|phóng viên)\s*:?\s*", re.IGNORECASE)
_MAX_AUTHOR_BOX = 60
_NAME_SEPARATORS = frozenset({"-", "–", ",", ";", "/", "&", "và"})
_WEEKDAY = re.compile(r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|cn)\b", re.IGNORECASE)
_WEEKDAY_LINES = XPath(
    "//body//*[starts-with(normalize-space(text()), 'Thứ ')"
    " or starts-with(normalize-space(text()), 'Chủ nhật')"
    " or starts-with(normalize-space(text()), 'Chủ Nhật')] | $body"
)
_CAPTION_CHARS = (40, 800)  # a picture's caption, long enough to carry a photo story's text
_DATE_TOKENS = frozenset(
    "date time timer datetime publish published pubdate pdate ngay ngaydang date-time time-update"
    " detail-time article__time the-article-publish post-time posttime".split()
)
_BREADCRUMB_TOKENS = frozenset({"breadcrumb", "breadcrumbs", "bread-crumb", "breadcrum"})
_DOMAIN = re.compile(r"\.(?:vn|com|net|org|info)\b")
_TITLE_SUFFIX = re.compile(r"\s+[|\-–—]\s+[^|\-–—]{2,30}$")
_TITLE_PREFIX = re.compile(r"^(?P<site>[^|\-–—]{2,40}?)\s+[|\-–—]\s+(?P<rest>.{10,})$")
_LONG_PARAGRAPH = 80  # characters
_MIN_RUNNING_PARAGRAPHS = 3
_PARA_TAGS = frozenset({"p", "h2", "h3", "blockquote", "li", "pre"})
_MIN_SCORED_CHARS = 25  # a paragraph shorter than this adds nothing to its container's score
# Children that make a <div> a container rather than a paragraph. (Not <table>: old pages set
# their text straight in layout cells, and such a <div> is the paragraph that holds it.)
_INNER_BLOCKS = frozenset(
    "p div article section main header footer aside nav form ul ol dl blockquote".split()
)
_INLINE_HOLDERS = frozenset({"span", "font"})
_RUN_BREAKS = _INNER_BLOCKS | {"table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "center"}


class _Parsed(NamedTuple):
    tree: _Element
    # Found in the same walk as the code that was dropped: each whole-tree walk costs 10-20 µs.
    json_ld: list[_Element]  # its JSON-LD <script> elements
    metas: list[_Element]  # its <meta> elements, in page order
    links: list[_Element]  # its <link> elements, in page order


class ArticlePage:
    """Generic Vietnamese news article page. Subclasses set CSS selectors; None means generic."""

    title: ClassVar[str | None] = None  # the displayed headline
    summary: ClassVar[str | None] = None  # the sapo / lead
    body: ClassVar[str | None] = None  # the body container only: pipelines clean it
    authors: ClassVar[str | None] = None  # elements each holding one or more author names
    published: ClassVar[str | None] = None  # the displayed publication date
    section: ClassVar[str | None] = None  # breadcrumb links; the first after "home" is the section
    tags: ClassVar[str | None] = None  # tag links
    source: ClassVar[str | None] = None  # a source line outside the body ("Theo Reuters")
    noise: ClassVar[tuple[str, ...]] = ()  # blocks inside the body that the generic rules miss
    brands: ClassVar[tuple[str, ...]] = ()  # names the site gives as author that are no person
    prefer_displayed_date: ClassVar[bool] = False  # the page's ISO dates carry a wrong offset
    # False: the site shows its writers only in the byline that ends the body, so the search
    # for author boxes (a walk over every class attribute, up to 0.6 ms a page) is skipped.
    author_boxes: ClassVar[bool] = True

    def __init__(self, url: str, html: str | bytes) -> None:
        self.url = url
        self.html = html  # the page decoded, or its UTF-8 bytes
        self._selected: dict[str, list[_Element]] = {}  # selector -> what it found on this page

    # -- parsing ------------------------------------------------------------------------------

    @cached_property
    def tree(self) -> _Element:
        """The page, without the code and style sheets that are no reader's text (JSON-LD is kept:
        it is data). Left in, a <style> block reads as a long unlinked paragraph."""
        return self._parsed.tree

    @cached_property
    def _parsed(self) -> _Parsed:
        tree = parse_page(self.html)
        json_ld: list[_Element] = []
        heads: dict[str, list[_Element]] = {"meta": [], "link": []}
        templates = False
        for el in list(tree.iter("script", "style", "template", "meta", "link")):
            if el.tag in heads:
                heads[el.tag].append(el)
                continue
            kind = structured.script_type(el) if el.tag == "script" else None
            if kind in structured.JSON_TYPES:
                if kind == structured.JSON_LD:
                    json_ld.append(el)
                continue
            templates = templates or el.tag == "template"
            drop_tree(el)  # keeps its tail text
        if templates:  # the <meta> and <link> a dropped <template> held are gone with it
            heads = {tag: list(tree.iter(tag)) for tag in heads}
        return _Parsed(tree, json_ld, heads["meta"], heads["link"])

    @cached_property
    def metas(self) -> structured.MetaIndex:
        return structured.meta_index(self._parsed.metas)

    @cached_property
    def ld(self) -> dict[str, Any]:
        return structured.article_ld(self.ld_all)

    @cached_property
    def ld_all(self) -> list[dict[str, Any]]:
        return structured.json_ld(self._parsed.json_ld)

    def select(self, selector: str | None) -> list[_Element]:
        """Elements of the first alternative of a "a, b, c" selector that matches anything.

        Alternatives are tried in the order written (a layout's selector before an older
        layout's), not in document order as a CSS selector group would return them.
        """
        if not selector:
            return []
        if selector in self._selected:
            return self._selected[selector]
        found: list[_Element] = []
        for alternative in _alternatives(selector):
            found = list(compile_css(alternative)(self.tree))
            if found:
                break
        self._selected[selector] = found
        return found

    def select_text(self, selector: str | None) -> str | None:
        for el in self.select(selector):
            text = text_of(el)
            if text:
                return text
        return None

    # -- the article check ----------------------------------------------------------------------

    def is_article(self) -> bool:
        """A page is an article when its JSON-LD says so, or when it reads like one.

        Many section pages call themselves og:type "article", so og:type only rules pages out
        ("website"). Reading like an article means running text: at least three long
        paragraphs side by side, where a listing has one teaser per story. A page without
        running text passes when og:type says "article" and a site module's own body container
        or a photo story is on it; with nothing declared, only a photo story in the site
        module's own container passes.
        """
        body = self.body_element
        if body is None or not self.headline():
            return False
        if self.ld:
            return True
        og_type = (structured.meta(self.metas, "og:type") or "").lower()
        if og_type and og_type != "article":
            return False
        if _running_paragraphs(body) >= _MIN_RUNNING_PARAGRAPHS:
            return True
        own_container = bool(self.select(self.body))
        if og_type == "article":
            return own_container or body is self._photo_story
        # Nothing declared: a photo story in the site module's own article container.
        return own_container and body is self._photo_story

    # -- fields ---------------------------------------------------------------------------------

    def article(self, now: datetime) -> Article:
        """Every field the page gives; the body stays HTML for the pipelines to clean. The body
        container is taken out of the page, not copied: the page has no reader after this."""
        canonical = self.canonical_url()
        return Article(
            url=self.url,
            canonical_url=canonical,
            site=_site(canonical or self.url),
            title=self.headline() or "",
            summary=self.sapo(),
            authors=self.author_names(),
            declared_authors=self.declared_authors(),
            published_at=iso(self.published_at(now)),
            modified_at=iso(self.modified_at()),
            section=self.section_name(),
            tags=self.tag_list(),
            source=self.source_line(),
            language=self.language(),
            crawled_at=now.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            noise=tuple(self.noise),
            body=self.body_tree(take=True),  # last: it takes the body out of the page
        )

    def canonical_url(self) -> str:
        for value in (
            structured.link_href(self._parsed.links, "canonical"),
            structured.meta(self.metas, "og:url"),
        ):
            if value and value.startswith(("http", "/")):
                return urljoin(self.url, value)
        return self.url

    def headline(self) -> str | None:
        return self._headline

    def sapo(self) -> str | None:
        return self._sapo

    @cached_property
    def _headline(self) -> str | None:
        displayed = self.select_text(self.title)
        if displayed:
            return displayed
        h1s = [text_of(h) for h in self.tree.iter("h1") if text_of(h)]
        if len(h1s) == 1:
            return h1s[0]
        headline = structured.text_value(self.ld.get("headline"))
        if headline:
            return squash(headline)
        for value in (
            structured.meta(self.metas, "og:title", "twitter:title"),
            self.tree.findtext(".//title"),
        ):
            if value and value.strip():  # these carry the site's name: "… - Báo Tuổi Trẻ"
                declared = squash(value)
                # "X - Chính trị - Xã hội - Tuổi Trẻ Online": the h1 it starts with is the headline
                shown = [h for h in h1s if len(h) >= 10 and _starts_with_words(declared, h)]
                if shown:
                    return max(shown, key=len)
                return _TITLE_SUFFIX.sub("", self._without_site_prefix(declared))
        return h1s[0] if h1s else None

    def _without_site_prefix(self, title: str) -> str:
        """ "VietNamNet - Giá thực phẩm tăng" -> "Giá thực phẩm tăng": a <title> that opens with
        the site's name (its og:site_name, or its domain's name) and a dash or bar."""
        match = _TITLE_PREFIX.match(title)
        if not match:
            return title
        site = _letters(match.group("site"))
        host = _site(self.url).split(".")[0]
        names = {_letters(structured.meta(self.metas, "og:site_name") or ""), _letters(host)}
        names.discard("")
        return match.group("rest") if any(name in site for name in names) else title

    @cached_property
    def _sapo(self) -> str | None:
        if self.summary:
            return self.select_text(self.summary)
        scope = self.tree
        for el in scope.iter("p", "div", "h2", "span", "td"):  # <td class="Lead">: old layouts
            if _SAPO_CLASS(el) and el is not self.body_element:
                text = text_of(el)
                if 20 <= len(text) <= 1000 and not contains(el, self.body_element):
                    return text
        return None

    def author_names(self) -> list[str]:
        """The writers as the page shows them: the site's author selector, else an author box."""
        shown: list[str] = []
        for el in self.select(self.authors):
            text = text_of(el)
            shown.extend(split_names(text) or ([text] if text else []))
        if shown:
            return _unique(shown)
        return self._author_box() if self.author_boxes else []

    def declared_authors(self) -> list[str]:
        """The writers as JSON-LD or <meta> declare them, the site's own name left out. A byline
        in the text, when there is one, is more reliable: CMSs often fill these with an editor's
        account or the publisher's owner ("FPT Online")."""
        publisher = structured.names(self.ld.get("publisher"))
        ld_authors = [
            n
            for n in structured.person_names(self.ld.get("author"))
            if n not in publisher and not self._is_brand(n)
        ]
        if ld_authors:
            return _unique(ld_authors)
        meta_author = structured.meta(self.metas, "author", "article:author", "dc.creator")
        if meta_author and not meta_author.startswith("http") and not self._is_brand(meta_author):
            return split_names(meta_author) or []
        return []

    def _author_box(self) -> list[str]:
        """Names from the first author box on the page (class "author", "byline", "tac-gia",
        rel/itemprop "author") outside comments and related news, and from the boxes beside it
        (one per writer): in each, the first element whose whole text is names ("Minh Chiến",
        not "Minh Chiến Theo dõi"). A page without such boxes: its links to a writer's own
        page ("/tac-gia/…") are read the same way."""
        return self._names_in_boxes(
            _author_box_query(_AUTHOR_CLASS_WORDS, ("rel", "itemprop"))
        ) or self._names_in_boxes(_author_box_query((), (), _AUTHOR_PATHS))

    def _names_in_boxes(self, query: _BoxQuery) -> list[str]:
        names: list[str] = []
        group: _Element | None = None
        for box in query.anywhere(self.tree):
            if group is not None and box.getparent() is not group:
                continue
            if query.inner(box):
                continue  # a wrapper: the boxes inside it, one per writer, are read instead
            if any(_not_an_author_place(a) for a in box.iterancestors()):
                continue
            found = self._names_in(box)
            if found:
                names.extend(found)
                group = box.getparent()
        return _unique(names)

    def _names_in(self, box: _Element) -> list[str]:
        for el in box.iter():
            if not is_element(el) or el.tag in ("img", "amp-img", "script", "style"):
                continue
            shown = [text_of(c) for c in el if is_element(c) and text_of(c)]
            if len(shown) >= 2:
                # The names are in its children, one each: "Minh Chiến" "Lan Anh", or with a
                # separator of their own between them ("Lâm Viên" "-" "Quế Hà"). Anything else
                # among them ("Theo dõi"): the names are read one level down.
                names = self._all_names(t for t in shown if t.strip() not in _NAME_SEPARATORS)
                if names:
                    return names
                continue
            names = self._all_names([text_of(el)])
            if names:
                return names
        return []

    def _all_names(self, texts: Iterable[str]) -> list[str]:
        """The names in every one of `texts` ([] unless each holds nothing but names, and no
        name is the site's own)."""
        found: list[str] = []
        for text in texts:
            text = without_desk(_AUTHOR_PREFIX.sub("", text))  # "Quang Vinh - Thu Hằng/VTV1"
            names = split_names(text) if 0 < len(text) <= _MAX_AUTHOR_BOX else None
            if not names or any(self._is_brand(n) for n in names):
                return []
            found.extend(names)
        return found

    def _is_brand(self, name: str) -> bool:
        """The site's own name given as the author ("VnExpress", "Báo Tuổi Trẻ", "FPT Online")."""
        squashed = name.lower().replace(" ", "")
        host = _site(self.url).lower()
        return (
            bool(_DOMAIN.search(name.lower()))
            or name.lower().startswith(("báo ", "tạp chí "))
            or name in self.brands
            or (len(squashed) > 3 and squashed in host.replace(".", ""))
        )

    def published_at(self, now: datetime | None = None) -> datetime | None:
        displayed = parse_display(self.select_text(self.published), now)
        if displayed is None and self.prefer_displayed_date:
            displayed = self._displayed_date(now)
        if displayed and (self.prefer_displayed_date or self.published):
            return displayed
        declared = parse_iso(structured.text_value(self.ld.get("datePublished"))) or parse_iso(
            structured.meta(
                self.metas,
                "article:published_time",
                "datePublished",
                "pubdate",
                "og:pubdate",
                "publishdate",
                "dc.date.issued",
                "date",
            )
        )
        if declared:
            return declared
        for el in self.tree.iter("time"):
            value = parse_iso(el.get("datetime")) or parse_display(text_of(el), now)
            if value:
                return value
        return self._displayed_date(now)

    def _displayed_date(self, now: datetime | None) -> datetime | None:
        """The date shown in an element whose class or id says it holds one, else on a line
        that opens with a weekday ("Thứ sáu, 2/5/2014 | 08:54 GMT+7"): the last such before the
        body, where an article's date line stands under its headline (a header's "today",
        "Thứ ba, 13/04/2010", comes earlier), else the first after it."""
        body = self.body_element
        tags = ("div", "span", "p", "li", "time", "td", *((body.tag,) if body is not None else ()))
        classed = [el for el in self.tree.iter(*tags) if el is body or _DATE_CLASS(el)]
        weekday = [  # the body too, in document order, for where it stands
            el
            for el in _WEEKDAY_LINES(self.tree, body=[] if body is None else [body])
            if el is body or _WEEKDAY.match(text_of(el)[:120])
        ]
        return _nearest_date(classed, body, now) or _nearest_date(weekday, body, now)

    def modified_at(self) -> datetime | None:
        return parse_iso(structured.text_value(self.ld.get("dateModified"))) or parse_iso(
            structured.meta(self.metas, "article:modified_time", "dateModified", "og:updated_time")
        )

    def section_name(self) -> str | None:
        crumbs = [text_of(a) for a in self.select(self.section)]
        if not crumbs:
            for el in self.tree.iter("ul", "ol", "div", "nav", "p"):
                if _BREADCRUMB_CLASS(el):
                    crumbs = [text_of(a) for a in el.iter("a")]
                    break
        if not crumbs:
            crumbs = structured.breadcrumb_ld(self.ld_all)
        for crumb in crumbs:
            if crumb and crumb.casefold() not in _HOME:
                return crumb
        section = structured.text_value(self.ld.get("articleSection"))
        return section or structured.meta(self.metas, "article:section")

    def tag_list(self) -> list[str]:
        if self.tags:
            # tags shown as "#vàng" or "vàng, " keep only the words
            return _unique(text_of(a).strip(" ,;#") for a in self.select(self.tags))
        return _unique(structured.meta_all(self.metas, "article:tag"))

    def source_line(self) -> str | None:
        shown = self.select_text(self.source)
        return (parse_source(shown) or shown) if shown else None

    def language(self) -> str:
        lang = (self.tree.get("lang") or structured.meta(self.metas, "og:locale") or "vi").strip()
        return lang.replace("_", "-").split("-")[0].lower() or "vi"

    # -- the body -------------------------------------------------------------------------------

    @cached_property
    def body_element(self) -> _Element | None:
        chosen = self.select(self.body)
        if chosen:
            return chosen[0]
        best = _best_container(self.tree)
        if best is None or _running_paragraphs(best) < _MIN_RUNNING_PARAGRAPHS:
            photo = self._photo_story
            return photo if photo is not None else best
        return best

    @cached_property
    def _photo_story(self) -> _Element | None:
        """A photo story's container: the smallest element holding every captioned picture,
        when there are at least three (the text is in the captions, one per table or figure)."""
        captioned = [
            frame
            for frame in self.tree.iter("figure", "table")
            if images(frame)
            and _CAPTION_CHARS[0] <= len(text_of(frame)) <= _CAPTION_CHARS[1]
            and link_density(frame) < 0.3
            and not any(
                is_element(f) and f.tag in ("figure", "table") for f in frame.iterdescendants()
            )
        ]
        if len(captioned) < _MIN_RUNNING_PARAGRAPHS:
            return None
        container: _Element | None = captioned[0].getparent()
        while container is not None and not all(contains(container, f) for f in captioned):
            container = container.getparent()
        if container is None or container.tag in ("body", "html"):
            return None
        return container

    def body_tree(self, *, take: bool = False) -> _Element:
        """A copy of the body container, minus the headline and sapo when it holds them, in a
        <div> root of its own (as parsed body markup would be) for the pipelines to clean.

        With `take`, the container itself, moved out of the page instead of copied (20-40 µs a
        page): for the last reader of the page, which `article` is."""
        root = etree.Element("div")
        el = self.body_element
        if el is None:
            return root
        copy = el if take else deepcopy(el)
        # Only when the body's text holds them can an element's text equal them: one text read
        # instead of one per block (each div's text repeats its children's), and squashed only
        # when the raw text holds each of their words (squashing changes only spaces, so a word
        # missing from the raw text is missing from the squashed one).
        raw = text_content(copy)
        candidates = [
            t for t in (self.headline(), self.sapo()) if t and all(w in raw for w in t.split())
        ]
        # The same, every run of spaces alike: no text that fails here is in `whole`.
        candidates = [t for t in candidates if holds_words_spaced(raw, t.split())]
        whole = squash(raw) if candidates else ""
        shown = [t for t in candidates if t in whole]
        # A text shorter than they are squashes to one shorter still: not squashed at all.
        shortest = min(map(len, shown), default=0)
        for node in list(copy.iter("h1", "h2", "p", "div")) if shown else ():
            if node is copy or node.getparent() is None:
                continue
            text = text_content(node)
            if len(text) >= shortest and squash(text) in shown:
                drop_tree(node)
        root.append(copy)
        return root

    def body_html(self) -> str:
        """The body container's HTML, as `body_tree` holds it."""
        return "".join(to_html(child) for child in self.body_tree())


def holds_words_spaced(text: str, words: list[str]) -> bool:
    """`" ".join(words) in " ".join(text.split())`, for words that hold no whitespace, without
    splitting the whole text (a body's text: 30-40 µs): the first word is looked for, and the
    others must follow it one by one, each after a run of whitespace."""
    if not words:
        return True
    first, rest = words[0], words[1:]
    at = text.find(first)
    while at >= 0:
        end = at + len(first)
        for word in rest:
            start = end
            while end < len(text) and text[end].isspace():
                end += 1
            if end == start or not text.startswith(word, end):
                break
            end += len(word)
        else:
            return True
        at = text.find(first, at + 1)
    return False


def _is_leaf_block(el: _Element) -> bool:
    """A paragraph-like block: a <div> counts only when it holds no block of its own (a <div>
    around an <article> of paragraphs is their container, not one long paragraph)."""
    return el.tag != "div" or not any(is_element(c) and c.tag in _INNER_BLOCKS for c in el)


class _Run(NamedTuple):
    chars: int
    linked: int  # of them inside links


def _text_runs(holder: _Element) -> list[_Run]:
    """The text of `holder` cut at its <br>s and block children, as a browser shows the lines
    of an old page whose paragraphs are "text<br><br>text" in one <td> or <font>."""
    runs: list[_Run] = []
    chars = linked = 0
    chars += len((holder.text or "").strip())
    for child in holder:
        if is_element(child) and (child.tag == "br" or child.tag in _RUN_BREAKS):
            if chars:
                runs.append(_Run(chars, linked))
            chars = linked = 0
        elif is_element(child):
            chars += len(text_of(child))
            linked += sum(len(text_of(a)) for a in child.iter("a"))
        chars += len((child.tail or "").strip())
    if chars:
        runs.append(_Run(chars, linked))
    return runs


def _br_paragraphs(root: _Element, min_chars: int) -> dict[_Element, list[_Run]]:
    """Elements (not themselves paragraphs) whose text is two or more <br>-separated runs of
    at least `min_chars` characters, mostly unlinked: each run is one of their paragraphs."""
    holders: dict[_Element, list[_Run]] = {}
    for br in root.iter("br"):
        holder = br.getparent()
        if holder is None or holder in holders or holder.tag in _PARA_TAGS:
            continue
        runs = [r for r in _text_runs(holder) if r.chars >= min_chars and r.linked < r.chars / 2]
        holders[holder] = runs if len(runs) >= 2 else []
    return {holder: runs for holder, runs in holders.items() if runs}


def _running_paragraphs(body: _Element) -> int:
    """The most long, mostly unlinked paragraphs that share one parent inside `body` (a run of
    text between <br>s counts as a paragraph of the element holding it)."""
    held = _br_paragraphs(body, _LONG_PARAGRAPH)
    per_parent: dict[_Element, int] = {}
    for holder, runs in held.items():
        per_parent[holder] = per_parent.get(holder, 0) + len(runs)
        parent = holder.getparent()
        if holder.tag in _INLINE_HOLDERS and parent is not None:
            # forum-style bodies: runs in one <span> after another, all one text
            per_parent[parent] = per_parent.get(parent, 0) + len(runs)
    for p in body.iter("p", "div", "blockquote"):
        if p in held or not _is_leaf_block(p):
            continue
        parent = p.getparent()
        if parent is None:
            continue
        text = text_of(p)
        if len(text) >= _LONG_PARAGRAPH and link_density(p, text) < 0.5:
            per_parent[parent] = per_parent.get(parent, 0) + 1
    return max(per_parent.values(), default=0)


class _BoxQuery(NamedTuple):
    anywhere: XPath  # author boxes in the page
    inner: XPath  # author boxes inside a given element (a wrapper of one box per writer)


@lru_cache(maxsize=64)
def _author_box_query(
    words: tuple[str, ...], attributes: tuple[str, ...], paths: tuple[str, ...] = ()
) -> _BoxQuery:
    # Attribute steps ("//*/@class[…]/..") rather than element tests ("//*[contains(@class, …)]"):
    # libxml2 then tests only the attributes that exist, two to three times faster on a page.
    steps = []
    if words:
        steps.append("*/@class[" + " or ".join(f"contains(., '{w}')" for w in words) + "]/..")
    steps += [f"*/@{a}[. = 'author']/.." for a in attributes]
    if paths:  # links to a writer's page: <a href="/tac-gia/pham-quang-vinh-4182.htm">
        steps.append("a/@href[" + " or ".join(f"contains(., '{p}')" for p in paths) + "]/..")
    if not steps:
        return _BoxQuery(XPath("/nothing"), XPath("/nothing"))
    return _BoxQuery(
        XPath(" | ".join("//" + step for step in steps)),
        XPath(" | ".join(".//" + step for step in steps)),
    )


_SAPO_CLASS = ClassWords(_SAPO_TOKENS)
_DATE_CLASS = ClassWords(_DATE_TOKENS)
_BREADCRUMB_CLASS = ClassWords(_BREADCRUMB_TOKENS)


def _not_an_author_place(el: _Element) -> bool:
    """Comments, related news, sidebars and the site's footer hold other people's names; an
    article's own footer ("article-footer", "detail-footer") holds its byline."""
    if el.tag == "aside":
        return True
    tokens = class_tokens(el)
    if tokens & _NOT_AUTHOR_PLACES:
        return True
    return "footer" in tokens and not tokens & _BODY_TOKENS


def _starts_with_words(text: str, prefix: str) -> bool:
    """`text` opens with `prefix` and the prefix ends a word there ("Hà Nội" opens "Hà Nội - X",
    not "Hà Nội mới")."""
    rest = text[len(prefix) :]
    return text.startswith(prefix) and not (rest[:1].isalnum())


def _best_container(tree: _Element) -> _Element | None:
    """The element whose paragraphs hold the most non-link text (a readability-style score)."""
    scores: dict[_Element, float] = {}
    held = _br_paragraphs(tree, _MIN_SCORED_CHARS)
    for holder, runs in held.items():  # "text<br><br>text": the holder is their container
        weight = sum(r.chars for r in runs)
        scores[holder] = scores.get(holder, 0.0) + weight
        grand = holder.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + weight / 2
    for p in tree.iter(*_PARA_TAGS, "div"):
        if p in held or not _is_leaf_block(p):
            continue
        text = text_of(p)
        if len(text) < _MIN_SCORED_CHARS or link_density(p, text) > 0.5:
            continue
        weight = len(text)
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + weight
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + weight / 2
    best, best_score = None, 0.0
    # The few leaders only: a container's own link density costs a walk of its text. A column
    # of teasers (headline links, unlinked summaries) scores on text but is mostly links.
    leaders = sorted(scores.items(), key=lambda pair: pair[1], reverse=True)[:_LEADERS]
    for el, score in leaders:
        tokens = class_tokens(el)
        if tokens & _NOT_BODY_TOKENS:
            score *= 0.2
        elif tokens & _BODY_TOKENS:
            score *= 1.25
        if el.tag in ("body", "html"):
            score *= 0.5
        score *= 1.0 - link_density(el)
        if score > best_score:
            best, best_score = el, score
    return _with_split_siblings(best, scores) if best is not None else None


def _with_split_siblings(best: _Element, scores: dict[_Element, float]) -> _Element:
    """The best container's parent, when the article's paragraphs go on in a sibling block
    (baotintuc.vn splits its body into #divfirst and #divend around a picture or an ad): a
    sibling that holds paragraphs of its own, is no comment list or sidebar by its class, and
    is mostly unlinked. The pipelines then clean what else the parent holds."""
    parent = best.getparent()
    if parent is None or parent.tag in ("body", "html"):
        return best
    floor = _SPLIT_SIBLING_SHARE * scores[best]
    for sibling in parent:
        if (
            sibling is not best
            and is_element(sibling)
            and scores.get(sibling, 0.0) >= floor
            and not class_tokens(sibling) & _NOT_BODY_TOKENS
            and link_density(sibling) < _SPLIT_SIBLING_LINKS
        ):
            return parent
    return best


@lru_cache(maxsize=512)
def _alternatives(selector: str) -> tuple[str, ...]:
    """Split a selector group on its top-level commas."""
    parts: list[str] = []
    current: list[str] = []
    depth, quote = 0, ""
    for ch in selector:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    parts.append("".join(current).strip())
    return tuple(p for p in parts if p)


def _nearest_date(
    elements: list[_Element], body: _Element | None, now: datetime | None
) -> datetime | None:
    """Of elements in document order, `body` among them: the date shown by the last one before
    `body` that shows one, else by the first after it. An element inside the one that gave the
    date shows a part of it ("21:46 | 18/03/2026" holds "18/03/2026"): it is passed over."""
    before: datetime | None = None
    shown_by: _Element | None = None
    passed = body is None
    for el in elements:
        if el is body:
            if before is not None:
                return before
            passed = True
            continue
        if shown_by is not None and contains(shown_by, el):
            continue
        value = parse_display(text_of(el)[:120], now)
        if value is not None and passed:
            return value
        if value is not None:
            before, shown_by = value, el
    return before


def _letters(name: str) -> str:
    """A name's letters and digits, lower-cased: "VietNamNet" and "vietnamnet" compare equal."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _site(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        if v and v not in seen:
            seen[v] = None
    return list(seen)
