"""Paragraph building: a cleaned body container -> images with captions, then text blocks.

Images are taken out first, with their captions (figure/figcaption, caption tables, caption-classed
boxes, or a short italic or centred line right under a bare image), so that no caption stays in
the text. What remains is cut into blocks the way a browser lays it out: paragraphs, headings,
list items, quotations, and data-table rows with their cells joined by " | ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml.etree import Element, _Element

from crawler.cleaning.dom import (
    ClassWords,
    attached,
    class_tokens,
    contains,
    drop_tree,
    images,
    is_element,
    parse_fragment,
    squash,
    text_content,
    text_of,
)

BLOCK_TAGS = frozenset(
    "p div section article header footer h1 h2 h3 h4 h5 h6 ul ol li blockquote pre table tbody"
    " thead tfoot tr td th dl dt dd figure figcaption center address hr main".split()
)
_IMAGE_ATTRS = ("data-original", "data-src", "data-lazy-src", "data-srcset", "src")
# "chu_thich": chú thích, Vietnamese for caption ("img_chu_thich", "chuthich-anh")
_CAPTION_CLASS = re.compile(
    r"caption|image[-_]?desc|img[-_]?desc|chu[-_]?thich|photo[-_]?desc", re.I
)
_MAX_CAPTION = 400
# A picture's box: a caption table's text (a photo story's captions run long), and the text a
# box holds besides its caption element (a credit, a "Xem ảnh lớn" label; not a paragraph).
_MAX_BOX_TEXT = 800
_MAX_BOX_EXTRA = 40
_MIN_PICTURE_SIDE = 100  # pixels: smaller images set in a line are icons
_RIGHT = re.compile(r"text-align\s*:\s*right", re.I)
_CENTER = re.compile(r"text-align\s*:\s*center", re.I)
_CREDIT = re.compile(
    r"(?:^|[\s(.\-–—])(?:Ảnh|Ảnh minh họa|Nguồn ảnh|Photo)\s*:\s*([^()]+?)\s*\)?\.?$"
)


@dataclass(frozen=True)
class Block:
    text: str
    right: bool = False  # right-aligned: where Vietnamese sites put bylines
    bold: bool = False  # all of its text is bold
    heading: bool = False


@dataclass(frozen=True)
class Picture:
    url: str
    caption: str | None
    credit: str | None


@dataclass(frozen=True)
class Body:
    blocks: list[Block]
    pictures: list[Picture]


def build_paragraphs(body: str | _Element, base_url: str = "") -> Body:
    """Split a cleaned body container into picture records and text blocks, in reading order.
    A tree is taken apart in place: pictures are removed from it as they are read."""
    root = parse_fragment(body) if isinstance(body, str) else body
    pictures = _take_pictures(root, base_url)
    blocks: list[Block] = []
    _walk(root, blocks, [], {})
    return Body([b for b in blocks if b.text.strip()], pictures)


def caption_credit(caption: str | None) -> str | None:
    """The photographer named at the end of a caption ("… Ảnh: Võ Hải." -> "Võ Hải")."""
    if not caption:
        return None
    match = _CREDIT.search(caption.strip())
    return match.group(1).strip() if match else None


# -- pictures ---------------------------------------------------------------------------------


def _image_url(img: _Element, base_url: str) -> str | None:
    for attr in _IMAGE_ATTRS:
        value = (img.get(attr) or "").strip()
        if attr == "data-srcset":
            value = value.split(",")[0].split(" ")[0]
        if value and not value.startswith("data:"):
            return urljoin(base_url, value)
    return None


def _take_pictures(root: _Element, base_url: str) -> list[Picture]:
    pictures = []
    for img in images(root):
        if img.getparent() is None or not attached(img, root):
            continue
        url = _image_url(img, base_url)
        container, caption_el = _picture_box(img, root)
        caption = _caption_text(container, caption_el, img)
        if url:
            pictures.append(Picture(url, caption or None, caption_credit(caption)))
        if caption_el is not None and not contains(container, caption_el):
            drop_tree(caption_el)
        if container is root:
            drop_tree(img)
        else:
            drop_tree(container)
    return pictures


def _picture_box(img: _Element, root: _Element) -> tuple[_Element, _Element | None]:
    """The element holding one picture, and its caption element when the caption has one."""
    # figure / caption table / caption-classed wrapper, a few levels up.
    node = img.getparent()
    searched: _Element | None = None  # a level below whose descendants hold no caption
    for _ in range(5):
        if node is None or node is root:
            break
        if node.tag == "figure":
            caption = node.find(".//figcaption")
            return node, caption if caption is not None else _caption_classed(node, searched)
        if node.tag == "table" and len(images(node)) == 1 and len(text_of(node)) <= _MAX_BOX_TEXT:
            return node, _caption_classed(node, searched)
        cap = _caption_classed(node, searched)
        if cap is not None and len(images(node)) == 1 and _little_else(node, cap):
            return node, cap
        searched = node if cap is None else None
        node = node.getparent()
    # A bare image: its line, and the caption-like line right under it.
    line = img
    while (
        line.getparent() is not None and line.getparent() is not root and line.tag not in BLOCK_TAGS
    ):
        line = line.getparent()
    if line is img or (text_of(line).strip() and not _is_caption_line(line)):
        # A picture that ends a run of text (forum-style bodies: "text<br><a><img></a><br>"),
        # with a caption-like line right after the run.
        caption = _caption_after(img, root) if _is_picture_sized(img) else None
        return img, caption
    nxt = line.getnext()
    if nxt is not None and is_element(nxt) and _is_caption_line(nxt) and not images(nxt):
        return line, nxt
    return line, None


def _caption_after(img: _Element, root: _Element) -> _Element | None:
    """The caption-like line that follows `img`, when nothing but line breaks and spaces stand
    between them: up from the picture while it is the last thing in its element, then the next
    element after that."""
    node = img
    while node is not root:
        if (node.tail or "").strip():
            return None
        after = node.getnext()
        while after is not None and is_element(after) and after.tag == "br":
            if (after.tail or "").strip():
                return None
            after = after.getnext()
        if after is not None:
            if is_element(after) and _is_caption_line(after) and not images(after):
                return after
            return None
        parent = node.getparent()
        if parent is None:
            return None
        node = parent
    return None


def _is_picture_sized(img: _Element) -> bool:
    """Not an icon or an emoji set in the text: no declared side under 100 pixels."""
    if "emoji" in img.get("class", "") or "icon" in img.get("class", ""):
        return False
    for side in ("width", "height", "data-width", "data-height"):
        value = img.get(side, "").strip().removesuffix("px")
        if value.isdigit() and int(value) < _MIN_PICTURE_SIDE:
            return False
    return True


def _little_else(box: _Element, caption: _Element) -> bool:
    """A picture's box holds its caption and little other text: not the whole body, which holds
    one picture and one caption once its other pictures are taken."""
    return len(text_of(box)) - len(text_of(caption)) <= _MAX_BOX_EXTRA


def _caption_classed(node: _Element, searched: _Element | None = None) -> _Element | None:
    """The first element in `node` that is classed as a caption and holds no image.

    `searched`: a child of `node` whose descendants are known to hold none (the level below,
    asked just before): they are skipped, so each level of a picture's wrappers reads only
    what the level below did not."""
    for child in node.iterchildren(Element):  # elements only: no comments or text
        for el in (child,) if child is searched else child.iter(Element):
            if _is_caption(el):
                return el
    return None


def _is_caption(el: _Element) -> bool:
    klass, ident = el.get("class"), el.get("id")
    if not klass and not ident:
        return False  # most elements: nothing to read
    names = f"{klass or ''} {ident or ''}"
    if not (
        _CAPTION_CLASS.search(names)
        # VnExpress: <p class="Image"> in the caption row of a tplCaption table
        or (
            el.tag == "p"
            and "image" in names.lower()
            and "image" in class_tokens(el)
            and text_content(el).strip()
        )
    ):
        return False
    # The image test searches the element's subtree: last, for the few classed as captions.
    return not images(el)


def _is_caption_line(el: _Element) -> bool:
    text = text_of(el)
    if not text.strip() or len(text) > _MAX_CAPTION:
        return False
    if _CAPTION_CLASS.search(el.get("class", "")):
        return True
    italic = "".join(text_of(e) for e in el.iter("em", "i"))
    return italic.strip() == text.strip() or bool(_CENTER.search(el.get("style", "")))


def _caption_text(container: _Element, caption_el: _Element | None, img: _Element) -> str:
    if caption_el is not None:
        return text_of(caption_el).strip()
    if container.tag == "table":
        rows = [text_of(td) for td in container.iter("td", "th") if not images(td)]
        return " ".join(r for r in rows if r.strip()).strip()
    if container is not img:
        return text_of(container).strip()
    return ""


# -- text blocks ------------------------------------------------------------------------------


# Inline text waiting for a block boundary: (text, whether it is bold).
Buffer = list[tuple[str, bool]]


def _walk(
    el: _Element,
    out: list[Block],
    buf: Buffer,
    aligned: dict[_Element, bool],
    owner: _Element | None = None,
    bold: bool = False,
) -> None:
    """Append the blocks of `el` to `out`; inline text accumulates in `buf` until a boundary.

    `owner` is the nearest enclosing block: a line cut by <br> takes its alignment.
    `aligned` remembers which elements are right-aligned (a paragraph asks its ancestors).
    """
    if el.tag == "br":
        _flush(out, buf, aligned, owner)
        if el.tail:
            buf.append((el.tail, bold))
        return
    if el.tag == "table" and _is_data_table(el):
        _flush(out, buf, aligned)
        for row in el.iter("tr"):
            cells = [text_of(c) for c in row if is_element(c) and c.tag in ("td", "th")]
            cells = [c for c in cells if c.strip()]
            if cells:
                out.append(Block(" | ".join(cells)))
        if el.tail:
            buf.append((el.tail, bold))
        return
    block = el.tag in BLOCK_TAGS
    if block:
        _flush(out, buf, aligned, owner)
        owner = el
    inner_bold = bold or el.tag in ("strong", "b")
    if el.text:
        buf.append((el.text, inner_bold))
    for child in el:
        if is_element(child):
            _walk(child, out, buf, aligned, owner, inner_bold)
        elif child.tail:  # comments and processing instructions: keep only what follows them
            buf.append((child.tail, inner_bold))
    if block:
        _flush(out, buf, aligned, el)
    if el.tail:
        buf.append((el.tail, bold))


def _flush(
    out: list[Block], buf: Buffer, aligned: dict[_Element, bool], el: _Element | None = None
) -> None:
    if not buf:
        return
    text = squash("".join(t for t, _ in buf))
    if not text.strip():
        buf.clear()
        return
    bold = all(b for t, b in buf if t.strip())
    buf.clear()
    right = el is not None and _right_aligned(el, aligned)
    heading = el is not None and el.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}
    out.append(Block(text, right=right, bold=bold, heading=heading))


def _right_aligned(el: _Element, aligned: dict[_Element, bool]) -> bool:
    """Right-aligned by its own style or by a wrapping block's."""
    known = aligned.get(el)
    if known is None:
        parent = el.getparent()
        known = aligned[el] = _aligned_itself(el) or (
            parent is not None and _right_aligned(parent, aligned)
        )
    return known


def _aligned_itself(el: _Element) -> bool:
    if _RIGHT.search(el.get("style", "")) or el.get("align", "").lower() == "right":
        return True
    return _RIGHT_CLASS(el)


_RIGHT_CLASS = ClassWords(("right", "text-right", "author"))


def _is_data_table(table: _Element) -> bool:
    """A table of cells with text, not a layout table holding paragraphs or blocks."""
    for cell in table.iter("td", "th"):
        for inner in cell.iterdescendants():
            if is_element(inner) and inner.tag in BLOCK_TAGS - {"p"}:
                return False
    return table.find(".//tr") is not None
