"""The logic-model table, in and out of XLSX and CSV: one column per kind, items in its cells.

This is the table strategy documents print (Bradford's among them): Inputs | Activities | Outputs |
KPIs | Outcomes (by term) | Impacts, one or several items per cell. Reading it:

- The header row is the first of the first 20 rows with two or more logic-model headings; a
  sheet's rows above it give the title (the first text) and description (the rest). Headings match
  leniently (`toc.io._spreadsheet.HeaderMatcher`): a near miss is read with a TOC018 warning, an
  unknown heading is TOC013 and its column is not imported. Plain "Outcomes" reads as short-term
  (TOC018) unless an item says its term (`Medium term: ...`, as this module writes them).
- A cell's items are its lines; when some lines start with a bullet (`•`, `-`, `*`, `1.`, `1)`),
  the lines that do not continue the item above, and otherwise a line starting with a lowercase
  letter continues the line above (see `_items`). Bullets and spacing are cleaned from the label,
  and the cell's text as written is kept in `source.text` when anything was cleaned.
- Items of one kind with the same label are one element. Ids are slugs of the labels.
- Links: a table states none. Two are inferred, marked `basis: inferred`, from rows only (see
  `_link_rows`); nothing is inferred about inputs, outcomes or impacts, which `validate` reports.

Writing lays a model out with `toc.render.table.logic_model_table`, the shape of `toc table`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from toc.io import FormatError, ReadOptions, WriteOptions
from toc.io._spreadsheet import (
    Cell,
    HeaderMatcher,
    Merge,
    Refused,
    SheetData,
    Workbook,
    csv_rows,
    csv_safe,
    csv_unsafe,
    finding,
    header_key,
    open_xlsx,
    read_csv,
    unreadable_cell,
    xlsx_bytes,
)
from toc.io.levels import declared_outcome_levels
from toc.io.tree import append, cell, mapping, put, sequence
from toc.rules.importing import GUESSED_COLUMN, MISSING_COLUMN, UNKNOWN_COLUMN
from toc.yamlsafe import Mark, YamlSeq

if TYPE_CHECKING:
    from toc.findings import Finding
    from toc.load import LoadResult
    from toc.model import TheoryOfChange

__all__ = ["COLUMN_NAMES", "read_table", "sniff_table", "table_bytes"]

SHEET = "Logic model"
"""The sheet this module writes, and the one it prefers when reading."""
HEADER_SEARCH_ROWS = 20

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "input": ("Inputs", "Input", "Programme inputs", "Program inputs", "Resources"),
    "activity": ("Activities", "Activity", "Programme activities", "Program activities"),
    "output": ("Outputs", "Output", "Deliverables"),
    "kpi": (
        "KPIs", "KPI", "Indicators", "Indicator", "Measures", "Key performance indicators",
        "Performance indicators", "Metrics", "Measures of success",
    ),
    "outcome:short": (
        "Short-term outcomes", "Short term outcomes", "Outcomes (short)", "Outcomes (short term)",
        "Short outcomes", "Immediate outcomes", "Initial outcomes",
    ),
    "outcome:medium": (
        "Medium-term outcomes", "Medium term outcomes", "Outcomes (medium)",
        "Outcomes (medium term)", "Medium outcomes", "Intermediate outcomes", "Mid-term outcomes",
    ),
    "outcome:long": (
        "Long-term outcomes", "Long term outcomes", "Outcomes (long)", "Outcomes (long term)",
        "Long outcomes", "Ultimate outcomes",
    ),
    "outcome": ("Outcomes", "Outcome"),
    "impact": ("Impacts", "Impact", "Long-term impacts", "Long term impact"),
    "assumption": ("Assumptions", "Assumption"),
    "barrier": ("Barriers", "Barrier"),
    "enabler": ("Enablers", "Enabler", "Facilitators", "Facilitator"),
    "risk": ("Risks", "Risk"),
}  # fmt: skip
"""Each column's meaning and the headings that name it (matched ignoring case and punctuation)."""

