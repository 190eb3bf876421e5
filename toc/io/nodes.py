"""Node and link lists: a theory of change as a table of elements and a table of links.

What Kumu, ToC tools, Miro and Lucid exports and most web tools give: an elements sheet (`id,
label, level, group, description, tags, ...`) and a links sheet (`from, to, relation, basis,
evidence, assumptions, ...`), as one XLSX workbook or as CSV files side by side. Levels are read
through `toc.io.levels`, link ends by id or label (`toc.io._assemble`).

Written, a model becomes one workbook a colleague opens in Excel, with a sheet for each part of
the model (`elements`, `links`, `kpis`, `values`, `tags`, `statements`, `frameworks`, `model`)
and the validation report (`findings`), such that reading it back gives the same model; or the
same tables as CSV files: `board.csv` (elements) and `board-links.csv`, `board-kpis.csv`, ...
beside it. Spreadsheet files are opened, and text is made safe to open, by `toc.io._spreadsheet`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toc.io._assemble import (
    Assembly,
    ElementRecord,
    GroupNames,
    LinkRecord,
    TagRecord,
    Value,
    relation_name,
    shared_label,
    slugify,
    unique_id,
)
from toc.io._carried import check_carried
from toc.io._fields import (
    ACTUAL_FIELDS,
    ELEMENT_FIELDS,
    GROUP_FIELDS,
    KPI_FIELDS,
    LINK_FIELDS,
    MODEL_FIELDS,
    OLD_KPI_FIELDS,
    SOURCE_FIELDS,
    STATEMENT_FIELDS,
    VALUE_FIELDS,
    VALUE_ROLES,
    Field,
    FieldType,
    dimension_name,
    flatten,
    parse,
    split_names,
    to_text,
    value_rows,
)
from toc.io._spreadsheet import (
    Cell,
    HeaderMatcher,
    Refused,
    SheetData,
    Workbook,
    csv_rows,
    csv_safe,
    csv_unsafe,
    header_key,
    open_xlsx,
    read_csv,
    unreadable_cell,
    xlsx_bytes,
)
from toc.io.levels import Levels, level_name
from toc.io.tree import append, cell, mapping, put, sequence
from toc.model import ChainElement, ContextFactor
from toc.rules.importing import (
    MISSING_COLUMN,
    NOT_IMPORTED,
    UNKNOWN_COLUMN,
    UNREADABLE_VALUE,
    UNRESOLVED_NAME,
)
from toc.rules.reading import MISSING_FIELD
from toc.yamlsafe import Mark, YamlMap, YamlSeq

if TYPE_CHECKING:
    from toc.findings import Finding
    from toc.io import ReadOptions, WriteOptions
    from toc.load import LoadResult
    from toc.model import FrameworkEntry, TheoryOfChange
    from toc.rules.registry import Rule

__all__ = [
    "SHEETS",
    "node_sheets",
    "read_nodes",
    "sniff_nodes",
    "write_nodes_csv",
    "write_nodes_xlsx",
]

SHEETS: dict[str, tuple[str, ...]] = {
    "elements": ("elements", "element", "nodes", "node"),
    "links": ("links", "link", "connections", "connection", "edges", "edge", "relationships"),
    "kpis": ("kpis", "kpi", "indicators", "indicator"),
    "values": ("values", "value", "kpi values", "indicator values"),
    "actuals": ("actuals", "actual"),
    "tags": ("tags", "tag details"),
    "statements": ("statements", "statement"),
    "groups": ("groups", "group", "pathways", "pathway"),
    "frameworks": ("frameworks", "framework"),
    "model": ("model", "about"),
    "findings": ("findings",),
}
"""The sheets a node-list workbook may have, each with the names it is known by, in the order
they are written. `findings` is the validation report: written, never read back; `actuals` is
what files before `values` had (read, no longer written). In CSV form,
`elements` is the file given and each other sheet a file beside it: `board-links.csv`."""

_SHEET_OF = {header_key(name): sheet for sheet, names in SHEETS.items() for name in names}
_CSV_LINKS_NAMES = ("links", "connections", "edges")
"""Links files looked for beside an elements file called `elements.csv` or `nodes.csv`."""


def _names(fields: Iterable[Field], **special: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    names = {f.name: (f.name, *f.synonyms) for f in fields}
    return {**special, **names}


_ELEMENT_COLUMNS = _names(
    (*ELEMENT_FIELDS, *KPI_FIELDS, *OLD_KPI_FIELDS),
    level=("level", "kind", "type", "element type", "category", "node type", "level name"),
    tags=("tags", "tag", "keywords"),
    group=("group", "groups", "pathway", "pathways", "theme", "workstream", "strand", "cluster"),
    applies=("applies to",),
)
_LINK_COLUMNS = _names(
    LINK_FIELDS,
    source=("from", "source", "from id", "from label", "start", "cause"),
    target=("to", "target", "to id", "to label", "end", "effect"),
    relation=("relation", "type", "connection type", "link type", "relationship"),
    assumptions=("assumptions", "assumption", "rests on"),
)
_KPI_COLUMNS = _names((*KPI_FIELDS, *OLD_KPI_FIELDS), kpi=("id", "kpi", "indicator", "kpi id"))
_VALUE_COLUMNS = _names(
    VALUE_FIELDS, kpi=("kpi", "id", "indicator", "kpi id"), role=("role", "kind", "type")
)
_ACTUAL_COLUMNS = _names(ACTUAL_FIELDS, kpi=("kpi", "id", "indicator"))
_TAG_COLUMNS = {
    "owner": ("id", "element", "statement"),
    "tag": ("tag", "ref"),
    "basis": ("basis",),
    "note": ("note", "notes"),
}
_STATEMENT_COLUMNS = _names(STATEMENT_FIELDS, tags=("tags", "tag"))
_GROUP_COLUMNS = _names(GROUP_FIELDS, parent=("parent", "parent group", "part of", "within"))
_FRAMEWORK_COLUMNS = {
    "framework": ("framework",),
    "entry": ("entry", "path"),
    "field": ("field",),
    "value": ("value",),
}
_MODEL_COLUMNS = {"field": ("field", "key"), "value": ("value",)}
_FIELD_BY_NAME = {
    f.name: f for f in (*ELEMENT_FIELDS, *KPI_FIELDS, *OLD_KPI_FIELDS, *VALUE_FIELDS, *LINK_FIELDS)
}


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Table:
    """One sheet of a workbook, or one CSV file, as rows of cells."""

    rows: list[list[Cell]]
    sheet: str | None = None
    file: str | None = None
    """The CSV file's name; None for a sheet (its workbook is the model's file)."""

    def mark(self, row: int, col: int) -> Mark:
        return cell(row, col, self.sheet, file=self.file)


def read_nodes(path: Path, options: ReadOptions) -> LoadResult:
    """Read a node list (an XLSX workbook, or an elements CSV and the CSVs beside it)."""
    from toc.load import LoadResult

    name = str(path)
    findings: list[Finding] = []
    try:
        tables = (
            _workbook_tables(path, name, options.max_bytes, findings)
            if path.suffix.lower() == ".xlsx"
            else _csv_tables(path, name, options, findings)
        )
    except Refused as refused:
        return LoadResult(name, None, [*findings, refused.finding])
    return _read_tables(tables, path, options, findings)


def read_node_workbook(book: Workbook, path: Path, options: ReadOptions) -> LoadResult:
    """`read_nodes` of a workbook already open (`toc.io.read_file` opens it once to tell)."""
    findings: list[Finding] = []
    return _read_tables(_book_tables(book, str(path), findings), path, options, findings)


def _read_tables(
    tables: dict[str, _Table], path: Path, options: ReadOptions, findings: list[Finding]
) -> LoadResult:
    from toc.load import read_data

    name = str(path)
    reader = _Reader(name, Levels(options.levels), csv=path.suffix.lower() != ".xlsx")
    tree = reader.read(tables, path.stem)
    return read_data(tree, name=name, findings=[*findings, *reader.assembly.findings])


def _workbook_tables(
    path: Path, name: str, max_bytes: int, findings: list[Finding]
) -> dict[str, _Table]:
    with open_xlsx(path, name=name, max_bytes=max_bytes) as book:
        return _book_tables(book, name, findings)


def _book_tables(book: Workbook, name: str, findings: list[Finding]) -> dict[str, _Table]:
    """The known sheets of a workbook; unknown ones are TOC022 (unless named `... (ignore)`)."""
    tables: dict[str, _Table] = {}
    for sheet in book.sheet_names:
        known = _SHEET_OF.get(header_key(sheet))
        if known is None or known in tables:
            if not header_key(sheet).endswith("ignore"):
                what = (
                    f"a second {known} sheet"
                    if known
                    else f"not a sheet a node list has ({', '.join(SHEETS)})"
                )
                findings.append(
                    _finding(
                        name,
                        NOT_IMPORTED,
                        f"the sheet `{sheet}` is {what}; it is not imported (name it "
                        f"`{sheet[:20]} (ignore)` to leave it out knowingly)",
                        Mark(0, 0, 0, 0, sheet),
                    )
                )
            continue
        if known == "findings":
            continue  # the report written with the model: validate the file for a new one
        try:
            tables[known] = _Table(list(book.rows(sheet)), sheet=sheet)
        except Refused as refused:
            findings.append(refused.finding)
    return tables


def _csv_tables(
    path: Path, name: str, options: ReadOptions, findings: list[Finding]
) -> dict[str, _Table]:
    """The elements CSV, and the CSVs beside it: `X-links.csv`, `X-kpis.csv`, ..."""
    rows, problems = read_csv(path, name=name, max_bytes=options.max_bytes)
    findings.extend(problems)
    tables = {"elements": _Table(rows, file=name)}
    for sheet in SHEETS:
        if sheet in ("elements", "findings"):
            continue
        given = options.links if sheet == "links" else None
        beside = Path(given) if given is not None else _beside(path, sheet)
        if beside is None:
            continue
        try:
            rows, problems = read_csv(beside, name=str(beside), max_bytes=options.max_bytes)
        except Refused as refused:
            findings.append(refused.finding)
            continue
        findings.extend(problems)
        tables[sheet] = _Table(rows, file=str(beside))
    return tables


def _beside(path: Path, sheet: str) -> Path | None:
    """The file of a sheet next to an elements CSV, if there is one."""
    candidates = [path.with_name(f"{path.stem}{sep}{sheet}{path.suffix}") for sep in "-_"]
    if sheet == "links" and header_key(path.stem) in ("elements", "nodes"):
        candidates += [path.with_name(f"{other}{path.suffix}") for other in _CSV_LINKS_NAMES]
    return next((c for c in candidates if c.is_file()), None)


def _finding(file: str, rule: Rule, message: str, mark: Mark) -> Finding:
    from toc.findings import Finding

    return Finding(
        mark.file or file,
        mark.line,
        mark.col,
        rule.code,
        rule.name,
        rule.severity,
        message,
        sheet=mark.sheet,
    )


_Columns = dict[int, str]
_DIMENSION_KEY = "\0dimension:"
"""The key a dimension column is read under: no field name starts with it."""


class _Reader:
    def __init__(self, name: str, levels: Levels, *, csv: bool) -> None:
        self.name = name
        self.csv = csv
        self.assembly = Assembly(name, levels)
        self.statement_tags: dict[str, list[TagRecord]] = {}
        self.statement_rows: list[tuple[YamlMap, list[TagRecord]]] = []

    def finding(self, rule: Rule, message: str, mark: Mark) -> None:
        self.assembly.finding(rule, message, mark)

    def read(self, tables: dict[str, _Table], stem: str) -> YamlMap:
        elements = tables.get("elements")
        root_mark = elements.mark(1, 1) if elements is not None else Mark(0, 0, 0, 0)
        statements = self._statements(tables["statements"]) if "statements" in tables else None
        if elements is None:
            self.finding(
                MISSING_COLUMN,
                f"no elements sheet (one named {', '.join(SHEETS['elements'])}): a node list "
                "has one row per element there",
                Mark(0, 0, 0, 0),
            )
        elif self._elements(elements):
            for sheet, read in (
                ("kpis", self._kpis),
                ("values", self._values),
                ("actuals", self._actuals),
                ("tags", self._tags),
                ("links", self._links),
            ):
                if sheet in tables:
                    read(tables[sheet])
        self._statement_tags_in()
        frameworks = self._frameworks(tables["frameworks"]) if "frameworks" in tables else None
        model = self._model(tables.get("model"), stem, root_mark)
        groups = self._groups(tables["groups"]) if "groups" in tables else None
        if groups:  # declared groups: the elements' group column names one of them
            model.append((("groups",), Value(groups, groups.mark)))
        return self.assembly.build(root_mark, model, statements=statements, frameworks=frameworks)

    # --- cells and headers ---------------------------------------------------------------------

    def columns(
        self,
        table: _Table,
        names: dict[str, tuple[str, ...]],
        needed: Iterable[tuple[str, ...]],
        what: str,
    ) -> _Columns | None:
        """What each column of the header row holds; None when a needed column is missing."""
        matcher = HeaderMatcher(names)
        columns: _Columns = {}
        if not table.rows:
            return None
        for heading in table.rows[0]:
            text = self.text(table, heading)
            found = matcher.match(text) if text is not None else None
            mark = table.mark(heading.row, heading.col)
            if found is None:
                from toc.suggest import did_you_mean

                known = sorted({n[0] for n in names.values()})
                self.finding(
                    UNKNOWN_COLUMN,
                    f"the column `{(text or heading.text)[:40]}` is not one the {what} has"
                    f"{did_you_mean(text or '', known)}; its values are not imported "
                    f"(columns: {', '.join(known)})",
                    mark,
                )
            elif found.key in columns.values():
                self.finding(
                    UNKNOWN_COLUMN,
                    f"a second `{names[found.key][0]}` column; its values are not imported",
                    mark,
                )
            else:
                columns[heading.col] = found.key
        for group in needed:
            if not any(key in columns.values() for key in group):
                header = table.rows[0][0]
                wanted = " or ".join(f"`{names[key][0]}`" for key in group)
                found_names = ", ".join(f"`{names[k][0]}`" for k in columns.values()) or "none"
                self.finding(
                    MISSING_COLUMN,
                    f"the {what} needs a {wanted} column; the columns found are {found_names}",
                    table.mark(header.row, header.col),
                )
                return None
        return columns

    def text(self, table: _Table, item: Cell) -> str | None:
        """A cell's text, None (with TOC014) for an error, an unsaved formula or a date."""
        if item.kind in ("error", "formula", "date"):
            self.unreadable(table, item, "text")
            return None
        return csv_unsafe(item.text) if self.csv and item.kind == "text" else item.text

    def unreadable(self, table: _Table, item: Cell, expected: str) -> None:
        found = unreadable_cell(table.file or self.name, item, expected, table.sheet)
        self.assembly.findings.append(found)

    def value(self, table: _Table, item: Cell, type: FieldType) -> Value | None:
        """A cell's value for a field of `type`, at the cell; None (with TOC014) if unreadable."""
        mark = table.mark(item.row, item.col)
        if item.kind == "date" and type == "date":
            return Value(item.text, mark)
        if item.kind == "bool" and type not in ("bool", "any", "text"):
            self.unreadable(table, item, _EXPECTED.get(type, "text"))
            return None
        text = self.text(table, item)
        if text is None:
            return None
        parsed, expected = parse(text, type)
        if expected is not None:
            self.unreadable(table, Cell(item.row, item.col, text, item.kind), expected)
            return None
        return None if parsed is None else Value(parsed, mark)

    def records(
        self, table: _Table, columns: _Columns
    ) -> Iterator[tuple[Mark, list[tuple[str, Cell]]]]:
        """Each data row: its mark (column A) and its cells in known columns."""
        for row in table.rows[1:]:
            cells = [(columns[c.col], c) for c in row if c.col in columns]
            if cells:
                yield table.mark(row[0].row, 1), cells

    # --- sheets --------------------------------------------------------------------------------

    def _elements(self, table: _Table) -> bool:
        columns = self.columns(
            table, _ELEMENT_COLUMNS, [("label", "id"), ("level",)], "elements sheet"
        )
        if columns is None:
            return False
        fields = {f.name: f for f in (*ELEMENT_FIELDS, *KPI_FIELDS, *OLD_KPI_FIELDS)}
        for mark, cells in self.records(table, columns):
            record = ElementRecord(mark)
            for key, item in cells:
                if key == "level":
                    record.level = self.value(table, item, "text")
                elif key in ("tags", "applies", "group"):
                    names = self.value(table, item, "text")
                    if names is None:
                        continue
                    found = _groups(names) if key == "group" else _split(names)
                    if key == "tags":
                        record.tags.extend(TagRecord(name) for name in found)
                    elif key == "applies":
                        record.applies_to.extend(found)
                    else:
                        record.groups.extend(found)
                else:
                    spec = fields[key]
                    value = self.value(table, item, spec.type)
                    if value is None:
                        continue
                    if key == "id":
                        record.id = value
                    elif key == "label":
                        record.label = value
                    else:
                        record.fields.append((spec.path, value))
            self.assembly.add_element(record)
        return True

    def _owner(self, table: _Table, item: Cell, what: str) -> ElementRecord | None:
        name = self.value(table, item, "text")
        return None if name is None else self.assembly.find(name, what)

    def _kpis(self, table: _Table) -> None:
        columns = self.columns(table, _KPI_COLUMNS, [("kpi",)], "kpis sheet")
        if columns is None:
            return
        for mark, cells in self.records(table, columns):
            owner = self._keyed(table, cells, "kpi", "the KPI", mark)
            for key, item in cells:
                if owner is not None and key != "kpi":
                    spec = _FIELD_BY_NAME[key]
                    value = self.value(table, item, spec.type)
                    if value is not None:
                        owner.fields.append((spec.path, value))

    def _values(self, table: _Table) -> None:
        """The values sheet: one baseline, target or actual a row, with its KPI and role."""
        dimensions: dict[int, str] = {}
        if table.rows:
            for heading in table.rows[0]:
                text = heading.text if heading.kind == "text" else None
                name = dimension_name(text) if text is not None else None
                if name is None:
                    continue
                if name in dimensions.values():
                    self.finding(
                        UNKNOWN_COLUMN,
                        f"a second column for the dimension `{name[:40]}`; its values are not "
                        "imported",
                        table.mark(heading.row, heading.col),
                    )
                dimensions[heading.col] = name
            headers = [c for c in table.rows[0] if c.col not in dimensions]
            table = _Table([headers, *table.rows[1:]], table.sheet, table.file)
        columns = self.columns(table, _VALUE_COLUMNS, [("kpi",), ("role",)], "values sheet")
        if columns is None:
            return
        seen: set[str] = set()
        for col, name in dimensions.items():
            if name not in seen:
                seen.add(name)
                columns[col] = _DIMENSION_KEY + name
        for mark, cells in self.records(table, columns):
            owner = self._keyed(table, cells, "kpi", "the value's KPI", mark)
            role = self._role(table, cells, mark)
            if owner is not None and role is not None:
                owner.values.append((role, mark, self._value_fields(table, cells)))

    def _role(self, table: _Table, cells: list[tuple[str, Cell]], mark: Mark) -> str | None:
        item = next((c for k, c in cells if k == "role"), None)
        allowed = ", ".join(VALUE_ROLES)
        if item is None:
            message = f"this row does not say its role ({allowed}); it is not imported"
            self.finding(MISSING_FIELD, message, mark)
            return None
        said = self.value(table, item, "choice")
        if said is None:
            return None
        role = str(said.value)
        role = role[:-1] if role.endswith("s") and role[:-1] in VALUE_ROLES else role
        if role not in VALUE_ROLES:
            self.finding(
                UNREADABLE_VALUE,
                f"the role `{role[:40]}` is not one a KPI value has ({allowed}); the row is not "
                "imported",
                said.mark,
            )
            return None
        return role

    def _value_fields(
        self, table: _Table, cells: list[tuple[str, Cell]]
    ) -> list[tuple[tuple[str, ...], Value]]:
        values = []
        for key, item in cells:
            if key in ("kpi", "role"):
                continue
            if key.startswith(_DIMENSION_KEY):
                path: tuple[str, ...] = ("dimensions", key[len(_DIMENSION_KEY) :])
                value = self.value(table, item, "text")
            else:
                spec = _FIELD_BY_NAME[key]
                path, value = spec.path, self.value(table, item, spec.type)
            if value is not None:
                values.append((path, value))
        return values

    def _actuals(self, table: _Table) -> None:
        """The `actuals` sheet of files written before the values sheet: one actual a row."""
        columns = self.columns(table, _ACTUAL_COLUMNS, [("kpi",)], "actuals sheet")
        if columns is None:
            return
        for mark, cells in self.records(table, columns):
            owner = self._keyed(table, cells, "kpi", "the actual's KPI", mark)
            if owner is not None:
                owner.values.append(("actual", mark, self._value_fields(table, cells)))

    def _keyed(
        self, table: _Table, cells: list[tuple[str, Cell]], key: str, what: str, mark: Mark
    ) -> ElementRecord | None:
        """The element a row is about, named in its `key` column."""
        item = next((c for k, c in cells if k == key), None)
        if item is None:
            self.finding(MISSING_FIELD, f"this row does not say {what}; it is not imported", mark)
            return None
        return self._owner(table, item, what)

    def _tags(self, table: _Table) -> None:
        columns = self.columns(table, _TAG_COLUMNS, [("owner",), ("tag",)], "tags sheet")
        if columns is None:
            return
        for mark, cells in self.records(table, columns):
            values = {key: self.value(table, item, "text") for key, item in cells}
            owner, tag = values.get("owner"), values.get("tag")
            if owner is None or tag is None:
                self.finding(
                    MISSING_FIELD,
                    "this row needs both an `id` and a `tag`; it is not imported",
                    mark,
                )
                continue
            basis = values.get("basis")
            if basis is not None:
                basis = Value(str(basis.value).strip().casefold(), basis.mark)
            detail = TagRecord(Value(str(tag.value).strip(), tag.mark), basis, values.get("note"))
            tags = self.statement_tags.get(str(owner.value).strip())
            if tags is None:
                found = self.assembly.find(owner, "the tag's element")
                if found is None:
                    continue
                tags = found.tags
            _attach(tags, detail)

    def _links(self, table: _Table) -> None:
        columns = self.columns(table, _LINK_COLUMNS, [("source",), ("target",)], "links sheet")
        if columns is None:
            return
        for mark, cells in self.records(table, columns):
            link = LinkRecord(mark, None, None)
            for key, item in cells:
                if key in ("source", "target", "relation"):
                    setattr(link, key, self.value(table, item, "text"))
                elif key == "assumptions":
                    names = self.value(table, item, "text")
                    link.assumptions.extend(_split(names) if names else [])
                else:
                    spec = _FIELD_BY_NAME[key]
                    value = self.value(table, item, spec.type)
                    if value is not None:
                        link.fields.append((spec.path, value))
            missing = [e for e, v in (("from", link.source), ("to", link.target)) if v is None]
            if missing:
                self.finding(
                    MISSING_FIELD,
                    f"the link has no `{'` or `'.join(missing)}`; it is not imported",
                    mark,
                )
                continue
            self.assembly.add_link(link)

    def _statements(self, table: _Table) -> YamlSeq | None:
        columns = self.columns(table, _STATEMENT_COLUMNS, [("label",)], "statements sheet")
        if columns is None:
            return None
        fields = {f.name: f for f in STATEMENT_FIELDS}
        rows: list[tuple[Mark, YamlMap, list[TagRecord]]] = []
        for mark, cells in self.records(table, columns):
            tree = mapping(mark)
            tags: list[TagRecord] = []
            for key, item in cells:
                if key == "tags":
                    names = self.value(table, item, "text")
                    tags.extend(TagRecord(name) for name in (_split(names) if names else []))
                    continue
                value = self.value(table, item, fields[key].type)
                if value is not None:
                    _put_path(tree, fields[key].path, value)
            if "id" in tree:
                self.statement_tags.setdefault(str(tree["id"]), tags)
            rows.append((mark, tree, tags))
        if not rows:
            return None
        result = sequence(rows[0][0])
        for mark, tree, tags in rows:
            append(result, tree, mark)
            self.statement_rows.append((tree, tags))
        return result

    def _groups(self, table: _Table) -> YamlSeq | None:
        """The groups sheet: a group a row, nested under the group its `parent` names."""
        columns = self.columns(table, _GROUP_COLUMNS, [("id", "label")], "groups sheet")
        if columns is None:
            return None
        fields = {f.name: f for f in GROUP_FIELDS}
        rows: list[tuple[Mark, YamlMap, Value | None]] = []
        for mark, cells in self.records(table, columns):
            tree, parent = mapping(mark), None
            for key, item in cells:
                value = self.value(table, item, "text" if key == "parent" else fields[key].type)
                if value is None:
                    continue
                if key == "parent":
                    parent = value
                else:
                    _put_path(tree, fields[key].path, value)
            rows.append((mark, tree, parent))
        written = {str(tree["id"]) for _, tree, _ in rows if "id" in tree}
        for _, tree, _ in rows:  # an id made from a label is never one written in the sheet
            if "id" not in tree and isinstance(tree.get("label"), str):
                made = unique_id(slugify(tree["label"], fallback="group"), written)
                put(tree, "id", made, tree.value_marks["label"])
        return _nested_groups(rows, self.finding) if rows else None

    def _statement_tags_in(self) -> None:
        """Put the statements' tags in, once the tags sheet has added their details."""
        for tree, tags in self.statement_rows:
            tag_list = self.assembly.tag_sequence(tags)
            if tag_list is not None:
                put(tree, "tags", tag_list, tag_list.mark)

    def _frameworks(self, table: _Table) -> YamlSeq | None:
        """`framework | entry | field | value` rows, one fact a row, into nested frameworks."""
        columns = self.columns(
            table,
            _FRAMEWORK_COLUMNS,
            [("framework",), ("field",), ("value",)],
            "frameworks sheet",
        )
        if columns is None:
            return None
        frameworks: dict[str, YamlMap] = {}
        entries: dict[tuple[str, str], YamlMap] = {}
        result: YamlSeq | None = None
        for mark, cells in self.records(table, columns):
            values = dict(cells)
            framework_cell, field_cell = values.get("framework"), values.get("field")
            if framework_cell is None or field_cell is None:
                self.finding(
                    MISSING_FIELD,
                    "this row needs a `framework` and a `field`; it is not imported",
                    mark,
                )
                continue
            framework = self.value(table, framework_cell, "id")
            field_name = self.value(table, field_cell, "choice")
            if framework is None or field_name is None:
                continue
            fw_id = str(framework.value)
            if fw_id not in frameworks:
                tree = mapping(mark)
                put(tree, "id", fw_id, framework.mark)
                frameworks[fw_id] = tree
                if result is None:
                    result = sequence(mark)
                append(result, tree, mark)
            target = frameworks[fw_id]
            entry_cell = values.get("entry")
            entry = self.value(table, entry_cell, "id") if entry_cell is not None else None
            if entry is not None:
                target = self._entry(frameworks[fw_id], entries, fw_id, entry, mark)
            self._framework_field(table, target, field_name, values.get("value"), entry is None)
        return result

    def _entry(
        self,
        framework: YamlMap,
        entries: dict[tuple[str, str], YamlMap],
        fw_id: str,
        path: Value,
        mark: Mark,
    ) -> YamlMap:
        """The entry at `a/b/c`, made (with its parents) the first time a row names it."""
        parts = [p.strip() for p in str(path.value).split("/")]
        parent = framework
        for depth in range(len(parts)):
            key = (fw_id, "/".join(parts[: depth + 1]))
            if key not in entries:
                tree = mapping(mark)
                put(tree, "id", parts[depth], path.mark)
                listed = parent.get("entries")
                if not isinstance(listed, YamlSeq):
                    listed = sequence(mark)
                    put(parent, "entries", listed, mark)
                append(listed, tree, mark)
                entries[key] = tree
            parent = entries[key]
        return parent

    def _framework_field(
        self, table: _Table, target: YamlMap, name: Value, item: Cell | None, top: bool
    ) -> None:
        field_name = str(name.value)
        if field_name.startswith("property "):
            if item is None:
                return
            value = self.value(table, item, "any")
            if value is None:
                return
            properties = target.get("properties")
            if not isinstance(properties, YamlMap):
                properties = mapping(name.mark)
                put(target, "properties", properties, name.mark)
            put(properties, field_name.removeprefix("property ").strip(), value.value, value.mark)
            return
        if field_name == "note":
            value = self.value(table, item, "text") if item is not None else None
            if value is not None:
                notes = target.get("notes")
                if not isinstance(notes, YamlSeq):
                    notes = sequence(value.mark)
                    put(target, "notes", notes, value.mark)
                append(notes, value.value, value.mark)
            return
        spec = _FRAMEWORK_FIELDS.get(field_name)
        if spec is None or (field_name == "title" and not top) or (field_name == "label" and top):
            known = ", ".join(("title" if top else "label", "description", "note", "property x"))
            self.finding(
                UNKNOWN_COLUMN,
                f"`{field_name}` is not a field of a framework {'' if top else 'entry '}"
                f"(fields: {known}, source ...); it is not imported",
                name.mark,
            )
            return
        value = self.value(table, item, spec.type) if item is not None else None
        if value is not None:
            _put_path(target, spec.path, value)

    def _model(
        self, table: _Table | None, stem: str, root_mark: Mark
    ) -> list[tuple[tuple[str, ...], Value]]:
        """The model's own fields from `field | value` rows; id and title from the file's name."""
        found: list[tuple[tuple[str, ...], Value]] = []
        levels: list[Value] = []
        columns = (
            self.columns(table, _MODEL_COLUMNS, [("field",), ("value",)], "model sheet")
            if table is not None
            else None
        )
        fields = {f.name: f for f in MODEL_FIELDS}
        if table is not None and columns is not None:
            for _, cells in self.records(table, columns):
                values = dict(cells)
                field_cell = values.get("field")
                name = self.value(table, field_cell, "choice") if field_cell else None
                if name is None:
                    continue
                item = values.get("value")
                if str(name.value).strip().lower() == OUTCOME_LEVEL_FIELD:
                    level = self.value(table, item, "text") if item is not None else None
                    if level is not None:
                        levels.append(_outcome_level(level))
                    continue
                spec = fields.get(str(name.value))
                if spec is None:
                    from toc.suggest import did_you_mean

                    self.finding(
                        UNKNOWN_COLUMN,
                        f"`{name.value}` is not a field of the model"
                        f"{did_you_mean(str(name.value), fields)}; it is not imported",
                        name.mark,
                    )
                    continue
                value = self.value(table, item, spec.type) if item is not None else None
                if value is not None:
                    found.append((spec.path, value))
        if levels:
            sequence_of_levels = sequence(levels[0].mark)
            for level in levels:
                append(sequence_of_levels, level.value, level.mark)
            found.append((("outcome_levels",), Value(sequence_of_levels, levels[0].mark)))
        paths = {path for path, _ in found}
        if ("id",) not in paths:
            found.insert(0, (("id",), Value(slugify(stem, fallback="imported"), root_mark)))
        if ("title",) not in paths:
            found.insert(1, (("title",), Value(stem.strip() or "Imported", root_mark)))
        return found


