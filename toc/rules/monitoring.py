"""Monitoring rules (3xx, from TOC308): where the data contradicts the model.

Measurement rules ask whether a KPI *could* be monitored; these look at what monitoring found:
an actual going the wrong way, a target pointing the wrong way, a deadline passed with nothing
reported, a value in the wrong unit, the same period reported twice. `toc validate` runs them on
a model's own `actuals:`; `toc progress --actuals FILE` runs the same checks (the functions
below, which take actuals from anywhere) on the model's actuals and the file's together.

What a period is, which way is better and which target applies are defined once, in
`toc.monitoring`, and shared with `toc.analysis.progress`, so a rule and the progress table
never disagree.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Iterator, Sequence
from typing import TypeVar

from toc.findings import Path, Severity
from toc.model import Kpi, Number, Target
from toc.monitoring import (
    Direction,
    KpiData,
    Observation,
    Span,
    baseline_for,
    dimension_key,
    direction,
    direction_stated,
    finite,
    numbers,
    period_label,
    span_of,
    targets_for,
)
from toc.rules.context import RuleContext
from toc.rules.registry import Hit, rule

P = TypeVar("P")


def show(value: float) -> str:
    """A number as a person writes it: `45`, `0.45`; never `45.0` or `0.30000000000000004`.

    An integer of more than 15 digits is shown by its first ones and its size (`1.234e+400`),
    so that a message stays short whatever a file holds.
    """
    if isinstance(value, int):
        digits = str(abs(value))
        if len(digits) <= 15:
            return str(value)
        sign = "-" if value < 0 else ""
        return f"{sign}{digits[0]}.{digits[1:4]}e+{len(digits) - 1}"
    if not math.isfinite(value):
        return repr(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(round(value, 6))


def _dims(key: tuple[tuple[str, str], ...]) -> str:
    return f" ({', '.join(f'{k}: {v}' for k, v in key)})" if key else ""


def _period(observation: Observation[P]) -> str:
    label = period_label(observation.actual)
    return f"for {label}" if label else "(no period)"


_WAY = {"up": "higher is better", "down": "lower is better", "exact": "the target is exact"}


def _why(kpi: Kpi, way: Direction) -> str:
    """Where the direction comes from, for a message: `ascending: false`, a comparator."""
    if way == "exact":
        return "the target's comparator is `=`"
    if kpi.ascending is not None:
        return f"`ascending: {'true' if kpi.ascending else 'false'}`"
    written = [t.comparator for t in kpi.targets if "comparator" in t.model_fields_set]
    if written:
        return f"the target's comparator is `{written[0]}`"
    return "the KPI does not say, and IATI's default is `ascending: true`"


def _model_observations(kpi: Kpi, place: int) -> list[Observation[Path]]:
    return [
        Observation.of(actual, ("kpis", place, "actuals", index))
        for index, actual in enumerate(kpi.actuals)
    ]


def _kpis(ctx: RuleContext) -> Iterator[tuple[int, Kpi]]:
    """Each KPI once: a duplicated id is reported by TOC101, and only the first is checked."""
    for place, kpi in enumerate(ctx.model.kpis):
        if ctx.path_of(kpi.id) == ("kpis", place):
            yield place, kpi


def _target_path(kpi: Kpi, index: int) -> tuple[str | int, ...]:
    return ("target", index) if isinstance(kpi.target, tuple) else ("target",)


# --- TOC308 ------------------------------------------------------------------------------------


def _worse(latest: float, reference: float, way: Direction, target: Number | None) -> bool:
    if math.isclose(latest, reference, rel_tol=1e-9, abs_tol=1e-12):
        return False
    if way == "up":
        return latest < reference
    if way == "down":
        return latest > reference
    if target is None:
        return False
    return abs(latest - target) > abs(reference - target)


def moving_away(data: KpiData[P]) -> Iterator[tuple[P, str]]:
    """Each series whose latest actual is worse than its baseline (else than the actual before).

    The value looked at is the one progress compares (`toc.monitoring.compared_values`): for a
    count reported per period, the total so far. A KPI that states no direction (no `ascending`,
    no target) has none to move against, and is not checked.
    """
    kpi = data.kpi
    if not direction_stated(kpi):
        return
    way = data.direction
    for key, items in data.groups.items():
        baseline = data.baseline(key)
        start = data.start(key)
        known = list(numbers(data.compared(key)))
        if not known:
            continue
        index, latest = known[-1]
        if start is not None:
            reference: float = start
            since = f"its baseline of {show(start)}"
            if baseline is not None and (when := period_label(baseline)):
                since += f" ({when})"
        elif len(known) >= 2:
            before, reference = known[-2]
            since = f"the actual before it, {show(reference)} {_period(items[before])}"
        else:
            continue
        target = data.milestones(key).applicable(items[index].span)
        goal = finite(target.value) if target is not None else None
        if not _worse(latest, reference, way, goal):
            continue
        what = "the total so far" if data.adds_up else "the actual"
        aimed = target is not None and goal is not None
        aim = f" (target {target.comparator} {show(goal)})" if target and goal is not None else ""
        moving = "moving away from its target" if aimed else "moving the wrong way"
        yield (
            items[index].place,
            f"KPI `{kpi.id}`{_dims(key)} is {moving}: {what} "
            f"{_period(items[index])} is {show(latest)}, against {since}, where "
            f"{_WAY[way]}{aim}",
        )


@rule("TOC308", "actual-moving-away", Severity.WARNING)
def actual_moving_away(ctx: RuleContext) -> Iterator[Hit]:
    """A KPI whose latest actual is worse than its baseline, the wrong way for its direction.

    Lower where higher is better, higher where lower is better, or further from an exact target.
    A result moving the wrong way is the first thing a monitoring report must show, and the
    easiest to miss in a column of numbers. The latest actual (of each disaggregation, see
    `dimensions`) is compared with the baseline; without a baseline, with the actual before it.
    Which way is better comes from `ascending`, else the target's comparator (see
    docs/monitoring.md); a KPI that states neither is not checked. For a count reported per
    period (`cumulative: false`), the total so far is compared.

    Fails:
    ```yaml
    toc: 1
    id: exclusions
    title: Fewer school suspensions
    kpis:
      - id: suspensions
        label: Fixed-term suspensions per 1,000 pupils
        measure: unit
        unit: suspensions per 1,000 pupils
        ascending: false
        baseline: {value: 45, year: 2023}
        target: {value: 25, comparator: "<=", year: 2027}
        actuals:
          - {period: 2025-Q2, value: 48}
    ```

    Passes:
    ```yaml
    toc: 1
    id: exclusions
    title: Fewer school suspensions
    kpis:
      - id: suspensions
        label: Fixed-term suspensions per 1,000 pupils
        measure: unit
        unit: suspensions per 1,000 pupils
        ascending: false
        baseline: {value: 45, year: 2023}
        target: {value: 25, comparator: "<=", year: 2027}
        actuals:
          - {period: 2025-Q2, value: 39}
    ```
    """
    for place, kpi in _kpis(ctx):
        for path, message in moving_away(KpiData(kpi, _model_observations(kpi, place))):
            yield Hit(path, message, kpi.id)


# --- TOC309 ------------------------------------------------------------------------------------

_UP, _DOWN = frozenset({">=", ">"}), frozenset({"<=", "<"})


def against_direction(kpi: Kpi) -> Iterator[tuple[int, str]]:
    """Each target (by its index in `kpi.targets`) that points the other way from the KPI."""
    way = direction(kpi)
    earlier: dict[int, tuple[Target, float]] = {}
    if isinstance(kpi.target, tuple) and way != "exact" and kpi.cumulative is not False:
        written = any("comparator" in t.model_fields_set for t in kpi.target)
        if kpi.ascending is not None or written:
            earlier = _earlier_milestones(kpi)
    for index, target in enumerate(kpi.targets):
        written = "comparator" in target.model_fields_set
        if (
            kpi.ascending is not None
            and written
            and target.comparator in (_DOWN if kpi.ascending else _UP)
        ):
            better = "higher" if kpi.ascending else "lower"
            yield (
                index,
                f"KPI `{kpi.id}` says {better} is better (`ascending: "
                f"{'true' if kpi.ascending else 'false'}`), but its target's comparator "
                f"`{target.comparator}` asks for a value "
                f"{'at most' if kpi.ascending else 'at least'} the target; change one of them",
            )
            continue
        baseline = baseline_for(kpi, dimension_key(target.dimensions))
        goal = finite(target.value)
        start = finite(baseline.value) if baseline is not None else None
        if goal is None or way == "exact":
            continue
        if start is not None and _wrong_way(goal, start, way):
            side = "below" if goal < start else "above"
            yield (
                index,
                f"KPI `{kpi.id}` has a target of {show(goal)}, {side} its baseline of "
                f"{show(start)}, but {_WAY[way]} ({_why(kpi, way)}): reaching the target would "
                "be getting worse; correct `ascending` or the target",
            )
        elif index in earlier and _wrong_way(goal, earlier[index][1], way):
            before, value = earlier[index]
            side = "below" if goal < value else "above"
            yield (
                index,
                f"KPI `{kpi.id}` has a target of {show(goal)} for {period_label(target)}, {side} "
                f"its earlier milestone of {show(value)} for {period_label(before)}, but "
                f"{_WAY[way]} ({_why(kpi, way)}): the milestones run the wrong way; correct "
                "`ascending` or the targets",
            )


def _wrong_way(goal: float, reference: float, way: Direction) -> bool:
    wrong = goal < reference if way == "up" else goal > reference
    return wrong and not math.isclose(goal, reference, rel_tol=1e-9, abs_tol=1e-12)


def _earlier_milestones(kpi: Kpi) -> dict[int, tuple[Target, float]]:
    """For each dated target with a value: the milestone just before it (same dimensions)."""
    dated: dict[tuple[tuple[str, str], ...], list[tuple[Span, int, Target, float]]] = {}
    for index, target in enumerate(kpi.targets):
        span, value = span_of(target), finite(target.value)
        if span is not None and value is not None:
            key = dimension_key(target.dimensions)
            dated.setdefault(key, []).append((span, index, target, value))
    earlier: dict[int, tuple[Target, float]] = {}
    for milestones in dated.values():
        milestones.sort(key=lambda item: (item[0], item[1]))
        for (span, _, target, value), (later, index, _, _) in itertools.pairwise(milestones):
            if later != span:
                earlier[index] = (target, value)
    return earlier


@rule("TOC309", "target-against-direction", Severity.WARNING)
def target_against_direction(ctx: RuleContext) -> Iterator[Hit]:
    """A target that points the other way from the KPI's direction.

    It is on the wrong side of the baseline for the direction, its comparator contradicts
    `ascending`, or a later milestone is worse than the one before it (`ascending: true` with
    targets of 10 for 2025 and 5 for 2026). Milestones are checked only where the KPI states its
    direction (`ascending` or a comparator), and not for a KPI counted per period (`cumulative:
    false`), whose targets may rightly fall from one period to the next. Found in real records:
    `ascending: false` (lower is better) with a baseline of 0 and a target of 3. One of the two
    is wrong, and progress towards such a target means getting worse, so no progress figure for
    the KPI can be trusted until it is corrected. Progress is measured towards the target as
    written.

    Fails:
    ```yaml
    toc: 1
    id: un-record
    title: A target on the wrong side of its baseline
    kpis:
      - id: incidents
        label: Reported incidents
        measure: unit
        unit: incidents
        ascending: false
        baseline: {value: 0, year: 2022}
        target: {value: 3, year: 2025}
    ```

    Passes:
    ```yaml
    toc: 1
    id: un-record
    title: A target on the right side of its baseline
    kpis:
      - id: incidents
        label: Reported incidents
        measure: unit
        unit: incidents
        ascending: false
        baseline: {value: 5, year: 2022}
        target: {value: 3, year: 2025}
    ```
    """
    for place, kpi in _kpis(ctx):
        for index, message in against_direction(kpi):
            yield Hit(("kpis", place, *_target_path(kpi, index)), message, kpi.id)


# --- TOC310 ------------------------------------------------------------------------------------

_FINAL = frozenset({"n/a", "not-collected"})


def passed_without_actual(data: KpiData[P], today: dt.date) -> Iterator[tuple[int, str]]:
    """Each target (by index) whose period ended before `today` with no actual held against it.

    An actual is held against the target `applicable_target` picks for it, as in progress. One
    with a value or words counts, and so does `n/a` or `not-collected` (nothing will come); `tbc`
    does not, since the value is still owed.
    """
    kpi = data.kpi
    if not any(span_of(target) is not None for target in kpi.targets):
        return
    reported: set[int] = set()
    owed: set[int] = set()
    for key, items in data.groups.items():
        milestones = data.milestones(key)
        for item in items:
            target = milestones.applicable(item.span)
            if target is None:
                continue
            actual = item.actual
            if actual.value is not None or actual.text is not None or actual.status in _FINAL:
                reported.add(id(target))
            else:
                owed.add(id(target))
    for index, target in enumerate(kpi.targets):
        span = span_of(target)
        if span is None or span.end >= today or id(target) in reported:
            continue
        label = period_label(target)
        said = f" ({show(target.value)})" if target.value is not None else ""
        found = "its actual is still `tbc`" if id(target) in owed else "no actual is reported"
        dims = _dims(dimension_key(target.dimensions))
        yield (
            index,
            f"KPI `{kpi.id}` has a target for {label}{said}{dims}"
            f" whose period ended on {span.end.isoformat()}, and {found} (as of "
            f"{today.isoformat()}); add the actual, or `status: not-collected` if there will be "
            "none",
        )


@rule("TOC310", "target-passed-without-actual", Severity.WARNING)
def target_passed_without_actual(ctx: RuleContext) -> Iterator[Hit]:
    """A target whose date or period has passed with no actual reported for it.

    Whether a milestone was met is exactly what a funder asks after its date; with no actual
    nobody can say. "Today" is the configured `as_of` date (`--as-of 2025-09-30` on the command
    line, `Config(as_of=...)` in Python), else the real date.
    An actual counts for the target progress holds it against (the milestone its period falls
    in, else the next one ahead); `n/a` and `not-collected` count as answered, `tbc` does not.
    A model whose actuals are kept in a separate file is checked with that file by
    `toc progress --actuals FILE`.

    Fails:
    ```yaml
    toc: 1
    id: milestones
    title: A milestone passed unreported
    kpis:
      - id: staff-trained
        label: Number of staff trained
        measure: unit
        unit: staff trained
        target:
          - {period: 2020-21, value: 100}
          - {period: 2021-22, value: 200}
        actuals:
          - {period: 2021-22, value: 210}
    ```

    Passes:
    ```yaml
    toc: 1
    id: milestones
    title: Every milestone reported
    kpis:
      - id: staff-trained
        label: Number of staff trained
        measure: unit
        unit: staff trained
        target:
          - {period: 2020-21, value: 100}
          - {period: 2021-22, value: 200}
        actuals:
          - {period: 2020-21, value: 95}
          - {period: 2021-22, value: 210}
    ```
    """
    today = ctx.config.today
    for place, kpi in _kpis(ctx):
        data = KpiData(kpi, _model_observations(kpi, place))
        for index, message in passed_without_actual(data, today):
            yield Hit(("kpis", place, *_target_path(kpi, index)), message, kpi.id)


# --- TOC311 ------------------------------------------------------------------------------------

_PERCENT = frozenset({"%", "percent", "percentage", "per cent", "pct", "percentages"})
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(w.removesuffix("s") for w in _WORD.findall(text.casefold()))


def is_percent(unit: str) -> bool:
    """Whether a unit written in data means per cent: `%`, `percent`, `per cent`, `pct`."""
    return " ".join(unit.casefold().split()) in _PERCENT


def _unit_problem(kpi: Kpi, unit: str) -> str | None:
    """Why a unit stated in the data does not fit the KPI; None when it fits or cannot tell."""
    percent = is_percent(unit)
    if kpi.measure == "percentage":
        return None if percent else f"is in `{unit}`, but the KPI is a percentage"
    if percent:
        if kpi.measure == "unit":
            counts = f"`{kpi.unit}`" if kpi.unit else "units"
            return f"is a percentage (`{unit}`), but the KPI counts {counts}"
        return None
    if kpi.unit is None:
        return None
    theirs, ours = _words(unit), _words(kpi.unit)
    if not theirs or theirs <= ours or ours <= theirs:
        return None
    return f"is in `{unit}`, but the KPI's unit is `{kpi.unit}`"


def unit_mismatches(data: KpiData[P]) -> Iterator[tuple[P, str]]:
    """Actuals whose value or stated unit does not fit the KPI's measure."""
    kpi = data.kpi
    numeric = kpi.measure in ("unit", "percentage")
    what = "a percentage" if kpi.measure == "percentage" else "a count"
    for item in data.observations:
        actual = item.actual
        value = actual.value
        if value is not None and finite(value) is None:
            yield (
                item.place,
                f"KPI `{kpi.id}`'s actual {_period(item)} is {show(value)}, which no target can be "
                "compared with; give a finite number",
            )
            continue
        if kpi.measure == "percentage" and value is not None and not 0 <= value <= 100:
            yield (
                item.place,
                f"KPI `{kpi.id}` is a percentage, but the actual {_period(item)} is "
                f"{show(value)}; a percentage runs from 0 to 100 (if this counts something, make "
                "the KPI `measure: unit`)",
            )
        if numeric and value is None and actual.text is not None:
            yield (
                item.place,
                f"KPI `{kpi.id}` is {what}, but the actual {_period(item)} is only in words "
                f"(`{actual.text[:60]}`); give the number as the value",
            )
        if item.unit is not None and (problem := _unit_problem(kpi, item.unit)) is not None:
            yield item.place, f"the actual of KPI `{kpi.id}` {_period(item)} {problem}"
    if kpi.measure == "percentage":
        yield from _fractions(data)


