"""Write a model back to YAML that reads like the hand-written format and loads to the same model.

Fields left at their defaults are omitted, links and tags with nothing but a target are written in
their short form (`uses: [funding]`), and any text this library's reader would flag as ambiguous is
quoted, so `load(dump(model)) == model` for every model.
"""

from __future__ import annotations

import io
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from toc.model import ELEMENT_LISTS, FrozenDict, Link, OutcomeLevel, Tag, TheoryOfChange
from toc.yamlsafe import resolve_plain

try:
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover - only where PyYAML was built without libyaml
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]  # same API

_MODELINE = "# yaml-language-server: $schema={schema}\n"


class _Dumper(_BaseDumper):
    """Quotes every string that some YAML reader could take for something other than text."""

    def ignore_aliases(self, data: Any) -> bool:
        """Never write anchors: a value used twice (one date object) is written twice."""
        return True


_RUAMEL_NUMBER = re.compile(
    r"[-+]?(?:0b[0-1_]+|0o?[0-7_]+|[0-9_]+|0x[0-9a-fA-F_]+)"
    r"|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?"
)
"""What ruamel.yaml's YAML 1.2 resolver reads as a number: it allows `_` where our reader does
not, and fails on some (`._`, `-_`); `toc.save` edits through ruamel, so they are quoted."""


def plain_reads_back(text: str) -> bool:
    """Whether `text`, written unquoted, reads back as exactly this text with no finding.

    The library's own reader is the oracle (PyYAML's YAML 1.1 resolver, the other reader that
    matters, is consulted by its emitter on top): `-.5`, `12:30` and `1e3` must be quoted. Text
    ruamel.yaml would take for a number is quoted too, so a dumped file can be edited by `save`.
    """
    if text == "" or _RUAMEL_NUMBER.fullmatch(text):
        return False
    value, surprise = resolve_plain(text)
    return surprise is None and type(value) is str and value == text


def scalar_text(value: Any) -> str:
    """How `dumps` writes a number, boolean or date: `1.0e+16`, `true`, `2027-03-31`."""
    text: str = _Dumper(io.StringIO()).represent_data(value).value
    return text


def _represent_str(dumper: _Dumper, value: str) -> yaml.Node:
    if "\n" in value and not value.startswith((" ", "\t")):
        style: str | None = "|"
    else:
        style = None if plain_reads_back(value) else "'"  # the emitter turns to `"` if it must
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Block(dict[str, Any]):
    """A mapping always written in block style: elements read best one key per line."""


def _represent_block(dumper: _Dumper, value: _Block) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=False)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Block, _represent_block)


_FIRST = {key: rank for rank, key in enumerate(("toc", "id", "kind", "label", "title", "term"))}
"""Keys a reader looks for first; the rest keep the model's field order (sorting is stable)."""


def key_order(keys: Iterable[str]) -> list[str]:
    """Keys in the order `dumps` writes them: the ones a reader looks for first, then the rest."""
    return sorted(keys, key=lambda key: _FIRST.get(key, len(_FIRST)))


def to_data(model: TheoryOfChange) -> dict[str, Any]:
    """The model as plain data in the hand-written shape (defaults omitted, short links)."""
    data: dict[str, Any] = _compact(model.model_dump(mode="python", exclude_defaults=True), model)
    return data


def part_to_data(value: Any) -> Any:
    """Any part of a model (a record, a tuple of records, a scalar) in the hand-written shape."""
    if isinstance(value, tuple):
        return [part_to_data(item) for item in value]
    if isinstance(value, BaseModel):
        return _compact(value.model_dump(mode="python", exclude_defaults=True), value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def _compact(data: Any, model: Any) -> Any:
    """Shorten `{to: x}` links, `{ref: x}` tags and `{id: x}` levels back to bare strings."""
    if isinstance(model, Link | Tag | OutcomeLevel):
        only = set(data) == {model._shorthand_key}
        return data[model._shorthand_key] if only else data
    if isinstance(data, dict):  # a record's fields in reading order; a user's mapping as written
        ordered = key_order(data) if isinstance(model, BaseModel) else list(data)
        compact = {key: _compact(data[key], getattr(model, key, None)) for key in ordered}
        return _Block(compact) if "id" in compact else compact
    if isinstance(data, list | tuple) and isinstance(model, tuple):
        return [_compact(item, sub) for item, sub in zip(data, model, strict=True)]
    return data


def dumps(model: TheoryOfChange, *, schema: str | None = None) -> str:
    """YAML text for a model; `schema` adds the editor modeline pointing at the JSON Schema."""
    try:
        text = _write(model)
    except _Decline:  # a subclass, or a record built without validation: the reference path
        text = _emit(to_data(model))
    return (_MODELINE.format(schema=schema) if schema else "") + text


def _dumps_pyyaml(model: TheoryOfChange, *, schema: str | None = None) -> str:
    """`dumps` as PyYAML's representer writes it: the reference the fast writer must equal."""
    return (_MODELINE.format(schema=schema) if schema else "") + _pyyaml_text(to_data(model))


def _pyyaml_text(data: Any) -> str:
    text: str = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=_WIDTH,
        default_flow_style=None,  # leaf lists and mappings inline: `uses: [funding]`
    )
    return text


