"""Findings are values: a stable code, a plain-English message and an exact place in a file.

Raising is a separate, opt-in step (`Report.raise_for_severity`), so a notebook or CI job sees every
problem at once instead of the first one.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
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
        if self.sheet is not None:
            cell = f"!{column_letters(self.col)}{self.line}" if self.line > 0 else ""
            return f"{self.file}:{self.sheet}{cell}"
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"

    def format(self) -> str:
        """The one-line form editors and CI logs understand: `file:line:col: CODE message`.

        Messages quote what the user wrote, so control and invisible formatting characters are
        shown as escapes: a key cannot recolour a terminal, forge a link or break the line.
        """
        return printable(f"{self.location}: {self.code} {self.message}")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values, with the docs URL."""
        data = asdict(self)
        data["severity"] = self.severity.value
        data["path"] = list(self.path)
        data["url"] = self.url
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
    """An ordered, immutable collection of findings with the views a reviewer needs."""

    __slots__ = ("_findings",)

    def __init__(self, findings: Iterable[Finding] = ()) -> None:
        self._findings: tuple[Finding, ...] = tuple(sorted(findings))

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
        counts = ", ".join(f"{n} {s}" for s, n in self.counts().items()) or "clean"
        return f"<Report: {counts}>"

    def counts(self) -> dict[str, int]:
        """How many findings of each severity, most severe first."""
        tally = Counter(f.severity for f in self._findings)
        return {s.value: tally[s] for s in Severity if tally[s]}

    def at_least(self, severity: Severity | str) -> Report:
        """The findings at or above a severity."""
        floor = Severity(severity).rank
        return Report(f for f in self._findings if f.severity.rank >= floor)

    @property
    def errors(self) -> Report:
        """The findings of severity error."""
        return self.at_least(Severity.ERROR)

    def codes(self) -> list[str]:
        """The codes in order, e.g. for a quick assertion in a notebook or test."""
        return [f.code for f in self._findings]

    def for_element(self, element_id: str) -> Report:
        """The findings about one element."""
        return Report(f for f in self._findings if f.element_id == element_id)

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
        """An HTML table for notebooks; every value is escaped."""
        if not self._findings:
            return "<p>No findings.</p>"
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
        return f"<table>{head}{rows}</table>"

    def _repr_mimebundle_(self, **_: Any) -> dict[str, str]:
        """Notebook display: an HTML table, with plain text as the fallback."""
        return {"text/plain": self.to_text() or "No findings.", "text/html": self.to_html()}
