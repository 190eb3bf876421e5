"""Safe YAML reading with exact positions, built straight from the parser's events.

Working from events (not PyYAML's constructors) means no tag is ever constructed, so nothing in a
file can run; anchors, aliases, duplicate keys and runaway nesting are seen as they stream past; and
each node's line and column are recorded once, as the value is built, so later messages can point at
the exact place without a second walk over the tree.

Plain scalars are resolved by the YAML 1.2 core schema. Where YAML 1.1 tools (PyYAML, many CI
linters) would read the same text differently (`no`, `on`, `0123`, `12:30`, `1e3`), the text is
kept as written and reported, because the file means different things to different tools.

Line breaks are LF, CRLF and a lone CR, as in YAML 1.2 and every editor. libyaml follows YAML 1.1,
which also breaks lines at NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029):
it folded a NEL in a quoted string into a space, ended a comment at one, and counted one more line
than the editor shows for everything after it. So those three characters are handed to libyaml as
private-use stand-ins it reads as ordinary text, and put back in every value read; positions stay
exact because each stand-in is one character, like what it replaces.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

from toc._messages import quoted, shown

try:  # libyaml's C parser: an order of magnitude faster; the pure-Python one behaves the same.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - only where PyYAML was built without libyaml
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]  # same event API

MAX_PROBLEMS = 100
"""Past this many YAML problems (a flood of aliases, say) reading stops: the rest would be noise."""
MAX_DEPTH = 64
"""Deeper nesting than any theory of change needs; past it, a file is refused rather than walked."""


class Mark(NamedTuple):
    """Where a node starts (1-based line and column) and its character span in the text.

    Readers of other formats make marks too: a spreadsheet cell is `Mark(row, column, 0, 0,
    sheet)`, a CSV field `Mark(row, column, 0, 0)`, an XML element its line and column. `file`
    names the file when a model is read from several (a node list's elements and links CSVs).
    """

    line: int
    col: int
    start: int
    end: int
    sheet: str | None = None
    file: str | None = None


class YamlMap(dict[str, Any]):
    """A mapping that remembers where each of its keys and values is written."""

    __slots__ = ("key_marks", "mark", "value_marks")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[str, Mark] = {}
        self.value_marks: dict[str, Mark] = {}


class YamlSeq(list[Any]):
    """A sequence that remembers where each item is written."""

    __slots__ = ("item_marks", "mark")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """Something wrong with the YAML itself, before any schema is applied."""

    code: str
    message: str
    mark: Mark
    blocking: bool = True
    """False when the value is still usable (an ambiguous scalar kept as text)."""
    path: tuple[str | int, ...] | None = None
    """Where the value sits in the document, for an ambiguous scalar (TOC008): the loader knows
    the schema, and so what the value should have been written as."""
    text: str | None = None
    """The scalar exactly as written, for an ambiguous scalar."""


@dataclass(slots=True)
class YamlDocument:
    """The result of reading: the root value (None when unusable) and every problem found."""

    root: Any
    problems: list[YamlProblem] = field(default_factory=list)
    root_mark: Mark = field(default_factory=lambda: Mark(1, 1, 0, 0))
    """Where the root value starts (after any leading comments)."""

    @property
    def blocked(self) -> bool:
        """True when a problem makes the content untrustworthy for schema validation."""
        return any(p.blocking for p in self.problems)


# Plain-scalar resolution: YAML 1.2 core schema, with YAML 1.1's different readings flagged.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_YAML11_BOOLS = frozenset(
    f(w) for w in ("yes", "no", "on", "off") for f in (str.lower, str.upper, str.title)
)
_MAX_INT_DIGITS = 4000
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}  # fmt: skip
_HEX = re.compile(r"0x[0-9a-fA-F]{1,64}")
_OCTAL_12 = re.compile(r"0o[0-7]+")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")
_UNDERSCORED = re.compile(r"[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_NUMERIC_START = frozenset("0123456789+-.")


def resolve_plain(text: str) -> tuple[Any, str | None]:
    """Read an unquoted scalar; return its value and, if YAML 1.1 reads it otherwise, why."""
    if text in _NULLS:
        return None, None
    first = text[0]
    if first in _NUMERIC_START:
        if _INT.fullmatch(text):
            if len(text.lstrip("+-")) > _MAX_INT_DIGITS:  # Python refuses longer (CVE-2020-10735)
                return text, None
            return int(text), None
        if _HEX.fullmatch(text):
            return int(text, 16), None  # a number in YAML 1.1 and 1.2 alike
        if _OCTAL_12.fullmatch(text):
            return text, f"{quoted(text)} is a number in YAML 1.2 but text in YAML 1.1"
        if _LEADING_ZERO.fullmatch(text):
            return text, f"{quoted(text)} has a leading zero: YAML 1.1 reads it as an octal number"
        if _FLOAT.fullmatch(text):
            if "." not in text:
                return text, f"{quoted(text)} is a number in YAML 1.2 but text in YAML 1.1"
            return float(text), None
        if text in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[text], None
        if _SEXAGESIMAL.fullmatch(text):
            return text, f"{quoted(text)} is read by YAML 1.1 as a base-60 number, not as text"
        if _UNDERSCORED.fullmatch(text):
            why = "is read by YAML 1.1 as a number with the underscores dropped"
            return text, f"{quoted(text)} {why}"
        return text, None
    if text in _TRUE:
        return True, None
    if text in _FALSE:
        return False, None
    if text in _YAML11_BOOLS:
        return text, f"{quoted(text)} is read by YAML 1.1 as a boolean, not as text"
    return text, None


_new_mark = tuple.__new__
"""`Mark(...)` runs a Python-level `__new__`; building the tuple directly is several times faster,
and a mark is made for every node of the file."""


def _mark(event: Any) -> Mark:
    start = event.start_mark
    return _new_mark(
        Mark, (start.line + 1, start.column + 1, start.index, event.end_mark.index, None, None)
    )


class _Frame:
    """A container being filled, and for a mapping, the key waiting for its value."""

    __slots__ = ("container", "key", "key_mark")

    def __init__(self, container: YamlMap | YamlSeq) -> None:
        self.container = container
        self.key: str | None = None
        self.key_mark: Mark | None = None


class _Builder:
    """Turns the event stream into YamlMap / YamlSeq / scalars, collecting problems as it goes.

    `restore` maps stand-ins back to the characters they hid (see `_hide_yaml11_breaks`); `lines`
    is given only when libyaml's own line numbers cannot be trusted, and marks then come from it.
    """

    def __init__(self, restore: dict[int, str] | None = None, lines: _Lines | None = None) -> None:
        self.restore = restore
        self.mark_of = _mark if lines is None else lines.event_mark
        self.problems: list[YamlProblem] = []
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.root_mark = Mark(1, 1, 0, 0)
        self.stopped = False
        """Set when reading further is pointless or costly: the file is refused as it stands."""

    def problem(
        self,
        code: str,
        message: str,
        mark: Mark,
        *,
        blocking: bool = True,
        path: tuple[str | int, ...] | None = None,
        text: str | None = None,
    ) -> None:
        if self.stopped:
            return
        self.problems.append(YamlProblem(code, message, mark, blocking, path, text))
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(
                YamlProblem(
                    code,
                    f"more than {MAX_PROBLEMS} problems; reading stopped here: fix these and "
                    "run again",
                    mark,
                )
            )
            self.stopped = True

    def path(self) -> tuple[str | int, ...]:
        """Where the value being read goes: each open mapping's key, each open list's index."""
        return tuple(
            len(frame.container) if isinstance(frame.container, YamlSeq) else frame.key or ""
            for frame in self.stack
        )

    def check_node(self, event: Any, mark: Mark) -> None:
        if event.anchor is not None:
            self.problem(
                "TOC006",
                f"anchor {quoted('&' + event.anchor)}: anchors and aliases are not allowed; write "
                "the value out in full where it is needed",
                mark,
            )
        tag = event.tag
        if tag is not None and tag != "!":
            self.problem(
                "TOC005",
                f"tag {quoted(tag)}: YAML tags are not allowed in a theory of change (nothing in "
                "the file is ever constructed or run); remove the tag",
                mark,
            )

    def add(self, value: Any, mark: Mark, *, is_key_candidate: bool, raw_key: str | None) -> None:
        """Attach a finished value to the container on top of the stack (or make it the root)."""
        if not self.stack:
            self.root, self.root_mark = value, mark
            return
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, YamlSeq):
            container.append(value)
            container.item_marks.append(mark)
            return
        if frame.key is None:
            if not is_key_candidate or raw_key is None:
                self.problem(
                    "TOC001",
                    "a key must be plain text, not a list or mapping; check the indentation",
                    mark,
                )
                frame.key, frame.key_mark = "\x00complex", mark
                return
            if raw_key == "<<":
                self.problem(
                    "TOC006",
                    "merge key `<<`: merging mappings is not allowed; write the keys out in full",
                    mark,
                )
            if raw_key in container:
                first = container.key_marks[raw_key]
                self.problem(
                    "TOC004",
                    f"duplicate key {quoted(raw_key)} (first written at line {first.line}, column "
                    f"{first.col}); YAML keeps only one of them: remove or rename one",
                    mark,
                )
            frame.key, frame.key_mark = raw_key, mark
            return
        key, key_mark = frame.key, frame.key_mark
        frame.key = frame.key_mark = None
        if key == "\x00complex" or key in container:
            return  # already reported; keep the first value
        assert key_mark is not None
        container[key] = value
        container.key_marks[key] = key_mark
        container.value_marks[key] = mark

    def feed(self, event: Any) -> None:
        cls = type(event)
        if cls is yaml.ScalarEvent:
            mark = self.mark_of(event)
            if event.anchor is not None or event.tag is not None:
                self.check_node(event, mark)
            text: str = event.value
            if self.restore:
                text = text.translate(self.restore)
            expecting_key = (
                bool(self.stack)
                and isinstance(self.stack[-1].container, YamlMap)
                and (self.stack[-1].key is None)
            )
            if expecting_key:
                self.add(text, mark, is_key_candidate=True, raw_key=text)
                return
            if not event.style and event.implicit[0]:
                value, surprise = resolve_plain(text)
                if surprise is not None:
                    self.problem(
                        "TOC008",
                        f'{surprise}; put it in quotes ("{shown(text)}") if you mean the text, or '
                        "write the value unambiguously",
                        mark,
                        blocking=False,
                        path=self.path(),
                        text=text,
                    )
                elif (digits := len(text.lstrip("+-"))) > _MAX_INT_DIGITS and _INT.fullmatch(text):
                    self.problem(
                        "TOC104",
                        f"a number of {digits:,} digits: no value in a theory of change is "
                        "that large; put it in quotes if it is text",
                        mark,
                        blocking=False,
                    )
            else:
                value = text
            self.add(value, mark, is_key_candidate=False, raw_key=None)
        elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
            mark = self.mark_of(event)
            self.check_node(event, mark)
            if len(self.stack) >= MAX_DEPTH:
                self.problem(
                    "TOC007",
                    f"nesting deeper than {MAX_DEPTH} levels; a theory of change never needs this, "
                    "so the file is refused",
                    mark,
                )
                # Stop here: libyaml's own time grows with the square of flow nesting depth.
                self.stopped = True
                return
            container: YamlMap | YamlSeq = (
                YamlMap(mark) if cls is yaml.MappingStartEvent else YamlSeq(mark)
            )
            self.stack.append(_Frame(container))
        elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            frame = self.stack.pop()
            self.add(frame.container, frame.container.mark, is_key_candidate=False, raw_key=None)
        elif cls is yaml.AliasEvent:
            mark = self.mark_of(event)
            self.problem(
                "TOC006",
                f"alias {quoted('*' + event.anchor)}: anchors and aliases are not allowed; write "
                "the value out in full where it is needed",
                mark,
            )
            self.add(None, mark, is_key_candidate=False, raw_key=None)


def parse(text: str) -> YamlDocument:
    """Read one YAML document from text, safely; problems are returned, never raised.

    A byte order mark at the start is dropped, as libyaml does: every index and column is counted
    in the text after it, as an editor, which does not show it, counts them.
    """
    text = text.removeprefix("\ufeff")
    parsed, restore = _hide_yaml11_breaks(text)
    lines = _Lines(text) if restore is None else None
    builder = _Builder(restore, lines)
    try:
        return _parse(parsed, text, builder)
    finally:
        if restore:
            for index, found in enumerate(builder.problems):
                message = found.message.translate(restore)
                builder.problems[index] = YamlProblem(
                    found.code, message, found.mark, found.blocking, found.path, found.text
                )


def _parse(parsed: str, text: str, builder: _Builder) -> YamlDocument:
    """Feed libyaml's events for `parsed` to `builder`; `text` is what the user wrote."""
    documents = 0
    parser = None
    try:
        parser = _Parser(parsed)
        while True:
            event = parser.get_event()
            if event is None:
                break
            cls = type(event)
            if cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    builder.problem(
                        "TOC010",
                        "a second YAML document (after `---`); keep one theory of change per file",
                        builder.mark_of(event),
                    )
                    break
            elif cls is yaml.StreamEndEvent:
                break
            elif cls not in (yaml.StreamStartEvent, yaml.DocumentEndEvent):
                builder.feed(event)
                if builder.stopped:
                    break
    except yaml.MarkedYAMLError as error:
        mark = _error_mark(error, text)
        builder.problem("TOC001", _syntax_message(error, _tab_at(text, mark)), mark)
        return YamlDocument(None, builder.problems)
    except yaml.reader.ReaderError as error:
        builder.problem(
            "TOC003",
            f"character {error.character!r} is not allowed in YAML ({error.reason}); "
            "remove it or save the file as plain UTF-8 text",
            _reader_mark(parsed, text, error.position),
        )
        return YamlDocument(None, builder.problems)
    except yaml.YAMLError as error:  # libyaml errors without a mark
        builder.problem("TOC001", f"the file is not valid YAML: {error}", Mark(1, 1, 0, 0))
        return YamlDocument(None, builder.problems)
    finally:
        if parser is not None:
            parser.dispose()
    return YamlDocument(builder.root, builder.problems, builder.root_mark)


def _error_mark(error: yaml.MarkedYAMLError, text: str) -> Mark:
    """Where a syntax error is, from its character index, kept inside the text.

    libyaml's own line can be one past the end of a file with no final newline, where no editor
    can go; the index is counted in characters, as Python counts them.
    """
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return Mark(1, 1, 0, 0)
    index = min(max(mark.index, 0), len(text))
    line, col = line_and_column(text[:index])
    return Mark(line, col, index, index)


_LINE_BREAK = re.compile("\r\n|\r|\n")
"""Line breaks as editors and YAML 1.2 count them; a lone CR (old Mac files) is one."""
_YAML11_BREAKS = "\x85\u2028\u2029"
"""Line breaks to YAML 1.1 and libyaml only; to editors and YAML 1.2, characters of the text."""
_STAND_INS = re.compile("[\ue000-\uf8ff]")
"""Private-use characters, from which stand-ins for `_YAML11_BREAKS` are picked."""


def line_and_column(text_before: str) -> tuple[int, int]:
    """The 1-based line and column just after `text_before`, counting lines as an editor does."""
    lines = _LINE_BREAK.split(text_before)
    return len(lines), len(lines[-1]) + 1


def _hide_yaml11_breaks(text: str) -> tuple[str, dict[int, str] | None]:
    """`text` with NEL, U+2028 and U+2029 replaced by unused private-use characters.

    Returns the text to parse and the table that puts them back (empty when there were none).
    A stand-in is one character for one, so every index into the text stays right. In the
    unlikely file that already uses more of the 6,400 private-use characters than allow this, the
    table is None: libyaml then reads those characters as YAML 1.1 does, and positions are
    counted from the text itself.
    """
    present = [char for char in _YAML11_BREAKS if char in text]
    if not present:
        return text, {}
    used = set(_STAND_INS.findall(text))
    free = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in used)
    stand_ins = [stand_in for stand_in, _ in zip(free, present, strict=False)]
    if len(stand_ins) < len(present):
        return text, None
    for char, stand_in in zip(present, stand_ins, strict=True):
        text = text.replace(char, stand_in)
    return text, {ord(stand_in): char for char, stand_in in zip(present, stand_ins, strict=True)}


