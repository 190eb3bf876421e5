"""Reading YAML safely: every hostile or surprising input is a coded finding at its exact place."""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import toc
from toc.cli import main
from toc.load import LoadResult, read, read_bytes, read_text
from toc.shipped import model_file
from toc.yamlsafe import MAX_DEPTH, parse, resolve_plain

from .helpers import check, findings_of

HEAD = "toc: 1\nid: m\ntitle: T\n"


def test_duplicate_key_names_both_lines() -> None:
    [finding] = check(HEAD + "inputs:\n  - id: a\n    label: A\n    label: B\n", [("TOC004", 7, 5)])
    assert "first written at line 6, column 5" in finding.message


def test_quoted_and_plain_key_are_the_same_key() -> None:
    check('toc: 1\n"id": m\nid: n\ntitle: T\n', [("TOC004", 3, 1)])


def test_nested_duplicate_key() -> None:
    text = HEAD + "kpis:\n  - id: k\n    label: K\n    target: {value: 1, value: 2}\n"
    check(text, [("TOC004", 7, 24)])


def test_anchor_and_alias_are_refused() -> None:
    check("toc: 1\nid: &x m\ntitle: *x\n", [("TOC006", 2, 5), ("TOC006", 3, 8)])


def test_merge_key_is_refused() -> None:
    check(HEAD + "source:\n  <<: {document: x}\n", [("TOC006", 5, 3)])


def test_billion_laughs_is_refused_without_expanding() -> None:
    bomb = 'a: &a ["lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(9)
    )
    findings = findings_of(bomb)
    assert {f.code for f in findings} == {"TOC006"}
    assert len(findings) == 10 + 27  # ten anchors, three aliases on each of nine lines


def test_self_referencing_alias() -> None:
    check(HEAD + "description: &d [*d]\n", [("TOC006", 4, 14), ("TOC006", 4, 18)])


@pytest.mark.parametrize(
    ("tag", "col"),
    [
        ("!!python/object/apply:os.system ['echo hi']", 8),
        ("!include other.yaml", 8),
        ("!!binary aGk=", 8),
    ],
)
def test_tags_are_refused_and_never_constructed(tag: str, col: int) -> None:
    check(f"toc: 1\nid: m\ntitle: {tag}\n", [("TOC005", 3, col)])


@pytest.mark.parametrize(
    ("value", "line", "col"),
    [("NO", 3, 8), ("on", 3, 8), ("yes", 3, 8), ("0123", 3, 8), ("12:30", 3, 8), ("1e3", 3, 8)],
)
def test_yaml11_surprises_where_text_is_wanted(value: str, line: int, col: int) -> None:
    check(f"toc: 1\nid: m\ntitle: {value}\n", [("TOC008", line, col)], codes=["TOC008", "TOC103"])


@pytest.mark.parametrize("value", ["0123", "1e3", "1_000", "12:30"])
def test_yaml11_surprises_where_a_number_is_wanted(value: str) -> None:
    text = HEAD + f"kpis:\n  - id: k\n    label: K\n    target:\n      value: {value}\n"
    check(text, [("TOC008", 8, 14)], codes=["TOC008", "TOC103"])


def test_float_that_loses_a_digit_where_text_is_wanted() -> None:
    [finding] = check("toc: 1\nid: m\ntitle: 1.10\n", [("TOC103", 3, 8)])
    assert '"1.10"' in finding.message


def test_quoted_surprises_are_fine() -> None:
    check('toc: 1\nid: m\ntitle: "NO"\ndescription: "0123"\n', [], codes=["TOC008", "TOC103"])


def test_ambiguous_scalar_does_not_stop_loading_text() -> None:
    model = toc.loads("toc: 1\nid: m\ntitle: NO\n")
    assert model.title == "NO"
    assert model.validate().codes() == ["TOC008"]


def test_empty_and_comment_only_files() -> None:
    check("", [("TOC011", 1, 1)])
    check("# nothing yet\n", [("TOC011", 1, 1)])


