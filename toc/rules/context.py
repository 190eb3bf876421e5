"""What a rule sees: the model, its graph, the configuration, and where each element is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from toc.findings import Path, column_letters
from toc.graph import edge
from toc.model import ChainElement
from toc.suggest import Suggester

if TYPE_CHECKING:
    from toc.config import Config
    from toc.graph import TocGraph
    from toc.model import AnyElement, TheoryOfChange


@dataclass
class RuleContext:
    """Shared, computed-once views of one model for all rules."""

    model: TheoryOfChange
    config: Config
    _places: dict[str, tuple[str, int]] = field(default_factory=dict, init=False, repr=False)
    _links: dict[tuple[str, str], tuple[str, Path]] = field(
        default_factory=dict, init=False, repr=False
    )

    def __post_init__(self) -> None:
        for place, element in self.model.elements():
            first = self._places.setdefault(element.id, place)
            if first != place or not isinstance(element, ChainElement):
                continue
            for relation, index, link in element.links():
                key = edge(element.id, relation, link.to)
                self._links.setdefault(key, (element.id, (*place, relation, index)))

    @cached_property
    def graph(self) -> TocGraph:
        """The model's graph (built once, shared by every rule)."""
        return self.model.graph

    @cached_property
    def ids(self) -> Suggester:
        """The closest existing id to an unknown one, shared by TOC111 and the knock-on pass."""
        return Suggester([*self.model.by_id, *self.model.statements_by_id], noun="ids")

    def path_of(self, element_id: str) -> Path:
        """Where the (first) element with this id is written, e.g. `("activities", 2)`."""
        return self._places[element_id]

    def link_path(self, source: str, target: str) -> Path:
        """Where the link behind graph edge `source → target` is written."""
        return self._links[source, target][1]

    def link_owner(self, source: str, target: str) -> str:
        """The id of the element on which the link behind `source → target` is written."""
        return self._links[source, target][0]

    def element(self, element_id: str) -> AnyElement | None:
        """The element with this id, or None."""
        return self.model.by_id.get(element_id)

    def where(self, path: Path) -> str:
        """A place for a message: `line 12, column 7` when loaded from a file, else the path."""
        source_map = self.model.source_map
        if source_map is None:
            return "/".join(str(part) for part in path)
        line, col, sheet = source_map.place(path)
        if sheet is not None:
            return f"cell {sheet}!{column_letters(col)}{line}"
        file = source_map.file_at(path)
        where = f"{file} " if file != source_map.file else ""
        return f"{where}line {line}, column {col}"
