"""Hostile labels come out as text in every output: nothing runs, nothing links, nothing breaks out.

The hostile model has one element of every kind for each label in `HOSTILE_LABELS` (a trailing
backslash, `] X [URL=<javascript:...>]`, `<script>`, `%%{init}%%`, `click`, quotes, `end`, ...),
and source URLs of `javascript:` and with a quote in them, built without validation. The entity
model puts `&#1;`, `&#xD800;`, `&amp;` and the like, and characters XML forbids, in every text a
figure shows; every SVG is parsed as XML. Labels too long for Graphviz are drawn cut short.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.render_models import HOSTILE_LABELS, element_count, hostile, small
from tests.test_render_mermaid import assert_grammar
from toc.cli import main
from toc.findings import Finding, Report, Severity
from toc.model import (
    Activity,
    Barrier,
    Framework,
    FrameworkEntry,
    Impact,
    Input,
    Kpi,
    Link,
    Outcome,
    Output,
    Source,
    Tag,
    TheoryOfChange,
)
from toc.render import render, to_csv, to_dot, to_html_table, to_markdown_table, to_mermaid
from toc.render.dot import TOOLTIP_CHARS
from toc.render.text import (
    CODES_SHOWN,
    LABEL_CHARS,
    LABEL_LINES,
    clean,
    dot_label_text,
    dot_string,
    label_lines,
    markdown_cell,
    mermaid_text,
    safe_url,
    shorten,
    wrap,
)

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
    dpi = 30.0 if fmt == "png" else None  # dpi is for PNG only; with PDF it is an error
    assert len(render(hostile(), fmt, dpi=dpi).data) > 1000


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
        assert dot_label_text(clean(label)) in dot, label  # entities, and `\` doubled for dot
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
@example('&#1; &amp; \\" \\')
def test_dot_strings_always_close_where_they_should(text: str) -> None:
    quoted = dot_string(text)
    body = quoted[1:-1]
    assert re.fullmatch(r'"(?:[^"\\]|\\.)*"', quoted, flags=re.DOTALL)  # closes at the end only
    unquoted = re.sub(r"\\(.)", r"\1", body, flags=re.DOTALL)
    assert not re.search(r"&(?!amp;)", unquoted)  # Graphviz can expand no entity of the user's
    assert unquoted.replace("&amp;", "&") == re.sub(
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


ENTITY_TEXTS: tuple[str, ...] = (
    "&#1;",
    "&#xD800;",
    "&#0;",
    "&amp;",
    "&lt;script&gt;alert(10)&lt;/script&gt;",
    "&nbsp;",
    "AT&T & co",
    "unterminated &",
    "&#x110000;",
    "&#38;#1;",
    "&#xFFFE;",
    "&#",
    "\ufffe and \uffff",
    "lone \ud800 and \udfff surrogates",
)
"""Text Graphviz would expand into characters XML forbids, or Python strings holding them."""
ENTITY_URL = "https://example.org/a?b=1&c=2&amp;d=&#1;&#xD800;#x"
"""Passes the model's URL pattern; `&` is legal in a URL, and must survive as it is."""
XML_ILLEGAL = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def entities() -> TheoryOfChange:
    """Entity references and XML-illegal characters in every piece of text a figure shows.

    Built with `model_construct`, as code can: the YAML reader and pydantic refuse some of these
    (lone surrogates), but a renderer must not trust that.
    """
    source = Source.model_construct(url=ENTITY_URL)
    entries = [
        FrameworkEntry.model_construct(id=f"e{i}", label=f"band {i} {text}", entries=())
        for i, text in enumerate(ENTITY_TEXTS)
    ]
    lists: dict[str, list[Any]] = {name: [] for name in ("inputs", "activities", "outputs")}
    lists |= {name: [] for name in ("kpis", "outcomes", "impacts", "barriers")}

    def element(cls: type[Any], prefix: str, i: int, **fields: Any) -> Any:
        text = ENTITY_TEXTS[i]
        return cls.model_construct(
            id=f"{prefix}-{i}",
            label=f"{prefix} {text}",
            description=text,
            tags=[Tag.model_construct(ref=f"ent:e{i}", note=text)],
            source=source,
            **fields,
        )

    def to(target: str) -> Link:
        return Link.model_construct(to=target, note="&#1;")

    for i in range(len(ENTITY_TEXTS)):
        lists["inputs"].append(element(Input, "in", i))
        lists["activities"].append(
            element(Activity, "act", i, uses=[to(f"in-{i}")], produces=[to(f"out-{i}")])
        )
        lists["outputs"].append(
            element(Output, "out", i, measured_by=[to(f"kpi-{i}")], leads_to=[to(f"oc-{i}")])
        )
        lists["kpis"].append(element(Kpi, "kpi", i, unit=ENTITY_TEXTS[i]))
        lists["outcomes"].append(element(Outcome, "oc", i, term="short", leads_to=[to(f"im-{i}")]))
        lists["impacts"].append(element(Impact, "im", i))
        lists["barriers"].append(element(Barrier, "ba", i, applies_to=[f"act-{i}"]))
    framework = Framework.model_construct(id="ent", title="Entities &#1;", entries=tuple(entries))
    model = TheoryOfChange.model_validate(
        {"toc": 1, "id": "entities", "title": "t", "frameworks": [framework], **lists}
    )
    fields = {name: getattr(model, name) for name in TheoryOfChange.model_fields}
    # built unchecked: a title with lone surrogates is one no loader (and no model_copy) accepts
    return TheoryOfChange.model_construct(**{**fields, "title": "Title " + " ".join(ENTITY_TEXTS)})


