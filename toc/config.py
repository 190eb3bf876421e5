"""Configuration of validation: which codes run, at what severity, and how strict KPIs must be.

Severity lives here, not in the rules, so that a team can make "no baseline" an error for its own
strategy without forking a rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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
    """A configuration that names an unknown code or option."""


@dataclass(frozen=True)
class Config:
    """Validation settings.

    `select` and `ignore` take codes (`TOC301`) or prefixes (`TOC3`); an empty `select` means all.
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
        from toc.rules import RULES

        for pattern in (*self.select, *self.ignore, *self.severities):
            if not any(code.startswith(pattern) for code in RULES):
                raise ConfigError(f"no rule code matches {pattern!r}; see `toc rules` for the list")
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
            as_of=_date(as_of),
        )

    @property
    def today(self) -> dt.date:
        """The day taken as today: `as_of`, else the real date."""
        return self.as_of if self.as_of is not None else dt.date.today()

    def enabled(self, code: str) -> bool:
        """Whether a code is reported: selected (or no selection) and not ignored."""
        selected = not self.select or any(code.startswith(p) for p in self.select)
        return selected and not any(code.startswith(p) for p in self.ignore)

    def severity_of(self, rule: Rule) -> Severity:
        """The configured severity of a rule: the longest matching override, else its default."""
        matches = [p for p in self.severities if rule.code.startswith(p)]
        return self.severities[max(matches, key=len)] if matches else rule.severity


def _date(value: str | dt.date | None) -> dt.date | None:
    if value is None or type(value) is dt.date:
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(f"as_of must be a date written YYYY-MM-DD, not {value!r}")
