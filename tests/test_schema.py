"""The shipped JSON Schema and the Article record describe the same thing."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.items import RECORD_FIELDS, Article, Image
from crawler.schema import is_valid, load_schema, record_problems


def test_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(load_schema())


def test_schema_requires_exactly_the_exported_fields_in_order() -> None:
    schema = load_schema()
    assert schema["required"] == list(RECORD_FIELDS)
    assert set(schema["properties"]) - {"id"} == set(RECORD_FIELDS)


def complete_record() -> dict[str, object]:
    return (
        Article(
            url="https://vnexpress.net/a-4954454.html",
            canonical_url="https://vnexpress.net/a-4954454.html",
            site="vnexpress.net",
            title="Tiêu đề",
            summary="Tóm tắt.",
            published_at="2025-10-22T19:25:00+07:00",
            authors=["Hồng Phúc"],
            tags=["giáo dục"],
            images=[Image("https://i.vnecdn.net/a.jpg", "Chú thích", "Ảnh: TTXVN")],
            crawled_at="2026-11-26T03:00:00Z",
        )
        .with_paragraphs(["Đoạn một của bài.", "Đoạn hai của bài."])
        .to_record()
    )


def test_a_complete_record_validates_and_a_broken_one_does_not() -> None:
    record = complete_record()
    validator = jsonschema.Draft202012Validator(load_schema())
    assert list(validator.iter_errors(record)) == []
    broken = {**record, "published_at": "2025-10-22T19:25:00+08:00"}
    assert list(validator.iter_errors(broken)) != []


# Values of every JSON type, and strings near the schema's patterns.
NEAR_PATTERNS = [
    "", "vi", "en", "2025-10-22T19:25:00+07:00", "2025-10-22T19:25:00Z", "2025-10-22",
    "https://vnexpress.net/a.html", "ftp://x", "a" * 16, "0123456789abcdef", "Tin",
]  # fmt: skip
ANY_VALUE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(NEAR_PATTERNS),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["url", "caption", "credit", "x"]), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=400, deadline=None)
@given(
    changes=st.dictionaries(
        st.sampled_from([*RECORD_FIELDS, "extra"]),
        ANY_VALUE | st.just("<drop>"),
        min_size=1,
        max_size=3,
    )
)
def test_the_compiled_check_agrees_with_jsonschema(changes: dict[str, object]) -> None:
    # the crawl checks each record with the compiled check; jsonschema is the reference
    record = complete_record()
    for key, value in changes.items():
        if value == "<drop>":
            record.pop(key, None)
        else:
            record[key] = value
    validator = jsonschema.Draft202012Validator(load_schema())
    expected = not list(validator.iter_errors(record))
    assert is_valid(record) == expected
    assert (record_problems(json.dumps(record)) == []) == expected


def test_a_complete_record_passes_the_compiled_check() -> None:
    assert is_valid(complete_record())


def test_working_fields_never_reach_the_record() -> None:
    article = Article(body_html="<p>x</p>", noise=("div.x",))
    record = replace(article, body=article.body_tree()).to_record()
    assert not {"body", "body_html", "noise", "paragraphs"} & set(record)


def test_the_readme_record_table_lists_the_exported_fields_in_order() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The record", 1)[1].split("\n\n", 3)[2]
    listed = re.findall(r"^\| `([a-z_]+)` \|", section, re.M)
    assert listed == list(RECORD_FIELDS)


@given(first=st.lists(st.text(max_size=8), max_size=4), second=st.lists(st.text(max_size=8)))
def test_a_records_counts_follow_its_own_paragraphs_whatever_was_counted_before(
    first: list[str], second: list[str]
) -> None:
    """The word count and hash of the text counted last are kept for the same text counted
    again; a different text, even one counted just before, gets its own."""
    article = Article(url="https://bao.example.vn/a.htm")
    for paragraphs in (first, second, second, first):
        counted = article.with_paragraphs(paragraphs)
        text = "\n\n".join(paragraphs)
        assert counted.text == text
        assert counted.word_count == len(text.split())
        assert counted.content_hash == "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()
