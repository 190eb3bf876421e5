"""`toc render` and `toc table`: formats, options, and exit status 2 for what cannot be done."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.render_models import BRADFORD
from toc.cli import main
from toc.load import load
from toc.render import to_csv, to_dot, to_html_table, to_markdown_table, to_mermaid

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz `dot` is not installed (./dev installs it; apt-get install graphviz)",
)


def test_render_dot_and_mermaid_need_no_graphviz(tmp_path: Path) -> None:
    model = load(BRADFORD)
    assert main(["render", str(BRADFORD), "-o", str(tmp_path / "b.dot")]) == 0
    assert (tmp_path / "b.dot").read_text(encoding="utf-8") == to_dot(model)
    assert main(["render", str(BRADFORD), "-o", str(tmp_path / "b.mmd"), "--hide-kpis"]) == 0
    assert (tmp_path / "b.mmd").read_text(encoding="utf-8") == to_mermaid(model, hide_kpis=True)


def test_render_options_reach_the_renderer(tmp_path: Path) -> None:
    out = tmp_path / "chain.dot"
    args = ["render", "bradford", "-o", str(out), "--only", "communications", "--direction", "TB"]
    assert main([*args, "--hide-context", "--wrap", "30", "--group-by", "llr:prevention"]) == 0
    expected = to_dot(
        load(BRADFORD),
        only="communications",
        direction="TB",
        hide_context=True,
        wrap=30,
        group_by="llr:prevention",
    )
    assert out.read_text(encoding="utf-8") == expected


def test_render_with_findings_draws_the_report(tmp_path: Path) -> None:
    out = tmp_path / "b.dot"
    assert main(["render", str(BRADFORD), "-o", str(out), "--with-findings"]) == 0
    model = load(BRADFORD)
    assert out.read_text(encoding="utf-8") == to_dot(model, report=model.validate())


@needs_dot
@pytest.mark.parametrize(
    ("suffix", "magic"), [(".svg", b"<?xml"), (".png", b"\x89PNG"), (".pdf", b"%PDF")]
)
def test_render_formats_from_the_extension(tmp_path: Path, suffix: str, magic: bytes) -> None:
    out = tmp_path / f"bradford{suffix}"
    dpi = ["--dpi", "40"] if suffix == ".png" else []
    assert main(["render", "bradford", "-o", str(out), *dpi]) == 0
    assert out.read_bytes().startswith(magic)


def test_render_to_stdout_needs_a_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "bradford", "-o", "-"]) == 2
    assert "needs --format" in capsys.readouterr().err
    assert main(["render", "bradford", "-o", "-", "--format", "mmd"]) == 0
    assert capsys.readouterr().out == to_mermaid(load(BRADFORD))


def test_an_unreadable_file_prints_its_findings_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("toc: 1\nid: x\ntitle: [\n", encoding="utf-8")
    assert main(["render", str(bad), "-o", str(tmp_path / "x.svg")]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:4:1: TOC001 " in err
    assert not (tmp_path / "x.svg").exists()
    assert main(["table", str(bad)]) == 2


def test_render_errors_say_what_to_do_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = str(tmp_path / "b.svg")
    assert main(["render", "bradford", "-o", out, "--max-elements", "3"]) == 2
    assert "more than the cap of 3" in capsys.readouterr().err
    assert main(["render", "bradford", "-o", out, "--only", "comunications"]) == 2
    assert "did you mean `communications`" in capsys.readouterr().err
    assert main(["render", "bradford", "-o", str(tmp_path / "b.jpeg")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["render", "bradford", "-o", out]) == 2
    assert "apt-get install graphviz" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("fmt", "renderer"), [("markdown", to_markdown_table), ("html", to_html_table), ("csv", to_csv)]
)
def test_table_prints_each_format(
    fmt: str, renderer: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["table", "bradford", "--format", fmt]) == 0
    printed = capsys.readouterr().out
    expected = renderer(load(BRADFORD))  # type: ignore[operator]
    assert printed.rstrip("\n") == expected.rstrip("\n")


def test_table_writes_a_file(tmp_path: Path) -> None:
    out = tmp_path / "t.md"
    assert main(["table", "bradford", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == to_markdown_table(load(BRADFORD))


@needs_dot
def test_with_findings_takes_the_validation_options(tmp_path: Path) -> None:
    out = tmp_path / "b.svg"
    assert main(["render", "bradford", "-o", str(out), "--with-findings", "--select", "TOC3"]) == 0
    assert "TOC304" in out.read_text(encoding="utf-8")
    assert main(["render", "bradford", "-o", str(out), "--with-findings", "--ignore", "TOC3"]) == 0
    assert "TOC304" not in out.read_text(encoding="utf-8")
    assert (
        main(["render", "bradford", "-o", str(out), "--with-findings", "--select", "TOC999"]) == 2
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["render", "bradford", "-o", "/nonexistent-dir/x.dot"],
        ["render", "bradford", "-o", "x.png", "--dpi", "-5"],
        ["table", "bradford", "-o", "/nonexistent-dir/t.md"],
        ["schema", "-o", "/nonexistent-dir/s.json"],
        ["rules", "--docs", "/proc/no-such-dir/rules"],
    ],
)
def test_bad_outputs_are_usage_errors_not_tracebacks(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert "cannot write" in capsys.readouterr().err or "--dpi" in argv