# The plain data, fast. `model_dump` then `_compact` walked every field of every record twice
# (most of the rest of a conversion); here each record class gets a plan once (its fields in the
# order `key_order` writes them, each one's default and the record classes it may hold) and the
# values are read from the record itself. pydantic's `exclude_defaults` drops a field whose value
# `==` its default, and so does `_Fields.written`. A record of a class its field does not declare
# (a subclass, or one put in place without validation) is declined: `to_data` writes that model.

_SCALARS = frozenset({str, int, float, bool, type(None), date})
"""What `model_dump(mode="python")` returns as it is."""


class _Decline(Exception):
    """The model holds something the plans do not describe: `to_data` is the one to write it."""


@dataclass(frozen=True, slots=True)
class _Key:
    """One field of a record class, and how it starts a line when the record is an element."""

    name: str
    models: frozenset[type]
    """The record classes the field's type names: any other record in it is declined."""
    first: str
    """`\\n- name:`, the first key of an element."""
    later: str
    """`\\n  name:`, any other key of an element."""
    column: int
    """The column after `name:` in an element."""
    room: int
    """How long a value may be after `name: ` in an element, before the width."""
    flow: str | None
    """`name: ` in a flow mapping, or None if the name would need quotes there."""
    default: Any
    check: bool
    """Whether a value can equal the default without being it (text, an empty mapping)."""


@dataclass(frozen=True, slots=True)
class _Fields:
    """Some fields of a record class, in one order, with their defaults."""

    fields: tuple[tuple[str, Any, _Key], ...]
    """Each field's name, default and key. The hot loops read them as `written` does:
    `is not` first, since comparing a record with None runs pydantic's `__eq__` in Python, and
    None, False, True and `()` are one object each; `!=` again only where `key.check`."""

    def written(self, record: Any) -> list[tuple[_Key, Any]]:
        """Each field whose value is not its default (`!=`, as pydantic's), with its value."""
        values = record.__dict__
        try:
            return [
                (key, value)
                for name, default, key in self.fields
                if (value := values[name]) is not default and not (key.check and value == default)
            ]
        except KeyError:  # a field missing: built with `model_construct`
            raise _Decline from None


@dataclass(frozen=True, slots=True)
class _Plan:
    """A record class: its fields as written (`key_order`) and as declared (`model_dump`)."""

    ordered: _Fields
    declared: _Fields
    shorthand: str | None
    """The key of a record that may be written as one bare string (`Link.to`), else None."""
    flow: bool
    """Whether its data is a plain dict (no `id`, no short form): a flow mapping when it can."""


_REQUIRED = object()
"""The default of a field that has none: equal to no value, so the field is always written."""
_PLANS: dict[type, _Plan] = {}


def _plan(cls: type[BaseModel]) -> _Plan:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _make_plan(cls)
    return plan


def _make_plan(cls: type[BaseModel]) -> _Plan:
    decorators = cls.__pydantic_decorators__
    fields = cls.model_fields
    if (
        cls.model_config.get("extra") == "allow"
        or cls.model_computed_fields
        or decorators.field_serializers
        or decorators.model_serializers
        or any(field.exclude for field in fields.values())
    ):
        raise _Decline  # `model_dump` would write more or less than the fields
    defaults = {
        name: _REQUIRED if field.is_required() else field.get_default(call_default_factory=True)
        for name, field in fields.items()
    }
    keys = {
        name: _make_key(name, field.annotation, defaults[name]) for name, field in fields.items()
    }
    shorthand: str | None = None
    if issubclass(cls, Link | Tag | OutcomeLevel):  # as `_compact` tells them
        shorthand = cls._shorthand_key
    return _Plan(
        _fields(key_order(fields), keys),
        _fields(list(fields), keys),
        shorthand,
        shorthand is None and "id" not in fields,
    )