_LISTS = {
    "input": "inputs",
    "activity": "activities",
    "output": "outputs",
    "kpi": "kpis",
    "outcome": "outcomes",
    "impact": "impacts",
    "assumption": "assumptions",
    "barrier": "barriers",
    "enabler": "enablers",
    "risk": "risks",
}
_MATCHER = HeaderMatcher(COLUMN_NAMES)
_BULLET = re.compile(r"^\s*(?:[•◦‣▪▫●○■□·∙\-\u2013\u2014*]|\(?[0-9]{1,2}[.)])\s+")
_INLINE_BULLET = re.compile(r"\s+•\s+")
_WORD = re.compile(r"[a-z0-9]+")
_WORD_BYTES = bytes(
    byte + 32 if 65 <= byte <= 90 else byte if 48 <= byte <= 57 or 97 <= byte <= 122 else 32
    for byte in range(256)
)
"""`_WORD`'s words as a byte table: A-Z lowered, a-z and 0-9 kept, any other byte a space."""


def _term_prefix(options: ReadOptions) -> re.Pattern[str]:
    """`Medium term: ...`, or a level name `--levels` maps to an outcome: `Final outcome: ...`.

    The group `term` holds a default term's word; `level` the level name, when one of those.
    """
    names = sorted(
        (name.strip() for name, kind in options.levels.items() if kind.startswith("outcome:")),
        key=len,
        reverse=True,  # the longest first: `Outcome 10` before `Outcome 1`
    )
    levels = "|".join(re.escape(name) for name in names if name)
    named = f"|(?P<level>{levels})" if levels else ""
    return re.compile(rf"^(?:(?P<term>short|medium|long)[- ]term{named}):\s*", re.IGNORECASE)


def _level_of(prefix: re.Match[str], options: ReadOptions) -> str:
    """The term a matched prefix names."""
    if prefix.group("term"):
        return prefix.group("term").lower()
    said = prefix.group("level").casefold()
    kind = next(k for n, k in options.levels.items() if n.strip().casefold() == said)
    return kind.partition(":")[2].strip().lower()


# --- reading ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Column:
    col: int
    kind: str  # "input", "outcome:short", ...
    header: Cell


@dataclass(slots=True)
class _Item:
    label: str
    raw: str


class _Element(NamedTuple):
    """An element read from a cell, with its mapping: a plain dict at the cell (links later)."""

    kind: str
    id: str
    mark: Mark
    node: dict[str, Any]


@dataclass
class _Sheet:
    """What a reader needs of a sheet or CSV file: its rows, merges, and how to name a place."""

    file: str
    document: str
    sheet: str | None
    rows: list[list[Cell]]
    merges: list[Merge]
    findings: list[Finding]

    def mark(self, row: int, col: int) -> Mark:
        return cell(row, col, self.sheet)

    def at(self, item: Cell) -> str:
        """Where a cell is, as `source.section` says it: `Logic model!C7` or `row 7, column 3`."""
        if self.sheet is not None:
            return f"{self.sheet}!{_letters(item.col)}{item.row}"
        return f"row {item.row}, column {item.col}"


@lru_cache(maxsize=1024)
def _letters(col: int) -> str:
    """`C` for column 3: asked once per cell, of a few columns."""
    from toc.findings import column_letters

    return column_letters(col)


def read_table(path: Path, options: ReadOptions) -> LoadResult:
    """Read a logic-model table from XLSX or CSV (by extension; CSV when not `.xlsx`)."""
    from toc._gc import paused_gc
    from toc.load import LoadResult

    name = str(path)
    with paused_gc():  # every cell becomes objects; collections would walk them all, repeatedly
        try:
            sheet = (
                _xlsx_sheet(path, name, options)
                if path.suffix.lower() == ".xlsx"
                else _csv_sheet(path, name, options)
            )
        except Refused as refused:
            return LoadResult(name, None, [refused.finding])
        return _read_sheet(sheet, options)