_EXPECTED = {"int": "a whole number", "number": "a number", "date": "a date (YYYY-MM-DD)"}
_FRAMEWORK_FIELDS: dict[str, Field] = {
    "title": Field("title", ("title",)),
    "label": Field("label", ("label",)),
    "description": Field("description", ("description",)),
    **{f.name: f for f in SOURCE_FIELDS},
}


def _split(value: Value) -> list[Value]:
    return [Value(name, value.mark) for name in split_names(str(value.value))]


def _groups(value: Value) -> list[Value]:
    """Groups in a cell: one, or several separated by `;`, `|` or line breaks (not commas)."""
    parts = re.split(r"[;|\n]", str(value.value))
    return [Value(" ".join(p.split()), value.mark) for p in parts if p.strip()]


def _nested_groups(
    rows: list[tuple[Mark, YamlMap, Value | None]], report: Callable[[Rule, str, Mark], None]
) -> YamlSeq:
    """The groups as the model nests them: each row under the row its `parent` names.

    A parent is named as an element names its group (`GroupNames`): by id, else by label as
    written or case- and space-folded. One that names no group, the label of several, or a
    group inside this one is TOC020 at the cell, and that group stays at the top level.
    """
    names = GroupNames()
    by_id: dict[str, YamlMap] = {}
    for _, tree, _ in rows:
        group_id = tree.get("id")
        if isinstance(group_id, str):
            names.add(group_id, tree.get("label"))
            by_id.setdefault(group_id, tree)  # a second one is TOC119, about the ids
    parents: dict[int, YamlMap] = {}
    for _, tree, parent in rows:
        if parent is None:
            continue
        name = str(parent.value).strip()
        meant = names.meant(name)
        if len(meant) > 1:
            report(
                UNRESOLVED_NAME,
                f"the parent: {shared_label(name, meant)}; the group is put at the top level",
                parent.mark,
            )
            continue
        found = by_id.get(meant[0]) if meant else None
        above = found
        while above is not None and above is not tree:
            above = parents.get(id(above))
        if found is None or above is tree:
            why = (
                f"names no group of the groups sheet{names.hint(name)}"
                if found is None
                else "is inside it"
            )
            report(
                UNRESOLVED_NAME,
                f"the parent `{name}` {why}, so the group is put at the top level",
                parent.mark,
            )
            continue
        parents[id(tree)] = found
    top = sequence(rows[0][0])
    for mark, tree, _ in rows:
        parent_tree = parents.get(id(tree))
        if parent_tree is None:
            append(top, tree, mark)
            continue
        nested = parent_tree.get("groups")
        if not isinstance(nested, YamlSeq):
            nested = sequence(mark)
            put(parent_tree, "groups", nested, mark)
        append(nested, tree, mark)
    return top


