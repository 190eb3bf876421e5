"""`toc render -o model.html`: one self-contained page, its data block, and escaping.

What the page does in a browser is tested in `test_render_interactive_browser.py`; here the HTML
is read as text: nothing in it can fetch from the network, the JSON block says what the model
says, and no label can break out of the block or into markup.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.render_models import BRADFORD, HOSTILE_LABELS, bradford, hostile, small
from toc.cli import main
from toc.render import interactive_html, write_interactive_html
from toc.render.interactive import json_for_html, script_text
from toc.render.text import clean

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz `dot` is not installed (./dev installs it; apt-get install graphviz)",
)

FETCHING_TAGS = {"link", "img", "iframe", "object", "embed", "image", "use", "audio", "video",
                 "source", "track", "feimage", "foreignobject", "base", "form"}  # fmt: skip
"""Elements that load something, or could load or submit something, from an address."""


class _Page(HTMLParser):
    """Every start tag with its attributes, and the text of each script element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "script":
            self._script, self._text = attributes, []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def data_of(page: str) -> dict[str, Any]:
    parsed = parse(page)
    blocks = [text for attrs, text in parsed.scripts if attrs.get("type") == "application/json"]
    assert len(blocks) == 1
    loaded: dict[str, Any] = json.loads(blocks[0])
    return loaded


def kpi_model() -> Any:
    """`small` with a KPI that has a baseline, two milestones and two actuals."""
    return small(
        kpis=[
            {
                "id": "feedback",
                "label": "90% rate the training good",
                "measure": "percentage",
                "ascending": True,
                "baseline": {"value": 40, "year": 2023},
                "target": [
                    {"value": 60, "comparator": ">=", "period": "2025"},
                    {"value": 90, "comparator": ">=", "period": "2026"},
                ],
                "actuals": [{"value": 55, "period": "2025"}, {"value": 48, "period": "2024"}],
            },
            {"id": "reach", "label": "Campaign reach"},
        ]
    )


def assert_self_contained(page: str) -> None:
    """Nothing that loads from an address, no handler, and only the page's own script runs."""
    parsed = parse(page)
    for tag, attrs in parsed.tags:
        assert tag not in FETCHING_TAGS, tag
        assert "src" not in attrs, (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "xlink:href"):
            if name in attrs:  # only a link a reader follows, never a resource
                assert tag == "a" and re.match(r"(https?://|mailto:)", attrs[name]), attrs
    assert "@import" not in page and "url(" not in page
    assert len(re.findall("<script", page, re.IGNORECASE)) == 2
    runnable = [text for attrs, text in parsed.scripts if "type" not in attrs]
    assert runnable == [script_text()]
    digest = base64.b64encode(hashlib.sha256(script_text().encode()).digest()).decode()
    policies = [
        attrs["content"]
        for _, attrs in parsed.tags
        if attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policies == [
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    ]
    assert page.count("<svg") == 1 and "<!DOCTYPE svg" not in page and "<?xml" not in page


@needs_dot
def test_the_page_fetches_nothing_and_runs_only_its_own_script() -> None:
    assert_self_contained(interactive_html(bradford()))


def test_the_script_writes_user_text_only_as_text() -> None:
    script = script_text()
    assert "</script" not in script.lower() and "<!--" not in script
    for dangerous in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                      "Function(", "fetch(", "XMLHttpRequest", "import(", "setAttribute(\"on"):  # fmt: skip
        assert dangerous not in script, dangerous
    assert re.findall(r"https?://[^\"]*", script) == [
        "http://www.w3.org/2000/svg",  # namespace names, never fetched
        "http://www.w3.org/1999/xlink",
    ]


@needs_dot
def test_hostile_labels_stay_text_in_the_data_and_nowhere_else() -> None:
    model = hostile()
    page = interactive_html(model)
    assert_self_contained(page)
    assert "<img" not in page.lower()
    data = data_of(page)
    labels = {entry["label"] for entry in data["elements"].values()}
    assert {clean(label) for label in HOSTILE_LABELS} <= labels
    assert data["title"] == clean(model.title)
    block = page.split('<script type="application/json" id="toc-data">', 1)[1]
    block = block.split("</script>", 1)[0]
    assert not set("<>&") & set(block)


