"""Turn element and link records, read from a node list or a Kumu map, into the model's tree.

Both formats describe a theory of change the same way: elements with a level (a kind in the
source's words), and links between them naming their ends by id or label. This module does what
they share: ids for elements that have none, kinds from levels (`toc.io.levels`), link ends
resolved by id, then label, then label in any case, each link written on the element the YAML
format puts it on, and groups and free-text tags kept as the entries of a framework. Every value
keeps the mark of the cell or line it came from, so findings point there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from toc.findings import Finding
from toc.io.levels import Level, Levels
from toc.io.tree import append, mapping, put, sequence
from toc.model import ELEMENT_LISTS, SLUG_PATTERN, TAG_PATTERN, Link
from toc.rules.importing import (
    NOT_IMPORTED,
    UNKNOWN_LEVEL,
    UNKNOWN_RELATION,
    UNREADABLE_VALUE,
    UNRESOLVED_NAME,
)
from toc.rules.registry import Rule
from toc.yamlsafe import Mark, YamlMap, YamlSeq

__all__ = [
    "FACTOR_KINDS",
    "GROUPS_FRAMEWORK",
    "RELATION_NAMES",
    "TAGS_FRAMEWORK",
    "Assembly",
    "ElementRecord",
    "LinkRecord",
    "TagRecord",
    "Value",
    "relation_name",
    "slugify",
]

GROUPS_FRAMEWORK = "groups"
"""The framework a file's groups or pathways become: one entry per group, tagged `groups:x`."""
TAGS_FRAMEWORK = "tags"
"""The framework free-text tags become (`priority` → `tags:priority`); `fw:entry` tags stay."""
FACTOR_KINDS = frozenset({"assumption", "barrier", "enabler", "risk"})
_LIST_OF_KIND = {cls.kind: name for name, cls in ELEMENT_LISTS.items()}

RELATION_NAMES: dict[str, tuple[str, bool]] = {
    "uses": ("uses", False),
    "used by": ("uses", True),
    "input to": ("uses", True),
    "produces": ("produces", False),
    "produced by": ("produces", True),
    "leads to": ("leads_to", False),
    "contributes to": ("leads_to", False),
    "results in": ("leads_to", False),
    "causes": ("leads_to", False),
    "measured by": ("measured_by", False),
    "measures": ("measured_by", True),
    "indicator of": ("measured_by", True),
    "applies to": ("applies_to", False),
    "affects": ("applies_to", False),
}
"""Relation words a link may carry, and the model relation each one is. True: the link is
written on its `to` end (`Funding` used by `Training` → `Training` uses `Funding`)."""

_WRITTEN_AS = {
    "uses": "used by",
    "produces": "produces",
    "leads_to": "leads to",
    "measured_by": "measured by",
    "applies_to": "applies to",
}


_CONTRIBUTES = frozenset({"contributes to"})
"""Relation words that make a `leads_to` link `relation: contributes_to`."""


def relation_name(relation: str, link: Link | None = None) -> str:
    """The words writers use for a relation; links are written along the chain (input first).

    A `leads_to` link with `relation: contributes_to` is written "contributes to", which reads
    back as itself.
    """
    if link is not None and link.relation == "contributes_to":
        return "contributes to"
    return _WRITTEN_AS[relation]


def _relation_key(text: str) -> str:
    return " ".join(re.sub(r"[\s_\-]+", " ", text.casefold()).split())


@dataclass(slots=True)
class Value:
    """A value read from a file and the mark of where it is written."""

    value: Any
    mark: Mark


@dataclass(slots=True)
class TagRecord:
    """A tag as written: a `framework:entry` reference or free text, with its basis and note."""

    text: Value
    basis: Value | None = None
    note: Value | None = None


@dataclass(slots=True)
class ElementRecord:
    """One element as a file gives it; `fields` hold flat values by model path."""

    mark: Mark
    level: Value | None = None
    id: Value | None = None
    label: Value | None = None
    aliases: list[str] = field(default_factory=list)
    """Other names links may use for it, such as a Kumu `_id`."""
    fields: list[tuple[tuple[str, ...], Value]] = field(default_factory=list)
    tags: list[TagRecord] = field(default_factory=list)
    groups: list[Value] = field(default_factory=list)
    applies_to: list[Value] = field(default_factory=list)
    values: list[tuple[str, Mark, list[tuple[tuple[str, ...], Value]]]] = field(
        default_factory=list
    )
    """A KPI's baselines, targets and actuals: `(role, mark, fields)`, in the file's order."""
    kind: Level | None = None
    element_id: str = ""
    links: dict[str, list[tuple[YamlMap, Mark]]] = field(default_factory=dict)
    targets: list[tuple[str, Mark]] = field(default_factory=list)


