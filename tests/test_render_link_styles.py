"""Link styles that say no more than the model does, and context factors drawn where they belong.

A link's basis (stated, inferred, not said) sets its dash; its evidence (strong, moderate, weak,
not stated, none) its weight, shade and head; the key shows the styles a figure uses, no others.
Factors a link rests on are markers on the link with their words in a side list, not boxes.
"""

from __future__ import annotations

import random
import re
import shutil
import xml.etree.ElementTree as ET
from itertools import pairwise
from typing import Any

import pytest

from tests.golden import actual, expected
from tests.render_models import HOSTILE_LABELS, bradford
from toc.load import load
from toc.model import TheoryOfChange
from toc.render import render, to_dot, to_mermaid

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz `dot` is not installed"
)
SVG = "{http://www.w3.org/2000/svg}"
BASES = ("stated", "inferred", None)
STRENGTHS = ("strong", "moderate", "weak", None, "none")


def many_link_assumptions(seed: int = 0) -> TheoryOfChange:
    """A 33-element chain whose links rest on 34 assumptions of a sentence or two each.

    Shaped like the boards that showed the problem: each link from an activity, output or outcome
    names one to three assumptions, none of which `applies_to` an element.
    """
    rng = random.Random(seed)
    sizes = {"inputs": 3, "activities": 6, "outputs": 8, "kpis": 6, "short": 3, "medium": 3}
    sizes |= {"long": 2, "impacts": 2}
    ids = {kind: [f"{kind[:3]}-{i}" for i in range(n)] for kind, n in sizes.items()}
    words = (
        "partners keep funding the service for the whole period of the strategy",
        "managers release staff to attend the training and the follow-up sessions",
        "families trust the service enough to tell practitioners what is happening at home",
        "schools share data on attendance with the local authority every term",
    )
    assumptions = [
        {"id": f"as-{i}", "label": f"Assumption {i}: {words[i % len(words)]}"} for i in range(34)
    ]
    pool = iter(a["id"] for a in assumptions)

    def link(target: str) -> dict[str, Any]:
        rests_on = [next(pool, None) for _ in range(rng.randint(1, 2))]
        basis = rng.choice(["stated", "inferred"])
        return {"to": target, "basis": basis, "assumptions": [a for a in rests_on if a]}

    outcomes = []
    for term, nxt in (("short", "medium"), ("medium", "long"), ("long", "impacts")):
        outcomes += [
            {"id": o, "label": f"Outcome {o}", "term": term, "leads_to": [link(ids[nxt][i % 2])]}
            for i, o in enumerate(ids[term])
        ]
    return TheoryOfChange.model_validate(
        {
            "toc": 1,
            "id": "many-link-assumptions",
            "title": "A board whose links rest on many assumptions",
            "inputs": [{"id": i, "label": f"Resource {i}"} for i in ids["inputs"]],
            "activities": [
                {
                    "id": a,
                    "label": f"Activity {a} delivered across the district",
                    "uses": [ids["inputs"][i % 3]],
                    "produces": [link(ids["outputs"][i]), ids["outputs"][(i + 6) % 8]],
                }
                for i, a in enumerate(ids["activities"])
            ],
            "outputs": [
                {
                    "id": o,
                    "label": f"Output {o} reaches the people who need it",
                    "measured_by": [ids["kpis"][i % 6]],
                    "leads_to": [link(ids["short"][i % 3])],
                }
                for i, o in enumerate(ids["outputs"])
            ],
            "kpis": [{"id": k, "label": f"Indicator {k}"} for k in ids["kpis"]],
            "outcomes": outcomes,
            "impacts": [{"id": i, "label": f"Impact {i}"} for i in ids["impacts"]],
            "assumptions": assumptions,
        }
    )


def styles_model(**changes: Any) -> TheoryOfChange:
    return load("tests/golden/link-styles.yaml").model_copy(update=changes or None)


def edge_line(dot: str, source: str, target: str) -> str:
    lines = [
        line for line in dot.splitlines() if line.strip().startswith(f'"{source}" -> "{target}"')
    ]
    assert len(lines) == 1, lines
    return lines[0]


def attrs(line: str) -> dict[str, str]:
    """The simple `name=value` attributes of a DOT statement (enough for lines and nodes)."""
    return dict(re.findall(r'(\w+)=("[^"]*"|[\w.]+)', line.split("tooltip=", maxsplit=1)[0]))


