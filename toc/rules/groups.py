"""Group rules: every `group:` names a declared group, and group ids are unique."""

from __future__ import annotations

from collections.abc import Iterator

from toc.findings import Severity
from toc.groups import walk_groups
from toc.rules.context import RuleContext
from toc.rules.registry import Hit, rule
from toc.suggest import Suggester


@rule("TOC118", "unknown-group", Severity.ERROR)
def unknown_group(ctx: RuleContext) -> Iterator[Hit]:
    """An element's `group:` names a group the model does not declare under `groups:`.

    A misspelt group silently moves an element out of its pillar: split diagrams and per-group
    counts would leave it out.

    Fails:
    ```yaml
    toc: 1
    id: pillars
    title: A group that is not declared
    groups:
      - id: prevention
        label: Prevention
    activities:
      - id: train
        label: Train practitioners
        group: prevension
    ```

    Passes:
    ```yaml
    toc: 1
    id: pillars
    title: A declared group
    groups:
      - id: prevention
        label: Prevention
    activities:
      - id: train
        label: Train practitioners
        group: prevention
    ```
    """
    declared = {chain[-1].id: chain for _, chain in walk_groups(ctx.model.groups)}
    names = Suggester(declared, noun="groups")
    for place, element in ctx.model.elements():
        if element.group is not None and element.group not in declared:
            hint = names.did_you_mean(element.group) if declared else ""
            yield Hit(
                (*place, "group"),
                f"`{element.id}` is in group `{element.group}`, which is not declared under "
                f"`groups:`{hint or '; declare it there, or remove `group:`'}",
                element.id,
            )


@rule("TOC119", "duplicate-group-id", Severity.ERROR)
def duplicate_group_id(ctx: RuleContext) -> Iterator[Hit]:
    """Two groups share an id (at any depth); elements name groups by id alone, so it is ambiguous.

    Fails:
    ```yaml
    toc: 1
    id: pillars
    title: One id for two groups
    groups:
      - id: prevention
        label: Prevention
        groups:
          - id: schools
            label: Schools
      - id: response
        label: Response
        groups:
          - id: schools
            label: Schools
    ```

    Passes:
    ```yaml
    toc: 1
    id: pillars
    title: Each group its own id
    groups:
      - id: prevention
        label: Prevention
        groups:
          - id: prevention-schools
            label: Schools
      - id: response
        label: Response
        groups:
          - id: response-schools
            label: Schools
    ```
    """
    first: dict[str, str] = {}
    for place, chain in walk_groups(ctx.model.groups):
        group = chain[-1]
        if group.id in first:
            yield Hit(
                (*place, "id"),
                f"duplicate group id `{group.id}`: already used by the group at "
                f"{first[group.id]}; give each group its own id",
            )
        else:
            first[group.id] = ctx.where((*place, "id"))
