"""A report as a person reads it in a terminal: causes first, knock-ons folded, alike grouped.

`Report.to_text()` gives one line per finding, which is what an editor or a script wants. A
person fixing a model wants the few things to fix: a ToC with no indicators gave 69 TOC301 and
83 TOC307 lines, and a duplicate id came fifth behind the four findings it caused. So:

- a finding that others follow from (`Finding.follows_from`) comes first, with one line saying
  how many follow, of which severities, and where;
- findings of one code, severity and message shape (the message with its quoted ids and numbers
  taken out) in one file, `GROUP_FROM` or more of them, print once with a line giving how many
  more and where.

Every finding stays counted: the summary counts them all, and a folded error is still an
error for the exit status. `--show-all` prints every line, and JSON keeps everything.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from toc._messages import listed
from toc.findings import Finding, Report, printable, tally

GROUP_FROM = 3
"""Alike findings in one file, from this many on, print as one finding and a line for the rest."""
PLACES_SHOWN = 6
"""Places named on a fold or group line; the rest are counted."""
INDENT = "    "

_QUOTED = re.compile(r"`[^`]*`|\d+")


@dataclass(frozen=True, slots=True)
class Layout:
    """The lines to print, and how many findings they fold or group (for the summary)."""

    lines: list[str]
    folded: int = 0
    """Findings printed only as part of their cause's line."""
    grouped: int = 0
    """Findings printed only as part of a group's line."""


def shape(message: str) -> str:
    """The message with what varies between alike findings (quoted ids, numbers) taken out."""
    return _QUOTED.sub("…", message)


def every_line(findings: Iterable[Finding]) -> Layout:
    """One line per finding in file order; a knock-on names the finding it follows from."""
    lines = []
    for finding in findings:
        line = finding.format()
        cause = finding.follows_from
        if cause is not None:
            line += printable(f" (follows from {cause.code} at {_place(cause, finding)})")
        lines.append(line)
    return Layout(lines)


def short_lines(findings: Sequence[Finding]) -> Layout:
    """Causes first with their knock-ons folded, then the rest with alike findings grouped.

    A knock-on whose cause is not among `findings` (left out by `--quiet`, say) prints as any
    other finding. Findings are told apart by identity: two can be equal (one code, one cell).
    """
    present = {id(f) for f in findings}
    followers: dict[int, list[Finding]] = {}
    causes: dict[int, Finding] = {}
    for finding in findings:
        cause = finding.follows_from
        if cause is not None and id(cause) in present:
            followers.setdefault(id(cause), []).append(finding)
            causes[id(cause)] = cause
    lines: list[str] = []
    for key, cause in sorted(causes.items(), key=lambda item: item[1]):
        lines.append(cause.format())
        lines.append(_fold_line(cause, followers[key]))
    folded = {id(f) for group in followers.values() for f in group}
    rest = [f for f in findings if id(f) not in causes and id(f) not in folded]
    grouped = _grouped(rest, lines)
    return Layout(lines, folded=len(folded), grouped=grouped)


def _grouped(findings: Sequence[Finding], lines: list[str]) -> int:
    """Append the lines of `findings`, alike ones grouped; return how many were grouped."""
    groups: dict[tuple[str, str, str, str], list[Finding]] = {}
    for finding in findings:
        key = (finding.file, finding.code, finding.severity.value, shape(finding.message))
        groups.setdefault(key, []).append(finding)
    leaders = {id(group[0]): group[1:] for group in groups.values() if len(group) >= GROUP_FROM}
    hidden = {id(f) for rest in leaders.values() for f in rest}
    for finding in findings:
        if id(finding) in hidden:
            continue
        lines.append(finding.format())
        rest = leaders.get(id(finding))
        if rest:
            places = _places(rest, finding)
            lines.append(printable(f"{INDENT}… and {len(rest):,} more like it, at {places}"))
    return len(hidden)


def _fold_line(cause: Finding, followers: list[Finding]) -> str:
    """`… 4 more findings follow from this (3 errors, 1 warning): TOC201 at 182:9, …`."""
    severities = tally(Report(followers).counts())
    places = _places(followers, cause, with_code=True)
    what = "finding follows" if len(followers) == 1 else "findings follow"
    return printable(f"{INDENT}… {len(followers):,} more {what} from this ({severities}): {places}")


def _places(findings: Sequence[Finding], beside: Finding, *, with_code: bool = False) -> str:
    """`12:5, 14:5 (twice), 20:5, … and 9 more`: where `findings` are, each place once."""
    counted = Counter((f"{f.code} at " if with_code else "") + _place(f, beside) for f in findings)
    return listed(
        [place if n == 1 else f"{place} ({_times(n)})" for place, n in counted.items()],
        PLACES_SHOWN,
        quote=False,
    )


def _times(count: int) -> str:
    return "twice" if count == 2 else f"{count:,} times"


def _place(finding: Finding, beside: Finding) -> str:
    """Where `finding` is, said briefly next to `beside`: `12:5` in the same file."""
    if finding.file == beside.file and finding.place:
        return finding.place
    return finding.location


def statistics(findings: Iterable[Finding]) -> list[tuple[int, str, str, str]]:
    """How many findings of each code, most first: `(count, code, name, severity)`, like ruff."""
    per_code = Counter((f.code, f.name, f.severity.value) for f in findings)
    return sorted(
        ((count, *key) for key, count in per_code.items()), key=lambda row: (-row[0], row[1])
    )


def statistics_lines(rows: Sequence[tuple[int, str, str, str]]) -> list[str]:
    """The statistics as aligned columns: count, code, name, severity."""
    if not rows:
        return []
    count_width = max(len(f"{row[0]:,}") for row in rows)
    name_width = max(len(row[2]) for row in rows)
    return [
        f"{count:>{count_width},}  {code}  {name:<{name_width}}  {severity}"
        for count, code, name, severity in rows
    ]