def key_rows(dot: str) -> list[str]:
    table = dot.split('"toc:key:lines" [shape=plain, label=<', 1)[1].split(">];", 1)[0]
    return re.findall(r'<TD ALIGN="LEFT"(?: BALIGN="LEFT")?>([^<]+)', table)


# --- golden files -------------------------------------------------------------------------------


def test_every_combination_of_basis_and_evidence_matches_the_golden_dot() -> None:
    """Regenerate with `python -m tests.regenerate`, then review the diff."""
    assert actual("link-styles.dot") == expected("link-styles.dot")


def test_every_combination_of_basis_and_evidence_matches_the_golden_mermaid() -> None:
    assert actual("link-styles.mmd") == expected("link-styles.mmd")


def test_the_golden_model_has_every_combination() -> None:
    model = styles_model()
    seen = {
        (link.basis, link.evidence.strength if link.evidence else None)
        for _, element in model.chain_elements()
        for relation, _, link in element.links()
        if relation == "leads_to" and element.kind == "output"
    }
    assert seen == {(basis, strength) for basis in BASES for strength in STRENGTHS}


# --- link styles --------------------------------------------------------------------------------


def test_a_link_with_no_basis_is_not_drawn_like_a_stated_one() -> None:
    """The issue: a plain `leads_to: [x]` was drawn solid, as if the source said so."""
    dot = to_dot(styles_model())
    unsaid = attrs(edge_line(dot, "unsaid-unstated", "change"))
    stated = attrs(edge_line(dot, "stated-unstated", "change"))
    inferred = attrs(edge_line(dot, "inferred-unstated", "change"))
    assert unsaid.get("style") == "dotted"
    assert inferred.get("style") == "dashed"
    assert "style" not in stated  # solid
    assert len({unsaid.get("style"), stated.get("style"), inferred.get("style")}) == 3


def test_each_of_the_fifteen_combinations_looks_different() -> None:
    dot = to_dot(styles_model())
    looks = {}
    for basis in ("stated", "inferred", "unsaid"):
        for strength in ("strong", "moderate", "weak", "unstated", "none"):
            line = attrs(edge_line(dot, f"{basis}-{strength}", "change"))
            looks[basis, strength] = tuple(
                line.get(k) for k in ("style", "penwidth", "color", "arrowhead")
            )
    assert len(set(looks.values())) == 15


def test_evidence_levels_differ_in_two_ways_each_so_greyscale_keeps_them_apart() -> None:
    """Weight, shade and head: neighbouring levels differ in at least two, every pair in one."""
    from toc.render.palette import EVIDENCE_LINES

    looks = [EVIDENCE_LINES[s] for s in STRENGTHS]
    for a, b in pairwise(looks):
        differences = (a.width != b.width) + (a.colour != b.colour) + (a.arrowhead != b.arrowhead)
        assert differences >= 2, (a.words, b.words)
    assert len({(look.width, look.colour, look.arrowhead) for look in looks}) == 5