def _make_key(name: str, annotation: Any, default: Any) -> _Key:
    try:
        flow: str | None = _key(name, flow=True) + ": "
    except _Slow:
        flow = None
    models = frozenset(_record_classes(annotation))
    check = not (default is _REQUIRED or default is None or type(default) is bool)
    check = check and not (type(default) is tuple and not default)  # `()` is one object
    column = len(name) + 3
    first, later = f"\n- {name}:", f"\n  {name}:"
    return _Key(name, models, first, later, column, _WIDTH - column - 1, flow, default, check)


def _fields(names: list[str], keys: dict[str, _Key]) -> _Fields:
    return _Fields(tuple((name, keys[name].default, keys[name]) for name in names))


def _record_classes(annotation: Any) -> Iterator[type]:
    """The record classes a field's type names, through unions, tuples and `Annotated`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _record_classes(argument)


def _data(record: Any) -> Any:
    """`_compact(record.model_dump(mode="python", exclude_defaults=True), record)`, faster."""
    plan = _plan(type(record))
    if plan.shorthand is not None:
        raw = _raw(record)
        return raw[plan.shorthand] if raw.keys() == {plan.shorthand} else raw
    data = {key.name: _value(value, key.models) for key, value in plan.ordered.written(record)}
    return _Block(data) if "id" in data else data


def _value(value: Any, models: frozenset[type]) -> Any:
    """One field's value as `_compact` leaves it."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is tuple:
        return [_value(item, models) for item in value]
    if kind in models:
        return _data(value)
    if kind is FrozenDict:  # a user's mapping (properties, dimensions): its keys as written
        ordered = dict(value)
        return _Block(ordered) if "id" in ordered else ordered
    raise _Decline


def _raw(record: Any) -> dict[str, Any]:
    """`record.model_dump(mode="python", exclude_defaults=True)`: a long-form link, as it is."""
    written = _plan(type(record)).declared.written(record)
    return {key.name: _raw_value(value, key.models) for key, value in written}


def _raw_value(value: Any, models: frozenset[type]) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is tuple:
        return tuple(_raw_value(item, models) for item in value)
    if kind in models:
        return _raw(value)
    if kind is FrozenDict:
        return dict(value)
    raise _Decline


def _fast_data(model: TheoryOfChange) -> dict[str, Any]:
    """`to_data(model)`, from the plans; raises `_Decline` for a model they do not describe."""
    if type(model) is not TheoryOfChange:
        raise _Decline
    data: dict[str, Any] = _data(model)
    return data


# The fast writer. PyYAML's Python representer costs about ten microseconds a value (most of
# converting a 10,000-element table), so the known shape is written here as text, following
# libyaml's emitter (src/emitter.c, which CSafeDumper uses) rule for rule: the scalar analysis,
# plain/single-quoted choice, folding at the width and flow-collection wrapping. Only text made of
# printable characters on one line is written here; any part holding other text (line breaks,
# control characters, emoji, which need `|` or `"` escapes) is written by PyYAML, one element or
# one top-level key at a time, so the output is always byte-identical to `_dumps_pyyaml`.
# Elements, most of any model, are written straight from their records (`_write_element`): text
# fields, a source on one line, ids and links; the rest of an element goes through `_after_key`,
# the writer of plain data, and an element with text it cannot write goes to PyYAML as before.

