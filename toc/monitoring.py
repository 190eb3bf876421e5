"""What a KPI's values mean over time: periods, the direction of good, and the value compared.

The monitoring rules (`toc.rules.monitoring`), the actuals reader (`toc.io.actuals`) and progress
(`toc.analysis.progress`) all need the same answers, so they live here, below all three, as small
pure functions of the model's records:

- **Periods.** A value says when it is for with `start`/`end`, a named `period`, a `date` or a
  `year`; `span_of` turns that into a date range. Named periods are read by `parse_period`:
  `2025` (a calendar year), `2025-Q2` (a calendar quarter, Q1 = January to March), `2025-H1`,
  `2025-06` (a month), `2025-06-30` (a day), `2025-26` or `2025/26` (a UK financial year, April
  to March) and `2025-26 Q1` (its first quarter, April to June). `2002-03` is the financial year,
  never March 2002.
- **Direction.** Whether higher is better: `direction` (see there).
- **Series.** A KPI's actuals grouped by their `dimensions`, in time order: `series`.
- **The value compared.** What is held against the target: the value as written, except for
  counts reported per period (`compared_values`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property, lru_cache
from typing import Generic, Literal, NamedTuple, TypeAlias, TypeVar

from toc.model import Actual, Baseline, Kpi, Number, Target

__all__ = [
    "DimensionKey",
    "Direction",
    "KpiData",
    "Milestones",
    "Observation",
    "Span",
    "adds_up",
    "applicable_target",
    "baseline_for",
    "compared_values",
    "dimension_key",
    "direction",
    "direction_stated",
    "finite",
    "meets",
    "parse_period",
    "period_key",
    "period_label",
    "series",
    "span_of",
    "targets_for",
]

Direction = Literal["up", "down", "exact"]
"""`up`: higher is better; `down`: lower is better; `exact`: the target is a value to hit."""
DimensionKey: TypeAlias = tuple[tuple[str, str], ...]
"""Dimensions as a sorted tuple of pairs, so that they can key a dictionary."""
PeriodKey: TypeAlias = tuple[object, ...]

P = TypeVar("P")


class Span(NamedTuple):
    """A period as the first and last day it covers (both included); ordered by start, then end.

    A named tuple: spans key the caches of `parse_period` and `Milestones`, and a tuple hashes
    in C.
    """

    start: dt.date
    end: dt.date


# --- periods ----------------------------------------------------------------------------------

_YEAR = r"(?P<year>\d{4})"
_FY = r"(?:fy\s*)?(?P<fy>\d{4})\s*[-/]\s*(?P<fy2>\d{2}|\d{4})"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("day", r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),
        ("fy-quarter", _FY + r"\s*[-\s]\s*q(?P<q>[1-4])"),
        ("fy-quarter", r"q(?P<q>[1-4])\s*[-\s]\s*" + _FY),
        ("fy", _FY),
        ("quarter", _YEAR + r"\s*[-\s]?\s*q(?P<q>[1-4])"),
        ("quarter", r"q(?P<q>[1-4])\s*[-\s]?\s*" + _YEAR),
        ("half", _YEAR + r"\s*[-\s]?\s*h(?P<h>[12])"),
        ("half", r"h(?P<h>[12])\s*[-\s]?\s*" + _YEAR),
        ("month", _YEAR + r"-(?P<month>\d{2})"),
        ("year", _YEAR),
    )
)


@lru_cache(maxsize=4096)
def parse_period(text: str) -> Span | None:
    """The days a named period covers, or None when the text is not one of the documented forms.

    Cached: a file of 20,000 rows names a few dozen periods, each looked up several times.
    """
    cleaned = " ".join(text.split())
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(cleaned)
        if match is None:
            continue
        try:
            span = _span(kind, match)
        except ValueError:  # 2025-13, 2025-02-30: the shape of a period, not a real one
            return None
        if span is not None:
            return span
    return None


def _span(kind: str, match: re.Match[str]) -> Span | None:
    found = match.groupdict()
    if kind in ("fy", "fy-quarter"):
        first, second = int(found["fy"]), found["fy2"]
        if int(second) != (first + 1 if len(second) == 4 else (first + 1) % 100):
            return None  # 2025-03 is a month, 2025-27 nothing
        if kind == "fy":
            return Span(dt.date(first, 4, 1), dt.date(first + 1, 3, 31))
        quarter = int(found["q"])
        month = 4 + 3 * (quarter - 1)
        year = first + (month - 1) // 12
        return _months(year, (month - 1) % 12 + 1, 3)
    year = int(found["year"])
    if kind == "day":
        day = dt.date(year, int(found["month"]), int(found["day"]))
        return Span(day, day)
    if kind == "quarter":
        return _months(year, 3 * int(found["q"]) - 2, 3)
    if kind == "half":
        return _months(year, 6 * int(found["h"]) - 5, 6)
    if kind == "month":
        return _months(year, int(found["month"]), 1)
    return Span(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _months(year: int, month: int, count: int) -> Span:
    """`count` months from the first of `month`."""
    start = dt.date(year, month, 1)
    after = month + count
    following = dt.date(year + (after - 1) // 12, (after - 1) % 12 + 1, 1)
    return Span(start, following - dt.timedelta(days=1))


def _year(year: int) -> Span | None:
    try:
        return Span(dt.date(year, 1, 1), dt.date(year, 12, 31))
    except ValueError:  # year 0 or past 9999
        return None


def span_of(value: Baseline | Target | Actual) -> Span | None:
    """When a value is for: `start`/`end`, else its named `period`, else `date`, else `year`.

    None for a value that says nothing about time (or only a period name that is not one of the
    documented forms).
    """
    if not isinstance(value, Baseline):  # a baseline is for a year or a date, never a period
        start, end = value.start, value.end
        if start is not None or end is not None:
            first = start if start is not None else end
            last = end if end is not None else start
            assert first is not None
            assert last is not None
            return Span(first, last)
        if value.period is not None and (span := parse_period(value.period)) is not None:
            return span
    if value.date is not None:
        return Span(value.date, value.date)
    if value.year is not None:
        return _year(value.year)
    return None


def period_label(value: Baseline | Target | Actual) -> str:
    """How a value's period is shown: its name, dates or year as written; empty when undated."""
    if not isinstance(value, Baseline):
        if value.period is not None:
            return value.period
        start, end = value.start, value.end
        if start is not None or end is not None:
            return " to ".join(d.isoformat() for d in (start, end) if d is not None)
    if value.date is not None:
        return value.date.isoformat()
    if value.year is not None:
        return str(value.year)
    return ""


