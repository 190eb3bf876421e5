"""Edit YAML text the way a person would: change only what changed, keep everything else.

Used by `toc.save`, and kept apart from it so that `import toc` does not load ruamel.yaml.

ruamel.yaml's round-trip mode keeps comments and styles on its tree. Only the differences between
the model as loaded and the model now are applied to that tree (records recursively, lists matched
by id, so one new element adds only its lines). ruamel normalises a few things on the way out
(indentation it cannot mimic, a plain scalar folded over lines, `...`), so its output is not used
as it is: its change is merged, line by line, into the original text (a three-way merge with
ruamel's unedited output as the base).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from difflib import SequenceMatcher
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
    SingleQuotedScalarString,
)

from toc.dump import _Block, key_order, part_to_data, plain_reads_back, scalar_text
from toc.model import Link, OutcomeLevel, Tag, TheoryOfChange

FOLD_WIDTH = 100
"""Where new folded (`>-`) text is wrapped, as the bundled models and `dumps` do."""


class CannotEdit(Exception):
    """The text is YAML the library's reader takes but ruamel.yaml cannot read."""


def edits(original: str, old: TheoryOfChange, new: TheoryOfChange) -> list[str]:
    """Texts that turn `original` (which spells `old`) into `new`, best first.

    The first keeps the original's lines wherever nothing changed; the second is ruamel's own
    layout of the edited tree, for when the merge does not hold. The caller checks them.
    """
    yaml = _round_trip(original)
    try:
        tree = yaml.load(original)
    except YAMLError as error:
        raise CannotEdit(str(error).splitlines()[0]) from None
    except (ValueError, IndexError) as error:  # ruamel's own number reading fails on `._`, `-_`
        raise CannotEdit(
            f"ruamel.yaml cannot read a value it takes for a number ({error}); quote values such "
            "as `._` or `-_` in the file"
        ) from None
    before = _lines(_emit(yaml, tree))
    _edit_record(tree, old, new)
    after = _settle(before, _lines(_emit(yaml, tree)))
    return ["".join(_merge(before, _lines(original), after)), "".join(after)]


