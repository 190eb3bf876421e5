"""What makes a label a placeholder: the documented heuristic behind TOC117.

A label is a placeholder when, compared case-insensitively with surrounding punctuation and
spaces removed, it is:

- a placeholder word or phrase: `tbc`, `tbd`, `tba`, `todo`, `to do`, `fixme`, `placeholder`,
  `dummy`, `test`, `untitled`, `unnamed`, `no label`, `label`, `name`, `new`, `none`, `null`,
  `n/a`, `to be confirmed` (or decided, determined, added, agreed), `insert text here`, or
  anything starting `lorem ipsum`;
- without a letter or digit (`?`, `...`, `-`);
- one character, or one letter repeated (`x`, `xxx`, `zzzz`);
- keyboard mash: every word, with repeated letters taken once, is four or more letters running
  along one row of a QWERTY keyboard (`asdf`, `asdfff`, `qwerty`, `hjkl`); no English word is;
- a generic name: the name of a kind of element, alone or numbered (`Output 3`, `Activity`,
  `New node`, `Element 12`), as a drawing tool or a spreadsheet fills in.

A label that merely equals its id (`funding` / `Funding`) is not a placeholder: importers make
ids from labels, so that is the normal case.
"""

from __future__ import annotations

import re

__all__ = ["placeholder_reason"]

_WORDS = frozenset(
    {
        "tbc", "tbd", "tba", "todo", "to do", "to-do", "fixme", "placeholder", "dummy", "test",
        "untitled", "unnamed", "no label", "label", "name", "new", "none", "null", "nil", "n/a",
        "na", "insert text here", "enter text here", "add text", "text here", "click to edit",
        "to be confirmed", "to be decided", "to be determined", "to be added", "to be agreed",
    }
)  # fmt: skip
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_GENERIC = re.compile(
    r"(?:new\s+)?(?:input|activity|output|outcome|impact|kpi|indicator|assumption|risk|barrier|"
    r"enabler|node|element|item|box|card|step|thing|shape)(?:\s*[-_#.]?\s*\d+)?"
)
_EDGES = " \t.,;:!?*-_\u2013\u2014'\"()[]{}<>/\\"
"""Punctuation around a label that does not change what it says (en and em dashes included)."""


_ALNUM = re.compile(r"[^\W_]")
_PAIRS = frozenset(row[i : i + 2] for row in _ROWS for i in range(len(row) - 1))
"""Two letters side by side on a row: how keyboard mash starts, and almost no real word."""
_LONGEST_GENERIC = 24


def placeholder_reason(label: str) -> str | None:
    """Why `label` looks like a placeholder, in a few words; None when it looks real.

    Run on every label of every model, so the common case (a real label) is turned away by
    cheap tests first.
    """
    text = " ".join(label.casefold().split())
    if _ALNUM.search(text) is None:
        return "it has no letter or digit"
    core = text.strip(_EDGES)
    if core in _WORDS or core.startswith("lorem ipsum"):
        return "a placeholder word"
    squeezed = core.replace(" ", "")
    if squeezed == squeezed[0] * len(squeezed):
        return "one character" if len(squeezed) == 1 else "one character repeated"
    if core[:2] in _PAIRS and all(_mash(word) for word in core.split()):
        return "keyboard mash"
    if len(core) <= _LONGEST_GENERIC and _GENERIC.fullmatch(core):
        return "a generic name, not what the element is"
    return None


def _mash(word: str) -> bool:
    if word[:2] not in _PAIRS:
        return False
    letters = re.sub(r"(.)\1+", r"\1", word)
    return len(letters) >= 4 and letters.isalpha() and any(letters in row for row in _ROWS)
