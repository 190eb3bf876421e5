"""The committed JSON Schema is current and agrees with the loader."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from toc.dump import to_data
from toc.load import load
from toc.schema import json_schema, schema_text
from toc.shipped import model_files

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "schemas" / "toc.schema.json"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def test_committed_schema_is_current() -> None:
    """Regenerate with `toc schema -o schemas/toc.schema.json`."""
    assert COMMITTED.read_text(encoding="utf-8") == schema_text()


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("path", [*EXAMPLES, *model_files().values()], ids=lambda p: Path(p).name)
def test_models_validate_against_the_schema(path: Path) -> None:
    data = json.loads(json.dumps(to_data(load(path)), default=str))
    jsonschema.Draft202012Validator(json_schema()).validate(data)


def test_schema_accepts_short_and_long_links_and_refuses_unknown_keys() -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    base = {"toc": 1, "id": "m", "title": "T"}
    good = {
        **base,
        "activities": [{"id": "a", "label": "A", "uses": ["i", {"to": "j", "basis": "inferred"}]}],
    }
    assert not list(validator.iter_errors(good))
    bad = {**base, "activities": [{"id": "a", "label": "A", "colour": "red"}]}
    assert list(validator.iter_errors(bad))
    assert list(validator.iter_errors({**base, "toc": 2}))


def test_examples_carry_the_editor_modeline() -> None:
    for path in EXAMPLES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schemas/toc.schema.json", path