_WIDTH = 100
_STR = "tag:yaml.org,2002:str"
_SIMPLE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff]*")
"""Characters libyaml writes as they are, none a line break: printable ASCII, then U+00A0 to
U+D7FF without the two Unicode line separators (libyaml escapes astral characters)."""
_PLAIN_START = re.compile(r"(?!---|\.\.\.|[-?:](?: |\Z))[^ #,\[\]{}&*!|>'\"%@`]")
"""How one printable line libyaml's `analyze_scalar` lets be plain in a block may start: not with
an indicator, `---` or `...`; `_block_plain` checks the rest (no `: `, ` #`, space at the end)."""
_FLOW_INDICATORS = re.compile(r"[,?\[\]{}:]")
_RESOLVER = yaml.resolver.Resolver()
_resolve: Callable[[type, str, tuple[bool, bool]], str] = _RESOLVER.resolve
_RESOLVED_FIRST = frozenset(_RESOLVER.yaml_implicit_resolvers)
"""First characters of text PyYAML's YAML 1.1 resolver could take for something else."""
_REQUESTED, _BLOCK, _FLOW = 1, 2, 4


class _Slow(Exception):
    """A part holds something the fast writer leaves to PyYAML."""


def _emit(data: Any) -> str:
    """The document, written fast where possible, per element or key by PyYAML where not."""
    if type(data) is not _Block:
        return _pyyaml_text(data)
    out: list[str] = []
    for key, value in data.items():
        if not _emit_key(out, key, value):
            return _pyyaml_text(data)
    return "".join(out)[1:] + "\n"


def _write(model: TheoryOfChange) -> str:
    """`_emit(to_data(model))`, with each element written straight from its record."""
    if type(model) is not TheoryOfChange:
        raise _Decline
    out: list[str] = []
    for key, value in _plan(TheoryOfChange).ordered.written(model):
        name = key.name
        if name not in ELEMENT_LISTS or type(value) is not tuple:
            if not _emit_key(out, name, _value(value, key.models)):
                return _pyyaml_text(_fast_data(model))
            continue
        (kind,) = key.models  # the one element class of this list
        fields = _plan(kind).ordered.fields
        out.append("\n" + name + ":")
        for element in value:
            if type(element) is not kind:
                raise _Decline
            mark = len(out)
            try:
                _write_element(out, element, fields)
                continue
            except _Slow:
                del out[mark:]
            except KeyError:  # a field missing, after `model_construct`
                raise _Decline from None
            if not _emit_item(out, name, _data(element)):
                return _pyyaml_text(_fast_data(model))
    if out:  # `toc:` at least, but this is no place to rely on it
        out[0] = out[0][1:]  # no line break before the first key
    out.append("\n")
    return "".join(out)


def _write_element(out: list[str], element: Any, fields: tuple[tuple[str, Any, _Key], ...]) -> None:
    """`_sequence_item(out, _data(element), 0)`, read from the record, common values inline.

    `fields` are the element's class's, in the order written. Raises `_Slow` for what
    `_sequence_item` would, and where that would be PyYAML's to write.
    """
    first = True
    values = element.__dict__
    for name, default, key in fields:
        value = values[name]  # a KeyError: a field missing, after `model_construct`
        if value is default or (key.check and value == default):
            continue
        kind = type(value)
        if kind is str:
            if value.isascii() and value.isprintable() and len(value) > 5 and value[0].isalpha():
                plain = not (": " in value or " #" in value or value[-1] in " :")  # `_styles`
            else:
                plain = bool(_string_styles(value) & _BLOCK)
            written = value if plain else "'" + value.replace("'", "''") + "'"
            if len(written) <= key.room or " " not in value:
                out.append((key.first if first else key.later) + " " + written)
            else:
                out.append(key.first if first else key.later)
                _write_text(out, " ", value, plain, column=key.column, indent=4)
            first = False
            continue
        head = key.first if first else key.later
        first = False
        if kind is tuple:
            text = _tuple_text(value, key)
            if text is not None:
                out.append(head + text)
                continue
        elif kind in key.models:
            plan = _PLANS.get(kind) or _plan(kind)  # no call when planned
            if plan.flow:
                text = _flow_record(value, plan.ordered)[1]
                if text is not None and key.column + len(text) <= _WIDTH:
                    out.append(head + text)
                    continue
        out.append(head)
        _after_key(out, _value(value, key.models), key.column, 2)


