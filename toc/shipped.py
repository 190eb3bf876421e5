"""Where the models that ship with the library live, so `toc.load("bradford")` works anywhere.

A wheel carries the repository's `models/` directory as package data under `toc/_bundled/models`
(see `force-include` in pyproject.toml). A checkout or editable install has no such directory, so
the repository's own `models/` next to the package is used instead. Package data wins when both
exist: an installed wheel must never pick up a stray checkout's files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toc.suggest import did_you_mean

__all__ = ["Bundled", "bundled", "model_file", "model_files"]

_PACKAGE_MODELS = Path(__file__).resolve().parent / "_bundled" / "models"
_CHECKOUT_MODELS = Path(__file__).resolve().parent.parent / "models"


def _models_dir() -> Path | None:
    """The first directory of bundled models that exists: package data, then the checkout."""
    for directory in (_PACKAGE_MODELS, _CHECKOUT_MODELS):
        if directory.is_dir():
            return directory
    return None


def model_files() -> dict[str, Path]:
    """The shipped models by name (the file stem, e.g. `"bradford"`), sorted by name.

    Read from disk on every call, so a model added to a checkout shows up without a restart.
    """
    directory = _models_dir()
    if directory is None:
        return {}
    return {path.stem: path for path in sorted(directory.glob("*.yaml")) if path.is_file()}


def model_file(name: str) -> Path:
    """The path of one shipped model; an unknown name is a `LookupError` naming the closest one."""
    models = model_files()
    try:
        return models[name]
    except KeyError:
        hint = did_you_mean(name, models)
        known = ", ".join(models) or "none"
        raise LookupError(f"no bundled model {name!r}{hint} (bundled: {known})") from None


@dataclass(frozen=True)
class Bundled:
    """What ships with the library: model files by name, and framework titles by id."""

    models: dict[str, Path]
    frameworks: dict[str, str]

    def __repr__(self) -> str:
        return f"<Bundled models={list(self.models)} frameworks={list(self.frameworks)}>"


def bundled() -> Bundled:
    """The shipped models (load one with `toc.load(name)`) and the frameworks tags can name."""
    from toc.frameworks import bundled_frameworks

    found = bundled_frameworks()
    return Bundled(model_files(), {fid: framework.title for fid, framework in found.items()})
