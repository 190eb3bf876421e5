"""Progress: each KPI's latest actual against its target and baseline, and the roll-up.

For each KPI, and each disaggregation of its actuals (`dimensions`), progress takes the actuals in
time order and, for each period, the value compared (`toc.monitoring.compared_values`), the
target that applies (`toc.monitoring.applicable_target`) and the baseline, and says:

- **share**: how much of the way from the baseline to the target the value has come,
  `(value - baseline) / (target - baseline)`: 0 at the baseline, 1 (100%) at the target, more
  when it overshoots, negative when it has moved away. A target to hit exactly (`=`) counts
  closeness: `1 - |value - target| / |baseline - target|`. Without a baseline, or with a
  baseline equal to the target, there is no way to measure, and the share is None.
- **status**: `green` when the share is at least `RagThresholds.green` (default 1.0: the target
  is reached), `amber` when at least `RagThresholds.amber` (default 0.75), else `red`. Without a
  share: `green` when the target is met (read in the KPI's direction), else `red`. And when no
  number can be compared: `no data` (no actual), `not yet known` (the latest actual is `tbc`,
  `n/a` or `not-collected`), `no target` (nothing to compare with), `qualitative` (the actual
  is in words; it is shown, never scored).
- **trend**: the last two actuals with a number, as written: `improving`, `worsening` or `flat`
  in the KPI's direction (for an exact target: closer or further).

A KPI's status is that of its latest period. Each element measured by KPIs (`measured_by`)
gets the worst status of its KPIs, in the order red, amber, no data, not yet known, no target,
green; an element whose KPIs are all qualitative is `qualitative`. So an unknown never counts
as green. A KPI with several disaggregations counts with its overall figure (the actuals with no
dimensions) when it has one, else with the worst of them; figures for dimensions are never
added up into an overall one (percentages cannot be).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from os import PathLike
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeAlias

from toc.findings import Finding, Path, Report, printable
from toc.io.actuals import CellPlace
from toc.model import Baseline, ChainElement, Comparator, Kpi, Number, Target, ValueStatus
from toc.monitoring import (
    DimensionKey,
    Direction,
    KpiData,
    Observation,
    adds_up,
    baseline_for,
    direction,
    finite,
    meets,
    period_label,
)

if TYPE_CHECKING:
    import pandas as pd

    from toc.config import Config
    from toc.io.actuals import Actuals
    from toc.model import TheoryOfChange
    from toc.rules.registry import Rule

__all__ = [
    "STATUSES",
    "ElementProgress",
    "KpiProgress",
    "PeriodProgress",
    "Progress",
    "RagThresholds",
    "Status",
    "Trend",
    "direction",
    "progress",
    "rag",
    "share_of_way",
    "trend",
    "worst",
]

Status = Literal["green", "amber", "red", "no data", "not yet known", "no target", "qualitative"]
Trend = Literal["improving", "worsening", "flat"]
STATUSES: tuple[Status, ...] = (
    "red",
    "amber",
    "no data",
    "not yet known",
    "no target",
    "green",
    "qualitative",
)
"""Every status, worst first: the order of the roll-up."""
_RANK = {status: rank for rank, status in enumerate(STATUSES)}


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@dataclass(frozen=True, slots=True)
class RagThresholds:
    """Where green and amber start, as a share of the way from baseline to target (1.0 = 100%).

    Red is everything below amber. A share within a billionth of a threshold counts as reaching
    it, so 0.75 is amber however the division rounds.
    """

    green: float = 1.0
    amber: float = 0.75

    def __post_init__(self) -> None:
        for name in ("green", "amber"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(f"the {name} threshold is a number, not {value!r}")
            if not math.isfinite(value):
                raise ValueError(f"the {name} threshold must be a finite number, not {value!r}")
        if self.amber > self.green:
            raise ValueError(
                f"the amber threshold ({self.amber}) is above the green one ({self.green}); "
                "amber starts lower"
            )

    def status(self, share: float) -> Literal["green", "amber", "red"]:
        """The colour of a share of the way."""
        if share >= self.green or _close(share, self.green):
            return "green"
        if share >= self.amber or _close(share, self.amber):
            return "amber"
        return "red"


def share_of_way(
    value: float, baseline: float | None, target: float, way: Direction
) -> float | None:
    """How much of the way from the baseline to the target a value has come (1.0 = there).

    Negative when it has moved away, over 1 when it overshoots; for an exact target, one minus
    the distance left as a share of the distance at the start. None without a baseline, or when
    the baseline already equals the target (there is no way to measure).
    """
    if baseline is None or _close(baseline, target):
        return None
    if way == "exact":
        return 1 - abs(value - target) / abs(baseline - target)
    return (value - baseline) / (target - baseline)


def rag(
    value: float,
    baseline: float | None,
    target: float,
    way: Direction,
    *,
    comparator: str = ">=",
    thresholds: RagThresholds | None = None,
) -> tuple[float | None, Literal["green", "amber", "red"]]:
    """The share of the way and its colour; without a share, green when the target is met."""
    share = share_of_way(value, baseline, target, way)
    if share is None:
        return None, "green" if meets(value, target, way, comparator) else "red"
    return share, (thresholds or RagThresholds()).status(share)


def trend(
    previous: float, latest: float, way: Direction, target: float | None = None
) -> Trend | None:
    """Which way the last step went for the KPI; None for an exact target not known."""
    if _close(previous, latest):
        return "flat"
    if way == "exact":
        if target is None:
            return None
        before, now = abs(previous - target), abs(latest - target)
        if _close(before, now):
            return "flat"
        return "improving" if now < before else "worsening"
    better = latest > previous if way == "up" else latest < previous
    return "improving" if better else "worsening"


def worst(statuses: Iterable[Status]) -> Status | None:
    """The worst of some statuses (`STATUSES` order); qualitative only when all are."""
    found = sorted(set(statuses), key=_RANK.__getitem__)
    if not found:
        return None
    scored = [s for s in found if s != "qualitative"]
    return scored[0] if scored else "qualitative"


# --- records -------------------------------------------------------------------------------------


class PeriodProgress(NamedTuple):
    """One period of one series: the actual as written, what was compared, and the verdict.

    `source` says where the actual was written: `model` (the model's `actuals:`) or a file's
    cell (`data.xlsx:Actuals!C7`). A named tuple rather than a frozen dataclass like the other
    records: there is one per actual, tens of thousands for a large programme, and a frozen
    dataclass costs several times as much to build.
    """

    period: str
    start: dt.date | None
    end: dt.date | None
    value: Number | None
    text: str | None
    value_status: ValueStatus | None
    comment: str | None
    compared: float | None
    target: Number | None
    comparator: Comparator | None
    target_period: str | None
    share: float | None
    status: Status
    source: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values."""
        return {
            "period": self.period,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "value": _plain(self.value),
            "text": self.text,
            "value_status": self.value_status,
            "comment": self.comment,
            "compared": self.compared,
            "target": self.target,
            "comparator": self.comparator,
            "target_period": self.target_period,
            "share": self.share,
            "status": self.status,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class KpiProgress:
    """One KPI's progress (or one disaggregation's): its latest period, and every period.

    `dimensions` is empty for the overall figure. `actual` is the latest value as written,
    `compared` what was held against the target (a total so far for counts reported per period,
    see `toc.monitoring.adds_up`); `note` says in words how the status was reached.
    """

    kpi: str
    label: str
    measure: str | None
    unit: str | None
    direction: Direction
    cumulative: bool | None
    dimensions: DimensionKey
    baseline: Number | None
    baseline_period: str | None
    period: str | None
    actual: Number | None
    text: str | None
    value_status: ValueStatus | None
    compared: float | None
    target: Number | None
    comparator: Comparator | None
    target_period: str | None
    share: float | None
    status: Status
    trend: Trend | None
    note: str
    values: tuple[PeriodProgress, ...] = ()

    @property
    def name(self) -> str:
        """The KPI's id, with its dimensions when it is a disaggregation: `reach [sex=female]`."""
        return self.kpi + _dimension_text(self.dimensions, " [{}]")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values, with every period under `values`."""
        return {
            "kpi": self.kpi,
            "label": self.label,
            "measure": self.measure,
            "unit": self.unit,
            "direction": self.direction,
            "cumulative": self.cumulative,
            "dimensions": dict(self.dimensions),
            "baseline": self.baseline,
            "baseline_period": self.baseline_period,
            "period": self.period,
            "actual": _plain(self.actual),
            "text": self.text,
            "value_status": self.value_status,
            "compared": self.compared,
            "target": self.target,
            "comparator": self.comparator,
            "target_period": self.target_period,
            "share": self.share,
            "status": self.status,
            "trend": self.trend,
            "note": self.note,
            "values": [value.to_dict() for value in self.values],
        }


@dataclass(frozen=True, slots=True)
class ElementProgress:
    """An element measured by KPIs, with the worst status of its KPIs (`kpis`: id and status)."""

    id: str
    kind: str
    label: str
    status: Status
    kpis: tuple[tuple[str, Status], ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values."""
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "status": self.status,
            "kpis": dict(self.kpis),
        }


@dataclass(frozen=True)
class Progress:
    """Progress of a whole model: a record per KPI (and disaggregation), the roll-up, findings.

    `findings` holds what reading an actuals file reported and what the monitoring rules
    (TOC308-TOC312) found in the data used.
    """

    model: str
    as_of: dt.date
    thresholds: RagThresholds
    kpis: tuple[KpiProgress, ...]
    elements: tuple[ElementProgress, ...]
    findings: Report

    def __repr__(self) -> str:
        """A one-line summary: the status counts."""
        return f"<Progress of {self.model!r} as of {self.as_of}: {self.summary()}>"

    def for_kpi(self, kpi_id: str) -> list[KpiProgress]:
        """The records of one KPI: its overall figure and each disaggregation."""
        return [record for record in self.kpis if record.kpi == kpi_id]

    def element(self, element_id: str) -> ElementProgress | None:
        """The roll-up of one element, or None when no KPI measures it."""
        return next((e for e in self.elements if e.id == element_id), None)

    def counts(self) -> dict[Status, int]:
        """How many KPI records have each status, worst first."""
        tally = dict.fromkeys(STATUSES, 0)
        for record in self.kpis:
            tally[record.status] += 1
        return {status: n for status, n in tally.items() if n}

    def summary(self) -> str:
        """`12 KPIs: 2 red, 1 amber, 9 no data`; disaggregations are counted as figures.

        `11 KPIs, 14 figures: ...` when some KPIs have a figure per dimension as well.
        """
        counts = ", ".join(f"{n} {status}" for status, n in self.counts().items())
        kpis = len({record.kpi for record in self.kpis})
        said = f"{kpis} KPI" + ("" if kpis == 1 else "s")
        if len(self.kpis) != kpis:
            said += f", {len(self.kpis)} figures"
        return said + (f": {counts}" if counts else "")

    def to_dicts(self) -> list[dict[str, Any]]:
        """One plain dict per KPI record (every period under `values`)."""
        return [record.to_dict() for record in self.kpis]

    def to_json(self, indent: int | None = 2) -> str:
        r"""The whole result as JSON: thresholds, KPIs, elements and findings.

        Control and format characters in user text are `\u` escapes, as in `Report.to_json`.
        """
        data = {
            "model": self.model,
            "as_of": self.as_of.isoformat(),
            "thresholds": {"green": self.thresholds.green, "amber": self.thresholds.amber},
            "kpis": self.to_dicts(),
            "elements": [element.to_dict() for element in self.elements],
            "findings": self.findings.to_dicts(),
        }
        text = json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)
        if text.replace("\n", "").isprintable():
            return text
        return "".join(c if c.isprintable() or c == "\n" else json.dumps(c)[1:-1] for c in text)

    def to_text(self) -> str:
        """Aligned tables for a terminal: the KPIs, then the roll-up; user text escaped."""
        heading = (
            f"Progress of {printable(self.model)} as of {self.as_of.isoformat()} "
            f"({_threshold_words(self.thresholds)})"
        )
        kpis = _aligned(
            ("KPI", "period", "actual", "target", "baseline", "progress", "status", "trend"),
            [
                (
                    record.name,
                    record.period or "-",
                    _actual_text(record),
                    _target_text(record.comparator, record.target),
                    _number(record.baseline),
                    _share_text(record.share),
                    record.status,
                    record.trend or "-",
                )
                for record in self.kpis
            ],
        )
        parts = [heading, "", kpis]
        if self.elements:
            rollup = _aligned(
                ("element", "kind", "status", "KPIs"),
                [
                    (e.id, e.kind, e.status, ", ".join(f"{k} ({s})" for k, s in e.kpis))
                    for e in self.elements
                ],
            )
            parts += ["", "Each element measured by KPIs takes the worst of their statuses:"]
            parts.append(rollup)
        parts += ["", self.summary()]
        return "\n".join(printable(line) for part in parts for line in part.split("\n"))

    def to_markdown(self) -> str:
        """GitHub-flavoured Markdown tables, every user string escaped."""
        from toc.render.text import markdown_cell

        def row(cells: Sequence[str]) -> str:
            return "| " + " | ".join(cells) + " |"

        lines = [
            f"Progress as of {self.as_of.isoformat()} ({_threshold_words(self.thresholds)}).",
            "",
            row(("KPI", "Period", "Actual", "Target", "Baseline", "Progress", "Status", "Trend")),
            row(("---", "---", "---:", "---:", "---:", "---:", "---", "---")),
        ]
        for record in self.kpis:
            label = record.label + _dimension_text(record.dimensions, " ({})")
            lines.append(
                row(
                    (
                        markdown_cell(label),
                        markdown_cell(record.period or "-"),
                        markdown_cell(_actual_text(record)),
                        markdown_cell(_target_text(record.comparator, record.target)),
                        markdown_cell(_number(record.baseline)),
                        markdown_cell(_share_text(record.share)),
                        record.status,
                        record.trend or "-",
                    )
                )
            )
        if self.elements:
            lines += [
                "",
                "Each element measured by KPIs takes the worst of their statuses:",
                "",
                row(("Element", "Kind", "Status", "KPIs")),
                row(("---", "---", "---", "---")),
            ]
            lines += [
                row(
                    (
                        markdown_cell(e.label),
                        e.kind,
                        e.status,
                        markdown_cell(", ".join(f"{k} ({s})" for k, s in e.kpis)),
                    )
                )
                for e in self.elements
            ]
        return "\n".join(lines) + "\n"

    def to_csv(self) -> str:
        """One CSV row per KPI record, safe to open in a spreadsheet (no cell runs as a formula)."""
        import csv
        import io

        from toc.io._spreadsheet import csv_safe

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for record in self.kpis:
            data = record.to_dict()
            data["dimensions"] = _dimension_text(record.dimensions, "{}")
            writer.writerow([_csv_cell(data[column], csv_safe) for column in CSV_COLUMNS])
        return buffer.getvalue()

    def to_frame(self, by: Literal["kpi", "period"] = "kpi") -> pd.DataFrame:
        """A pandas DataFrame: one row per KPI record (`by="kpi"`), or per period of each.

        Dimensions are one text column (`sex=female, age=15-24`); needs pandas
        (`pip install theory-of-change[pandas]`).
        """
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - pandas is in the dev extra
            raise ImportError(
                "Progress.to_frame needs pandas: pip install theory-of-change[pandas]"
            ) from None
        if by not in ("kpi", "period"):
            raise ValueError(f"by is 'kpi' or 'period', not {by!r}")
        rows: list[dict[str, Any]] = []
        for record in self.kpis:
            data = record.to_dict()
            del data["values"]
            data["dimensions"] = _dimension_text(record.dimensions, "{}")
            if by == "kpi":
                rows.append(data)
                continue
            for value in record.values:
                rows.append(
                    {
                        "kpi": record.kpi,
                        "label": record.label,
                        "dimensions": data["dimensions"],
                        "direction": record.direction,
                        "baseline": record.baseline,
                        **value.to_dict(),
                    }
                )
        return pd.DataFrame(rows)


