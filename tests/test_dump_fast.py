"""The fast YAML writer writes exactly what PyYAML's representer and libyaml's emitter wrote.

`toc.dumps` writes the known shape as text (the representer cost most of a conversion); these
tests compare it byte for byte with the PyYAML rendering it replaced, kept as `_dumps_pyyaml`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toc
import toc.io
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


# The plain data read from the records by per-class plans (`_fast_data`, `_data`) must be what
# `to_data` (pydantic's `model_dump(exclude_defaults=True)` then `_compact`) gives, types and key
# order included: a dict where `to_data` has a dict, a tuple where it has a tuple.


def _same_data(fast: Any, reference: Any, path: str = "$") -> None:
    assert type(fast) is type(reference), (path, fast, reference)
    if isinstance(reference, dict):
        assert list(fast) == list(reference), path
        for key in reference:
            _same_data(fast[key], reference[key], f"{path}.{key}")
    elif isinstance(reference, list | tuple):
        assert len(fast) == len(reference), path
        for index, (one, other) in enumerate(zip(fast, reference, strict=True)):
            _same_data(one, other, f"{path}[{index}]")
    else:
        assert fast == reference, path


@pytest.mark.parametrize(
    "path", [*model_files(), *sorted(EXAMPLES.glob("*.yaml"))], ids=lambda path: Path(path).name
)
def test_plans_give_to_data_for_shipped_models(path: Path) -> None:
    model = toc.load(path)
    _same_data(_dump._fast_data(model), _dump.to_data(model))


@given(models())
def test_plans_give_to_data_for_generated_models(model: TheoryOfChange) -> None:
    _same_data(_dump._fast_data(model), _dump.to_data(model))


def test_plans_give_to_data_for_a_converted_table() -> None:
    model = toc.io.read_file(EXAMPLES / "logic-model-table.xlsx").model
    assert model is not None
    _same_data(_dump._fast_data(model), _dump.to_data(model))
    _same(model)


_EXPLICIT_DEFAULTS = """\
toc: 1
id: m
title: T
description: null
outcome_levels: [early, {id: late, label: Late}]
inputs:
  - {id: funds, label: Funds, description: null, tags: [], uses: [], group: null}
activities:
  - id: act
    label: Act
    source: {document: plan.docx, incomplete: false, page: 3}
    uses:
      - {to: funds, relation: leads_to, feedback: false, assumptions: [], basis: null}
      - {to: funds, relation: contributes_to, feedback: true}
      - {to: funds, evidence: {strength: weak, citation: null}, assumptions: [hold]}
    produces: [{to: out}]
    tags: [{ref: "fw:a", basis: null}, {ref: "fw:a", note: why}]
outputs:
  - {id: out, label: Out, measured_by: [kpi], leads_to: [end]}
kpis:
  - id: kpi
    label: KPI
    measure: unit
    unit: people
    ascending: false
    baseline: {value: 3, dimensions: {}, comment: null}
    target:
      - {value: 5, comparator: ">=", date: 2027-03-31, dimensions: {id: x, sex: f}}
      - {value: 6.5, comparator: ">", year: 2028}
    actuals: []
outcomes:
  - {id: end, label: End, term: late}
assumptions:
  - {id: hold, label: It holds, applies_to: [act]}
"""


def test_fields_written_at_their_default_are_left_out_as_pydantic_does() -> None:
    """`relation: leads_to`, `feedback: false`, `dimensions: {}`: equal to the default, not it."""
    model = toc.loads(_EXPLICIT_DEFAULTS)
    _same_data(_dump._fast_data(model), _dump.to_data(model))
    _same(model)
    text = toc.dumps(model)
    assert "relation: leads_to" not in text and "feedback: false" not in text
    assert "- {to: funds, feedback: true, relation: contributes_to}" in text


class _Subclass(TheoryOfChange):
    """A model class of a user's own: `model_dump` is its to decide, so the plans decline it."""

    def extra(self) -> int:
        return 1


def test_records_the_plans_do_not_describe_are_written_by_the_reference() -> None:
    model = toc.loads(_EXPLICIT_DEFAULTS)
    subclassed = _Subclass.model_validate(model.model_dump())
    assert toc.dumps(subclassed) == _dump._dumps_pyyaml(subclassed)
    with pytest.raises(_dump._Decline):
        _dump._fast_data(subclassed)
    # Built without validation: an activity where inputs belong, a field missing.
    misplaced = TheoryOfChange.model_construct(
        toc=1,
        id="m",
        title="T",
        inputs=(toc.Activity(id="a", label="A"),),  # type: ignore[arg-type]  # the point
    )
    with pytest.raises(_dump._Decline):
        _dump._fast_data(misplaced)
    assert toc.dumps(misplaced) == _dump._dumps_pyyaml(misplaced)
    missing = TheoryOfChange.model_construct(toc=1, id="m")  # type: ignore[call-arg]  # no title
    assert toc.dumps(missing) == "toc: 1\nid: m\n"


# The common label is styled at once (`_styles`, and the same rule inlined in `_write_element`):
# printable ASCII starting with a letter, longer than any YAML 1.1 boolean or null word. Checked
# against the full analysis (`_string_styles`: libyaml's rules, both readers' resolvers).

_ascii_line = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=120)
_labels = st.one_of(
    st.tuples(st.from_regex(r"[A-Za-z]", fullmatch=True), _ascii_line).map("".join),
    st.tuples(st.sampled_from(["yes", "No", "TRUE", "null", "Off", "on"]), _ascii_line).map(
        "".join
    ),
    _line,
    text,
)


def _styles_or_slow(styles: Callable[[str], int], label: str) -> int | None:
    try:
        return styles(label)
    except _dump._Slow:
        return None


@settings(max_examples=1000)
@given(_labels)
def test_the_common_text_rule_agrees_with_the_full_analysis(label: str) -> None:
    full = _styles_or_slow(_dump._string_styles.__wrapped__, label)
    assert _styles_or_slow(_dump._styles, label) == full


@pytest.mark.parametrize(
    "label",
    [
        "Activity 0: train practitioners",
        "Logic model!B3",
        "Falsey",
        "Nullable",
        "abcdef:",
        "abcdef ",
        "abcde #x",
        "abcde#x",
        "abc, def",
        "Yes please",
        "Say 'no'",
        "Ends in a colon:",
    ],
)
def test_the_common_text_rule_on_edges(label: str) -> None:
    assert label.isascii() and label[0].isalpha() and len(label) > 5  # the rule's own ground
    assert _dump._styles(label) == _dump._string_styles.__wrapped__(label)


def _element_text(write: Callable[[list[str]], None]) -> str | None:
    out: list[str] = []
    try:
        write(out)
    except _dump._Slow:
        return None
    return "".join(out)


@settings(max_examples=500)
@given(_labels, st.lists(_labels, max_size=3), _ids)
def test_an_element_is_written_as_the_general_writer_writes_its_data(
    label: str, notes: list[str], ids: list[str]
) -> None:
    """`_write_element` (records read directly, text styled inline) against `_sequence_item`."""
    element = toc.Activity(
        id="act",
        label=label,
        description=" ".join(notes) or None,
        source=toc.Source(document=label, section=notes[0] if notes else None),
        uses=tuple(toc.Link(to=name, note=notes[0] if notes else None) for name in ids),
        tags=tuple(toc.Tag(ref="fw:" + name) for name in ids),
    )
    fields = _dump._plan(toc.Activity).ordered.fields
    fast = _element_text(lambda out: _dump._write_element(out, element, fields))
    general = _element_text(lambda out: _dump._sequence_item(out, _dump._data(element), 0))
    assert fast == general
