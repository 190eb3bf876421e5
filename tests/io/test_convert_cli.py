"""`toc convert`, and `validate`/`render`/`table`/`frameworks` reading any importable file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import toc
from toc.cli import main

from .helpers import messy_workbook, zip_bomb


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return messy_workbook(tmp_path / "plan.xlsx")


def test_convert_yaml_to_xlsx_and_back(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(capsys, "convert", "bradford", "-o", str(tmp_path / "b.xlsx"))
    assert (status, out) == (0, "")
    assert f"wrote {tmp_path / 'b.xlsx'} (logic-model table)" in err
    status, _, err = run(
        capsys, "convert", str(tmp_path / "b.xlsx"), "-o", str(tmp_path / "b.yaml")
    )
    assert status == 0 and "theory-of-change YAML" in err
    model = toc.load(tmp_path / "b.yaml")
    assert model.title.startswith("Bradford District") and len(model.kpis) == 11


def test_convert_writes_but_exits_1_when_reading_found_errors(
    capsys: pytest.CaptureFixture[str], plan: Path, tmp_path: Path
) -> None:
    target = tmp_path / "plan.yaml"
    status, _, err = run(capsys, "convert", str(plan), "-o", str(target))
    assert status == 1 and target.exists()
    assert f"{plan}:Logic model!C7: TOC014 error: the error value #REF!" in err
    assert f"{plan}:Logic model!B4: TOC018" in err


def test_convert_exits_2_and_writes_nothing_for_an_unreadable_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bomb = zip_bomb(tmp_path / "bomb.xlsx", megabytes=20)
    status, _, err = run(capsys, "convert", str(bomb), "-o", str(tmp_path / "out.yaml"))
    assert status == 2 and "TOC015" in err and "zip bomb" in err
    assert not (tmp_path / "out.yaml").exists()


def test_convert_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "convert", "bradford", "-o", "-", "--to", "table")
    assert status == 0 and out.startswith("Inputs,Activities,Outputs,KPIs")  # no byte-order mark
    status, out, _ = run(capsys, "convert", "bradford", "-o", "-", "--to", "yaml")
    assert status == 0 and out.startswith("toc: 1\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-o", "-"], "needs --to"),
        (["-o", "x.docx"], "cannot tell the format"),
        (["-o", "x.yaml", "--from", "tabel"], "did you mean `table`"),
        (["-o", "x.yaml", "--to", "visio"], "no format 'visio'"),
        (["-o", "x.yaml", "--levels", "Strands"], "expects Name=kind"),
        (["-o", "x.yaml", "--levels", "Strands=activites"], "did you mean `activity`"),
    ],
)
def test_convert_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    argv = [str(tmp_path / a) if a.startswith("x.") else a for a in argv]
    status, out, err = run(capsys, "convert", "bradford", *argv)
    assert (status, out) == (2, "")
    assert message in err


def test_convert_cannot_write_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "convert", "bradford", "-o", str(tmp_path / "no" / "b.csv"))
    assert status == 2 and "cannot write" in err


def test_convert_with_levels_and_from(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "plan.txt"
    source.write_text("Inputs,Workstreams,Outputs\nMoney,Coach,Plan\n", encoding="utf-8")
    target = tmp_path / "plan.yaml"
    status, _, err = run(
        capsys, "convert", str(source), "-o", str(target),
        "--from", "table", "--levels", "Workstreams=activity",
    )  # fmt: skip
    assert status == 0, err
    assert [a.label for a in toc.load(target).activities] == ["Coach"]


# --- the other commands read any importable file ------------------------------------------------


def test_validate_reads_a_workbook_and_names_cells(
    capsys: pytest.CaptureFixture[str], plan: Path
) -> None:
    status, out, _ = run(capsys, "validate", str(plan))
    assert status == 1
    assert (
        f"{plan}:Logic model!C9: TOC203 warning: output `calls-answered` has no links at all" in out
    )
    assert f"{plan}:Logic model!D7: TOC014" in out
    status, out, _ = run(capsys, "validate", str(plan), "--format", "json")
    found = json.loads(out)["findings"]
    assert {
        "file": str(plan),
        "sheet": "Logic model",
        "line": 7,
        "col": 3,
        "code": "TOC014",
    }.items() <= (next(f for f in found if f["code"] == "TOC014").items())
    status, out, _ = run(capsys, "validate", str(plan), "--format", "github")
    assert f"::error file={str(plan).replace(':', '%3A')},title=TOC014" in out
    assert "plan.xlsx:Logic model!C7: the error value" in out


def test_validate_csv_locations_are_row_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "links.csv"
    path.write_text("Activities,Outputs\nCoach,#REF!\n", encoding="utf-8")
    status, out, _ = run(capsys, "validate", str(path))
    assert status == 1 and f"{path}:2:2: TOC014" in out


def test_validate_refused_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    status, out, _ = run(capsys, "validate", str(path))
    assert status == 2 and f"{path}: TOC015" in out


def test_validate_still_reads_other_extensions_as_yaml(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "model.toc"
    path.write_text("toc: 1\nid: m\ntitle: M\n", encoding="utf-8")
    status, _, err = run(capsys, "validate", str(path), "--fail-on", "never")
    assert status == 0 and err == "No findings.\n"


def test_validate_with_from_reads_any_file_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "export.txt"
    path.write_text("Activities,Outputs\nCoach,Sessions\n", encoding="utf-8")
    status, out, _ = run(capsys, "validate", str(path), "--from", "table", "--select", "TOC203")
    assert status == 0 and out == ""
    status, _, err = run(capsys, "validate", str(path), "--from", "nope")
    assert status == 2 and "no format 'nope'" in err


def test_table_render_and_frameworks_read_a_workbook(
    capsys: pytest.CaptureFixture[str], plan: Path, tmp_path: Path
) -> None:
    status, out, _ = run(capsys, "table", str(plan))
    assert status == 0 and "| Council funding | Train GPs in mental health first aid |" in out
    status, _, _ = run(capsys, "render", str(plan), "-o", str(tmp_path / "plan.dot"))
    assert status == 0 and "Fewer crises" in (tmp_path / "plan.dot").read_text(encoding="utf-8")
    status, out, _ = run(capsys, "frameworks", str(plan))
    assert status == 0 and "home-office" in out


def test_validating_yaml_does_not_import_openpyxl() -> None:
    code = (
        "import sys; from toc.cli import main; main(['validate', 'bradford']);"
        "print('openpyxl' in sys.modules, 'toc.io.table' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.stdout.strip().splitlines()[-1] == "False False"


def test_convert_is_one_call_in_python(tmp_path: Path) -> None:
    result, written = toc.convert("bradford", tmp_path / "b.csv")
    assert result.model is not None and written == [tmp_path / "b.csv"]
    again = toc.read_file(tmp_path / "b.csv")
    assert again.model is not None and len(again.model.activities) == 4
    assert toc.write_file(again.model, tmp_path / "b.yaml") == [tmp_path / "b.yaml"]


def test_render_and_table_take_from_and_levels(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "plan.txt"
    source.write_text("Inputs,Workstreams,Outputs\nMoney,Coach,Plan\n", encoding="utf-8")
    reading = ("--from", "table", "--levels", "Workstreams=activity")
    status, out, err = run(capsys, "table", str(source), *reading, "--format", "csv")
    assert status == 0, err
    assert "Coach" in out.splitlines()[1]
    status, _, err = run(capsys, "render", str(source), *reading, "-o", str(tmp_path / "p.mmd"))
    assert status == 0, err
    assert "Coach" in (tmp_path / "p.mmd").read_text(encoding="utf-8")
    status, _, err = run(capsys, "table", str(source), "--from", "nonsense")
    assert status == 2 and "no format 'nonsense'" in err


@pytest.mark.filterwarnings("ignore::toc.io.iati.writing.NotCarriedWarning")
def test_validate_and_convert_choose_an_iati_activity(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    model = toc.load("bradford")
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    toc.write_file(model, first)
    toc.write_file(model.model_copy(update={"id": "second"}), second)
    text, other = (p.read_text(encoding="utf-8") for p in (first, second))
    activity = other[other.index("<iati-activity>") : other.index("</iati-activities>")]
    both = tmp_path / "both.xml"
    both.write_text(text.replace("</iati-activities>", activity + "</iati-activities>"), "utf-8")

    status, out, _ = run(capsys, "validate", str(both), "--format", "json")
    assert "TOC023" in {f["code"] for f in json.loads(out)["findings"]}
    target = tmp_path / "chosen.yaml"
    identifier = activity.split("<iati-identifier>", 1)[1].split("<", 1)[0]
    status, _, err = run(capsys, "convert", str(both), "-o", str(target), "--activity", identifier)
    assert status in (0, 1), err
    assert toc.load(target).id == "second"


def test_convert_says_what_iati_cannot_carry_as_notes_not_python_warnings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, recwarn: pytest.WarningsRecorder
) -> None:
    status, _, err = run(capsys, "convert", "bradford", "-o", str(tmp_path / "b.xml"))
    assert status == 0, err
    notes = [line for line in err.splitlines() if line.startswith("toc convert: note: ")]
    assert any("IATI 2.03 does not carry all of the model `bradford-atr`" in n for n in notes), err
    assert any("not written (IATI results are outputs, outcomes and impacts" in n for n in notes)
    assert "NotCarriedWarning" not in err and "warn(" not in err
    assert not [w for w in recwarn if "IATI" in str(w.message)]  # said once, as notes


def test_convert_turns_only_what_a_format_cannot_carry_into_notes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any other warning raised while writing stays a Python warning, under its filters."""
    import warnings

    import toc.io
    from toc.io.iati import NotCarriedWarning

    real = toc.io.written_files

    def warning_writer(*args: object, **kwargs: object) -> object:
        warnings.warn("a library changed its mind", DeprecationWarning, stacklevel=1)
        warnings.warn("the colour is not carried", NotCarriedWarning, stacklevel=1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(toc.io, "written_files", warning_writer)
    with pytest.warns(DeprecationWarning, match="changed its mind"):
        status, _, err = run(capsys, "convert", "bradford", "-o", str(tmp_path / "b.yaml"))
    assert status == 0, err
    assert "toc convert: note: the colour is not carried" in err
    assert "changed its mind" not in err
