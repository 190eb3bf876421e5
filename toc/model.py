"""The theory-of-change document as typed, immutable pydantic models.

This module holds data and its local constraints only. Cross-references (does `uses: [funding]`
name an input that exists?) are left to the rules in `toc.rules`, so that a model with a dangling
reference still loads and every problem can be reported at once, each at its own line.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    ClassVar,
    Literal,
    NoReturn,
    Self,
    TypeAlias,
    TypeVar,
)

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic import Tag as UnionTag
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from toc.yamlsafe import _MAX_INT_DIGITS as MAX_INT_DIGITS

if TYPE_CHECKING:
    from os import PathLike

    from toc.analysis.coverage import Coverage
    from toc.analysis.evidence import EvidenceReport
    from toc.analysis.progress import Progress, RagThresholds
    from toc.config import Config
    from toc.findings import Report
    from toc.graph import TocGraph
    from toc.io.actuals import Actuals
    from toc.io.frames import Frames
    from toc.positions import SourceMap

FORMAT_VERSION = 1

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
TAG_PATTERN = (
    r"^[a-z0-9]+(?:-[a-z0-9]+)*:[a-z0-9]+(?:[-_][a-z0-9]+)*(?:/[a-z0-9]+(?:[-_][a-z0-9]+)*)*$"
)
FRAMEWORK_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_URL_CHARACTERS = r"[^\s\"'<>\\\x00-\x1f\x7f-\x9f]+"
"""No space, quote, angle bracket, backslash or control character (C0 and C1)."""
URL_PATTERN = rf"^(?:https?://{_URL_CHARACTERS}|mailto:{_URL_CHARACTERS})$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=100)]
"""An element id: lowercase ASCII letters and digits, words joined by `-` or `_`."""
Text = Annotated[str, StringConstraints(pattern=r"\S")]
"""Free text that must say something: empty or blank-only strings are refused."""
TagRef = Annotated[str, StringConstraints(pattern=TAG_PATTERN, max_length=300)]
"""`framework:path/to/entry`, e.g. `home-office:practitioners/short/knowledge`."""
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=2000)]
"""Only http(s) and mailto links: anything else could run script where the model is shown."""
_FAR_TOO_LARGE = 10**MAX_INT_DIGITS
"""Whole numbers from here up have more digits than the reader reads back as a number."""


def _writable_number(value: Any) -> Any:
    """Refuse numbers that cannot be written and read back as themselves.

    NaN is not equal to itself and infinity is no target; a whole number past the reader's digit
    limit would come back as text (and Python refuses to print one past 4,300 digits).
    """
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{value} is not a number a theory of change can hold; write a finite one")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _FAR_TOO_LARGE:
        raise ValueError(
            f"a whole number of more than {MAX_INT_DIGITS:,} digits: no value in a theory of "
            "change is that large"
        )
    return value


Number: TypeAlias = Annotated[int | float, AfterValidator(_writable_number)]
WholeNumber: TypeAlias = Annotated[int, AfterValidator(_writable_number)]

_T = TypeVar("_T")
_V = TypeVar("_V")


def _as_tuple(value: Any) -> Any:
    """Lists (from YAML, or typed in Python) become tuples, so a model cannot change in place."""
    if isinstance(value, tuple):
        return value
    if isinstance(value, list):
        return tuple(value)
    raise PydanticCustomError("list_type", "Input should be a valid list")


Items = Annotated[tuple[_T, ...], BeforeValidator(_as_tuple)]
"""A list in the YAML and the schema; a tuple in the model, so it cannot be appended to."""


class FrozenDict(dict[str, _V]):
    """A dict that refuses changes: a model's mappings are as immutable as its records.

    Still a `dict`, so everything that reads, compares, serialises, copies or pickles one works.
    """

    __slots__ = ()

    def _refuse(self, *_: object, **__: object) -> NoReturn:
        raise TypeError("a model's mappings cannot be changed; use model_copy(update=...)")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> tuple[type[FrozenDict[_V]], tuple[dict[str, _V]]]:
        return type(self), (dict(self),)

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self


def _frozen(value: dict[str, _V]) -> FrozenDict[_V]:
    return FrozenDict(value)


def _iso_date_only(value: Any) -> Any:
    """Refuse numbers for dates: pydantic would read `date: 2027` as seconds since 1970."""
    if isinstance(value, int | float):
        raise ValueError("write the date as YYYY-MM-DD (a year alone goes in `year:`)")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only), Field(strict=False)]
"""A date written as YYYY-MM-DD (YAML reads it as text; pydantic parses it)."""

Basis = Literal["stated", "inferred"]
Strength = Literal["strong", "moderate", "weak", "none"]
Term = Literal["short", "medium", "long"]
Measure = Literal["unit", "percentage", "nominal", "ordinal", "qualitative"]
Comparator = Literal[">=", ">", "<=", "<", "="]
ElementKind = Literal["input", "activity", "output", "kpi", "outcome", "impact"]
FactorKind = Literal["assumption", "barrier", "enabler", "risk"]
Relation = Literal["uses", "produces", "leads_to", "measured_by"]
StatementKind = Literal["vision", "mission", "intent", "aim", "aspiration", "goal", "principle"]

TERM_ORDER: dict[str, int] = {"short": 0, "medium": 1, "long": 2}
MEASURABLE: frozenset[str] = frozenset({"unit", "percentage", "nominal", "ordinal"})
"""Measures that say what is counted or scored. `qualitative` describes; it does not measure."""


class _Record(BaseModel):
    """Strict, closed, immutable: unknown keys are errors and nothing is coerced silently."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; with `update`, the changed data is validated as if it had been loaded.

        pydantic's own `model_copy` sets new values unchecked, so a copy could hold a blank
        label, an unknown key or a list that no loaded model can: a bad update raises
        `pydantic.ValidationError` here instead.
        """
        if not update:
            return super().model_copy(deep=deep)
        data = {name: getattr(self, name) for name in self.model_fields_set}
        data.update(update)
        copied = self.model_validate(data)
        return copied.model_copy(deep=True) if deep else copied


class Source(_Record):
    """Where a piece of the model comes from, with the source's own words kept verbatim."""

    document: Text | None = None
    section: Text | None = None
    page: WholeNumber | Text | None = None
    url: Url | None = None
    text: Text | None = Field(
        default=None, description="The wording exactly as the source has it, artefacts included."
    )
    incomplete: bool = Field(
        default=False, description="True when the source itself is cut off or missing words."
    )
    note: Text | None = None