@dataclass(slots=True)
class LinkRecord:
    """One link as a file gives it: its ends by name, the relation words and its fields."""

    mark: Mark
    source: Value | None
    target: Value | None
    relation: Value | None = None
    fields: list[tuple[tuple[str, ...], Value]] = field(default_factory=list)
    assumptions: list[Value] = field(default_factory=list)


def slugify(text: str, *, fallback: str = "element") -> str:
    """An id made from a label: ASCII, lower case, words joined by `-`, at most 60 characters."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > 60:
            break
        slug = longer
    return slug or (words[0][:60] if words else fallback)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


class Assembly:
    """Collects records, then builds the tree `toc.load.read_data` validates.

    Add every element first: names are resolved, and ids made for elements without one, when
    the first link or row naming an element is resolved.
    """

    def __init__(self, file: str, levels: Levels) -> None:
        self.file = file
        self.levels = levels
        self.findings: list[Finding] = []
        self.elements: list[ElementRecord] = []
        self.links: list[LinkRecord] = []
        self._indexed = False
        self._by_id: dict[str, ElementRecord] = {}
        self._by_alias: dict[str, ElementRecord] = {}
        self._by_label: dict[str, list[ElementRecord]] = {}
        self._by_folded: dict[str, list[ElementRecord]] = {}
        self._frameworks: dict[str, list[tuple[str, str, Mark]]] = {}
        self._groups: GroupNames | None = None
        """The model's groups, when the file declares them: then a group column names one."""

    def finding(self, rule: Rule, message: str, mark: Mark) -> None:
        """Report a finding at a mark (a cell, a CSV field, a JSON line and column)."""
        self.findings.append(
            Finding(
                mark.file or self.file,
                mark.line,
                mark.col,
                rule.code,
                rule.name,
                rule.severity,
                message,
                sheet=mark.sheet,
            )
        )

    def add_element(self, record: ElementRecord) -> None:
        """Take one element; its level is looked up now (an unknown one is TOC016 here)."""
        self.elements.append(record)
        if record.level is None or not str(record.level.value).strip():
            self.finding(
                UNKNOWN_LEVEL,
                "no level or kind is given, so this element cannot be placed in the chain; "
                "give one (input, activity, output, KPI, outcome, impact, assumption, ...)",
                record.level.mark if record.level else record.mark,
            )
            return
        found = self.levels.get(str(record.level.value))
        if found is None:
            self.finding(
                UNKNOWN_LEVEL, self.levels.unknown(str(record.level.value)), record.level.mark
            )
        record.kind = found

    def add_link(self, record: LinkRecord) -> None:
        """Take one link; it is resolved when the tree is built."""
        self.links.append(record)

    # --- names -----------------------------------------------------------------------------

    def _index(self) -> None:
        if self._indexed:
            return
        self._indexed = True
        taken = {i for i in map(_given_id, self.elements) if re.fullmatch(SLUG_PATTERN, i)}
        for record in self.elements:
            written = _given_id(record)
            if re.fullmatch(SLUG_PATTERN, written):
                record.element_id = written
            elif written:  # `A1`, `1.2` are made valid (`a1`, `1-2`); links may use either
                record.element_id = unique_id(slugify(written), taken)
                record.aliases.append(written)
            else:
                label = str(record.label.value) if record.label else ""
                fallback = record.kind.kind if record.kind else "element"
                record.element_id = unique_id(slugify(label, fallback=fallback), taken)
            self._by_id.setdefault(record.element_id, record)
            for alias in record.aliases:
                self._by_alias.setdefault(alias, record)
            if record.label is not None:
                label = str(record.label.value)
                self._by_label.setdefault(label, []).append(record)
                self._by_folded.setdefault(_fold(label), []).append(record)
            self._by_folded.setdefault(_fold(record.element_id), []).append(record)

    def dangling(self, name: Value) -> str | None:
        """The name as an id, when it is a valid id that names nothing in the file at all.

        Such a name is kept as written, as YAML keeps it, and the rules report it (TOC111).
        """
        self._index()
        text = str(name.value).strip()
        known = (
            text in self._by_id
            or text in self._by_alias
            or str(name.value) in self._by_label
            or _fold(text) in self._by_folded
        )
        return text if re.fullmatch(SLUG_PATTERN, text) and not known else None

    def find(self, name: Value, what: str) -> ElementRecord | None:
        """The element a name (an id or a label) means; TOC020 at the name when none or several.

        `what` says whose name it is, for the message: "the link's `from`".
        """
        self._index()
        text = str(name.value).strip()
        found = self._by_id.get(text) or self._by_alias.get(text)
        if found is None:
            for candidates in (
                self._by_label.get(str(name.value)),
                self._by_folded.get(_fold(text)),
            ):
                unique = _distinct(candidates or [])
                if len(unique) == 1:
                    found = unique[0]
                    break
                if len(unique) > 1:
                    places = ", ".join(f"`{r.element_id}`" for r in unique[:5])
                    self.finding(
                        UNRESOLVED_NAME,
                        f"{what} `{text}` is the label of several elements ({places}); "
                        "name the one meant by its id",
                        name.mark,
                    )
                    return None
        if found is None:
            from toc.suggest import closest

            names = [*self._by_id, *(label for label in self._by_label)]
            nearest = closest(text, names)
            hint = f"; did you mean `{nearest}`?" if nearest else ""
            self.finding(
                UNRESOLVED_NAME,
                f"{what} `{text}` names no element (by id or label), so it is not imported{hint}",
                name.mark,
            )
            return None
        if found.kind is None:
            self.finding(
                UNRESOLVED_NAME,
                f"{what} `{text}` names an element that is not imported (its level is not "
                "known); map its level and this imports too",
                name.mark,
            )
            return None
        return found

    # --- building ---------------------------------------------------------------------------

    def build(
        self,
        root_mark: Mark,
        model: Iterable[tuple[tuple[str, ...], Value]],
        *,
        statements: YamlSeq | None = None,
        frameworks: YamlSeq | None = None,
    ) -> YamlMap:
        """The whole tree: the model's own fields, statements, frameworks, then the elements."""
        self._index()
        for link in self.links:
            self._place(link)
        for record in self.elements:
            for target in record.applies_to:
                kept = self.dangling(target)
                found = None if kept else self.find(target, "`applies to`")
                kept = found.element_id if found is not None else kept
                if kept:
                    record.targets.append((kept, target.mark))
        root = mapping(root_mark)
        put(root, "toc", 1, root_mark)
        for path, value in model:
            _put_path(root, path, value)
        declared = root.get("groups")
        if isinstance(declared, YamlSeq) and declared:
            self._groups = _group_names(declared)
        if statements is not None:
            put(root, "statements", statements, statements.mark)
        if "outcome_levels" not in root and (declared := self.levels.declared_outcome_levels()):
            levels = sequence(root_mark)  # the order `--levels` gives them
            for level_id, label in declared:
                append(levels, {"id": level_id, "label": label}, root_mark)
            put(root, "outcome_levels", levels, root_mark)
        lists: dict[str, YamlSeq] = {}
        for record in self.elements:
            if record.kind is None:
                continue
            tree = self._element(record)
            name = _LIST_OF_KIND[record.kind.kind]
            if name not in lists:
                lists[name] = sequence(record.mark)
            append(lists[name], tree, record.mark)
        generated = self._generated_frameworks(frameworks)
        if generated is not None:
            put(root, "frameworks", generated, generated.mark)
        for name in ELEMENT_LISTS:
            if name in lists:
                put(root, name, lists[name], lists[name].mark)
        return root

    def _element(self, record: ElementRecord) -> YamlMap:
        assert record.kind is not None
        tree = mapping(record.mark)
        put(tree, "id", record.element_id, record.id.mark if record.id else record.mark)
        if record.label is not None:
            put(tree, "label", record.label.value, record.label.mark)
        for path, value in record.fields:
            _put_path(tree, path, value)
        if record.kind.term is not None and "term" not in tree:
            assert record.level is not None
            put(tree, "term", record.kind.term, record.level.mark)
        tags = self.tag_sequence(record.tags, record.groups if self._groups is None else ())
        if self._groups is not None and record.groups:
            self._put_group(tree, record.groups)
        if tags is not None:
            put(tree, "tags", tags, tags.mark)
        if record.targets:
            targets = sequence(record.targets[0][1])
            for target, mark in record.targets:
                append(targets, target, mark)
            put(tree, "applies_to", targets, targets.mark)
        for relation, links in record.links.items():
            items = sequence(links[0][1])
            for link, mark in links:
                append(items, link, mark)
            put(tree, relation, items, items.mark)
        for role, key in (("baseline", "baseline"), ("target", "target"), ("actual", "actuals")):
            rows = [(mark, fields) for said, mark, fields in record.values if said == role]
            if rows:
                _put_values(tree, key, rows, many=role == "actual")
        return tree

    def _put_group(self, tree: YamlMap, names: list[Value]) -> None:
        """The element's `group:`: the declared group its first group name means, by id or label.

        A model element is in one group (its innermost), so further names are TOC022.
        """
        assert self._groups is not None
        first, *more = names
        text = str(first.value).strip()
        found = self._groups.meant(text)
        if len(found) == 1:
            put(tree, "group", found[0], first.mark)
        elif found:
            self.finding(UNRESOLVED_NAME, shared_label(text, found), first.mark)
        elif re.fullmatch(SLUG_PATTERN, text):
            put(tree, "group", text, first.mark)  # kept, as YAML keeps it: TOC118 reports it
        else:
            self.finding(
                UNRESOLVED_NAME,
                f"the group `{text}` names no group of the file (by id or label), so the element "
                f"is put in none{self._groups.hint(text)}",
                first.mark,
            )
        for extra in more:
            self.finding(
                NOT_IMPORTED,
                f"the group `{str(extra.value).strip()}` is not imported: an element is in one "
                "group (its innermost); nest the groups, or put the element in one",
                extra.mark,
            )

    def tag_sequence(self, tags: list[TagRecord], groups: Iterable[Value] = ()) -> YamlSeq | None:
        """Tags as the model writes them; groups and free-text tags become framework entries."""
        written: list[tuple[Any, Mark]] = []
        for tag in tags:
            text = str(tag.text.value).strip()
            ref = (
                text
                if re.fullmatch(TAG_PATTERN, text)
                else self._entry(TAGS_FRAMEWORK, text, tag.text.mark)
            )
            if tag.basis is None and tag.note is None:
                written.append((ref, tag.text.mark))
                continue
            detail = mapping(tag.text.mark)
            put(detail, "ref", ref, tag.text.mark)
            for key, value in (("basis", tag.basis), ("note", tag.note)):
                if value is not None:
                    put(detail, key, value.value, value.mark)
            written.append((detail, tag.text.mark))
        for group in groups:
            written.append(
                (self._entry(GROUPS_FRAMEWORK, str(group.value), group.mark), group.mark)
            )
        if not written:
            return None
        result = sequence(written[0][1])
        for value, mark in written:
            append(result, value, mark)
        return result

    def _entry(self, framework: str, text: str, mark: Mark) -> str:
        """`framework:slug` for a group or free tag, adding the entry the first time it is seen."""
        entries = self._frameworks.setdefault(framework, [])
        label = " ".join(text.split())
        for slug, known, _ in entries:
            if known == label:
                return f"{framework}:{slug}"
        slug = unique_id(slugify(label, fallback="group"), {s for s, _, _ in entries})
        entries.append((slug, label, mark))
        return f"{framework}:{slug}"

    def _generated_frameworks(self, frameworks: YamlSeq | None) -> YamlSeq | None:
        """The file's frameworks, with the entries groups and free-text tags need added."""
        if not self._frameworks:
            return frameworks
        first = min((e[2] for entries in self._frameworks.values() for e in entries), key=_order)
        result = frameworks if frameworks is not None else sequence(first)
        titles = {GROUPS_FRAMEWORK: "Groups", TAGS_FRAMEWORK: "Tags"}
        for framework, entries in self._frameworks.items():
            existing = next(
                (f for f in result if isinstance(f, YamlMap) and f.get("id") == framework), None
            )
            if existing is None:
                mark = entries[0][2]
                existing = mapping(mark)
                put(existing, "id", framework, mark)
                put(existing, "title", titles[framework], mark)
                append(result, existing, mark)
            listed = existing.get("entries")
            if not isinstance(listed, YamlSeq):
                listed = sequence(entries[0][2])
                put(existing, "entries", listed, entries[0][2])
            known = {e.get("id") for e in listed if isinstance(e, YamlMap)}
            for slug, label, mark in entries:
                if slug in known:
                    continue
                entry = mapping(mark)
                put(entry, "id", slug, mark)
                put(entry, "label", label, mark)
                append(listed, entry, mark)
        return result

    def _place(self, link: LinkRecord) -> None:
        """Resolve a link's ends and relation, and write it on the element that owns it."""
        if link.source is None or link.target is None:
            return  # the reader reported the missing end
        relation: str | None = None
        flipped = False
        if link.relation is not None and str(link.relation.value).strip():
            words = str(link.relation.value)
            known = RELATION_NAMES.get(_relation_key(words))
            if known is None:
                from toc.suggest import did_you_mean

                hint = did_you_mean(_relation_key(words), RELATION_NAMES)
                self.finding(
                    UNKNOWN_RELATION,
                    f"`{words.strip()}` is not a relation{hint}; use one of "
                    f"{', '.join(RELATION_NAMES)}, or leave it blank to read it from the kinds",
                    link.relation.mark,
                )
                return
            relation, flipped = known
        ends = {"from": link.source, "to": link.target}
        owner_end, other_end = ("to", "from") if flipped else ("from", "to")
        owner = self.find(ends[owner_end], f"the link's `{owner_end}`")
        # With the relation given, the other end may be an id the file does not have: it is
        # kept, as YAML keeps it, and the rules report it (TOC111); its kind is not needed.
        kept = self.dangling(ends[other_end]) if relation is not None else None
        end = None if kept else self.find(ends[other_end], f"the link's `{other_end}`")
        end_id, end_mark = kept or "", ends[other_end].mark
        if owner is None or (end is None and kept is None):
            return
        if end is not None:
            marks = {id(owner): ends[owner_end].mark, id(end): ends[other_end].mark}
            if relation is None:
                relation, owner, end = _inferred(owner, end)
            elif not _allowed(relation, owner, end) and _allowed(relation, end, owner):
                owner, end = end, owner
            end_id, end_mark = end.element_id, marks[id(end)]
        assert relation is not None
        if relation == "applies_to":
            for _, value in link.fields:
                self.finding(
                    UNREADABLE_VALUE,
                    "an `applies to` link has no basis, evidence, feedback or note; this value "
                    "is not imported (write it in the factor's description)",
                    value.mark,
                )
            owner.targets.append((end_id, end_mark))
            return
        tree = mapping(link.mark)
        put(tree, "to", end_id, end_mark)
        if link.relation is not None and _relation_key(str(link.relation.value)) in _CONTRIBUTES:
            put(tree, "relation", "contributes_to", link.relation.mark)
        for path, value in link.fields:
            _put_path(tree, path, value)
        if link.assumptions:
            names = sequence(link.assumptions[0].mark)
            for name in link.assumptions:
                kept = self.dangling(name)
                found = None if kept else self.find(name, "the assumption")
                kept = found.element_id if found is not None else kept
                if kept:
                    append(names, kept, name.mark)
            if names:
                put(tree, "assumptions", names, names.mark)
        owner.links.setdefault(relation, []).append((tree, link.mark))