def _fractions(data: KpiData[P]) -> Iterator[tuple[P, str]]:
    """A percentage series written as fractions of one (a spreadsheet stores 45% as 0.45)."""
    kpi = data.kpi
    for key, items in data.groups.items():
        valued = [(item, v) for item in items if (v := finite(item.actual.value)) is not None]
        if not valued or not all(0 <= v <= 1 for _, v in valued) or all(v == 0 for _, v in valued):
            continue
        scale = [v for t in targets_for(kpi, key) if (v := finite(t.value)) is not None]
        start = data.start(key)
        if start is not None:
            scale.append(start)
        if not any(v > 1 for v in scale):
            continue
        first, value = valued[0]
        yield (
            first.place,
            f"KPI `{kpi.id}`{_dims(key)} is a percentage whose target or baseline is over 1 "
            f"({show(max(scale))}), but every actual is between 0 and 1 ({show(value)} "
            f"{_period(first)}): a spreadsheet shows 45% but stores 0.45; write the percentage "
            "(45)",
        )


@rule("TOC311", "actual-unit-mismatch", Severity.WARNING)
def actual_unit_mismatch(ctx: RuleContext) -> Iterator[Hit]:
    """An actual that does not fit the KPI's measure or unit.

    A percentage outside 0 to 100, a count or percentage given only in words, or a unit other
    than the KPI's. A value in the wrong unit makes every comparison with the target
    meaningless, and it is usually a slip that is easy to fix at the source: a count typed into
    a percentage column, or a spreadsheet's 45% that is stored as 0.45. In an actuals file
    (`toc progress --actuals`), a `unit` column, or `%` written after a number, is checked
    against the KPI's measure and `unit` too; the model's own actuals have no unit of their own.

    Fails:
    ```yaml
    toc: 1
    id: feedback
    title: A count typed as a percentage
    kpis:
      - id: feedback-good
        label: Share of participants rating the training good or very good
        measure: percentage
        target: {value: 90}
        actuals:
          - {period: 2025-Q1, value: 140}
    ```

    Passes:
    ```yaml
    toc: 1
    id: feedback
    title: A percentage
    kpis:
      - id: feedback-good
        label: Share of participants rating the training good or very good
        measure: percentage
        target: {value: 90}
        actuals:
          - {period: 2025-Q1, value: 84}
    ```
    """
    for place, kpi in _kpis(ctx):
        for path, message in unit_mismatches(KpiData(kpi, _model_observations(kpi, place))):
            yield Hit(path, message, kpi.id)


