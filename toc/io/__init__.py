"""Theories of change in and out of the tools evaluators already use.

One module per format, each behind an entry in the explicit registry `FORMATS`. The format of a
file comes from its extension; where formats share one (a logic-model table and a node list are
both `.xlsx` or `.csv`), each format's `sniff` looks at the file to claim it. Every reader returns
a `toc.load.LoadResult`, built by `toc.load.read_data` from a positioned tree, so findings about an
imported file point at its cells (`plan.xlsx:Logic model!C7`) or lines (`results.xml:120:9`).

`read_file` reads any supported file, `write_file` writes one, and `convert` does both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toc.load import LoadResult
    from toc.model import TheoryOfChange

__all__ = [
    "FORMATS",
    "Format",
    "FormatError",
    "ReadOptions",
    "WriteOptions",
    "convert",
    "format_for",
    "parse_levels",
    "read_file",
    "write_file",
    "written_files",
]


class FormatError(ValueError):
    """A format that cannot be told or cannot do what is asked (read, or write, this format)."""


@dataclass(frozen=True)
class ReadOptions:
    """How to read a file; each reader uses the options that apply to its format.

    `levels` maps a level or kind name used by the source (`"Intermediate outcome 1"`) to a kind
    (`"outcome:short"`, `"activity"`), on top of each reader's documented defaults.
    """

    levels: Mapping[str, str] = field(default_factory=dict)
    max_bytes: int = 50 * 1024 * 1024
    activity: str | None = None
    """Which activity of an IATI file to read, by its `iati-identifier` (default: the first)."""
    links: Path | None = None
    """A node list's links CSV, where it is not beside the elements CSV as `X-links.csv`."""


@dataclass(frozen=True)
class WriteOptions:
    """How to write a file; each writer uses the options that apply to its format."""

    title: str | None = None


KINDS: tuple[str, ...] = (
    "input",
    "activity",
    "output",
    "kpi",
    "outcome:short",
    "outcome:medium",
    "outcome:long",
    "impact",
    "assumption",
    "barrier",
    "enabler",
    "risk",
)
"""The kinds a source's level or column name can be mapped to with `levels`."""


def parse_levels(specs: str | list[str]) -> dict[str, str]:
    """`"Strands=activity,Goals=impact"` (or several such strings) as a `levels` mapping.

    Raises `FormatError` for an item without `=` or a kind that is not one of `KINDS`.
    """
    levels: dict[str, str] = {}
    for spec in [specs] if isinstance(specs, str) else specs:
        for item in spec.split(","):
            if not item.strip():
                continue
            name, sep, kind = item.rpartition("=")
            kind = kind.strip().lower()
            if not sep or not name.strip():
                raise FormatError(f"--levels expects Name=kind, not {item.strip()!r}")
            if kind not in KINDS and not _own_outcome_level(kind):
                from toc.suggest import did_you_mean

                hint = did_you_mean(kind, KINDS)
                raise FormatError(
                    f"no kind {kind!r}{hint}; kinds: {', '.join(KINDS)}, or outcome:LEVEL for a "
                    "model's own outcome level"
                )
            levels[name.strip()] = kind
    return levels


def _own_outcome_level(kind: str) -> bool:
    """`outcome:final`: an outcome level the reader declares in the model (`toc.io.levels`)."""
    import re

    from toc.model import SLUG_PATTERN

    return kind.startswith("outcome:") and re.fullmatch(SLUG_PATTERN, kind[8:]) is not None


Reader = Callable[[Path, ReadOptions], "LoadResult"]
"""Read one file (never raising for bad content: problems are findings in the result)."""
Writer = Callable[["TheoryOfChange", Path, WriteOptions], list[tuple[Path, bytes]]]
"""The files a model becomes, as (path, bytes) for `target`; most formats write one file."""
Sniffer = Callable[[Path], bool]
"""Whether a file with a shared extension is in this format (reads only what it needs)."""


@dataclass(frozen=True)
class Format:
    """One file format: its name (for `--from` / `--to`), extensions, and what it can do."""

    name: str
    title: str
    extensions: tuple[str, ...]
    read: Reader | None = None
    write: Writer | None = None
    sniff: Sniffer | None = None