def _inferred(
    source: ElementRecord, target: ElementRecord
) -> tuple[str, ElementRecord, ElementRecord]:
    """The relation of a link with none given, from the kinds at its ends, drawn source → target."""
    assert source.kind is not None
    assert target.kind is not None
    kinds = (source.kind.kind, target.kind.kind)
    if kinds == ("input", "activity"):
        return "uses", target, source
    if kinds == ("activity", "output"):
        return "produces", source, target
    if kinds[0] in FACTOR_KINDS:
        return "applies_to", source, target
    if kinds[1] in FACTOR_KINDS:
        return "applies_to", target, source
    if kinds[1] == "kpi":
        return "measured_by", source, target
    if kinds[0] == "kpi":
        return "measured_by", target, source
    return "leads_to", source, target


def _allowed(relation: str, owner: ElementRecord, end: ElementRecord) -> bool:
    from toc.rules.chain import ALLOWED, targets_of

    assert owner.kind is not None
    assert end.kind is not None
    if relation == "applies_to":
        return owner.kind.kind in FACTOR_KINDS
    owners = ALLOWED[relation][0]
    return owner.kind.kind in owners and end.kind.kind in targets_of(relation, owner.kind.kind)


def _given_id(record: ElementRecord) -> str:
    return str(record.id.value).strip() if record.id is not None else ""