def _tuple_text(values: tuple[Any, ...], key: _Key) -> str | None:
    """What follows `key:` in an element for its ids, links or tags, else None.

    ` [a, b]` when all are bare text the emitter styles and the line fits; else a block sequence,
    `- a` or `- {to: a, basis: inferred}` a line. Anything else (a line to wrap or fold, a value
    not text, a long form that is no flow mapping) is left to `_after_key`, which writes it alike.
    """
    flow: list[str] | None = []  # the items of a flow sequence, while it can be one
    block: list[str] = []  # the lines of a block sequence
    for value in values:
        item = value
        if type(value) is not str:
            if type(value) not in key.models:
                return None
            plan = _PLANS.get(type(value)) or _plan(type(value))
            if plan.shorthand is None:
                return None
            count, line = _flow_record(value, plan.declared)
            if count != 1:  # the long form (`to` is always written): a block sequence
                if line is None or len(line) + 3 > _WIDTH:
                    return None
                flow = None
                block.append("\n  -" + line)
                continue
            item = value.__dict__[plan.shorthand]
            if type(item) is not str:
                return None
        styles = _styles(item)
        if flow is not None:
            if styles & _REQUESTED:
                flow.append(item if styles & _FLOW else "'" + item.replace("'", "''") + "'")
            else:
                flow = None
        line = item if styles & _BLOCK else "'" + item.replace("'", "''") + "'"
        if len(line) + 4 > _WIDTH and " " in item:
            return None
        block.append("\n  - " + line)
    if flow is None:
        return "".join(block)
    text = " [" + ", ".join(flow) + "]"
    return text if key.column + len(text) <= _WIDTH else None


def _flow_record(record: Any, fields: _Fields) -> tuple[int, str | None]:
    """How many fields a record writes, and ` {key: value, ...}` if it is a flow mapping of text.

    (None when some value is not text the emitter styles, or some key would need quotes.)
    """
    parts: list[str] | None = []
    count = 0
    values = record.__dict__
    for name, default, key in fields.fields:
        value = values[name]  # a KeyError: as in `_write_element`
        if value is default or (key.check and value == default):
            continue
        count += 1
        if parts is None:
            continue
        if type(value) is not str or key.flow is None:
            parts = None
        else:
            if value.isascii() and value.isprintable() and len(value) > 5 and value[0].isalpha():
                plain = not (": " in value or " #" in value or value[-1] in " :")  # `_styles`
                plain = plain and not _FLOW_INDICATORS.search(value)
            elif (styles := _string_styles(value)) & _REQUESTED:
                plain = bool(styles & _FLOW)
            else:
                parts = None
                continue
            if plain:
                parts.append(key.flow + value)
            else:
                parts.append(key.flow + "'" + value.replace("'", "''") + "'")
    return count, None if parts is None else " {" + ", ".join(parts) + "}"


def _emit_key(out: list[str], key: Any, value: Any) -> bool:
    """`key: value` at the top; False when only PyYAML can write the whole document."""
    head = _key(key, flow=False)  # a key the fast writer cannot write: all of it by PyYAML
    mark = len(out)
    try:
        _map_value(out, head, value, 0, first=False)
        return True
    except _Slow:
        del out[mark:]
    if type(value) is list and value and all(type(item) is _Block for item in value):
        out.append("\n" + head + ":")
        return all(_emit_item(out, head, item) for item in value)
    chunk = _pyyaml_text(_Block({key: value}))
    if chunk.endswith("\n...\n"):  # a document end a later key would not have
        return False
    out.append("\n" + chunk[:-1])
    return True


def _emit_item(out: list[str], head: str, item: _Block) -> bool:
    """One element of the list under the top-level key `head`, by PyYAML if it must be."""
    mark = len(out)
    try:
        _sequence_item(out, item, 0)
        return True
    except _Slow:
        del out[mark:]
    chunk = _pyyaml_text(_Block({head: [item]}))
    if not chunk.startswith(head + ":\n") or chunk.endswith("\n...\n"):
        return False
    out.append("\n" + chunk[len(head) + 2 : -1])
    return True


@lru_cache(maxsize=256)
def _key(key: Any, *, flow: bool) -> str:
    if type(key) is not str or len(key) > 128:  # libyaml writes longer keys as `? key`
        raise _Slow
    text, plain = _scalar(key, flow=flow)
    if not plain or " " in text:
        raise _Slow
    return text


