"""Boilerplate removal: named rules, kept as data, applied to an article's body container.

A rule matches a block in one of three ways: by element name (`tags`), by a word of its class or
id (`tokens`), or by the heading that opens it (`headings`, compared with the whole heading text,
so "Ý kiến" — an opinion section — is content while "Ý kiến bạn đọc" — reader comments — is not).
On top of the rules, blocks that are mostly links are removed (`link_density`), and a site module
may add its own CSS selectors (`site_noise`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from lxml.etree import _Element

from crawler.cleaning.dom import (
    ClassWords,
    any_of,
    attached,
    class_tokens,
    contains,
    drop_tree,
    images,
    is_element,
    link_density,
    parse_fragment,
    squash,
    text_content,
    text_of,
    to_html,
)
from crawler.cleaning.selectors import compile_css


@dataclass(frozen=True)
class Rule:
    name: str
    tags: frozenset[str] = frozenset()  # element names that are always this kind of block
    tokens: frozenset[str] = frozenset()  # words of class/id that mark the block
    headings: frozenset[str] = frozenset()  # casefolded heading texts that open the block


def _rule(name: str, tags: str = "", tokens: str = "", headings: Iterable[str] = ()) -> Rule:
    return Rule(
        name,
        frozenset(tags.split()),
        frozenset(tokens.split()),
        frozenset(h.casefold() for h in headings),
    )


RULES: tuple[Rule, ...] = (
    _rule("scripts", tags="script style noscript template link meta button select input svg"),
    _rule(
        "comments",
        tokens="comment comments binhluan binh-luan cmt fb-comments disqus",
        headings=(
            "Bình luận",
            "Ý kiến bạn đọc",
            "Ý kiến của bạn",
            "Bạn đọc bình luận",
            "Gửi bình luận",
            "Viết bình luận",
        ),
    ),
    _rule(
        "feedback",
        tags="form textarea",
        tokens="feedback phanhoi phan-hoi",
        headings=("Phản hồi", "Gửi phản hồi", "Ý kiến phản hồi", "Gửi ý kiến"),
    ),
    _rule(
        "related_news",
        tokens=(
            "related relate relates relation lienquan tinlienquan tin-lien-quan other-news"
            " othernews"
            " tinkhac same-category samecategory cungchuyenmuc readmore read-more see-more xemthem"
        ),
        headings=(
            "Tin liên quan",
            "Bài liên quan",
            "Tin bài liên quan",
            "Các tin khác",
            "Các tin đã đưa",
            "Tin khác",
            "Bài khác",
            "Tin cùng chuyên mục",
            "Cùng chuyên mục",
            "Xem thêm",
            "Đọc thêm",
            "Có thể bạn quan tâm",
            "Có thể bạn chưa đọc",
            "Tin mới",
        ),
    ),
    _rule(
        "sidebar",
        tags="aside nav",
        tokens="sidebar side-bar mostread most-read mostview most-viewed xemnhieu docnhieu latest",
        headings=(
            "Mới nhất",
            "Tin mới nhất",
            "Xem nhiều nhất",
            "Xem nhiều",
            "Đọc nhiều",
            "Đọc nhiều nhất",
            "Tin đọc nhiều",
            "Tin xem nhiều",
            "Tin nổi bật",
            "Nổi bật",
            "Tin tiêu điểm",
        ),
    ),
    _rule(
        "share",
        tokens="share sharing social print toolbar tools bookmark sharebox share-tools",
        headings=("Chia sẻ", "In bài", "Gửi email", "Gửi bài viết", "Lưu bài viết"),
    ),
    _rule(
        "ads",
        tags="ins iframe object embed",
        tokens="ads ad adv advert advertisement banner quangcao qc sponsor sponsored adsbygoogle"
        " teads promo promotion",
        headings=("Quảng cáo", "Tài trợ", "Nội dung tài trợ"),
    ),
    _rule(
        "tags",
        tokens="tags tag tag-list taglist keywords keyword tukhoa tu-khoa",
        headings=("Từ khóa", "Từ khoá", "Tags", "Tag", "Chủ đề", "Xem theo chủ đề"),
    ),
    _rule(
        "pagination",  # a page of a story split over several: the way to the next one
        tokens="pagination paging pager next-page nextpage page-nav phantrang phan-trang",
    ),
    _rule(
        "embeds",  # posts of social networks shown in the page: their author's, not the article's
        tokens="twitter-tweet twitter-video instagram-media tiktok-embed fb-post fb-video",
    ),
    _rule(
        "newsletter",
        tokens="newsletter subscribe subscription",
        headings=("Đăng ký nhận tin", "Nhận bản tin", "Đăng ký nhận bản tin"),
    ),
)

# A heading is short; longer blocks are text even when they start with a vocabulary word.
_MAX_HEADING = 60
# "Ý kiến bạn đọc (3):" and "» Đọc thêm" are the headings "ý kiến bạn đọc" and "đọc thêm"
_HEADING_TRIM = re.compile(r"(?:\s*\(\d+\))?[\s:：»›>|\-–—.]*$|^[\s»›>|\-–—]+")
_HEADING_TAGS = frozenset(
    ["h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong", "b", "header"]
)
_INLINE_HEADINGS = frozenset({"span", "strong", "b"})
# Elements whose removal by class/id would take most of the article with them are kept: a class
# such as "content-share-wrapper" sometimes wraps the whole body.
_GUARD_SHARE = 0.5
_GUARD_MIN_CHARS = 400
_LONG_WORD = 6  # rule words this long are distinctive enough to match inside a class name
_CONTAINERS = frozenset(
    "div section ul ol table dl form header footer span p li blockquote".split()
)
_LIST_BLOCKS = frozenset(["div", "section", "ul", "ol", "table", "dl"])
_CARD_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
# A link line's text besides its link: arrows, bullets and the words that announce one.
_LINK_LINE_LEAD = re.compile(r"(?:[>»›•·\-–—:|*\s]|xem thêm|đọc thêm|tin liên quan|xem|đọc)*")
_LINE_BLOCKS = frozenset(["p", "div", "ul", "ol", "table", "section", "article"])
_MIN_HEADLINE_WORDS = 4  # "Xem tại đây" is a link in a sentence's place, no story's headline
_CONTINUED = re.compile(
    r"(?:mời (?:quý )?(?:độc giả|bạn đọc) )?(?:xem|đọc) tiếp (?:trang|phần|kỳ) \d+", re.I
)
_MAX_CONTINUED = 200
_CONTINUED_ANYWHERE = re.compile(r"(?:xem|đọc) tiếp (?:trang|phần|kỳ) \d", re.I)


@dataclass
class Cleaned:
    root: _Element  # the container, with the boilerplate removed
    removed: Counter[str] = field(default_factory=Counter)  # rule name -> blocks removed

    @property
    def html(self) -> str:
        return to_html(self.root)


def heading_key(text: str) -> str:
    return _HEADING_TRIM.sub("", text).casefold()


def strip_boilerplate(
    body: str | _Element,
    *,
    site_noise: Iterable[str] = (),
    max_link_density: float = 0.5,
    rules: tuple[Rule, ...] = RULES,
) -> Cleaned:
    """Remove boilerplate blocks from a body container; count removals per rule. A tree is
    cleaned in place; markup is parsed into a <div> root first."""
    root = parse_fragment(body) if isinstance(body, str) else body
    removed: Counter[str] = Counter()

    for selector in site_noise:
        for el in compile_css(selector)(root):
            if el is not root and attached(el, root):
                drop_tree(el)
                removed["site_noise"] += 1

    texts = _Texts(root, frozenset().union(*(rule.tags for rule in rules)))
    matches = _matches(root, rules, texts)
    for rule in rules:
        for el, by_heading in matches[rule.name]:
            if attached(el, root):
                if by_heading:
                    _remove_block(el, root)
                else:
                    drop_tree(el)
                removed[rule.name] += 1

    for card in _story_cards(root):
        drop_tree(card)
        removed["related_news"] += 1

    for line in _story_link_lines(root):
        drop_tree(line)
        removed["related_news"] += 1

    for line in _continued_lines(root):
        drop_tree(line)
        removed["pagination"] += 1

    for el in list(root.iterdescendants(*_LIST_BLOCKS)):  # the tag filter runs in C
        if (
            attached(el, root)
            and len(el.findall(".//a")) >= 2
            and link_density(el) > max_link_density
            and not _holds_images(el)
        ):
            drop_tree(el)
            removed["link_density"] += 1

    return Cleaned(root, removed)


class _Texts:
    """Each element's text, computed once (reading every div's text once per rule made this
    stage quadratic). Valid while the tree is unchanged: matches are collected before removal."""

    def __init__(self, root: _Element, removed_tags: frozenset[str] = frozenset()) -> None:
        self._root = root
        self._texts: dict[_Element, str] = {}
        self._headings: dict[_Element, str | None] = {}
        self._keys: dict[_Element, str | None] = {}
        # Elements the rules remove by name (buttons, forms): a heading is read without them,
        # "Ý kiến bạn đọc" and not "Ý kiến bạn đọc Gửi ý kiến".
        self._removed_tags = removed_tags
        self._holders: set[_Element] | None = None  # elements of root that hold one of them

    def __call__(self, el: _Element) -> str:
        text = self._texts.get(el)
        if text is None:
            text = self._texts[el] = text_of(el)
        return text

    def heading(self, el: _Element) -> str | None:
        """The element's text if it is short enough for a heading, else None. Long texts are
        ruled out by their count of non-space characters, without collapsing whitespace."""
        if el in self._headings:
            return self._headings[el]
        own = el.text
        if own and len(own) > _MAX_HEADING and _non_space(own) > _MAX_HEADING:
            # A paragraph: its own text is too long already, whatever its children add.
            self._headings[el] = None
            return None
        held = self._holds_removed(el)
        raw = _text_without(el, self._removed_tags) if held else text_content(el)
        text: str | None = None
        if len(raw) <= _MAX_HEADING or _non_space(raw) <= _MAX_HEADING:
            text = squash(raw)
            text = text if len(text) <= _MAX_HEADING else None
        self._headings[el] = text
        return text

    def _holds_removed(self, el: _Element) -> bool:
        """Whether `el`, inside the root, holds an element the rules remove by name. Their
        holders are found once, up from each such element, in one walk with lxml's tag filter:
        building that filter for every heading cost more than reading the heading."""
        if self._holders is None:
            holders: set[_Element] = set()
            tags = self._removed_tags
            for found in self._root.iterdescendants(*tags) if tags else ():
                for ancestor in found.iterancestors():
                    if ancestor in holders:
                        break  # and so are the ones above it
                    holders.add(ancestor)
                    if ancestor is self._root:
                        break
            self._holders = holders
        return el in self._holders

    def heading_key(self, el: _Element) -> str | None:
        """`heading_key` of the element's heading text, once per element (every rule asks)."""
        if el in self._keys:
            return self._keys[el]
        text = self.heading(el)
        key = self._keys[el] = heading_key(text) if text else None
        return key