def _attach(tags: list[TagRecord], detail: TagRecord) -> None:
    """Give a listed tag its basis and note, or add the tag when it is not listed."""
    for index, known in enumerate(tags):
        if known.text.value == detail.text.value and known.basis is None and known.note is None:
            tags[index] = TagRecord(known.text, detail.basis, detail.note)
            return
    tags.append(detail)


def _put_path(target: YamlMap, path: tuple[str, ...], value: Value) -> None:
    for key in path[:-1]:
        inner = target.get(key)
        if not isinstance(inner, YamlMap):
            inner = mapping(value.mark)
            put(target, key, inner, value.mark)
        target = inner
    put(target, path[-1], value.value, value.mark)


def sniff_nodes(path: Path) -> bool:
    """Whether a workbook has an elements sheet, or a CSV's header has label and level columns."""
    if path.suffix.lower() == ".xlsx":
        try:
            with open_xlsx(path, name=str(path), max_bytes=50 * 1024 * 1024) as book:
                return is_node_workbook(book)
        except Refused:
            return False
    try:
        with path.open("rb") as stream:
            head = stream.read(65536).decode("utf-8-sig", "replace")
        rows, _ = csv_rows(head, name=str(path), limit=1)
    except (OSError, Refused):
        return False
    matcher = HeaderMatcher(_ELEMENT_COLUMNS)
    found = {m.key for c in (rows[0] if rows else []) if (m := matcher.match(c.text))}
    return bool(found & {"label", "id"}) and "level" in found