@pytest.mark.parametrize("text", ["- toc: 1\n- id: m\n", "just words\n", "42\n"])
def test_top_level_must_be_a_mapping(text: str) -> None:
    check(text, [("TOC009", 1, 1)])


def test_several_documents() -> None:
    check(HEAD + "---\n" + HEAD, [("TOC010", 4, 1)])


def test_tab_indentation() -> None:
    [finding] = check(HEAD + "inputs:\n\t- id: a\n", [("TOC001", 5, 1)])
    assert "tab" in finding.message


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        (HEAD + "description: [unclosed\n", 5, 1),
        (HEAD + 'description: "unclosed\n', 5, 1),
        ("toc: 1\nid: a: b\n", 2, 6),
    ],
)
def test_syntax_errors(text: str, line: int, col: int) -> None:
    check(text, [("TOC001", line, col)])


def test_invalid_utf8_is_located() -> None:
    result = read_bytes(b"toc: 1\nid: m\ntitle: caf\xe9\n", name="latin1.yaml")
    assert [(f.code, f.line, f.col) for f in result.findings] == [("TOC003", 3, 11)]


def test_nul_byte_is_located() -> None:
    result = read_bytes(b"toc: 1\nid: m\ntitle: a\x00b\n", name="nul.yaml")
    assert [(f.code, f.line, f.col) for f in result.findings] == [("TOC003", 3, 9)]


def test_deep_nesting_is_refused_once() -> None:
    depth = 5000
    text = "toc: 1\nid: m\ntitle: " + "[" * depth + "]" * depth + "\n"
    findings = findings_of(text)
    assert [(f.code, f.line, f.col) for f in findings] == [("TOC007", 3, 8 + MAX_DEPTH - 1)]


def test_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(HEAD + "description: " + "x" * 2048 + "\n")
    result = read(path, max_bytes=1024)
    assert [(f.code, f.line) for f in result.findings] == [("TOC002", 0)]
    assert "limit" in result.findings[0].message


def test_missing_file_suggests_bundled_name(tmp_path: Path) -> None:
    result = read(tmp_path / "nope.yaml")
    assert [f.code for f in result.findings] == ["TOC012"]


def test_directory_is_unreadable(tmp_path: Path) -> None:
    result = read(tmp_path)
    assert [f.code for f in result.findings] == ["TOC012"]


def test_columns_count_characters_not_bytes() -> None:
    check("toc: 1\nid: m\ntitle: é\ndescription: [ü, NO]\n", [("TOC008", 4, 18)])


def test_bom_is_accepted() -> None:
    result = read_bytes(b"\xef\xbb\xbf" + HEAD.encode())
    assert result.model is not None and result.findings == []


@pytest.mark.parametrize(
    ("text", "value", "surprising"),
    [
        ("1", 1, False),
        ("-3", -3, False),
        ("1.5", 1.5, False),
        ("true", True, False),
        ("False", False, False),
        ("~", None, False),
        ("null", None, False),
        ("yes", "yes", True),
        ("Off", "Off", True),
        ("0o17", "0o17", True),
        ("0x1F", 31, False),
        ("007", "007", True),
        ("1e3", "1e3", True),
        ("2024-01-01", "2024-01-01", False),
        ("1:20", "1:20", True),
        ("words", "words", False),
    ],
)
def test_plain_scalar_resolution(text: str, value: object, surprising: bool) -> None:
    got, surprise = resolve_plain(text)
    assert got == value and type(got) is type(value)
    assert (surprise is not None) == surprising


def test_parse_records_marks_on_containers() -> None:
    document = parse("a:\n  - x\n  - y: 1\n")
    root = document.root
    assert root.value_marks["a"].line == 2
    assert [m.line for m in root["a"].item_marks] == [2, 3]
    assert root["a"][1].key_marks["y"][:2] == (3, 5)


def test_control_character_after_multibyte_text_is_located_by_character() -> None:
    # libyaml's reader reports a byte offset; the column must count characters
    check("toc: 1\nid: m\ntitle: é\ndescription: \x1f\n", [("TOC003", 4, 14)])