def read_table_workbook(book: Workbook, path: Path, options: ReadOptions) -> LoadResult:
    """`read_table` of a workbook already open (`toc.io.read_file` opens it once to tell)."""
    from toc._gc import paused_gc
    from toc.load import LoadResult

    with paused_gc():
        try:
            sheet = _book_sheet(book, path, str(path), options)
        except Refused as refused:
            return LoadResult(str(path), None, [refused.finding])
        return _read_sheet(sheet, options)


def _xlsx_sheet(path: Path, name: str, options: ReadOptions) -> _Sheet:
    with open_xlsx(path, name=name, max_bytes=options.max_bytes) as book:
        return _book_sheet(book, path, name, options)


def _book_sheet(book: Workbook, path: Path, name: str, options: ReadOptions) -> _Sheet:
    """The sheet whose header row names logic-model columns (one named `Logic model` first)."""
    matcher = _matcher(options)
    names = book.sheet_names
    ordered = sorted(names, key=lambda n: header_key(n) != header_key(SHEET))
    for sheet in ordered:
        stream = book.rows(sheet)  # read once: the head first, the rest if it is the table
        rows: list[list[Cell]] = []
        for cells in stream:
            rows.append(cells)
            if cells[0].row >= HEADER_SEARCH_ROWS:
                break
        head = [cells for cells in rows if cells[0].row <= HEADER_SEARCH_ROWS]
        if _header_row(head, matcher) is not None:
            rows.extend(stream)
            return _Sheet(name, path.name, sheet, rows, book.merges(sheet), [])
        stream.close()
    raise Refused(_no_header(name, f"sheets {', '.join(names)}" if len(names) > 1 else "sheet"))


def _csv_sheet(path: Path, name: str, options: ReadOptions) -> _Sheet:
    rows, findings = read_csv(path, name=name, max_bytes=options.max_bytes)
    rows = [[_unquoted(c) for c in row] for row in rows]
    if _header_row(rows[:HEADER_SEARCH_ROWS], _matcher(options)) is None:
        raise Refused(_no_header(name, "file"))
    return _Sheet(name, path.name, None, rows, [], findings)


def _unquoted(item: Cell) -> Cell:
    """A CSV field with the `'` this format's writer puts before `=`, `+`, `-`, `@` removed."""
    text = csv_unsafe(item.text)
    return item if text == item.text else Cell(item.row, item.col, text, item.kind)


def _no_header(name: str, where: str) -> Finding:
    wanted = ", ".join(names[0] for names in COLUMN_NAMES.values())
    return finding(
        name,
        MISSING_COLUMN,
        f"no header row in the first {HEADER_SEARCH_ROWS} rows of the {where} names two "
        f"logic-model columns; headings such as: {wanted}",
    )


def _matcher(options: ReadOptions) -> HeaderMatcher:
    if not options.levels:
        return _MATCHER
    names = {key: list(value) for key, value in COLUMN_NAMES.items()}
    for heading, kind in options.levels.items():
        names.setdefault(_kind_key(kind), []).append(heading)
    return HeaderMatcher(names)


def _kind_key(kind: str) -> str:
    """`--levels` kinds as this module names column meanings (`outcome:short`, `activity`)."""
    return kind.strip().lower()