CSV_COLUMNS = (
    "kpi",
    "label",
    "dimensions",
    "period",
    "actual",
    "text",
    "value_status",
    "compared",
    "target",
    "comparator",
    "target_period",
    "baseline",
    "baseline_period",
    "share",
    "status",
    "trend",
    "note",
)
"""The columns of `Progress.to_csv`, in order."""


def _csv_cell(value: object, safe: Callable[[str], str]) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not value.is_integer():
        return repr(value)
    return str(int(value)) if isinstance(value, int | float) else str(value)


def _plain(value: Number | None) -> Number | str | None:
    """A value JSON can hold: `nan` and `inf` (which YAML can write) as text."""
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    return value


def _threshold_words(thresholds: RagThresholds) -> str:
    return (
        f"green at {_percent(thresholds.green)} or more of the way from baseline to target, "
        f"amber at {_percent(thresholds.amber)} or more, red below"
    )


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%" if _close(share * 100, round(share * 100)) else f"{share:.1%}"


def _share_text(share: float | None) -> str:
    return "-" if share is None else _percent(share)


def _number(value: float | None) -> str:
    from toc.rules.monitoring import show

    return "-" if value is None else show(value)


def _target_text(comparator: str | None, target: float | None) -> str:
    return "-" if target is None else f"{comparator} {_number(target)}"