def _shown(text: str) -> str:
    """What a figure shows of `text`: characters no output can show are gone."""
    return clean(text)


def _entity_svg(**options: Any) -> ET.Element:
    data = render(entities(), "svg", wrap=200, **options).data
    data.decode("utf-8")  # strictly: a lone surrogate in the bytes would fail here
    root = ET.fromstring(data)
    assert_nothing_executable(root)
    return root


@needs_dot
def test_entities_in_user_text_make_a_well_formed_svg_that_shows_them_literally() -> None:
    root = _entity_svg()
    texts = {t.text for t in root.iter(f"{SVG}text")}
    tooltips = {a.get(f"{XLINK}title", "") for a in root.iter(f"{SVG}a")}
    links = {a.get(f"{XLINK}href") for a in root.iter(f"{SVG}a")} - {None}
    for i, text in enumerate(ENTITY_TEXTS):
        shown = _shown(text)
        assert _shown(f"in {text}") in texts, text
        assert _shown(f"ba {text}") in texts, text  # a context factor
        tooltip = f"Input: {_shown(f'in {text}')}"
        tooltip += f" — {shown}" if shown else ""
        assert f"{tooltip} — tags: ent:e{i} — id: in-{i}" in tooltips, text
    assert links == {ENTITY_URL}  # the href, read as XML, is the URL as written
    title = "Title " + " ".join(ENTITY_TEXTS)
    assert root.findtext(f"{SVG}title") == XML_ILLEGAL.sub(" ", title)
    assert _shown(title) in "".join(root.itertext())  # the drawn title, over two lines
    assert any(_shown(title) in tip for tip in tooltips)  # the figure's own tooltip


@needs_dot
def test_entities_in_band_labels_make_a_well_formed_svg() -> None:
    root = _entity_svg(group_by="ent")
    texts = {t.text for t in root.iter(f"{SVG}text")}
    for i, text in enumerate(ENTITY_TEXTS):
        assert _shown(f"band {i} {text}") in texts, text


@needs_dot
def test_a_link_with_entities_reaches_a_pdf_as_written() -> None:
    data = render(entities(), "pdf").data
    assert b"/URI (" + ENTITY_URL.encode() + b")" in data
    assert b"&amp;amp;" not in data


def test_dot_and_mermaid_of_entities_are_utf_8_and_keep_to_their_grammar() -> None:
    model = entities()
    dot = to_dot(model, group_by="ent")
    dot.encode("utf-8")  # no lone surrogate reaches the text
    _, labels = _split_dot(dot)
    assert not any(re.search(r"&(?!amp;|lt;|gt;|quot;|#x27;)", label) for label in labels)
    quoted = re.findall(r'"((?:[^"\\]|\\.)*)"', dot)
    assert not any(re.search(r"&(?!amp;)", text) for text in quoted)  # each & is written &amp;
    text = to_mermaid(model, group_by="ent", wrap=200)
    text.encode("utf-8")
    assert_grammar(text)
    decoded = re.sub(r"#(\d+);", lambda m: chr(int(m[1])), text)
    for text_ in ENTITY_TEXTS:
        assert _shown(f"in {text_}") in decoded


