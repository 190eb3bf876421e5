"""Findings are values: a stable code, a plain-English message and an exact place in a file.

Raising is a separate, opt-in step (`Report.raise_for_severity`), so a notebook or CI job sees every
problem at once instead of the first one.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, overload

if TYPE_CHECKING:
    import pandas as pd

from toc._urls import DOCS_BASE

DOCS_URL = f"{DOCS_BASE}rules/"
"""Where the rule pages are published: `docs/rules/TOC301.md` is `DOCS_URL + "TOC301/"`."""

JSON_VERSION = 1
"""The version of `toc validate --format json`'s output (docs/json-output.md says what it keeps)."""

Path = tuple[str | int, ...]
"""A structured place in the document, e.g. `("activities", 2, "uses", 0)`."""


class Severity(StrEnum):
    """How much a finding matters; configuration, not the rule, decides which applies."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe, so `--fail-on warning` means rank >= warning's."""
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def rule_url(code: str) -> str:
    """The documentation page of a code, carried in machine output."""
    return f"{DOCS_URL}{code}/"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, at one place. Sorts by file, sheet, line, column, then code.

    `sheet` is set for findings in a spreadsheet: `line` is then the row and `col` the column
    number, and the place prints as `plan.xlsx:Logic model!C7`. CSV and XML files use `line` and
    `col` as row and column, or line and column, like YAML.

    `follows_from` is the finding this one is a knock-on of (a duplicate id makes the links of
    that id look wrong): fixing that one is likely to make this one go away. Text output folds
    such findings under their cause; they keep their own severity, and JSON keeps them all.
    """

    file: str
    line: int
    col: int
    code: str
    name: str = field(compare=False)
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    element_id: str | None = field(default=None, compare=False)
    path: Path = field(default=(), compare=False)
    sheet: str | None = None
    follows_from: Finding | None = field(default=None, compare=False, repr=False)

    def _key(self) -> tuple[str, str, int, int, str]:
        return (self.file, self.sheet or "", self.line, self.col, self.code)

    def __lt__(self, other: Finding) -> bool:
        return self._key() < other._key()

    def __le__(self, other: Finding) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: Finding) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: Finding) -> bool:
        return self._key() >= other._key()

    @property
    def url(self) -> str:
        """Where this code is explained."""
        return rule_url(self.code)

    @property
    def location(self) -> str:
        """`file:line:col`, `file:Sheet!C7` for a cell, or `file` for the file as a whole."""
        place = self.place
        return f"{self.file}:{place}" if place else self.file

    @property
    def place(self) -> str:
        """The location without the file: `line:col`, `Sheet!C7`, or "" for the whole file."""
        if self.sheet is not None:
            cell = f"!{column_letters(self.col)}{self.line}" if self.line > 0 else ""
            return f"{self.sheet}{cell}"
        if self.line <= 0:
            return ""
        return f"{self.line}:{self.col}"

    def format(self) -> str:
        """The one-line form editors and CI logs read: `file:line:col: CODE severity: message`.

        The location and code lead, as compilers and linters print them; the severity follows the
        code so that a reader can tell an error from a note without looking the code up.
        Messages quote what the user wrote, so control and invisible formatting characters are
        shown as escapes: a key cannot recolour a terminal, forge a link or break the line.
        """
        return printable(f"{self.location}: {self.code} {self.severity.value}: {self.message}")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values, with the docs URL and, for a knock-on, its cause's place."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["severity"] = self.severity.value
        data["path"] = list(self.path)
        data["url"] = self.url
        cause = self.follows_from
        data["follows_from"] = (
            None
            if cause is None
            else {
                "file": cause.file,
                "line": cause.line,
                "col": cause.col,
                "code": cause.code,
                "sheet": cause.sheet,
            }
        )
        return data


def column_letters(number: int) -> str:
    """A spreadsheet column's letters from its 1-based number: 1 → `A`, 28 → `AB`."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def printable(text: str) -> str:
    """Text with control, line-separating and bidirectional/invisible format characters escaped."""
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() or char == " " else char.encode("unicode_escape").decode()
        for char in text
    )


class FindingsError(Exception):
    """Raised on request when a report holds findings at or above a severity."""

    def __init__(self, report: Report, severity: Severity) -> None:
        self.report = report
        self.severity = severity
        worst = report.at_least(severity)
        lines = "\n".join(f.format() for f in worst[:20])
        more = f"\n... and {len(worst) - 20} more" if len(worst) > 20 else ""
        super().__init__(f"{len(worst)} finding(s) at or above {severity.value}:\n{lines}{more}")


