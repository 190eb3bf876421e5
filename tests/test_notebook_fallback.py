"""A model always shows itself in a notebook: its diagram, else its table, else plain text.

`_repr_mimebundle_` raising would show the user a traceback instead of their model, so every way
drawing can fail is tried here, including ones that are bugs.
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

import toc.render.dot
import toc.render.table
from tests.render_models import small
from toc.model import Input, TheoryOfChange

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz `dot` is not installed (./dev installs it; apt-get install graphviz)",
)


def _fake_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, body: str) -> None:
    """Put a `dot` that runs `body` first on PATH."""
    path = tmp_path / "dot"
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(tmp_path))


def _hostile_description() -> TheoryOfChange:
    """A description Graphviz would expand into a lone surrogate, and one holding them already."""
    model = small(
        inputs=[{"id": "funding", "label": "Funding", "description": "a &#xD800; b &#1; c"}]
    )
    built = Input.model_construct(id="funding", label="Funding \ud800", description="\udfff")
    return model.model_copy(update={"inputs": [built]})


def _shows_table(bundle: dict[str, str], reason: str) -> None:
    assert set(bundle) == {"text/plain", "text/html"}
    assert bundle["text/html"].startswith('<table class="toc-logic-model">')
    assert "(no diagram: " in bundle["text/plain"]
    assert reason in bundle["text/plain"]


@needs_dot
def test_a_hostile_description_still_shows_the_diagram() -> None:
    for model in (
        small(inputs=[{"id": "funding", "label": "Funding", "description": "&#xD800; &#1;"}]),
        _hostile_description(),
    ):
        bundle = model._repr_mimebundle_()
        assert set(bundle) == {"text/plain", "image/svg+xml"}
        assert bundle["image/svg+xml"].lstrip().startswith("<?xml")


def test_no_dot_on_path_shows_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    _shows_table(_hostile_description()._repr_mimebundle_(), "not found on PATH")


def test_graphviz_writing_bytes_that_are_not_utf_8_shows_the_table(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What Graphviz 2.43 wrote for `&#xD800;` before toc escaped `&`: a lone surrogate's bytes."""
    _fake_dot(monkeypatch, tmp_path, r"printf '<svg><a xlink:title=\"\355\240\200\"/></svg>'")
    _shows_table(small()._repr_mimebundle_(), "not well-formed XML")


def test_graphviz_writing_xml_that_does_not_parse_shows_the_table(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _fake_dot(monkeypatch, tmp_path, r"printf '<svg><a title=\"\001\"/></svg>'")
    _shows_table(small()._repr_mimebundle_(), "bug in toc")


def test_graphviz_failing_shows_the_table(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_dot(monkeypatch, tmp_path, "echo 'Error: trouble in init_rank' >&2; exit 1")
    _shows_table(small()._repr_mimebundle_(), "trouble in init_rank")


@pytest.mark.parametrize(
    "error", [ValueError("boom"), UnicodeDecodeError("utf-8", b"\xed", 0, 1, "bad"), KeyError(1)]
)
def test_any_exception_while_drawing_shows_the_table(
    monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    def fail(*_: object, **__: object) -> None:
        raise error

    monkeypatch.setattr(toc.render.dot, "render", fail)
    bundle = small()._repr_mimebundle_()
    _shows_table(bundle, type(error).__name__)
    assert "bug in toc" in bundle["text/plain"]


def test_when_the_table_fails_too_plain_text_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object, **__: object) -> None:
        raise RuntimeError("no table today")

    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(toc.render.table, "to_html_table", fail)
    bundle = small()._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    text = bundle["text/plain"]
    assert "Workforce training programme" in text
    assert "not found on PATH" in text and "RuntimeError: no table today" in text