def is_node_workbook(book: Workbook) -> bool:
    """Whether an open workbook has an elements sheet (its sheet names decide)."""
    return any(_SHEET_OF.get(header_key(s)) == "elements" for s in book.sheet_names)


# --- writing ------------------------------------------------------------------------------------


def node_sheets(model: TheoryOfChange) -> list[SheetData]:
    """The model as the node list's tables (without the findings), as text cells.

    Raises `FormatError` when the model cannot be written without losing something: two
    elements (or an element and a statement) with one id, since rows name each other by id.
    """
    _check_ids(model)
    source = tuple(f.name for f in SOURCE_FIELDS)
    return [
        _sheet(
            "elements",
            ("id", "label", "level", "group", "description", "tags", *source),
            _element_rows(model),
        ),
        _sheet(
            "links",
            ("from", "to", "relation", *(f.name for f in LINK_FIELDS), "assumptions"),
            _link_rows(model),
        ),
        _sheet("kpis", ("id", *(f.name for f in KPI_FIELDS)), _kpi_rows(model)),
        _values_sheet(model),
        _sheet("tags", ("id", "tag", "basis", "note"), _tag_rows(model)),
        _sheet(
            "statements",
            ("id", "kind", "label", "description", "tags", *source),
            _statement_rows(model),
        ),
        _sheet("groups", ("id", "label", "parent", "description", *source), _group_rows(model)),
        _sheet("frameworks", ("framework", "entry", "field", "value"), _framework_rows(model)),
        _sheet("model", ("field", "value"), _model_rows(model)),
    ]