class Evidence(_Record):
    """How strongly research supports a causal link, and where that is said."""

    strength: Strength
    citation: Text | None = None
    url: Url | None = None


class _Shorthand(_Record):
    """A record that may be written as one bare string, so that people write `[a, b]` by hand."""

    _shorthand_key: ClassVar[str]
    _shorthand_schema: ClassVar[dict[str, Any]]

    @model_validator(mode="before")
    @classmethod
    def _expand_shorthand(cls, value: Any) -> Any:
        return {cls._shorthand_key: value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"anyOf": [dict(cls._shorthand_schema), handler(core_schema)]}


class Link(_Shorthand):
    """A typed link to another element; written as its id alone, or as an object with attributes."""

    _shorthand_key: ClassVar[str] = "to"
    _shorthand_schema: ClassVar[dict[str, Any]] = {"type": "string", "pattern": SLUG_PATTERN}

    to: Slug
    basis: Basis | None = Field(
        default=None, description="`stated` in the source, or `inferred` by the modeller."
    )
    evidence: Evidence | None = None
    assumptions: Items[Slug] = Field(
        default_factory=tuple, description="Ids of the assumptions this link rests on."
    )
    feedback: bool = Field(
        default=False,
        description="Marks a deliberate feedback loop, so a cycle through it is fine.",
    )
    note: Text | None = None


class Tag(_Shorthand):
    """A reference into a reference framework; a bare string, or an object saying why."""

    _shorthand_key: ClassVar[str] = "ref"
    _shorthand_schema: ClassVar[dict[str, Any]] = {"type": "string", "pattern": TAG_PATTERN}

    ref: TagRef
    basis: Basis | None = None
    note: Text | None = None


class _Element(_Record):
    """What every element has: a stable id, a clean label and where it came from."""

    kind: ClassVar[str]

    id: Slug
    label: Text
    description: Text | None = None
    group: Slug | None = Field(
        default=None,
        description="The id of the innermost group (pillar, pathway) this element belongs to.",
    )
    tags: Items[Tag] = Field(default_factory=tuple)
    source: Source | None = None


