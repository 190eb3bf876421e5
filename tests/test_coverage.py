"""Coverage of reference frameworks: `toc.analysis.coverage`, `model.coverage`, `toc coverage`.

The figures for the bundled models are checked against a count made straight from the YAML with
PyYAML, so the library's own framework walk is not what checks itself.
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.golden import COVERAGE_DOC, actual, doc_text, expected
from toc.analysis import Count, UnknownFrameworkError, coverage_json, tagged_entries
from toc.analysis.coverage import coverage
from toc.cli import main
from toc.load import load, loads
from toc.model import TheoryOfChange

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"

# A user-defined framework, two levels deep: two groups sharing the sub-groups `now` and `later`,
# plus a group (`extra`) holding a countable entry at its top.
OWN = """\
toc: 1
id: own
title: A model with its own framework
statements:
  - id: our-aim
    kind: aim
    label: Everyone is safe
    tags: [bank:people/now/safe]
frameworks:
  - id: bank
    title: Our outcome bank
    entries:
      - id: people
        label: People
        entries:
          - id: now
            label: Now
            entries:
              - {id: safe, label: Safe}
              - {id: heard, label: Heard}
          - id: later
            label: Later
            entries:
              - {id: thriving, label: Thriving}
      - id: places
        label: Places
        entries:
          - id: now
            label: Now
            entries:
              - {id: clean, label: Clean}
          - id: later
            label: Later
            entries:
              - {id: green, label: Green}
              - {id: busy, label: Busy}
activities:
  - id: outreach
    label: Outreach
    tags:
      - {ref: bank:people/now/heard, basis: stated, note: the plan says so}
      - bank:people/now/heard
      - bank:places
outcomes:
  - id: greener
    label: Greener streets
    term: long
    tags: [bank:places/later/green, bank:places/later/gren, bank:people/now/safe]
