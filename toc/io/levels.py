"""Level names as node lists and Kumu maps write them, mapped to the kinds of the model.

Tools name the rows of a theory of change in their own words: "Inputs", "Intermediate outcome 1",
"Final outcome", "Goal". One documented table (`DEFAULT_LEVELS`) maps the common names to a kind
(and a term for outcomes); `--levels "Strategic enabler=enabler,Stage 2=outcome:medium"` adds to it
or overrides it. Names are matched without regard to case, spacing, hyphens, "(s)" or a plural
"s", so "Short-term outcomes" and "short term outcome" are the same level.

A model's own outcome levels (`outcome_levels:`) are named `outcome:<level id>`, as in
`--levels "Intermediate outcome 1=outcome:intermediate-1,Final outcome=outcome:final"`; a reader
given such levels declares them in the model, in the order `--levels` names them
(`declared_outcome_levels`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from toc.model import ELEMENT_LISTS, SLUG_PATTERN, TERM_ORDER

__all__ = [
    "DEFAULT_LEVELS",
    "KINDS",
    "Level",
    "LevelError",
    "Levels",
    "declared_outcome_levels",
    "level_name",
    "parse_level",
    "parse_levels",
]

KINDS: tuple[str, ...] = tuple(cls.kind for cls in ELEMENT_LISTS.values())
"""Every element kind a level can map to, in results-chain order, then the context factors."""
_SPECS: tuple[str, ...] = tuple(
    spec
    for kind in KINDS
    for spec in ((f"outcome:{t}" for t in TERM_ORDER) if kind == "outcome" else (kind,))
)


class LevelError(ValueError):
    """A level mapping that cannot be used: `Name=kind` written wrongly, or an unknown kind."""


@dataclass(frozen=True, slots=True)
class Level:
    """What a level name means: a kind of element, and for outcomes the term."""

    kind: str
    term: str | None = None

    def __str__(self) -> str:
        return f"{self.kind}:{self.term}" if self.term else self.kind


DEFAULT_LEVELS: dict[str, str] = {
    "Input": "input",
    "Resource": "input",
    "Activity": "activity",
    "Output": "output",
    "Indicator": "kpi",
    "KPI": "kpi",
    "Key performance indicator": "kpi",
    "Outcome": "outcome:short",
    "Immediate outcome": "outcome:short",
    "Short-term outcome": "outcome:short",
    "Intermediate outcome": "outcome:medium",
    "Intermediate outcome 1": "outcome:medium",
    "Intermediate outcome 2": "outcome:medium",
    "Medium-term outcome": "outcome:medium",
    "Mid-term outcome": "outcome:medium",
    "Long-term outcome": "outcome:long",
    "Final outcome": "outcome:long",
    "Impact": "impact",
    "Goal": "impact",
    "Ultimate outcome": "impact",
    "Assumption": "assumption",
    "Barrier": "barrier",
    "Enabler": "enabler",
    "Facilitator": "enabler",
    "Risk": "risk",
}
"""The level names every node-list and Kumu reader knows, and the kind each one maps to.

