"""The JSON Schema of the YAML format, generated from the pydantic models.

Committed at `schemas/toc.schema.json` so editors can offer completion through the
`# yaml-language-server: $schema=...` modeline; a test fails when the committed copy is stale.
"""

from __future__ import annotations

import json
from typing import Any

from toc._urls import DOCS_BASE
from toc.model import TheoryOfChange

SCHEMA_ID = f"{DOCS_BASE}toc.schema.json"
"""The schema's `$id`; the docs site publishes `schemas/toc.schema.json` there."""


def json_schema() -> dict[str, Any]:
    """The schema as a dict (draft 2020-12)."""
    schema = TheoryOfChange.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "Theory of change",
    }


def schema_text() -> str:
    """The schema as the JSON text committed to the repository (stable, ends with a newline)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
