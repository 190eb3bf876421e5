"""Configuration of validation: which codes run, at what severity, and how strict KPIs must be.

Severity lives here, not in the rules, so that a team can make "no baseline" an error for its own
strategy without forking a rule. Codes found while reading a file (`TOC0xx`, `TOC101`-`TOC104`) are
not configurable: they say the file could not be read as written, so they always show, at their
own severity, and naming one in `ignore` or `severities` is an error rather than a setting that
would do nothing. Settings files and profiles (`toc.settings`) build a `Config` too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Literal

from toc.findings import Severity

if TYPE_CHECKING:
    from toc.rules.registry import Rule

KpiRequirement = Literal["measure", "target", "baseline", "data_source", "frequency"]
KPI_REQUIREMENTS: tuple[KpiRequirement, ...] = (
    "measure",
    "target",
    "baseline",
    "data_source",
    "frequency",
)
KpiReach = Literal["direct", "downstream"]


class ConfigError(ValueError):
    """A configuration that names an unknown code or option, or a code it cannot change."""


@dataclass(frozen=True)
class Config:
    """Validation settings.

    `select` and `ignore` take codes (`TOC301`) or prefixes (`TOC3`); an empty `select` means all.
    Codes found while reading are always reported at their own severity: a prefix that also
    covers them (`TOC1`) changes only the rules, and naming only them is a `ConfigError`.
    `kpi_requires` is what the headline rule demands of a KPI before it counts (always `measure`;
    add `target` or `data_source` to be stricter). `kpi_reach` says where the KPI may sit:
    `direct` (on the activity or an output it produces) or `downstream` (also on outcomes and
    impacts the activity leads to).
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severities: Mapping[str, Severity] = field(default_factory=dict)
    kpi_requires: frozenset[KpiRequirement] = frozenset({"measure"})
    kpi_reach: KpiReach = "direct"
    as_of: dt.date | None = None

    def __post_init__(self) -> None:

        for pattern in self.select:
            check_pattern(pattern, changes=False)
        for pattern in (*self.ignore, *self.severities):
            check_pattern(pattern)
        unknown = set(self.kpi_requires) - set(KPI_REQUIREMENTS)
        if unknown:
            raise ConfigError(
                f"unknown KPI requirement(s) {sorted(unknown)}; "
                f"choose from {list(KPI_REQUIREMENTS)}"
            )
        if self.kpi_reach not in ("direct", "downstream"):
            raise ConfigError(f"kpi_reach must be 'direct' or 'downstream', not {self.kpi_reach!r}")
        if self.as_of is not None and type(self.as_of) is not dt.date:
            raise ConfigError(f"as_of must be a date, not {self.as_of!r}")
        object.__setattr__(self, "kpi_requires", frozenset({"measure", *self.kpi_requires}))

    @classmethod
    def build(
        cls,
        *,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        severities: Mapping[str, str | Severity] | None = None,
        kpi_requires: Iterable[str] = (),
        kpi_reach: str = "direct",
        as_of: str | dt.date | None = None,
    ) -> Config:
        """Build from plain strings, as given on a command line or in a settings file.

        `as_of` is a date or its ISO form, `YYYY-MM-DD`.
        """
        try:
            levels = {code: Severity(level) for code, level in (severities or {}).items()}
        except ValueError as error:
            raise ConfigError(f"{error}; severities are error, warning or info") from None
        return cls(
            select=tuple(s.strip().upper() for s in select if s.strip()),
            ignore=tuple(s.strip().upper() for s in ignore if s.strip()),
            severities={code.upper(): level for code, level in levels.items()},
            kpi_requires=frozenset(r.strip().replace("-", "_") for r in kpi_requires),  # type: ignore[misc]  # checked in __post_init__
            kpi_reach=kpi_reach,  # type: ignore[arg-type]  # checked in __post_init__
            as_of=as_of_date(as_of),
        )

    @property
    def today(self) -> dt.date:
        """The day taken as today: `as_of`, else the real date."""
        return self.as_of if self.as_of is not None else dt.date.today()

    def enabled(self, code: str) -> bool:
        """Whether a code is reported: found while reading, or selected and not ignored."""
        if code in reading_codes():
            return True
        selected = not self.select or any(code.startswith(p) for p in self.select)
        return selected and not any(code.startswith(p) for p in self.ignore)

    def severity_of(self, rule: Rule) -> Severity:
        """The configured severity of a rule: the longest matching override, else its default.

        A code found while reading keeps its own severity.
        """
        if rule.check is None:
            return rule.severity
        matches = [p for p in self.severities if rule.code.startswith(p)]
        return self.severities[max(matches, key=len)] if matches else rule.severity


@cache
def reading_codes() -> frozenset[str]:
    """The codes found while reading a file, before any rule runs: never ignored or re-graded."""
    from toc.rules import RULES

    return frozenset(code for code, rule in RULES.items() if rule.check is None)


def check_pattern(pattern: str, *, changes: bool = True) -> None:
    """Raise `ConfigError` unless `pattern` (a code or prefix) names a rule.

    With `changes` (for `ignore` and `severity`), a pattern must also name a rule that runs on
    the model: a code found while reading cannot be ignored or given another severity.
    """
    from toc.rules import RULES

    if not pattern:
        raise ConfigError("an empty code; write a code such as TOC304, or a prefix (TOC for all)")
    named = [code for code in RULES if code.startswith(pattern)]
    if not named:
        raise ConfigError(f"no rule code matches {pattern!r}{_closest_code(pattern)}")
    if not changes or any(code not in reading_codes() for code in named):
        return
    if named == [pattern]:
        rule = RULES[pattern]
        why = (
            "means the file could not be read, so nothing else can be checked"
            if rule.unreadable
            else "is found while reading the file, before any rule runs"
        )
        raise ConfigError(
            f"{pattern} ({rule.name}) {why}: it cannot be ignored or given another severity; "
            f"fix the file instead (`toc rules {pattern}` explains it)"
        )
    raise ConfigError(
        f"{pattern} names only codes found while reading the file ({named[0]}-{named[-1]}), "
        "before any rule runs: they cannot be ignored or given another severity"
    )


def _closest_code(pattern: str) -> str:
    """A "did you mean" for a mistyped code: letters O and I read as digits, then spelling."""
    from toc.rules import RULES
    from toc.suggest import did_you_mean

    digits = pattern[:3] + pattern[3:].translate(str.maketrans("OIL", "011"))
    if digits in RULES:
        return f"; did you mean `{digits}`?"
    hint = did_you_mean(pattern, RULES, cutoff=0.8) if len(pattern) == len("TOC000") else ""
    return hint or "; `toc rules` lists them"


def as_of_date(value: str | dt.date | None) -> dt.date | None:
    """`as_of` as a date: a date, its ISO form `YYYY-MM-DD`, or None; else `ConfigError`."""
    if value is None or type(value) is dt.date:
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(f"as_of must be a date written YYYY-MM-DD, not {value!r}")