class _Lines:
    """Where each line of a text starts, to turn character indexes into lines and columns."""

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        self.starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]

    def event_mark(self, event: Any) -> Mark:
        """The mark of a parser event, from its indexes rather than libyaml's line count."""
        start = event.start_mark.index
        line = bisect_right(self.starts, start)
        return Mark(line, start - self.starts[line - 1] + 1, start, event.end_mark.index)


def _reader_mark(parsed: str, text: str, position: int) -> Mark:
    """The mark of a reader error; libyaml's reader counts UTF-8 bytes of what it was given."""
    position = len(parsed.encode("utf-8")[:position].decode("utf-8", "ignore"))
    line, col = line_and_column(text[:position])
    return Mark(line, col, position, position)


def _tab_at(text: str, mark: Mark) -> bool:
    """Whether the error sits on a tab, or on a line indented with one (libyaml doesn't say)."""
    line_start = max(text.rfind("\n", 0, mark.start), text.rfind("\r", 0, mark.start)) + 1
    return text[mark.start : mark.start + 1] == "\t" or "\t" in text[line_start : mark.start + 1]


def _syntax_message(error: yaml.MarkedYAMLError, on_tab: bool) -> str:
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    if on_tab or "'\\t'" in problem:
        return "a tab character where YAML needs spaces; indent with spaces only"
    if problem.startswith("mapping values are not allowed"):
        return (
            "a second `: ` on one line (as in `a: b: c`); put the value in quotes or move the "
            "nested mapping onto its own indented line"
        )
    text = f"{context}, {problem}" if context else problem
    return f"YAML syntax error: {text}" if text else "YAML syntax error"