class ChainElement(_Element):
    """An element of the results chain; every kind may write every link type.

    That way a link the chain does not allow (an output that `uses` an input) is a precise
    finding, not an unknown key.
    """

    kind: ClassVar[ElementKind]

    uses: Items[Link] = Field(default_factory=tuple, description="Inputs this element draws on.")
    produces: Items[Link] = Field(
        default_factory=tuple, description="Outputs this element produces."
    )
    leads_to: Items[Link] = Field(
        default_factory=tuple, description="Outcomes or impacts this element contributes to."
    )
    measured_by: Items[Link] = Field(
        default_factory=tuple, description="KPIs that measure this element."
    )

    def links(self) -> Iterator[tuple[Relation, int, Link]]:
        """Every link written on this element, with its relation and position in that list."""
        for relation in RELATIONS:
            for index, link in enumerate(getattr(self, relation)):
                yield relation, index, link


RELATIONS: tuple[Relation, ...] = ("uses", "produces", "leads_to", "measured_by")


class Input(ChainElement):
    """A resource the programme draws on: funding, staff, governance, partnerships."""

    kind: ClassVar[ElementKind] = "input"


class Activity(ChainElement):
    """Something the programme does."""

    kind: ClassVar[ElementKind] = "activity"


class Output(ChainElement):
    """A direct product of an activity."""

    kind: ClassVar[ElementKind] = "output"


class Outcome(ChainElement):
    """A change the outputs contribute to, in the short, medium or long term."""

    kind: ClassVar[ElementKind] = "outcome"

    term: Term


class Impact(ChainElement):
    """The lasting, population-level change the programme ultimately aims at."""

    kind: ClassVar[ElementKind] = "impact"


ValueStatus = Literal["tbc", "n/a", "not-collected"]
"""Why a value has no number: to be confirmed, not applicable, or not collected."""

_Status = Annotated[
    ValueStatus | None,
    Field(
        description="Why there is no value yet: `tbc` (to be confirmed), `n/a` (not applicable) "
        "or `not-collected`."
    ),
]
_Words = Annotated[
    Text | None,
    Field(description="The value in words: what a qualitative KPI reports, or a scale's label."),
]
_Period = Annotated[Text | None, Field(description="A named period, e.g. `2025-Q2` or `2025-26`.")]
_Start = Annotated[IsoDate | None, Field(description="The first day of the period (IATI).")]
_End = Annotated[IsoDate | None, Field(description="The last day of the period (IATI).")]
_DIMENSIONS = (
    "What the value is disaggregated by, e.g. `{sex: female, age group: 15-24}` (IATI `dimension`)."
)
_Dimensions = Annotated[Mapping[Text, Text], AfterValidator(_frozen)]
"""Read-only, like every mapping of a model."""


class _Value(_Record):
    """What baselines, targets and actuals share: a number, words, or a status saying why neither.

    `text` is the value in words: what a qualitative KPI reports, or the label of an ordinal
    score. Subclasses declare the fields, so that each reads in its own order when written out.
    """

    if TYPE_CHECKING:  # declared by each subclass, in its own order
        value: Number | None
        status: ValueStatus | None
        text: Text | None
        dimensions: Mapping[str, str]
        comment: Text | None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.status is not None and (self.value is not None or self.text is not None):
            raise ValueError(
                f"a value with status `{self.status}` has no `value` or `text`; the status says "
                "why there is none"
            )
        start, end = getattr(self, "start", None), getattr(self, "end", None)
        if start is not None and end is not None and start > end:
            raise ValueError(f"the period starts ({start}) after it ends ({end})")
        return self


class Baseline(_Value):
    """Where the indicator starts (IATI `baseline`: value, year or iso-date, comment)."""

    value: Number | None = None
    status: _Status = None
    text: _Words = None
    year: WholeNumber | None = None
    date: IsoDate | None = None
    dimensions: _Dimensions = Field(default_factory=FrozenDict, description=_DIMENSIONS)
    comment: Text | None = None


class Target(_Value):
    """What the indicator should reach, and by when (IATI `target` within a `period`)."""

    value: Number | None = None
    comparator: Comparator = ">="
    status: _Status = None
    text: _Words = None
    year: WholeNumber | None = None
    date: IsoDate | None = None
    period: _Period = None
    start: _Start = None
    end: _End = None
    dimensions: _Dimensions = Field(default_factory=FrozenDict, description=_DIMENSIONS)
    comment: Text | None = None


