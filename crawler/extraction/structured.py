"""Structured data on a page: JSON-LD objects and <meta>/<link> values."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from lxml.etree import _Element

ARTICLE_TYPES = frozenset(
    {
        "NewsArticle",
        "Article",
        "ReportageNews",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
    }
)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


JSON_LD = "application/ld+json"
JSON_TYPES = frozenset({JSON_LD, "application/json"})  # data blocks, not code


def script_type(script: _Element) -> str:
    """The <script>'s type, lower-cased, without parameters ("; charset=utf-8")."""
    return (script.get("type") or "").split(";")[0].strip().lower()


def json_ld(scripts: Iterable[_Element]) -> list[dict[str, Any]]:
    """Every JSON-LD object in these <script type="application/ld+json"> elements, @graph
    members flattened; broken blocks are skipped."""
    found: list[dict[str, Any]] = []
    for script in scripts:
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            try:  # a trailing comma is the commonest CMS slip
                data = json.loads(_TRAILING_COMMA.sub(r"\1", raw), strict=False)
            except ValueError:
                continue
        # No "&" in the block, written or escaped ("\u0026"): no string in it to unescape.
        if "&" in raw or "\\u0026" in raw:
            data = _unescape(data)
        found.extend(_flatten(data))
    return found


def _unescape(data: Any) -> Any:
    """Some CMSs escape letters inside JSON-LD strings as HTML ("Tu&#7893;i Tr&#7867;")."""
    if isinstance(data, str):
        return html.unescape(data) if "&" in data else data
    if isinstance(data, list):
        return [_unescape(v) for v in data]
    if isinstance(data, dict):
        return {k: _unescape(v) for k, v in data.items()}
    return data


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"])


def types_of(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type", [])
    return {kind} if isinstance(kind, str) else {k for k in kind if isinstance(k, str)}


def article_ld(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The page's NewsArticle-like object, or {}."""
    for obj in objects:
        if types_of(obj) & ARTICLE_TYPES:
            return obj
    return {}


def breadcrumb_ld(objects: list[dict[str, Any]]) -> list[str]:
    for obj in objects:
        if "BreadcrumbList" in types_of(obj):
            items = obj.get("itemListElement") or []
            if isinstance(items, dict):
                items = [items]
            ordered = sorted(
                (i for i in items if isinstance(i, dict)), key=lambda i: _int(i.get("position"))
            )
            names = []
            for item in ordered:
                name = item.get("name") or (item.get("item") or {}).get("name")
                if isinstance(name, str) and name.strip():
                    names.append(name.strip())
            return names
    return []


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def names(value: Any) -> list[str]:
    """Person names from a JSON-LD author value: a string, a Person, or a list of them."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        return names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in names(v)]
    return []


_ORGANISATIONS = frozenset(
    {"Organization", "NewsMediaOrganization", "Corporation", "GovernmentOrganization"}
)


def person_names(value: Any) -> list[str]:
    """`names`, without the organisations: an agency given as the author ("TTXVN") is the
    article's source, not its writer."""
    if isinstance(value, list):
        return [n for v in value for n in person_names(v)]
    if isinstance(value, dict) and types_of(value) & _ORGANISATIONS:
        return []
    return names(value)


def text_value(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and value:
        return text_value(value[0])
    if isinstance(value, dict):
        return text_value(value.get("url") or value.get("@id") or value.get("name"))
    return None


MetaIndex = dict[str, list[str]]


def meta_index(metas: Iterable[_Element]) -> MetaIndex:
    """Every non-empty <meta> content by its lower-cased property, name or itemprop, in page
    order: built once per page, since each lookup would otherwise walk the whole tree."""
    index: MetaIndex = {}
    for el in metas:
        content = el.get("content")
        if not content or not (content := content.strip()):
            continue
        done: list[str] = []  # a key given twice (property and name alike) is indexed once
        for attr in ("property", "name", "itemprop"):
            key = el.get(attr)
            if key and (key := key.strip().lower()) and key not in done:
                index.setdefault(key, []).append(content)
                done.append(key)
    return index


def meta(index: MetaIndex, *keys: str) -> str | None:
    """The first <meta> content among `keys`, in the order the keys are given."""
    for key in keys:
        values = index.get(key.lower())
        if values:
            return values[0]
    return None


def meta_all(index: MetaIndex, key: str) -> list[str]:
    return list(index.get(key.lower(), []))


def link_href(links: Iterable[_Element], rel: str) -> str | None:
    """The href of the first of these <link> elements with `rel` among its rel words."""
    for el in links:
        rels = (el.get("rel") or "").lower().split()
        if rel in rels and (el.get("href") or "").strip():
            return (el.get("href") or "").strip()
    return None