def _actual_text(record: KpiProgress) -> str:
    if record.actual is not None:
        shown = _number(record.actual)
        if record.compared is not None and not _close(record.compared, record.actual):
            shown += f" (total {_number(record.compared)})"
        return shown
    if record.value_status is not None:
        return record.value_status
    if record.text is not None:
        text = " ".join(record.text.split())
        return text if len(text) <= 40 else text[:39] + "…"
    return "-"


def _dimension_text(dimensions: DimensionKey, template: str) -> str:
    if not dimensions:
        return ""
    return template.format(", ".join(f"{k}={v}" for k, v in dimensions))


def _aligned(headings: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    cells = [[" ".join(printable(c).split()) for c in row] for row in [headings, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headings))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    )


# --- computing -----------------------------------------------------------------------------------

Place: TypeAlias = Path | CellPlace
"""Where an actual was written: a path into the model, or a file's cell."""


def progress(
    model: TheoryOfChange,
    actuals: Actuals | str | PathLike[str] | None = None,
    *,
    thresholds: RagThresholds | None = None,
    config: Config | None = None,
) -> Progress:
    """Progress of every KPI of `model`, from its own `actuals:` and an actuals file.

    `actuals` is a path to a `.csv` or `.xlsx` file (see `toc.io.actuals`) or what
    `toc.io.actuals.read_actuals` returned. Where the file and the model both have a value for
    the same KPI, period and dimensions, the file's is used: the model is revised once a year,
    the data every quarter. `config` gives `as_of` (for TOC310) and which codes are reported at
    what severity. Never raises for the data: problems are in `findings`.
    """
    from toc._gc import paused_gc
    from toc.config import Config
    from toc.io.actuals import Actuals, read_actuals

    config = config or Config()
    thresholds = thresholds or RagThresholds()
    with paused_gc():
        data: Actuals | None
        if actuals is None or isinstance(actuals, Actuals):
            data = actuals
        else:
            data = read_actuals(actuals, model)
        return _Builder(model, data, thresholds, config).build()


