"""Files the library writes: whole or not at all, never over an input, in the format `-o` names."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

import toc
from toc._atomic import OutputIsInputError, ensure_not_an_input, write_bytes_atomic
from toc.cli import main
from toc.render import (
    Diagram,
    to_csv,
    to_dot,
    to_html_table,
    to_markdown_table,
    to_mermaid,
    write_csv,
    write_dot,
    write_html_table,
    write_markdown_table,
    write_mermaid,
)

MODEL = """\
toc: 1
id: m
title: A small model
activities:
  - id: train
    label: Train practitioners
    produces: [trained]
outputs:
  - id: trained
    label: Trained workforce
"""

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz `dot` is not installed (./dev installs it; apt-get install graphviz)",
)


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    path = tmp_path / "model.yaml"
    path.write_text(MODEL, encoding="utf-8")
    return path


def toc_process(
    *argv: str, cwd: Path, preexec_fn: Callable[[], object] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toc", *argv],
        cwd=cwd, capture_output=True, text=True, check=False, preexec_fn=preexec_fn,
    )  # fmt: skip


# Writing in one step -------------------------------------------------------------------------

_WRITER = textwrap.dedent(
    """
    import sys
    from toc.render import Diagram

    path, fill, times = sys.argv[1], sys.argv[2].encode(), int(sys.argv[3])
    diagram = Diagram("svg", fill * 1_000_000, "concurrent")
    for _ in range(times):
        diagram.save(path)
    """
)


def test_processes_saving_one_path_never_leave_a_mixed_or_partial_file(tmp_path: Path) -> None:
    # Two processes rendering to one path once left a file mixing two diagrams; with the file
    # renamed into place, every read sees one whole diagram.
    target = tmp_path / "diagram.svg"
    payloads = {b"A" * 1_000_000, b"B" * 1_000_000}
    target.write_bytes(b"A" * 1_000_000)
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(target), fill, "25"])
        for fill in ("A", "B", "A", "B")
    ]
    reads, bad = 0, []
    while any(writer.poll() is None for writer in writers):
        data = target.read_bytes()
        reads += 1
        if data not in payloads:
            bad.append((len(data), data[:1], data[-1:]))
    assert [writer.wait() for writer in writers] == [0, 0, 0, 0]
    assert reads > 0
    assert bad == [], f"{len(bad)} of {reads} reads saw a partial or mixed file: {bad[:5]}"
    assert sorted(os.listdir(tmp_path)) == ["diagram.svg"]  # no temporary file left behind


def test_a_write_that_fails_half_way_leaves_the_old_file(tmp_path: Path) -> None:
    # A full disk, stood in for by a file-size limit: the old diagram stays, nothing else is left.
    resource = pytest.importorskip("resource")
    many = tmp_path / "many.yaml"
    activities = "".join(f"  - id: a{i}\n    label: Activity {i}\n" for i in range(3000))
    many.write_text(f"toc: 1\nid: m\ntitle: T\nactivities:\n{activities}", encoding="utf-8")
    out = tmp_path / "diagram.dot"
    out.write_text("digraph old {}\n", encoding="utf-8")

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, resource.RLIM_INFINITY))

    done = toc_process(
        "render",
        str(many),
        "-o",
        str(out),
        "--layout",
        "full",
        cwd=tmp_path,
        preexec_fn=limit_file_size,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [f"toc render: cannot write {out}: File too large"]
    assert out.read_text(encoding="utf-8") == "digraph old {}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diagram.dot", "many.yaml"]


def test_a_failed_write_names_the_file_asked_for_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "table.md"
    target.write_bytes(b"old")

    def failing_fsync(descriptor: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="Input/output error") as caught:
        write_bytes_atomic(target, b"new")
    assert caught.value.filename == str(target)
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["table.md"]


def test_a_replaced_file_keeps_its_permissions_and_a_new_one_gets_the_umask(
    tmp_path: Path,
) -> None:
    kept = tmp_path / "kept.svg"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    write_bytes_atomic(kept, b"new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_bytes() == b"new"
    umask = os.umask(0o027)
    try:
        fresh = write_bytes_atomic(tmp_path / "fresh.svg", b"new")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640  # 0666 less the umask, not mkstemp's 0600


def test_a_symbolic_link_is_written_through_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "figure.svg"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "figure.svg"
    link.symlink_to(real)
    assert write_bytes_atomic(link, b"new") == link
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert sorted(os.listdir(real.parent)) == ["figure.svg"]


def test_a_named_pipe_is_written_into_not_replaced(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    fifo = tmp_path / "out.dot"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    write_bytes_atomic(fifo, b"digraph {}\n")
    assert reader.communicate(timeout=30)[0] == b"digraph {}\n"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_folder_is_not_replaced(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_bytes_atomic(tmp_path, b"data")
    assert tmp_path.is_dir()


def test_every_writer_writes_its_text_and_returns_the_path(tmp_path: Path) -> None:
    model = toc.loads(MODEL)
    cases = [
        (write_markdown_table, "t.md", to_markdown_table(model).encode()),
        (write_html_table, "t.html", to_html_table(model).encode()),
        (write_csv, "t.csv", b"\xef\xbb\xbf" + to_csv(model).encode()),
        (write_dot, "d.dot", to_dot(model).encode()),
        (write_mermaid, "d.mmd", to_mermaid(model).encode()),
    ]
    for writer, name, expected in cases:
        path = writer(model, str(tmp_path / name))
        assert path == tmp_path / name and path.read_bytes() == expected, name
    toc.dump(model, tmp_path / "m.yaml")
    assert toc.load(tmp_path / "m.yaml") == model
    assert Diagram("dot", b"digraph {}\n", "t").save(tmp_path / "x.dot").read_bytes() == (
        b"digraph {}\n"
    )
    assert sorted(os.listdir(tmp_path)) == sorted(
        ["t.md", "t.html", "t.csv", "d.dot", "d.mmd", "m.yaml", "x.dot"]
    )


# An output is never an input -----------------------------------------------------------------


def test_ensure_not_an_input_sees_through_links_and_spellings(tmp_path: Path) -> None:
    source = tmp_path / "model.yaml"
    source.write_text(MODEL, encoding="utf-8")
    hard = tmp_path / "hard.md"
    os.link(source, hard)
    soft = tmp_path / "soft.md"
    soft.symlink_to(source)
    for output in (source, hard, soft, tmp_path / "." / "model.yaml"):
        with pytest.raises(OutputIsInputError) as caught:
            ensure_not_an_input(output, [tmp_path / "other.yaml", source])
        assert str(output) in str(caught.value) and str(source) in str(caught.value)
    ensure_not_an_input(tmp_path / "new.md", [source])  # does not exist yet: not an input
    ensure_not_an_input(tmp_path / "copy.md", [tmp_path / "missing.yaml"])


@pytest.mark.parametrize(
    "argv",
    [
        ["table", "{model}", "-o", "{model}", "--format", "markdown"],
        ["table", "{model}", "-o", "{hard}"],
        ["table", "{model}", "-o", "{soft}"],
        ["render", "{model}", "-o", "{model}", "--format", "dot"],
        ["render", "{model}", "-o", "{soft}", "--format", "mmd"],
        pytest.param(["render", "{model}", "-o", "{model}", "--format", "svg"], marks=needs_dot),
    ],
)
def test_an_output_that_is_the_input_is_refused(
    argv: list[str], model_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hard = model_file.with_name("hard.md")
    os.link(model_file, hard)
    soft = model_file.with_name("soft.md")
    soft.symlink_to(model_file)
    names = {"model": str(model_file), "hard": str(hard), "soft": str(soft)}
    assert main([part.format(**names) for part in argv]) == 2
    [message] = capsys.readouterr().err.splitlines()
    assert message.startswith(f"toc {argv[0]}: will not write ") and str(model_file) in message
    assert model_file.read_text(encoding="utf-8") == MODEL


def test_a_bundled_model_is_not_written_over_either(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = tmp_path / "models" / "shipped.yaml"
    shipped.parent.mkdir()
    shipped.write_text(MODEL, encoding="utf-8")
    monkeypatch.setattr("toc.shipped.model_files", lambda: {"shipped": shipped})
    monkeypatch.chdir(tmp_path)
    assert main(["table", "shipped", "-o", str(shipped), "--format", "csv"]) == 2
    assert str(shipped) in capsys.readouterr().err
    assert shipped.read_text(encoding="utf-8") == MODEL


# The output's extension names the format -----------------------------------------------------


RENDERERS = {"markdown": to_markdown_table, "html": to_html_table, "csv": to_csv}


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("t.md", "markdown"), ("t.markdown", "markdown"), ("t.html", "html"), ("T.HTM", "html"),
     ("t.csv", "csv")],
)  # fmt: skip
def test_table_output_format_follows_the_extension(
    name: str, fmt: str, model_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = model_file.with_name(name)
    assert main(["table", str(model_file), "-o", str(out)]) == 0
    assert out.read_bytes().decode("utf-8-sig") == RENDERERS[fmt](toc.load(model_file))
    assert capsys.readouterr().err == f"toc table: wrote {out} ({fmt})\n"


def test_table_format_option_overrides_the_extension(model_file: Path) -> None:
    out = model_file.with_name("table.txt")
    assert main(["table", str(model_file), "-o", str(out), "--format", "csv"]) == 0
    assert out.read_bytes().decode("utf-8-sig") == to_csv(toc.load(model_file))


@pytest.mark.parametrize("name", ["table.yaml", "table.txt", "table"])
def test_table_output_with_an_unknown_extension_is_refused(
    name: str, model_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = model_file.with_name(name)
    assert main(["table", str(model_file), "-o", str(out)]) == 2
    [message] = capsys.readouterr().err.splitlines()
    assert message.startswith(f"toc table: cannot tell the format of '{out}'")
    assert ".md, .markdown, .html, .htm, .csv" in message
    assert not out.exists()


def test_table_dash_is_standard_output(
    model_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["table", str(model_file), "-o", "-", "--format", "html"]) == 0
    assert capsys.readouterr().out == to_html_table(toc.load(model_file)) + "\n"
    assert not (Path.cwd() / "-").exists()


def test_schema_output_must_be_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "schema.yaml"
    assert main(["schema", "-o", str(out)]) == 2
    assert ".json" in capsys.readouterr().err and not out.exists()
    out = tmp_path / "toc.schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("{")


# What the commands say they wrote ------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["render", "{model}", "-o", "{out}.dot"],
        ["table", "{model}", "-o", "{out}.md"],
        ["schema", "-o", "{out}.json"],
        ["rules", "--docs", "{out}"],
    ],
)
def test_wrote_messages_escape_control_characters(
    argv: list[str], model_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = model_file.parent / "\x1b[2J\x1b]0;owned\x07name"
    assert main([part.format(model=model_file, out=out) for part in argv]) == 0
    err = capsys.readouterr().err
    assert "wrote" in err and "\\x1b[2J" in err
    assert "\x1b" not in err and "\x07" not in err