def _text_without(el: _Element, tags: frozenset[str]) -> str:
    parts: list[str] = []

    def walk(node: _Element) -> None:
        parts.append(node.text or "")
        for child in node:
            if is_element(child) and child.tag not in tags:
                walk(child)
            parts.append(child.tail or "")

    walk(el)
    return "".join(parts)


def _non_space(text: str) -> int:
    return (
        len(text)
        - text.count(" ")
        - text.count("\n")
        - text.count("\t")
        - text.count("\r")
        - text.count("\f")
    )


def _matches(
    root: _Element, rules: tuple[Rule, ...], texts: _Texts
) -> dict[str, list[tuple[_Element, bool]]]:
    """For each rule, the elements it matches (in one walk of the tree), each with whether it
    matched as a heading. A rule matches by element name, else by class word, else by heading."""
    found: dict[str, list[tuple[_Element, bool]]] = {rule.name: [] for rule in rules}
    by_tag, with_tokens, by_heading = _rule_index(rules)
    any_word = _any_rule_word(rules)
    # Only elements some rule can match, picked by lxml's tag filter in C: links, images and
    # inline markup, most of a body's elements, are never looked at in Python.
    for el in root.iterdescendants(*_walked_tags(rules)):
        tag = el.tag
        named = by_tag.get(tag, ())
        container, heading = tag in _CONTAINERS, tag in _HEADING_TAGS
        decided = {rule.name for rule in named}  # a rule decides once per element
        for rule in named:
            found[rule.name].append((el, False))
        # Class words only for containers whose class or id holds a rule word somewhere.
        if container and any_word.mentioned(el):
            tokens = class_tokens(el)
            for rule in with_tokens:
                if rule.name not in decided and _token_match(tokens, rule.tokens):
                    decided.add(rule.name)
                    if not _guarded(texts(el), root, texts):
                        found[rule.name].append((el, False))
        if heading:
            key = texts.heading_key(el)
            for rule in by_heading.get(key, ()) if key else ():
                if rule.name not in decided and _is_heading(el, rule.headings, texts):
                    found[rule.name].append((el, True))
    return found