def _read_yaml(path: Path, options: ReadOptions) -> LoadResult:
    from toc.load import read

    return read(path, max_bytes=options.max_bytes)


def _write_yaml(model: TheoryOfChange, target: Path, _: WriteOptions) -> list[tuple[Path, bytes]]:
    from toc._gc import paused_gc
    from toc.dump import dumps

    with paused_gc():  # PyYAML builds a node per value: see toc/_gc.py (half the time at 10,000)
        return [(target, dumps(model).encode("utf-8"))]


def _read_table(path: Path, options: ReadOptions) -> LoadResult:
    from toc.io.table import read_table

    return read_table(path, options)


def _write_table(
    model: TheoryOfChange, target: Path, options: WriteOptions
) -> list[tuple[Path, bytes]]:
    from toc.io.table import write_table

    return write_table(model, target, options)


def _sniff_table(path: Path) -> bool:
    """A logic-model table, unless it is a node list: a heading such as `Activity` matches both.

    The node-list sniff is the narrower one (a sheet named `elements` or `nodes`, or a CSV header
    with `id`/`label` and a level column), so it decides first; the table is the default writer.
    """
    from toc.io.nodes import is_node_workbook, sniff_nodes
    from toc.io.table import is_table_workbook, sniff_table

    if path.suffix.lower() != ".xlsx":
        return not sniff_nodes(path) and sniff_table(path)
    from toc.io._spreadsheet import Refused, open_xlsx

    try:  # one opening for both questions: openpyxl's part of it is most of a sniff's time
        with open_xlsx(path, name=str(path), max_bytes=ReadOptions().max_bytes) as book:
            return not is_node_workbook(book) and is_table_workbook(book)
    except (Refused, OSError):
        return False


def _read_workbook(path: Path, options: ReadOptions) -> LoadResult:
    """An XLSX file read as `format_for` would choose, opened once to tell and to read.

    A workbook with an elements sheet is a node list; any other is a logic-model table (whose
    reader reports a missing header row). openpyxl's part of an opening is most of telling.
    """
    from toc.io._spreadsheet import Refused, open_xlsx
    from toc.io.nodes import is_node_workbook, read_node_workbook
    from toc.io.table import read_table_workbook
    from toc.load import LoadResult

    try:
        with open_xlsx(path, name=str(path), max_bytes=options.max_bytes) as book:
            if is_node_workbook(book):
                return read_node_workbook(book, path, options)
            return read_table_workbook(book, path, options)
    except Refused as refused:
        return LoadResult(str(path), None, [refused.finding])


def _read_iati(path: Path, options: ReadOptions) -> LoadResult:
    from toc.io.iati import read_iati

    return read_iati(path, options)


def _write_iati(
    model: TheoryOfChange, target: Path, options: WriteOptions
) -> list[tuple[Path, bytes]]:
    from toc.io.iati import write_iati

    return write_iati(model, target, options)


def _read_kumu(path: Path, options: ReadOptions) -> LoadResult:
    from toc.io.kumu import read_kumu

    return read_kumu(path, options)


def _write_kumu(
    model: TheoryOfChange, target: Path, options: WriteOptions
) -> list[tuple[Path, bytes]]:
    from toc.io.kumu import write_kumu

    return write_kumu(model, target, options)


def _read_nodes(path: Path, options: ReadOptions) -> LoadResult:
    from toc.io.nodes import read_nodes

    return read_nodes(path, options)


def _write_nodes(
    model: TheoryOfChange, target: Path, options: WriteOptions
) -> list[tuple[Path, bytes]]:
    from toc.io.nodes import write_nodes_csv, write_nodes_xlsx

    if target.suffix.lower() == ".csv":
        return write_nodes_csv(model, target, options)
    return write_nodes_xlsx(model, target, options)


def _sniff_nodes(path: Path) -> bool:
    from toc.io.nodes import sniff_nodes

    return sniff_nodes(path)


def _registry(formats: list[Format]) -> dict[str, Format]:
    registry: dict[str, Format] = {}
    for item in formats:
        if item.name in registry:
            raise RuntimeError(f"format {item.name} registered twice")
        registry[item.name] = item
    return registry


