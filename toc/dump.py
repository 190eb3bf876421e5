"""Write a model back to YAML that reads like the hand-written format and loads to the same model.

Fields left at their defaults are omitted, links and tags with nothing but a target are written in
their short form (`uses: [funding]`), and any text this library's reader would flag as ambiguous is
quoted, so `load(dump(model)) == model` for every model.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from toc.model import Link, OutcomeLevel, Tag, TheoryOfChange
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
    if isinstance(data, dict):
        ordered = key_order(data)
        compact = {key: _compact(data[key], getattr(model, key, None)) for key in ordered}
        return _Block(compact) if "id" in compact else compact
    if isinstance(data, list | tuple) and isinstance(model, tuple):
        return [_compact(item, sub) for item, sub in zip(data, model, strict=True)]
    return data


def dumps(model: TheoryOfChange, *, schema: str | None = None) -> str:
    """YAML text for a model; `schema` adds the editor modeline pointing at the JSON Schema."""
    return (_MODELINE.format(schema=schema) if schema else "") + _emit(to_data(model))


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


# The fast writer. PyYAML's Python representer costs about ten microseconds a value (most of
# converting a 10,000-element table), so the known shape is written here as text, following
# libyaml's emitter (src/emitter.c, which CSafeDumper uses) rule for rule: the scalar analysis,
# plain/single-quoted choice, folding at the width and flow-collection wrapping. Only text made of
# printable characters on one line is written here; any part holding other text (line breaks,
# control characters, emoji, which need `|` or `"` escapes) is written by PyYAML, one element or
# one top-level key at a time, so the output is always byte-identical to `_dumps_pyyaml`.

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
        head = _key(key, flow=False)  # a key the fast writer cannot write: all of it by PyYAML
        mark = len(out)
        try:
            _map_value(out, head, value, 0, first=False)
            continue
        except _Slow:
            del out[mark:]
        if type(value) is list and value and all(type(item) is _Block for item in value):
            out.append("\n" + head + ":")
            for item in value:
                mark = len(out)
                try:
                    _sequence_item(out, item, 0)
                except _Slow:
                    del out[mark:]
                    chunk = _pyyaml_text(_Block({key: [item]}))
                    if not chunk.startswith(head + ":\n") or chunk.endswith("\n...\n"):
                        return _pyyaml_text(data)
                    out.append("\n" + chunk[len(head) + 2 : -1])
        else:
            chunk = _pyyaml_text(_Block({key: value}))
            if chunk.endswith("\n...\n"):  # a document end a later key would not have
                return _pyyaml_text(data)
            out.append("\n" + chunk[:-1])
    return "".join(out)[1:] + "\n"


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
        return value, bool(_string_styles(value) & (_FLOW if flow else _BLOCK))
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
        return bool(_string_styles(value) & _REQUESTED)
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
    column = indent + len(head) + 1
    kind = type(value)
    if kind is list:
        if not value:
            out.append(" []")
        elif all(_is_flow_item(item) for item in value):
            _flow(out, value, None, column, indent + 2)
        else:
            for item in value:
                _sequence_item(out, item, indent)
    elif kind is dict or kind is _Block:
        if not value:
            out.append(" {}")
        elif kind is dict and _is_flow_mapping(value):
            _flow(out, list(value.values()), list(value), column, indent + 2)
        else:
            for key, item in value.items():
                _map_value(out, _key(key, flow=False), item, indent + 2, first=False)
    else:
        _write_scalar(out, value, column, indent + 2, False)


def _sequence_item(out: list[str], item: Any, indent: int) -> None:
    """`- item` in a block sequence at `indent` (indentless under a mapping key)."""
    kind = type(item)
    if kind is _Block or (kind is dict and item and not _is_flow_mapping(item)):
        for number, (key, value) in enumerate(item.items()):
            if number == 0:
                out.append("\n" + " " * indent + "- ")
            _map_value(out, _key(key, flow=False), value, indent + 2, first=number == 0)
        return
    out.append("\n" + " " * indent + "-")
    if kind is dict or kind is list:
        if not item:
            out.append(" {}" if kind is dict else " []")
        elif kind is dict:
            _flow(out, list(item.values()), list(item), indent + 1, indent + 2)
        elif all(_is_flow_item(value) for value in item):
            _flow(out, item, None, indent + 1, indent + 2)
        else:
            raise _Slow  # `- - a`: a block sequence in a sequence, in no model
    else:
        _write_scalar(out, item, indent + 1, indent + 2, False)


def _is_flow_mapping(value: dict[Any, Any]) -> bool:
    return all(_is_flow_item(key) and _is_flow_item(item) for key, item in value.items())


def _flow(
    out: list[str], items: list[Any], keys: list[Any] | None, column: int, indent: int
) -> None:
    """` [a, b]` or ` {k: v}` starting at `column`, wrapped at the width to `indent`."""
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


def dump(model: TheoryOfChange, path: str | Path, *, schema: str | None = None) -> None:
    """Write a model to a YAML file (UTF-8), replacing it in one step: never half-written."""
    from toc._atomic import write_text_atomic

    write_text_atomic(path, dumps(model, schema=schema))
