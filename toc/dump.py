"""Write a model back to YAML that reads like the hand-written format and loads to the same model.

Fields left at their defaults are omitted, links and tags with nothing but a target are written in
their short form (`uses: [funding]`), and any text this library's reader would flag as ambiguous is
quoted, so `load(dump(model)) == model` for every model.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from toc.model import Link, Tag, TheoryOfChange
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
    """Shorten `{to: x}` links and `{ref: x}` tags back to bare strings."""
    if isinstance(model, Link | Tag):
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
    text: str = yaml.dump(
        to_data(model),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=None,  # leaf lists and mappings inline: `uses: [funding]`
    )
    return (_MODELINE.format(schema=schema) if schema else "") + text


def dump(model: TheoryOfChange, path: str | Path, *, schema: str | None = None) -> None:
    """Write a model to a YAML file (UTF-8), replacing it in one step: never half-written."""
    from toc._atomic import write_text_atomic

    write_text_atomic(path, dumps(model, schema=schema))
