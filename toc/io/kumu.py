"""Kumu JSON ("blueprints"): a theory of change as elements and connections, both ways.

Kumu (kumu.io) maps systems as elements and the connections between them; a blueprint is
`{"elements": [{"label": ..., "type": ..., "description": ..., "tags": [...]}], "connections":
[{"from": ..., "to": ..., "type": ..., "direction": "directed"}]}`, with any other key of an
element or connection being one of its fields. Kumu's own project export ("Export to JSON")
nests those fields in `attributes` and names elements by `_id`; both shapes are read.

The element `type` is its level, read through `toc.io.levels`; connections name their ends by id
or label (`toc.io._assemble`). What Kumu has no field for is written as fields with the flat
names of `toc.io._fields` (`source document`, `data source`), a KPI's baselines, targets and
actuals as its `values` (a list of objects: `{"role": "target", "value": 40, "year": 2027}`, the
columns of the node list's values sheet), and what is not
an element or a connection (the model's id and title, statements, frameworks) in a top-level
`toc` object, so `toc convert` to Kumu and back gives the same model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toc.findings import Finding
from toc.io._assemble import (
    Assembly,
    ElementRecord,
    LinkRecord,
    TagRecord,
    Value,
    relation_name,
    slugify,
)
from toc.io._carried import check_carried
from toc.io._fields import (
    ACTUAL_FIELDS,
    ELEMENT_FIELDS,
    KPI_FIELDS,
    LINK_FIELDS,
    OLD_KPI_FIELDS,
    VALUE_FIELDS,
    VALUE_ROLES,
    Field,
    FieldType,
    dimension_name,
    flatten,
    from_json,
    to_json,
    value_rows,
)
from toc.io._json import parse_json
from toc.io.levels import Levels, level_name
from toc.model import ELEMENT_LISTS, ChainElement, ContextFactor, Kpi, TheoryOfChange
from toc.rules.importing import NOT_IMPORTED, UNKNOWN_COLUMN, UNREADABLE_VALUE
from toc.rules.reading import (
    BAD_ENCODING,
    EMPTY_FILE,
    FILE_TOO_LARGE,
    MISSING_FIELD,
    NOT_A_MAPPING,
    UNREADABLE_FILE,
    WRONG_TYPE,
)
from toc.rules.registry import Rule
from toc.yamlsafe import Mark, YamlMap, YamlSeq

if TYPE_CHECKING:
    from toc.io import ReadOptions, WriteOptions
    from toc.load import LoadResult

__all__ = ["kumu_data", "read_kumu", "write_kumu"]

_ELEMENT_KEYS: dict[str, Field] = {
    _key: item
    for item in (*ELEMENT_FIELDS, *KPI_FIELDS, *OLD_KPI_FIELDS)
    for _key in (item.name, *item.synonyms)
}
"""With the single baseline and target fields files had before `values` (read, not written)."""
_LINK_KEYS: dict[str, Field] = {
    _key: item for item in LINK_FIELDS for _key in (item.name, *item.synonyms)
}
_LINK_KEYS["label"] = next(f for f in LINK_FIELDS if f.name == "note")
"""A Kumu connection's label (the text on its arrow) is the link's note."""
_LEVEL_KEYS = frozenset({"type", "element type", "level", "kind"})
_RELATION_KEYS = frozenset({"type", "connection type", "relation"})
_GROUP_KEYS = frozenset({"group", "groups", "pathway", "pathways"})
_VALUE_KEYS: dict[str, Field] = {
    _key: item for item in VALUE_FIELDS for _key in (item.name, *item.synonyms)
}
_ACTUAL = re.compile(r"actual (\d{1,4}) (.+)")
"""`actual 1 year`: an actual as files before `values` had it (read, not written)."""
_ACTUAL_KEYS: dict[str, Field] = {
    _key: item for item in ACTUAL_FIELDS for _key in (item.name, *item.synonyms)
}
_SKIPPED_CONNECTION_KEYS = frozenset({"_id", "id"})
"""A connection's own id: Kumu's bookkeeping, not part of the link (its ends say which it is)."""


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    """A field name as matched: `Element Type` and `element_type` are `element type`.

    Cached: a map repeats the same few names on every element and connection.
    """
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


# --- reading ----------------------------------------------------------------------------------


def read_kumu(path: Path, options: ReadOptions) -> LoadResult:
    """Read a Kumu blueprint or project export; problems are findings, never exceptions."""
    from toc.load import LoadResult

    name = str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(options.max_bytes + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        return LoadResult(
            name, None, [_whole(name, UNREADABLE_FILE, f"cannot read the file: {reason}")]
        )
    if len(data) > options.max_bytes:
        message = (
            f"the file is over the {options.max_bytes / 1048576:.0f} MiB limit; a Kumu map of a "
            "theory of change is far smaller, so check this is the right file"
        )
        return LoadResult(name, None, [_whole(name, FILE_TOO_LARGE, message)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        col = len(before) - before.rfind("\n")
        message = f"byte 0x{data[error.start]:02x} is not valid UTF-8; save the file as UTF-8"
        return LoadResult(name, None, [_at(name, BAD_ENCODING, message, Mark(line, col, 0, 0))])
    return read_kumu_text(text, name=name, levels=Levels(options.levels))


def read_kumu_text(text: str, *, name: str, levels: Levels | None = None) -> LoadResult:
    """Read Kumu JSON text (see `read_kumu`)."""
    from toc.load import LoadResult, read_data

    if not text.strip():
        message = 'the file is empty; a Kumu blueprint is {"elements": [...], "connections": [...]}'
        return LoadResult(name, None, [_at(name, EMPTY_FILE, message, Mark(1, 1, 0, 0))])
    document = parse_json(text)
    findings = [_at(name, p.rule, p.message, p.mark) for p in document.problems]
    if document.blocked:
        return LoadResult(name, None, findings)
    root = document.root
    if not isinstance(root, YamlMap):
        message = (
            f"the file holds {_describe(root)}; a Kumu blueprint is an object: "
            '{"elements": [...], "connections": [...]}'
        )
        return LoadResult(
            name, None, [*findings, _at(name, NOT_A_MAPPING, message, document.root_mark)]
        )
    reader = _Reader(name, levels or Levels())
    tree = reader.read(root, Path(name).stem)
    return read_data(tree, name=name, findings=[*findings, *reader.assembly.findings])


class _Reader:
    def __init__(self, name: str, levels: Levels) -> None:
        self.name = name
        self.assembly = Assembly(name, levels)

    def finding(self, rule: Rule, message: str, mark: Mark) -> None:
        self.assembly.finding(rule, message, mark)

    def read(self, root: YamlMap, stem: str) -> YamlMap:
        if "elements" not in root:
            self.finding(
                MISSING_FIELD,
                'no `elements`: a Kumu blueprint is {"elements": [...], "connections": [...]}',
                root.mark,
            )
        for item, mark in self._objects(root, "elements"):
            self.assembly.add_element(self._element(item, mark))
        for item, mark in self._objects(root, "connections"):
            self._connection(item, mark)
        for key in root:
            if key not in ("elements", "connections", "toc") and root[key] not in (
                None,
                [],
                {},
                "",
            ):
                self.finding(
                    NOT_IMPORTED,
                    f"Kumu's `{key}` (maps, views, loops and positions are Kumu's own) has no "
                    "place in a theory of change; it is not imported",
                    root.key_marks[key],
                )
        model, statements, frameworks = self._toc_block(root, stem)
        return self.assembly.build(root.mark, model, statements=statements, frameworks=frameworks)

    def _objects(self, root: YamlMap, key: str) -> Iterator[tuple[YamlMap, Mark]]:
        items = root.get(key)
        if items is None:
            return
        if not isinstance(items, YamlSeq):
            self.finding(
                WRONG_TYPE,
                f"`{key}` should be a list of objects, not {_describe(items)}",
                root.value_marks[key],
            )
            return
        for item, mark in zip(items, items.item_marks, strict=True):
            if isinstance(item, YamlMap):
                yield item, mark
            else:
                self.finding(
                    WRONG_TYPE,
                    f"an item of `{key}` should be an object, not {_describe(item)}",
                    mark,
                )

    def _fields(self, item: YamlMap) -> Iterator[tuple[str, str, Any, Mark, Mark]]:
        """(key as written, key folded, value, key mark, value mark), `attributes` flattened."""
        seen: set[str] = set()
        for key, value in item.items():
            if key == "attributes" and isinstance(value, YamlMap):
                for inner, inner_value in value.items():
                    folded = _key(inner)
                    if folded not in seen:
                        seen.add(folded)
                        yield (
                            inner,
                            folded,
                            inner_value,
                            value.key_marks[inner],
                            value.value_marks[inner],
                        )
                continue
            folded = "_id" if key == "_id" else _key(key)
            if folded not in seen:
                seen.add(folded)
                yield key, folded, value, item.key_marks[key], item.value_marks[key]

    def _value(self, raw: Any, type: FieldType, mark: Mark, what: str) -> Value | None:
        value, expected = from_json(raw, type)
        if expected is not None:
            self.finding(
                UNREADABLE_VALUE,
                f"{what} should be {expected}, not {_describe(raw)}; it is not imported",
                mark,
            )
            return None
        return None if value is None else Value(value, mark)

    def _element(self, item: YamlMap, mark: Mark) -> ElementRecord:
        record = ElementRecord(mark)
        actuals: dict[int, list[tuple[tuple[str, ...], Value]]] = {}
        actual_marks: dict[int, Mark] = {}
        for key, folded, raw, key_mark, value_mark in self._fields(item):
            if folded == "_id":
                if isinstance(raw, str):
                    record.aliases.append(raw)
            elif folded in _LEVEL_KEYS:
                record.level = self._value(raw, "text", value_mark, f"`{key}`")
            elif folded == "id":
                record.id = self._value(raw, "id", value_mark, "`id`")
            elif folded == "label":
                record.label = self._value(raw, "text", value_mark, "`label`")
            elif folded == "tags":
                for tag in self._names(raw, value_mark, "`tags`"):
                    record.tags.append(TagRecord(tag))
            elif folded == "tag details":
                self._tag_details(record, raw, value_mark)
            elif folded in _GROUP_KEYS:
                record.groups.extend(self._names(raw, value_mark, f"`{key}`"))
            elif folded == "applies to":
                record.applies_to.extend(self._names(raw, value_mark, "`applies to`"))
            elif folded in _ELEMENT_KEYS:
                spec = _ELEMENT_KEYS[folded]
                value = self._value(raw, spec.type, value_mark, f"`{key}`")
                if value is not None:
                    record.fields.append((spec.path, value))
            elif folded == "values":
                self._values(record, raw, value_mark)
            elif (actual := _ACTUAL.fullmatch(folded)) and actual.group(2) in _ACTUAL_KEYS:
                number = int(actual.group(1))
                spec = _ACTUAL_KEYS[actual.group(2)]
                value = self._value(raw, spec.type, value_mark, f"`{key}`")
                actual_marks.setdefault(number, key_mark)
                if value is not None:
                    actuals.setdefault(number, []).append((spec.path, value))
            else:
                self._unknown(key, key_mark, "element")
        for number in sorted(actual_marks):
            record.values.append(("actual", actual_marks[number], actuals.get(number, [])))
        return record

    def _values(self, record: ElementRecord, raw: Any, mark: Mark) -> None:
        """`values`: a KPI's baselines, targets and actuals, each an object with its `role`."""
        if not isinstance(raw, YamlSeq):
            self.finding(
                UNREADABLE_VALUE,
                f"`values` should be a list of objects, each with a `role`, not {_describe(raw)}; "
                "it is not imported",
                mark,
            )
            return
        allowed = ", ".join(VALUE_ROLES)
        for item, item_mark in zip(raw, raw.item_marks, strict=True):
            if not isinstance(item, YamlMap):
                self.finding(
                    UNREADABLE_VALUE,
                    f"an item of `values` should be an object, not {_describe(item)}",
                    item_mark,
                )
                continue
            role: str | None = None
            fields: list[tuple[tuple[str, ...], Value]] = []
            for key, value in item.items():
                key_mark, value_mark = item.key_marks[key], item.value_marks[key]
                folded = _key(key)
                dimension = dimension_name(key)
                if folded == "role":
                    said = self._value(value, "choice", value_mark, "`role`")
                    role = None if said is None else str(said.value)
                    if role is not None and role not in VALUE_ROLES:
                        self.finding(
                            UNREADABLE_VALUE,
                            f"the role `{role[:40]}` is not one a KPI value has ({allowed}); "
                            "the value is not imported",
                            value_mark,
                        )
                        role = ""
                elif dimension is not None:
                    found = self._value(value, "text", value_mark, f"`{key}`")
                    if found is not None:
                        fields.append((("dimensions", dimension), found))
                elif folded in _VALUE_KEYS:
                    spec = _VALUE_KEYS[folded]
                    found = self._value(value, spec.type, value_mark, f"`{key}`")
                    if found is not None:
                        fields.append((spec.path, found))
                else:
                    self._unknown(key, key_mark, "value")
            if role is None:
                self.finding(
                    MISSING_FIELD,
                    f"this value does not say its `role` ({allowed}); it is not imported",
                    item_mark,
                )
            elif role:
                record.values.append((role, item_mark, fields))

    def _names(self, raw: Any, mark: Mark, what: str) -> list[Value]:
        """Names in a list, or in one text separated by `|`, `;` or `,`, at the value's mark."""
        if isinstance(raw, YamlSeq):
            found = []
            for item, item_mark in zip(raw, raw.item_marks, strict=True):
                value = self._value(item, "text", item_mark, f"an item of {what}")
                if value is not None and str(value.value).strip():
                    found.append(Value(str(value.value).strip(), item_mark))
            return found
        value = self._value(raw, "names", mark, what)
        return [] if value is None else [Value(name, mark) for name in value.value]

    def _tag_details(self, record: ElementRecord, raw: Any, mark: Mark) -> None:
        """`tag details`: "ref | basis | note" for each tag with a basis or a note."""
        items = raw if isinstance(raw, YamlSeq) else None
        if items is None:
            self.finding(
                UNREADABLE_VALUE,
                f'`tag details` should be a list of "tag | basis | note" texts, not '
                f"{_describe(raw)}; it is not imported",
                mark,
            )
            return
        for item, item_mark in zip(items, items.item_marks, strict=True):
            if not isinstance(item, str) or item.count("|") < 2:
                self.finding(
                    UNREADABLE_VALUE,
                    f'a tag detail should read "tag | basis | note", not {_describe(item)}',
                    item_mark,
                )
                continue
            ref, basis, note = item.split("|", 2)
            note = note[1:] if note.startswith(" ") else note
            tag = TagRecord(
                Value(ref.strip(), item_mark),
                Value(basis.strip(), item_mark) if basis.strip() else None,
                Value(note, item_mark) if note.strip() else None,
            )
            for index, known in enumerate(record.tags):
                if (
                    known.basis is None
                    and known.note is None
                    and known.text.value == tag.text.value
                ):
                    record.tags[index] = TagRecord(known.text, tag.basis, tag.note)
                    break
            else:
                record.tags.append(tag)

    def _unknown(self, key: str, mark: Mark, what: str) -> None:
        from toc.suggest import did_you_mean

        known = sorted(
            {f.name for f in (*ELEMENT_FIELDS, *KPI_FIELDS)} | {"type", "tags", "values"}
        )
        if what == "value":
            known = sorted({f.name for f in VALUE_FIELDS} | {"role", "dimension.NAME"})
        if what == "connection":
            known = sorted({f.name for f in LINK_FIELDS} | {"from", "to", "type", "assumptions"})
        self.finding(
            UNKNOWN_COLUMN,
            f"the {what} field `{key}` is not part of a theory of change"
            f"{did_you_mean(key, known)}; it is not imported",
            mark,
        )

    def _connection(self, item: YamlMap, mark: Mark) -> None:
        ends: dict[str, Value | None] = {"from": None, "to": None}
        link = LinkRecord(mark, None, None)
        reversed_ = False
        for key, folded, raw, key_mark, value_mark in self._fields(item):
            if folded in ends:
                ends[folded] = self._value(raw, "id", value_mark, f"`{key}`")
            elif folded in _RELATION_KEYS:
                link.relation = self._value(raw, "text", value_mark, f"`{key}`")
            elif folded == "direction":
                if raw not in (None, "directed"):
                    self.finding(
                        UNREADABLE_VALUE,
                        f"a `{raw}` connection: a link in a theory of change runs one way, so it "
                        "is imported as from → to; make it directed in Kumu",
                        value_mark,
                    )
            elif folded == "reversed":
                reversed_ = raw is True
            elif folded == "delayed":
                if raw is True:
                    self.finding(
                        NOT_IMPORTED,
                        "a delayed connection: a theory of change has no delays; the link is "
                        "imported without it",
                        key_mark,
                    )
            elif folded == "assumptions":
                link.assumptions.extend(self._names(raw, value_mark, "`assumptions`"))
            elif folded in _LINK_KEYS:
                spec = _LINK_KEYS[folded]
                value = self._value(raw, spec.type, value_mark, f"`{key}`")
                if value is not None:
                    link.fields.append((spec.path, value))
            elif folded not in _SKIPPED_CONNECTION_KEYS:
                self._unknown(key, key_mark, "connection")
        for end in ("from", "to"):
            if ends[end] is None:
                self.finding(
                    MISSING_FIELD, f"the connection has no `{end}`; it is not imported", mark
                )
        link.source, link.target = (
            (ends["to"], ends["from"]) if reversed_ else (ends["from"], ends["to"])
        )
        if link.source is not None and link.target is not None:
            self.assembly.add_link(link)

    def _toc_block(
        self, root: YamlMap, stem: str
    ) -> tuple[list[tuple[tuple[str, ...], Value]], YamlSeq | None, YamlSeq | None]:
        """The model's own fields, statements and frameworks, from the `toc` this library writes."""
        block = root.get("toc")
        if not isinstance(block, YamlMap):
            if "toc" in root:
                self.finding(
                    WRONG_TYPE,
                    f"`toc` should be an object (the model's id, title, statements and "
                    f"frameworks), not {_describe(block)}",
                    root.value_marks["toc"],
                )
            return _default_model(stem, root.mark), None, None
        model: list[tuple[tuple[str, ...], Value]] = []
        statements = frameworks = None
        for key, value in block.items():
            if key == "statements" and isinstance(value, YamlSeq):
                statements = value
            elif key == "frameworks" and isinstance(value, YamlSeq):
                frameworks = value
            elif key in ELEMENT_LISTS:
                self.finding(
                    UNKNOWN_COLUMN,
                    f"`{key}` in `toc`: elements belong in `elements`; these are not imported",
                    block.key_marks[key],
                )
            elif key != "toc":
                model.append(((key,), Value(value, block.value_marks[key])))
        if "id" not in block:
            model.insert(0, (("id",), Value(slugify(stem, fallback="imported"), block.mark)))
        if "title" not in block:
            model.insert(1, (("title",), Value(stem or "Imported", block.mark)))
        return model, statements, frameworks


