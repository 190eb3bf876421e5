"""TOC11x: unique ids and references that resolve."""

from __future__ import annotations

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
