"""Write a model back to YAML that reads like the hand-written format and loads to the same model.

Fields left at their defaults are omitted, links and tags with nothing but a target are written in
their short form (`uses: [funding]`), and any text this library's reader would flag as ambiguous is
quoted, so `load(dump(model)) == model` for every model.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from toc.model import Link, Tag, TheoryOfChange

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


# Besides PyYAML's own YAML 1.1 rules, quote what YAML 1.2 reads as non-text (`1e3`, `0o17`).
_Dumper.add_implicit_resolver(
    "tag:toc:number-like",
    re.compile(
        r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+)$"
    ),
    list("-+0123456789"),
)


def _represent_str(dumper: _Dumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value and not value.startswith((" ", "\t")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Block(dict[str, Any]):
    """A mapping always written in block style: elements read best one key per line."""


def _represent_block(dumper: _Dumper, value: _Block) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=False)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Block, _represent_block)


_FIRST = {key: rank for rank, key in enumerate(("toc", "id", "kind", "label", "title", "term"))}
"""Keys a reader looks for first; the rest keep the model's field order (sorting is stable)."""


def to_data(model: TheoryOfChange) -> dict[str, Any]:
    """The model as plain data in the hand-written shape (defaults omitted, short links)."""
    data: dict[str, Any] = _compact(model.model_dump(mode="python", exclude_defaults=True), model)
    return data


def _compact(data: Any, model: Any) -> Any:
    """Shorten `{to: x}` links and `{ref: x}` tags back to bare strings."""
    if isinstance(model, Link | Tag):
        only = set(data) == {model._shorthand_key}
        return data[model._shorthand_key] if only else data
    if isinstance(data, dict):
        ordered = sorted(data, key=lambda key: _FIRST.get(key, len(_FIRST)))
        compact = {key: _compact(data[key], getattr(model, key, None)) for key in ordered}
        return _Block(compact) if "id" in compact else compact
    if isinstance(data, list) and isinstance(model, list):
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
    """Write a model to a YAML file (UTF-8)."""
    Path(path).write_text(dumps(model, schema=schema), encoding="utf-8")
