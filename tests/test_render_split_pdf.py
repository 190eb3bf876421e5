"""`toc render -o X.pdf --split-by`: one multi-page PDF, its contents links jumping within it."""

from __future__ import annotations

import json
import re
import shutil
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, Destination

from benchmarks.generate import board_yaml
from toc.cli import main
from toc.load import load

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is needed")

HOSTILE = ')(\\ <b>&amp;</b> "q" \u202e\t\u0085 ☂ 東京 %PDF /Dest'
"""A group label with PDF string delimiters, markup, a tab, NEL, bidi override and CJK."""


def _links(reader: PdfReader) -> list[int | str | None]:
    """Each link of the contents page: the page number (0-based) it jumps to, or its URI."""
    targets: list[int | str | None] = []
    annotations = reader.pages[0]["/Annots"]
    assert isinstance(annotations, ArrayObject)
    for annotation in annotations:
        action = annotation.get_object()["/A"]
        if action["/S"] == "/GoTo":
            targets.append(reader.get_page_number(action["/D"][0].get_object()))
        else:
            targets.append(str(action.get("/URI")))
    return targets


def _outline(reader: PdfReader) -> list[tuple[str, int | None]]:
    entries = []
    for entry in reader.outline:
        assert isinstance(entry, Destination)  # flat: one entry per page, no nesting
        page = reader.get_destination_page_number(entry)
        entries.append((str(entry.title), page))
    return entries


def _render(tmp_path: Path, text: str) -> tuple[int, Path]:
    model = tmp_path / "board.yaml"
    model.write_text(text, encoding="utf-8")
    out = tmp_path / "board.pdf"
    return main(["render", str(model), "-o", str(out), "--split-by", "groups"]), out


def test_split_to_pdf_writes_one_file_whose_contents_links_jump_to_each_group(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _render(tmp_path, board_yaml())
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board.pdf", "board.yaml"]
    labels = [  # pillars too large for a page become their sub-pillars, as in the SVG test
        label
        for pillar in load(tmp_path / "board.yaml").groups
        for label in [
            f"{pillar.label}, across its parts",
            *(f"{pillar.label} / {sub.label}" for sub in pillar.groups),
        ]
    ]
    assert len(labels) == 16
    reader = PdfReader(out)
    assert len(reader.pages) == len(labels) + 1
    assert _links(reader) == list(range(1, len(labels) + 1))
    assert _outline(reader) == [(label, n) for n, label in enumerate(labels, start=1)]
    assert reader.metadata is not None
    assert reader.metadata.title == "A district strategy board of 211 elements"
    # Each group's page is its own figure: the label is in the page's title line.
    assert "Safe homes / Housing" in reader.pages[2].extract_text()
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f"toc render: wrote {out} (pdf, 17 pages: contents and 16 groups, 211 elements)"
    )
    assert not any("board-0" in line for line in err)


def test_hostile_group_labels_give_a_whole_outline_and_working_links(tmp_path: Path) -> None:
    text = board_yaml().replace(
        "\n    label: Safe homes\n", f"\n    label: {json.dumps(HOSTILE, ensure_ascii=False)}\n", 1
    )
    assert json.dumps(HOSTILE, ensure_ascii=False) in text
    code, out = _render(tmp_path, text)
    assert code == 0
    reader = PdfReader(out)
    assert len(reader.pages) == 17
    assert _links(reader) == list(range(1, 17))
    outline = _outline(reader)
    plain = re.sub(r"\s+", " ", HOSTILE.replace("\u0085", " "))
    assert outline[0] == (f"{plain}, across its parts", 1)
    assert outline[1] == (f"{plain} / Housing", 2)
    assert [page for _, page in outline] == list(range(1, 17))


def test_split_to_svg_still_writes_numbered_files_even_for_an_odd_output_name(
    tmp_path: Path,
) -> None:
    """The output's stem goes into each contents link: quoted, it cannot break the figure."""
    out = tmp_path / 'plan "a" & <b>.svg'
    assert main(["render", "bradford", "-o", str(out), "--split-by", "llr:prevention"]) == 0
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files[0] == 'plan "a" & <b>-00-contents.svg'
    assert len(files) > 2
    contents = (tmp_path / files[0]).read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', contents)
    assert hrefs == [
        name.replace(" ", "%20")
        .replace('"', "%22")
        .replace("&", "%26")
        .replace("<", "%3C")
        .replace(">", "%3E")
        for name in files[1:]
    ]


def test_merge_turns_only_page_links_into_jumps() -> None:
    """A link to a web page stays one; `#page=N` beyond the merged pages is left as written."""
    from toc.render.pdf import merge_pages, page_link
    from toc.render.program import run_dot

    def drawn(*links: str) -> bytes:
        rows = "".join(f'<TR><TD HREF="{link}">{n}</TD></TR>' for n, link in enumerate(links))
        return run_dot(
            f"digraph g {{ node [shape=plain]; a [label=<<TABLE>{rows}</TABLE>>]; }}", "pdf"
        )

    contents = drawn(page_link(2), "https://example.org/", page_link(9))
    merged = merge_pages([contents, drawn("https://example.org/b")], ["\n"], title="T\x00")
    reader = PdfReader(BytesIO(merged))
    assert len(reader.pages) == 2
    assert _links(reader) == [1, "https://example.org/", "#page=9"]
    assert _outline(reader) == [("Page 2", 1)]
    assert reader.metadata is not None
    assert reader.metadata.title == "T"
