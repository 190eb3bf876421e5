"""Models are immutable as documented: no list or dict inside can be changed in place, and a copy
with changes is validated like a fresh load, so `validate()` never reports on stale data."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import toc
from toc.model import FrameworkEntry, Kpi, Target, TheoryOfChange


def _containers(value: Any, path: str = "model") -> list[tuple[str, type]]:
    """Every list, dict or set reachable from a model's fields, with where it is."""
    found: list[tuple[str, type]] = []
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            found += _containers(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            found += _containers(item, f"{path}[{index}]")
    elif isinstance(value, list | set) or type(value) is dict:
        found.append((path, type(value)))
    return found


@pytest.mark.parametrize("name", ["bradford", "llr", "home_office"])
def test_loaded_models_hold_no_mutable_containers(name: str) -> None:
    assert _containers(toc.load(name)) == []


def test_a_model_built_from_lists_holds_tuples() -> None:
    model = TheoryOfChange.model_validate(
        {
            "toc": 1,
            "id": "m",
            "title": "T",
            "activities": [{"id": "a", "label": "A", "uses": ["i"], "tags": ["fw:x"]}],
        }
    )
    assert model.activities[0].uses[0].to == "i"
    assert _containers(model) == []


def test_appending_to_a_list_field_is_refused_and_validation_stays_true() -> None:
    """The issue's case: `inputs.append` used to succeed and `validate()` then reported stale data."""
    model = toc.load("bradford")
    before = model.validate().codes()
    with pytest.raises(AttributeError):
        model.inputs.append(model.inputs[0])  # type: ignore[attr-defined]  # the point of the test
    with pytest.raises(AttributeError):
        model.activities[0].uses.append("x")  # type: ignore[attr-defined]
    assert model.validate().codes() == before


def test_framework_properties_cannot_be_changed_in_place() -> None:
    framework = toc.load("home_office").frameworks[0]
    entry = next(e for e in _walk(framework.entries) if e.properties)
    key = next(iter(entry.properties))
    with pytest.raises(TypeError):
        entry.properties[key] = False  # type: ignore[index]  # a read-only mapping
    with pytest.raises((TypeError, AttributeError)):
        entry.properties.clear()  # type: ignore[attr-defined]
    with pytest.raises((TypeError, AttributeError)):
        entry.properties.update({"x": 1})  # type: ignore[attr-defined]
    # still a mapping for everything that reads it, and copies and pickles like one
    assert dict(entry.properties) == copy.deepcopy(entry).properties
    assert pickle.loads(pickle.dumps(entry)) == entry


def _walk(entries: tuple[FrameworkEntry, ...]) -> Iterator[FrameworkEntry]:
    for entry in entries:
        yield entry
        yield from _walk(entry.entries)


def test_model_copy_with_changes_validates_them() -> None:
    model = toc.load("bradford")
    with pytest.raises(ValidationError, match="title"):
        model.model_copy(update={"title": "   "})
    with pytest.raises(ValidationError, match="colour"):
        model.model_copy(update={"colour": "red"})
    with pytest.raises(ValidationError):
        model.model_copy(update={"inputs": [{"id": "Not An Id", "label": "x"}]})
    kpi = model.kpis[0]
    with pytest.raises(ValidationError):
        kpi.model_copy(update={"measure": "percent"})


def test_model_copy_with_changes_equals_a_fresh_load_of_the_same_data() -> None:
    model = toc.load("bradford")
    extra = {"id": "extra", "label": "Extra input"}
    changed = model.model_copy(update={"inputs": [*model.inputs, extra]})
    assert isinstance(changed.inputs, tuple)
    assert changed.inputs[-1] == toc.Input.model_validate(extra)
    fresh = toc.loads(toc.dumps(changed))
    assert changed == fresh
    assert sorted(changed.validate().codes()) == sorted(fresh.validate().codes())
    assert "extra" in changed.by_id and "extra" not in model.by_id


def test_the_issues_stale_findings_case_gives_the_fresh_findings() -> None:
    """Adding an input with a broken link reports what a fresh load of the same model reports."""
    model = toc.load("examples/workforce.yaml")
    broken = {"id": "extra", "label": "Extra", "uses": ["nowhere"], "leads_to": ["funding"]}
    changed = model.model_copy(update={"inputs": [*model.inputs, broken]})
    fresh = toc.loads(toc.dumps(changed))
    assert sorted(changed.validate().codes()) == sorted(fresh.validate().codes())
    assert {"TOC111"} <= set(changed.validate().codes())


def test_sub_records_copy_with_validation_too() -> None:
    kpi = toc.load("bradford").kpis[0]
    changed = kpi.model_copy(update={"target": {"value": 95}})
    assert isinstance(changed, Kpi)
    assert changed.target == Target(value=95)
    assert kpi.model_copy() == kpi


@pytest.mark.parametrize(
    "value",
    [10**4000, -(10**4000), float("nan"), float("inf"), float("-inf")],
    ids=["4001-digits", "minus-4001-digits", "nan", "inf", "minus-inf"],
)
def test_numbers_that_cannot_be_written_and_read_back_are_refused(value: int | float) -> None:
    with pytest.raises(ValidationError):
        Target(value=value)


@pytest.mark.parametrize("biggest", [10**4000 - 1, -(10**4000) + 1], ids=["plus", "minus"])
def test_the_largest_allowed_whole_numbers_write_and_read_back(biggest: int) -> None:
    model = TheoryOfChange(
        toc=1, id="m", title="T", kpis=(Kpi(id="k", label="K", target=Target(value=biggest)),)
    )
    again = toc.loads(toc.dumps(model))
    assert again == model
    assert again.kpis[0].targets[0].value == biggest
