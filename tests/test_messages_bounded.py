"""No finding message grows with the file: long lists name the first items, long values their start.

Before, a 10,000-element cycle made one TOC202 line of 79 KB (539 KB with longer ids), TOC204 and
TOC301 named every id, and a 100,000-character key, tag or value was quoted whole.
"""

from __future__ import annotations

import pytest

from tests.helpers import findings_of
from toc._messages import cycle, listed, quoted, shown

N = 10_000
LIMIT = 1_000
"""Characters any message may take, whatever the file holds."""
LONG = 100_000


def _cycle_model(size: int) -> str:
    lines = ["toc: 1", "id: m", "title: T", "outcomes:"]
    for i in range(size):
        lines += [f"  - id: o{i}", f"    label: O{i}", "    term: short"]
        lines += [f"    leads_to: [o{(i + 1) % size}]", "    measured_by: [k]"]
    lines += ["kpis:", "  - id: k", "    label: K", "    measure: percentage"]
    return "\n".join(lines) + "\n"


def _fan_out_model(size: int) -> str:
    lines = ["toc: 1", "id: m", "title: T", "activities:", "  - id: a", "    label: A"]
    lines.append("    produces: [" + ", ".join(f"p{i}" for i in range(size)) + "]")
    lines.append("outputs:")
    for i in range(size):
        lines += [f"  - id: p{i}", f"    label: P{i}", f"    measured_by: [k{i}]"]
    lines.append("kpis:")
    for i in range(size):
        lines += [f"  - id: k{i}", f"    label: K{i}"]
    return "\n".join(lines) + "\n"


def test_a_long_cycle_names_its_ends_and_counts_the_rest() -> None:
    [finding] = [f for f in findings_of(_cycle_model(N)) if f.code == "TOC202"]
    assert len(finding.message) < LIMIT
    assert finding.message.startswith(
        f"causal cycle o0 → o1 → o2 → o3 → o4 → … {N - 8:,} more … → o9997 → o9998 → o9999 → o0;"
    )


def test_a_short_cycle_is_printed_whole() -> None:
    [finding] = [f for f in findings_of(_cycle_model(9)) if f.code == "TOC202"]
    assert finding.message.startswith(
        "causal cycle o0 → o1 → o2 → o3 → o4 → o5 → o6 → o7 → o8 → o0;"
    )


def test_a_wide_activity_lists_ten_ends_and_ten_kpis() -> None:
    findings = {f.code: f for f in findings_of(_fan_out_model(N)) if f.code in ("TOC204", "TOC301")}
    stops = findings["TOC204"].message
    assert len(stops) < LIMIT and f"`p1005`, … and {N - 10:,} more)" in stops
    headline = findings["TOC301"].message
    assert len(headline) < LIMIT
    assert "checked the activity and `p0`, `p1`, " in headline
    assert f"`p9`, … and {N - 10:,} more; `k0` has no measure; " in headline
    assert f"`k9` has no measure; … and {N - 10:,} more KPIs that fall short." in headline


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("toc: 1\nid: m\ntitle: 0" + "1" * LONG + "\n", "TOC008"),
        ("toc: 1\nid: m\ntitle: t\nx: !" + "t" * LONG + " 1\n", "TOC005"),
        ("toc: 1\nid: m\ntitle: &" + "a" * LONG + " 1\ndescription: *" + "a" * LONG + "\n", "TOC006"),
        ("toc: 1\nid: m\ntitle: t\n? " + "k" * LONG + "\n: 1\n? " + "k" * LONG + "\n: 2\n", "TOC004"),
        ('toc: 1\nid: m\ntitle: t\n? "' + "k" * LONG + '"\n: 1\n', "TOC101"),
        ('toc: "' + "v" * LONG + '"\nid: m\ntitle: t\n', "TOC104"),
        ("toc: 1\nid: m\ntitle: t\noutcomes:\n  - id: o\n    label: O\n    term: " + "z" * LONG, "TOC104"),
        ("toc: 1\nid: m\ntitle: t\nimpacts:\n  - id: i\n    label: " + "9" * 3000 + "\n", "TOC103"),
        (
            "toc: 1\nid: m\ntitle: t\nimpacts:\n  - id: " + "x" * LONG + "\n    label: I\n    bad: 1\n",
            "TOC101",
        ),
    ],
    ids=["yaml11-number", "tag", "anchor", "duplicate-key", "unknown-key", "version", "term",
         "number-for-text", "element-id"],
)  # fmt: skip
def test_a_long_value_is_quoted_by_its_start_and_length(text: str, code: str) -> None:
    findings = findings_of(text)
    assert code in {f.code for f in findings}, [f.format()[:200] for f in findings]
    for finding in findings:
        assert len(finding.message) < LIMIT, finding.message[:300]
    assert any(" characters)" in f.message for f in findings if f.code == code)


def test_the_helpers() -> None:
    assert listed(["a", "b"]) == "`a`, `b`"
    assert listed([str(i) for i in range(12)], 3) == "`0`, `1`, `2`, … and 9 more"
    assert listed(["x has y", "z has w"], 1, quote=False, sep="; ", what="KPIs") == (
        "x has y; … and 1 more KPIs"
    )
    assert quoted("abc") == "`abc`"
    assert quoted("a" * 100, 3) == "`aaa…` (100 characters)"
    assert shown("a" * 100, 3) == "aaa…"
    assert cycle(["a"]) == "a → a"
    assert cycle([str(i) for i in range(20)], 2, 1) == "0 → 1 → … 17 more … → 19 → 0"