def _header_row(rows: list[list[Cell]], matcher: HeaderMatcher) -> int | None:
    """The index in `rows` of the header row: the first naming two logic-model columns."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = sum(1 for c in row if c.kind == "text" and matcher.match(c.text) is not None)
        if known >= 2:
            return index
    return None


def _read_sheet(sheet: _Sheet, options: ReadOptions) -> LoadResult:
    from toc.load import read_data

    matcher = _matcher(options)
    index = _header_row(sheet.rows, matcher)
    assert index is not None  # both sources checked it
    header = sheet.rows[index]
    body = sheet.rows[index + 1 :]
    columns = _columns(sheet, header, body, matcher)
    title_cells = [c for row in sheet.rows[:index] for c in row]
    prefix = _term_prefix(options)
    terms = _outcome_terms(sheet, columns, body, prefix)
    elements = _elements(sheet, columns, body, terms, options)
    _link_rows(sheet, columns, elements)
    root = _tree(sheet, header[0], title_cells, elements, options)
    return read_data(root, name=sheet.file, findings=sheet.findings)


def _columns(
    sheet: _Sheet, header: list[Cell], body: list[list[Cell]], matcher: HeaderMatcher
) -> dict[int, _Column]:
    """Each column's meaning, with findings for guessed and unknown headings."""
    columns: dict[int, _Column] = {}
    for item in header:
        match = matcher.match(item.text) if item.kind == "text" else None
        if match is None:
            count = sum(1 for row in body for c in row if c.col == item.col)
            sheet.findings.append(
                finding(
                    sheet.file,
                    UNKNOWN_COLUMN,
                    f"the column `{item.text[:60]}` is not a logic-model column, so its "
                    f"{count} value(s) are not imported; headings: "
                    + ", ".join(names[0] for names in COLUMN_NAMES.values()),
                    item.row,
                    item.col,
                    sheet=sheet.sheet,
                )
            )
            continue
        if not match.exact:
            sheet.findings.append(
                finding(
                    sheet.file,
                    GUESSED_COLUMN,
                    f"the heading `{item.text[:60]}` is read as "
                    f"{COLUMN_NAMES.get(match.key, (match.key,))[0]} (a near miss); correct "
                    "the heading",
                    item.row,
                    item.col,
                    sheet=sheet.sheet,
                )
            )
        columns[item.col] = _Column(item.col, match.key, item)
    headed = {item.col for item in header}
    strays: dict[int, int] = {}
    for row in body:
        for c in row:
            if c.col not in headed:
                strays[c.col] = strays.get(c.col, 0) + 1
    for col, count in sorted(strays.items()):
        sheet.findings.append(
            finding(
                sheet.file,
                UNKNOWN_COLUMN,
                f"this column has no heading, so its {count} value(s) are not imported; "
                "give it a logic-model heading or move the values",
                header[0].row,
                col,
                sheet=sheet.sheet,
            )
        )
    return columns


def _outcome_terms(
    sheet: _Sheet, columns: dict[int, _Column], body: list[list[Cell]], prefix: re.Pattern[str]
) -> dict[int, str]:
    """The term of each outcome column; plain "Outcomes" is short-term, with a warning."""
    terms: dict[int, str] = {}
    for column in columns.values():
        kind, _, term = column.kind.partition(":")
        if kind != "outcome":
            continue
        if term:
            terms[column.col] = term
            continue
        terms[column.col] = "short"
        items = [i for row in body for c in row if c.col == column.col for i in _items(c.text)]
        if all(prefix.match(i.label) for i in items):
            continue  # every item names its term
        sheet.findings.append(
            finding(
                sheet.file,
                GUESSED_COLUMN,
                f"`{column.header.text[:60]}` does not say a term, so its outcomes are read as "
                "short-term; name the column Short-term, Medium-term or Long-term outcomes, or "
                "start an item with `Medium term:`",
                column.header.row,
                column.col,
                sheet=sheet.sheet,
            )
        )
    return terms


_BULLET_START = frozenset("•◦‣▪▫●○■□·∙-\u2013\u2014*(0123456789")
"""The characters `_BULLET` can match first, in text that does not start with a space."""


def _one_clean_item(text: str) -> bool:
    """Whether a cell is one item whose label is the text as it is (`_items` would say so).

    One printable line (no line break), no bullet anywhere, nothing `clean` would change.
    """
    return (
        text != ""
        and text.isprintable()
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
        and "•" not in text
        and (text[0] not in _BULLET_START or not _BULLET.match(text))
    )