def _check_ids(model: TheoryOfChange) -> None:
    from toc.io import FormatError

    seen: dict[str, str] = {}
    named: list[tuple[str, str]] = [(e.id, e.kind) for _, e in model.elements()]
    named += [(s.id, f"{s.kind} statement") for s in model.statements]
    for element_id, kind in named:
        if element_id in seen:
            raise FormatError(
                f"the id `{element_id}` names both {_a(seen[element_id])} and {_a(kind)}; node "
                "lists name rows by id, so ids must be unique: fix the model first (toc validate "
                "shows where)"
            )
        seen[element_id] = kind


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


_Row = dict[str, str]
_KEY_COLUMNS = {
    "elements": 3, "links": 3, "kpis": 1, "values": 2, "tags": 2, "statements": 3,
    "groups": 2, "frameworks": 4, "model": 2,
}  # fmt: skip
"""How many of a sheet's first columns are written even when empty; the rest only when used."""


def _sheet(title: str, columns: tuple[str, ...], rows: list[_Row]) -> SheetData:
    """A sheet with its columns in the order given, leaving out unused ones.

    The key columns (a sheet's first few, such as `id`, `label`, `level`) are always written.
    """
    used = {key for row in rows for key in row}
    keys = _KEY_COLUMNS.get(title, 1)
    headings = [name for index, name in enumerate(columns) if index < keys or name in used]
    return SheetData(
        title, tuple(headings), tuple(tuple(row.get(h, "") for h in headings) for row in rows)
    )


