"""The closest-name suggestion every "did you mean" uses, and what a flood of unknown names costs."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

import pytest

import toc
from toc import suggest
from toc.frameworks import bundled_frameworks, tags
from toc.suggest import Suggester, closest, did_you_mean


def test_case_and_separator_slips_are_matched_exactly_first() -> None:
    assert closest("Funding_Pot", ["funding-pots", "funding-pot"]) == "funding-pot"


def test_spelling_slips_fall_back_to_similarity() -> None:
    assert closest("fundng", ["funding", "training"]) == "funding"
    assert closest("zzz", ["funding", "training"]) is None


def test_message_form() -> None:
    assert did_you_mean("titel", ["title", "toc"]) == "; did you mean `title`?"
    assert did_you_mean("zzz", ["title"]) == ""


def _full_comparison(text: str, names: list[str]) -> str | None:
    """What every suggestion was before the index: compare `text` with every name."""
    folded = {suggest._fold(name): name for name in reversed(names)}
    if suggest._fold(text) in folded:
        return folded[suggest._fold(text)]
    found = difflib.get_close_matches(text, names, n=1)
    return found[0] if found else None


def _slips(name: str) -> Iterator[str]:
    """Every one-letter slip of a name: a letter dropped, doubled, swapped or mistyped."""
    for i in range(len(name)):
        yield name[:i] + name[i + 1 :]
        yield name[:i] + name[i] + name[i:]
        yield name[:i] + name[i + 1 : i + 2] + name[i] + name[i + 2 :]
        yield name[:i] + ("x" if name[i] != "x" else "q") + name[i + 1 :]


@pytest.mark.parametrize(
    ("names", "every"),
    [
        pytest.param(sorted(toc.load("bradford").by_id), 2, id="bradford-ids"),
        pytest.param(tags(bundled_frameworks()), 200, id="bundled-tags"),
    ],
)
def test_the_index_finds_what_a_full_comparison_finds(names: list[str], every: int) -> None:
    """In sets too large to compare in full, one-letter slips find the same name as before.

    Every other slip of Bradford's ids and every 200th of the bundled tags (all 2,827 and all
    25,107 agree, but comparing each with every tag in full takes minutes).
    """
    assert len(names) > suggest.SMALL  # so the trigram index, not a full comparison, is used
    slips = sorted({slip for name in names for slip in _slips(name)})[::every]
    suggester = Suggester(names, limit=len(slips))
    differ = [
        (slip, found, expected)
        for slip in slips
        if (found := suggester.closest(slip)) != (expected := _full_comparison(slip, names))
    ]
    assert differ == []


def test_ties_go_to_the_larger_name_as_in_difflib() -> None:
    names = [f"kpi-{i}" for i in range(100)]
    assert Suggester(names).closest("kpi-x") == _full_comparison("kpi-x", names) == "kpi-9"


class _Comparisons:
    """How many names were compared in full; more than `most` fails at once.

    Failing at once rather than at the end keeps the test short on quadratic code, which would
    otherwise run for minutes before the count could be checked.
    """

    def __init__(self, most: int) -> None:
        self.count = 0
        self.most = most

    def seen(self) -> None:
        self.count += 1
        if self.count > self.most:
            raise AssertionError(f"more than {self.most:,} names compared in full")


def _count_comparisons(monkeypatch: pytest.MonkeyPatch, most: int) -> _Comparisons:
    """Count `SequenceMatcher.set_seq1`: difflib, and toc, call it once per name compared."""
    spy = _Comparisons(most)
    original = difflib.SequenceMatcher.set_seq1

    def set_seq1(matcher: difflib.SequenceMatcher[str], name: str) -> None:
        spy.seen()
        original(matcher, name)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", set_seq1)
    return spy


def test_one_search_compares_a_bounded_number_of_names(monkeypatch: pytest.MonkeyPatch) -> None:
    names = [f"{kind}-{i}" for kind in ("input", "output", "outcome") for i in range(2000)]
    suggester = Suggester(names, limit=100)
    spy = _count_comparisons(monkeypatch, most=100 * 2 * suggest.SHORTLIST)
    found = [suggester.closest(f"outptu-{i}") for i in range(100)]
    assert found[:3] == ["output-0", "output-1", "output-2"]
    assert spy.count > 0


def _dangling(count: int) -> str:
    lines = ["toc: 1", "id: dangling", "title: Dangling", "activities:"]
    for i in range(count):
        lines += [f"  - id: activity-{i}", f"    label: Activity {i}", f"    uses: [actvity-{i}]"]
    return "\n".join(lines) + "\n"


def test_thousands_of_unknown_ids_cost_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """4,000 dangling references among 4,000 ids: 16 million comparisons before the fix."""
    model = toc.loads(_dangling(4000))
    spy = _count_comparisons(monkeypatch, most=10 * 4000)
    found = [f for f in model.validate() if f.code == "TOC111"]
    assert len(found) == 4000
    assert spy.count > 0
    limit = suggest.search_limit(4000)
    hinted = [f for f in found if "did you mean `activity-" in f.message]
    assert len(hinted) == limit
    assert "did you mean `activity-0`?" in found[0].message
    assert found[-1].message.endswith(
        f"which is not an element of this model; suggestions stop after the first {limit:,} "
        "unknown ids"
    )


def test_exact_matches_are_found_after_the_searches_are_spent() -> None:
    suggester = Suggester([f"name-{i}" for i in range(50)], noun="ids", limit=1)
    assert suggester.did_you_mean("nmae-1") == "; did you mean `name-1`?"
    assert suggester.spent
    assert suggester.did_you_mean("NAME_7") == "; did you mean `name-7`?"
    assert suggester.did_you_mean("nmae-2") == "; suggestions stop after the first 1 unknown ids"


def _tagged(count: int) -> str:
    """A framework of `count` entries, and `count` elements each tagged with a misspelt one."""
    lines = ["toc: 1", "id: tagged", "title: Tagged", "frameworks:", "  - id: local"]
    lines += ["    title: Local", "    entries:"]
    lines += [f"      - {{id: entry-{i}, label: Entry {i}}}" for i in range(count)]
    lines.append("impacts:")
    for i in range(count):
        lines += [f"  - id: impact-{i}", f"    label: Impact {i}", f"    tags: [local:enrty-{i}]"]
    return "\n".join(lines) + "\n"


def test_thousands_of_unknown_tags_cost_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """1,000 tags into missing entries of a 1,000-entry framework: a million comparisons before."""
    model = toc.loads(_tagged(1000))
    spy = _count_comparisons(monkeypatch, most=10 * 1000)
    found = [f for f in model.validate() if f.code == "TOC502"]
    assert len(found) == 1000
    assert spy.count > 0
    assert "did you mean `local:entry-0`?" in found[0].message
    limit = suggest.search_limit(1000)
    assert found[-1].message.endswith(
        f"; suggestions stop after the first {limit:,} unknown entries of `local`"
    )
