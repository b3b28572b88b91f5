"""A cleaned body container -> paragraphs, images, byline and source line."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.etree import _Element

from crawler.cleaning.paragraphs import build_paragraphs
from crawler.extraction.bylines import take_byline, take_leading_byline
from crawler.items import Image


@dataclass
class BodyParts:
    paragraphs: list[str]
    images: list[Image]
    authors: list[str] = field(default_factory=list)  # from the byline ending (or opening) it
    source: str | None = None
    photo_story: bool = False  # no running text: the captions carry the story


def read_body(body: str | _Element, base_url: str = "") -> BodyParts:
    """Cut the body into paragraphs; move captions to images and the byline to its fields."""
    built = build_paragraphs(body, base_url)
    blocks, byline = take_byline(built.blocks)
    blocks, lead = take_leading_byline(blocks)
    credit = ", ".join(byline.photographers) or None
    images = [Image(p.url, p.caption, p.credit or credit) for p in built.pictures]
    paragraphs = [b.text for b in blocks]
    photo_story = not paragraphs and any(i.caption for i in images)
    if photo_story:
        paragraphs = [i.caption for i in images if i.caption]
    return BodyParts(
        paragraphs=paragraphs,
        images=images,
        authors=(byline.authors or lead.authors) + (byline.photographers if photo_story else []),
        source=byline.source,
        photo_story=photo_story,
    )
