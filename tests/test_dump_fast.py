"""The fast YAML writer writes exactly what PyYAML's representer and libyaml's emitter wrote.

`toc.dumps` writes the known shape as text (the representer cost most of a conversion); these
tests compare it byte for byte with the PyYAML rendering it replaced, kept as `_dumps_pyyaml`.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toc
from toc.model import TheoryOfChange
from toc.shipped import model_files

from .strategies import models, slugs, text

_dump = importlib.import_module("toc.dump")  # `toc.dump` the name is the function
EXAMPLES = Path(__file__).parent.parent / "examples"


def _same(model: TheoryOfChange) -> None:
    assert toc.dumps(model) == _dump._dumps_pyyaml(model)
    assert toc.dumps(model, schema="s.json") == _dump._dumps_pyyaml(model, schema="s.json")


@pytest.mark.parametrize(
    "path", [*model_files(), *sorted(EXAMPLES.glob("*.yaml"))], ids=lambda path: Path(path).name
)
def test_shipped_models_and_examples_are_written_byte_for_byte(path: Path) -> None:
    _same(toc.load(path))


@given(models())
def test_generated_models_are_written_byte_for_byte(model: TheoryOfChange) -> None:
    _same(model)


# Long one-line text of the characters the fast writer handles itself, with the YAML indicators
# and spaces that decide plain or quoted and where a line folds at the width of 100.
_line = st.text(" abc:#-,'\"[]{}?!\u00e9\u2013", min_size=1, max_size=260).filter(
    lambda s: s.strip()
)
_free = st.one_of(_line, text)
# Many ids make `uses: [a, b, ...]` wrap at the width; number-like ones (`1e3`) make it a block.
_ids = st.lists(
    st.one_of(st.from_regex(r"[a-z]{1,12}(?:-[a-z0-9]{1,12}){0,2}", fullmatch=True), slugs),
    min_size=1,
    max_size=12,
    unique=True,
).filter(lambda ids: not {"act", "out", "kpi", "end"} & set(ids))


@st.composite
def _wordy_models(draw: st.DrawFn) -> TheoryOfChange:
    inputs = draw(_ids)
    activity: dict[str, Any] = {
        "id": "act",
        "label": draw(_free),
        "description": draw(_free),
        "uses": inputs,
        "produces": ["out"],
        "source": {"document": draw(_free), "section": draw(_free)},
    }
    kpi: dict[str, Any] = {
        "id": "kpi",
        "label": draw(_free),
        "measure": "unit",
        "unit": draw(_free),
        "baseline": {"value": 3, "comment": draw(_free)},
    }
    data = {
        "toc": 1,
        "id": "wordy",
        "title": draw(_free),
        "description": draw(_free),
        "inputs": [{"id": name, "label": draw(_free)} for name in inputs],
        "activities": [activity],
        "outputs": [
            {
                "id": "out",
                "label": draw(_free),
                "measured_by": ["kpi"],
                "leads_to": [{"to": "end", "note": draw(_free)}],
            }
        ],
        "kpis": [kpi],
        "outcomes": [{"id": "end", "label": draw(_free), "term": "short"}],
    }
    return TheoryOfChange.model_validate(data)


@settings(max_examples=300)
@given(_wordy_models())
def test_long_text_folds_and_quotes_byte_for_byte(model: TheoryOfChange) -> None:
    _same(model)


def test_ordinary_text_never_reaches_pyyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path is taken: a model of printable one-line text is written without PyYAML."""

    def refuse(data: Any) -> str:
        raise AssertionError("written by PyYAML")

    model = toc.load(EXAMPLES / "workforce.yaml")
    expected = _dump._dumps_pyyaml(model)
    monkeypatch.setattr(_dump, "_pyyaml_text", refuse)
    assert toc.dumps(model) == expected
