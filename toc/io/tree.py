"""Build the positioned tree that `toc.load.read_data` validates, from any file format.

Every reader (spreadsheet, node list, IATI XML, Kumu JSON) produces the same shape the YAML reader
produces: `YamlMap` and `YamlSeq` containers that remember where each value was written. A
spreadsheet cell is `cell(row, column, sheet)`, a CSV field `cell(row, column)`, an XML element
its line and column. Schema and rule findings then point at the cell or line a person must edit,
with no per-format code in the rules.
"""

from __future__ import annotations

from typing import Any

from toc.yamlsafe import Mark, YamlMap, YamlSeq

__all__ = ["Mark", "YamlMap", "YamlSeq", "append", "cell", "mapping", "put", "sequence"]


def cell(row: int, column: int, sheet: str | None = None, *, file: str | None = None) -> Mark:
    """The mark of a spreadsheet cell or CSV field (1-based), or of an XML line and column.

    `file` is for a model read from several files: the CSV this field is in.
    """
    return Mark(row, column, 0, 0, sheet, file)


def mapping(mark: Mark) -> YamlMap:
    """An empty mapping written at `mark` (a row, an element, an XML node)."""
    return YamlMap(mark)


def sequence(mark: Mark) -> YamlSeq:
    """An empty list written at `mark`."""
    return YamlSeq(mark)


def put(target: YamlMap, key: str, value: Any, mark: Mark, *, key_mark: Mark | None = None) -> None:
    """Set `target[key]`, remembering where the value (and the key, e.g. a header) is written.

    A key already present is kept, as the YAML reader keeps the first of duplicate keys; a
    reader that can meet duplicates reports them itself before calling this.
    """
    if key in target:
        return
    target[key] = value
    target.value_marks[key] = mark
    target.key_marks[key] = key_mark or mark


def append(target: YamlSeq, value: Any, mark: Mark) -> None:
    """Add an item to a list, remembering where it is written."""
    target.append(value)
    target.item_marks.append(mark)