A plain "Outcome" is read as a short-term outcome: tools with a single outcome level put it
straight after the outputs. Give a `term` column, or `--levels "Outcome=outcome:medium"`, where
that is wrong. Kind names themselves (`outcome:long`, `kpi`) are always understood too.
"""

_NAMES_OF_KINDS: dict[Level, str] = {
    Level("input"): "Input",
    Level("activity"): "Activity",
    Level("output"): "Output",
    Level("kpi"): "KPI",
    Level("outcome", "short"): "Short-term outcome",
    Level("outcome", "medium"): "Medium-term outcome",
    Level("outcome", "long"): "Long-term outcome",
    Level("impact"): "Impact",
    Level("assumption"): "Assumption",
    Level("barrier"): "Barrier",
    Level("enabler"): "Enabler",
    Level("risk"): "Risk",
}


def level_name(kind: str, term: str | None = None) -> str:
    """The level name writers use for a kind ("Short-term outcome"); it reads back the same.

    An outcome of a level the model declares is written `outcome:<level id>`, which every
    reader understands without being told.
    """
    level = Level(kind, term if kind == "outcome" else None)
    return _NAMES_OF_KINDS.get(level) or str(level)


def parse_level(spec: str) -> Level:
    """A kind as `--levels` writes it: `activity`, `outcome:medium`; `LevelError` otherwise."""
    kind, _, term = (part.strip().lower() for part in spec.strip().partition(":"))
    if kind not in KINDS:
        from toc.suggest import did_you_mean

        hint = did_you_mean(kind, KINDS)
        raise LevelError(
            f"`{spec.strip()}` is not a kind{hint}; use one of {', '.join(KINDS)} "
            "(outcomes with a term: outcome:short, outcome:medium, outcome:long)"
        )
    if kind == "outcome":
        if not _SLUG.fullmatch(term):
            raise LevelError(
                f"`{spec.strip()}`: an outcome needs its term, as outcome:short, outcome:medium "
                "or outcome:long, or a level of the model's own, as outcome:final"
            )
        return Level(kind, term)
    if term:
        raise LevelError(f"`{spec.strip()}`: only outcomes have a term; write `{kind}`")
    return Level(kind)


def parse_levels(text: str) -> dict[str, str]:
    """The mapping `--levels "Intermediate outcome 1=outcome:short,Pillar=activity"` gives.

    Raises `LevelError` with a one-line reason for a pair without `=`, an empty name or an
    unknown kind. Level names cannot contain `,` or `=` here; pass `ReadOptions.levels` instead.
    """
    mapping: dict[str, str] = {}
    for raw in text.split(","):
        if not raw.strip():
            continue
        name, equals, spec = raw.partition("=")
        if not equals:
            raise LevelError(
                f"`{raw.strip()}` has no `=`: write each level as Name=kind, e.g. "
                '"Intermediate outcome 1=outcome:short,Pillar=activity"'
            )
        if not name.strip():
            raise LevelError(f"`{raw.strip()}` has no level name before `=`")
        mapping[name.strip()] = str(parse_level(spec))
    return mapping


_SLUG = re.compile(SLUG_PATTERN)


def declared_outcome_levels(overrides: Mapping[str, str]) -> list[tuple[str, str]]:
    """The outcome levels a `--levels` mapping names beyond short, medium and long, in its order.

    Each is `(level id, label)`, the label being the first name mapped to it ("Final outcome"):
    what a reader declares as the model's `outcome_levels` when its file uses them. When any is
    named, the default terms the mapping names take their place in that order too.
    """
    found: dict[str, str] = {}
    for name, spec in overrides.items():
        level = parse_level(spec)
        if level.kind == "outcome" and level.term is not None:
            found.setdefault(level.term, name.strip())
    if all(term in TERM_ORDER for term in found):
        return []
    return list(found.items())


_PLURAL_WORD = re.compile(r"(?<=[a-z]{3})(?<!s)s\b")


def _key(name: str) -> str:
    """The form names are compared in: lower case, one space between words, no plural."""
    text = name.lower().replace("(s)", " ")
    words = re.sub(r"[\s\-_/.:]+", " ", text).split()
    return " ".join(_singular(word) for word in words)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return _PLURAL_WORD.sub("", word)


class Levels:
    """The level table one reading uses: the defaults, the kind names, then the overrides."""

    def __init__(self, overrides: Mapping[str, str] | None = None) -> None:
        self._table: dict[str, Level] = {}
        self._names: dict[str, str] = {}
        self._overrides = dict(overrides or {})
        for name, spec in DEFAULT_LEVELS.items():
            self._add(name, parse_level(spec))
        for level, name in _NAMES_OF_KINDS.items():
            self._add(name, level)
            self._add(str(level), level)
        for kind in KINDS:
            if kind != "outcome":
                self._add(kind, Level(kind))
        for name, spec in (overrides or {}).items():
            if not _key(name):
                raise LevelError(f"level name {name!r} is empty")
            self._add(name, parse_level(spec), override=True)

    def _add(self, name: str, level: Level, *, override: bool = False) -> None:
        key = _key(name)
        if override or key not in self._table:
            self._table[key] = level
            self._names[key] = name

    def declared_outcome_levels(self) -> list[tuple[str, str]]:
        """The model's own outcome levels the overrides name (`declared_outcome_levels`)."""
        return declared_outcome_levels(self._overrides)

    def get(self, name: str) -> Level | None:
        """The level a name means, or None when neither the table nor the overrides know it.

        `outcome:<level id>` always means that level of the model's own (see `level_name`).
        """
        found = self._table.get(_key(name))
        if found is None and name.strip().lower().startswith("outcome:"):
            try:
                return parse_level(name)
            except LevelError:
                return None
        return found

    def names(self) -> Iterable[str]:
        """The names the table knows, as written in the table or the overrides."""
        return self._names.values()

    def unknown(self, name: str) -> str:
        """Why a name is not a level, with the nearest known name and how to map it.

        When a known level's words end the name ("Strategic enabler"), that level's kind is
        the mapping suggested; otherwise the message lists the kinds to choose from.
        """
        from toc.suggest import closest

        nearest = closest(_key(name), list(self._table))
        hint = f" (did you mean `{self._names[nearest]}`?)" if nearest else ""
        words = _key(name)
        within = [k for k in self._table if words.endswith(" " + k)]
        kind = str(self._table[max(within, key=len)]) if within else "KIND"
        example = name.strip().replace('"', "'").replace(",", " ").replace("=", " ")
        return (
            f"`{name.strip()}` is not a level this reader knows{hint}; map it with "
            f'--levels "{example}={kind}" (kinds: {", ".join(_SPECS)})'
        )