def _put_path(target: YamlMap, path: tuple[str, ...], value: Value) -> None:
    """Put a value at a nested path, making the mappings on the way at the value's mark."""
    for key in path[:-1]:
        inner = target.get(key)
        if not isinstance(inner, YamlMap):
            inner = mapping(value.mark)
            put(target, key, inner, value.mark)
        target = inner
    put(target, path[-1], value.value, value.mark)


def _put_values(
    tree: YamlMap,
    key: str,
    rows: list[tuple[Mark, list[tuple[tuple[str, ...], Value]]]],
    *,
    many: bool,
) -> None:
    """A KPI's values of one role: one record, or a list in row order.

    Any record the element's own columns gave (older files wrote one baseline and one target
    as columns of the KPI) comes first.
    """
    records: list[tuple[YamlMap, Mark]] = []
    given = tree.get(key)
    if isinstance(given, YamlMap):
        records.append((given, tree.value_marks[key]))
        del tree[key]  # `put` keeps a key already there; this one is put again, with the rows
    for mark, fields in rows:
        record = mapping(mark)
        for path, value in fields:
            _put_path(record, path, value)
        records.append((record, mark))
    if len(records) == 1 and not many:
        put(tree, key, records[0][0], records[0][1])
        return
    items = sequence(records[0][1])
    for record, mark in records:
        append(items, record, mark)
    put(tree, key, items, items.mark)