@lru_cache(maxsize=4096)  # ids recur, as every link's target
def _string_styles(text: str) -> int:
    """`_REQUESTED` if the representer asks for plain, `_BLOCK`/`_FLOW` if the emitter allows it.

    Raises `_Slow` for text that is not one line of printable characters.
    """
    if not _SIMPLE.fullmatch(text):
        raise _Slow
    if not plain_reads_back(text):
        return 0
    if not _block_plain(text) or (
        text[0] in _RESOLVED_FIRST and _resolve(yaml.ScalarNode, text, (True, False)) != _STR
    ):
        return _REQUESTED
    return _REQUESTED | _BLOCK | (0 if _FLOW_INDICATORS.search(text) else _FLOW)


def _styles(text: str) -> int:
    """`_string_styles(text)`, decided at once for the common label: see `_common_styles`."""
    if text.isascii() and text.isprintable() and len(text) > 5 and text[0].isalpha():
        if ": " in text or " #" in text or text[-1] in " :":
            return _REQUESTED
        return _REQUESTED | _BLOCK | (0 if _FLOW_INDICATORS.search(text) else _FLOW)
    return _string_styles(text)


def _block_plain(text: str) -> bool:
    return (
        _PLAIN_START.match(text) is not None
        and ": " not in text
        and " #" not in text
        and text[-1] not in " :"
    )


def _scalar(value: Any, *, flow: bool) -> tuple[str, bool]:
    """The text of a one-line scalar and whether it is plain (else single-quoted)."""
    kind = type(value)
    if kind is str:
        return value, bool(_styles(value) & (_FLOW if flow else _BLOCK))
    if kind is bool:
        return ("true" if value else "false"), True
    if kind is int:
        return str(value), True
    if value is None or kind is float or kind is date or kind is datetime:
        text = scalar_text(value)
        if " " in text or not _block_plain(text):
            raise _Slow
        if flow and _FLOW_INDICATORS.search(text):
            raise _Slow
        return text, True
    raise _Slow


def _is_flow_item(value: Any) -> bool:
    """Whether PyYAML's representer would leave this value's style to the emitter."""
    kind = type(value)
    if kind is str:
        return bool(_styles(value) & _REQUESTED)
    return kind in (bool, int, float, date, datetime) or value is None


def _write_scalar(out: list[str], value: Any, column: int, indent: int, flow: bool) -> int:
    """Write ` value` after an indicator at `column`; return the column after it."""
    text, plain = _scalar(value, flow=flow)
    return _write_text(out, " ", text, plain, column=column, indent=indent)


def _write_text(
    out: list[str], lead: str, text: str, plain: bool, *, column: int, indent: int
) -> int:
    """Write `lead` and the scalar from `column`, folding lines to `indent`; return the column."""
    written = text if plain else "'" + text.replace("'", "''") + "'"
    column += len(lead)
    if column + len(written) <= _WIDTH or " " not in text:
        out.append(lead + written)
        return column + len(written)
    # Fold at a space once past the width, as libyaml's write_plain/single_quoted_scalar do.
    parts = [lead] if plain else [lead, "'"]
    column += 0 if plain else 1
    spaces = False
    last = len(text) - 1
    for index, char in enumerate(text):
        if char == " ":
            if (
                not spaces
                and column > _WIDTH
                and (plain or 0 < index < last)
                and (index == last or text[index + 1] != " ")
            ):
                parts.append("\n" + " " * indent)
                column = indent
            else:
                parts.append(" ")
                column += 1
            spaces = True
        else:
            parts.append("''" if char == "'" and not plain else char)
            column += 2 if char == "'" and not plain else 1
            spaces = False
    if not plain:
        parts.append("'")
        column += 1
    out.append("".join(parts))
    return column


def _map_value(out: list[str], head: str, value: Any, indent: int, *, first: bool) -> None:
    """`key: value` in a block mapping whose keys are at `indent`; `first` follows a `- `."""
    out.append(head + ":" if first else "\n" + " " * indent + head + ":")
    _after_key(out, value, indent + len(head) + 1, indent)


def _after_key(out: list[str], value: Any, column: int, indent: int) -> None:
    """The value of a key at `indent` whose `:` ends at `column`."""
    kind = type(value)
    if kind is list:
        if not value:
            out.append(" []")
        elif (parts := _flow_parts(value)) is not None:
            _flow(out, value, parts, None, column=column, indent=indent + 2)
        else:
            for item in value:
                _sequence_item(out, item, indent)
    elif kind is dict or kind is _Block:
        if not value:
            out.append(" {}")
        elif kind is dict and (parts := _flow_mapping_parts(value)) is not None:
            _flow(out, list(value.values()), parts, list(value), column=column, indent=indent + 2)
        else:
            for key, item in value.items():
                _map_value(out, _key(key, flow=False), item, indent + 2, first=False)
    else:
        _write_scalar(out, value, column, indent + 2, False)