def _round_trip(text: str) -> YAML:
    """A ruamel.yaml round-trip reader and writer set up for this file's layout."""
    yaml = YAML(typ="rt")
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap what the user wrapped (or did not)
    mapping, sequence, offset = _indentation(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


_KEY_LINE = re.compile(r"^( *)[^\s#\-][^:#]*:\s*(?:#.*)?$")
_NEXT_LINE = re.compile(r"^( *)(- )?[^\s#]")


def _indentation(text: str) -> tuple[int, int, int]:
    """The `(mapping, sequence, offset)` indentation ruamel should write this file with.

    A block sequence's dash may sit under its key (`offset` 0) or be indented (`offset` 2, as
    in the bundled models); ruamel writes all of a file one way, so guess it from the file.
    """
    mapping, sequence, offset = 2, 4, 2
    seen_map = seen_seq = False
    lines = text.split("\n")
    for line, following in itertools.pairwise(lines):
        key = _KEY_LINE.match(line)
        below = _NEXT_LINE.match(following)
        if key is None or below is None:
            continue
        step = len(below.group(1)) - len(key.group(1))
        if below.group(2) and not seen_seq and step >= 0:
            offset, sequence, seen_seq = step, step + 2, True
        elif not below.group(2) and not seen_map and step > 0:
            mapping, seen_map = step, True
        if seen_map and seen_seq:
            break
    return mapping, sequence, offset


def _emit(yaml: YAML, tree: Any) -> str:
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return stream.getvalue()


def _edit_record(node: CommentedMap, old: BaseModel, new: BaseModel) -> None:
    """Make the mapping `node` (which spells `old`) spell `new`, touching only what differs."""
    fields = type(new).model_fields
    for name in fields:
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        if name in node:
            if after is None or after == ():
                del node[name]
            else:
                node[name] = _edited_value(node[name], before, after, _column(node, name))
        elif after != fields[name].get_default(call_default_factory=True):
            _insert_key(node, name, _new_node(after), [*fields])


def _edited_value(node: Any, before: Any, after: Any, column: int) -> Any:
    """The node for `after` in place of `node`, edited in place where it can be."""
    if isinstance(after, BaseModel) and isinstance(before, BaseModel):
        if isinstance(node, CommentedMap):
            _edit_record(node, before, after)
            return node
        if isinstance(after, Link | Tag | OutcomeLevel) and isinstance(part_to_data(after), str):
            return _scalar(part_to_data(after), node, column)  # a short form stays short
        return _new_node(after)
    if isinstance(after, tuple) and isinstance(before, tuple) and isinstance(node, CommentedSeq):
        _edit_sequence(node, before, after, column)
        return node
    if isinstance(after, Mapping) and isinstance(node, CommentedMap):
        _edit_mapping(node, before, after)
        return node
    if isinstance(after, BaseModel | tuple | Mapping):
        return _new_node(after)
    return _scalar(after, node, column)


def _edit_sequence(
    node: CommentedSeq, before: tuple[Any, ...], after: tuple[Any, ...], column: int
) -> None:
    """Edit a list item by item: elements are matched by id, links by target, the rest by value."""
    matcher = SequenceMatcher(None, [_key(i) for i in before], [_key(i) for i in after], False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for offset in range(i2 - i1):
                old, new = before[i1 + offset], after[j1 + offset]
                if old != new:
                    node[i1 + offset] = _edited_value(node[i1 + offset], old, new, column + 2)
            continue
        for index in reversed(range(i1, i2)):
            del node[index]
        for offset, item in enumerate(after[j1:j2]):
            node.insert(i1 + offset, _new_node(item))


def _edit_mapping(node: CommentedMap, before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
    for key in [k for k in node if k not in after]:
        del node[key]
    for key, value in after.items():
        if key not in before or before[key] != value:
            if key in node:
                node[key] = _scalar(value, node[key], _column(node, key))
            else:
                node[key] = _new_node(value)


def _key(item: Any) -> Any:
    if isinstance(item, Link):
        return ("to", item.to)
    if isinstance(item, Tag):
        return ("ref", item.ref)
    if isinstance(item, BaseModel):
        element_id = getattr(item, "id", None)
        return ("id", element_id) if isinstance(element_id, str) else item.model_dump_json()
    return item


def _insert_key(node: CommentedMap, name: str, value: Any, fields: list[str]) -> None:
    """Put a new key where `dumps` would: after the last key that comes before it."""
    order = key_order(fields)
    rank = order.index(name)
    position = 0
    for index, key in enumerate(node):
        if key in order and order.index(key) < rank:
            position = index + 1
    node.insert(position, name, value)


def _column(node: CommentedMap, key: str) -> int:
    """The column a value under `key` is indented to (for wrapping new folded text)."""
    try:
        line_col = node.lc.key(key)
    except (AttributeError, KeyError, TypeError):
        return 2
    return int(line_col[1]) + 2


def _new_node(value: Any) -> Any:
    """A ruamel node for a part of the model, in the shape `dumps` writes."""
    return _from_data(part_to_data(value))


def _from_data(data: Any) -> Any:
    if isinstance(data, dict):
        node = CommentedMap()
        for key, value in data.items():
            node[key] = _from_data(value)
        if isinstance(data, _Block) or not _all_scalars(data.values()):
            node.fa.set_block_style()
        else:
            node.fa.set_flow_style()
        return node
    if isinstance(data, list):
        seq = CommentedSeq(_from_data(item) for item in data)
        if _all_scalars(data):
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
        return seq
    return _scalar(data, None, 0)


def _all_scalars(values: Iterable[Any]) -> bool:
    return not any(isinstance(value, dict | list) for value in values)


_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters YAML allows only as an escape in a double-quoted string."""
_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")
"""Printable, but line breaks to YAML: any other style would fold or normalise them away."""


def _scalar(value: Any, like: Any, column: int) -> Any:
    """A scalar written as `dumps` would, keeping the quoting or folding style of `like`."""
    if not isinstance(value, str):
        return _verbatim(value)
    if _NOT_PRINTABLE.search(value) or _LINE_BREAKS.search(value):
        return DoubleQuotedScalarString(value)  # the one style that can write it, as an escape
    if isinstance(like, FoldedScalarString) and "\n" not in value:
        return _folded(value, column)
    keeps_style = not isinstance(like, LiteralScalarString) or "\n" in value
    if isinstance(like, ScalarString) and keeps_style:
        return type(like)(value)
    if "\n" in value and not value.startswith((" ", "\t")):
        return LiteralScalarString(value)
    return value if plain_reads_back(value) else SingleQuotedScalarString(value)


def _folded(text: str, column: int) -> FoldedScalarString:
    """Folded text wrapped at `FOLD_WIDTH`, breaking only at single spaces as folding allows."""
    folded: FoldedScalarString = FoldedScalarString(text)
    width = max(FOLD_WIDTH - column, 40)
    positions: list[int] = []
    start = 0
    last_space = -1
    for index, char in enumerate(text):
        if (
            char == " "
            and 0 < index < len(text) - 1
            and text[index - 1] != " "
            and text[index + 1] != " "
        ):
            last_space = index
        if index - start >= width and last_space > start:
            positions.append(last_space)
            start = last_space + 1
    folded.fold_pos = positions  # type: ignore[attr-defined]  # ruamel reads it when writing
    return folded


class _Verbatim(str):
    """A number, boolean or date written exactly as `dumps` writes it (`1.0e+16`, not `1e16`)."""

    tag: str


_TAGS = {bool: "bool", int: "int", float: "float", dt.date: "timestamp"}


def _verbatim(value: Any) -> _Verbatim:
    verbatim = _Verbatim(scalar_text(value))
    verbatim.tag = "tag:yaml.org,2002:" + _TAGS.get(type(value), "str")
    return verbatim


class _Representer(RoundTripRepresenter):
    """ruamel's round-trip representer, plus `_Verbatim` (on a subclass: the base is global)."""

    def represent_verbatim(self, value: _Verbatim) -> Any:
        return self.represent_scalar(value.tag, str(value))


_Representer.add_representer(_Verbatim, _Representer.represent_verbatim)


# --- merging ruamel's change into the original text --------------------------------------------


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _settle(before: list[str], after: list[str]) -> list[str]:
    """The edited output, with comments kept beside the lines they were written next to.

    ruamel hangs the comment lines after a list's last item (often a heading for the next
    section) on that item: an item added after it lands below the heading, and deleting the item
    takes the heading with it. New lines go above such comments, and deleted lines leave them.
    """
    out: list[str] = []
    opcodes = SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            out += before[i1:i2]
        elif tag == "insert":
            new = after[j1:j2]
            indent = _indent(new[0])
            at = len(out)
            while at > 0 and _loose(out[at - 1], indent):
                at -= 1
            if indent == 0 and at < len(out) and not out[at].strip():
                new = [*new, "\n"]  # a new section, set off by a blank line like the others
                at += 1
            out[at:at] = new
        elif tag == "delete":
            gone = before[i1:i2]
            indent = next((_indent(line) for line in gone if line.strip()), 0)
            keep = len(gone)
            while keep > 0 and _loose(gone[keep - 1], indent):
                keep -= 1
            out += gone[keep:]
        else:
            out += after[j1:j2]
    return out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _loose(line: str, indent: int) -> bool:
    """A blank line, or a comment line no more indented than the lines being placed.

    Such comments introduce what follows them (the next item, key or section), not what ends
    above them.
    """
    stripped = line.strip()
    return not stripped or (stripped.startswith("#") and _indent(line) <= indent)


def _merge(base: list[str], original: list[str], edited: list[str]) -> Iterator[str]:
    """Three-way merge: the edit (base → edited) made in the original (base → original).

    Where only the original differs from ruamel's unedited output, the original's lines stay;
    where only the edit does, the edited lines go in; where both do, the edited lines win, in
    ruamel's layout, since they hold the new content.
    """
    in_original = _matched(base, original)
    in_edited = _matched(base, edited)
    b0 = o0 = e0 = 0
    for index in [*range(len(base)), len(base)]:
        if index < len(base) and (index not in in_original or index not in in_edited):
            continue
        o1 = in_original.get(index, len(original))
        e1 = in_edited.get(index, len(edited))
        chunk_base, chunk_original, chunk_edited = base[b0:index], original[o0:o1], edited[e0:e1]
        yield from chunk_original if chunk_edited == chunk_base else chunk_edited
        if index < len(base):
            yield original[o1]
        b0, o0, e0 = index + 1, o1 + 1, e1 + 1


def _matched(base: list[str], other: list[str]) -> dict[int, int]:
    """Which line of `other` each unchanged line of `base` is."""
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return {
        block.a + k: block.b + k
        for block in matcher.get_matching_blocks()
        for k in range(block.size)
    }
