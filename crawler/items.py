"""The Article record: the exported schema, one comment per field stating its format.

The exported keys and their order are `RECORD_FIELDS`; the JSON Schema in
`crawler/schema/article.schema.json` describes the same record and a test keeps the two in step.
Fields after `crawled_at` are working state of the pipelines and are never exported.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any

from lxml.etree import _Element

from crawler.cleaning.dom import parse_fragment, to_html

SCHEMA_VERSION = (
    "4"  # 2: `search_key`, `normalisation`; 3: `revision`; 4: `duplicate_of`, `cluster_id`
)


@dataclass(frozen=True)
class Image:
    url: str  # absolute URL of the image file
    caption: str | None = None  # caption as displayed, credits included ("… Ảnh: Võ Hải")
    credit: str | None = None  # photographer, from the caption or the byline ("ảnh Hồng Phúc")


# An image's fields, in order: its exported object (dataclasses.asdict deep-copies each value,
# ten times the cost for strings that need no copy).
_IMAGE_FIELDS = tuple(f.name for f in fields(Image))


@dataclass
class Article:
    schema_version: str = SCHEMA_VERSION  # bumped on any incompatible change of this record
    url: str = ""  # the URL the page was fetched from
    canonical_url: str = ""  # <link rel=canonical> / og:url, else `url`
    site: str = ""  # the site's domain without "www.", e.g. "vnexpress.net"
    title: str = ""  # the headline as displayed above the article
    summary: str | None = None  # the sapo / lead paragraph, or null
    text: str = (
        ""  # body paragraphs joined by "\n\n"; no title, lead, captions, bylines, boilerplate
    )
    authors: list[str] = field(default_factory=list)  # writers' names only, in page order
    published_at: str | None = None  # ISO 8601, local time with "+07:00"
    modified_at: str | None = None  # ISO 8601, local time with "+07:00"
    section: str | None = None  # top-level section as displayed in the breadcrumb
    tags: list[str] = field(default_factory=list)  # the page's tag list as displayed
    images: list[Image] = field(default_factory=list)  # in-article images, in order
    source: str | None = None  # agency or source credit ("TTXVN"), from "Theo …" / "Nguồn: …"
    language: str = "vi"  # BCP 47 language of the text
    word_count: int = 0  # whitespace-separated tokens in `text`
    content_hash: str = ""  # "sha1:<hex>" of `text`; equal texts give equal hashes
    revision: int = 1  # 1 when first exported; +1 each time a changed text is exported again
    duplicate_of: str | None = None  # canonical URL of the cluster's earliest-published record
    cluster_id: str | None = None  # near-duplicate cluster ("c" + 15 hex); null: detection off
    search_key: str | None = None  # title, summary, text: lower case, no marks, đ -> d; or null
    normalisation: list[str] = field(default_factory=list)  # repairs made: "nfc", "tone_moved:3"
    crawled_at: str = ""  # UTC, ISO 8601 with "Z"
    # -- working state, not exported --
    body: _Element | None = None  # the body container, cleaned in place by the pipelines
    body_html: str = ""  # the body as markup, for records built without a page (tests, tools)
    paragraphs: list[str] = field(default_factory=list)  # body paragraphs, source of `text`
    noise: tuple[str, ...] = ()  # the site module's extra boilerplate selectors
    declared_authors: list[str] = field(default_factory=list)  # JSON-LD/<meta>: after a byline
    state_key: str = ""  # the URL discovery found it under: its key in the crawl state
    etag: str | None = None  # HTTP validators of the response, for conditional re-fetches
    last_modified: str | None = None
    listed_at: str | None = None  # the sitemap lastmod / feed date it was listed with
    prepared: tuple[str, ...] = ()  # pipelines that already ran on it in a worker process
    minhash: bytes = b""  # its text's near-duplicate signature, when a worker computed it

    def body_tree(self) -> _Element:
        """The body container to clean: the page's own tree (no serialising and parsing it again
        between pipelines), else `body_html` parsed."""
        return self.body if self.body is not None else parse_fragment(self.body_html)

    def body_html_now(self) -> str:
        """The body as markup, as the pipelines have left it so far."""
        if self.body is None:
            return self.body_html
        return "".join(to_html(child) for child in self.body)

    def ran(self, pipeline: object) -> bool:
        """Whether `pipeline` already ran on this record in a worker process."""
        return type(pipeline).__name__ in self.prepared

    def evolve(self, **changes: Any) -> Article:
        """A copy with `changes`, as dataclasses.replace makes it, at a thirtieth of its cost: the
        pipelines make several copies of every record, and replace() runs __init__ over every
        field (an unknown field name is a TypeError, as there). The fields are copied as a
        shallow copy.copy() would, without its pickling protocol (a third of the cost)."""
        unknown = changes.keys() - _FIELD_NAMES
        if unknown:
            raise TypeError(f"Article has no field {', '.join(sorted(unknown))}")
        copied = object.__new__(type(self))
        fields_ = copied.__dict__
        fields_.update(self.__dict__)
        fields_.update(changes)
        return copied

    def with_paragraphs(self, paragraphs: list[str]) -> Article:
        """Return a copy whose `text`, `word_count` and `content_hash` follow `paragraphs`."""
        text = "\n\n".join(paragraphs)
        word_count, content_hash = _counted(text)
        return self.evolve(
            paragraphs=paragraphs, text=text, word_count=word_count, content_hash=content_hash
        )

    def to_record(self) -> dict[str, Any]:
        """The exported record: `RECORD_FIELDS` in order, lists copied, images as plain objects.
        (Field by field: `asdict` would deep-copy the working state too, the body among it.)"""
        record: dict[str, Any] = {}
        for name in RECORD_FIELDS:
            value = getattr(self, name)
            if name == "images":
                value = [{key: getattr(image, key) for key in _IMAGE_FIELDS} for image in value]
            elif isinstance(value, list):
                value = list(value)
            record[name] = value
        return record


# The text counted last, with its word count and hash. A record's paragraphs are joined and
# counted when they are built and again once normalised, which most often leaves the body's
# text as it was: the same text is not split and hashed twice (40 µs a record). Keyed by the
# text itself, so the answer is the same either way.
_last_counted: tuple[str, int, str] = ("", 0, "sha1:" + hashlib.sha1(b"").hexdigest())


def _counted(text: str) -> tuple[int, str]:
    """`text`'s word count (whitespace-separated tokens) and "sha1:<hex>" hash."""
    global _last_counted
    last = _last_counted
    if last[0] == text:
        return last[1], last[2]
    last = (text, len(text.split()), "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest())
    _last_counted = last  # one assignment: another thread reads an old pair or a new one
    return last[1], last[2]


RECORD_FIELDS: tuple[str, ...] = (
    "schema_version",
    "url",
    "canonical_url",
    "site",
    "title",
    "summary",
    "text",
    "authors",
    "published_at",
    "modified_at",
    "section",
    "tags",
    "images",
    "source",
    "language",
    "word_count",
    "content_hash",
    "revision",
    "duplicate_of",
    "cluster_id",
    "search_key",
    "normalisation",
    "crawled_at",
)


# -- validation --------------------------------------------------------------------------------

MIN_WORDS = 20  # shorter "articles" are teasers, error pages or video stubs


def problem(article: Article, *, min_words: int = MIN_WORDS) -> str | None:
    """The name of the first reason this record cannot be exported, or None."""
    if not article.url.startswith(("http://", "https://")):
        return "bad_url"
    if not article.title.strip():
        return "missing_title"
    if not article.text.strip():
        return "empty_body"
    if article.word_count < min_words:
        return "too_short"
    return None


_FIELD_NAMES = frozenset(f.name for f in fields(Article))