@given(st.text())
def test_json_for_html_has_no_markup_characters_and_reads_back(text: str) -> None:
    written = json_for_html({"label": text, "list": [text]})
    assert not set("<>&\u2028\u2029") & set(written)
    assert json.loads(written) == {"label": text, "list": [text]}


def test_json_for_html_writes_what_a_script_block_needs_escaped() -> None:
    assert json_for_html("</script><!--&") == '"\\u003c/script\\u003e\\u003c!--\\u0026"'


@needs_dot
def test_the_data_block_holds_each_element_with_its_links_and_group() -> None:
    model = small()
    data = data_of(interactive_html(model))
    elements = data["elements"]
    assert list(elements) == [e.id for _, e in model.elements()]
    for source, target in model.graph.nx.edges:
        assert target in elements[source]["down"] and source in elements[target]["up"]
    ups = sum(len(entry["up"]) for entry in elements.values())
    assert ups == model.graph.nx.number_of_edges()
    train = elements["train"]
    assert train["label"] == "Train the workforce"
    assert (train["kind"], train["heading"], train["group"]) == ("activity", "Activity", None)
    assert train["up"] == ["funding"] and train["down"] == ["trained"]
    assert elements["practice"]["heading"] == "Medium-term outcome"
    assert elements["money"]["heading"] == "Barrier"
    assert [(g["key"], g["label"], g["members"]) for g in data["groups"]][:3] == [
        ("column:input", "Inputs", ["funding"]),
        ("column:activity", "Activities", ["train", "campaign"]),
        ("column:output", "Outputs", ["trained", "aware"]),
    ]
    assert {g["kind"] for g in data["groups"]} == {"column"}
    assert data["groups"][-1]["cluster"] == "cluster_context"


@needs_dot
def test_groups_are_the_bands_of_group_by() -> None:
    data = data_of(interactive_html(small(), group_by="llr:prevention"))
    groups = {g["key"]: g for g in data["groups"]}
    assert groups["band:llr:prevention/secondary"]["members"] == ["train", "resilience"]
    assert groups["band:llr:prevention/secondary"]["cluster"] == "cluster_group_0"
    assert data["elements"]["train"]["group"] == "band:llr:prevention/secondary"
    assert data["elements"]["funding"]["group"] == "band:Not tagged"
    assert "column:kpi" in groups  # the columns can still be collapsed


def grouped_model() -> Any:
    """`small` in nested groups: `schools` inside `prevention`, and `response`."""
    groups = [
        {
            "id": "prevention",
            "label": "Prevention",
            "groups": [{"id": "schools", "label": "Schools"}],
        },
        {"id": "response", "label": "Response </script>"},
    ]
    model = small(groups=groups)
    placed = {
        "train": "schools",
        "trained": "schools",
        "campaign": "prevention",
        "practice": "response",
    }
    data = model.model_dump(exclude_defaults=True)
    for key in ("activities", "outputs", "outcomes"):
        for element in data[key]:
            if element["id"] in placed:
                element["group"] = placed[element["id"]]
    return type(model).model_validate(data)


@needs_dot
def test_the_models_own_groups_nest_and_come_first() -> None:
    model = grouped_model()
    assert not [f for f in model.validate() if f.code in ("TOC118", "TOC119")]
    page = interactive_html(model)
    data = data_of(page)
    groups = [(g["key"], g["label"], g["members"], g["depth"], g["parent"]) for g in data["groups"]]
    assert groups[:3] == [
        ("group:prevention", "Prevention", ["train", "campaign", "trained"], 0, None),
        ("group:schools", "Schools", ["train", "trained"], 1, "group:prevention"),
        ("group:response", "Response </script>", ["practice"], 0, None),
    ]
    assert [g["kind"] for g in data["groups"]][3:] == ["column"] * 8
    assert data["elements"]["train"]["group"] == "group:schools"
    assert data["elements"]["funding"]["group"] is None
    assert "Response &lt;/script&gt;" not in page and "Response \\u003c/script\\u003e" in page


