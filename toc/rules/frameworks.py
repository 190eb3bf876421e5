"""Framework rules (5xx): every tag names a reference framework, and an entry in it, that exists."""

from __future__ import annotations

from collections.abc import Iterator

from toc.findings import Path, Severity
from toc.frameworks import Resolution, frameworks, resolve
from toc.model import Tag
from toc.rules.context import RuleContext
from toc.rules.registry import Hit, rule


@rule("TOC501", "unknown-framework", Severity.WARNING)
def unknown_framework(ctx: RuleContext) -> Iterator[Hit]:
    """A tag names a framework not bundled and not defined in the file; the closest tag is named.

    Tags are how a theory of change is compared with an outcome bank or a taxonomy, e.g. which
    Home Office TIP outcomes a programme addresses. A tag into a framework nobody defined is
    silently left out of every such comparison. `toc frameworks` lists the bundled frameworks.

    Fails:
    ```yaml
    toc: 1
    id: tagged
    title: A tag into a misspelt framework
    outcomes:
      - id: knowledge
        label: Practitioners know more about trauma
        term: short
        tags: [home-ofice:practitioners/short/knowledge]
    ```

    Passes:
    ```yaml
    toc: 1
    id: tagged
    title: A tag into a bundled framework
    outcomes:
      - id: knowledge
        label: Practitioners know more about trauma
        term: short
        tags: [home-office:practitioners/short/knowledge]
    ```
    """
    for path, owner, found in _resolved(ctx):
        if found.framework is None:
            yield Hit(path, f"tag on `{owner}`: {found.problem}", owner)


@rule("TOC502", "unknown-framework-entry", Severity.WARNING)
def unknown_framework_entry(ctx: RuleContext) -> Iterator[Hit]:
    """A tag names a framework that exists but an entry it does not have; the closest is named.

    An entry path that does not exist (a typo, or an id renamed in a newer version of the
    framework) drops the element out of every comparison against that framework.

    Fails:
    ```yaml
    toc: 1
    id: tagged
    title: A tag into a missing entry
    frameworks:
      - id: local
        title: Our own outcome bank
        entries:
          - id: staff
            label: Staff
            entries:
              - id: confidence
                label: Confidence in applying knowledge of trauma
    outcomes:
      - id: confident
        label: Practitioners are more confident
        term: short
        tags: [local:staff/confidense]
    ```

    Passes:
    ```yaml
    toc: 1
    id: tagged
    title: A tag into an existing entry
    frameworks:
      - id: local
        title: Our own outcome bank
        entries:
          - id: staff
            label: Staff
            entries:
              - id: confidence
                label: Confidence in applying knowledge of trauma
    outcomes:
      - id: confident
        label: Practitioners are more confident
        term: short
        tags: [local:staff/confidence]
    ```
    """
    for path, owner, found in _resolved(ctx):
        if found.framework is not None and not found.known:
            yield Hit(path, f"tag on `{owner}`: {found.problem}", owner)


def _resolved(ctx: RuleContext) -> Iterator[tuple[Path, str, Resolution]]:
    """Every tag on statements and elements, where it is written, and what it names."""
    available = frameworks(ctx.model)
    for path, owner, tag in _tags(ctx):
        yield path, owner, resolve(tag.ref, available)


def _tags(ctx: RuleContext) -> Iterator[tuple[Path, str, Tag]]:
    for index, statement in enumerate(ctx.model.statements):
        for position, tag in enumerate(statement.tags):
            yield ("statements", index, "tags", position, "ref"), statement.id, tag
    for place, element in ctx.model.elements():
        for position, tag in enumerate(element.tags):
            yield (*place, "tags", position, "ref"), element.id, tag
