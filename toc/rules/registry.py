"""What a rule is: a stable code, a kebab-case name, a default severity and its documentation.

Rules are plain generator functions that yield `Hit`s (a structured path and a message); the
validator adds the file, line, column and the configured severity. Codes found while reading a
file (YAML and schema problems) are declared here too, so that every code has one home and one doc
page; they cannot be ignored or given another severity (`toc.config.check_pattern`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toc.findings import Path, Severity

if TYPE_CHECKING:
    from toc.rules.context import RuleContext


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's raw result: where (a path into the document) and what, before configuration."""

    path: Path
    message: str
    element_id: str | None = None


Check = Callable[["RuleContext"], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered code. `check` is None for codes raised while reading the file."""

    code: str
    name: str
    severity: Severity
    doc: str
    check: Check | None = None
    unreadable: bool = False
    """True when the finding means the file could not be read at all (CLI exit status 2)."""

    @property
    def summary(self) -> str:
        """The first paragraph of the documentation, on one line."""
        return " ".join(self.doc.strip().split("\n\n")[0].split())


def rule(code: str, name: str, severity: Severity) -> Callable[[Check], Rule]:
    """Turn a documented check function into a `Rule`; its docstring is its documentation."""

    def register(check: Check) -> Rule:
        if not check.__doc__:
            raise TypeError(f"rule {code} needs a docstring: it is the rule's documentation")
        return Rule(code, name, severity, inspect.cleandoc(check.__doc__), check)

    return register


def declared(
    code: str, name: str, severity: Severity, doc: str, *, unreadable: bool = False
) -> Rule:
    """A code reported while reading, documented here like any rule."""
    return Rule(code, name, severity, inspect.cleandoc(doc), None, unreadable)
