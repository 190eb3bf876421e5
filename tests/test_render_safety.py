"""Hostile labels come out as text in every output: nothing runs, nothing links, nothing breaks out.

The hostile model has one element of every kind for each label in `HOSTILE_LABELS` (a trailing
backslash, `] X [URL=<javascript:...>]`, `<script>`, `%%{init}%%`, `click`, quotes, `end`, ...),
and source URLs of `javascript:` and with a quote in them, built without validation.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.render_models import HOSTILE_LABELS, element_count, hostile
from tests.test_render_mermaid import assert_grammar
from toc.render import render, to_csv, to_dot, to_html_table, to_markdown_table, to_mermaid
from toc.render.text import clean, dot_string, markdown_cell, mermaid_text

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz `dot` is not installed (./dev installs it; apt-get install graphviz)",
)
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
LINK_ATTRIBUTES = ("href", f"{XLINK}href", "src", "action")


def assert_nothing_executable(root: ET.Element) -> None:
    """No script or embedded HTML element, no event handler, and links only to http(s) or mailto."""
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        assert tag not in {"script", "foreignobject", "iframe", "object", "embed", "img"}, tag
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            assert not local.startswith("on"), (name, value)
            if name in LINK_ATTRIBUTES:
                assert re.match(r"(https?://|mailto:)", value), (name, value)
                assert "javascript" not in value.lower() and "<" not in value


@needs_dot
def test_svg_of_hostile_labels_has_exactly_the_expected_nodes_and_no_script() -> None:
    model = hostile()
    diagram = render(model, "svg", wrap=80)
    root = ET.fromstring(diagram.data)
    assert_nothing_executable(root)
    nodes = [g for g in root.iter(f"{SVG}g") if g.get("class") == "node"]
    names = [g.findtext(f"{SVG}title") for g in nodes]
    element_names = sorted(n for n in names if n and not n.startswith("toc:"))
    assert element_names == sorted(model.by_id)
    headings, key = 7, 8  # 6 chain columns + context is not a column; kinds + factor + lines
    assert len(nodes) == element_count(model) + headings - 1 + key
    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert "<script>alert(3)</script>" in texts  # shown as words, not run
    assert '] X [URL=<javascript:alert(1)>] "' in texts
    assert "ends in a backslash \\" in texts
    assert root.findtext(f"{SVG}title") == 'Title <script>alert(0)</script> \\ "q" %%'
    tooltips = {a.get(f"{XLINK}title", "") for a in root.iter(f"{SVG}a")}
    # Graphviz expands escapes in tooltips twice, so backslashes show as the look-alike U+29F5.
    assert "Activity: \u29f5N \u29f5G \u29f5l \u29f5E — id: act-8" in tooltips
    assert "Input: ends in a backslash \u29f5 — id: in-0" in tooltips


@needs_dot
@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_binary_formats_of_hostile_labels_render(fmt: str) -> None:
    assert len(render(hostile(), fmt, dpi=30).data) > 1000


def _split_dot(dot: str) -> tuple[str, list[str]]:
    """DOT text with quoted strings emptied and HTML-like labels cut out, and those labels."""
    unquoted = re.sub(r'"(?:[^"\\]|\\.)*"', '""', dot, flags=re.DOTALL)
    rest, labels, index = [], [], 0
    while (start := unquoted.find("=<", index)) != -1:
        rest.append(unquoted[index : start + 1])
        depth, end = 0, start + 1
        while True:
            depth += {"<": 1, ">": -1}.get(unquoted[end], 0)
            end += 1
            if depth == 0:
                break
        labels.append(unquoted[start + 2 : end - 1])
        index = end
    rest.append(unquoted[index:])
    return "".join(rest), labels


def test_dot_of_hostile_labels_keeps_user_text_in_quotes_or_escaped_html() -> None:
    dot = to_dot(hostile(), wrap=80)
    syntax, labels = _split_dot(dot)
    for word in ("javascript", "script", "alert", "backslash", "HYPERLINK", "pipe"):
        assert word not in syntax, word
    tags = {tag for label in labels for tag in re.findall(r"</?([A-Za-z]+)", label)}
    assert tags <= {"B", "BR", "FONT", "TABLE", "TR", "TD"}, tags
    for label in HOSTILE_LABELS:
        assert html.escape(clean(label), quote=True) in dot, label
    assert "javascript" not in "".join(re.findall(r'URL="([^"]*)"', dot))


def test_mermaid_of_hostile_labels_is_all_entities_and_our_own_syntax() -> None:
    model = hostile()
    text = to_mermaid(model, wrap=200)
    assert_grammar(text)
    labels = re.findall(r'^    n\d+\W+"(.*?)"\W*$', text, flags=re.MULTILINE)
    assert len(labels) == element_count(model)
    decoded = {re.sub(r"#(\d+);", lambda m: chr(int(m[1])), label) for label in labels}
    for label in HOSTILE_LABELS:
        assert clean(label) in decoded or any(d.endswith("<br/>" + clean(label)) for d in decoded)
    for word in ("end", "click", "call", "style", "class"):
        assert not re.search(rf"\b{word}\b", "".join(labels), flags=re.IGNORECASE), word


def test_markdown_table_of_hostile_labels_keeps_six_cells_and_no_html() -> None:
    text = to_markdown_table(hostile())
    for line in text.splitlines():
        cells = re.split(r"(?<!\\)\|", line)[1:-1]
        assert len(cells) == 6, line
        assert re.sub(r"<br>", "", line).count("<") == line.count("\\<")
    assert "\\<script\\>alert(3)\\</script\\>" in text
    assert "\\[link\\](javascript:alert(6))" in text


def test_html_table_of_hostile_labels_parses_and_links_only_to_the_web() -> None:
    model = hostile()
    root = ET.fromstring(to_html_table(model))
    assert_nothing_executable(root)
    assert root.find(".//a") is None  # both hostile URLs are refused
    paragraphs = [p.text or "".join(p.itertext()) for p in root.iter("p")]
    assert len(paragraphs) == sum(1 for _ in model.chain_elements())
    assert "<script>alert(3)</script>" in paragraphs
    assert root.findtext("caption") == 'Title <script>alert(0)</script> \\ "q" %%'


def test_csv_of_hostile_labels_starts_no_cell_with_a_formula() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(hostile()))))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert '\'=HYPERLINK("javascript:alert(7)")' in cells


@given(st.text())
def test_dot_strings_always_close_where_they_should(text: str) -> None:
    quoted = dot_string(text)
    body = quoted[1:-1]
    assert re.fullmatch(r'"(?:[^"\\]|\\.)*"', quoted, flags=re.DOTALL)  # closes at the end only
    assert re.sub(r"\\(.)", r"\1", body, flags=re.DOTALL) == re.sub(
        r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", " ", text
    )


@given(st.text())
def test_mermaid_text_is_plain_characters_and_entities_only(text: str) -> None:
    encoded = mermaid_text(text)
    assert re.fullmatch(r"(?:[\w ,.\-:/?!'()]|#\d+;)*", encoded), encoded
    assert re.sub(r"#(\d+);", lambda m: chr(int(m[1])), encoded) == clean(text)


@given(st.text())
def test_markdown_cells_never_split_or_open_html(text: str) -> None:
    cell = markdown_cell(text)
    assert not re.search(r"(?<!\\)(?:\\\\)*[|<>\[\]`*_~$&]", cell.replace("\\\\", "")), cell
