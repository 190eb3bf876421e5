"""The model-level `groups:` tree: members of nested groups, and the two rules that guard it."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import toc
from tests.strategies import model_data, text
from toc.groups import group_paths, members, top_group
from toc.model import TheoryOfChange

PILLARS = """\
toc: 1
id: pillars
title: Pillars
groups:
  - id: prevention
    label: Prevention
    groups:
      - id: schools
        label: Schools
      - id: youth
        label: Youth work
  - id: response
    label: Response
activities:
  - id: train
    label: Train practitioners
    group: schools
  - id: outreach
    label: Outreach
    group: youth
  - id: respond
    label: Respond
    group: response
  - id: ungrouped
    label: Not in any group
outputs:
  - id: trained
    label: Trained workforce
    group: prevention
"""


def test_members_of_a_group_include_its_sub_groups_in_document_order() -> None:
    model = toc.loads(PILLARS)
    assert members(model, "prevention") == ("train", "outreach", "trained")
    assert members(model, "schools") == ("train",)
    assert members(model, "response") == ("respond",)


def test_members_of_an_undeclared_group_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        members(toc.loads(PILLARS), "nowhere")


def test_group_paths_run_from_the_top_level_group_down() -> None:
    paths = group_paths(toc.loads(PILLARS))
    assert [group.id for group in paths["youth"]] == ["prevention", "youth"]
    assert [group.id for group in paths["response"]] == ["response"]


def test_top_group_follows_the_innermost_group_up() -> None:
    model = toc.loads(PILLARS)
    found = top_group(model, "outreach")
    assert found is not None and found.id == "prevention"
    assert top_group(model, "ungrouped") is None


def test_groups_round_trip_through_yaml() -> None:
    model = toc.loads(PILLARS)
    assert toc.loads(toc.dumps(model)) == model


def test_an_undeclared_group_is_an_error_at_the_value_with_a_suggestion() -> None:
    text = PILLARS.replace("group: response", "group: respnse")
    found = [f for f in toc.loads(text).validate() if f.code == "TOC118"]
    assert [(f.line, f.col) for f in found] == [(23, 12)]
    assert "did you mean `response`" in found[0].message


def test_a_group_id_used_twice_is_an_error_naming_the_first() -> None:
    text = PILLARS.replace("id: youth", "id: schools")
    found = [f for f in toc.loads(text).validate() if f.code == "TOC119"]
    assert [(f.line, f.col) for f in found] == [(10, 13)]
    assert "line 8, column 13" in found[0].message


def test_a_model_without_groups_has_no_group_findings() -> None:
    report = toc.load("bradford").validate()
    assert not [f for f in report if f.code in {"TOC118", "TOC119"}]


@st.composite
def grouped_model_data(draw: st.DrawFn) -> dict[str, Any]:
    """A valid model with a nested `groups:` tree and some elements put in its groups."""
    data = draw(model_data())
    tree: list[dict[str, Any]] = [
        {
            "id": f"pillar-{p}",
            "label": draw(text),
            "groups": [{"id": f"pillar-{p}-{s}", "label": draw(text)} for s in range(subs)],
        }
        for p, subs in enumerate(draw(st.lists(st.integers(0, 2), min_size=1, max_size=3)))
    ]
    ids = [group["id"] for pillar in tree for group in (pillar, *pillar["groups"])]
    data["groups"] = [{k: v for k, v in pillar.items() if v != []} for pillar in tree]
    for field in ("inputs", "activities", "outputs", "outcomes", "impacts"):
        for element in data[field]:
            if draw(st.booleans()):
                element["group"] = draw(st.sampled_from(ids))
    return data


@given(grouped_model_data())
def test_grouped_models_round_trip_and_raise_no_group_findings(data: dict[str, Any]) -> None:
    model = TheoryOfChange.model_validate(data)
    assert toc.loads(toc.dumps(model)) == model
    assert not [f for f in model.validate() if f.code in {"TOC118", "TOC119"}]
    for pillar in model.groups:
        inner = {m for sub in pillar.groups for m in members(model, sub.id)}
        assert inner <= set(members(model, pillar.id))


@given(grouped_model_data(), st.data())
def test_a_misspelt_group_is_always_caught(data: dict[str, Any], draw: st.DataObject) -> None:
    element = draw.draw(st.sampled_from(data["activities"]))
    element["group"] = "no-such-group"
    found = [f for f in TheoryOfChange.model_validate(data).validate() if f.code == "TOC118"]
    assert [f.element_id for f in found] == [element["id"]]
