"""Queries over a model's `groups:` tree: where each group sits, and which elements it holds.

Groups nest (pillar → sub-pillar), and an element names only its innermost group, so "everything
in the prevention pillar" means the elements of that group and of every group inside it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toc.model import Group, TheoryOfChange

__all__ = ["group_paths", "members", "top_group", "walk_groups"]


def walk_groups(
    groups: Sequence[Group], path: tuple[str | int, ...] = ("groups",)
) -> Iterator[tuple[tuple[str | int, ...], tuple[Group, ...]]]:
    """Every group in document order, with its path in the file and its chain from the top."""
    stack: list[tuple[tuple[str | int, ...], tuple[Group, ...]]] = [
        ((*path, index), (group,)) for index, group in enumerate(groups)
    ]
    stack.reverse()
    while stack:  # a loop, not recursion: a deeply nested file cannot exhaust the stack
        place, chain = stack.pop()
        yield place, chain
        children = [
            ((*place, "groups", index), (*chain, child))
            for index, child in enumerate(chain[-1].groups)
        ]
        stack.extend(reversed(children))


def group_paths(model: TheoryOfChange) -> dict[str, tuple[Group, ...]]:
    """Each group id → its chain of groups from the top-level one; a repeated id: the first wins."""
    found: dict[str, tuple[Group, ...]] = {}
    for _, chain in walk_groups(model.groups):
        found.setdefault(chain[-1].id, chain)
    return found


def members(model: TheoryOfChange, group_id: str) -> tuple[str, ...]:
    """Ids of the elements in a group or any group inside it, in document order.

    Raises `KeyError` for a group id the model does not declare.
    """
    paths = group_paths(model)
    if group_id not in paths:
        raise KeyError(group_id)
    return tuple(
        element.id
        for _, element in model.elements()
        if element.group is not None
        and any(group.id == group_id for group in paths.get(element.group, ()))
    )


def top_group(model: TheoryOfChange, element_id: str) -> Group | None:
    """The top-level group an element belongs to (through its innermost one), or None."""
    element = model.by_id.get(element_id)
    if element is None or element.group is None:
        return None
    chain = group_paths(model).get(element.group)
    return chain[0] if chain else None