def test_a_flood_of_aliases_stops_after_a_hundred_problems() -> None:
    text = "toc: 1\nid: &a m\ntitle: [" + ", ".join(["*a"] * 10_000) + "]\n"
    findings = findings_of(text)
    assert len(findings) == 101
    assert {f.code for f in findings} == {"TOC006"}
    assert "reading stopped here" in findings[-1].message


def test_very_deep_flow_nesting_is_refused_without_reading_on() -> None:
    # libyaml's time grows with the square of flow depth; reading stops at the limit
    depth = 200_000
    findings = findings_of("toc: 1\nid: m\ntitle: " + "[" * depth + "]" * depth + "\n")
    assert [(f.code, f.line) for f in findings] == [("TOC007", 3)]


def test_invalid_utf8_after_a_lone_carriage_return_is_on_the_next_line() -> None:
    result = read_bytes(b"toc: 1\rid: m\r\x80\n", name="cr.yaml")
    assert [(f.code, f.line, f.col) for f in result.findings] == [("TOC003", 3, 1)]


# --- NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR -------------------------------------------------
# Editors and YAML 1.2 break lines at LF, CRLF and CR only; libyaml (YAML 1.1) also at these three,
# which shifted every later line number by one and changed the text around them.

YAML11_BREAKS = pytest.mark.parametrize(
    "char", ["\x85", "\u2028", "\u2029"], ids=["NEL", "LS", "PS"]
)
PLACES = {
    "double-quoted": 'title: "a{c}b"\n',
    "single-quoted": "title: 'a{c}b'\n",
    "plain": "title: a{c}b\n",
    "comment": "title: ab  # a{c}b\n",
    "block": "title: |\n  a{c}b\n",
}


@YAML11_BREAKS
@pytest.mark.parametrize("place", list(PLACES))
def test_yaml11_line_breaks_are_text_and_count_no_line(char: str, place: str) -> None:
    lines = "toc: 1\nid: m\n" + PLACES[place].format(c=char)
    after = lines.count("\n") + 1
    text = lines + "bogus: 1\nnext: [1\n"
    [finding] = findings_of(text)  # the syntax error stops reading before the unknown key
    assert (finding.code, finding.line, finding.col) == ("TOC001", after + 2, 1)
    [unknown] = read_text(lines + "bogus: 1\n").findings
    assert (unknown.code, unknown.line, unknown.col) == ("TOC101", after, 1)
    expected = {"comment": "ab", "block": f"a{char}b\n"}.get(place, f"a{char}b")
    assert parse(lines).root["title"] == expected


@YAML11_BREAKS
def test_positions_after_a_yaml11_break_in_a_key_a_control_character_and_bad_utf8(
    char: str,
) -> None:
    check(f'toc: 1\nid: m\ntitle: "{char}"\n"k{char}": 1\nx: \x07\n', [("TOC003", 5, 4)])
    [duplicate] = check(
        f'toc: 1\nid: m\ntitle: T\n"k{char}": 1\n"k{char}": 2\n', [("TOC004", 5, 1)]
    )
    assert f"`k{char}`" in duplicate.message
    data = f'toc: 1\nid: m\ntitle: "a{char}b"\n'.encode() + b"\xff\n"
    assert [(f.code, f.line, f.col) for f in read_bytes(data).findings] == [("TOC003", 4, 1)]


def test_without_a_free_stand_in_positions_still_count_editor_lines() -> None:
    # A file using every private-use character: NEL is then read as YAML 1.1 reads it, a break,
    # but the line numbers reported are still the editor's.
    every = "".join(chr(code) for code in range(0xE000, 0xF900))
    text = f'toc: 1\nid: m\ntitle: "a\x85b"  # {every}\nbogus: 1\n'
    [unknown] = read_text(text).findings
    assert (unknown.code, unknown.line, unknown.col) == ("TOC101", 4, 1)
    [error] = findings_of(text.replace("bogus: 1", "bogus: [1"))
    assert (error.code, error.line) == ("TOC001", 5)
    assert parse(text).root["title"] == "a b"  # folded, as YAML 1.1 does: the one difference