def _flat(record: Any, fields: tuple[Field, ...], skip: tuple[str, ...] = ()) -> _Row:
    return {
        spec.name: to_text(value, spec.type)
        for spec, value in flatten(record, fields)
        if spec.name not in skip
    }


def _element_rows(model: TheoryOfChange) -> list[_Row]:
    rows = []
    for _, element in model.elements():
        row = {
            "id": element.id,
            "label": element.label,
            "level": level_name(element.kind, getattr(element, "term", None)),
        }
        if element.group is not None:
            row["group"] = element.group
        row |= _flat(element, ELEMENT_FIELDS, ("id", "label", "term"))
        if element.tags:
            row["tags"] = "; ".join(tag.ref for tag in element.tags)
        rows.append(row)
    return rows


def _link_rows(model: TheoryOfChange) -> list[_Row]:
    rows = []
    for _, element in model.elements():
        if isinstance(element, ContextFactor):
            rows += [
                {"from": element.id, "to": target, "relation": relation_name("applies_to")}
                for target in element.applies_to
            ]
            continue
        assert isinstance(element, ChainElement)
        for relation, _, link in element.links():
            start, end = (link.to, element.id) if relation == "uses" else (element.id, link.to)
            row = {"from": start, "to": end, "relation": relation_name(relation, link)}
            row |= _flat(link, LINK_FIELDS)
            if link.assumptions:
                row["assumptions"] = "; ".join(link.assumptions)
            rows.append(row)
    return rows


