"""Load a theory of change from YAML, turning every problem into a coded, positioned finding.

`read` never raises: it returns the model (or None) with the findings, for the CLI and CI.
`load` is the notebook call: it returns the model, or raises `LoadError` carrying the findings.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import stat
import types
import typing
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from toc._gc import paused_gc
from toc._messages import quoted, shown
from toc.findings import Finding, Path, Report
from toc.model import (
    ELEMENT_LISTS,
    FRAMEWORK_ID_PATTERN,
    SLUG_PATTERN,
    TAG_PATTERN,
    URL_PATTERN,
    TheoryOfChange,
)
from toc.positions import SourceMap
from toc.rules.reading import (
    BAD_ENCODING,
    EMPTY_FILE,
    FILE_TOO_LARGE,
    INVALID_VALUE,
    MISSING_FIELD,
    NOT_A_MAPPING,
    UNKNOWN_KEY,
    UNREADABLE_FILE,
    WRONG_TYPE,
)
from toc.rules.registry import Rule
from toc.suggest import closest, did_you_mean
from toc.yamlsafe import YamlMap, YamlProblem, line_and_column, parse, resolve_plain

MAX_BYTES = 50 * 1024 * 1024
"""Default size limit: far above any real theory of change, far below what hurts a CI runner."""


@dataclass
class LoadResult:
    """What reading a file gave: the model when it could be built, and every finding."""

    file: str
    model: TheoryOfChange | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def report(self) -> Report:
        """The reading findings as a report."""
        return Report(self.findings)


class LoadError(Exception):
    """A file that could not be turned into a model; `report` holds every reason, positioned."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__("could not load the theory of change:\n" + report.to_text())


def read(source: str | FilePath, *, max_bytes: int = MAX_BYTES) -> LoadResult:
    """Read a YAML file, or a bundled model (`"bradford"`, `"bundled:bradford"`), into a model.

    Never raises for bad input: a path that is missing, a directory, a named pipe or a device is a
    TOC012 finding, and nothing but a regular file is ever opened, so reading cannot block.
    """
    path = _resolve(source)
    if isinstance(path, str):  # why there is nothing to read
        name = str(source)
        return LoadResult(name, None, [_whole_file(name, UNREADABLE_FILE, path)])
    name = str(source) if isinstance(source, FilePath) else str(path)
    try:
        data = _read_file(path, max_bytes + 1)  # one byte past the limit shows a file too large
    except _NotAFileError as error:
        return LoadResult(name, None, [_whole_file(name, UNREADABLE_FILE, str(error))])
    except OSError as error:
        reason = error.strerror or str(error)
        return LoadResult(
            name, None, [_whole_file(name, UNREADABLE_FILE, f"cannot read the file: {reason}")]
        )
    return read_bytes(data, name=name, max_bytes=max_bytes)


