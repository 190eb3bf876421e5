"""`toc rules --docs DIR` writes only where nothing of the user's can be lost."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from toc.cli import main
from toc.rules import RULES
from toc.rulesdoc import (
    MANIFEST,
    DocsFolderInUseError,
    index_page,
    manifest_text,
    rule_page,
    write_rule_docs,
)

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules"
PAGES = {"index.md", *(f"{code}.md" for code in RULES)}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    return status, capsys.readouterr().err


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() if p.is_file() else b"folder" for p in directory.iterdir()}


def test_a_new_folder_gets_the_pages_and_a_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new" / "rules"
    status, err = run(capsys, "rules", "--docs", str(target))
    assert status == 0 and err == f"toc rules: wrote {len(PAGES)} files to {target}\n"
    assert {p.name for p in target.iterdir()} == PAGES | {MANIFEST}
    assert (target / "TOC301.md").read_text(encoding="utf-8") == rule_page(RULES["TOC301"])
    manifest = (target / MANIFEST).read_text(encoding="utf-8")
    digest = hashlib.sha256((target / "index.md").read_bytes()).hexdigest()
    assert f"{digest}  index.md\n" in manifest


def test_an_empty_folder_and_its_own_earlier_output_are_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "rules", "--docs", str(tmp_path))[0] == 0
    before = snapshot(tmp_path)
    assert run(capsys, "rules", "--docs", str(tmp_path))[0] == 0
    assert snapshot(tmp_path) == before


def test_a_folder_of_notes_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The command used to delete every TOC* file here and overwrite index.md, exiting 0.
    (tmp_path / "index.md").write_text("# My notes\n", encoding="utf-8")
    (tmp_path / "TOC-ideas.md").write_text("keep me\n", encoding="utf-8")
    (tmp_path / "budget.xlsx").write_bytes(b"PK\x03\x04")
    before = snapshot(tmp_path)
    status, err = run(capsys, "rules", "--docs", str(tmp_path))
    assert status == 2
    assert err == (
        f"toc rules: will not write into {tmp_path}: it holds files this command did not write "
        "(TOC-ideas.md, budget.xlsx, index.md); write into an empty or new folder, or move "
        "those files away\n"
    )
    assert snapshot(tmp_path) == before


def test_a_page_edited_by_hand_is_not_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_rule_docs(tmp_path)
    edited = tmp_path / "TOC301.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOur team's note.\n", encoding="utf-8")
    before = snapshot(tmp_path)
    status, err = run(capsys, "rules", "--docs", str(tmp_path))
    assert status == 2 and "pages changed since it wrote them (TOC301.md)" in err
    assert snapshot(tmp_path) == before


def test_one_foreign_file_stops_the_whole_run(tmp_path: Path) -> None:
    write_rule_docs(tmp_path)
    (tmp_path / "TOC301.md").write_text("old text the manifest lists", encoding="utf-8")
    (tmp_path / MANIFEST).write_text(
        manifest_text({"TOC301.md": b"old text the manifest lists"}), encoding="utf-8"
    )
    (tmp_path / "notes").mkdir()
    before = snapshot(tmp_path)
    with pytest.raises(DocsFolderInUseError) as caught:
        write_rule_docs(tmp_path)
    assert caught.value.foreign == ["notes"] and caught.value.changed == []
    assert snapshot(tmp_path) == before  # the listed, unchanged page was not written either


def test_pages_of_removed_codes_are_removed_when_unchanged(tmp_path: Path) -> None:
    write_rule_docs(tmp_path)
    pages = {name: (tmp_path / name).read_bytes() for name in PAGES}
    pages["TOC999.md"] = b"# TOC999 a rule that was removed\n"
    (tmp_path / "TOC999.md").write_bytes(pages["TOC999.md"])
    (tmp_path / MANIFEST).write_text(manifest_text(pages), encoding="utf-8")
    write_rule_docs(tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == PAGES | {MANIFEST}
    assert "TOC999" not in (tmp_path / MANIFEST).read_text(encoding="utf-8")


def test_a_manifest_naming_files_elsewhere_is_not_trusted(tmp_path: Path) -> None:
    outside = tmp_path / "precious.md"
    outside.write_text("mine\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    digest = hashlib.sha256(b"mine\n").hexdigest()
    (docs / MANIFEST).write_text(f"{digest}  ../precious.md\n", encoding="utf-8")
    with pytest.raises(DocsFolderInUseError) as caught:
        write_rule_docs(docs)
    assert caught.value.foreign == [MANIFEST]
    assert outside.read_text(encoding="utf-8") == "mine\n"


def test_pages_already_holding_the_text_due_are_not_in_the_way(tmp_path: Path) -> None:
    # A folder written before there was a manifest, such as this repository's docs/rules.
    (tmp_path / "index.md").write_text(index_page(), encoding="utf-8")
    (tmp_path / "TOC301.md").write_text(rule_page(RULES["TOC301"]), encoding="utf-8")
    write_rule_docs(tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == PAGES | {MANIFEST}


def test_a_file_in_place_of_the_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "rules"
    target.write_text("notes\n", encoding="utf-8")
    status, err = run(capsys, "rules", "--docs", str(target))
    assert status == 2 and err == f"toc rules: cannot write {target}: Not a directory\n"
    assert target.read_text(encoding="utf-8") == "notes\n"


def test_the_repository_manifest_lists_the_committed_pages() -> None:
    """Regenerate with `python -m tests.regenerate`."""
    names = ["index.md", *(f"{code}.md" for code in RULES)]
    expected = manifest_text({name: (DOCS / name).read_bytes() for name in names})
    assert (DOCS / MANIFEST).read_text(encoding="utf-8") == expected
