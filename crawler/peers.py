"""The general-purpose extractors we measure ourselves against, behind one signature:
(url, page bytes) -> Prediction. Installed with the `bench` extra; absent ones are skipped."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import datetime

from w3lib.encoding import html_to_unicode

from crawler.evaluation import Prediction
from crawler.extraction.dates import VIETNAM

Extractor = Callable[[str, bytes], Prediction]


def _text(body: bytes) -> str:
    """The page as a str, decoded the way Scrapy decodes it (BOM, <meta>, then detection)."""
    return html_to_unicode(None, body)[1]


def trafilatura() -> Extractor | None:
    try:
        import trafilatura as lib
    except ImportError:
        return None

    def run(url: str, body: bytes) -> Prediction:
        doc = lib.bare_extraction(body, url=url, with_metadata=True, as_dict=True)
        if not isinstance(doc, dict) or not doc.get("text"):
            return Prediction(error="no text")
        authors = [a.strip() for a in (doc.get("author") or "").replace(";", ",").split(",")]
        return Prediction(
            doc.get("title") or "", doc["text"], doc.get("date"), [a for a in authors if a]
        )

    return run


def newspaper4k() -> Extractor | None:
    try:
        with warnings.catch_warnings():  # "nltk is not installed": only its NLP features need it
            warnings.simplefilter("ignore")
            from newspaper import Article, Config
    except ImportError:
        return None
    config = Config()
    # Its defaults download every image to pick a "top image", and cache seen URLs on disk:
    # both leave the machine, and the first blocks for seconds per page with no network.
    config.fetch_images = False
    config.memorize_articles = False

    def run(url: str, body: bytes) -> Prediction:
        article = Article(url, config=config)
        article.download(input_html=_text(body))
        article.parse()
        if not article.text:
            return Prediction(error="no text")
        published = article.publish_date
        if isinstance(published, datetime) and published.tzinfo is not None:
            published = published.astimezone(VIETNAM)  # the calendar day is Vietnam's
        day = published.isoformat() if isinstance(published, datetime) else None
        return Prediction(article.title or "", article.text, day, list(article.authors))

    return run


PEERS: dict[str, Callable[[], Extractor | None]] = {
    "trafilatura": trafilatura,
    "newspaper4k": newspaper4k,
}


def versions() -> dict[str, str]:
    from importlib import metadata

    found = {}
    for name in PEERS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found