def read_bytes(data: bytes, *, name: str = "<string>", max_bytes: int = MAX_BYTES) -> LoadResult:
    """Read YAML bytes; the same checks as `read`, for text that is not in a file."""
    if len(data) > max_bytes:
        message = (
            f"the file is over the {max_bytes / 1048576:.0f} MiB limit; a theory of change is far "
            "smaller, so check this is the right file"
        )
        return LoadResult(name, None, [_whole_file(name, FILE_TOO_LARGE, message)])
    wide = _wide_encoding(data)
    if wide is not None:
        message = (
            f"the file is {wide}, not UTF-8; save it as UTF-8 (in Excel: Save As, CSV UTF-8; in "
            "editors: Encoding, UTF-8)"
        )
        return LoadResult(name, None, [_at(name, BAD_ENCODING, message, 1, 1)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, col = line_and_column(data[: error.start].decode("utf-8", "replace"))
        message = (
            f"byte 0x{data[error.start]:02x} is not valid UTF-8; save the file as UTF-8 "
            "(in Excel: Save As, CSV UTF-8; in editors: Encoding, UTF-8)"
        )
        return LoadResult(name, None, [_at(name, BAD_ENCODING, message, line, col)])
    return read_text(text, name=name)


_SAMPLE = 512
"""Bytes looked at to tell UTF-16 from UTF-8: a few lines of any YAML file."""


def _wide_encoding(data: bytes) -> str | None:
    """`UTF-16 (little-endian)` and the like for a file in a two- or four-byte encoding, else None.

    Excel's "Unicode Text" and Windows tools write UTF-16, usually with a byte order mark. Without
    one, such a file of mostly ASCII text is told by its NUL bytes: one in every pair, always on
    the same side. A UTF-8 file with a stray NUL does not have that pattern, and keeps the finding
    naming the character.
    """
    for mark, name in (
        (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
        (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
        (b"\xff\xfe", "UTF-16 (little-endian)"),
        (b"\xfe\xff", "UTF-16 (big-endian)"),
    ):
        if data.startswith(mark):
            return name
    sample = data[: _SAMPLE - _SAMPLE % 2]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    if odd_nuls >= pairs * 3 // 4 and even_nuls == 0:
        return "UTF-16 (little-endian)"
    if even_nuls >= pairs * 3 // 4 and odd_nuls == 0:
        return "UTF-16 (big-endian)"
    return None


def read_text(text: str, *, name: str = "<string>") -> LoadResult:
    """Read YAML text into a model with positions."""
    with paused_gc():
        return _read_text(text, name)


def _read_text(text: str, name: str) -> LoadResult:
    text = text.removeprefix("\ufeff")  # as `parse` does, so positions index the same text
    document = parse(text)
    findings = [
        _at(name, _code(p.code), _problem_message(p), p.mark.line, p.mark.col)
        for p in document.problems
    ]
    if document.blocked:
        return LoadResult(name, None, findings)
    root = document.root
    if root is None:
        return LoadResult(name, None, [*findings, _at(name, EMPTY_FILE, _EMPTY, 1, 1)])
    if not isinstance(root, YamlMap):
        kind = "a list" if isinstance(root, list) else "a single value"
        message = f"the file holds {kind}; a theory of change is a mapping starting `toc: 1`"
        mark = document.root_mark
        return LoadResult(
            name, None, [*findings, _at(name, NOT_A_MAPPING, message, mark.line, mark.col)]
        )
    return _validated(root, name, findings, text)


def read_data(
    root: YamlMap, *, name: str, findings: Iterable[Finding] = (), text: str = ""
) -> LoadResult:
    """Build a model from a positioned tree in the YAML format's shape, made by any reader.

    Readers of spreadsheets, node lists, IATI XML and Kumu JSON build the same `YamlMap` /
    `YamlSeq` tree the YAML reader builds, with marks naming their cells or lines, so that every
    schema and rule finding about an imported file points at the cell to edit. `findings` are the
    reader's own; when any of them is an error the model is still built if the data allows.
    """
    with paused_gc():
        return _validated(root, name, list(findings), text)


def _validated(root: YamlMap, name: str, findings: list[Finding], text: str) -> LoadResult:
    source_map = SourceMap(name, root, text)
    try:
        model = TheoryOfChange.model_validate(root)
    except ValidationError as error:
        already = {(f.file, f.sheet, f.line, f.col) for f in findings}
        schema = _schema_findings(error, source_map, already)
        return LoadResult(name, None, [*findings, *schema])
    source_map.findings = findings
    model._source_map = source_map
    return LoadResult(name, model, findings)


def load(source: str | FilePath, *, max_bytes: int = MAX_BYTES) -> TheoryOfChange:
    """Load a model from a path or a bundled name (`"bradford"`); raise `LoadError` if impossible.

    Findings that do not stop loading (an ambiguous `no`) stay with the model and appear in
    `model.validate()`.
    """
    result = read(source, max_bytes=max_bytes)
    if result.model is None:
        raise LoadError(result.report)
    return result.model


def loads(text: str, *, name: str = "<string>") -> TheoryOfChange:
    """Load a model from YAML text; raise `LoadError` if impossible."""
    result = read_text(text, name=name)
    if result.model is None:
        raise LoadError(result.report)
    return result.model


_EMPTY = "the file is empty (or only comments); start it with `toc: 1`, `id:` and `title:`"


BUNDLED = "bundled:"
"""The prefix that always names a bundled model, whatever files the working directory holds."""


def _resolve(source: str | FilePath) -> FilePath | str:
    """The file to read, or a message saying why there is none.

    `bundled:NAME` is always the bundled model. Anything else is a path when something exists
    there: a regular file is read, anything else (a directory, a named pipe, a device) is refused
    by name, never silently swapped for the bundled model of the same name. A bare name like
    `bradford` with nothing at that path is the bundled model.
    """
    from toc.shipped import model_files

    if isinstance(source, str) and source.startswith(BUNDLED):
        wanted = source.removeprefix(BUNDLED)
        found = model_files().get(wanted)
        return found if found is not None else _missing_message(wanted, bundled=True)
    path = FilePath(source)
    bare = isinstance(source, str) and "/" not in source and "\\" not in source
    shipped = model_files().get(str(source)) if bare and not path.suffix else None
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if not os.path.lexists(path):
            if shipped is not None:
                return shipped
            return _missing_message(str(source), bundled=False)
        message = f"{quoted(str(source))} is a link to something that does not exist"
    except OSError as error:  # permissions on a folder above it, a loop of links, a long name
        return f"cannot read the file: {error.strerror or error}"
    else:
        if stat.S_ISREG(mode):
            return path
        message = _not_a_file(str(source), mode)
    if shipped is not None:
        message += f"; for the bundled model of that name write `{BUNDLED}{source}`"
    return message


class _NotAFileError(OSError):
    """What was opened turned out not to be a regular file (it changed after it was checked)."""


def _read_file(path: FilePath, limit: int) -> bytes:
    """At most `limit` bytes of a regular file.

    Opened without blocking, so that a named pipe put in the file's place after `_resolve`
    looked cannot hang the reader waiting for a writer; checked again once open.
    """
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | nonblocking)
    with open(descriptor, "rb") as stream:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise _NotAFileError(_not_a_file(str(path), mode))
        if nonblocking:
            os.set_blocking(descriptor, True)
        return stream.read(limit)


def _not_a_file(name: str, mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    kind = next((words for test, words in kinds if test(mode)), "something other than a file")
    return f"{quoted(name)} is {kind}, not a YAML file"


def _missing_message(name: str, *, bundled: bool) -> str:
    from toc.shipped import model_files

    names = list(model_files())
    found = closest(name, names)
    known = f"(bundled models: {', '.join(names) or 'none'})"
    if bundled:
        hint = f"; did you mean `{BUNDLED}{found}`?" if found else ""
        return f"no bundled model {quoted(name)}{hint} {known}"
    hint = f"; did you mean the bundled model `{found}`?" if found else ""
    return f"no such file{hint} {known}"


def _code(code: str) -> Rule:
    from toc.rules import RULES

    return RULES[code]


def _at(file: str, rule: Rule, message: str, line: int, col: int, **extra: Any) -> Finding:
    return Finding(file, line, col, rule.code, rule.name, rule.severity, message, **extra)


def _whole_file(file: str, rule: Rule, message: str) -> Finding:
    return _at(file, rule, message, 0, 0)


# --- ambiguous scalars: advice by the field's type ---------------------------------------------


def _problem_message(problem: YamlProblem) -> str:
    """A YAML problem's message; for an ambiguous scalar, advice that fits the field it is in.

    "Put it in quotes" is right for text, but `ascending: yes` wants `true` and `value: 012`
    wants `12`: quoting either gives text where the schema needs a boolean or a number.
    """
    if problem.code != "TOC008" or problem.path is None or problem.text is None:
        return problem.message
    types = _scalar_types(problem.path)
    if not types:
        return problem.message  # a key the format does not define: TOC101 says so
    raw = problem.text
    _, surprise = resolve_plain(raw)
    field = next((p for p in reversed(problem.path) if isinstance(p, str)), "the value")
    boolean = _YAML11_BOOLEAN.get(raw.lower())
    number = _plain_number(raw)
    wants: list[str] = []
    if "bool" in types:
        wants.append(f"write `{boolean}`" if boolean else "write `true` or `false`")
    if "number" in types:
        wants.append(f"write `{number}`" if number is not None else "write the number in digits")
    quote = f'put it in quotes ("{shown(raw)}")'
    if types == {"text"}:
        return f"{surprise}; `{field}` is text: {quote}"
    if "text" in types:
        return f"{surprise}; {quote} if you mean the text, or {' or '.join(wants)}"
    if boolean is not None:
        lead = f"{quoted(raw)} is a boolean to YAML 1.1 but text to YAML 1.2, which toc reads"
    else:
        lead = f"{(surprise or '').removesuffix(', not as text')}, so toc keeps it as text"
    what = "true or false" if types == {"bool"} else "a number" if types == {"number"} else ""
    return f"{lead}; `{field}` is {what or 'a number or true/false'}: {' or '.join(wants)}"


_YAML11_BOOLEAN = {"yes": "true", "on": "true", "no": "false", "off": "false"}
_LONGEST_NUMBER = 40


def _plain_number(raw: str) -> str | None:
    """The number a person most likely meant, written plainly: `012` → `12`, `1_000` → `1000`.

    None for text no plain number is read from (`12:30`, a YAML 1.1 boolean).
    """
    cleaned = raw.replace("_", "")
    if len(cleaned) > _LONGEST_NUMBER:
        return None  # a message names the number: keep it short, whatever the file holds
    try:
        if cleaned.lower().startswith(("0o", "+0o", "-0o")):
            return str(int(cleaned.replace("o", "").replace("O", ""), 8))
        if re.fullmatch(r"[-+]?[0-9]+", cleaned):
            return str(int(cleaned))
        value = float(cleaned)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _scalar_types(path: Path) -> set[str]:
    """What the schema accepts at `path`: some of `bool`, `number`, `text` (empty if unknown)."""
    annotations: list[Any] = [TheoryOfChange]
    for part in path:
        annotations = [inner for a in annotations for inner in _step(a, part)]
        if not annotations:
            return set()
    found: set[str] = set()
    for annotation in annotations:
        for leaf in _branches(annotation):
            found |= _kind_of(leaf)
    return found


def _branches(annotation: Any) -> list[Any]:
    """The members of a union, through `Annotated` and `X | None`."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _branches(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [leaf for arg in typing.get_args(annotation) for leaf in _branches(arg)]
    return [annotation]


def _step(annotation: Any, part: str | int) -> list[Any]:
    """The annotations one step into `annotation`: a list's items, a field, a mapping's values."""
    found: list[Any] = []
    for leaf in _branches(annotation):
        origin = typing.get_origin(leaf)
        if isinstance(part, int):
            if origin in (tuple, list):
                found.append(typing.get_args(leaf)[0])
        elif isinstance(leaf, type) and issubclass(leaf, BaseModel):
            info = leaf.model_fields.get(part)
            if info is not None:
                found.append(info.annotation)
        elif origin in (dict, Mapping) and len(typing.get_args(leaf)) == 2:
            found.append(typing.get_args(leaf)[1])
    return found


def _kind_of(leaf: Any) -> set[str]:
    if leaf is bool:
        return {"bool"}
    if leaf in (int, float):
        return {"number"}
    if leaf in (str, dt.date):
        return {"text"}
    if typing.get_origin(leaf) is typing.Literal:
        return {kind for arg in typing.get_args(leaf) for kind in _kind_of(type(arg))}
    if isinstance(leaf, type) and issubclass(leaf, BaseModel) and hasattr(leaf, "_shorthand_key"):
        return {"text"}  # a link or tag written as its bare id
    return set()


# --- pydantic errors → findings ------------------------------------------------------------


def _schema_findings(
    error: ValidationError,
    source_map: SourceMap,
    already: set[tuple[str, str | None, int, int]],
) -> list[Finding]:
    """One finding per value in trouble.

    The members of a union (`int | float`) each report the same value, so errors are grouped by
    where they point before they are explained.
    """
    grouped: dict[Path, list[ErrorDetails]] = {}
    for detail in error.errors(include_url=False):
        grouped.setdefault(_data_path(detail["loc"], source_map.root), []).append(detail)
    findings: list[Finding] = []
    for path, details in grouped.items():
        kinds = {d["type"] for d in details}
        rule, message, key = _explain(details[0], kinds, path, source_map)
        line, col, sheet = source_map.place(path, key=key)
        file = source_map.file_at(path, key=key)
        if (file, sheet, line, col) in already and rule is not MISSING_FIELD:
            continue  # a problem the reader reported at this value explains it already
        element_id = _element_id(path, source_map.root)
        findings.append(
            _at(
                file,
                rule,
                message,
                line,
                col,
                element_id=element_id,
                path=path,
                sheet=sheet,
            )
        )
    return findings


def _data_path(loc: tuple[int | str, ...], root: Any) -> Path:
    """The part of pydantic's `loc` that is a real path in the data (drops union member tags)."""
    path: list[str | int] = []
    node = root
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int):
            path.append(part)
            node = node[part] if 0 <= part < len(node) else None
        elif isinstance(part, str) and part in _model_fields(tuple(path)):
            path.append(part)  # a missing field, or a field inside a bare-string shorthand
            node = None
        # else: a union member name such as `int`, `str` or `one`, not part of the data
    return tuple(path)


def _explain(
    detail: ErrorDetails, kinds: set[str], path: Path, source_map: SourceMap
) -> tuple[Rule, str, bool]:
    """Which code, what to say, and whether to point at the key (not the value)."""
    kind = detail["type"]
    field = next((p for p in reversed(path) if isinstance(p, str)), "value")
    subject = _subject(path, source_map.root)
    value = detail.get("input")
    if kind == "extra_forbidden":
        allowed = _known_keys(path[:-1])
        hint = did_you_mean(str(field), sorted(allowed))
        known = ", ".join(sorted(allowed))
        where = _describe(path, source_map.root)
        message = f"unknown key {quoted(str(field))} in {where}{hint} (known keys: {known})"
        return UNKNOWN_KEY, message, True
    if kind == "missing":
        if path == ("toc",):
            message = "missing `toc: 1` (the format version) at the top of the file"
            return MISSING_FIELD, message, False
        return (
            MISSING_FIELD,
            f"{_describe(path, source_map.root)} has no `{field}`; add `{field}:`",
            False,
        )
    if value is None and (kind.endswith("_type") or kind == "literal_error"):
        return MISSING_FIELD, f"{subject} is empty; give it a value", False
    if path == ("toc",):
        if isinstance(value, str) and value.strip() == "1":
            return (
                INVALID_VALUE,
                f"the format version is the number 1, not the text {quoted(value)}: remove the "
                "quotes (`toc: 1`)",
                False,
            )
        return (
            INVALID_VALUE,
            f"format version {quoted(repr(value), mark='')} is not supported; this version of "
            "the library reads `toc: 1`",
            False,
        )
    if kind in ("literal_error", "enum"):
        expected = detail.get("ctx", {}).get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",") if o.strip(" '")]
        hint = did_you_mean(str(value), options, cutoff=0.5)
        return (
            INVALID_VALUE,
            f"{quoted(str(value))} is not a valid {subject}{hint} (use one of {expected})",
            False,
        )
    if kind == "string_pattern_mismatch":
        pattern = str(detail.get("ctx", {}).get("pattern", ""))
        return INVALID_VALUE, _pattern_message(pattern, str(value), subject), False
    if kind.endswith("_type") or kind in ("model_type", "model_attributes_type", "dict_type"):
        expected = _expected(kind, kinds, detail)
        message = f"{subject} should be {expected}, not {_describe_value(value)}"
        raw = source_map.raw(path)
        if kind == "string_type" and raw is not None and isinstance(value, int | float | bool):
            message += (
                f"; YAML reads {quoted(raw)} as such: put it in quotes "
                f'("{shown(raw)}") to keep the text'
            )
        elif isinstance(value, str) and raw is not None and raw[:1] in ("'", '"'):
            message += _unquote_advice(value, kinds)
        return WRONG_TYPE, message, False
    text = detail["msg"].removeprefix("Value error, ")
    return INVALID_VALUE, f"{subject}: {text[:1].lower()}{text[1:]}", False


def _unquote_advice(value: str, kinds: set[str]) -> str:
    """For a quoted value where a number or boolean is wanted: the same value, unquoted."""
    written = value.strip()
    if "bool_type" in kinds:
        boolean = written.lower() if written.lower() in ("true", "false") else None
        boolean = boolean or _YAML11_BOOLEAN.get(written.lower())
        if boolean is not None:
            return f"; write `{boolean}` without quotes"
    if kinds & {"int_type", "float_type"}:
        number = _plain_number(written)
        whole_only = "float_type" not in kinds
        if number is not None and not (whole_only and not re.fullmatch(r"-?[0-9]+", number)):
            return f"; remove the quotes (`{number}`)"
    return ""


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "date_type": "a date (YYYY-MM-DD)",
}