def period_key(value: Actual) -> PeriodKey:
    """What makes two actuals "for the same period": their span, else the period name as written.

    `2025` written as `year: 2025` and as `period: "2025"` are the same period.
    """
    span = span_of(value)
    if span is not None:
        return ("span", span.start, span.end)
    return _named(value)


def _named(value: Actual) -> PeriodKey:
    return ("name", value.period or "")


# --- direction --------------------------------------------------------------------------------

_UP, _DOWN = frozenset({">=", ">"}), frozenset({"<=", "<"})


def direction(kpi: Kpi) -> Direction:
    """Which way is better for a KPI.

    In this order of precedence:

    1. a target whose comparator is written as `=`: `exact`;
    2. `ascending: true` (`up`) or `false` (`down`);
    3. the first comparator written on a target: `>=` or `>` up, `<=` or `<` down;
    4. otherwise `up`, IATI's default for `ascending`.

    A comparator left out is `>=` by default, so only one that is written says anything.
    """
    written = [t.comparator for t in kpi.targets if "comparator" in t.model_fields_set]
    if "=" in written:
        return "exact"
    if kpi.ascending is not None:
        return "up" if kpi.ascending else "down"
    for comparator in written:
        if comparator in _DOWN:
            return "down"
        if comparator in _UP:
            return "up"
    return "up"


def direction_stated(kpi: Kpi) -> bool:
    """Whether the KPI says which way is better: `ascending`, or a target (with its comparator).

    Without either, `direction` falls back on IATI's default, which is a guess, not a statement.
    """
    return kpi.ascending is not None or any(
        t.value is not None or "comparator" in t.model_fields_set for t in kpi.targets
    )


def meets(value: float, target: float, direction: Direction, comparator: str = ">=") -> bool:
    """Whether a value meets a target, read in the KPI's direction.

    The comparator decides whether equal is enough (`>` and `<` are strict) when it points the
    KPI's way; one that contradicts the direction (rule TOC309) is read as the direction says.
    Values within a billionth of each other count as equal.
    """
    equal = math.isclose(value, target, rel_tol=1e-9, abs_tol=1e-12)
    if direction == "exact":
        return equal
    if direction == "up":
        return value > target and not equal if comparator == ">" else value > target or equal
    return value < target and not equal if comparator == "<" else value < target or equal


# --- series, baselines and targets ------------------------------------------------------------