def _kpi_rows(model: TheoryOfChange) -> list[_Row]:
    rows = [{"id": kpi.id} | _flat(kpi, KPI_FIELDS) for kpi in model.kpis]
    return [row for row in rows if len(row) > 1]


def _values_sheet(model: TheoryOfChange) -> SheetData:
    """Every baseline, target and actual, one a row, with a column for each dimension used."""
    rows: list[_Row] = []
    dimensions: set[str] = set()
    types = {f.name: f.type for f in VALUE_FIELDS}
    for kpi in model.kpis:
        for role, fields in value_rows(kpi):
            row = {"kpi": kpi.id, "role": role}
            for name, value in fields.items():
                row[name] = to_text(value, types.get(name, "text"))
                if name not in types:
                    dimensions.add(name)
            rows.append(row)
    columns = ("kpi", "role", *(f.name for f in VALUE_FIELDS), *sorted(dimensions))
    return _sheet("values", columns, rows)


def _tag_rows(model: TheoryOfChange) -> list[_Row]:
    owners: list[Any] = [e for _, e in model.elements()] + list(model.statements)
    rows = []
    for owner in owners:
        for tag in owner.tags:
            if tag.basis is None and tag.note is None:
                continue
            row = {"id": owner.id, "tag": tag.ref}
            if tag.basis is not None:
                row["basis"] = tag.basis
            if tag.note is not None:
                row["note"] = tag.note
            rows.append(row)
    return rows


def _statement_rows(model: TheoryOfChange) -> list[_Row]:
    rows = []
    for statement in model.statements:
        row = {"id": statement.id, "kind": statement.kind, "label": statement.label}
        row |= _flat(statement, STATEMENT_FIELDS, ("id", "kind", "label"))
        if statement.tags:
            row["tags"] = "; ".join(tag.ref for tag in statement.tags)
        rows.append(row)
    return rows


