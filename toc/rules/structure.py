"""Structure rules (11x): ids are unique and every reference names an element that exists."""

from __future__ import annotations

from collections.abc import Iterator

from toc.findings import Path, Severity
from toc.model import ELEMENT_LISTS, AnyElement, ContextFactor
from toc.rules._labels import placeholder_reason
from toc.rules.context import RuleContext
from toc.rules.registry import Hit, rule


@rule("TOC110", "duplicate-id", Severity.ERROR)
def duplicate_id(ctx: RuleContext) -> Iterator[Hit]:
    """Two elements share an id; both places are named.

    Links are written as ids, so a shared id makes every link to it ambiguous, and the second
    element silently disappears from the diagram and from every check.

    Fails:
    ```yaml
    toc: 1
    id: twins
    title: Two elements with one id
    inputs:
      - id: funding
        label: Funding
    activities:
      - id: funding
        label: Fund raising
    ```

    Passes:
    ```yaml
    toc: 1
    id: twins
    title: Two elements, two ids
    inputs:
      - id: funding
        label: Funding
    activities:
      - id: fundraising
        label: Fund raising
    ```
    """
    for place, element in ctx.model.elements():
        first = ctx.path_of(element.id)
        if first != place:
            kind = ctx.model.by_id[element.id].kind
            yield Hit(
                (*place, "id"),
                f"duplicate id `{element.id}`: already used by the {kind} at "
                f"{ctx.where((*first, 'id'))}; give each element its own id",
                element.id,
            )
    seen: dict[str, Path] = {}
    for index, statement in enumerate(ctx.model.statements):
        written: Path = ("statements", index, "id")
        first_place = seen.setdefault(statement.id, written)
        if statement.id in ctx.model.by_id or first_place != written:
            other = (*ctx.path_of(statement.id), "id") if first_place == written else first_place
            yield Hit(
                written,
                f"duplicate id `{statement.id}`: already used at {ctx.where(other)}; links to a "
                "statement name it by id, so give it its own",
                statement.id,
            )


@rule("TOC111", "unknown-reference", Severity.ERROR)
def unknown_reference(ctx: RuleContext) -> Iterator[Hit]:
    """A link, assumption or `applies_to` names an id that no element has; the closest is suggested.

    A dangling reference is a broken link in the chain: the diagram drops it and every check
    downstream of it is wrong. In a file with very many unknown ids, suggestions are searched for
    the first 20 plus one per ten elements, and the message says where they stop, so that a
    flood of them cannot stall a CI run.

    Fails:
    ```yaml
    toc: 1
    id: dangling
    title: A link to nothing
    inputs:
      - id: funding
        label: Funding
    activities:
      - id: train
        label: Train practitioners
        uses: [fundng]
    ```

    Passes:
    ```yaml
    toc: 1
    id: dangling
    title: A link to something
    inputs:
      - id: funding
        label: Funding
    activities:
      - id: train
        label: Train practitioners
        uses: [funding]
    ```
    """
    known = ctx.model.by_id
    statements = ctx.model.statements_by_id  # a link may lead to a vision or an aim
    ids = ctx.ids  # one for every unknown id, statements too: a flood of them stays linear
    for element, path, target in _references(ctx):
        if target in known or (path[-1] == "to" and target in statements):
            continue
        if target in statements:
            why = "a statement, not an element: only `leads_to` links name statements"
        else:
            why = f"not an element of this model{ids.did_you_mean(target)}"
        yield Hit(path, f"`{element.id}` refers to `{target}`, which is {why}", element.id)


@rule("TOC112", "wrong-reference-kind", Severity.ERROR)
def wrong_reference_kind(ctx: RuleContext) -> Iterator[Hit]:
    """A link's `assumptions` names something that is not an assumption.

    Fails:
    ```yaml
    toc: 1
    id: wrong-kind
    title: A link resting on a barrier
    barriers:
      - id: financing
        label: Financing
    outputs:
      - id: trained
        label: Trained workforce
        leads_to:
          - to: resilience
            assumptions: [financing]
    outcomes:
      - id: resilience
        label: Resilience
        term: short
    ```

    Passes:
    ```yaml
    toc: 1
    id: right-kind
    title: A link resting on an assumption
    assumptions:
      - id: staff-released
        label: Managers release staff to attend
    outputs:
      - id: trained
        label: Trained workforce
        leads_to:
          - to: resilience
            assumptions: [staff-released]
    outcomes:
      - id: resilience
        label: Resilience
        term: short
    ```
    """
    for _, element in ctx.model.chain_elements():
        for relation, index, link in element.links():
            for position, assumption in enumerate(link.assumptions):
                found = ctx.element(assumption)
                if found is not None and found.kind != "assumption":
                    yield Hit(
                        (*ctx.path_of(element.id), relation, index, "assumptions", position),
                        f"link `{element.id}` → `{link.to}` rests on `{assumption}`, which is "
                        f"{'an' if found.kind[0] in 'aeiou' else 'a'} {found.kind}, not an "
                        "assumption; list it under `assumptions:` or attach it with `applies_to`",
                        element.id,
                    )