class _Builder:
    def __init__(
        self,
        model: TheoryOfChange,
        data: Actuals | None,
        thresholds: RagThresholds,
        config: Config,
    ) -> None:
        from toc.rules import configured

        self.model = model
        self.data = data
        self.thresholds = thresholds
        self.config = config
        self.findings: list[Finding] = []
        if data is not None:
            self.findings.extend(configured(data.findings, config))

    def build(self) -> Progress:
        records: list[KpiProgress] = []
        standing: dict[str, Status] = {}
        seen: set[str] = set()
        for place, kpi in enumerate(self.model.kpis):
            if kpi.id in seen:  # a duplicated id (TOC101): the first is the KPI
                continue
            seen.add(kpi.id)
            data = KpiData(kpi, self._observations(kpi, place))
            found = _kpi_progress(data, self.thresholds)
            records.extend(found)
            overall = [r.status for r in found if not r.dimensions]
            rolled = overall[0] if overall else worst(r.status for r in found)
            standing[kpi.id] = rolled or "no data"
            self._check(data, place)
        return Progress(
            self.model.id,
            self.config.today,
            self.thresholds,
            tuple(records),
            tuple(_elements(self.model, standing)),
            Report(self.findings),
        )

    def _observations(self, kpi: Kpi, place: int) -> list[Observation[Place]]:
        """The model's actuals of a KPI (duplicates reported), replaced by the file's."""
        from toc.rules.monitoring import duplicate_actual, duplicate_message, duplicates

        own: list[Observation[Place]] = [
            Observation.of(actual, ("kpis", place, "actuals", index))
            for index, actual in enumerate(kpi.actuals)
        ]
        repeated = {id(item) for item, _ in duplicates(own)}
        for item, first in duplicates(own):
            self._report(
                duplicate_actual,
                item.place,
                duplicate_message(kpi.id, item, self._where(first.place)),
                kpi.id,
            )
        rows: list[Observation[Place]] = (
            [row.observation for row in self.data.for_kpi(kpi.id)]  # type: ignore[misc]  # CellPlace is a Place
            if self.data is not None
            else []
        )
        replaced = {row.key for row in rows}
        kept = [item for item in own if id(item) not in repeated and item.key not in replaced]
        return kept + rows

    def _check(self, data: KpiData[Place], place: int) -> None:
        """The monitoring rules on the data used, with the same functions `validate` runs."""
        from toc.rules import monitoring

        kpi = data.kpi
        target_path = ("kpis", place, "target")
        for where, message in monitoring.moving_away(data):
            self._report(monitoring.actual_moving_away, where, message, kpi.id)
        for index, message in monitoring.against_direction(kpi):
            path = (*target_path, index) if isinstance(kpi.target, tuple) else target_path
            self._report(monitoring.target_against_direction, path, message, kpi.id)
        today = self.config.today
        for index, message in monitoring.passed_without_actual(data, today):
            path = (*target_path, index) if isinstance(kpi.target, tuple) else target_path
            self._report(monitoring.target_passed_without_actual, path, message, kpi.id)
        for where, message in monitoring.unit_mismatches(data):
            self._report(monitoring.actual_unit_mismatch, where, message, kpi.id)

    def _report(self, rule: Rule, where: Place, message: str, element_id: str) -> None:
        if not self.config.enabled(rule.code):
            return
        severity = self.config.severity_of(rule)
        if not isinstance(where, CellPlace):
            source_map = self.model.source_map
            file = source_map.file if source_map is not None else f"<{self.model.id}>"
            line, col, sheet = source_map.place(where) if source_map is not None else (0, 0, None)
            self.findings.append(
                Finding(
                    file,
                    line,
                    col,
                    rule.code,
                    rule.name,
                    severity,
                    message,
                    element_id,
                    where,
                    sheet,
                )
            )
            return
        self.findings.append(
            Finding(
                where.file,
                where.row,
                where.col,
                rule.code,
                rule.name,
                severity,
                message,
                element_id,
                sheet=where.sheet,
            )
        )

    def _where(self, place: Place) -> str:
        if isinstance(place, CellPlace):
            return str(place)
        source_map = self.model.source_map
        if source_map is None:
            return "/".join(str(part) for part in place)
        line, col, sheet = source_map.place(place)
        if sheet is not None:
            from toc.findings import column_letters

            return f"cell {sheet}!{column_letters(col)}{line}"
        return f"line {line}, column {col}"