class Actual(_Value):
    """A value observed for a period (IATI `actual`)."""

    value: Number | None = None
    status: _Status = None
    text: _Words = None
    year: WholeNumber | None = None
    date: IsoDate | None = None
    period: _Period = None
    start: _Start = None
    end: _End = None
    dimensions: _Dimensions = Field(default_factory=FrozenDict, description=_DIMENSIONS)
    comment: Text | None = None


def _one_or_many(value: Any) -> str:
    return "many" if isinstance(value, list | tuple) else "one"


OneOrMoreBaselines: TypeAlias = Annotated[
    Annotated[Baseline, UnionTag("one")] | Annotated[Items[Baseline], UnionTag("many")],
    Discriminator(_one_or_many),
]
"""One baseline, or a list; only the form written is validated, so errors name the real problem."""
OneOrMoreTargets: TypeAlias = Annotated[
    Annotated[Target, UnionTag("one")] | Annotated[Items[Target], UnionTag("many")],
    Discriminator(_one_or_many),
]
"""One target, or a list of milestones."""


class Kpi(ChainElement):
    """An indicator, aligned with the IATI 2.03 indicator model.

    `baseline` and `target` are one record or a list of them (milestones, or values
    disaggregated by `dimensions`); `baselines` and `targets` read either form as a tuple.
    """

    kind: ClassVar[ElementKind] = "kpi"

    measure: Measure | None = Field(
        default=None,
        description="IATI indicator measure: unit (a count), percentage, nominal, ordinal "
        "or qualitative.",
    )
    unit: Text | None = Field(default=None, description="What is counted, e.g. `people trained`.")
    ascending: bool | None = Field(
        default=None, description="True when a higher value is better (IATI `ascending`)."
    )
    cumulative: bool | None = Field(
        default=None,
        description="True when each value counts everything so far; false when each period "
        "counts only itself.",
    )
    aggregation_status: bool | None = Field(
        default=None,
        description="True when the values can be added up across activities (IATI "
        "`aggregation-status`).",
    )
    baseline: OneOrMoreBaselines | None = Field(
        default=None, description="One baseline, or a list (e.g. one per dimension)."
    )
    target: OneOrMoreTargets | None = Field(
        default=None, description="One target, or a list of milestones."
    )
    actuals: Items[Actual] = Field(default_factory=tuple)
    data_source: Text | None = Field(default=None, description="Means of verification.")
    frequency: Text | None = None
    owner: Text | None = None

    @field_validator("baseline", "target", mode="after")
    @classmethod
    def _one_is_one(cls, value: Any) -> Any:
        """`[x]` is `x` and `[]` is nothing: one canonical form, so equal KPIs compare equal."""
        if isinstance(value, list | tuple) and len(value) <= 1:
            return value[0] if value else None
        return value

    @property
    def baselines(self) -> tuple[Baseline, ...]:
        """Every baseline, whether one or a list was written."""
        return _records(self.baseline)

    @property
    def targets(self) -> tuple[Target, ...]:
        """Every target (milestone), whether one or a list was written."""
        return _records(self.target)

    @property
    def is_qualitative(self) -> bool:
        """True when the KPI describes in words rather than counts (`measure: qualitative`)."""
        return self.measure == "qualitative"

    @property
    def is_measurable(self) -> bool:
        """True when the KPI says what is counted: a unit, a percentage or a defined scale.

        A count (`measure: unit`) must say what it counts (`unit:`); a bare "unit" does not.
        """
        return self.measure in MEASURABLE and (self.measure != "unit" or self.unit is not None)


def _records(value: _T | tuple[_T, ...] | None) -> tuple[_T, ...]:
    """One record, several, or none, as a tuple."""
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


class ContextFactor(_Element):
    """An assumption, barrier, enabler or risk attached to elements (or to links, via the link)."""

    kind: ClassVar[FactorKind]

    applies_to: Items[Slug] = Field(
        default_factory=tuple, description="Ids of the elements this factor bears on."
    )


class Assumption(ContextFactor):
    """Something that must hold for the chain to work as drawn."""

    kind: ClassVar[FactorKind] = "assumption"