@lru_cache(maxsize=16)
def _rule_index(
    rules: tuple[Rule, ...],
) -> tuple[dict[str, tuple[Rule, ...]], tuple[Rule, ...], dict[str, tuple[Rule, ...]]]:
    """The rules by element name, those with class words, and the rules by heading key: each
    element then asks only the rules that can match it."""
    by_tag: dict[str, list[Rule]] = {}
    by_heading: dict[str, list[Rule]] = {}
    for rule in rules:
        for tag in rule.tags:
            by_tag.setdefault(tag, []).append(rule)
        for key in rule.headings:
            by_heading.setdefault(key, []).append(rule)
    return (
        {k: tuple(v) for k, v in by_tag.items()},
        tuple(rule for rule in rules if rule.tokens),
        {k: tuple(v) for k, v in by_heading.items()},
    )


@lru_cache(maxsize=16)
def _walked_tags(rules: tuple[Rule, ...]) -> tuple[str, ...]:
    """The element names any rule can match: by name, or as a container or heading."""
    return tuple(sorted(_CONTAINERS | _HEADING_TAGS | {t for rule in rules for t in rule.tags}))


@lru_cache(maxsize=16)
def _any_rule_word(rules: tuple[Rule, ...]) -> ClassWords:
    """Every rule's class words: an element that mentions none of them matches no rule."""
    return ClassWords(w for rule in rules for w in rule.tokens)


