"""Writing YAML back: nothing lost, short forms kept, ambiguous text quoted."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

import toc
from toc.load import read_text
from toc.model import Baseline
from toc.shipped import model_files

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", [*EXAMPLES, *model_files().values()], ids=lambda p: Path(p).name)
def test_shipped_models_round_trip(path: Path) -> None:
    model = toc.load(path)
    again = read_text(toc.dumps(model))
    assert again.findings == []
    assert again.model == model


def test_short_forms_and_defaults() -> None:
    model = toc.loads(
        "toc: 1\nid: m\ntitle: T\nactivities:\n  - id: a\n    label: A\n    uses: [i, {to: j, basis: inferred}]\n"
    )
    text = toc.dumps(model)
    assert "  uses:\n  - i\n  - {to: j, basis: inferred}\n" in text
    assert "feedback" not in text and "measured_by" not in text


@pytest.mark.parametrize(
    "label", ["no", "NO", "on", "0123", "12:30", "1e3", "1.10", "true", "null", "- x", "a: b", "#c"]
)
def test_text_that_looks_like_something_else_is_quoted(label: str) -> None:
    model = toc.TheoryOfChange(toc=1, id="m", title=label)
    result = read_text(toc.dumps(model))
    assert result.findings == [] and result.model is not None and result.model.title == label


def test_modeline_and_file(tmp_path: Path) -> None:
    model = toc.loads("toc: 1\nid: m\ntitle: T\n")
    path = tmp_path / "out.yaml"
    toc.dump(model, path, schema="../schemas/toc.schema.json")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/toc.schema.json\ntoc: 1\n")
    assert toc.load(path) == model


def _round_trips(label: str) -> bool:
    model = toc.TheoryOfChange(toc=1, id="m", title=label, description=label)
    result = read_text(toc.dumps(model))
    return result.findings == [] and result.model == model


@pytest.mark.parametrize("label", ["-.5", "+.5", ".5e3", "-.5e3", "0:0", "+1", "1_0", "0o7", "~"])
def test_text_the_reader_takes_for_a_number_is_quoted(label: str) -> None:
    assert _round_trips(label)


def test_every_short_string_of_yaml_number_characters_round_trips() -> None:
    """A brute-force search over the characters that make YAML numbers, times and specials."""
    short = itertools.chain.from_iterable(
        itertools.product("-+.0123456789eE_:xo ~#", repeat=n) for n in (1, 2, 3)
    )
    longer = itertools.product("-+.05e:_x", repeat=4)
    failing = [
        label
        for label in map("".join, itertools.chain(short, longer))
        if label.strip() and not _round_trips(label)
    ]
    assert failing == []


def test_ids_that_look_like_numbers_are_quoted() -> None:
    model = toc.TheoryOfChange(
        toc=1,
        id="1e3",
        title="T",
        inputs=(toc.Input(id="0x1f", label="x"), toc.Input(id="1_000", label="y")),
    )
    result = read_text(toc.dumps(model))
    assert result.findings == [] and result.model == model


def test_everything_dumps_writes_is_read_by_ruamel_as_written() -> None:
    """`toc.save` edits through ruamel.yaml, whose YAML 1.2 numbers allow `_` (and crash on `._`)."""
    from ruamel.yaml import YAML

    reader = YAML(typ="rt")
    candidates = itertools.chain.from_iterable(
        itertools.product("-+._0ebxo1", repeat=n) for n in (1, 2, 3)
    )
    for text in map("".join, candidates):
        model = toc.TheoryOfChange(toc=1, id="m", title=text)
        assert reader.load(toc.dumps(model))["title"] == text, text


def test_a_users_mappings_keep_their_keys_in_the_order_written() -> None:
    """Only a record's fields are put in reading order (`id` first); properties and dimensions
    are the user's, and a node list writes them a row per key in the model's order."""
    model = toc.loads(
        "toc: 1\nid: m\ntitle: M\nframeworks:\n- id: fw\n  title: F\n  entries:\n"
        "  - id: a\n    label: A\n    properties: {cm: '12', id: x, label: y}\n"
        "kpis:\n- id: k\n  label: K\n  measure: unit\n  unit: people\n"
        "  baseline: {value: 1, dimensions: {zone: north, kind: adult}}\n"
    )
    again = toc.loads(toc.dumps(model))
    assert list(again.frameworks[0].entries[0].properties) == ["cm", "id", "label"]
    baseline = again.kpis[0].baseline
    assert isinstance(baseline, Baseline)
    assert list(baseline.dimensions) == ["zone", "kind"]
