"""Properties of the model: generated valid models pass, round-trip losslessly, and mutations
that break the chain are caught with exactly the expected finding."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import toc
from toc.load import read_text
from toc.model import TheoryOfChange

from .strategies import model_data, models, numbers, text


def _errors(model: TheoryOfChange) -> list[tuple[str, str | None]]:
    return [(f.code, f.element_id) for f in model.validate().errors]


@given(models())
def test_valid_models_have_no_errors(model: TheoryOfChange) -> None:
    assert _errors(model) == []


@given(models())
def test_round_trip_through_yaml_is_lossless(model: TheoryOfChange) -> None:
    text = toc.dumps(model)
    result = read_text(text, name="generated.yaml")
    assert result.findings == [], "\n".join(f.format() for f in result.findings)
    assert result.model == model
    assert toc.dumps(result.model) == text


@given(models())
def test_loaded_model_validates_the_same_with_positions(model: TheoryOfChange) -> None:
    loaded = toc.loads(toc.dumps(model))
    assert sorted((f.code, f.element_id or "") for f in loaded.validate()) == sorted(
        (f.code, f.element_id or "") for f in model.validate()
    )
    assert all(f.line > 0 for f in loaded.validate())


@given(model_data(), st.data())
def test_removing_an_activitys_kpi_links_gives_exactly_the_headline_finding(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    activity = draw.draw(st.sampled_from(data["activities"]))
    produced = {p if isinstance(p, str) else p["to"] for p in activity["produces"]}
    for output in data["outputs"]:
        if output["id"] in produced:
            output["measured_by"] = []
    activity.pop("measured_by", None)
    model = TheoryOfChange.model_validate(data)
    assert _errors(model) == [("TOC301", activity["id"])]


@given(model_data(), st.data())
def test_dangling_reference_is_caught(data: dict[str, Any], draw: st.DataObject) -> None:
    activity = draw.draw(st.sampled_from(data["activities"]))
    activity["uses"] = [*activity["uses"], "no-such-input"]
    assert ("TOC111", activity["id"]) in _errors(TheoryOfChange.model_validate(data))


@given(model_data(), st.data())
def test_duplicate_id_is_caught(data: dict[str, Any], draw: st.DataObject) -> None:
    impact = draw.draw(st.sampled_from(data["impacts"]))
    data["impacts"] = [*data["impacts"], {"id": impact["id"], "label": "again"}]
    assert ("TOC110", impact["id"]) in _errors(TheoryOfChange.model_validate(data))


@given(model_data())
def test_link_back_from_impact_makes_a_cycle_and_a_forbidden_link(data: dict[str, Any]) -> None:
    data["impacts"][0]["leads_to"] = [data["outputs"][0]["id"]]
    found = {code for code, _ in _errors(TheoryOfChange.model_validate(data))}
    assert "TOC201" in found


@given(models(), st.data())
def test_saving_a_changed_copy_edits_the_file_and_reloads_equal(
    model: TheoryOfChange, draw: st.DataObject
) -> None:
    """Any element's label and any KPI's target, changed to any text or number, saves and reloads."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.yaml"
        path.write_text(toc.dumps(model), encoding="utf-8")
        loaded = toc.load(path)
        field = draw.draw(st.sampled_from(["inputs", "activities", "outputs", "kpis", "impacts"]))
        items = list(getattr(loaded, field))
        index = draw.draw(st.integers(0, len(items) - 1))
        update: dict[str, Any] = {"label": draw.draw(text)}
        if field == "kpis":
            update["target"] = {"value": draw.draw(numbers)}
        items[index] = items[index].model_copy(update=update)
        changed = loaded.model_copy(update={field: items})
        toc.save(changed)
        result = read_text(path.read_text(encoding="utf-8"))
        assert result.findings == [], "\n".join(f.format() for f in result.findings)
        assert result.model == changed