@needs_dot
def test_a_kpi_card_gives_baseline_targets_and_the_latest_actual() -> None:
    data = data_of(interactive_html(kpi_model()))
    card = data["elements"]["feedback"]["kpi"]
    assert card == {
        "measure": "percentage; higher is better",
        "baseline": ["40% (2023)"],
        "target": [">= 60% (2025)", ">= 90% (2026)"],
        "latest": ["55% (2025)"],  # the latest period, not the last written
        "status": "amber",  # 15 of the 20 points from 40 to 60: amber's 75%, not yet green
    }
    assert data["elements"]["reach"]["kpi"] == {
        "measure": "measure not stated",
        "baseline": [],
        "target": [],
        "latest": [],
        "status": "no data",
    }
    assert "kpi" not in data["elements"]["trained"]


@needs_dot
def test_options_and_findings_reach_the_page() -> None:
    model = small()
    data = data_of(interactive_html(model, only="campaign", hide_context=True))
    assert set(data["elements"]) == model.graph.chain_of("campaign")
    with_findings = data_of(interactive_html(model, report=model.validate()))
    coded = {i: e["codes"] for i, e in with_findings["elements"].items() if "codes" in e}
    expected = {f.element_id for f in model.validate() if f.element_id in with_findings["elements"]}
    assert set(coded) == expected and expected


@needs_dot
def test_toc_render_writes_the_page_for_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "model.html"
    assert main(["render", str(BRADFORD), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == interactive_html(bradford())
    assert "(interactive html)" in capsys.readouterr().err
    assert main(["render", "bradford", "-o", str(tmp_path / "b.HTM"), "--hide-kpis"]) == 0
    assert not any(
        e["kind"] == "kpi" for e in data_of((tmp_path / "b.HTM").read_text())["elements"].values()
    )
    assert main(["render", "bradford", "-o", str(tmp_path / "svg.html"), "--format", "svg"]) == 0
    assert (tmp_path / "svg.html").read_text().startswith("<?xml")


@needs_dot
def test_toc_render_html_refuses_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "model.html"
    assert main(["render", "bradford", "-o", str(out), "--max-elements", "3"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "more than the cap of 3" in err
    assert not out.exists()
    assert main(["render", "bradford", "-o", str(tmp_path / "no" / "x.html")]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert main(["render", "bradford", "-o", str(out), "--only", "nope"]) == 2
    assert capsys.readouterr().err == "toc render: no element 'nope' to show the chain of\n"
    assert not out.exists()


@needs_dot
def test_write_interactive_html_writes_the_page(tmp_path: Path) -> None:
    model = small()
    written = write_interactive_html(model, tmp_path / "m.html", direction="TB")
    assert written.read_text(encoding="utf-8") == interactive_html(model, direction="TB")


@pytest.mark.parametrize(
    "option",
    [["--dpi", "300"], ["--width", "16cm"], ["--split-by", "groups"], ["--layout", "overview"]],
)
def test_toc_render_html_refuses_options_that_cannot_apply_to_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    """Never silently ignored: the page holds the whole model and sizes itself in the browser."""
    out = tmp_path / "model.html"
    assert main(["render", str(BRADFORD), "-o", str(out), *option]) == 2
    err = capsys.readouterr().err
    assert option[0] in err and "interactive page" in err and err.count("\n") == 1
    assert not out.exists()


def test_toc_render_html_keeps_only_the_kinds_asked_for(tmp_path: Path) -> None:
    out = tmp_path / "model.html"
    assert main(["render", str(BRADFORD), "-o", str(out), "--kinds", "outcome,impact"]) == 0
    text = out.read_text(encoding="utf-8")
    assert '"kind":"outcome"' in text.replace(" ", "") and '"kind":"activity"' not in text.replace(
        " ", ""
    )
