"""Read one IATI activity into the YAML-shaped positioned tree, reporting what has no place.

See `toc.io.iati` for what is read and how it maps.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from toc.findings import Finding
from toc.io import ReadOptions
from toc.io._xml import LANG, Node, XmlRefused, parse_xml
from toc.io.iati.codes import (
    DEFAULT_LEVELS,
    MEASURES,
    NAMESPACE,
    RESULT_TYPES,
    STATUS_WORDS,
    namespaced,
)
from toc.io.tree import Mark, YamlMap, YamlSeq, append, mapping, put, sequence
from toc.load import LoadResult, read_data
from toc.model import TAG_PATTERN
from toc.rules.importing import (
    MISSING_ELEMENT,
    NOT_IMPORTED,
    REFUSED_FILE,
    UNKNOWN_LEVEL,
    UNREADABLE_VALUE,
    WHICH_ACTIVITY,
)
from toc.rules.reading import FILE_TOO_LARGE, UNREADABLE_FILE
from toc.rules.registry import Rule

__all__ = ["read_iati", "read_iati_bytes"]

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOOLEANS = {"1": True, "true": True, "0": False, "false": False}
_ELEMENT_LISTS = {
    "input": "inputs",
    "activity": "activities",
    "output": "outputs",
    "outcome": "outcomes",
    "impact": "impacts",
}
_TAG = re.compile(TAG_PATTERN)

Other = tuple[str, str, str]
"""A narrative not chosen: what it is (`title`), its language, and its words."""


def read_iati(path: str | Path, options: ReadOptions | None = None) -> LoadResult:
    """Read one activity of an IATI 2.03 activity file; never raises for the file's content."""
    options = options or ReadOptions()
    name = str(path)
    try:
        with Path(path).open("rb") as stream:
            data = stream.read(options.max_bytes + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        return LoadResult(
            name, None, [_finding(name, UNREADABLE_FILE, f"cannot read the file: {reason}")]
        )
    return read_iati_bytes(data, name=name, options=options)


def read_iati_bytes(
    data: bytes, *, name: str = "<string>", options: ReadOptions | None = None
) -> LoadResult:
    """Read IATI XML bytes; the same checks as `read_iati`, for XML that is not in a file."""
    options = options or ReadOptions()
    if len(data) > options.max_bytes:
        message = (
            f"the file is over the {options.max_bytes / 1048576:.0f} MiB limit; an IATI file "
            "this large holds far more than one activity's results, so check this is the right file"
        )
        return LoadResult(name, None, [_finding(name, FILE_TOO_LARGE, message)])
    picker = _Picker(options.activity)
    try:
        root = parse_xml(data, keep=_kept, on_end=picker.on_end)
    except XmlRefused as error:
        return LoadResult(
            name, None, [_finding(name, REFUSED_FILE, error.message, error.line, error.col)]
        )
    if root.tag != "iati-activities" or not picker.seen:
        what = f"`<{root.tag}>`" if root.tag != "iati-activities" else "no `<iati-activity>`"
        message = (
            f"the file holds {what}, not IATI activities (`<iati-activities>` with "
            "`<iati-activity>` elements); is it an IATI activity file?"
        )
        return LoadResult(name, None, [_finding(name, REFUSED_FILE, message, root.line, root.col)])
    findings = picker.findings(name, root)
    if picker.chosen is None:
        return LoadResult(name, None, findings)
    reader = _Reader(name, options, findings)
    tree = reader.activity(picker.chosen)
    return read_data(tree, name=name, findings=reader.findings)


def _kept(path: tuple[str, ...]) -> bool:
    """The elements read: the activity's identifier, title, description and results."""
    depth = len(path)
    if depth == 1:
        return True
    if path[0] != "iati-activities":
        return False
    if depth == 2:
        return path[1] == "iati-activity"
    if depth == 3:
        return path[2] in ("iati-identifier", "title", "description", "result")
    return True


@dataclass
class _Picker:
    """Chooses the activity to read while parsing, dropping the others' contents."""

    wanted: str | None
    seen: list[tuple[str | None, Node]] = field(default_factory=list)
    chosen: Node | None = None

    def on_end(self, node: Node, path: tuple[str, ...]) -> bool:
        if path != ("iati-activities", "iati-activity"):
            return True
        identifier = _identifier(node)
        self.seen.append((identifier, node))
        if self.chosen is not None:
            return False
        if self.wanted is None or (
            identifier is not None and self.wanted in (identifier, _slug(identifier, ""))
        ):
            self.chosen = node
            return True
        return False

    def findings(self, name: str, root: Node) -> list[Finding]:
        known = ", ".join(f"`{i}`" for i, _ in self.seen if i) or "none with an identifier"
        if self.chosen is None:
            message = (
                f"there is no activity `{self.wanted}` in the file; it holds {known}. Choose one "
                "with --activity IDENTIFIER"
            )
            return [_finding(name, WHICH_ACTIVITY, message, root.line, root.col)]
        chosen = _identifier(self.chosen) or "the first"
        return [
            _finding(
                name,
                WHICH_ACTIVITY,
                f"activity `{identifier or '(no identifier)'}` is not read: a model is one "
                f"activity, and `{chosen}` (line {self.chosen.line}) was read; choose another with "
                f"--activity {identifier or 'IDENTIFIER'}",
                node.line,
                node.col,
            )
            for identifier, node in self.seen
            if node is not self.chosen
        ]


def _identifier(activity: Node) -> str | None:
    found = activity.find("iati-identifier")
    text = found.text.strip() if found is not None else ""
    return text or None


class _Reader:
    """Builds the YAML-shaped tree of one activity, with a finding for whatever it cannot place."""

    def __init__(self, name: str, options: ReadOptions, findings: list[Finding]) -> None:
        self.name = name
        self.levels = {name.strip().lower(): kind for name, kind in options.levels.items()}
        self.findings = findings
        self.language: str | None = None
        self.ids: set[str] = set()
        self.kpis: dict[str, YamlMap] = {}
        self.written_ids: dict[str, str] = {}

    # findings ----------------------------------------------------------------------------

    def report(self, rule: Rule, message: str, mark: Mark) -> None:
        self.findings.append(_finding(self.name, rule, message, mark.line, mark.col))

    def leftovers(
        self, node: Node, where: str, attributes: frozenset[str], children: frozenset[str]
    ) -> None:
        """TOC022 for each attribute and child element of `node` the reader did not use."""
        for attribute in node.attrs:
            if attribute not in attributes:
                self.report(
                    NOT_IMPORTED,
                    f"attribute `{_local(attribute)}` of `<{_local(node.tag)}>` in {where} is not "
                    "imported: the model has no place for it",
                    node.attr_mark(attribute),
                )
        for child in node.children:
            if child.tag not in children:
                self.report(
                    NOT_IMPORTED,
                    f"`<{_local(child.tag)}>` in {where} is not imported: the model has no place "
                    "for it",
                    child.mark,
                )

    # the activity --------------------------------------------------------------------------

    def activity(self, node: Node) -> YamlMap:
        self.language = node.attrs.get(LANG)
        root = mapping(node.mark)
        put(root, "toc", 1, node.mark)
        identifier = node.find("iati-identifier")
        text = _identifier(node)
        if identifier is None or text is None:
            fallback = _slug(Path(self.name).stem, "iati-activity")
            self.report(
                MISSING_ELEMENT,
                f"the activity has no `<iati-identifier>`; the model's id is `{fallback}`, from "
                "the file name",
                node.mark,
            )
            put(root, "id", fallback, node.mark)
        else:
            model_id = _slug(text, "iati-activity")
            put(root, "id", model_id, identifier.mark)
            self.ids.add(model_id)
        other_languages: list[Other] = []
        title = self.narrative(node.find("title"), "title", other_languages)
        if title is None:
            self.report(
                MISSING_ELEMENT,
                "the activity has no `<title>` with a `<narrative>`; the model's title is its id",
                node.mark,
            )
            put(root, "title", root["id"], node.mark)
        else:
            put(root, "title", title[0], title[1])
        self.activity_description(node, root, other_languages)
        self.source(root, other_languages, node.mark)
        lists: dict[str, YamlSeq] = {}
        for result in node.findall("result"):
            self.result(result, lists)
        for key in ("inputs", "activities", "outputs"):
            if key in lists:
                put(root, key, lists[key], lists[key].item_marks[0])
        if self.kpis:
            kpis = sequence(next(iter(self.kpis.values())).mark)
            for kpi in self.kpis.values():
                append(kpis, kpi, kpi.mark)
            put(root, "kpis", kpis, kpis.mark)
        for key in ("outcomes", "impacts"):
            if key in lists:
                put(root, key, lists[key], lists[key].item_marks[0])
        return root

    def activity_description(self, node: Node, root: YamlMap, others: list[Other]) -> None:
        general = [d for d in node.findall("description") if d.attrs.get("type", "1") == "1"]
        for extra in general[1:] + [d for d in node.findall("description") if d not in general]:
            kind = extra.attrs.get("type", "1")
            self.report(
                NOT_IMPORTED,
                f'`<description type="{kind}">` of the activity is not imported: the model '
                "holds one general description",
                extra.mark,
            )
        if general:
            found = self.narrative(general[0], "description", others)
            if found is not None and found[0] != root.get("title"):  # the writer's stand-in
                put(root, "description", found[0], found[1])

    def narrative(
        self, node: Node | None, what: str, others: list[Other]
    ) -> tuple[str, Mark] | None:
        """The narrative in the activity's language (else the first); others go to `others`."""
        if node is None:
            return None
        narratives = [
            (n, n.text.strip(), n.attrs.get(LANG, self.language))
            for n in node.findall("narrative")
            if n.text.strip()
        ]
        if not narratives:
            return None
        chosen = next(
            (item for item in narratives if item[2] == self.language),
            narratives[0],
        )
        others.extend(
            (what, item[2] or "no language", item[1]) for item in narratives if item is not chosen
        )
        return chosen[1], chosen[0].mark

    # results --------------------------------------------------------------------------------

    def result(self, node: Node, lists: dict[str, YamlSeq]) -> None:
        number = f"result at line {node.line}"
        code = node.attrs.get("type")
        if code is None:
            self.report(
                MISSING_ELEMENT,
                f"the {number} has no `type` (1 output, 2 outcome, 3 impact); it is not imported",
                node.mark,
            )
            return
        code = code.strip()
        level = (
            self.levels.get(code)
            or self.levels.get(RESULT_TYPES.get(code, ""))
            or DEFAULT_LEVELS.get(code)
        )
        kind, _, term = (level or "").partition(":")
        if kind not in _ELEMENT_LISTS:
            named = RESULT_TYPES.get(code.strip(), "not an IATI result type")
            self.report(
                UNKNOWN_LEVEL,
                f"result type `{code}` ({named}) maps to no kind of element, so the {number} is "
                f'not imported; map it with --levels "{code}=outcome:medium" (or output, '
                "impact)",
                node.attr_mark("type"),
            )
            return
        others: list[Other] = []
        title = self.narrative(node.find("title"), "title", others)
        if title is None:
            self.report(
                MISSING_ELEMENT,
                f"the {number} has no `<title>` with a `<narrative>`; it is not imported",
                node.mark,
            )
            return
        element = mapping(node.mark)
        element_id = self.new_id(node, title[0], "result")
        put(element, "id", element_id, node.attr_mark(namespaced("id")))
        put(element, "label", title[0], title[1])
        if kind == "outcome":
            if namespaced("term") in node.attrs:
                put(
                    element,
                    "term",
                    node.attrs[namespaced("term")],
                    node.attr_mark(namespaced("term")),
                )
            else:
                put(element, "term", term or "short", node.attr_mark("type"))
        where = f"{kind} `{element_id}`"
        description = self.narrative(node.find("description"), "description", others)
        if description is not None:
            put(element, "description", description[0], description[1])
        self.tags(node, element, where)
        if "aggregation-status" in node.attrs:
            self.report(
                NOT_IMPORTED,
                f"`aggregation-status` of the {where} is not imported: the model says it of each "
                "KPI (`aggregation_status`), not of results",
                node.attr_mark("aggregation-status"),
            )
        measured = sequence(node.mark)
        for indicator in node.findall("indicator"):
            kpi_id = self.indicator(indicator, where)
            if kpi_id is not None and kpi_id not in measured:
                append(measured, kpi_id, indicator.mark)
        if measured:
            put(element, "measured_by", measured, measured.item_marks[0])
        self.source(element, others, node.mark)
        self.leftovers(
            node,
            f"the {where}",
            frozenset({"type", "aggregation-status", namespaced("id"), namespaced("term")}),
            frozenset({"title", "description", "reference", "indicator"}),
        )
        key = _ELEMENT_LISTS[kind]
        if key not in lists:
            lists[key] = sequence(node.mark)
        append(lists[key], element, node.mark)

    def new_id(self, node: Node, label: str, fallback: str) -> str:
        """The element's id: `toc:id` as written, else one made from its label, unique."""
        written = node.attrs.get(namespaced("id"))
        if written is not None:
            self.ids.add(written)
            return written
        return self.unique(_slug(label, fallback))

    def unique(self, base: str) -> str:
        candidate, number = base, 2
        while candidate in self.ids:
            candidate, number = f"{base[:90]}-{number}", number + 1
        self.ids.add(candidate)
        return candidate

    def tags(self, node: Node, element: YamlMap, where: str) -> None:
        tags = sequence(node.mark)
        for reference in node.findall("reference"):
            code = reference.attrs.get("code", "")
            if reference.attrs.get("vocabulary") == "99" and _TAG.fullmatch(code):
                append(tags, code, reference.attr_mark("code"))
            else:
                vocabulary = reference.attrs.get("vocabulary", "none")
                self.report(
                    NOT_IMPORTED,
                    f"`<reference>` `{code}` (vocabulary {vocabulary}) of the {where} is not "
                    "imported: only vocabulary 99 references written as `framework:entry` "
                    "become tags",
                    reference.mark,
                )
        if tags:
            put(element, "tags", tags, tags.item_marks[0])

    def source(self, element: YamlMap, others: list[Other], mark: Mark) -> None:
        """Narratives in other languages, kept as the source's own words of the element."""
        if others:
            source = mapping(mark)
            text = "\n".join(f"{what} ({language}): {words}" for what, language, words in others)
            put(source, "text", text, mark)
            put(element, "source", source, mark)

    # indicators -----------------------------------------------------------------------------

    def indicator(self, node: Node, result: str) -> str | None:
        others: list[Other] = []
        title = self.narrative(node.find("title"), "title", others)
        if title is None:
            self.report(
                MISSING_ELEMENT,
                f"the indicator at line {node.line} of the {result} has no `<title>` with a "
                "`<narrative>`; it is not imported",
                node.mark,
            )
            return None
        kpi = mapping(node.mark)
        written = node.attrs.get(namespaced("id"))
        kpi_id = self.new_id(node, title[0], "indicator")
        where = f"KPI `{kpi_id}`"
        put(kpi, "label", title[0], title[1])
        measure = node.attrs.get("measure")
        qualitative = False
        if measure is None:
            self.report(
                MISSING_ELEMENT,
                f"the {where} has no `measure` (1 unit, 2 percentage, 3 nominal, 4 ordinal, "
                "5 qualitative); it is imported without one",
                node.mark,
            )
        elif measure.strip() in MEASURES:
            qualitative = MEASURES[measure.strip()] == "qualitative"
            put(kpi, "measure", MEASURES[measure.strip()], node.attr_mark("measure"))
        else:
            self.report(
                UNREADABLE_VALUE,
                f"`measure` `{measure}` of the {where} is not an IATI indicator measure (1 unit, "
                "2 percentage, 3 nominal, 4 ordinal, 5 qualitative); it is imported without one",
                node.attr_mark("measure"),
            )
        if namespaced("unit") in node.attrs:
            put(kpi, "unit", node.attrs[namespaced("unit")], node.attr_mark(namespaced("unit")))
        for attribute, key in (
            ("ascending", "ascending"),
            (namespaced("cumulative"), "cumulative"),
            ("aggregation-status", "aggregation_status"),
        ):
            self.flag(node, attribute, kpi, key, where)
        description = self.narrative(node.find("description"), "description", others)
        if description is not None:
            put(kpi, "description", description[0], description[1])
        self.tags(node, kpi, where)
        baselines = [
            self.value(b, where, qualitative, baseline=True) for b in node.findall("baseline")
        ]
        self.one_or_many(kpi, "baseline", baselines)
        targets: list[YamlMap] = []
        actuals: list[YamlMap] = []
        for period in node.findall("period"):
            self.period(period, where, qualitative, targets, actuals)
        self.one_or_many(kpi, "target", targets)
        if actuals:
            put(kpi, "actuals", _seq(actuals), actuals[0].mark)
        self.source(kpi, others, node.mark)
        self.leftovers(
            node,
            f"the {where}",
            frozenset(
                {"measure", "ascending", "aggregation-status"}
                | {namespaced(n) for n in ("id", "unit", "cumulative")}
            ),
            frozenset({"title", "description", "reference", "baseline", "period"}),
        )
        if written is not None and written in self.kpis:
            if self.kpis[written] == {**kpi, "id": written}:
                return written  # the same KPI measuring a second result
            kpi_id = self.unique(_slug(title[0], "indicator"))
        put(kpi, "id", kpi_id, node.attr_mark(namespaced("id")) if written else node.mark)
        self.kpis[kpi_id] = kpi
        return kpi_id

    def flag(self, node: Node, attribute: str, target: YamlMap, key: str, where: str) -> None:
        raw = node.attrs.get(attribute)
        if raw is None:
            return
        value = _BOOLEANS.get(raw.strip().lower())
        if value is None:
            self.report(
                UNREADABLE_VALUE,
                f"`{_local(attribute)}` `{raw}` of the {where} is not true or false (IATI writes "
                "1 or 0); it is not imported",
                node.attr_mark(attribute),
            )
            return
        put(target, key, value, node.attr_mark(attribute))

    def one_or_many(self, kpi: YamlMap, key: str, values: list[YamlMap]) -> None:
        if len(values) == 1:
            put(kpi, key, values[0], values[0].mark)
        elif values:
            put(kpi, key, _seq(values), values[0].mark)

    def period(
        self,
        node: Node,
        where: str,
        qualitative: bool,
        targets: list[YamlMap],
        actuals: list[YamlMap],
    ) -> None:
        dates: dict[str, tuple[dt.date, Mark]] = {}
        for key, tag in (("start", "period-start"), ("end", "period-end")):
            edge = node.find(tag)
            if edge is None or "iso-date" not in edge.attrs:
                self.report(
                    MISSING_ELEMENT,
                    f"a period of the {where} has no `<{tag} iso-date=...>`; its values are "
                    f"imported without a {key} date",
                    edge.mark if edge is not None else node.mark,
                )
                continue
            day = self.date(edge, "iso-date", where)
            if day is not None:
                dates[key] = (day, edge.attr_mark("iso-date"))
        for child in node.children:
            if child.tag in ("target", "actual"):
                value = self.value(child, where, qualitative, baseline=False)
                for key, (day, mark) in dates.items():
                    put(value, key, day, mark)
                (targets if child.tag == "target" else actuals).append(value)
        self.leftovers(
            node,
            f"a period of the {where}",
            frozenset(),
            frozenset({"period-start", "period-end", "target", "actual"}),
        )

    def date(self, node: Node, attribute: str, where: str) -> dt.date | None:
        raw = node.attrs[attribute]
        try:
            if not _DATE.fullmatch(raw.strip()):
                raise ValueError(raw)
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            self.report(
                UNREADABLE_VALUE,
                f"`{attribute}` `{raw}` in the {where} is not a date (YYYY-MM-DD); it is not "
                "imported",
                node.attr_mark(attribute),
            )
            return None

    def value(self, node: Node, where: str, qualitative: bool, *, baseline: bool) -> YamlMap:
        """A baseline, target or actual: number or status, words, comment, dimensions."""
        value = mapping(node.mark)
        kind = _local(node.tag)
        unreadable = None
        raw = node.attrs.get("value")
        if raw is not None and raw.strip():
            number = _number_in(raw)
            status = STATUS_WORDS.get(" ".join(raw.lower().split()))
            if number is not None:
                put(value, "value", number, node.attr_mark("value"))
            elif status is not None:
                put(value, "status", status, node.attr_mark("value"))
            else:
                unreadable = raw
                self.report(
                    UNREADABLE_VALUE,
                    f"the {kind} value `{raw}` of the {where} is not a number; it is kept in the "
                    "comment. Write the number alone (`12`, `1234.5`) and anything else in "
                    "`<comment>`",
                    node.attr_mark("value"),
                )
        others: list[Other] = []
        found = self.narrative(node.find("comment"), "comment", others)
        words = found[0] if found is not None else None
        if qualitative and found is not None and "status" not in value:
            put(value, "text", found[0], found[1])
            words = None
        lines = [
            line for line in (words, *(f"({lang}) {text}" for _, lang, text in others)) if line
        ]
        if unreadable is not None:
            lines.append(f"Value as written in the IATI file: {unreadable}")
        if lines:
            put(value, "comment", "\n".join(lines), found[1] if found else node.attr_mark("value"))
        if baseline:
            if "year" in node.attrs:
                year = node.attrs["year"].strip()
                if year.isdigit() and len(year) <= 4:
                    put(value, "year", int(year), node.attr_mark("year"))
                else:
                    self.report(
                        UNREADABLE_VALUE,
                        f"`year` `{node.attrs['year']}` of a baseline of the {where} is not a "
                        "year; it is not imported",
                        node.attr_mark("year"),
                    )
            else:
                self.report(
                    MISSING_ELEMENT,
                    f"a baseline of the {where} has no `year`, which IATI requires; it is "
                    "imported without one",
                    node.mark,
                )
            if "iso-date" in node.attrs:
                day = self.date(node, "iso-date", where)
                if day is not None:
                    put(value, "date", day, node.attr_mark("iso-date"))
        self.dimensions(node, value, where)
        self.leftovers(
            node,
            f"{'an' if kind == 'actual' else 'a'} {kind} of the {where}",
            frozenset({"value", "year", "iso-date"} if baseline else {"value"}),
            frozenset({"comment", "dimension"}),
        )
        return value

    def dimensions(self, node: Node, value: YamlMap, where: str) -> None:
        dimensions = mapping(node.mark)
        for dimension in node.findall("dimension"):
            name, said = dimension.attrs.get("name"), dimension.attrs.get("value")
            if name is None or said is None:
                missing = "name" if name is None else "value"
                self.report(
                    MISSING_ELEMENT,
                    f"a `<dimension>` in the {where} has no `{missing}`; it is not imported",
                    dimension.mark,
                )
            elif name in dimensions:
                self.report(
                    NOT_IMPORTED,
                    f"a second `{name}` dimension on one value of the {where} is not imported; "
                    "write one value for each combination of dimensions",
                    dimension.mark,
                )
            else:
                put(dimensions, name, said, dimension.attr_mark("value"), key_mark=dimension.mark)
        if dimensions:
            put(value, "dimensions", dimensions, dimensions.key_marks[next(iter(dimensions))])


def _seq(items: list[YamlMap]) -> YamlSeq:
    found = sequence(items[0].mark)
    for item in items:
        append(found, item, item.mark)
    return found


def _number_in(raw: str) -> int | float | None:
    """A plain decimal, as IATI requires; anything else (`1,234`, `12 (est.)`) is not read."""
    text = raw.strip()
    if not _DECIMAL.fullmatch(text):
        return None
    try:
        number: int | float = float(text) if "." in text else int(text)
    except ValueError:  # more digits than Python converts
        return None
    return None if isinstance(number, float) and not math.isfinite(number) else number


def _local(tag: str) -> str:
    if tag.startswith(f"{{{NAMESPACE}}}"):
        return "toc:" + tag.rsplit("}", 1)[1]
    if tag == LANG:
        return "xml:lang"
    return tag.rsplit("}", 1)[-1]


def _slug(text: str, fallback: str) -> str:
    """An id from any text: lowercase ASCII words joined by `-` (ids already valid are kept)."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    joined = re.sub(r"[^a-z0-9_]+", "-", plain)
    joined = re.sub(r"[-_]{2,}", lambda m: m.group(0)[0], joined).strip("-_")
    return joined[:80].strip("-_") or fallback


def _finding(file: str, rule: Rule, message: str, line: int = 0, col: int = 0) -> Finding:
    return Finding(file, line, col, rule.code, rule.name, rule.severity, message)