def _items(text: str) -> list[_Item]:
    """The items of a cell: one per line, or per bullet when lines start with bullets.

    A line that does not start a new item continues the one above (a sentence wrapped by hand):
    in a bulleted cell, a line with no bullet; otherwise a line starting with a lowercase letter.
    """
    if "\n" not in text and "\r" not in text and "•" not in text and not _BULLET.match(text):
        label = _clean(text)  # one item, as most cells hold
        return [_Item(label, text)] if label else []
    lines = [
        piece
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for piece in _split_inline(line)
        if piece.strip()
    ]
    bulleted = any(_BULLET.match(line) for line in lines)
    groups: list[list[str]] = []
    for line in lines:
        if groups and (not _BULLET.match(line) if bulleted else line.lstrip()[:1].islower()):
            groups[-1].append(line)  # a wrapped line continues the item above
        else:
            groups.append([line])
    items = []
    for group in groups:
        raw = "\n".join(group)
        label = _clean(_BULLET.sub("", group[0], count=1) + " " + " ".join(group[1:]))
        if label:
            items.append(_Item(label, raw))
    return items


def _split_inline(line: str) -> list[str]:
    """`• a • b` on one line (as text copied from a PDF often is) is two bullets."""
    parts = _INLINE_BULLET.split(line)
    return [parts[0], *("• " + part for part in parts[1:])]


def _clean(text: str) -> str:
    from toc.render.text import clean

    return clean(text)


def _elements(
    sheet: _Sheet,
    columns: dict[int, _Column],
    body: list[list[Cell]],
    terms: dict[int, str],
    options: ReadOptions,
) -> dict[tuple[int, int], list[_Element]]:
    """Every element, by the cell it is in; the order of each kind is column, then row."""
    prefix = _term_prefix(options)
    new_tuple = tuple.__new__
    by_cell: dict[tuple[int, int], list[_Element]] = {}
    by_label: dict[tuple[str, str], _Element] = {}
    ids: set[str] = set()
    cells: dict[int, list[Cell]] = {}
    for row in body:
        for item in row:
            cells.setdefault(item.col, []).append(item)
    for column in sorted(columns.values(), key=lambda c: c.col):
        kind = column.kind.partition(":")[0]
        outcome = column.kind == "outcome"
        column_term = terms.get(column.col)
        at = f"{sheet.sheet}!{_letters(column.col)}" if sheet.sheet is not None else None
        for item in cells.get(column.col, ()):
            if item.kind not in ("text", "number"):
                sheet.findings.append(unreadable_cell(sheet.file, item, "text", sheet.sheet))
                continue
            placed = by_cell[(item.row, item.col)] = []
            mark: Mark | None = None  # one per cell, made when it holds an element
            text = item.text
            parts = (
                ((text, text),)
                if _one_clean_item(text)
                else [(part.label, part.raw) for part in _items(text)]
            )
            for written, raw in parts:
                label, term = written, column_term
                prefixed = prefix.match(label) if outcome else None
                if prefixed:
                    label, term = label[prefixed.end() :], _level_of(prefixed, options)
                if not label:
                    continue
                key = (kind, label)
                if key in by_label:
                    placed.append(by_label[key])
                    continue
                slug = _new_id(label, kind, ids)
                if mark is None:  # as `sheet.mark` makes it, without the named tuple's __new__
                    mark = new_tuple(Mark, (item.row, item.col, 0, 0, sheet.sheet, None))
                source: dict[str, Any] = {  # the model's source names the file
                    "section": f"{at}{item.row}" if at is not None else sheet.at(item)
                }
                if raw != label and raw.strip():
                    source["text"] = raw
                # A plain dict: all of it is at the cell, which is the mark its list item has
                # (`SourceMap.mark` gives a plain container its container's mark), and pydantic
                # validates an exact dict faster than a subclass (0.8 us an element).
                node: dict[str, Any] = (
                    {"id": slug, "label": label, "source": source}
                    if term is None
                    else {"id": slug, "label": label, "term": term, "source": source}
                )
                element = new_tuple(_Element, (kind, slug, mark, node))
                by_label[key] = element
                placed.append(element)
    return by_cell