class Barrier(ContextFactor):
    """Something that stands in the way."""

    kind: ClassVar[FactorKind] = "barrier"


class Enabler(ContextFactor):
    """Something that helps (a facilitator)."""

    kind: ClassVar[FactorKind] = "enabler"


class Risk(ContextFactor):
    """Something that could go wrong."""

    kind: ClassVar[FactorKind] = "risk"


class Statement(_Record):
    """A strategic statement that frames the model: a vision, an aim, an aspiration."""

    id: Slug
    kind: StatementKind
    label: Text
    description: Text | None = None
    tags: Items[Tag] = Field(default_factory=tuple)
    source: Source | None = None


class Group(_Record):
    """A pillar, pathway or workstream: a named part of the model that groups may nest inside.

    Elements name their innermost group with `group:`; ids are unique across the whole tree, so a
    sub-group is named by its own id alone.
    """

    id: Slug
    label: Text
    description: Text | None = None
    source: Source | None = None
    groups: Items[Group] = Field(default_factory=tuple, description="Sub-groups of this group.")


PropertyValue: TypeAlias = Text | Number | bool


class FrameworkEntry(_Record):
    """One entry of a reference framework; entries nest, and their ids join into a path."""

    id: Slug
    label: Text
    description: Text | None = None
    source: Source | None = None
    notes: Items[Text] = Field(default_factory=tuple)
    properties: Annotated[Mapping[Slug, PropertyValue], AfterValidator(_frozen)] = Field(
        default_factory=FrozenDict,
        description="Facts about the entry a tool can use, e.g. `eif_most_plausible: true`.",
    )
    entries: Items[FrameworkEntry] = Field(default_factory=tuple)


class Framework(_Record):
    """A named tree of entries that elements reference through `tags` (`id:entry/child`)."""

    id: Annotated[str, StringConstraints(pattern=FRAMEWORK_ID_PATTERN, max_length=100)]
    title: Text
    description: Text | None = None
    source: Source | None = None
    notes: Items[Text] = Field(default_factory=tuple)
    entries: Items[FrameworkEntry] = Field(default_factory=tuple)


AnyElement: TypeAlias = ChainElement | ContextFactor

ELEMENT_LISTS: dict[str, type[_Element]] = {
    "inputs": Input,
    "activities": Activity,
    "outputs": Output,
    "kpis": Kpi,
    "outcomes": Outcome,
    "impacts": Impact,
    "assumptions": Assumption,
    "barriers": Barrier,
    "enablers": Enabler,
    "risks": Risk,
}
"""The document's element lists, in results-chain order, then the context factors."""