# --- TOC312 ------------------------------------------------------------------------------------


def duplicates(
    observations: Sequence[Observation[P]],
) -> Iterator[tuple[Observation[P], Observation[P]]]:
    """Each actual for a period and dimensions already reported, with the first one reported."""
    first: dict[object, Observation[P]] = {}
    for item in observations:
        key = item.key
        if key in first:
            yield item, first[key]
        else:
            first[key] = item


def duplicate_message(kpi_id: str, item: Observation[P], where_first: str) -> str:
    """The TOC312 message for a second actual; `where_first` says where the first one is."""
    key = item.dimensions
    return (
        f"KPI `{kpi_id}` already has an actual {_period(item)}{_dims(key)}, at {where_first}; "
        "this one is not used: remove one of the two, or tell them apart by `dimensions`"
    )


@rule("TOC312", "duplicate-actual", Severity.WARNING)
def duplicate_actual(ctx: RuleContext) -> Iterator[Hit]:
    """Two actuals of one KPI for the same period and dimensions.

    Only one value can be true for a period; progress uses the first and ignores the other, so
    a correction added below the original changes nothing. Periods are the same when they cover
    the same days however written (`year: 2025` and `period: "2025"`). In an actuals file, a row
    that repeats a KPI, period and dimensions is reported at its cell; a row in the file for a
    period the model's `actuals:` also has is not a duplicate: the file's value is used.

    Fails:
    ```yaml
    toc: 1
    id: twice
    title: A quarter reported twice
    kpis:
      - id: staff-trained
        label: Number of staff trained
        measure: unit
        unit: staff trained
        actuals:
          - {period: 2025-Q1, value: 40}
          - {period: 2025-Q1, value: 42, comment: Corrected figure.}
    ```

    Passes:
    ```yaml
    toc: 1
    id: twice
    title: Each quarter once
    kpis:
      - id: staff-trained
        label: Number of staff trained
        measure: unit
        unit: staff trained
        actuals:
          - {period: 2025-Q1, value: 42, comment: Corrected from 40.}
          - {period: 2025-Q2, value: 51}
    ```
    """
    for place, kpi in _kpis(ctx):
        for item, first in duplicates(_model_observations(kpi, place)):
            yield Hit(item.place, duplicate_message(kpi.id, item, ctx.where(first.place)), kpi.id)
