"""Framework rules (5xx): every tag names a reference framework, and an entry in it, that exists."""

from __future__ import annotations

from collections.abc import Iterator

from toc.findings import Path, Severity
from toc.frameworks import Resolution, Resolver, frameworks, split_tag
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
    for path, owner, found in _unresolved(ctx, framework_known=False):
        yield Hit(path, f"tag on `{owner}`: {found.problem}", owner)


@rule("TOC502", "unknown-framework-entry", Severity.WARNING)
def unknown_framework_entry(ctx: RuleContext) -> Iterator[Hit]:
    """A tag names a framework that exists but an entry it does not have; the closest is named.

    An entry path that does not exist (a typo, or an id renamed in a newer version of the
    framework) drops the element out of every comparison against that framework. In a file with
    very many unknown entries, suggestions are searched for the first 20 plus one per ten entries
    of the framework, and the message says where they stop.

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
    for path, owner, found in _unresolved(ctx, framework_known=True):
        yield Hit(path, f"tag on `{owner}`: {found.problem}", owner)


def _unresolved(
    ctx: RuleContext, *, framework_known: bool
) -> Iterator[tuple[Path, str, Resolution]]:
    """Every tag naming no entry, with its framework known or not, where it is written and why.

    Only these tags are resolved with a suggestion: searching for the other rule's would double
    the work. The bundled frameworks are read (three model files) only when a tag names a
    framework the model does not define itself: most models have no tags.
    """
    tagged = list(_tags(ctx))
    own = {framework.id for framework in ctx.model.frameworks}
    bundled = any(split_tag(tag.ref)[0] not in own for _, _, tag in tagged)
    resolver = Resolver(frameworks(ctx.model, include_bundled=bundled))  # indexed once per file
    for path, owner, tag in tagged:
        framework, entry = resolver.find(tag.ref)
        if entry is None and (framework is not None) == framework_known:
            yield path, owner, resolver.resolve(tag.ref)


def _tags(ctx: RuleContext) -> Iterator[tuple[Path, str, Tag]]:
    for index, statement in enumerate(ctx.model.statements):
        for position, tag in enumerate(statement.tags):
            yield ("statements", index, "tags", position, "ref"), statement.id, tag
    for place, element in ctx.model.elements():
        for position, tag in enumerate(element.tags):
            yield (*place, "tags", position, "ref"), element.id, tag