def _grey_level(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_less_evidence_is_lighter_and_thinner_never_heavier() -> None:
    """Strong to none, each level is lighter in greyscale and no heavier than the one before:
    a link whose evidence is not stated no longer looks like a weak one, nor heavier than it."""
    from toc.render.palette import EVIDENCE_LINES

    looks = [EVIDENCE_LINES[s] for s in STRENGTHS]
    greys = [_grey_level(look.colour) for look in looks]
    assert greys == sorted(greys) and len(set(greys)) == 5
    widths = [look.width for look in looks]
    assert widths == sorted(widths, reverse=True)
    assert EVIDENCE_LINES[None].width < EVIDENCE_LINES["weak"].width


def test_the_three_bases_are_three_dash_patterns_in_both_renderers() -> None:
    from toc.render.palette import BASIS_LINES, link_look

    assert [BASIS_LINES[b].style for b in BASES] == ["solid", "dashed", "dotted"]
    dashes = {link_look(b, None).dasharray for b in BASES}
    assert len(dashes) == 3  # Mermaid: none, "6 4", "1 4"
    text = to_mermaid(styles_model())
    styles = re.findall(r"  linkStyle [\d,]+ (.*)", text)
    assert any("stroke-dasharray:6 4" in s for s in styles)
    assert any("stroke-dasharray:1 4" in s for s in styles)


def test_mermaid_draws_a_link_with_no_basis_dotted_even_without_link_styles() -> None:
    text = to_mermaid(styles_model(), wrap=60)
    names = dict(re.findall(r'    (n\d+)\("Basis (\w+ ?\w*), evidence not stated"\)', text))
    by_basis = {basis: name for name, basis in names.items()}
    change = re.search(r'    (n\d+)\(\["Practice changes"\]\)', text)
    assert change is not None
    target = change.group(1)
    assert f"  {by_basis['stated']} --> {target}" in text
    assert f"  {by_basis['inferred']} -.-> {target}" in text
    assert f"  {by_basis['not said']} -.-> {target}" in text


def test_the_key_shows_exactly_the_styles_in_use() -> None:
    every = key_rows(to_dot(styles_model()))
    assert every[:8] == [
        "stated in the source", "inferred by the modeller", "basis not said",
        "strong evidence", "moderate evidence", "weak evidence", "evidence not stated",
        "no evidence",
    ]  # fmt: skip
    assert "measured by" in every and "applies to" in every
    assert len(set(every)) == len(every)
    rows = key_rows(to_dot(bradford()))
    assert rows == ["stated in the source", "inferred by the modeller", "evidence not stated",
                    "measured by", "applies to"]  # fmt: skip
    bare = key_rows(to_dot(bradford(), hide_kpis=True, hide_context=True))
    assert "measured by" not in bare and "applies to" not in bare


def test_the_key_never_shows_weak_and_no_evidence_alike() -> None:
    """The issue: 'weak or not stated' and 'no evidence' were drawn identically in the key."""
    table = to_dot(styles_model()).split('"toc:key:lines"', 1)[1].split(">];", 1)[0]
    samples = re.findall(
        r'<TD WIDTH="44" HEIGHT="6" SIDES="B" (BORDER="\d+" COLOR="#\w+"[^>]*)>', table
    )
    assert len(samples) == len(set(samples))


# --- context factors on links -------------------------------------------------------------------


def test_a_link_assumption_is_a_marker_on_the_link_not_a_box() -> None:
    dot = to_dot(styles_model())
    assert '"staff-released" [' not in dot and '"managers-agree" [' not in dot
    strong = edge_line(dot, "stated-strong", "change")
    assert "<B>A1 A2</B>" in strong
    assert "A1 assumption: Managers release staff to attend the training" in strong
    assert "<B>A1</B>" in edge_line(dot, "inferred-weak", "change")
    listed = dot.split('"toc:on-links"', 1)[1]
    assert "Managers release staff to attend the" in listed and "<B>A2</B>" in listed
    assert "Assumptions on links" in dot


def test_a_factor_on_a_link_that_also_applies_to_an_element_stays_beside_it() -> None:
    dot = to_dot(styles_model())
    box = next(line for line in dot.splitlines() if line.strip().startswith('"services-exist" ['))
    assert "ASSUMPTION A3" in box
    assert "<B>A3</B>" in edge_line(dot, "unsaid-moderate", "change")
    assert '"services-exist" -> "change"' in dot
    listed = dot.split('"toc:on-links"', 1)[1]
    assert "Services exist" not in listed and "in its box beside" in listed


def test_mermaid_labels_the_links_and_lists_the_factors() -> None:
    text = to_mermaid(styles_model())
    assert re.search(r'  n\d+ --> ?\|"A1 A2"\| n\d+', text)
    assert re.search(r'    m0>"A1 ASSUMPTION<br/>Managers release staff', text)
    assert 'subgraph f0["Assumptions on links"]' in text
    assert '>"ASSUMPTION A3<br/>Services exist' in text
    assert "class m0,m1" in text or re.search(r"class [n\d,]*m0,m1", text)


def test_hidden_context_hides_the_markers_too() -> None:
    dot = to_dot(styles_model(), hide_context=True)
    assert "A1" not in dot and "toc:on-links" not in dot
    assert "|" not in to_mermaid(styles_model(), hide_context=True)


def test_the_chain_of_one_element_keeps_the_factors_of_its_links() -> None:
    dot = to_dot(styles_model(), only="stated-strong")
    assert "<B>A1 A2</B>" in edge_line(dot, "stated-strong", "change")
    assert "<B>A3</B>" not in dot  # its link is not in this chain


def test_barriers_named_on_a_link_get_their_own_letter() -> None:
    """TOC112 reports a barrier in `assumptions:`; the figure still shows it, as B1."""
    model = load("tests/golden/link-styles.yaml")
    outputs = list(model.outputs)
    outputs[0] = outputs[0].model_copy(
        update={"leads_to": [{"to": "change", "basis": "stated", "assumptions": ["turnover"]}]}
    )
    dot = to_dot(model.model_copy(update={"outputs": outputs}))
    assert "<B>B1</B>" in edge_line(dot, "stated-strong", "change")
    assert "BARRIER B1" in dot and "Context factors on links" in dot


def test_factor_words_on_links_are_escaped_everywhere() -> None:
    assumptions = [{"id": f"as-{i}", "label": label} for i, label in enumerate(HOSTILE_LABELS)]
    model = TheoryOfChange.model_validate(
        {
            "toc": 1,
            "id": "hostile-links",
            "title": "Hostile factors on links",
            "outputs": [
                {
                    "id": "out",
                    "label": "Out",
                    "leads_to": [{"to": "oc", "assumptions": [a["id"] for a in assumptions]}],
                }
            ],
            "outcomes": [{"id": "oc", "label": "Outcome", "term": "short"}],
            "assumptions": assumptions,
        }
    )
    dot = to_dot(model)
    outside_strings = re.sub(r'"(?:[^"\\]|\\.)*"', '""', dot)  # quoted strings are escaped text
    for bad in ("<script>", "<img"):
        assert bad not in outside_strings
    listed = dot.split('"toc:on-links"', 1)[1]
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in listed and "\\\\N" in listed
    text = to_mermaid(model)
    assert "%%" not in text and "<script" not in text and "click n0" not in text
    for line in text.splitlines():
        assert '"' not in re.sub(r'"[^"]*"', "", line)  # every quote pairs up: nothing escapes


@needs_dot
def test_a_hostile_factor_on_a_link_keeps_the_svg_well_formed() -> None:
    assumptions = [{"id": f"as-{i}", "label": label} for i, label in enumerate(HOSTILE_LABELS)]
    model = TheoryOfChange.model_validate(
        {
            "toc": 1,
            "id": "hostile-links",
            "title": "Hostile factors on links",
            "outputs": [
                {
                    "id": "out",
                    "label": "Out",
                    "leads_to": [{"to": "oc", "assumptions": [a["id"] for a in assumptions]}],
                }
            ],
            "outcomes": [{"id": "oc", "label": "Outcome", "term": "short"}],
            "assumptions": assumptions,
        }
    )
    root = ET.fromstring(render(model, "svg").data)  # parsed: well-formed XML
    assert not list(root.iter(f"{SVG}script"))
    links = [v for a in root.iter(f"{SVG}a") for k, v in a.attrib.items() if k.endswith("href")]
    assert not [v for v in links if "javascript" in v.lower()]
    texts = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "<script>alert(3)</script>" in texts  # drawn as the words typed


# --- the figure the issue measured --------------------------------------------------------------


def _svg_size(model: TheoryOfChange, **options: Any) -> tuple[float, float]:
    root = ET.fromstring(render(model, "svg", **options).data)
    return float(root.get("width", "0pt")[:-2]), float(root.get("height", "0pt")[:-2])


@needs_dot
def test_many_link_assumptions_no_longer_fill_the_figure() -> None:
    """34 link assumptions on a 33-element chain: about 85% of the figure was assumption boxes.

    Drawn on the links, with their words in a list under the key, they leave the figure a little
    taller than the same chain with the context hidden (it was five times as tall), and no
    assumption is a box.
    """
    model = many_link_assumptions()
    assert (
        sum(len(link.assumptions) for _, e in model.chain_elements() for _, _, link in e.links())
        >= 34
    )
    root = ET.fromstring(render(model, "svg").data)
    boxes = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g") if g.get("class") == "node"]  # type: ignore[union-attr]
    assert not [name for name in boxes if name and name.startswith("as-")]
    width, height = _svg_size(model)
    bare_width, bare_height = _svg_size(model, hide_context=True)
    assert height <= 1.5 * bare_height, (height, bare_height)  # was 5.2 times
    assert width * height <= 2.5 * bare_width * bare_height, (
        width,
        height,
        bare_width,
        bare_height,
    )


@needs_dot
def test_top_to_bottom_the_list_lies_wide_under_the_figure() -> None:
    model = many_link_assumptions()
    width, height = _svg_size(model, direction="TB")
    bare_width, bare_height = _svg_size(model, hide_context=True, direction="TB")
    assert height <= 1.6 * bare_height, (height, bare_height)
    assert width * height <= 2.5 * bare_width * bare_height, (
        width,
        height,
        bare_width,
        bare_height,
    )


@needs_dot
def test_the_figure_description_names_the_factors_on_links() -> None:
    root = ET.fromstring(render(many_link_assumptions(), "svg").data)
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.text is not None
    assert "34 context factors on links" in desc.text and "dotted links" in desc.text
