"""The JSON Schema of the exported record, shipped with the package."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


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


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(load_schema())
