"""The bundled models say what their source documents say.

Everything expected here is parsed from the plain-text sources in ../shared/seeds, not copied from
the YAML, so a dropped, altered or invented cell fails. Comparisons ignore whitespace, because the
extraction broke and ran words together (e.g. "trauma-informedand").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from toc.frameworks import find_entry
from toc.load import load
from toc.model import ChainElement, Framework, FrameworkEntry, TheoryOfChange
from toc.shipped import model_file

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason=f"the source documents are not at {SEEDS} (../shared/seeds from the repository root)",
)

SEED_OF = {
    "bradford": "bradford-atr-strategy-2024-2027.txt",
    "llr": "llr-trauma-informed-strategy-2023-2026.txt",
    "home_office": "home-office-tip-learning-from-experience.txt",
}
NUMBER_WORDS = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
TERMS = {"Short-term": "short", "Medium-term": "medium", "Long-term": "long"}
OPEN, CLOSE = "\u2018", "\u2019"  # the sources' curly single quotes


def squash(text: str | None) -> str:
    return "".join((text or "").split())


@cache
def seed(name: str) -> str:
    return (SEEDS / SEED_OF[name]).read_text(encoding="utf-8")


@cache
def model(name: str) -> TheoryOfChange:
    return load(model_file(name))


def framework(name: str, framework_id: str) -> Framework:
    return next(f for f in model(name).frameworks if f.id == framework_id)


def entry(name: str, framework_id: str, *path: str) -> FrameworkEntry:
    found = find_entry(framework(name, framework_id), path)
    assert found is not None, f"{framework_id}:{'/'.join(path)} missing from {name}"
    return found


def section(text: str, start: str, end: str) -> str:
    """The text from the last line starting `start` up to the next line starting `end`."""
    begin = text.rindex("\n" + start) + 1
    return text[begin : text.index("\n" + end, begin)]


def source_texts(data: Any) -> Iterator[str]:
    """Every `source.text` anywhere in a dumped model."""
    if isinstance(data, dict):
        source = data.get("source")
        if isinstance(source, dict) and source.get("text"):
            yield source["text"]
        for value in data.values():
            yield from source_texts(value)
    elif isinstance(data, list):
        for item in data:
            yield from source_texts(item)


@pytest.mark.parametrize("name", sorted(SEED_OF))
def test_every_source_text_is_verbatim_from_its_document(name: str) -> None:
    document = squash(seed(name))
    texts = list(source_texts(model(name).model_dump()))
    assert len(texts) > 20
    missing = [text for text in texts if squash(text) not in document]
    assert missing == []


# --- Bradford: the LOGIC MODEL table -------------------------------------------------------------


@cache
def logic_rows() -> list[list[str]]:
    lines = seed("bradford").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Programme Inputs\t"))
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if "\t" not in line:
            break
        cells = [cell.strip() for cell in line.split("\t")]
        rows.append(cells + [""] * (6 - len(cells)))
    return rows


def column(index: int) -> list[str]:
    return [row[index] for row in logic_rows() if row[index]]


def test_bradford_table_shape_matches_the_issue() -> None:
    assert len(logic_rows()) == 4
    assert len(column(0)) == len(column(1)) == len(column(2)) == len(column(3)) == 4
    assert len(column(5)) == 3


@pytest.mark.parametrize(("field", "index"), [("inputs", 0), ("activities", 1), ("outputs", 2)])
def test_bradford_one_element_per_cell(field: str, index: int) -> None:
    elements: list[ChainElement] = getattr(model("bradford"), field)
    assert len(elements) == 4
    for element, cell in zip(elements, column(index), strict=True):
        assert element.source is not None
        assert squash(element.source.text) == squash(cell)
        assert squash(element.label) == squash(cell)


def test_bradford_activities_keep_their_headings() -> None:
    headings = [cell.split(":")[0] for cell in column(1)]
    assert [a.label.split(":")[0] for a in model("bradford").activities] == headings


def test_bradford_run_together_words_are_separated_in_labels() -> None:
    labels = " ".join(o.label for o in model("bradford").outputs)
    assert "trauma-informedand" in seed("bradford")
    assert "trauma-informedand" not in labels
    assert "trauma-informed and" in labels


def test_bradford_activity_produces_the_output_of_its_row() -> None:
    m = model("bradford")
    for activity, output in zip(m.activities, m.outputs, strict=True):
        assert [(link.to, link.basis) for link in activity.produces] == [(output.id, "stated")]


def test_bradford_kpis_split_each_cell_in_order() -> None:
    m = model("bradford")
    kpis = []
    for output, cell in zip(m.outputs, column(3), strict=True):
        assert all(link.basis == "stated" for link in output.measured_by)
        row = [m.by_id[link.to] for link in output.measured_by]
        assert all(k.source is not None for k in row)
        assert squash(" ".join(k.source.text or "" for k in row if k.source)) == squash(cell)
        kpis.extend(row)
    assert len(kpis) == len(m.kpis) == 11
    assert {k.id for k in kpis} == {k.id for k in m.kpis}
    for kpi in m.kpis:
        assert kpi.source is not None
        assert squash(kpi.label) == squash(kpi.source.text)


def test_bradford_kpis_are_structured_only_as_far_as_their_wording_goes() -> None:
    for kpi in model("bradford").kpis:
        text = kpi.source.text if kpi.source else ""
        assert text
        over = re.search(r"\bover (\d+)%", text)
        bare = re.match(r"(\d+)% ", text)
        if over or bare:
            assert kpi.measure == "percentage"
            [target] = kpi.targets
            value = int((over or bare).group(1))  # type: ignore[union-attr]  # one of them matched
            assert target.value == value
            assert target.comparator == (">" if over else ">=")
        elif text.startswith("Number of"):
            assert kpi.measure == "unit"
            assert kpi.unit
            assert kpi.target is None
        else:
            assert kpi.measure is None
            assert kpi.target is None
        # the source gives no baselines, dates, data sources, owners or actuals for any KPI
        assert kpi.baseline is None
        assert kpi.data_source is None
        assert kpi.owner is None
        assert kpi.actuals == []
        assert all(t.year is None and t.date is None for t in kpi.targets)


def test_bradford_short_term_outcomes() -> None:
    outcomes = model("bradford").outcomes
    assert len(outcomes) == 3
    assert {o.term for o in outcomes} == {"short"}
    joined = " ".join(o.source.text or "" for o in outcomes if o.source)
    assert squash(joined) == squash(" ".join(column(4)))
    assert "  " in column(4)[0]  # the first cell runs two outcomes together
    assert all(squash(o.label) == squash(o.source.text if o.source else "") for o in outcomes)


def test_bradford_impacts_and_the_one_cut_off() -> None:
    impacts = model("bradford").impacts
    assert [squash(i.source.text if i.source else "") for i in impacts] == [
        squash(c) for c in column(5)
    ]
    dangling = {"to", "and", "of", "the", "for", "with", "by"}
    for impact, cell in zip(impacts, column(5), strict=True):
        cut_off = cell.split()[-1] in dangling and not cell.endswith("2030")
        assert impact.source is not None
        assert impact.source.incomplete is cut_off, cell
    assert sum(bool(i.source and i.source.incomplete) for i in impacts) == 1


def test_bradford_links_the_table_does_not_state_are_marked_inferred() -> None:
    m = model("bradford")
    for _, element in m.chain_elements():
        for relation, _, link in element.links():
            if relation in ("uses", "leads_to"):
                assert link.basis == "inferred", (element.id, link.to)
                assert link.note, (element.id, link.to)


def test_bradford_every_input_and_impact_is_linked() -> None:
    m = model("bradford")
    used = {link.to for a in m.activities for link in a.uses}
    reached = {link.to for o in m.outcomes for link in o.leads_to}
    assert used == {i.id for i in m.inputs}
    assert reached == {i.id for i in m.impacts}


def test_bradford_vision_aims_and_aspirations() -> None:
    text = seed("bradford")
    vision = re.search(r"\*\*(Our vision is .+?)\*\*", text)
    assert vision is not None
    aims = re.findall(r"^\d\. (.+)$", section(text, "The ATR strategy has", "We will aspire"), re.M)
    hopes = re.findall(r"^\d\. (.+)$", section(text, "We will aspire", "## JOURNEY"), re.M)
    assert len(aims) == len(hopes) == 3
    statements = model("bradford").statements

    def labels(kind: str) -> list[str]:
        return [squash(s.label) for s in statements if s.kind == kind]

    assert labels("vision") == [squash(vision.group(1))]
    assert labels("aim") == [squash(a) for a in aims]
    assert labels("aspiration") == [squash(a) for a in hopes]


def test_bradford_barriers_and_facilitators() -> None:
    text = seed("bradford")
    barriers = re.search(r"The main barriers for the programme were linked to (.+?)\.", text)
    facilitators = re.search(r"(.+?) were considered key facilitators", text)
    assert barriers is not None
    assert facilitators is not None
    m = model("bradford")
    # each named barrier or facilitator is one context factor whose label it starts
    named = [part.strip() for part in barriers.group(1).split(" and the ")]
    assert len(m.barriers) == len(named) == 2
    for barrier, words in zip(m.barriers, named, strict=True):
        assert barrier.label.casefold().startswith(words.split()[0].casefold())
    assert len(m.enablers) == 2
    for enabler, word in zip(m.enablers, ("Leadership", "external partners"), strict=True):
        assert word in facilitators.group(1)
        assert enabler.label.casefold().startswith(word.casefold())
    for factor in (*m.barriers, *m.enablers):
        assert factor.applies_to
        assert all(target in m.by_id for target in factor.applies_to)


# --- LLR -----------------------------------------------------------------------------------------


def test_llr_five_priorities_with_their_commitments() -> None:
    text = section(seed("llr"), "4. Our Strategic Priorities", "5. Governance and Delivery")
    found = re.findall(r"^\d\. (.+)\n\s*\n(We will .+)$", text, re.M)
    assert len(found) == 5
    activities = model("llr").activities
    assert [(squash(a.label), squash(a.description)) for a in activities] == [
        (squash(title), squash(commitment)) for title, commitment in found
    ]


def test_llr_states_no_kpis_and_the_model_invents_none() -> None:
    assert not re.search(r"\bKPIs?\b|indicator", seed("llr"), re.I)
    m = model("llr")
    assert m.kpis == []
    assert all(not element.measured_by for _, element in m.chain_elements())


def test_llr_intent_and_ultimate_aim() -> None:
    text = seed("llr")
    intent = re.search(rf"strategic intent to;\s*{OPEN}(.+?){CLOSE}", text, re.S)
    aim = re.search(r"(Our ultimate aim is .+?\.)", text)
    assert intent is not None
    assert aim is not None
    statements = {s.kind: s for s in model("llr").statements}
    assert squash(statements["intent"].label) == squash(intent.group(1))
    assert squash(statements["aim"].label) == squash(aim.group(1))


def test_llr_three_levels_of_prevention() -> None:
    text = section(seed("llr"), "Levels of Prevention\t", "Consistent with")
    rows = [line.split("\t") for line in text.splitlines()[1:] if "\t" in line]
    assert len(rows) == 3
    levels = entry("llr", "llr", "prevention").entries
    assert [(squash(e.label), squash(e.description)) for e in levels] == [
        (squash(name), squash(definition)) for name, definition in rows
    ]


def test_llr_cdc_strategies_five_in_the_table_and_the_discrepancy_noted() -> None:
    text = seed("llr")
    said = re.search(r"endorse (\w+) evidence-based strategies", text)
    assert said is not None
    table = section(text, "Strategy\tExamples", "Whilst these are some")
    rows = [line.split("\t") for line in table.splitlines()[1:] if "\t" in line]
    assert len(rows) == 5
    assert NUMBER_WORDS[said.group(1)] != len(rows)
    cdc = entry("llr", "llr", "cdc-strategies")
    assert any(said.group(1) in note and "five" in note for note in cdc.notes)
    assert [squash(e.label) for e in cdc.entries] == [squash(name) for name, _ in rows]
    for strategy, (_, cell) in zip(cdc.entries, rows, strict=True):
        examples = [e.strip() for e in re.sub(r"<[^>]+>", "", cell).split("•") if e.strip()]
        assert [squash(e.label) for e in strategy.entries] == [squash(e) for e in examples]


def test_llr_shared_approach() -> None:
    text = section(seed("llr"), "To provide a framework for our journey", "Risks and protective")
    bold = re.findall(r"\*\*(\w+)\*\*", text)
    assert len(bold) == 5
    approach = entry("llr", "llr", "shared-approach").entries
    assert len(approach) == 5
    for word, part in zip(bold, approach, strict=True):
        assert part.source is not None
        assert f"**{word}**" in (part.source.text or "")
        assert word.casefold().startswith(part.id[:5])


def test_llr_four_phases_with_both_definitions() -> None:
    text = seed("llr")
    phases = re.findall(r"^(Trauma \w+): (We .+)$", text, re.M)
    assert len(phases) == 4
    found = entry("llr", "llr", "phases").entries
    assert [(squash(e.label), squash(e.description)) for e in found] == [
        (squash(name), squash(definition)) for name, definition in phases
    ]
    glossary = text[text.index("Appendix Three: Glossary of Trauma Informed Terms\n\n") :]
    for phase in found:
        definition = re.search(rf"^{phase.label}\n\n(.+)$", glossary, re.M)
        assert definition is not None
        assert any(squash(definition.group(1)) in squash(note) for note in phase.notes)


def test_llr_partnership_boards() -> None:
    table = section(seed("llr"), "<u>Partnership Boards</u>", "Appendix Three")
    rows = [line.split("\t") for line in table.splitlines()[1:] if "\t" in line]
    assert len(rows) == 5
    boards = entry("llr", "llr", "boards").entries
    assert [(squash(b.label), squash(b.source.text if b.source else "")) for b in boards] == [
        (squash(name), squash(purpose)) for name, purpose in rows
    ]


# --- Home Office ---------------------------------------------------------------------------------


def test_home_office_table_1_three_domains_fourteen_components() -> None:
    text = section(seed("home_office"), "Table 1: common components", "(Adapted from")
    lines = [line.strip().rstrip(" *") for line in text.splitlines()[1:] if line.strip()]
    domains = entry("home_office", "home-office-tip", "components").entries
    flat = [label for d in domains for label in (d.label, *(c.label for c in d.entries))]
    assert [squash(x) for x in flat] == [squash(x) for x in lines]
    assert len(domains) == 3
    assert sum(len(d.entries) for d in domains) == 14


def test_home_office_screening_caution_is_a_note_on_the_starred_component() -> None:
    text = seed("home_office")
    caution = re.search(r"^\* (Caution .+?)\[footnote", text, re.M)
    assert caution is not None
    starred = [
        component
        for domain in entry("home_office", "home-office-tip", "components").entries
        for component in domain.entries
        if component.source and (component.source.text or "").endswith("*")
    ]
    assert len(starred) == 1
    assert any(squash(caution.group(1)) == squash(note) for note in starred[0].notes)


@cache
def table_2() -> list[tuple[str, str, str]]:
    text = section(seed("home_office"), "Table 2: Examples of TIP Outcomes", "Evaluation")
    lines = [line.strip() for line in text.splitlines()[1:] if line.strip()]
    rows: list[tuple[str, str, str]] = []
    group = term = ""
    for index, line in enumerate(lines):
        if line in TERMS:
            term = TERMS[line]
        elif index + 1 < len(lines) and lines[index + 1] == "Short-term":
            group = line
        else:
            rows.append((group, term, line))
    return rows


def test_home_office_table_2_outcome_bank() -> None:
    rows = table_2()
    assert len(rows) == 23
    bank = framework("home_office", "home-office")
    found = [
        (group.label, term.id, outcome.label)
        for group in bank.entries
        for term in group.entries
        for outcome in term.entries
    ]
    assert [(squash(g), t, squash(o)) for g, t, o in found] == [
        (squash(g), t, squash(o)) for g, t, o in rows
    ]
    assert [len(g.entries) for g in bank.entries] == [3, 3, 3]


def test_home_office_issue_tag_example_exists() -> None:
    knowledge = entry("home_office", "home-office", "practitioners", "short", "knowledge")
    assert squash(knowledge.label) == squash(table_2()[0][2])


def test_home_office_yef_elements() -> None:
    found = re.findall(r"^\d\. (Organisational \w+): (.+)$", seed("home_office"), re.M)
    assert len(found) == 3
    elements = entry("home_office", "home-office-tip", "yef-elements").entries
    assert [(squash(e.label), squash(e.description)) for e in elements] == [
        (squash(label), squash(text)) for label, text in found
    ]


def test_home_office_four_rs() -> None:
    sentence = re.search(
        rf"known as the 4 {OPEN}R{CLOSE}s\. (.+?)\. In addition", seed("home_office")
    )
    assert sentence is not None
    clauses = [c.strip().removesuffix(".") for c in sentence.group(1).split(";")]
    assert len(clauses) == 4
    rs = entry("home_office", "home-office-tip", "four-rs").entries
    assert len(rs) == 4
    for r, clause in zip(rs, clauses, strict=True):
        assert r.source is not None
        assert squash(clause).endswith(squash(r.source.text))


def test_home_office_six_principles() -> None:
    found = re.search(
        r"there are (\w+) principles which inform TIP: (.+?)\.\n", seed("home_office")
    )
    assert found is not None
    named = re.split(r", | and ", found.group(2))
    assert len(named) == NUMBER_WORDS[found.group(1)] == 6
    principles = entry("home_office", "home-office-tip", "principles").entries
    assert [squash(p.label + (p.description or "")) for p in principles] == [
        squash(n) for n in named
    ]


def test_home_office_worked_example_is_the_chain() -> None:
    text = section(seed("home_office"), "An example of how to articulate", "Table 2 below")
    bullets = [squash(b) for b in re.findall(r"^\s*•\s*(.+)$", text, re.M)]
    assert len(bullets) == 5
    m = model("home_office")
    chain = [*m.outcomes, *m.impacts]
    for element in chain:
        assert element.source is not None
        assert any(squash(element.source.text) in b for b in bullets), element.id
    for bullet in bullets:
        assert any(squash(e.source.text if e.source else "") in bullet for e in chain)
    links = [link for e in chain for link in e.leads_to]
    assert links
    assert all(link.basis == "stated" for link in links)
    assert [len(m.inputs), len(m.activities), len(m.outputs), len(m.kpis)] == [0, 0, 0, 0]


def test_home_office_evaluation_considerations_as_data() -> None:
    text = seed("home_office")
    months = re.search(r"measured at least (\w+) months after training", text)
    assert months is not None
    after = entry("home_office", "home-office-tip", "evaluation", "measure-after-training")
    assert after.properties["min_months_after_training"] == NUMBER_WORDS[months.group(1)]
    recommended = re.search(r"recommend focussing on the short- and medium-term outcomes", text)
    assert recommended is not None
    for group in framework("home_office", "home-office").entries:
        priority = {term.id: term.properties["evaluation_priority"] for term in group.entries}
        assert priority == {"short": True, "medium": True, "long": False}


def test_home_office_eif_most_plausible_outcomes_are_marked() -> None:
    text = seed("home_office")
    assert "increasing knowledge and understanding of trauma" in text
    assert "making improvements to multi agency working" in text
    marked = {
        (group.id, term.id, outcome.id)
        for group in framework("home_office", "home-office").entries
        for term in group.entries
        for outcome in term.entries
        if outcome.properties.get("eif_most_plausible") is True
    }
    labels = {
        entry("home_office", "home-office", *path).label.casefold() for path in sorted(marked)
    }
    assert any("knowledge" in label for label in labels)
    assert any("multi-agency" in label for label in labels)
    assert any("practice" in label for label in labels)
