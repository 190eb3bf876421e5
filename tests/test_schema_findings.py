"""Schema problems: unknown keys, missing, null and wrong-typed fields, invalid values."""

from __future__ import annotations

import pytest

import toc

from .helpers import check

HEAD = "toc: 1\nid: m\ntitle: T\n"


def test_unknown_top_level_key_suggests_the_closest() -> None:
    [finding] = check("toc: 1\nid: m\ntitel: T\ntitle: T\n", [("TOC101", 3, 1)])
    assert "did you mean `title`?" in finding.message


def test_unknown_nested_key_suggests_from_its_own_model() -> None:
    text = HEAD + "activities:\n  - id: a\n    label: A\n    mesaured_by: [k]\n"
    [finding] = check(text, [("TOC101", 7, 5)])
    assert "did you mean `measured_by`?" in finding.message
    assert finding.element_id == "a"


def test_unknown_key_inside_a_link_object() -> None:
    text = (
        HEAD + "outputs:\n  - id: o\n    label: O\n    leads_to:\n      - {to: x, bassis: stated}\n"
    )
    [finding] = check(text, [("TOC101", 8, 17)])
    assert "`basis`" in finding.message


def test_missing_field_points_at_the_parent_mapping() -> None:
    text = HEAD + "inputs:\n  - id: funding\n"
    [finding] = check(text, [("TOC102", 5, 5)])
    assert "`label`" in finding.message and "input `funding`" in finding.message


def test_missing_format_version() -> None:
    [finding] = check("id: m\ntitle: T\n", [("TOC102", 1, 1)])
    assert "toc: 1" in finding.message


def test_unsupported_format_version() -> None:
    check("toc: 2\nid: m\ntitle: T\n", [("TOC104", 1, 6)])


def test_null_field_is_reported_as_empty() -> None:
    [finding] = check("toc: 1\nid: m\ntitle:\n", [("TOC102", 3, 7)])
    assert "empty" in finding.message


def test_blank_label_is_refused() -> None:
    check(HEAD + "inputs:\n  - id: a\n    label: '  '\n", [("TOC104", 6, 12)])


@pytest.mark.parametrize(
    ("snippet", "line", "col"),
    [
        ("inputs: funding\n", 4, 9),
        ("inputs:\n  - funding\n", 5, 5),
        ("kpis:\n  - id: k\n    label: K\n    target: {value: lots}\n", 7, 21),
        ("kpis:\n  - id: k\n    label: K\n    ascending: 'true'\n", 7, 16),
    ],
)
def test_wrong_types(snippet: str, line: int, col: int) -> None:
    check(HEAD + snippet, [("TOC103", line, col)])


def test_union_of_number_types_is_one_finding() -> None:
    [finding] = check(
        HEAD + "kpis:\n  - id: k\n    label: K\n    target: {value: lots}\n", [("TOC103", 7, 21)]
    )
    assert "a number" in finding.message


@pytest.mark.parametrize(
    ("snippet", "line", "col", "words"),
    [
        ("outcomes:\n  - id: o\n    label: O\n    term: soon\n", 7, 11, "short"),
        ("kpis:\n  - id: k\n    label: K\n    measure: percent\n", 7, 14, "percentage"),
        ("inputs:\n  - id: Funding Pot\n    label: F\n", 5, 9, "funding-pot"),
        ("inputs:\n  - id: 'funding '\n    label: F\n", 5, 9, "not a valid id"),
        ("inputs:\n  - id: caf\u00e9\n    label: F\n", 5, 9, "not a valid id"),
        ("source: {url: 'javascript:alert(1)'}\n", 4, 15, "http"),
        ('source: {url: "https://example.org/\\x01\\x9f"}\n', 4, 15, "http"),  # control chars
        ("kpis:\n  - id: k\n    label: K\n    target: {value: 1, comparator: '=>'}\n", 7, 36, ">="),
        ("kpis:\n  - id: k\n    label: K\n    baseline: {date: 2024-13-01}\n", 7, 22, "date"),
        ("inputs:\n  - id: a\n    label: A\n    tags: [not a tag]\n", 7, 12, "framework:entry"),
    ],
)
def test_invalid_values(snippet: str, line: int, col: int, words: str) -> None:
    [finding] = check(HEAD + snippet, [("TOC104", line, col)])
    assert words in finding.message


def test_every_schema_problem_is_reported_at_once() -> None:
    text = HEAD + "inputs:\n  - id: a\n  - id: B\n    label: b\n    colour: red\n"
    check(text, [("TOC102", 5, 5), ("TOC104", 6, 9), ("TOC101", 8, 5)])


def test_load_raises_with_the_report() -> None:
    with pytest.raises(toc.LoadError) as caught:
        toc.loads("toc: 1\nid: m\n", name="short.yaml")
    assert caught.value.report.codes() == ["TOC102"]
    assert "short.yaml:1:1: TOC102" in str(caught.value)


@pytest.mark.parametrize("version", ["true", "1.0", "'1'"])
def test_format_version_must_be_the_number_one(version: str) -> None:
    check(f"toc: {version}\nid: m\ntitle: T\n", [("TOC104", 1, 6)])


def test_every_missing_field_is_reported_even_at_one_place() -> None:
    check("toc: 1\n", [("TOC102", 1, 1), ("TOC102", 1, 1)])


def test_a_huge_integer_is_a_finding_not_a_crash() -> None:
    text = HEAD + "kpis:\n  - {id: k, label: K, target: {value: " + "9" * 5000 + "}}\n"
    check(text, [("TOC104", 5, 39)], codes=["TOC103", "TOC104"])