def test_a_byte_order_mark_in_text_is_not_counted() -> None:
    # read_bytes drops it while decoding; text given directly must be counted the same way
    [number] = read_text("\ufefftoc: 1\nid: m\ntitle: 1.10\n").findings
    assert (number.line, number.col) == (3, 8) and 'put it in quotes ("1.10")' in number.message
    [error] = read_text("\ufefftoc: 1\nid: m\ntitle: [1\n").findings
    assert (error.code, error.line, error.col) == ("TOC001", 4, 1)
    check("\ufefftoc: 1\nid: m\ntitle: \x07\n", [("TOC003", 3, 8)])


def test_a_tab_on_an_earlier_line_of_a_cr_only_file_is_not_blamed() -> None:
    [finding] = findings_of('toc: 1\rid: m\rdescription: "a\tb"\rtitle: [1\r')
    assert (finding.code, finding.line) == ("TOC001", 5)
    assert "tab" not in finding.message


# --- what a name means: a local path, or a bundled model --------------------------------------

posix_only = pytest.mark.skipif(os.name != "posix", reason="named pipes and /dev/null are POSIX")


def _within(seconds: float, call: Callable[[], LoadResult]) -> LoadResult:
    """`call()`, failing the test rather than hanging it if it blocks (on a named pipe, say)."""
    done: list[LoadResult] = []
    worker = threading.Thread(target=lambda: done.append(call()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert done, f"reading blocked for {seconds} s"
    return done[0]


def _refusal(result: LoadResult) -> str:
    assert result.model is None
    [finding] = result.findings
    assert (finding.code, finding.line) == ("TOC012", 0)
    return finding.message


def test_a_folder_named_like_a_bundled_model_is_refused_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bradford").mkdir()
    message = _refusal(read("bradford"))
    assert message == (
        "`bradford` is a directory, not a YAML file; for the bundled model of that name write "
        "`bundled:bradford`"
    )
    bundled = toc.load("bundled:bradford")
    assert bundled == toc.load(model_file("bradford"))


@posix_only
@pytest.mark.parametrize("name", ["llr", "model.yaml"])
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkfifo(name)
    message = _refusal(_within(20, lambda: read(name)))
    assert message.startswith(f"`{name}` is a named pipe, not a YAML file")
    assert ("bundled:llr" in message) == (name == "llr")


@posix_only
def test_a_named_pipe_put_in_place_after_the_check_is_refused_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipe = tmp_path / "model.yaml"
    os.mkfifo(pipe)
    loader = importlib.import_module("toc.load")  # `toc.load` the attribute is the function
    monkeypatch.setattr(loader, "_resolve", lambda _source: pipe)  # as if swapped after stat()
    message = _refusal(_within(20, lambda: read(pipe)))
    assert message == f"`{pipe}` is a named pipe, not a YAML file"


@posix_only
def test_devices_and_dangling_links_are_refused_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _refusal(read("/dev/null")) == "`/dev/null` is a character device, not a YAML file"
    monkeypatch.chdir(tmp_path)
    os.symlink("nowhere.yaml", "home_office")
    assert _refusal(read("home_office")) == (
        "`home_office` is a link to something that does not exist; for the bundled model of "
        "that name write `bundled:home_office`"
    )


def test_a_bare_name_is_the_bundled_model_unless_a_file_has_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert read("llr").file == str(model_file("llr"))
    (tmp_path / "llr").write_text(HEAD, encoding="utf-8")
    local = read("llr")
    assert local.file == "llr" and local.model is not None and local.model.id == "m"
    assert read("bundled:llr").file == str(model_file("llr"))


def test_an_unknown_bundled_name_suggests_the_closest() -> None:
    message = _refusal(read("bundled:bradfrod"))
    assert message.startswith("no bundled model `bradfrod`; did you mean `bundled:bradford`?")


def test_the_command_line_says_which_one_is_meant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = main(["validate", str(model_file("bradford"))])
    capsys.readouterr()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bradford").mkdir()
    assert main(["validate", "bradford"]) == 2
    assert "write `bundled:bradford`" in capsys.readouterr().out
    assert main(["validate", "bundled:bradford"]) == expected