def _default_model(stem: str, mark: Mark) -> list[tuple[tuple[str, ...], Value]]:
    """A model id and title from the file's name, for a map with no `toc` object."""
    return [
        (("id",), Value(slugify(stem, fallback="imported"), mark)),
        (("title",), Value(stem.strip() or "Imported", mark)),
    ]


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value is None:
        return "`null`"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _at(file: str, rule: Rule, message: str, mark: Mark) -> Finding:
    return Finding(file, mark.line, mark.col, rule.code, rule.name, rule.severity, message)


def _whole(file: str, rule: Rule, message: str) -> Finding:
    return Finding(file, 0, 0, rule.code, rule.name, rule.severity, message)


# --- writing ----------------------------------------------------------------------------------


def kumu_data(model: TheoryOfChange) -> dict[str, Any]:
    """The model as a Kumu blueprint: elements, connections, and the rest under `toc`."""
    from toc.dump import to_data

    elements: list[dict[str, Any]] = []
    connections: list[dict[str, Any]] = []
    for _, element in model.elements():
        elements.append(_element_data(element))
        if isinstance(element, ContextFactor):
            connections.extend(
                {"from": element.id, "to": target, "type": relation_name("applies_to"),
                 "direction": "directed"}
                for target in element.applies_to
            )  # fmt: skip
            continue
        assert isinstance(element, ChainElement)
        for relation, _, link in element.links():
            start, end = (link.to, element.id) if relation == "uses" else (element.id, link.to)
            connection: dict[str, Any] = {
                "from": start,
                "to": end,
                "type": relation_name(relation, link),
                "direction": "directed",
            }
            for spec, value in flatten(link, LINK_FIELDS):
                connection[spec.name] = value
            if link.assumptions:
                connection["assumptions"] = list(link.assumptions)
            connections.append(connection)
    rest = {key: value for key, value in to_data(model).items() if key not in ELEMENT_LISTS}
    return {"elements": elements, "connections": connections, "toc": _plain(rest)}