class Report(Sequence[Finding]):
    """An ordered, immutable collection of findings with the views a reviewer needs.

    A view such as `report.errors` remembers what it was taken from, so an empty one says "No
    errors" and what the whole report holds, rather than "No findings" over a model with warnings.
    """

    __slots__ = ("_findings", "_scope")

    def __init__(self, findings: Iterable[Finding] = ()) -> None:
        self._findings: tuple[Finding, ...] = tuple(sorted(findings))
        self._scope: tuple[str, str] | None = None
        """For a view: what it holds ("errors") and the counts of the report it came from."""

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Report: ...
    def __getitem__(self, index: int | slice) -> Finding | Report:
        if isinstance(index, slice):
            return Report(self._findings[index])
        return self._findings[index]

    def __len__(self) -> int:
        return len(self._findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._findings)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Report) and self._findings == other._findings

    def __hash__(self) -> int:
        return hash(self._findings)

    def __add__(self, other: Iterable[Finding]) -> Report:
        return Report((*self._findings, *other))

    def __repr__(self) -> str:
        if not self._findings and self._scope is not None:
            return f"<Report: no {self._scope[0]}>"
        counts = ", ".join(f"{n} {s}" for s, n in self.counts().items()) or "clean"
        return f"<Report: {counts}>"

    def counts(self) -> dict[str, int]:
        """How many findings of each severity, most severe first."""
        found = Counter(f.severity for f in self._findings)
        return {s.value: found[s] for s in Severity if found[s]}

    def summary(self) -> str:
        """One plain sentence: whether anything is an error, then how many of each severity.

        `No errors: 37 warnings, 28 info.`, `2 errors, 5 warnings.`, `No findings.`; for an empty
        view, what the whole report holds: `No errors (all findings: 3 warnings).`
        """
        if not self._findings:
            if self._scope is None:
                return "No findings."
            what, whole = self._scope
            return f"No {what} (all findings: {whole})." if whole else f"No {what}."
        return _counts_sentence(self.counts())

    def _view(self, keep: Callable[[Finding], bool], what: str) -> Report:
        view = Report(f for f in self._findings if keep(f))
        view._scope = (what, self._scope[1] if self._scope else tally(self.counts()))
        return view

    def at_least(self, severity: Severity | str) -> Report:
        """The findings at or above a severity."""
        level = Severity(severity)
        floor = level.rank
        what = "errors" if level is Severity.ERROR else f"findings at or above {level.value}"
        return self._view(lambda f: f.severity.rank >= floor, what)

    @property
    def errors(self) -> Report:
        """The findings of severity error."""
        return self.at_least(Severity.ERROR)

    @property
    def warnings(self) -> Report:
        """The findings of severity warning (not errors, not info)."""
        return self._view(lambda f: f.severity is Severity.WARNING, "warnings")

    def codes(self) -> list[str]:
        """The codes in order, e.g. for a quick assertion in a notebook or test."""
        return [f.code for f in self._findings]

    def for_element(self, element_id: str) -> Report:
        """The findings about one element."""
        return self._view(lambda f: f.element_id == element_id, f"findings about {element_id}")

    def raise_for_severity(self, severity: Severity | str = Severity.ERROR) -> None:
        """Raise `FindingsError` when any finding is at or above `severity`."""
        level = Severity(severity)
        if self.at_least(level):
            raise FindingsError(self, level)

    def to_dicts(self) -> list[dict[str, Any]]:
        """Plain values, one dict per finding."""
        return [f.to_dict() for f in self._findings]

    def to_json(self, indent: int | None = 2, *, version: int | None = None) -> str:
        r"""JSON text of `to_dicts()`, with control and format characters as `\u` escapes.

        With a `version`, the list is the `findings` of an object that also holds the version of
        the format (`{"version": 1, "findings": [...]}`), as `toc validate --format json` prints
        it: see docs/json-output.md for what a version promises.

        `json.dumps` escapes only ASCII control characters; C1 controls (U+009B starts a terminal
        sequence) and bidirectional marks would reach a terminal printing the JSON as they are.
        The escapes decode to the same strings.
        """
        data: Any = self.to_dicts()
        if version is not None:
            data = {"version": version, "findings": data}
        text = json.dumps(data, indent=indent, ensure_ascii=False)
        if text.replace("\n", "").isprintable():
            return text
        return "".join(c if c.isprintable() or c == "\n" else json.dumps(c)[1:-1] for c in text)

    def to_text(self) -> str:
        """One `file:line:col: CODE message` line per finding."""
        return "\n".join(f.format() for f in self._findings)

    def to_frame(self) -> pd.DataFrame:
        """One row per finding as a pandas DataFrame (the `pandas` extra)."""
        from toc.io.frames import report_frame

        return report_frame(self)

    def to_html(self) -> str:
        """An HTML table for notebooks, then the summary; every value is escaped."""
        if not self._findings:
            return f"<p>{html.escape(printable(self.summary()))}</p>"
        rows = "".join(
            "<tr>"
            f"<td>{html.escape(f.location)}</td>"
            f'<td><a href="{html.escape(f.url)}">{html.escape(f.code)}</a></td>'
            f"<td>{html.escape(f.severity.value)}</td>"
            f"<td>{html.escape(f.element_id or '')}</td>"
            f"<td>{html.escape(f.message)}</td>"
            "</tr>"
            for f in self._findings
        )
        head = (
            "<tr><th>where</th><th>code</th><th>severity</th><th>element</th><th>message</th></tr>"
        )
        summary = html.escape(printable(self.summary()))
        return f"<table>{head}{rows}</table><p>{summary}</p>"

    def _repr_mimebundle_(self, **_: Any) -> dict[str, str]:
        """Notebook display: an HTML table, with plain text as the fallback; then the summary."""
        text = printable(self.summary())
        if self._findings:
            text = f"{self.to_text()}\n{text}"
        return {"text/plain": text, "text/html": self.to_html()}


def _counts_sentence(counts: dict[str, int]) -> str:
    """`No errors: 37 warnings, 28 info.` or `2 errors, 5 warnings.`: errors first, said plainly."""
    if not counts:
        return "No findings."
    if "error" not in counts:
        return f"No errors: {tally(counts)}."
    return f"{tally(counts)}."


def tally(counts: dict[str, int]) -> str:
    """`2 errors, 37 warnings, 28 info` from `Report.counts()`; info takes no plural."""
    words = {"error": "errors", "warning": "warnings", "info": "info"}
    return ", ".join(f"{n:,} {kind if n == 1 else words[kind]}" for kind, n in counts.items())
