"""Resolve structured paths like `("activities", 2, "uses", 0)` to a line and column.

Positions are recorded once, by the YAML reader, on the containers it builds; rules and schema
errors speak in paths, and the path becomes `file:line:col` only here, at the boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toc.yamlsafe import Mark, YamlMap, YamlSeq

if TYPE_CHECKING:
    from toc.findings import Finding, Path


@dataclass
class SourceMap:
    """The file a model came from, its positioned YAML tree, and the findings made reading it."""

    file: str
    root: Any
    text: str = field(repr=False, default="")
    findings: list[Finding] = field(default_factory=list, repr=False)

    def mark(self, path: Path, *, key: bool = False) -> Mark:
        """The mark of the deepest node along `path` that exists in the file.

        A path into a missing field stops at the mapping that lacks it, which is the line a person
        must edit. With `key=True` the last step points at the key rather than its value (for an
        unknown key). A plain dict or list (as a reader of another format may put where all of a
        record is at one place, such as a table's cell) has its container's mark, and positioned
        nodes inside it are still found.
        """
        node = self.root
        found: Mark = node.mark if isinstance(node, YamlMap | YamlSeq) else Mark(1, 1, 0, 0)
        last = len(path) - 1
        for step, part in enumerate(path):
            if isinstance(node, dict) and isinstance(part, str) and part in node:
                if isinstance(node, YamlMap):
                    found = node.key_marks[part] if key and step == last else node.value_marks[part]
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                if isinstance(node, YamlSeq):
                    found = node.item_marks[part]
                node = node[part]
            else:
                break
        return found

    def place(self, path: Path, *, key: bool = False) -> tuple[int, int, str | None]:
        """`(line, col, sheet)`: as `locate`, with the sheet for a model read from a workbook."""
        mark = self.mark(path, key=key)
        return mark.line, mark.col, mark.sheet

    def file_at(self, path: Path, *, key: bool = False) -> str:
        """The file the node along `path` is in: the model's, unless read from several files."""
        return self.mark(path, key=key).file or self.file

    def locate(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """`(line, col)`, 1-based, of the deepest node along `path`."""
        mark = self.mark(path, key=key)
        return mark.line, mark.col

    def raw(self, path: Path) -> str | None:
        """The text exactly as written for the scalar at `path`, if the path reaches a scalar."""
        node = self.root
        for part in path:
            if isinstance(node, YamlMap | YamlSeq):
                try:
                    node = node[part]  # type: ignore[index]  # str keys for maps, ints for lists
                except (KeyError, IndexError, TypeError):
                    return None
            else:
                return None
        if isinstance(node, YamlMap | YamlSeq) or not self.text:
            return None
        mark = self.mark(path)
        return self.text[mark.start : mark.end] or None