def _token_match(tokens: set[str], words: frozenset[str]) -> bool:
    """A class word equals a rule word, or holds a long one ("box-tinlienquanv2", "relatedbox")."""
    if tokens & words:
        return True
    pattern = _long_words(words)
    # The whole class names are among the tokens, and a long word holds no space, so it lies
    # inside a token exactly when it lies inside the space-joined tokens.
    return pattern is not None and pattern.search(" ".join(tokens)) is not None


@lru_cache(maxsize=64)
def _long_words(words: frozenset[str]) -> re.Pattern[str] | None:
    long = [w for w in words if len(w) >= _LONG_WORD]
    return re.compile(any_of(long)) if long else None


def _story_cards(root: _Element) -> list[_Element]:
    """Other stories' cards set in the text: a headline that is all link, whether the link wraps
    the heading (news.zing.vn's "table.article" inserts) or the heading wraps the link (a
    thumbnail beside an "h3 > a"), with the block around it holding nothing else."""
    cards: list[_Element] = []
    for heading in root.iter(*_CARD_HEADINGS):
        text = text_of(heading)
        if not text:
            continue
        link = next((a for a in heading.iterancestors("a") if a.get("href")), None)
        if link is None:
            linked = [a for a in heading.iter("a") if a.get("href")]
            if not linked or sum(len(text_of(a)) for a in linked) < len(text):
                continue  # <a name> anchors and headings with their own words are the text's
            block: _Element = heading
        else:
            block, text = link, text_of(link)
        parent = block.getparent()
        while parent is not None and parent is not root and text_of(parent) == text:
            block, parent = parent, parent.getparent()
        if not any(contains(card, block) for card in cards):
            cards.append(block)
    return cards


def _story_link_lines(root: _Element) -> list[_Element]:
    """Paragraphs that are one link to another story and nothing else but an arrow or a lead
    word: ">> Ông nông dân U70 sấy nấm…", "» Xem thêm: …". A sentence with a link in it has
    words of its own outside the link."""
    lines = []
    for el in root.iterdescendants("p", "div"):
        if el.tag == "div" and any(is_element(c) and c.tag in _LINE_BLOCKS for c in el):
            continue
        links = [a for a in el.iter("a") if a.get("href")]
        if len(links) != 1:
            continue
        linked = text_of(links[0])
        if len(linked.split()) < _MIN_HEADLINE_WORDS:
            continue
        rest = text_of(el).replace(linked, " ", 1)
        if _LINK_LINE_LEAD.fullmatch(rest.strip().casefold()):
            lines.append(el)
    return lines