@dataclass(slots=True)
class GroupNames:
    """The declared groups' ids, and the ids of the groups with each label (as written, folded).

    One rule for every name of a group in a node list (an element's `group`, a group's
    `parent`): an id names its group; else a label, as written or case- and space-folded,
    names every group that has it.
    """

    ids: set[str] = field(default_factory=set)
    labels: dict[str, list[str]] = field(default_factory=dict)

    def add(self, group_id: str, label: object) -> None:
        self.ids.add(group_id)
        if isinstance(label, str):
            for name in dict.fromkeys((label.strip(), _fold(label))):
                self.labels.setdefault(name, []).append(group_id)

    def meant(self, text: str) -> list[str]:
        """The ids of the groups `text` names: one, several (a shared label), or none."""
        text = text.strip()
        if text in self.ids:
            return [text]
        return self.labels.get(text) or self.labels.get(_fold(text), [])

    def hint(self, text: str) -> str:
        """`; did you mean `x`?` with the nearest id or label to a name of no group, or ``."""
        from toc.suggest import closest

        nearest = closest(text, [*self.ids, *self.labels])
        return f"; did you mean `{nearest}`?" if nearest else ""


def shared_label(text: str, ids: list[str]) -> str:
    """The message for a group name that is the label of several groups."""
    listed = ", ".join(f"`{g}`" for g in ids)
    return (
        f"the group `{text}` is the label of several groups ({listed}); "
        "name the one meant by its id"
    )


def _group_names(groups: YamlSeq) -> GroupNames:
    names = GroupNames()
    pending = list(groups)
    while pending:  # nested groups too: an element names its innermost group
        group = pending.pop(0)
        if not isinstance(group, YamlMap) or not isinstance(group.get("id"), str):
            continue
        names.add(group["id"], group.get("label"))
        nested = group.get("groups")
        if isinstance(nested, YamlSeq):
            pending.extend(nested)
    return names


def unique_id(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`... whichever is not yet in `taken`; now taken."""
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate


def _distinct(records: list[ElementRecord]) -> list[ElementRecord]:
    seen: list[ElementRecord] = []
    for record in records:
        if all(record is not other for other in seen):
            seen.append(record)
    return seen


def _order(mark: Mark) -> tuple[str, str, int, int]:
    return (mark.file or "", mark.sheet or "", mark.line, mark.col)