def _kpi_progress(data: KpiData[Place], thresholds: RagThresholds) -> list[KpiProgress]:
    """One record per series of the KPI's actuals; one `no data` record when it has none."""
    kpi, way, groups = data.kpi, data.direction, data.groups
    if not groups:
        baseline = baseline_for(kpi)
        return [
            _record(kpi, way, (), baseline, points=(), moved=None, note="no actual is reported yet")
        ]
    records = []
    for key, items in groups.items():
        baseline, start = data.baseline(key), data.start(key)
        milestones = data.milestones(key)
        points = [
            _point(
                kpi,
                way,
                item,
                value,
                target=milestones.applicable(item.span),
                baseline=start,
                thresholds=thresholds,
            )
            for item, value in zip(items, data.compared(key), strict=True)
        ]
        records.append(
            _record(
                kpi, way, key, baseline, points=tuple(points), moved=_trend(points, way), note=None
            )
        )
    return records


def _point(
    kpi: Kpi,
    way: Direction,
    item: Observation[Place],
    compared: float | None,
    *,
    target: Target | None,
    baseline: Number | None,
    thresholds: RagThresholds,
) -> PeriodProgress:
    actual = item.actual
    goal = finite(target.value) if target is not None else None
    share: float | None = None
    status: Status
    if actual.value is None and actual.text is not None:
        status = "qualitative"
    elif actual.status is not None or compared is None:
        status = "not yet known"
    elif target is None or goal is None:
        status = "no target"
    else:
        share, status = rag(
            compared, baseline, goal, way, comparator=target.comparator, thresholds=thresholds
        )
    span = item.span
    return PeriodProgress(  # positionally: one per actual, and keywords cost a third more
        period_label(actual),
        span.start if span is not None else None,
        span.end if span is not None else None,
        actual.value,
        actual.text,
        actual.status,
        actual.comment,
        compared,
        target.value if target is not None and goal is not None else None,
        target.comparator if target is not None and goal is not None else None,
        (period_label(target) or None) if target is not None else None,
        share,
        status,
        str(item.place) if isinstance(item.place, CellPlace) else "model",
    )