class TheoryOfChange(_Record):
    """A whole theory of change, as written in one YAML file."""

    toc: Literal[1] = Field(description="Format version of this file.")
    id: Slug
    title: Text
    description: Text | None = None
    source: Source | None = None
    statements: Items[Statement] = Field(default_factory=tuple)
    groups: Items[Group] = Field(
        default_factory=tuple,
        description="Pillars, pathways or workstreams, nested; elements join one with `group:`.",
    )
    frameworks: Items[Framework] = Field(
        default_factory=tuple, description="Reference frameworks this file defines."
    )
    inputs: Items[Input] = Field(default_factory=tuple)
    activities: Items[Activity] = Field(default_factory=tuple)
    outputs: Items[Output] = Field(default_factory=tuple)
    kpis: Items[Kpi] = Field(default_factory=tuple)
    outcomes: Items[Outcome] = Field(default_factory=tuple)
    impacts: Items[Impact] = Field(default_factory=tuple)
    assumptions: Items[Assumption] = Field(default_factory=tuple)
    barriers: Items[Barrier] = Field(default_factory=tuple)
    enablers: Items[Enabler] = Field(default_factory=tuple)
    risks: Items[Risk] = Field(default_factory=tuple)

    _source_map: SourceMap | None = PrivateAttr(default=None)
    _origin: SourceMap | None = PrivateAttr(default=None)
    """The file a changed copy's original came from: its text and name, for `toc.save`."""

    @field_validator("toc", mode="before")
    @classmethod
    def _version_is_a_whole_number(cls, value: Any) -> Any:
        """`Literal[1]` alone lets `true` and `1.0` through, since they equal 1 in Python."""
        if type(value) is not int:
            raise ValueError("the format version is the whole number 1")
        return value

    def elements(self) -> Iterator[tuple[tuple[str, int], AnyElement]]:
        """Every element with its place in the document, e.g. `(("activities", 2), activity)`."""
        for field in ELEMENT_LISTS:
            for index, element in enumerate(getattr(self, field)):
                yield (field, index), element

    def chain_elements(self) -> Iterator[tuple[tuple[str, int], ChainElement]]:
        """The results-chain elements only (no context factors)."""
        for place, element in self.elements():
            if isinstance(element, ChainElement):
                yield place, element

    @cached_property
    def by_id(self) -> dict[str, AnyElement]:
        """Elements by id; where an id is duplicated the first one wins (a rule reports it)."""
        found: dict[str, AnyElement] = {}
        for _, element in self.elements():
            found.setdefault(element.id, element)
        return found

    @cached_property
    def graph(self) -> TocGraph:
        """The results chain as a graph, built once, with the queries an analyst needs."""
        from toc.graph import TocGraph

        return TocGraph(self)

    def __eq__(self, other: object) -> bool:
        """Equal when every field is equal; where a model was loaded from is not part of it."""
        if not isinstance(other, TheoryOfChange):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    __hash__ = None  # type: ignore[assignment]  # equal models must not pretend to hash alike

    def __repr__(self) -> str:
        """A one-line summary; the full field dump of a real model runs to pages."""
        counts = ", ".join(
            f"{len(items)} {field}" for field in ELEMENT_LISTS if (items := getattr(self, field))
        )
        return f"<TheoryOfChange {self.id!r}: {counts or 'no elements'}>"

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy without the caches of the original: its `by_id` and `graph` would be stale.

        With `update`, the changes are validated (a bad one raises `pydantic.ValidationError`),
        and the copy no longer matches the file, so it has no source positions; it remembers the
        file's text and name all the same, so `toc.save` can edit that file rather than rewrite it.
        """
        copied = super().model_copy(update=update, deep=deep)
        for cached in ("by_id", "graph"):
            copied.__dict__.pop(cached, None)
        copied._origin = self._source_map or self._origin
        copied._source_map = None if update else self._source_map
        return copied

    @property
    def source_map(self) -> SourceMap | None:
        """Positions of every node in the YAML this model was loaded from, if any."""
        return self._source_map

    def _repr_mimebundle_(self, **_: Any) -> dict[str, str]:
        """Notebook display: the diagram as SVG (the table when it cannot be drawn), with text."""
        from toc.render.jupyter import model_mimebundle

        return model_mimebundle(self)

    def to_frames(self) -> Frames:
        """Elements, links, KPIs and KPI values as pandas DataFrames (the `pandas` extra)."""
        from toc.io.frames import to_frames

        return to_frames(self)

    def validate(self, config: Config | None = None) -> Report:  # type: ignore[override]  # pydantic's deprecated v1 classmethod; this checks the theory, not input data
        """Check the theory of change; return every finding, sorted. Never raises for findings."""
        from toc.rules import validate

        return validate(self, config)

    def coverage(self, framework_id: str) -> Coverage:
        """Which entries of a reference framework this model's tags cover (`toc.analysis.coverage`).

        Raises `toc.analysis.UnknownFrameworkError` (a `LookupError`) for an unknown framework id.
        """
        from toc.analysis.coverage import coverage

        return coverage(self, framework_id)

    def evidence(self, *, path_limit: int | None = 1000) -> EvidenceReport:
        """Causal links ranked by evidence, and what to test first (`toc.analysis.evidence`).

        Also each pathway's weakest link, untested assumptions and KPIs without a baseline;
        `path_limit` bounds the pathways enumerated per activity.
        """
        from toc.analysis.evidence import evidence

        return evidence(self, path_limit=path_limit)

    def progress(
        self,
        actuals: Actuals | str | PathLike[str] | None = None,
        *,
        thresholds: RagThresholds | None = None,
        config: Config | None = None,
    ) -> Progress:
        """Each KPI's progress towards its targets, from its `actuals:` and an actuals file.

        See `toc.analysis.progress.progress`; `.to_frame()` on the result gives a DataFrame.
        """
        from toc.analysis.progress import progress

        return progress(self, actuals, thresholds=thresholds, config=config)
