"""The JSON Schema of the exported record, shipped with the package."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import fastjsonschema


def load_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("article.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def record_problems(line: str | bytes) -> list[str]:
    """What is wrong with one JSON Lines record: not JSON, or where and how it breaks the
    schema ("title: '' should be non-empty"); [] for a valid record."""
    try:
        record = json.loads(line)
    except ValueError as exc:
        return [f"not JSON: {exc}"]
    if is_valid(record):
        return []
    problems = []
    missing: dict[str, list[str]] = {}
    for error in sorted(_validator().iter_errors(record), key=lambda e: [str(p) for p in e.path]):
        where = ".".join(str(p) for p in error.path) or "record"
        if error.validator == "required":  # one line for all the keys missing at one place
            missing.setdefault(where, []).append(str(error.message).split("'")[1])
        else:
            problems.append(f"{where}: {error.message}")
    problems += [f"{where}: missing {', '.join(keys)}" for where, keys in missing.items()]
    return problems


def is_valid(record: Any) -> bool:
    """Whether a record meets the schema. A check compiled to Python code (fastjsonschema), a
    tenth of jsonschema's time: the crawl checks every record it exports. jsonschema stays the
    reference, and gives the messages for the records this refuses."""
    try:
        _compiled()(record)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


@lru_cache(maxsize=1)
def _compiled() -> Any:
    return fastjsonschema.compile(load_schema())


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(load_schema())
