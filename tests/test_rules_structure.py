"""TOC11x: unique ids and references that resolve."""

from __future__ import annotations

import pytest

from .helpers import check

HEAD = "toc: 1\nid: m\ntitle: T\n"


def test_duplicate_id_names_both_places() -> None:
    text = HEAD + "inputs:\n  - id: a\n    label: A\nactivities:\n  - id: a\n    label: B\n"
    [finding] = check(text, [("TOC110", 8, 9)])
    assert "input at line 5, column 9" in finding.message


def test_unknown_reference_suggests_the_closest_id() -> None:
    text = HEAD + (
        "inputs:\n  - id: funding\n    label: F\n"
        "activities:\n  - id: act\n    label: A\n    uses: [fundng, nothing-like-it]\n"
    )
    first, second = check(text, [("TOC111", 10, 12), ("TOC111", 10, 20)])
    assert "did you mean `funding`?" in first.message
    assert "did you mean" not in second.message


def test_unknown_reference_in_link_object_points_at_its_target() -> None:
    text = (
        HEAD
        + "outputs:\n  - id: o\n    label: O\n    leads_to:\n      - to: gone\n        basis: stated\n"
    )
    check(text, [("TOC111", 8, 13)])


def test_unknown_reference_in_applies_to_and_assumptions() -> None:
    text = HEAD + (
        "barriers:\n  - id: b\n    label: B\n    applies_to: [nowhere]\n"
        "outputs:\n  - id: o\n    label: O\n    leads_to:\n      - {to: o, assumptions: [missing]}\n"
    )
    check(text, [("TOC111", 7, 18), ("TOC111", 12, 31)])


def test_assumption_that_is_not_an_assumption() -> None:
    text = HEAD + (
        "risks:\n  - id: r\n    label: R\n"
        "outputs:\n  - id: o\n    label: O\n    leads_to:\n      - {to: i, assumptions: [r]}\n"
        "impacts:\n  - id: i\n    label: I\n"
    )
    check(text, [("TOC112", 11, 31)])


def test_clean_references_give_nothing() -> None:
    text = HEAD + (
        "assumptions:\n  - id: s\n    label: S\n    applies_to: [o]\n"
        "outputs:\n  - id: o\n    label: O\n    leads_to:\n      - {to: i, assumptions: [s]}\n"
        "impacts:\n  - id: i\n    label: I\n"
    )
    check(text, [], codes=["TOC110", "TOC111", "TOC112"])


KPIS = HEAD + "kpis:\n"


def _kpi(kpi_id: str, label: str) -> str:
    return f"  - id: {kpi_id}\n    label: {label}\n    measure: percentage\n"


def test_two_indicators_with_the_same_text() -> None:
    text = KPIS + _kpi("a", "Staff trained") + _kpi("b", "staff  trained.")
    [finding] = check(text, [("TOC116", 9, 12)])
    assert "same label as kpi `a` (line 6, column 12)" in finding.message
    assert finding.element_id == "b"


def test_elements_of_different_kinds_may_share_a_label() -> None:
    text = KPIS + _kpi("a", "Staff trained") + "outputs:\n  - id: o\n    label: Staff trained\n"
    check(text, [], codes=["TOC116"])


def test_duplicate_placeholders_are_left_to_toc114() -> None:
    text = KPIS + _kpi("a", "TBC") + _kpi("b", "TBC")
    check(text, [("TOC117", 6, 12), ("TOC117", 9, 12)], codes=["TOC116", "TOC117"])


def test_a_keyboard_mash_label() -> None:
    [finding] = check(KPIS + _kpi("a", "asdfff"), [("TOC117", 6, 12)])
    assert "keyboard mash" in finding.message and finding.element_id == "a"


@pytest.mark.parametrize(
    "label",
    ["TBC", "tbd", "To do", "xxx", "X", "'?'", "'...'", "Lorem ipsum dolor sit amet", "qwerty",
     "Output 3", "New node", "placeholder"],
)  # fmt: skip
def test_placeholder_labels(label: str) -> None:
    check(KPIS + _kpi("a", label), [("TOC117", 6, 12)])


@pytest.mark.parametrize(
    "label",
    ["Funding", "CAMHS", "GP", "ASD diagnosis", "Test and learn pilots", "Types of support",
     "Outcomes framework agreed", "200 GPs trained", "Number of staff trained"],
)  # fmt: skip
def test_real_labels_are_not_placeholders(label: str) -> None:
    check(KPIS + _kpi("a", label), [], codes=["TOC117"])


def test_a_label_equal_to_its_id_is_not_a_placeholder() -> None:
    check(KPIS + _kpi("funding", "funding"), [], codes=["TOC117"])


@pytest.mark.parametrize("name", ["bradford", "llr", "home_office"])
def test_bundled_models_have_no_duplicate_or_placeholder_labels(name: str) -> None:
    import toc

    found = [f.code for f in toc.load(name).validate() if f.code in ("TOC116", "TOC117")]
    assert found == []