def _continued_lines(root: _Element) -> list[_Element]:
    """ "Mời quý độc giả xem tiếp trang 2: …", "Xem tiếp phần 2": the line that sends the
    reader on to the next page of a story split over several."""
    # Most bodies: one search of their text instead of one per paragraph, and that search only
    # when "tiếp" as it is written ("Xem tiếp", "XEM TIẾP") comes before "trang", "phần" or
    # "kỳ" somewhere: a regex that ignores case has no fast path and read a 5,000-character
    # body in 0.1 ms, and "tiếp" alone is in most bodies ("tiếp tục", "trực tiếp").
    text = text_content(root)
    if not _continued_somewhere(text) or not _CONTINUED_ANYWHERE.search(text):
        return []
    return [
        el
        for el in root.iterdescendants("p", "div", "span")
        if not any(is_element(c) and c.tag in _LINE_BLOCKS for c in el)
        and len(text := text_of(el)) <= _MAX_CONTINUED
        and _CONTINUED.match(text)
    ]


def _continued_somewhere(text: str) -> bool:
    for needle in ("iếp ", "IẾP "):
        at = text.find(needle)
        while at >= 0:
            if text[at + 4 : at + 9].casefold().startswith(_CONTINUED_UNITS):
                return True
            at = text.find(needle, at + 4)
    return False


_CONTINUED_UNITS = ("trang", "phần", "kỳ")


def _guarded(text: str, root: _Element, texts: _Texts) -> bool:
    """A block holding much of the body's text is no boilerplate, whatever its class says. (The
    body's text is read only for such a long block: most pages have none.)"""
    chars = len(text)
    return chars >= _GUARD_MIN_CHARS and chars > _GUARD_SHARE * len(texts(root))


def _is_heading(el: _Element, headings: frozenset[str], texts: _Texts) -> bool:
    if el.tag not in _HEADING_TAGS:
        return False
    if texts.heading_key(el) not in headings:
        return False
    text = texts.heading(el)
    assert text is not None  # it has a key
    if el.tag in _INLINE_HEADINGS:
        # <strong>Tin liên quan</strong> heads a block when it opens its line and nothing but
        # links follow ("Xem thêm: <a>…</a>"); "Bạn đọc có thể <strong>xem thêm</strong> bản đồ …"
        # is running text
        parent = el.getparent()
        if parent is None:
            return False
        line = texts(parent)
        linked = sum(len(texts(a)) for a in parent.iter("a"))
        return line.startswith(text) and len(line) - len(text) - linked <= 3
    return True


def _remove_block(el: _Element, root: _Element) -> None:
    """Remove the block a heading opens: its widest ancestor that starts with it, or, when the
    heading stands alone among paragraphs, the heading and the link lists that follow it."""
    heading = text_of(el)
    block = el
    parent = block.getparent()
    while parent is not None and parent is not root and text_of(parent).startswith(heading):
        if len(parent) > 1 and _holds_article_text(parent, heading):
            break
        block = parent
        parent = block.getparent()
    if text_of(block) == heading:
        # A lone heading: the links it introduces follow as siblings.
        nxt = block.getnext()
        while nxt is not None and is_element(nxt) and _is_link_list(nxt):
            after = nxt.getnext()
            drop_tree(nxt)
            nxt = after
    drop_tree(block)


def _holds_article_text(el: _Element, heading: str) -> bool:
    """A parent that also holds long non-link text is the article, not the boilerplate block."""
    rest = len(text_of(el)) - len(heading)
    linked = sum(len(text_of(a)) for a in el.iter("a"))
    return rest - linked > _GUARD_MIN_CHARS


def _is_link_list(el: _Element) -> bool:
    text = text_of(el)
    if not text:
        return el.tag in _LIST_BLOCKS or el.tag == "p"
    return el.findall(".//a") != [] and link_density(el) > 0.5


def _holds_images(el: _Element) -> bool:
    """An article picture with a short caption; a thumbnail inside a link is a teaser's."""
    pictures = [img for img in images(el) if not any(True for _ in img.iterancestors("a"))]
    return bool(pictures) and len(text_of(el)) < 300