def _trend(points: Sequence[PeriodProgress], way: Direction) -> Trend | None:
    valued = [(v, p.target) for p in points if (v := finite(p.value)) is not None]
    if len(valued) < 2:
        return None
    (previous, _), (latest, goal) = valued[-2], valued[-1]
    return trend(previous, latest, way, finite(goal))


def _record(
    kpi: Kpi,
    way: Direction,
    key: DimensionKey,
    baseline: Baseline | None,
    *,
    points: tuple[PeriodProgress, ...],
    moved: Trend | None,
    note: str | None,
) -> KpiProgress:
    latest = points[-1] if points else None
    start = baseline.value if baseline is not None and finite(baseline.value) is not None else None
    return KpiProgress(
        kpi=kpi.id,
        label=kpi.label,
        measure=kpi.measure,
        unit=kpi.unit,
        direction=way,
        cumulative=kpi.cumulative,
        dimensions=key,
        baseline=start,
        baseline_period=(period_label(baseline) or None) if baseline is not None else None,
        period=latest.period or None if latest is not None else None,
        actual=latest.value if latest is not None else None,
        text=latest.text if latest is not None else None,
        value_status=latest.value_status if latest is not None else None,
        compared=latest.compared if latest is not None else None,
        target=latest.target if latest is not None else None,
        comparator=latest.comparator if latest is not None else None,
        target_period=latest.target_period if latest is not None else None,
        share=latest.share if latest is not None else None,
        status=latest.status if latest is not None else "no data",
        trend=moved,
        note=note if note is not None else _note(kpi, latest, start, points),
        values=points,
    )


