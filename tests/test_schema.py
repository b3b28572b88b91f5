"""The shipped JSON Schema and the Article record describe the same thing."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import jsonschema

from crawler.items import RECORD_FIELDS, Article, Image
from crawler.schema import load_schema


def test_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(load_schema())


def test_schema_requires_exactly_the_exported_fields_in_order() -> None:
    schema = load_schema()
    assert schema["required"] == list(RECORD_FIELDS)
    assert set(schema["properties"]) - {"id"} == set(RECORD_FIELDS)


def test_a_complete_record_validates_and_a_broken_one_does_not() -> None:
    article = Article(
        url="https://vnexpress.net/a-4954454.html",
        canonical_url="https://vnexpress.net/a-4954454.html",
        site="vnexpress.net",
        title="Tiêu đề",
        published_at="2025-10-22T19:25:00+07:00",
        images=[Image("https://i.vnecdn.net/a.jpg", "Chú thích", None)],
        crawled_at="2026-11-26T03:00:00Z",
    ).with_paragraphs(["Đoạn một của bài.", "Đoạn hai của bài."])
    record = article.to_record()
    validator = jsonschema.Draft202012Validator(load_schema())
    assert list(validator.iter_errors(record)) == []
    broken = {**record, "published_at": "2025-10-22T19:25:00+08:00"}
    assert list(validator.iter_errors(broken)) != []


def test_working_fields_never_reach_the_record() -> None:
    article = Article(body_html="<p>x</p>", noise=("div.x",))
    record = replace(article, body=article.body_tree()).to_record()
    assert not {"body", "body_html", "noise", "paragraphs"} & set(record)


def test_the_readme_record_table_lists_the_exported_fields_in_order() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The record", 1)[1].split("\n\n", 3)[2]
    listed = re.findall(r"^\| `([a-z_]+)` \|", section, re.M)
    assert listed == list(RECORD_FIELDS)