def dimension_key(dimensions: Mapping[str, str]) -> DimensionKey:
    """Dimensions as a sorted tuple of pairs (the empty tuple is the overall figure)."""
    return tuple(sorted(dimensions.items()))


class Observation(NamedTuple, Generic[P]):
    """One actual, with where it was written (a path into the model, or a file's cell).

    `unit` is the unit the data states for the value, when it states one (a file's unit column,
    or `%` written after the number); the model's own actuals state none. Its period (`span`),
    `dimensions` and `key` (what two actuals of one KPI share when they are for the same
    dimensions and period) are worked out once, by `Observation.of`: every check and the
    progress table ask for them. A named tuple, not a frozen dataclass: a year of a large
    programme has tens of thousands, and a frozen dataclass costs several times as much to build.
    """

    actual: Actual
    place: P
    unit: str | None
    span: Span | None
    dimensions: DimensionKey
    key: tuple[DimensionKey, PeriodKey]

    @classmethod
    def of(cls, actual: Actual, place: P, unit: str | None = None) -> Observation[P]:
        """An observation of `actual` at `place`, its period and key worked out."""
        span = span_of(actual)
        dimensions = dimension_key(actual.dimensions) if actual.dimensions else ()
        when = ("span", span.start, span.end) if span is not None else _named(actual)
        return cls(actual, place, unit, span, dimensions, (dimensions, when))


def series(observations: Iterable[Observation[P]]) -> dict[DimensionKey, list[Observation[P]]]:
    """Observations grouped by their dimensions, each group in time order.

    Time order is by the end, then the start, of each value's period. A group holding an actual
    with no period at all keeps the order written, since nothing says where it falls.
    """
    groups: dict[DimensionKey, list[Observation[P]]] = {}
    for item in observations:
        groups.setdefault(item.dimensions, []).append(item)
    for key, items in groups.items():
        spans = [item.span for item in items]
        dated = [(span, index) for index, span in enumerate(spans) if span is not None]
        if len(dated) == len(items):
            dated.sort(key=lambda pair: (pair[0].end, pair[0].start, pair[1]))
            groups[key] = [items[index] for _, index in dated]
    return groups


V = TypeVar("V", Baseline, Target)


def _matching(values: Sequence[V], dimensions: DimensionKey) -> list[V]:
    """The values for exactly these dimensions, else those with no dimensions."""
    exact = [v for v in values if dimension_key(v.dimensions) == dimensions]
    return exact or [v for v in values if not v.dimensions]


def baseline_for(kpi: Kpi, dimensions: DimensionKey = ()) -> Baseline | None:
    """The baseline of a series: one with its dimensions (else one with none).

    Of several, one with a value, and of those the latest (undated ones count as oldest, then
    the last written).
    """
    candidates = _matching(kpi.baselines, dimensions)
    valued = [b for b in candidates if b.value is not None]
    if not valued:
        return candidates[0] if candidates else None

    def recency(index: int) -> tuple[bool, dt.date, int]:
        span = span_of(valued[index])
        return (span is not None, span.end if span is not None else dt.date.min, index)

    return valued[max(range(len(valued)), key=recency)]


def targets_for(kpi: Kpi, dimensions: DimensionKey = ()) -> list[Target]:
    """The targets of a series: those with its dimensions, else those with none."""
    return _matching(kpi.targets, dimensions)


def applicable_target(targets: Sequence[Target], span: Span | None) -> Target | None:
    """The target an actual for `span` is held against.

    1. a dated target whose period contains the day the actual's period ends (of several, the
       shortest period): the milestone for that period;
    2. else the first dated target ending after it: the next milestone ahead;
    3. else a target with no date at all (the programme's overall target; the last one written);
    4. else the last dated target, which has passed.

    An actual with no period is held against the overall target, else the last dated one.
    """
    return Milestones(targets).applicable(span)


class Milestones:
    """A series' targets with their periods worked out once, for `applicable_target`."""

    def __init__(self, targets: Sequence[Target]) -> None:
        self.dated: list[tuple[Span, Target]] = []
        self.undated: list[Target] = []
        self._found: dict[Span | None, Target | None] = {}
        for target in targets:
            span = span_of(target)
            if span is None:
                self.undated.append(target)
            else:
                self.dated.append((span, target))

    def applicable(self, span: Span | None) -> Target | None:
        """The target for an actual of `span` (`applicable_target`), each span worked out once."""
        try:
            return self._found[span]
        except KeyError:
            found = self._found[span] = self._applicable(span)
            return found

    def _applicable(self, span: Span | None) -> Target | None:
        dated = self.dated
        if span is not None and dated:
            end = span.end
            containing = [(s, t) for s, t in dated if s.start <= end <= s.end]
            if containing:
                return min(containing, key=lambda item: item[0].end - item[0].start)[1]
            ahead = [(s, t) for s, t in dated if s.end > end]
            if ahead:
                return min(ahead, key=lambda item: item[0].end)[1]
        if self.undated:
            return self.undated[-1]
        if dated:
            return max(dated, key=lambda item: item[0].end)[1]
        return None


