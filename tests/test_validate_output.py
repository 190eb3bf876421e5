"""What `toc validate` prints for a person: severities, a plain summary, causes first, groups."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from toc.cli import main
from toc.findings import Finding, Severity
from toc.findings_text import short_lines
from toc.shipped import model_file

from .test_root_causes import bradford_with_a_shared_id, chain

FINDING_LINE = re.compile(r"^\S.*?: TOC\d{3} (error|warning|info): ")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def no_indicators(activities: int) -> str:
    """A chain with no KPI anywhere: one TOC301 per activity."""
    lines = ["toc: 1", "id: bare", "title: No indicators", "activities:"]
    lines += [
        f"  - {{id: a{i}, label: Train team {i}, produces: [o{i}]}}" for i in range(activities)
    ]
    lines += ["outputs:"]
    lines += [
        f"  - {{id: o{i}, label: Team {i} trained, leads_to: [c]}}" for i in range(activities)
    ]
    lines += ["outcomes:", "  - {id: c, label: Confident staff, term: short, leads_to: [i]}"]
    lines += ["impacts:", "  - {id: i, label: Fewer crises}"]
    return "\n".join(lines) + "\n"


def test_bradford_says_plainly_that_nothing_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "validate", str(model_file("bradford")))
    assert status == 0
    assert err[0] == "No errors: 37 warnings, 28 info."
    assert all(FINDING_LINE.match(line) or line.startswith("    … and ") for line in out)
    assert len(out) < 25  # 65 findings, grouped


def test_every_finding_line_names_its_severity(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(
        capsys, "validate", write(tmp_path, "m.yaml", chain(produces="trainde")), "--show-all"
    )
    assert status == 1
    assert [FINDING_LINE.match(line).group(1) for line in out] == [  # type: ignore[union-attr]
        "warning", "warning", "error", "error", "warning", "warning",
    ]  # fmt: skip
    assert err == ["2 errors, 4 warnings."]


def test_the_root_cause_comes_first_with_its_knock_ons_folded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "shared.yaml", bradford_with_a_shared_id())
    status, out, err = run(capsys, "validate", path)
    assert status == 1  # the folded errors still fail the run
    assert out[0].startswith(f"{path}:245:9: TOC110 error: duplicate id `staff-training`")
    assert out[1] == (
        "    … 9 more findings follow from this (3 errors, 6 warnings): TOC204 at 167:5, "
        "TOC301 at 167:5, TOC201 at 182:9, TOC202 at 182:9, TOC203 at 345:5, TOC203 at 352:5, "
        "… and 3 more"
    )
    assert not any(" TOC201 " in line or " TOC204 " in line for line in out[2:])
    assert err[0] == "4 errors, 43 warnings, 28 info."
    assert err[1].startswith("9 findings folded under their cause and 55 findings grouped")


def test_a_typo_comes_before_produces_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "typo.yaml", chain(produces="trainde"))
    _, out, _ = run(capsys, "validate", path)
    assert out == [
        f"{path}:7:16: TOC111 error: `train` refers to `trainde`, which is not an element of this "
        "model; did you mean `trained`?",
        "    … 5 more findings follow from this (1 error, 4 warnings): TOC203 at 5:5, TOC204 at 5:5, "
        "TOC301 at 5:5, TOC212 at 9:5, TOC205 at 24:5",
    ]


def test_an_error_stays_an_error_under_a_cause_of_lower_severity(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "typo.yaml", chain(produces="trainde"))
    status, out, err = run(capsys, "validate", path, "--severity", "TOC111=info")
    assert status == 1
    assert " TOC111 info: " in out[0] and "(1 error, 4 warnings)" in out[1]
    assert err[0] == "1 error, 4 warnings, 1 info."


def test_show_all_prints_each_finding_and_names_its_cause(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "typo.yaml", chain(produces="trainde"))
    _, out, err = run(capsys, "validate", path, "--show-all")
    assert len(out) == 6 and all(FINDING_LINE.match(line) for line in out)
    assert out[0].endswith("(follows from TOC111 at 7:16)")
    assert not out[3].endswith(")")  # the cause itself
    assert err == ["2 errors, 4 warnings."]


def test_alike_findings_are_grouped_in_text_and_all_kept_in_json_and_github(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "bare.yaml", no_indicators(69))
    status, out, err = run(capsys, "validate", path)
    assert status == 1
    toc301 = [line for line in out if " TOC301 " in line]
    assert toc301 == [
        f"{path}:5:5: TOC301 error: activity `a0` has no measurable KPI: checked the activity and "
        "`o0`; no KPI is linked with `measured_by`. Link a KPI that states its measure"
    ]
    assert (
        out[out.index(toc301[0]) + 1]
        == "    … and 68 more like it, at 6:5, 7:5, 8:5, 9:5, 10:5, 11:5, … and 62 more"
    )
    assert err == [
        "69 errors, 2 warnings.",
        "68 findings grouped with alike ones; --show-all prints one line each.",
    ]
    _, out, _ = run(capsys, "validate", path, "--format", "json")
    assert [f["code"] for f in json.loads("\n".join(out))["findings"]].count("TOC301") == 69
    _, out, _ = run(capsys, "validate", path, "--format", "github")
    assert len(out) == 71 and all(line.startswith("::") for line in out)
    _, out, _ = run(capsys, "validate", path, "--show-all")
    assert len(out) == 71


def test_two_alike_findings_are_not_grouped() -> None:
    def at(line: int) -> Finding:
        return Finding(
            "a.yaml", line, 5, "TOC307", "n", Severity.WARNING, f"outcome `o{line}` has no KPI"
        )

    assert len(short_lines([at(1), at(2)]).lines) == 2
    three = short_lines([at(1), at(2), at(3)])
    assert three.lines[1] == "    … and 2 more like it, at 2:5, 3:5" and three.grouped == 2


def test_equal_findings_in_one_cell_are_counted_and_sheet_names_escaped() -> None:
    def cell(line: int) -> Finding:
        return Finding("p.xlsx", line, 3, "TOC401", "n", Severity.INFO, "m", sheet="Log\x1bic")

    layout = short_lines([cell(3), cell(4), cell(4)])
    assert layout.grouped == 2
    assert layout.lines == [
        "p.xlsx:Log\\x1bic!C3: TOC401 info: m",
        "    … and 2 more like it, at Log\\x1bic!C4 (twice)",
    ]


def test_quiet_lists_only_what_fails_and_still_counts_everything(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(capsys, "validate", str(model_file("bradford")), "--quiet")
    assert (status, out) == (0, [])
    assert err == [
        "No errors: 37 warnings, 28 info.",
        "65 findings below error not listed (--quiet).",
    ]
    path = write(tmp_path, "typo.yaml", chain(produces="trainde"))
    status, out, err = run(capsys, "validate", path, "-q")
    assert status == 1
    assert [line.split()[1] for line in out] == ["TOC111", "1"]  # the cause, "… 1 more finding"
    assert "(1 error): TOC301 at 5:5" in out[1]
    assert err[0] == "2 errors, 4 warnings."
    status, out, err = run(
        capsys, "validate", str(model_file("bradford")), "-q", "--fail-on", "warning"
    )
    assert status == 1 and all(" info: " not in line for line in out)
    assert err[:3] == [
        "No errors: 37 warnings, 28 info.",
        "Fails because of --fail-on warning.",
        "28 findings below warning not listed (--quiet).",
    ]


def test_statistics_count_findings_by_code_like_ruff(capsys: pytest.CaptureFixture[str]) -> None:
    bradford = str(model_file("bradford"))
    status, out, err = run(capsys, "validate", bradford, "--statistics")
    assert status == 0
    assert out[:2] == [
        "18  TOC401  inferred-link-without-evidence  info",
        "11  TOC304  kpi-no-baseline                 warning",
    ]
    assert sum(int(line.split()[0]) for line in out) == 65
    assert err == ["No errors: 37 warnings, 28 info."]
    _, same, _ = run(capsys, "validate", bradford, "--summary")
    assert same == out
    _, out, _ = run(capsys, "validate", bradford, "--statistics", "--format", "json")
    rows = json.loads("\n".join(out))
    assert rows[0] == {
        "count": 18,
        "code": "TOC401",
        "name": "inferred-link-without-evidence",
        "severity": "info",
    }
    status, out, err = run(capsys, "validate", bradford, "--statistics", "--format", "github")
    assert status == 2 and out == [] and "--statistics" in err[0]


def test_the_summary_names_files_fail_on_and_models_that_did_not_load(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    clean = write(tmp_path, "clean.yaml", "toc: 1\nid: m\ntitle: Nothing yet\n")
    assert run(capsys, "validate", clean) == (0, [], ["No findings."])
    assert run(capsys, "validate", clean, clean)[2] == ["No findings in 2 files."]
    broken = write(tmp_path, "typo.yaml", "toc: 1\nid: m\ntitel: T\n")
    status, _, err = run(capsys, "validate", clean, broken)
    assert status == 1
    assert err == [
        "2 errors in 2 files.",
        "1 file could not be read as a model, so no rule ran on it: fix what is reported for it first.",
    ]
    typo = write(tmp_path, "chain.yaml", chain(produces="trainde"))
    status, _, err = run(capsys, "validate", typo, "--fail-on", "never")
    assert status == 0 and err[1] == "Passes because of --fail-on never."


def test_quiet_still_lists_why_a_file_did_not_load(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A file that is not a model fails whatever --fail-on says, so --quiet must say why."""
    broken = write(tmp_path, "typo.yaml", "toc: 1\nid: m\ntitel: T\n")
    status, out, err = run(capsys, "validate", broken, "--quiet", "--fail-on", "never")
    assert status == 1
    assert sorted(line.split()[1] for line in out) == ["TOC101", "TOC102"]
    assert err[1].startswith("1 file could not be read as a model")