def _sequence_item(out: list[str], item: Any, indent: int) -> None:
    """`- item` in a block sequence at `indent` (indentless under a mapping key)."""
    kind = type(item)
    parts = _flow_mapping_parts(item) if kind is dict and item else None
    if kind is _Block or (kind is dict and item and parts is None):
        for number, (key, value) in enumerate(item.items()):
            if number == 0:
                out.append("\n" + " " * indent + "- ")
            _map_value(out, _key(key, flow=False), value, indent + 2, first=number == 0)
        return
    out.append("\n" + " " * indent + "-")
    if kind is dict or kind is list:
        if not item:
            out.append(" {}" if kind is dict else " []")
        elif parts is not None:
            _flow(out, list(item.values()), parts, list(item), column=indent + 1, indent=indent + 2)
        elif (parts := _flow_parts(item)) is not None:
            _flow(out, item, parts, None, column=indent + 1, indent=indent + 2)
        else:
            raise _Slow  # `- - a`: a block sequence in a sequence, in no model
    else:
        _write_scalar(out, item, indent + 1, indent + 2, False)


def _flow_parts(items: list[Any]) -> list[str] | None:
    """Each item as a flow collection writes it, or None if one is not for the emitter to style.

    (What `all(_is_flow_item(item) ...)` decides, with the written text that follows from it.)
    """
    parts: list[str] = []
    others = False
    for item in items:
        if type(item) is str:
            styles = _styles(item)
            if not styles & _REQUESTED:
                return None
            parts.append(item if styles & _FLOW else "'" + item.replace("'", "''") + "'")
        elif _is_flow_item(item):
            parts.append("")  # written below, once every item is known to be a flow item
            others = True
        else:
            return None
    if others:
        for number, item in enumerate(items):
            if type(item) is not str:
                parts[number] = _scalar(item, flow=True)[0]  # plain: not text
    return parts


def _flow_mapping_parts(value: dict[Any, Any]) -> list[str] | None:
    """`_flow_parts` of a mapping's values if every key is a flow item too, else None."""
    if not all(map(_is_flow_key, value)):
        return None
    return _flow_parts(list(value.values()))


@lru_cache(maxsize=256)
def _is_flow_key(key: Any) -> bool:
    return _is_flow_item(key)


def _flow(
    out: list[str],
    items: list[Any],
    parts: list[str],
    keys: list[Any] | None,
    *,
    column: int,
    indent: int,
) -> None:
    """` [a, b]` or ` {k: v}` starting at `column`, wrapped at the width to `indent`.

    `parts` are the items as written (`_flow_parts`), for the common case that all fits.
    """
    if keys is None:
        line = " [" + ", ".join(parts) + "]"
    else:
        line = " {" + ", ".join(map(_key_value, keys, parts)) + "}"
    if column + len(line) <= _WIDTH:  # nothing reaches the width: nothing wraps or folds
        out.append(line)
        return
    out.append(" [" if keys is None else " {")
    column += 2
    for number, item in enumerate(items):
        lead = " "
        if number:
            out.append(",")
            column += 1
        else:
            lead = ""
        if column > _WIDTH:
            out.append("\n" + " " * indent)
            column = indent
            lead = ""
        if keys is not None:
            key = _key(keys[number], flow=True)
            out.append(lead + key + ":")
            column += len(lead) + len(key) + 1
            lead = " "
        text, plain = _scalar(item, flow=True)
        column = _write_text(out, lead, text, plain, column=column, indent=indent + 2)
    out.append("]" if keys is None else "}")


def _key_value(key: Any, written: str) -> str:
    return _key(key, flow=True) + ": " + written


def dump(model: TheoryOfChange, path: str | Path, *, schema: str | None = None) -> None:
    """Write a model to a YAML file (UTF-8), replacing it in one step: never half-written."""
    from toc._atomic import write_text_atomic

    write_text_atomic(path, dumps(model, schema=schema))
