"""Level names as tools write them, mapped to kinds; and `--levels` overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from toc.io.levels import DEFAULT_LEVELS, KINDS, Level, LevelError, Levels, level_name, parse_levels


@pytest.mark.parametrize(
    ("name", "kind", "term"),
    [
        ("Input(s)", "input", None),
        ("Inputs", "input", None),
        ("Resources", "input", None),
        ("ACTIVITIES", "activity", None),
        ("Output", "output", None),
        ("Outcome", "outcome", "short"),
        ("Short-term outcomes", "outcome", "short"),
        ("short term outcome", "outcome", "short"),
        ("Intermediate outcome", "outcome", "medium"),
        ("Intermediate outcome 1", "outcome", "medium"),
        ("Intermediate Outcome 2", "outcome", "medium"),
        ("Medium-term outcome", "outcome", "medium"),
        ("Final outcome", "outcome", "long"),
        ("Long-term outcomes", "outcome", "long"),
        ("Impact", "impact", None),
        ("Goal", "impact", None),
        ("Ultimate outcome", "impact", None),
        ("Indicators", "kpi", None),
        ("KPIs", "kpi", None),
        ("Assumption", "assumption", None),
        ("Risks", "risk", None),
        ("Barrier", "barrier", None),
        ("Enablers", "enabler", None),
        ("outcome:long", "outcome", "long"),
        ("kpi", "kpi", None),
    ],
)
def test_the_documented_names_map_to_kinds(name: str, kind: str, term: str | None) -> None:
    assert Levels().get(name) == Level(kind, term)


def test_every_default_maps_to_a_kind() -> None:
    levels = Levels()
    for name in DEFAULT_LEVELS:
        found = levels.get(name)
        assert found is not None
        assert found.kind in KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_the_names_writers_use_read_back_as_the_same_kind(kind: str) -> None:
    terms = ("short", "medium", "long") if kind == "outcome" else (None,)
    for term in terms:
        assert Levels().get(level_name(kind, term)) == Level(kind, term)


def test_an_unknown_level_is_none_and_explained() -> None:
    levels = Levels()
    assert levels.get("Strategic enabler") is None
    # a known level ending the name is the mapping suggested
    assert '--levels "Strategic enabler=enabler"' in levels.unknown("Strategic enabler")
    assert '--levels "Workstream=KIND"' in levels.unknown("Workstream")
    assert "outcome:short, outcome:medium" in levels.unknown("Workstream")
    assert '"Second-tier outcome=outcome:short"' in levels.unknown("Second-tier outcome")


def test_a_near_miss_suggests_the_level() -> None:
    assert "did you mean `Intermediate outcome`?" in Levels().unknown("Intermediat outcome")


def test_overrides_add_and_replace_levels() -> None:
    levels = Levels(
        parse_levels("Intermediate outcome 1=outcome:short, Strategic enabler = enabler,")
    )
    assert levels.get("intermediate outcome 1") == Level("outcome", "short")
    assert levels.get("Intermediate outcome 2") == Level("outcome", "medium")
    assert levels.get("Strategic enablers") == Level("enabler")


def test_parse_levels_gives_the_mapping_read_options_take() -> None:
    assert parse_levels("Pillar=Activity,Stage 3=outcome:LONG") == {
        "Pillar": "activity",
        "Stage 3": "outcome:long",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Pillar", "has no `=`"),
        ("=activity", "no level name"),
        ("Pillar=actvity", "did you mean `activity`?"),
        ("Stage=outcome", "an outcome needs its term"),
        ("Stage=outcome:in due course", "an outcome needs its term"),
        ("Stage=activity:short", "only outcomes have a term"),
    ],
)
def test_bad_level_specs_are_one_line_errors(text: str, message: str) -> None:
    with pytest.raises(LevelError, match=message) as raised:
        parse_levels(text)
    assert "\n" not in str(raised.value)


def test_bad_overrides_given_directly_are_errors_too() -> None:
    with pytest.raises(LevelError, match="is not a kind"):
        Levels({"Pillar": "programme"})


def test_the_level_table_in_the_docs_is_the_one_the_readers_use() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "io-nodes.md").read_text("utf-8")
    table = docs.split("| level | kind |\n| --- | --- |\n", 1)[1].split("\n\n", 1)[0]
    rows = [line.strip("| ").partition(" | ") for line in table.splitlines()]
    assert {name: kind for name, _, kind in rows} == DEFAULT_LEVELS
