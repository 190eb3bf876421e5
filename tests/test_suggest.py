"""The closest-name suggestion every "did you mean" uses."""

from __future__ import annotations

from toc.suggest import closest, did_you_mean


def test_case_and_separator_slips_are_matched_exactly_first() -> None:
    assert closest("Funding_Pot", ["funding-pots", "funding-pot"]) == "funding-pot"


def test_spelling_slips_fall_back_to_similarity() -> None:
    assert closest("fundng", ["funding", "training"]) == "funding"
    assert closest("zzz", ["funding", "training"]) is None


def test_message_form() -> None:
    assert did_you_mean("titel", ["title", "toc"]) == "; did you mean `title`?"
    assert did_you_mean("zzz", ["title"]) == ""