def _references(ctx: RuleContext) -> Iterator[tuple[AnyElement, Path, str]]:
    """Every id written as a reference, with the path of the place it is written."""
    for place, element in ctx.model.elements():
        if isinstance(element, ContextFactor):
            for index, target in enumerate(element.applies_to):
                yield element, (*place, "applies_to", index), target
            continue
        for relation, index, link in element.links():
            yield element, (*place, relation, index, "to"), link.to
            for position, assumption in enumerate(link.assumptions):
                yield element, (*place, relation, index, "assumptions", position), assumption


def _label_key(label: str) -> str:
    """Labels compared as a reader sees them: case, spacing and closing punctuation aside."""
    return " ".join(label.casefold().split()).strip(" .,;:!")


@rule("TOC116", "duplicate-label", Severity.WARNING)
def duplicate_label(ctx: RuleContext) -> Iterator[Hit]:
    """Two elements of the same kind with the same label; the first is named.

    Two indicators (or outcomes, or activities) worded identically cannot be told apart in a
    diagram, a table or a report, and usually mean one was copied and not edited, or the same
    thing was entered twice under two ids. Labels are compared ignoring case, spacing and a
    closing full stop. Elements of different kinds may share a label (an output "Staff trained"
    measured by a KPI "Staff trained"), and a placeholder label is reported by TOC117 instead.

    Fails:
    ```yaml
    toc: 1
    id: twins
    title: Two KPIs with one wording
    kpis:
      - id: staff-trained
        label: Number of staff trained
        measure: unit
        unit: staff
      - id: staff-trained-2026
        label: Number of staff trained
        measure: unit
        unit: staff
    ```

    Passes:
    ```yaml
    toc: 1
    id: twins
    title: Two KPIs, each worded for itself
    kpis:
      - id: staff-trained
        label: Number of staff trained
        measure: unit
        unit: staff
      - id: managers-trained
        label: Number of managers trained
        measure: unit
        unit: managers
    ```
    """
    for field in ELEMENT_LISTS:
        first: dict[str, int] = {}
        elements: tuple[AnyElement, ...] = getattr(ctx.model, field)
        for index, element in enumerate(elements):
            found = first.setdefault(_label_key(element.label), index)
            if found == index or ctx.path_of(element.id) != (field, index):
                continue
            if placeholder_reason(element.label) is not None:
                continue  # equal labels are equally placeholders: TOC117 names each
            other = elements[found]
            yield Hit(
                (field, index, "label"),
                f"{element.kind} `{element.id}` has the same label as {element.kind} "
                f"`{other.id}` ({ctx.where((field, found, 'label'))}); say how they differ, or "
                "merge them",
                element.id,
            )


@rule("TOC117", "placeholder-label", Severity.WARNING)
def placeholder_label(ctx: RuleContext) -> Iterator[Hit]:
    """A label that looks like a placeholder: `TBC`, `xxx`, `asdfff`, `Output 3`, `?`.

    A placeholder left in a theory of change reaches diagrams and reports as if it were content,
    and says nothing about what the element is. The heuristic, kept narrow so that real labels
    (short ones such as `Funding`, abbreviations such as `CAMHS`) are never flagged: the whole
    label is a placeholder word (`tbc`, `todo`, `placeholder`, `lorem ipsum`…), has no letter or
    digit, is one character or one letter repeated, is keyboard mash (every word four or more
    letters along one row of the keyboard, such as `asdf` or `qwerty`), or is a kind's name
    alone or numbered (`Output 3`, `New node`). A label equal to its id is not reported:
    importers make ids from labels.

    Fails:
    ```yaml
    toc: 1
    id: draft
    title: A draft with a placeholder
    outputs:
      - id: output-3
        label: asdfff
    ```

    Passes:
    ```yaml
    toc: 1
    id: draft
    title: A draft with a real label
    outputs:
      - id: output-3
        label: Practitioners trained in trauma-informed practice
    ```
    """
    for place, element in ctx.model.elements():
        reason = placeholder_reason(element.label)
        if reason is not None:
            yield Hit(
                (*place, "label"),
                f"the label of {element.kind} `{element.id}` is {element.label[:40]!r}, which "
                f"looks like a placeholder ({reason}); write what the element is",
                element.id,
            )