def test_tables_of_entities_are_utf_8_and_the_html_parses() -> None:
    model = entities()
    for table in (to_markdown_table(model), to_csv(model)):
        table.encode("utf-8")
    root = ET.fromstring(to_html_table(model).encode("utf-8"))
    paragraphs = {"".join(p.itertext()) for p in root.iter("p")}
    assert _shown("in &#1;") in paragraphs


LONG_LABEL = "word " * 3276 + "last"  # 16,384 characters, past what Graphviz takes in a string
LONG_WORD = "w" * 17_000


def long_texts() -> TheoryOfChange:
    """A label over Graphviz's limit, a word as long, and a title and band label as long."""
    return small(
        title=LONG_LABEL,
        inputs=[{"id": "funding", "label": LONG_LABEL, "description": LONG_WORD}],
        kpis=[
            {"id": "feedback", "label": LONG_WORD, "measure": "percentage"},
            {"id": "reach", "label": "Campaign reach"},
        ],
        frameworks=[
            {
                "id": "llr",
                "title": "LLR",
                "entries": [
                    {
                        "id": "prevention",
                        "label": "Prevention",
                        "entries": [{"id": "secondary", "label": LONG_LABEL}],
                    }
                ],
            }
        ],
    )


def _node_texts(root: ET.Element, element_id: str) -> tuple[list[str], str]:
    """The lines drawn in an element's node, and its tooltip."""
    node = next(
        g
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "node" and g.findtext(f"{SVG}title") == element_id
    )
    link = next(node.iter(f"{SVG}a"))
    return [t.text or "" for t in node.iter(f"{SVG}text")], link.get(f"{XLINK}title", "")


@needs_dot
def test_labels_too_long_for_graphviz_are_drawn_cut_short_with_the_text_in_the_tooltip() -> None:
    root = ET.fromstring(render(long_texts(), "svg").data)
    lines, tooltip = _node_texts(root, "funding")
    assert len(lines) == LABEL_LINES
    assert lines[:-1] == ["word word word word word"] * (LABEL_LINES - 1)
    assert lines[-1] == "word word word word wor…"
    label, description = shorten(LONG_LABEL, TOOLTIP_CHARS), shorten(LONG_WORD, 300)
    assert tooltip == f"Input: {label} — {description} — id: funding"
    assert len(label) == TOOLTIP_CHARS and label.endswith("…")
    lines, tooltip = _node_texts(root, "feedback")  # one long word, broken
    assert lines == ["w" * 24] * (LABEL_LINES - 1) + ["w" * 23 + "…"]
    assert tooltip.startswith(f"KPI: {'w' * (TOOLTIP_CHARS - 1)}… — measure: percentage")


@needs_dot
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
@pytest.mark.parametrize("options", [{}, {"group_by": "llr:prevention"}, {"wrap": 100_000}])
def test_labels_too_long_for_graphviz_draw_in_every_format(
    fmt: str, options: dict[str, Any]
) -> None:
    diagram = render(long_texts(), fmt, dpi=20 if fmt == "png" else None, **options)
    if fmt == "svg":
        root = ET.fromstring(diagram.data)
        texts = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
        assert "word word" in texts and LONG_LABEL not in texts
        assert root.findtext(f"{SVG}title") == LONG_LABEL  # the SVG's own title has no limit


def test_long_labels_in_mermaid_are_cut_like_the_diagram() -> None:
    text = to_mermaid(long_texts(), group_by="llr:prevention")
    assert_grammar(text)
    funding = next(line for line in text.splitlines() if "word word" in line and "n0" in line)
    assert funding.count("<br/>") == LABEL_LINES - 1
    assert funding.endswith('wor#8230;"/]')
    band = next(line for line in text.splitlines() if line.startswith("  subgraph g0"))
    assert len(band) < LABEL_CHARS * 2