def _element_data(element: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": element.id,
        "label": element.label,
        "type": level_name(element.kind, getattr(element, "term", None)),
    }
    if element.group is not None:  # read back as `group:` since `toc` declares the groups
        data["group"] = element.group
    fields = (*ELEMENT_FIELDS, *(KPI_FIELDS if isinstance(element, Kpi) else ()))
    for spec, value in flatten(element, fields):
        if spec.name not in ("id", "label", "term"):
            data[spec.name] = value
    if element.tags:
        data["tags"] = [tag.ref for tag in element.tags]
        details = [
            f"{tag.ref} | {tag.basis or ''} | {tag.note or ''}"
            for tag in element.tags
            if tag.basis is not None or tag.note is not None
        ]
        if details:
            data["tag details"] = details
    if isinstance(element, Kpi):
        values = [{"role": role, **fields} for role, fields in value_rows(element)]
        if values:
            data["values"] = values
    return data


def _plain(value: Any) -> Any:
    """`to_data`'s values as JSON holds them (dates as text)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return to_json(value)


def write_kumu(model: TheoryOfChange, target: Path, _: WriteOptions) -> list[tuple[Path, bytes]]:
    """The model as one Kumu JSON file; drop it on a Kumu map, or import it there."""
    from toc.io import FormatError

    try:
        text = json.dumps(kumu_data(model), ensure_ascii=False, indent=2, allow_nan=False)
    except ValueError as error:  # NaN or infinity: JSON has no way to write them
        raise FormatError(f"the model cannot be written as JSON: {error}") from None
    check_carried(model, read_kumu_text(text, name=str(target)), f"the Kumu file {target.name}")
    return [(target, (text + "\n").encode("utf-8"))]