"""


def own() -> TheoryOfChange:
    return loads(OWN)


# --- the record -----------------------------------------------------------------------------------


def test_a_user_defined_framework_is_counted_by_its_leaves() -> None:
    report = coverage(own(), "bank")
    assert report.scope == "bank" and report.title == "Our outcome bank"
    assert report.total == Count(3, 6)
    assert [e.tag for e in report.covered] == [
        "bank:people/now/safe",
        "bank:people/now/heard",
        "bank:places/later/green",
    ]
    assert [e.tag for e in report.uncovered] == [
        "bank:people/later/thriving",
        "bank:places/now/clean",
        "bank:places/later/busy",
    ]


def test_entries_come_depth_first_in_framework_order_with_depth_and_counts() -> None:
    report = coverage(own(), "bank")
    assert [(e.tag, e.depth, e.countable, str(e.count)) for e in report.entries] == [
        ("bank:people", 0, False, "2 of 3"),
        ("bank:people/now", 1, False, "2 of 2"),
        ("bank:people/now/safe", 2, True, "1 of 1"),
        ("bank:people/now/heard", 2, True, "1 of 1"),
        ("bank:people/later", 1, False, "0 of 1"),
        ("bank:people/later/thriving", 2, True, "0 of 1"),
        ("bank:places", 0, False, "1 of 3"),
        ("bank:places/now", 1, False, "0 of 1"),
        ("bank:places/now/clean", 2, True, "0 of 1"),
        ("bank:places/later", 1, False, "1 of 2"),
        ("bank:places/later/green", 2, True, "1 of 1"),
        ("bank:places/later/busy", 2, True, "0 of 1"),
    ]
    assert report.entry("people/later").covered is False
    assert report.entry("bank:people/later").path == ("people", "later")
    with pytest.raises(KeyError, match="no entry `people/nowhere`"):
        report.entry("people/nowhere")


def test_statement_tags_count_and_say_their_kind() -> None:
    report = coverage(own(), "bank")
    safe = report.entry("people/now/safe")
    assert [(t.id, t.kind) for t in safe.tagged] == [("our-aim", "aim"), ("greener", "outcome")]
    without = own().model_copy(update={"statements": []})
    assert coverage(without, "bank").entry("people/now/safe").tagged[0].id == "greener"


def test_the_same_tag_twice_on_one_element_is_listed_once_with_its_first_basis() -> None:
    heard = coverage(own(), "bank").entry("people/now/heard")
    assert len(heard.tagged) == 1
    assert (heard.tagged[0].basis, heard.tagged[0].note) == ("stated", "the plan says so")
    assert str(heard.tagged[0]) == "outreach (activity)"


def test_a_tag_on_a_group_is_broad_and_covers_none_of_its_entries() -> None:
    report = coverage(own(), "bank")
    places = report.entry("places")
    assert [t.id for t in places.tagged] == ["outreach"]
    assert places.covered and str(places.count) == "1 of 3"  # the count is green's alone
    assert not report.entry("places/now/clean").covered
    assert [(g.id, str(g.count), g.broad_tags) for g in report.groups] == [
        ("people", "2 of 3", 0),
        ("places", "1 of 3", 1),
    ]
    only_broad = loads(
        OWN.split("activities:", maxsplit=1)[0]
        + "activities:\n  - {id: a, label: A, tags: [bank:places]}\n"
    )
    report = coverage(only_broad, "bank")
    assert report.entry("places").covered and not report.entry("places/now").covered
    assert report.groups[1].count == Count(0, 3) and report.groups[1].broad_tags == 1


def test_unknown_entries_are_listed_not_counted_as_toc502_reports_them() -> None:
    model = own()
    report = coverage(model, "bank")
    [unknown] = report.unresolved
    assert (unknown.ref, unknown.owner, unknown.kind) == (
        "bank:places/later/gren",
        "greener",
        "outcome",
    )
    assert unknown.path == ("outcomes", 0, "tags", 1, "ref")
    assert unknown.suggestion == "bank:places/later/green"
    toc502 = [f for f in model.validate() if f.code == "TOC502"]
    assert [f.path for f in toc502] == [unknown.path]


def test_the_matrix_crosses_groups_with_the_sub_groups_they_share() -> None:
    matrix = coverage(own(), "bank").matrix
    assert matrix is not None
    assert matrix.columns == (("now", "Now"), ("later", "Later"))
    assert [(r.id, [str(c) for c in r.cells], str(r.total)) for r in matrix.rows] == [
        ("people", ["2 of 2", "0 of 1"], "2 of 3"),
        ("places", ["0 of 1", "1 of 2"], "1 of 3"),
    ]
    assert [str(c) for c in matrix.column_totals] == ["2 of 3", "1 of 3"]


def test_a_group_without_a_shared_column_has_an_empty_cell() -> None:
    text = OWN.replace(
        "          - id: later\n            label: Later\n            entries:\n              - {id: thriving, label: Thriving}\n",
        "",
    )
    report = coverage(loads(text), "bank")
    assert report.matrix is not None
    assert [r.cells for r in report.matrix.rows] == [
        (Count(2, 2), None),
        (Count(0, 1), Count(1, 2)),
    ]
    assert "people  2 of 2  -       2 of 2\n" in report.to_text()


@pytest.mark.parametrize(
    "entries",
    [
        "      - {id: a, label: A}\n      - {id: b, label: B}\n",  # flat: no sub-groups at all
        "      - id: a\n        label: A\n        entries: [{id: x, label: X}]\n"
        "      - id: b\n        label: B\n        entries: [{id: y, label: Y}]\n",  # leaves second
        "      - id: a\n        label: A\n        entries:\n          - id: x\n            label: X\n"
        "            entries: [{id: p, label: P}]\n"
        "      - id: b\n        label: B\n        entries:\n          - id: y\n            label: Y\n"
        "            entries: [{id: q, label: Q}]\n",  # sub-groups, but none shared
    ],
)
def test_no_matrix_unless_groups_share_sub_groups(entries: str) -> None:
    model = loads(
        f"toc: 1\nid: m\ntitle: T\nframeworks:\n  - id: f\n    title: F\n    entries:\n{entries}"
    )
    report = coverage(model, "f")
    assert report.matrix is None and report.total.countable == 2
    assert "By group, covered of countable:" in report.to_text()


def test_a_flat_framework_has_a_group_per_entry() -> None:
    model = loads(
        "toc: 1\nid: m\ntitle: T\nframeworks:\n  - id: f\n    title: F\n    entries:\n      - {id: a, label: A}\n      - {id: b, label: B}\ninputs:\n  - {id: i, label: I, tags: [f:b]}\n"
    )
    report = coverage(model, "f")
    assert [(g.id, str(g.count)) for g in report.groups] == [("a", "0 of 1"), ("b", "1 of 1")]


def test_an_empty_framework_counts_nothing() -> None:
    model = loads("toc: 1\nid: m\ntitle: T\nframeworks:\n  - id: empty\n    title: Nothing yet\n")
    report = coverage(model, "empty")
    assert report.total == Count(0, 0) and report.total.share is None
    assert report.entries == () and report.groups == () and report.matrix is None
    assert "Covered: 0 of 0 countable entries." in report.to_text()


def test_an_untagged_model_covers_nothing_of_a_bundled_framework() -> None:
    model = loads("toc: 1\nid: bare\ntitle: No tags\n")
    report = model.coverage("home-office")
    assert str(report.total) == "0 of 23" and report.total.share == 0
    assert len(report.uncovered) == 23 and report.covered == () and report.unresolved == ()
    assert all(not e.covered and not e.tagged for e in report.entries)
    assert [str(g.count) for g in report.groups] == ["0 of 7", "0 of 9", "0 of 7"]


def test_a_models_own_framework_replaces_the_bundled_one() -> None:
    model = loads(
        "toc: 1\nid: m\ntitle: T\nframeworks:\n  - id: llr\n    title: Our LLR\n    entries:\n"
        "      - {id: prevention, label: Prevention}\n"
        "outcomes:\n  - {id: o, label: O, term: short, tags: [llr:prevention]}\n"
    )
    report = model.coverage("llr")
    assert report.title == "Our LLR" and str(report.total) == "1 of 1"


def test_one_group_can_be_counted_alone() -> None:
    bradford = load(MODELS / "bradford.yaml")
    cdc = bradford.coverage("llr:cdc-strategies")
    assert cdc.scope == "llr:cdc-strategies" and str(cdc.total) == "0 of 29"
    assert cdc.title.endswith(": CDC (2019) evidence-based strategies to prevent and mitigate ACEs")
    assert [g.id for g in cdc.groups][:2] == ["social-norms", "families-economic-supports"]
    assert cdc.groups[0].broad_tags == 1  # Bradford's communications names the whole strategy
    assert cdc.entries[0].tag == "llr:cdc-strategies/social-norms" and cdc.entries[0].path == (
        "social-norms",
    )
    components = bradford.coverage("home-office-tip:components")
    assert str(components.total) == "1 of 14"
    assert components.entry("workforce-development/staff-training").covered


def test_a_group_reports_only_the_unknown_tags_meant_for_it() -> None:
    model = own()
    assert [u.ref for u in coverage(model, "bank:places").unresolved] == ["bank:places/later/gren"]
    assert coverage(model, "bank:people").unresolved == ()


@pytest.mark.parametrize(
    ("name", "message", "suggestion"),
    [
        (
            "home-ofice",
            "no framework `home-ofice`; did you mean `home-office`? (available: bank, home-office, home-office-tip, llr)",
            "home-office",
        ),
        ("zzz", "no framework `zzz` (available: bank, home-office, home-office-tip, llr)", None),
        (
            "bank:peple",
            "framework `bank` has no entry `peple`; did you mean `bank:people`?",
            "bank:people",
        ),
        ("bank:people/now/safe", "`bank:people/now/safe` has no sub-entries to count", None),
    ],
)
def test_an_unknown_framework_or_group_is_a_clear_error(
    name: str, message: str, suggestion: str | None
) -> None:
    with pytest.raises(UnknownFrameworkError) as raised:
        own().coverage(name)
    assert str(raised.value).startswith(message)
    assert raised.value.suggestion == suggestion
    assert isinstance(raised.value, LookupError)


def test_a_very_long_unknown_id_is_quoted_shortly() -> None:
    with pytest.raises(UnknownFrameworkError) as raised:
        own().coverage("x" * 100_000)
    assert len(str(raised.value)) < 300


def test_model_coverage_delegates() -> None:
    model = own()
    assert model.coverage("bank") == coverage(model, "bank")


def test_tagged_entries_keys_tags_as_written() -> None:
    used = tagged_entries(own())
    assert [t.id for t in used["bank:people/now/safe"]] == ["our-aim", "greener"]
    assert [t.id for t in used["bank:places/later/gren"]] == ["greener"]


# --- the bundled models, counted independently -------------------------------------------------


def _leaves(entries: list[dict[str, Any]], prefix: str) -> list[str]:
    found = []
    for entry in entries:
        tag = f"{prefix}{entry['id']}"
        found.extend(_leaves(entry["entries"], f"{tag}/") if entry.get("entries") else [tag])
    return found


def _raw_count(model_file: Path) -> dict[str, tuple[int, int]]:
    """Framework id → (distinct leaf tags used, leaves), from the YAML alone."""
    bundled: dict[str, list[str]] = {}
    for path in sorted(MODELS.glob("*.yaml")):
        for framework in yaml.safe_load(path.read_text(encoding="utf-8")).get("frameworks", []):
            bundled[framework["id"]] = _leaves(framework["entries"], f"{framework['id']}:")
    data = yaml.safe_load(model_file.read_text(encoding="utf-8"))
    refs = set()
    for key, items in data.items():
        if isinstance(items, list) and key != "frameworks":
            for item in items:
                for tag in item.get("tags", []) if isinstance(item, dict) else []:
                    refs.add(tag if isinstance(tag, str) else tag["ref"])
    named = {ref.partition(":")[0] for ref in refs}
    return {fid: (len(refs & set(bundled[fid])), len(bundled[fid])) for fid in named}


@pytest.mark.parametrize("name", ["bradford", "llr", "home_office"])
def test_bundled_figures_match_a_count_made_from_the_yaml(name: str) -> None:
    model = load(MODELS / f"{name}.yaml")
    expected_counts = _raw_count(MODELS / f"{name}.yaml")
    assert expected_counts, "every bundled model tags some framework"
    for framework_id, (covered, countable) in expected_counts.items():
        report = model.coverage(framework_id)
        assert (report.total.covered, report.total.countable) == (covered, countable), framework_id
        assert report.unresolved == ()


def test_bradford_covers_6_of_the_23_home_office_outcomes() -> None:
    report = load(MODELS / "bradford.yaml").coverage("home-office")
    assert str(report.total) == "6 of 23"
    assert report.matrix is not None
    assert [[str(c) for c in row.cells] for row in report.matrix.rows] == [
        ["1 of 2", "1 of 3", "0 of 2"],
        ["1 of 2", "2 of 5", "1 of 2"],
        ["0 of 2", "0 of 4", "0 of 1"],
    ]


def test_the_docs_table_of_bundled_figures_is_current() -> None:
    text = COVERAGE_DOC.read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| (bradford|llr|home_office) \| (\S+) \| (\d+ of \d+) \| (\d+) \|$", text, re.MULTILINE
    )
    computed = []
    for name in ("bradford", "llr", "home_office"):
        model = load(MODELS / f"{name}.yaml")
        for framework_id in sorted(_raw_count(MODELS / f"{name}.yaml")):
            report = model.coverage(framework_id)
            broad = sum(g.broad_tags for g in report.groups)
            computed.append((name, framework_id, str(report.total), str(broad)))
    assert rows == computed


def test_the_docs_own_framework_example_prints_what_the_page_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = COVERAGE_DOC.read_text(encoding="utf-8")
    [model_text] = [
        b for b in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL) if "council-outcomes" in b
    ]
    [shown] = [
        b
        for b in re.findall(r"```text\n(.*?)```", text, re.DOTALL)
        if b.startswith("Coverage of council-outcomes")
    ]
    path = tmp_path / "youth.yaml"
    path.write_text(model_text, encoding="utf-8")
    assert main(["coverage", str(path), "--framework", "council-outcomes"]) == 0
    assert capsys.readouterr().out == shown
    assert main(["frameworks", str(path), "--entries"]) == 0
    assert "[used by: mentoring, fewer-exclusions]" in capsys.readouterr().out


# --- output formats --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["bradford-coverage-home-office.txt", "bradford-coverage-home-office.md"]
)
def test_golden_coverage_of_bradford(name: str) -> None:
    """After an intended change: `python -m tests.regenerate`, then review the diff."""
    assert actual(name) == expected(name)


def test_the_docs_page_copies_the_golden_report() -> None:
    assert doc_text(COVERAGE_DOC) == COVERAGE_DOC.read_text(encoding="utf-8")
    assert (
        "<!-- golden: bradford-coverage-home-office.txt -->\n```text\nCoverage of home-office"
        in doc_text(COVERAGE_DOC)
    )


def test_text_lists_broad_and_unknown_tags() -> None:
    text = coverage(own(), "bank").to_text()
    assert "1 tag(s) name a group or sub-group rather than a countable entry" in text
    assert "places  Places  (1 of 3)\n    tagged by: outreach (activity)\n" in text
    assert "    [x] heard  Heard\n          tagged by: outreach (activity, stated)\n" in text
    assert text.endswith(
        "Tags naming bank but no entry in it (TOC502), not counted:\n"
        "  greener (outcome): bank:places/later/gren; did you mean bank:places/later/green?\n"
    )


def test_markdown_has_a_matrix_and_an_entry_table() -> None:
    text = coverage(own(), "bank").to_markdown()
    assert text.startswith(
        "## Coverage of bank in own\n\nOur outcome bank\n\n**3 of 6** countable entries covered (50%)."
    )
    assert (
        "| group | Now | Later | all |\n| --- | --- | --- | --- |\n| People | 2 of 2 | 0 of 1 | 2 of 3 |"
        in text
    )
    assert "| **all** | **2 of 3** | **1 of 3** | **3 of 6** |" in text
    assert "| people/now/heard | Heard | yes | outreach (activity, stated) |" in text
    assert (
        "- greener (outcome): bank:places/later/gren; did you mean bank:places/later/green?" in text
    )


def test_dicts_csv_and_frame_have_one_row_per_entry() -> None:
    report = coverage(own(), "bank")
    rows = report.to_dicts()
    assert len(rows) == len(report.entries) == 12
    assert rows[2] == {
        "framework": "bank",
        "tag": "bank:people/now/safe",
        "group": "people",
        "depth": 2,
        "label": "Safe",
        "countable": True,
        "covered": True,
        "tagged_by": ["our-aim", "greener"],
        "kinds": ["aim", "outcome"],
    }
    table = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert table[2]["tagged_by"] == "our-aim; greener" and table[2]["covered"] == "True"
    assert report.to_csv(header=False).count("\r\n") == 12
    frame = report.to_frame()
    assert list(frame.columns) == list(rows[0]) and len(frame) == 12
    assert int(frame[frame["countable"]]["covered"].sum()) == 3


def test_to_frame_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` raise ImportError
    with pytest.raises(ImportError, match=r"pip install 'theory-of-change\[pandas\]'"):
        coverage(own(), "bank").to_frame()


def test_to_dict_holds_the_whole_report() -> None:
    data = coverage(own(), "bank").to_dict()
    assert (
        data["model"],
        data["framework"],
        data["scope"],
        data["covered"],
        data["countable"],
    ) == ("own", "bank", "bank", 3, 6)
    assert data["share"] == 0.5
    assert data["groups"][1] == {
        "id": "places",
        "label": "Places",
        "covered": 1,
        "countable": 3,
        "broad_tags": 1,
    }
    assert data["matrix"]["columns"] == [
        {"id": "now", "label": "Now"},
        {"id": "later", "label": "Later"},
    ]
    assert data["matrix"]["rows"][0]["cells"] == [
        {"covered": 2, "countable": 2},
        {"covered": 0, "countable": 1},
    ]
    assert data["entries"][3]["tagged"] == [
        {"id": "outreach", "kind": "activity", "basis": "stated", "note": "the plan says so"}
    ]
    assert data["unresolved"] == [
        {
            "ref": "bank:places/later/gren",
            "owner": "greener",
            "kind": "outcome",
            "path": ["outcomes", 0, "tags", 1, "ref"],
            "suggestion": "bank:places/later/green",
        }
    ]
    assert json.loads(coverage_json([coverage(own(), "bank")])) == [data]


# --- hostile text ----------------------------------------------------------------------------------

HOSTILE_YAML = '"\\e[31mred\\e[0m \\abell \\u202Eevil \\x9b2J \\L end | <b>*x*</b>"'
HOSTILE = "\x1b[31mred\x1b[0m \x07bell \u202eevil \x9b2J \u2028 end | <b>*x*</b>"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(
        textwrap.dedent(
            f"""\
            toc: 1
            id: m
            title: T
            frameworks:
              - id: mine
                title: {HOSTILE_YAML}
                entries:
                  - id: first
                    label: {HOSTILE_YAML}
                    entries:
                      - id: leaf
                        label: "=HYPERLINK(\\"http://x\\") {HOSTILE_YAML[1:]}
            inputs:
              - {{id: i, label: I, tags: [mine:first/leaf]}}
            """
        ),
        encoding="utf-8",
    )
    return path


def _raw_controls(text: str) -> list[str]:
    return sorted({c for c in text if not c.isprintable() and c not in "\n\r"})


@pytest.mark.parametrize("output", ["text", "markdown", "csv", "json"])
def test_hostile_labels_are_escaped_in_every_format(
    hostile: Path, output: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert loads(hostile.read_text(encoding="utf-8")).frameworks[0].title == HOSTILE
    assert main(["coverage", str(hostile), "--format", output]) == 0
    out = capsys.readouterr().out
    assert _raw_controls(out) == []
    if output == "text":
        assert (
            "first  \\x1b[31mred\\x1b[0m \\x07bell \\u202eevil \\x9b2J \\u2028 end | <b>*x*</b>  (1 of 1)"
            in out
        )
    elif output == "markdown":
        assert "\\<b\\>\\*x\\*\\</b\\>" in out and "\\| \\<b" in out
    elif output == "csv":
        [_, _, leaf] = list(csv.reader(io.StringIO(out)))
        assert leaf[4].startswith("'=HYPERLINK(")
    else:
        [data] = json.loads(out)
        assert data["title"] == HOSTILE and data["entries"][0]["label"] == HOSTILE


# --- the command line ------------------------------------------------------------------------------


def test_cli_text_for_one_framework(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", str(MODELS / "bradford.yaml"), "--framework", "home-office"]) == 0
    captured = capsys.readouterr()
    assert captured.out == expected("bradford-coverage-home-office.txt")
    assert captured.err == ""


def test_cli_without_framework_reports_every_framework_tagged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["coverage", "bradford"]) == 0
    out = capsys.readouterr().out
    headings = [line for line in out.splitlines() if line.startswith("Coverage of ")]
    assert headings == [
        "Coverage of home-office in bradford-atr",
        "Coverage of home-office-tip in bradford-atr",
        "Coverage of llr in bradford-atr",
    ]
    assert "\n\nCoverage of home-office-tip in bradford-atr\n" in out


def test_cli_json_is_a_list_of_reports(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "coverage",
                "llr",
                "--format",
                "json",
                "--framework",
                "llr",
                "--framework",
                "llr:phases",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert [(d["scope"], d["covered"], d["countable"]) for d in data] == [
        ("llr", 10, 48),
        ("llr:phases", 2, 4),
    ]


def test_cli_csv_has_one_header_for_several_frameworks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", "home_office", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["framework"] for r in rows} == {"home-office", "home-office-tip"}
    assert len(rows) == 35 + 47
    assert sum(r["countable"] == "True" and r["covered"] == "True" for r in rows) == 7


def test_cli_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "coverage",
                str(MODELS / "bradford.yaml"),
                "--framework",
                "home-office",
                "--format",
                "markdown",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == expected("bradford-coverage-home-office.md")


def test_cli_unknown_framework_exits_2_with_the_closest(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", "bradford", "--framework", "home-ofice"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "toc coverage: no framework `home-ofice`; did you mean `home-office`? "
        "(available: home-office, home-office-tip, llr)\n"
    )


def test_cli_escapes_a_hostile_framework_argument(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", "bradford", "--framework", "\x1b]0;owned\x07"]) == 2
    err = capsys.readouterr().err
    assert _raw_controls(err) == [] and "\\x1b]0;owned\\x07" in err


def test_cli_unreadable_or_invalid_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["coverage", str(tmp_path / "missing.yaml")]) == 2
    assert "TOC012" in capsys.readouterr().err
    broken = tmp_path / "broken.yaml"
    broken.write_text("toc: 1\nid: m\n", encoding="utf-8")  # no title: not a model
    assert main(["coverage", str(broken), "--framework", "home-office"]) == 2
    err = capsys.readouterr().err
    assert "could not read" in err and "title" in err


def test_cli_untagged_model_says_so_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bare.yaml"
    path.write_text("toc: 1\nid: bare\ntitle: T\n", encoding="utf-8")
    assert main(["coverage", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "bare tags no framework; name one with --framework ID" in captured.err
    assert main(["coverage", str(path), "--framework", "home-office"]) == 0
    assert "Covered: 0 of 23 countable entries (0%)." in capsys.readouterr().out


def test_cli_skips_a_framework_nobody_defines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(
        "toc: 1\nid: m\ntitle: T\ninputs:\n  - {id: i, label: I, tags: [home-ofice:practitioners, llr:prevention/primary]}\n",
        encoding="utf-8",
    )
    assert main(["coverage", str(path)]) == 0
    captured = capsys.readouterr()
    assert "tags name framework `home-ofice`, which is neither bundled nor defined" in captured.err
    assert captured.out.startswith("Coverage of llr in m\n")


def test_cli_reads_other_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["coverage", str(ROOT / "examples" / "logic-model-table.csv"), "--framework", "llr"])
        == 0
    )
    assert "Covered: 0 of 48" in capsys.readouterr().out


# --- toc frameworks --entries: the "used by" column ------------------------------------------------


def test_frameworks_entries_name_what_uses_each_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks", "llr", "--entries"]) == 0
    lines = capsys.readouterr().out.splitlines()
    primary = next(line for line in lines if line.strip().startswith("llr:prevention/primary "))
    assert primary.endswith(
        "Primary Prevention  [used by: increase-awareness, prevention-strategies, "
        "safe-nurturing-relationships +1 more]"
    )
    phases = next(line for line in lines if line.strip().startswith("llr:phases "))
    assert phases.endswith("Phases of progress  [used by: self-assessment-framework]")
    unused = next(line for line in lines if line.strip().startswith("llr:prevention "))
    assert "used by" not in unused


def test_frameworks_entries_without_a_model_have_no_used_by(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["frameworks", "--entries"]) == 0
    assert "used by" not in capsys.readouterr().out


def test_cli_into_a_closed_pipe_or_a_full_disk(tmp_path: Path) -> None:
    from tests.test_writing_streams import into_closed_pipe, into_full_device

    done = into_closed_pipe("coverage", "bradford", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    if Path("/dev/full").exists():
        done = into_full_device("coverage", "bradford", cwd=tmp_path)
        assert done.returncode == 2
        assert (
            done.stderr
            == "toc coverage: cannot write to standard output: No space left on device\n"
        )