# --- the value compared -----------------------------------------------------------------------


def finite(value: Number | None) -> float | None:
    """A value as a float for arithmetic; None when missing, not finite, or past a float's range.

    YAML lets a file write `.nan`, `.inf` or an integer of hundreds of digits; none of them can
    be compared with a target, so arithmetic never sees them (TOC311 reports such an actual).
    """
    if value is None:
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def adds_up(kpi: Kpi) -> bool:
    """Whether a KPI's values are added up before they are compared: `cumulative: false` counts.

    `cumulative: true` says each value is already the total so far, so it is compared as written;
    so are values of a KPI that does not say. `cumulative: false` says each value counts its own
    period alone: for a count (`measure: unit`) that should grow (`up`), the total so far is
    what a target counts, so the values are added up. Percentages, scores and counts that should
    fall (incidents per quarter) cannot be added into anything a target means: compared as written.
    """
    return kpi.cumulative is False and kpi.measure == "unit" and direction(kpi) == "up"


def compared_values(
    kpi: Kpi, actuals: Sequence[Actual], baseline: Number | None
) -> list[float | None]:
    """The value held against the target for each actual of one series (in time order).

    For a KPI that `adds_up`, the running total: the baseline (0 without one) plus every value so
    far; `n/a` adds nothing; a value not known (`tbc`, `not-collected`, words only) makes every
    total from there on unknown (None). Otherwise each value as written (None without a number).
    """
    if not adds_up(kpi):
        return [finite(a.value) for a in actuals]
    totals: list[float | None] = []
    running: float | None = finite(baseline) or 0.0
    for actual in actuals:
        if running is not None:
            value = finite(actual.value)
            if value is not None:
                running += value
            elif actual.value is not None or actual.status != "n/a":
                running = None
        totals.append(running)
    return totals


def numbers(values: Iterable[float | None]) -> Iterator[tuple[int, float]]:
    """The values that are numbers, with their positions."""
    for index, value in enumerate(values):
        if value is not None:
            yield index, value


class KpiData(Generic[P]):
    """One KPI with its actuals, and what every check and the progress table ask of them.

    Each answer (the direction, the series, each series' baseline, milestones and compared
    values) is worked out once: the rules, progress and the roll-up all read the same ones.
    """

    def __init__(self, kpi: Kpi, observations: Sequence[Observation[P]]) -> None:
        self.kpi = kpi
        self.observations = observations
        self._baselines: dict[DimensionKey, Baseline | None] = {}
        self._milestones: dict[DimensionKey, Milestones] = {}
        self._compared: dict[DimensionKey, list[float | None]] = {}

    @cached_property
    def direction(self) -> Direction:
        """`direction(kpi)`."""
        return direction(self.kpi)

    @cached_property
    def adds_up(self) -> bool:
        """`adds_up(kpi)`."""
        return adds_up(self.kpi)

    @cached_property
    def groups(self) -> dict[DimensionKey, list[Observation[P]]]:
        """`series(observations)`: by dimensions, each in time order."""
        return series(self.observations)

    def baseline(self, key: DimensionKey) -> Baseline | None:
        """`baseline_for(kpi, key)`."""
        if key not in self._baselines:
            self._baselines[key] = baseline_for(self.kpi, key)
        return self._baselines[key]

    def start(self, key: DimensionKey) -> float | None:
        """The baseline's value for a series, if it has one that is a finite number."""
        baseline = self.baseline(key)
        return finite(baseline.value) if baseline is not None else None

    def milestones(self, key: DimensionKey) -> Milestones:
        """The targets of a series, ready for `Milestones.applicable`."""
        if key not in self._milestones:
            self._milestones[key] = Milestones(targets_for(self.kpi, key))
        return self._milestones[key]

    def compared(self, key: DimensionKey) -> list[float | None]:
        """`compared_values` for a series, in the order of `groups[key]`."""
        if key not in self._compared:
            actuals = [item.actual for item in self.groups[key]]
            self._compared[key] = compared_values(self.kpi, actuals, self.start(key))
        return self._compared[key]