def _new_id(label: str, kind: str, taken: set[str]) -> str:
    """An element's id, as `_slug` makes it (else its kind), not yet in `taken`; now taken.

    An ASCII label's words are split by `bytes.translate` (letters lowered, everything that is
    not a letter or digit a space) and `split`, all in C: twice as fast as the pattern.
    """
    if label.isascii():
        words = label.encode().translate(_WORD_BYTES).decode().split(None, 5)[:5]
    else:
        words = _WORD.findall(_ascii_lower(label))
    slug = "-".join(words[:5])
    if len(slug) > 40:
        slug = _fitted_slug(words)
    slug = slug or kind
    if slug in taken:
        return _unique(slug, taken)
    taken.add(slug)
    return slug


def _slug(label: str) -> str:
    """An id from a label: its first five ASCII words joined by `-`, at most 40 characters."""
    words = _WORD.findall(_ascii_lower(label))
    slug = "-".join(words[:5])
    return slug if len(slug) <= 40 else _fitted_slug(words)  # most labels: five words fit


def _ascii_lower(label: str) -> str:
    """The label's ASCII letters in lower case, accents dropped (`Café` → `cafe`)."""
    if label.isascii():  # NFKD leaves ASCII as it is
        return label.lower()
    return unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()


def _fitted_slug(words: list[str]) -> str:
    """As many of the first five words as fit in 40 characters (a longer first word, cut)."""
    slug = ""
    for word in words[:5]:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > 40:
            break
        slug = candidate
    return slug or (words[0][:40] if words else "")


def _unique(base: str, taken: set[str]) -> str:
    found, number = base, 1
    while found in taken:
        number += 1
        found = f"{base}-{number}"
    taken.add(found)
    return found


def _link_rows(
    sheet: _Sheet, columns: dict[int, _Column], by_cell: dict[tuple[int, int], list[_Element]]
) -> None:
    """Infer the links a row states, and only those (the documented rule).

    The cell of a kind "covering" a row is the cell in that row, or a merged cell spanning it.
    1. An output is produced by the activity covering its row, when that cell holds one activity.
    2. A KPI measures the output covering its row when that cell holds one output; else the
       activity covering its row when that cell holds one activity; else nothing is inferred.
    """
    first = {}
    for column in sorted(columns.values(), key=lambda c: -c.col):
        first[column.kind] = column.col  # the leftmost column of each kind wins
    merged = {  # the merges that can cover a cell of each column that links are inferred from
        col: [m for m in sheet.merges if m.min_col <= col <= m.max_col] for col in first.values()
    }
    get = by_cell.get
    none: list[_Element] = []

    def covering(kind: str, row: int) -> list[_Element]:
        col = first.get(kind)
        if col is None:
            return none
        found = get((row, col))
        if found is not None:
            return found
        for merge in merged[col]:
            if merge.min_row <= row <= merge.max_row:
                top = get((merge.min_row, merge.min_col))
                if top is not None:
                    return top
        return none

    kinds = {col: column.kind for col, column in columns.items()}
    for (row, col), placed in by_cell.items():
        kind = kinds[col]
        if kind == "output":
            activities = covering("activity", row)
            if len(activities) == 1:
                for output in placed:
                    _link(activities[0], "produces", output)
        elif kind == "kpi":
            outputs = covering("output", row)
            owner = outputs if len(outputs) == 1 else covering("activity", row)
            if len(owner) == 1:
                for kpi in placed:
                    _link(owner[0], "measured_by", kpi)


def _link(source: _Element, relation: str, target: _Element) -> None:
    node = source.node
    links = node.get(relation)
    if links is None:
        links = node[relation] = YamlSeq(source.mark)  # each link at its target's cell
    for link in links:
        if link["to"] == target.id:
            return
    links.append({"to": target.id, "basis": "inferred"})
    links.item_marks.append(target.mark)