def _group_rows(model: TheoryOfChange) -> list[_Row]:
    """A row per group, parents before the groups inside them, as `walk_groups` gives them."""
    from toc.groups import walk_groups

    rows = []
    for _, path in walk_groups(model.groups):
        group = path[-1]
        row = {"id": group.id, "label": group.label}
        if len(path) > 1:
            row["parent"] = path[-2].id
        rows.append(row | _flat(group, GROUP_FIELDS, ("id", "label")))
    return rows


def _framework_rows(model: TheoryOfChange) -> list[_Row]:
    rows: list[_Row] = []
    for framework in model.frameworks:

        def fact(entry: str, field: str, value: str, fw: str = framework.id) -> None:
            rows.append({"framework": fw, "entry": entry, "field": field, "value": value})

        fact("", "title", framework.title)
        for name, value in _flat(framework, MODEL_FIELDS, ("id", "title")).items():
            fact("", name, value)
        for note in framework.notes:
            fact("", "note", note)
        _entry_rows(framework.entries, "", fact)
    return rows


def _entry_rows(
    entries: Sequence[FrameworkEntry], parent: str, fact: Callable[[str, str, str], None]
) -> None:
    for entry in entries:
        path = f"{parent}/{entry.id}" if parent else entry.id
        fact(path, "label", entry.label)
        for name, value in _flat(entry, MODEL_FIELDS, ("id", "title")).items():
            fact(path, name, value)
        for note in entry.notes:
            fact(path, "note", note)
        for key, property_value in entry.properties.items():
            fact(path, f"property {key}", to_text(property_value, "any"))
        _entry_rows(entry.entries, path, fact)


def _model_rows(model: TheoryOfChange) -> list[_Row]:
    rows = [{"field": name, "value": value} for name, value in _flat(model, MODEL_FIELDS).items()]
    for level in model.outcome_levels:
        value = level.id if level.label is None else f"{level.id}{_LEVEL_LABEL}{level.label}"
        rows.append({"field": OUTCOME_LEVEL_FIELD, "value": value})
    return rows


OUTCOME_LEVEL_FIELD = "outcome level"
"""A model-sheet row per declared outcome level, in order: `final`, or `final | Final outcome`."""
_LEVEL_LABEL = " | "


def _outcome_level(value: Value) -> Value:
    """`id | label` (ids are slugs, so the first ` | ` ends the id), or the id alone."""
    text = str(value.value)
    level_id, bar, label = text.partition(_LEVEL_LABEL)
    return Value({"id": level_id.strip(), "label": label} if bar else level_id.strip(), value.mark)


def _findings_sheet(model: TheoryOfChange) -> SheetData:
    rows = tuple((f.location, f.code, f.severity.value, f.message) for f in model.validate())
    return SheetData("findings", ("location", "code", "severity", "message"), rows)


_NOT_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]")
"""What an XLSX cell cannot hold: control characters (XML 1.0 forbids them) and carriage
returns (XML reads them back as line feeds)."""


def write_nodes_xlsx(
    model: TheoryOfChange, target: Path, _: WriteOptions
) -> list[tuple[Path, bytes]]:
    """One workbook: a sheet for each part of the model, and the findings."""
    from toc.findings import column_letters
    from toc.io import FormatError

    sheets = node_sheets(model)
    for sheet in sheets:
        for row_number, row in enumerate((sheet.headings, *sheet.rows), start=1):
            for col_number, text in enumerate(row, start=1):
                bad = _NOT_IN_XLSX.search(text)
                if bad is not None:
                    where = f"{sheet.title}!{column_letters(col_number)}{row_number}"
                    raise FormatError(
                        f"{where} would hold the character U+{ord(bad.group()):04X}, which an "
                        "XLSX cell cannot hold; remove it from the model, or write CSV"
                    )
    used = [s for s in sheets if s.rows or s.title in ("elements", "links", "model")]
    check_carried(model, _read_back(str(target), used), f"the workbook {target.name}")
    return [(target, xlsx_bytes([*used, _findings_sheet(model)]))]


def write_nodes_csv(
    model: TheoryOfChange, target: Path, _: WriteOptions
) -> list[tuple[Path, bytes]]:
    """`board.csv` (the elements) and `board-links.csv`, `board-kpis.csv`, ... beside it.

    Every file is written, with its header alone when it has no rows, so that no file left by
    an earlier export is read back with this one.
    """
    files = []
    sheets = node_sheets(model)
    for sheet in sheets:
        path = target if sheet.title == "elements" else _sibling(target, sheet.title)
        files.append((path, _csv_bytes(sheet)))
    texts = {
        sheet.title: data.decode("utf-8-sig")
        for sheet, (_, data) in zip(sheets, files, strict=True)
    }
    check_carried(model, _read_back(str(target), sheets, texts), f"the CSV files {target.name}")
    return files


def _read_back(
    name: str, sheets: list[SheetData], texts: dict[str, str] | None = None
) -> LoadResult:
    """What reading the written sheets back would give: from their CSV text, or their cells."""
    from toc.io import FormatError
    from toc.load import read_data

    tables: dict[str, _Table] = {}
    for sheet in sheets:
        if texts is not None:
            try:
                rows, _ = csv_rows(texts[sheet.title], name=name)
            except Refused as refused:  # pragma: no cover - the csv module wrote it
                raise FormatError(refused.finding.message) from None
            tables[sheet.title] = _Table(rows, file=name)
            continue
        cells = [
            [Cell(row, col, text) for col, text in enumerate(values, start=1) if text]
            for row, values in enumerate((sheet.headings, *sheet.rows), start=1)
        ]
        tables[sheet.title] = _Table([row for row in cells if row], sheet=sheet.title)
    reader = _Reader(name, Levels(), csv=texts is not None)
    tree = reader.read(tables, "")
    return read_data(tree, name=name, findings=reader.assembly.findings)


def _sibling(target: Path, sheet: str) -> Path:
    return target.with_name(f"{target.stem}-{sheet}{target.suffix}")


def _csv_bytes(sheet: SheetData) -> bytes:
    """A table as CSV: UTF-8 with a byte-order mark (Excel needs it).

    Text that could run as a formula is made safe with a leading `'`, which the reader removes.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(sheet.headings)
    writer.writerows([csv_safe(text) for text in row] for row in sheet.rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