FORMATS: dict[str, Format] = _registry(
    [
        Format("yaml", "theory-of-change YAML", (".yaml", ".yml"), _read_yaml, _write_yaml),
        Format(
            "table",
            "logic-model table",
            (".xlsx", ".csv"),
            _read_table,
            _write_table,
            _sniff_table,
        ),
        Format(
            "nodes",
            "node and link list",
            (".xlsx", ".csv"),
            _read_nodes,
            _write_nodes,
            _sniff_nodes,
        ),
        Format("kumu", "Kumu JSON blueprint", (".json",), _read_kumu, _write_kumu),
        Format("iati", "IATI 2.03 results XML", (".xml",), _read_iati, _write_iati),
    ]
)
"""Every format, by name. Adding a format means adding it here, where a reviewer sees it."""


def format_for(path: Path, name: str | None = None, *, reading: bool) -> Format:
    """The format of `path`: the one named, else the one its extension (and contents) say."""
    if name is not None:
        try:
            chosen = FORMATS[name]
        except KeyError:
            from toc.suggest import did_you_mean

            hint = did_you_mean(name, FORMATS)
            raise FormatError(f"no format {name!r}{hint}; formats: {', '.join(FORMATS)}") from None
        if (chosen.read if reading else chosen.write) is None:
            action = "read" if reading else "written"
            raise FormatError(f"the {chosen.title} format cannot be {action}")
        return chosen
    suffix = path.suffix.lower()
    candidates = [
        f
        for f in FORMATS.values()
        if suffix in f.extensions and (f.read if reading else f.write) is not None
    ]
    if not candidates:
        known = sorted({e for f in FORMATS.values() for e in f.extensions})
        raise FormatError(
            f"cannot tell the format of {str(path)!r} from its extension; use one of "
            f"{', '.join(known)}, or name the format ({', '.join(FORMATS)})"
        )
    if reading and len(candidates) > 1:
        for candidate in candidates:
            if candidate.sniff is not None and candidate.sniff(path):
                return candidate
    return candidates[0]


def read_file(
    source: str | Path, *, format: str | None = None, options: ReadOptions | None = None
) -> LoadResult:
    """Read a theory of change from any supported file; never raises for the file's content.

    A bundled model's name (`"bradford"`) and YAML files go to `toc.load.read`.
    """
    from toc.load import read

    path = Path(source)
    if format is None and path.suffix.lower() in ("", ".yaml", ".yml"):
        return read(source, max_bytes=(options or ReadOptions()).max_bytes)
    if format is None and path.suffix.lower() == ".xlsx":
        return _read_workbook(path, options or ReadOptions())
    chosen = format_for(path, format, reading=True)
    assert chosen.read is not None
    return chosen.read(path, options or ReadOptions())


def written_files(
    model: TheoryOfChange,
    target: str | Path,
    *,
    format: str | None = None,
    options: WriteOptions | None = None,
) -> list[tuple[Path, bytes]]:
    """What writing `model` to `target` would write, as (path, bytes), without writing it."""
    path = Path(target)
    chosen = format_for(path, format, reading=False)
    assert chosen.write is not None
    return chosen.write(model, path, options or WriteOptions())


def write_file(
    model: TheoryOfChange,
    target: str | Path,
    *,
    format: str | None = None,
    options: WriteOptions | None = None,
) -> list[Path]:
    """Write a model in the format `target`'s extension (or `format`) names; return the paths.

    Each file is replaced in one step (`toc._atomic`), so a reader never sees half of it.
    """
    from toc._atomic import write_bytes_atomic

    files = written_files(model, target, format=format, options=options)
    for path, data in files:
        write_bytes_atomic(path, data)
    return [path for path, _ in files]


def convert(
    source: str | Path,
    target: str | Path,
    *,
    from_format: str | None = None,
    to_format: str | None = None,
    read_options: ReadOptions | None = None,
    write_options: WriteOptions | None = None,
) -> tuple[LoadResult, list[Path]]:
    """Read `source` and, when it could be read as a model, write it to `target`.

    Returns the reading result (with every finding) and the paths written (none when the source
    could not be read).
    """
    result = read_file(source, format=from_format, options=read_options)
    if result.model is None:
        return result, []
    return result, write_file(result.model, target, format=to_format, options=write_options)