def _expected(kind: str, kinds: set[str], detail: ErrorDetails) -> str:
    """What the schema wanted, in words; a union of numbers is "a number"."""
    if {"int_type", "float_type"} <= kinds:
        return "a number"
    if kind == "model_type" and detail.get("ctx", {}).get("class_name") in ("Link", "Tag"):
        return "an id, or a mapping of keys"
    return _EXPECTED.get(kind, kind.removesuffix("_type"))


def _describe_value(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {quoted(repr(value), mark='')}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _pattern_message(pattern: str, value: str, subject: str) -> str:
    """Why a string was refused, by which pattern refused it."""
    if pattern in (SLUG_PATTERN, FRAMEWORK_ID_PATTERN):
        plain = unicodedata.normalize("NFKD", value.lower()).encode("ascii", "ignore").decode()
        ascii_slug = "-".join("".join(c if c.isalnum() else " " for c in plain).split()) or "an-id"
        return (
            f"{quoted(value)} ({subject}) is not a valid id: ids are lowercase letters a-z and "
            f"digits, words joined by `-` (e.g. {quoted(ascii_slug)})"
        )
    if pattern == TAG_PATTERN:
        return (
            f"{quoted(value)} ({subject}) is not a valid tag: write `framework:entry/child`, e.g. "
            "`home-office:practitioners/short/knowledge`"
        )
    if pattern == URL_PATTERN:
        return (
            f"{quoted(value)} ({subject}) is not an allowed link: only http://, https:// and "
            "mailto: links, without spaces, quotes or angle brackets"
        )
    return f"{subject} is blank; write some text or remove the key"


def _subject(path: Path, root: Any) -> str:
    """What a value is, for messages: "`label` of the input `funding`", "the activity #2"."""
    if not path:
        return "the file"
    last = path[-1]
    if isinstance(last, int):
        head = path[-2] if len(path) >= 2 else "list"
        if len(path) == 2 and head in ELEMENT_LISTS:
            return f"the {ELEMENT_LISTS[str(head)].__name__.lower()} #{last + 1}"
        return f"item {last + 1} of `{head}` in {_describe(path[:-1], root)}"
    return f"`{last}` in {_describe(path, root)}"


def _describe(path: Path, root: Any) -> str:
    """`the activity `train` (activities[2])` or `the top level`, for messages."""
    if not path or len(path) == 1:
        return "the top level"
    head = path[0]
    if head in ELEMENT_LISTS and len(path) >= 2 and isinstance(path[1], int):
        kind = ELEMENT_LISTS[str(head)].__name__.lower()
        element_id = _element_id(path, root)
        name = f"{kind} {quoted(element_id)}" if element_id else f"{kind} #{path[1] + 1}"
        inner = [str(p) for p in path[2:-1] if isinstance(p, str)]
        return f"{' of '.join(reversed(inner))} of the {name}" if inner else f"the {name}"
    return quoted(".".join(str(p) for p in path[:-1]))


def _element_id(path: Path, root: Any) -> str | None:
    if len(path) >= 2 and path[0] in ELEMENT_LISTS and isinstance(path[1], int):
        items = root.get(path[0]) if isinstance(root, dict) else None
        if (
            isinstance(items, list)
            and 0 <= path[1] < len(items)
            and isinstance(items[path[1]], dict)
        ):
            element_id = items[path[1]].get("id")
            return element_id if isinstance(element_id, str) else None
    return None


def _known_keys(path: Path) -> set[str]:
    """The keys to offer for the mapping at `path`: its fields, less links its kind may not write.

    Every chain element accepts every link key, so that a link against the chain (`produces` on
    an outcome) is reported precisely by TOC201 rather than as an unknown key; but offering
    `produces` and `uses` to an outcome as "known keys" would invite exactly that mistake.
    """
    keys = _model_fields(path)
    if len(path) == 2 and path[0] in ELEMENT_LISTS and isinstance(path[1], int):
        from toc.rules.chain import ALLOWED  # networkx, only when a key is unknown

        kind = ELEMENT_LISTS[str(path[0])].kind
        keys -= {relation for relation, (writers, _) in ALLOWED.items() if kind not in writers}
    return keys


def _model_fields(path: Path) -> set[str]:
    """The field names of the model class that sits at `path` in the document."""
    model: type[BaseModel] | None = TheoryOfChange
    for part in path:
        if model is None:
            return set()
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        model = _inner_model(info.annotation) if info is not None else None
    return set(model.model_fields) if model is not None else set()


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The first pydantic model inside `tuple[X, ...]`, `X | None`, `Annotated[X, ...]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (tuple, list, dict, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None