def _tree(
    sheet: _Sheet,
    corner: Cell,
    title_cells: list[Cell],
    by_cell: dict[tuple[int, int], list[_Element]],
    options: ReadOptions,
) -> Any:
    """The positioned tree of the model, each value at the cell it came from."""
    texts = [c for c in title_cells if c.kind not in ("error", "formula") and c.text.strip()]
    for c in title_cells:
        if c.kind in ("error", "formula"):
            sheet.findings.append(unreadable_cell(sheet.file, c, "a title", sheet.sheet))
    top = sheet.mark(1, 1)
    root = mapping(top)
    put(root, "toc", 1, top)
    if texts:
        title, title_mark = _clean(texts[0].text), sheet.mark(texts[0].row, texts[0].col)
    else:
        title, title_mark = Path(sheet.document).stem, sheet.mark(corner.row, corner.col)
    put(root, "id", _slug(title) or "logic-model", title_mark)
    put(root, "title", title or "Logic model", title_mark)
    if len(texts) > 1:
        put(root, "description", "\n".join(t.text.strip() for t in texts[1:]), title_mark)
    put(root, "source", {"document": sheet.document}, top)
    declared = declared_outcome_levels(options.levels)
    if declared:  # the model's own levels, in the order `--levels` names them
        levels = sequence(top)
        for level_id, label in declared:
            append(levels, {"id": level_id, "label": label}, top)
        put(root, "outcome_levels", levels, top)
    seen: set[str] = set()
    lists: dict[str, YamlSeq] = {}
    for placed in by_cell.values():
        for element in placed:
            if element.id in seen:
                continue
            seen.add(element.id)
            name = _LISTS[element.kind]
            items = lists.get(name)
            if items is None:
                items = lists[name] = sequence(element.mark)
            items.append(element.node)  # as `append` does, without a call per element
            items.item_marks.append(element.mark)
    for name in _LISTS.values():
        if name in lists:
            put(root, name, lists[name], lists[name].mark)
    return root


# --- sniffing ---------------------------------------------------------------------------------


def sniff_table(path: Path) -> bool:
    """Whether a `.xlsx` or `.csv` file has a header row of logic-model headings."""
    try:
        if path.suffix.lower() == ".xlsx":
            with open_xlsx(path, name=str(path), max_bytes=ReadOptions().max_bytes) as book:
                return is_table_workbook(book)
        with path.open("rb") as stream:
            head = stream.read(64 * 1024).decode("utf-8-sig", "replace")
        rows, _ = csv_rows(head, name=str(path), limit=HEADER_SEARCH_ROWS)
    except (Refused, OSError):
        return False
    return _header_row(rows, _MATCHER) is not None


def is_table_workbook(book: Workbook) -> bool:
    """Whether a sheet of an open workbook has a header row of logic-model headings.

    Raises `Refused` for a damaged sheet.
    """
    return any(
        _header_row(list(book.rows(s, limit=HEADER_SEARCH_ROWS)), _MATCHER) is not None
        for s in book.sheet_names
    )


# --- writing ----------------------------------------------------------------------------------


def table_bytes(model: TheoryOfChange, *, xlsx: bool, title: str | None = None) -> bytes:
    """The model as the logic-model table: XLSX (a title row, then the table) or CSV."""
    from toc.render.table import _item_text, logic_model_table

    table = logic_model_table(model)
    rows = []
    for row in table.rows:
        cells = []
        for items in row:
            texts = [_item_text(table, e) for e in items]
            for element, text in zip(items, texts, strict=True):
                if not text:
                    raise FormatError(
                        f"the label of `{element.id}` has nothing a table cell can show"
                    )
            cells.append("\n".join(f"• {t}" for t in texts) if len(texts) > 1 else "".join(texts))
        rows.append(tuple(cells))
    if xlsx:
        heading = _clean(title or model.title)
        return xlsx_bytes([SheetData(SHEET, table.headings, tuple(rows), heading=heading)])
    return _csv_text(table.headings, rows).encode("utf-8-sig")


def _csv_text(headings: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(list(headings))
    for row in rows:
        writer.writerow([csv_safe(text) for text in row])
    return buffer.getvalue()


def write_table(
    model: TheoryOfChange, target: Path, options: WriteOptions
) -> list[tuple[Path, bytes]]:
    """The registry's writer: XLSX for a `.xlsx` target, CSV otherwise (standard output too)."""
    xlsx = target.suffix.lower() == ".xlsx"
    return [(target, table_bytes(model, xlsx=xlsx, title=options.title))]