def _note(
    kpi: Kpi,
    latest: PeriodProgress | None,
    baseline: Number | None,
    points: Sequence[PeriodProgress],
) -> str:
    """How the status was reached, in words."""
    if latest is None:
        return "no actual is reported yet"
    when = f" for {latest.period}" if latest.period else ""
    if latest.status == "qualitative":
        return f"reported in words{when}: {latest.text}"
    if latest.value_status is not None:
        return f"the actual{when} is `{latest.value_status}`"
    if latest.compared is None:
        gap = next((p for p in points if p.value is None), None)
        said = f" ({gap.period}: `{gap.value_status or 'in words'}`)" if gap is not None else ""
        return f"the total so far is not known: an earlier actual has no number{said}"
    what = "the total so far" if adds_up(kpi) else "the actual"
    if latest.target is None:
        return f"{what}{when} is {_number(latest.compared)}, with no target value to compare it to"
    against = f"{what}{when} is {_number(latest.compared)}, against a target of " + _target_text(
        latest.comparator, latest.target
    )
    if latest.target_period:
        against += f" ({latest.target_period})"
    if latest.share is not None:
        way = _percent(latest.share)
        return f"{against}, from a baseline of {_number(baseline)}: {way} of the way"
    met = "met" if latest.status == "green" else "not met"
    if baseline is None:
        return f"{against}: {met} (no baseline to measure the way from)"
    return f"{against}: {met} (the baseline already equals the target)"


def _elements(model: TheoryOfChange, standing: dict[str, Status]) -> Iterator[ElementProgress]:
    """Each chain element that KPIs measure, with the worst of their statuses."""
    seen: set[str] = set()
    for _, element in model.chain_elements():
        if element.id in seen or isinstance(element, Kpi) or not isinstance(element, ChainElement):
            continue
        seen.add(element.id)
        kpis: dict[str, Status] = {}
        for link in element.measured_by:
            if link.to in standing:
                kpis.setdefault(link.to, standing[link.to])
        status = worst(kpis.values())
        if status is None:
            continue
        yield ElementProgress(element.id, element.kind, element.label, status, tuple(kpis.items()))
