"""What makes a label a placeholder: the documented heuristic behind TOC114.

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


def placeholder_reason(label: str) -> str | None:
    """Why `label` looks like a placeholder, in a few words; None when it looks real."""
    text = " ".join(label.casefold().split())
    if not any(ch.isalnum() for ch in text):
        return "it has no letter or digit"
    core = text.strip(_EDGES)
    if core in _WORDS or core.startswith("lorem ipsum"):
        return "a placeholder word"
    squeezed = core.replace(" ", "")
    if len(set(squeezed)) == 1:
        return "one character" if len(squeezed) == 1 else "one character repeated"
    words = core.split()
    if all(_mash(word) for word in words):
        return "keyboard mash"
    if _GENERIC.fullmatch(core):
        return "a generic name, not what the element is"
    return None


def _mash(word: str) -> bool:
    letters = re.sub(r"(.)\1+", r"\1", word)
    return len(letters) >= 4 and letters.isalpha() and any(letters in row for row in _ROWS)