@needs_dot
def test_render_of_a_long_label_from_yaml_succeeds_on_the_command_line(tmp_path: Path) -> None:
    model = tmp_path / "long.yaml"
    model.write_text(
        f"toc: 1\nid: long\ntitle: Long\ninputs:\n  - id: a\n    label: {LONG_LABEL}\n",
        encoding="utf-8",
    )
    out = tmp_path / "long.svg"
    assert main(["render", str(model), "-o", str(out)]) == 0
    ET.fromstring(out.read_bytes())


@given(st.text(), st.integers(min_value=8, max_value=300))
def test_drawn_labels_keep_to_their_caps_and_are_whole_when_short(text: str, width: int) -> None:
    lines = label_lines(text, width)
    assert len(lines) <= LABEL_LINES
    assert all(len(line) <= width for line in lines)
    assert sum(map(len, lines)) <= LABEL_CHARS + 1
    if lines != wrap(text, width):
        assert lines[-1].endswith("…")
        drawn = "".join(lines)[:-1].replace(" ", "")
        assert clean(text).replace(" ", "").startswith(drawn)  # the start of the label, in order


def test_normal_labels_are_drawn_whole() -> None:
    label = "Training for Practitioners: Training the workforce & leadership"
    assert label_lines(label, 24) == wrap(label, 24)
    assert label_lines("x" * 30, 24) == ["x" * 24, "x" * 6]  # a long word is broken, not cut


def test_many_finding_codes_are_counted_past_the_cap() -> None:
    codes = [f"TOC{900 + i}" for i in range(CODES_SHOWN + 5)]
    report = Report(
        [Finding("m.yaml", 1, 1, c, "n", Severity.WARNING, "m", "train") for c in codes]
    )
    dot = to_dot(small(), report=report)
    node = next(line for line in dot.splitlines() if line.strip().startswith('"train" ['))
    label, tooltip = node.split("tooltip=")
    assert f"{codes[CODES_SHOWN - 2]} +6 more" in label
    assert codes[CODES_SHOWN - 1] not in label
    assert ", ".join(codes) in tooltip  # every code is named in the tooltip
    assert mermaid_text(f"{codes[CODES_SHOWN - 2]} +6 more") in to_mermaid(small(), report=report)


@needs_dot
@pytest.mark.parametrize(
    ("url", "in_pdf"),
    [
        ("https://example.org/a)b(c", b"https://example.org/a%29b%28c"),
        (
            "https://en.wikipedia.org/wiki/Logic_model_(x)",
            b"https://en.wikipedia.org/wiki/Logic_model_(x)",
        ),
    ],
)
def test_brackets_in_a_link_cannot_end_a_pdf_string_early(url: str, in_pdf: bytes) -> None:
    model = small(inputs=[{"id": "funding", "label": "Funding", "source": {"url": url}}])
    assert b"/URI (" + in_pdf + b")" in render(model, "pdf").data
    root = ET.fromstring(render(model, "svg").data)
    assert {a.get(f"{XLINK}href") for a in root.iter(f"{SVG}a")} - {None} == {url}


_PIECES = st.sampled_from(
    [*"&#;xX01Dabmplt<>\"'\\ \n", "&#1;", "&#xD800;", "&amp;", "&#0;", "&#38;", "\ud800", "\ufffe",
     "\x00", "\x01", "\u29f5", "é", "\U0001f600"]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=24).map("".join)


@needs_dot
@given(label=_TEXTS, description=_TEXTS, query=_TEXTS)
@example(label="", description="", query="\n")  # `$` in a pattern matched before a final newline
def test_any_text_made_of_entities_and_illegal_characters_makes_a_well_formed_svg(
    label: str, description: str, query: str
) -> None:
    url = "https://example.org/?" + query
    element = Input.model_construct(
        id="a", label=label, description=description, source=Source.model_construct(url=url)
    )
    model = TheoryOfChange.model_validate({"toc": 1, "id": "m", "title": "t", "inputs": [element]})
    root = ET.fromstring(render(model, "svg", wrap=200).data)  # parses, and as UTF-8
    node = next(g for g in root.iter(f"{SVG}g") if g.findtext(f"{SVG}title") == "a")
    shown = clean(label)
    assert [t.text or "" for t in node.iter(f"{SVG}text")] == ([shown] if shown else [])
    links = {a.get(f"{XLINK}href") for a in node.iter(f"{SVG}a")} - {None}
    assert links == ({url} if safe_url(url) else set())
