"""Article discovery: sitemaps (index, urlset, Google News), RSS/Atom feeds and listing pages.

XML is parsed without entity expansion or network access, so a hostile sitemap cannot expand a
billion laughs or read local files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urldefrag, urljoin

from lxml import etree
from lxml.etree import _Element

from crawler.cleaning.dom import parse_document, text_content
from crawler.extraction.dates import parse_iso, to_vietnam


@dataclass(frozen=True)
class Entry:
    url: str
    date: datetime | None = None  # lastmod, news:publication_date or the feed item's date


@dataclass(frozen=True)
class Sitemap:
    kind: str  # "sitemapindex", "urlset", or "" when the document is not a sitemap
    entries: list[Entry]
    malformed: bool = False  # not well-formed: read as far as the parser could


def _xml(body: bytes) -> tuple[_Element | None, bool]:
    """The document's root, and whether it was malformed (recovered as far as possible).

    Entities are never expanded, DTDs never loaded, nothing fetched: a document that declares
    entities (the "billion laughs" bomb, an external entity naming a local file) is refused
    whole, as no sitemap or feed needs them."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, recover=True, load_dtd=False
    )
    try:
        root = etree.fromstring(body.strip(), parser=parser)
    except etree.XMLSyntaxError:
        return None, True
    if root is None or root.getroottree().docinfo.internalDTD is not None:
        return None, False
    return root, len(parser.error_log) > 0


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_sitemap(body: bytes) -> Sitemap:
    """Entries of a sitemap index or urlset. For a news sitemap the date is the publication date."""
    root, malformed = _xml(body)
    if root is None or _local(root.tag) not in ("sitemapindex", "urlset"):
        return Sitemap("", [])
    entries = []
    for item in root:
        if _local(item.tag) not in ("sitemap", "url"):
            continue
        loc, lastmod, published = None, None, None
        for el in item.iter():
            name = _local(el.tag)
            text = (el.text or "").strip()
            if name == "loc" and loc is None:
                loc = text
            elif name == "lastmod":
                lastmod = parse_iso(text)
            elif name == "publication_date":
                published = parse_iso(text)
        if loc:
            entries.append(Entry(loc, published or lastmod))
    return Sitemap(_local(root.tag), entries, malformed)


def parse_feed(body: bytes) -> list[Entry]:
    """Items of an RSS 2.0 or Atom feed, with their dates."""
    root, _ = _xml(body)
    if root is None:
        return []
    entries = []
    for item in root.iter():
        name = _local(item.tag)
        if name not in ("item", "entry"):
            continue
        link, date = None, None
        for el in item:
            child = _local(el.tag)
            text = (el.text or "").strip()
            if child == "link":
                href = el.get("href")
                if href and el.get("rel", "alternate") == "alternate":
                    link = href.strip()
                elif text and link is None:
                    link = text
            elif child == "guid" and link is None and text.startswith("http"):
                link = text
            elif child in ("pubDate", "published", "updated", "date") and date is None:
                date = _feed_date(text)
        if link:
            entries.append(Entry(link, date))
    return entries


def _feed_date(text: str) -> datetime | None:
    try:
        return to_vietnam(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return parse_iso(text)


_NEXT_TEXT = re.compile(r"^(?:trang sau|sau|tiếp|xem tiếp|next|»|›|>|>>)$", re.I)


def parse_listing(html: str, base_url: str) -> tuple[list[str], list[str]]:
    """(links, next pages) of a listing page: every link, and the pagination's next page(s)."""
    tree = parse_document(html)
    links: dict[str, None] = {}
    pages: dict[str, None] = {}
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        url = urldefrag(urljoin(base_url, href))[0]
        links.setdefault(url, None)
        rel = (a.get("rel") or "").lower().split()
        if "next" in rel or _NEXT_TEXT.match(" ".join(text_content(a).split())):
            pages.setdefault(url, None)
    for link in tree.iter("link"):
        if "next" in (link.get("rel") or "").lower().split() and link.get("href"):
            pages.setdefault(urljoin(base_url, link.get("href", "")), None)
    return list(links), list(pages)


def feed_links(html: str, base_url: str) -> list[str]:
    """RSS/Atom feeds a page announces with <link rel=alternate type=application/rss+xml>."""
    tree = parse_document(html)
    found = []
    for link in tree.iter("link"):
        kind = (link.get("type") or "").lower()
        if "alternate" in (link.get("rel") or "").lower() and kind in (
            "application/rss+xml",
            "application/atom+xml",
        ):
            found.append(urljoin(base_url, link.get("href", "")))
    return found
