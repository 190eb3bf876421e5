"""Settings files: `toc.toml`, or `[tool.toc]` in `pyproject.toml`, found as ruff finds its own.

For each model file, the folders from the file's own up to the filesystem root are searched; the
nearest folder holding `toc.toml` or a `pyproject.toml` with a `[tool.toc]` table wins whole
(settings are not merged with files further up). A folder holding both is an error, as is any
key, code or value the settings do not know: nothing in a settings file is silently ignored.

Settings come in layers, each changing the one below: a profile (`toc.profiles`), the settings
file, its per-file overrides whose glob matches the model file, then the command line. The
result is a `toc.config.Config`, the one object rules read.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import cast

from toc.config import (
    KPI_REQUIREMENTS,
    Config,
    ConfigError,
    KpiReach,
    KpiRequirement,
    as_of_date,
    check_pattern,
)
from toc.findings import Severity, printable
from toc.profiles import PROFILES

SETTINGS_FILES = ("toc.toml", "pyproject.toml")
"""The files searched for in each folder; `pyproject.toml` counts only with a `[tool.toc]` table."""

KEYS = ("profile", "select", "extend-select", "ignore", "severity", "require", "kpi-reach")
"""The settings a table may hold: a settings file, a per-file override, a profile."""
_FILE_KEYS = (*KEYS, "per-file-overrides")
_REACHES = ("direct", "downstream")
_SEVERITIES = tuple(level.value for level in Severity)


class SettingsError(ConfigError):
    """A settings file that cannot be used: one line, starting with `file:line` where known."""


@dataclass(frozen=True)
class Layer:
    """One source of settings; `None` (or empty) leaves the layer below as it is."""

    source: str
    """Where the settings came from, as `toc config` names it: `profile iati`, `toc.toml`."""
    profile: str | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    require: frozenset[KpiRequirement] | None = None
    kpi_reach: KpiReach | None = None


@dataclass(frozen=True)
class Override:
    """A per-file override: the settings for model files whose path matches a glob."""

    pattern: str
    layer: Layer
    regex: re.Pattern[str]

    def matches(self, relative: str) -> bool:
        """Whether a path relative to the settings file's folder (with `/`) matches.

        A pattern without `/` is matched against the file's name in any folder.
        """
        target = relative if "/" in self.pattern else relative.rsplit("/", 1)[-1]
        return self.regex.fullmatch(target) is not None


@dataclass(frozen=True)
class SettingsFile:
    """A settings file read and checked: its own settings and its per-file overrides."""

    path: Path
    layer: Layer
    overrides: tuple[Override, ...] = ()


def read_settings_file(path: str | Path, *, explicit: bool = False) -> SettingsFile | None:
    """Read and check one settings file; None for a `pyproject.toml` without `[tool.toc]`.

    `explicit` (the file named by `--config`) makes a `pyproject.toml` without the table an error.
    Raises `SettingsError` for anything that cannot be used.
    """
    import tomllib  # here: `import toc` need not pay for it

    path = Path(os.path.abspath(path))
    shown = shown_path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SettingsError(f"{shown}: cannot read it: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SettingsError(f"{shown}:{line}: not UTF-8 text; save it as UTF-8") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(_toml_error(shown, str(error))) from None
    base: tuple[str, ...] = ()
    table: object = document
    if path.name == "pyproject.toml":
        tool = document.get("tool")
        table = tool.get("toc") if isinstance(tool, dict) else None
        if table is None:
            if explicit:
                raise SettingsError(f"{shown}: has no [tool.toc] table")
            return None
        base = ("tool", "toc")
    locate = _Locator(shown, text, base)
    if not isinstance(table, dict):
        raise SettingsError(f"{locate(())}: `tool.toc` must be a table")
    layer = _layer(table, source=shown, keys=_FILE_KEYS, locate=locate, label=_key_label)
    overrides = _overrides(table.get("per-file-overrides"), shown, locate)
    return SettingsFile(path, layer, overrides)


def _overrides(value: object, shown: str, locate: _Locator) -> tuple[Override, ...]:
    where = ("per-file-overrides",)
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise SettingsError(
            f"{locate(where)}: `per-file-overrides` must be a table of globs, such as "
            f'{{"imports/*.xml" = {{profile = "iati"}}}}'
        )
    found = []
    for pattern, table in value.items():
        place = (*where, pattern)
        if not isinstance(table, dict):
            raise SettingsError(
                f"{locate(place)}: the override for {_quoted(pattern)} must be a table of "
                'settings, such as {ignore = ["TOC304"]}'
            )
        glob = pattern.removeprefix("./")
        if not glob or glob.startswith("/") or re.match(r"[A-Za-z]:[\\/]", glob):
            raise SettingsError(
                f"{locate(place)}: {_quoted(pattern)} must be a glob relative to the folder of "
                "the settings file, such as imports/*.xml"
            )
        source = f"{shown} [per-file-overrides {_quoted(pattern)}]"
        layer = _layer(
            table,
            source=source,
            keys=KEYS,
            locate=_Within(locate, place),
            label=_OverrideLabel(pattern),
        )
        found.append(Override(glob, layer, glob_regex(glob)))
    return tuple(found)


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob as a regular expression: `*` within a folder, `**` across folders, `?`, `[...]`."""
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            parts.append("(?:[^/]*/)*")
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        elif char == "*":
            parts.append("[^/]*")
            index += 1
        elif char == "?":
            parts.append("[^/]")
            index += 1
        elif char == "[" and (end := pattern.find("]", index + 2)) != -1:
            members = pattern[index + 1 : end]
            negated = members.startswith("!")
            body = re.escape(members[1:] if negated else members).replace(r"\-", "-")
            parts.append(f"[{'^' if negated else ''}{body}]")
            index = end + 1
        else:
            parts.append(re.escape(char))
            index += 1
    return re.compile("".join(parts))


def _layer(
    table: Mapping[str, object],
    *,
    source: str,
    keys: Sequence[str],
    locate: Callable[[tuple[str, ...]], str],
    label: Callable[[str], str],
) -> Layer:
    """Check a table of settings and make it a layer; raises `SettingsError` naming the key."""
    from toc.suggest import did_you_mean

    for key in table:
        if key not in keys:
            hint = did_you_mean(key, keys) or f"; the settings are {', '.join(keys)}"
            raise SettingsError(_at(locate((key,)), f"unknown setting {_quoted(key)}{hint}"))

    def fail(key: str, message: str, *inner: str) -> SettingsError:
        return SettingsError(_at(locate((key, *inner)), f"{label(key)}: {message}"))

    def codes(key: str, *, changes: bool) -> tuple[str, ...] | None:
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise fail(key, f'expected a list of codes or prefixes such as ["TOC304", "TOC2"]'
                       f", not {_describe(value)}")  # fmt: skip
        patterns = tuple(item.strip().upper() for item in value)
        for pattern in patterns:
            try:
                check_pattern(pattern, changes=changes)
            except ConfigError as error:
                raise fail(key, str(error)) from None
        return patterns

    profile = table.get("profile")
    if profile is not None and (not isinstance(profile, str) or profile not in PROFILES):
        known = ", ".join(PROFILES)
        named = did_you_mean(profile, PROFILES) if isinstance(profile, str) else ""
        hint = named or f"; the profiles are {known}"
        raise fail("profile", f"no profile {_describe(profile)}{hint}")
    levels: dict[str, Severity] = {}
    if "severity" in table:
        value = table["severity"]
        if not isinstance(value, dict):
            raise fail("severity", 'expected a table of codes and severities such as '
                       f'{{TOC304 = "error"}}, not {_describe(value)}')  # fmt: skip
        for code, level in value.items():
            pattern = code.strip().upper()
            try:
                check_pattern(pattern)
            except ConfigError as error:
                raise fail("severity", str(error), code) from None
            if level not in _SEVERITIES:
                raise fail("severity", f"{_describe(level)} for {printable(code)} is not a "
                           f"severity: {', '.join(_SEVERITIES)}", code)  # fmt: skip
            levels[pattern] = Severity(level)
    require: frozenset[KpiRequirement] | None = None
    if "require" in table:
        value = table["require"]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise fail("require", 'expected a list of KPI fields such as ["target", "baseline"]'
                       f", not {_describe(value)}")  # fmt: skip
        names = [item.strip().replace("-", "_") for item in value]
        for name in names:
            if name not in KPI_REQUIREMENTS:
                hint = did_you_mean(name, KPI_REQUIREMENTS)
                raise fail("require", f"{_describe(name)} is not a KPI field{hint}; choose from "
                           f"{', '.join(KPI_REQUIREMENTS)}")  # fmt: skip
        require = frozenset(cast("list[KpiRequirement]", names))  # each checked just above
    reach = table.get("kpi-reach")
    if reach is not None and reach not in _REACHES:
        raise fail("kpi-reach", f"expected {' or '.join(_REACHES)}, not {_describe(reach)}")
    return Layer(
        source,
        profile=profile,
        select=codes("select", changes=False),
        extend_select=codes("extend-select", changes=False) or (),
        ignore=codes("ignore", changes=True) or (),
        severity=levels,
        require=require,
        kpi_reach=cast("KpiReach | None", reach),  # checked against _REACHES just above
    )


def options_layer(
    *,
    source: str = "arguments",
    profile: str | None = None,
    select: Iterable[str] | None = None,
    extend_select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    severity: Mapping[str, str] | None = None,
    require: Iterable[str] | None = None,
    kpi_reach: str | None = None,
) -> Layer:
    """Settings given as arguments, as a layer; checked like a file's.

    Errors name the option as the command line spells it (`--ignore: ...`) when `source` is
    `command line`, else the key (`` `ignore`: ... ``).
    """
    table: dict[str, object] = {}
    for key, value in (
        ("profile", profile),
        ("select", None if select is None else list(select)),
        ("extend-select", list(extend_select) or None),
        ("ignore", list(ignore) or None),
        ("severity", dict(severity) if severity else None),
        ("require", None if require is None else list(require)),
        ("kpi-reach", kpi_reach),
    ):
        if value is not None:
            table[key] = value
    label = _option if source == COMMAND_LINE else _key_label
    return _layer(table, source=source, keys=KEYS, locate=lambda _: "", label=label)


COMMAND_LINE = "command line"
"""The `source` of the options given to a command, as `toc config` names it."""


@cache
def profile_layer(name: str) -> Layer:
    """A profile's table as a layer, checked like a settings file."""
    return _layer(
        PROFILES[name].table,
        source=f"profile {name}",
        keys=[key for key in KEYS if key != "profile"],
        locate=lambda _: f"profile {name}",
        label=_key_label,
    )


@dataclass(frozen=True)
class Resolved:
    """The settings for one model file, and where each came from (`toc config` prints this)."""

    file: str | None
    settings_file: Path | None
    profile: str | None
    profile_from: str | None
    overrides: tuple[str, ...]
    """The per-file override globs that matched the file."""
    config: Config
    off: Mapping[str, str]
    """Rules turned off, each with why: `ignored by toc.toml`."""
    severity_from: Mapping[str, str]
    """Rules whose severity a layer set, each with that layer's source."""
    require_from: str
    kpi_reach_from: str

    def to_dict(self) -> dict[str, object]:
        """Everything, as plain data for `--format json`."""
        from toc.rules import RULES

        config = self.config
        return {
            "file": self.file,
            "settings_file": None if self.settings_file is None else str(self.settings_file),
            "profile": self.profile,
            "profile_from": self.profile_from,
            "per_file_overrides": list(self.overrides),
            "require": sorted(config.kpi_requires, key=KPI_REQUIREMENTS.index),
            "require_from": self.require_from,
            "kpi_reach": config.kpi_reach,
            "kpi_reach_from": self.kpi_reach_from,
            "as_of": None if config.as_of is None else config.as_of.isoformat(),
            "rules": [
                {
                    "code": code,
                    "name": rule.name,
                    "enabled": config.enabled(code),
                    "off_because": self.off.get(code),
                    "severity": config.severity_of(rule).value,
                    "default_severity": rule.severity.value,
                    "severity_from": self.severity_from.get(code),
                    "configurable": rule.check is not None,
                }
                for code, rule in RULES.items()
            ],
        }

    def to_json(self) -> str:
        """`to_dict` as indented JSON."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_text(self) -> str:
        """A short account: the file used, the profile, KPI settings, and every changed rule."""
        from toc.rules import RULES

        config = self.config
        lines = [
            f"settings for: {self.file if self.file is not None else shown_path(Path.cwd())}",
            "settings file: "
            + (shown_path(self.settings_file) if self.settings_file else "none found"),
            "profile: "
            + (f"{self.profile} (from {self.profile_from})" if self.profile else "none"),
        ]
        if self.overrides:
            lines.append(f"per-file overrides: {', '.join(map(_quoted, self.overrides))}")
        required = sorted(config.kpi_requires, key=KPI_REQUIREMENTS.index)
        lines.append(f"require: {', '.join(required)} (from {self.require_from})")
        lines.append(f"kpi-reach: {config.kpi_reach} (from {self.kpi_reach_from})")
        if config.as_of is not None:
            lines.append(f"as-of: {config.as_of.isoformat()} (from command line)")
        changed = [
            f"  {code} {rule.name}: {rule.severity.value} -> {config.severity_of(rule).value} "
            f"(from {self.severity_from[code]})"
            for code, rule in RULES.items()
            if code not in self.off and config.severity_of(rule) != rule.severity
        ]
        off = [f"  {code} {RULES[code].name}: {why}" for code, why in self.off.items()]
        lines.append(f"rules off ({len(off)}):" if off else "rules off: none")
        lines += off
        lines.append(
            f"severities changed ({len(changed)}):" if changed else "severities changed: none"
        )
        lines += changed
        return "\n".join(printable(line) for line in lines)


class Settings:
    """Where each model file's settings come from: a settings file, then these arguments.

    `config` names the settings file for every model (`--config`); `isolated` uses none
    (`--isolated`); otherwise each model's nearest settings file is found. The other arguments
    are the top layer, as the command line's options are: `Settings(profile="iati",
    ignore=["TOC304"])`. Folders already searched are remembered, so validating many files in
    one folder reads its settings once. Raises `SettingsError` (a `ConfigError`) for bad values.
    """

    def __init__(
        self,
        *,
        config: str | Path | None = None,
        isolated: bool = False,
        as_of: str | date | None = None,
        profile: str | None = None,
        select: Iterable[str] | None = None,
        extend_select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        severity: Mapping[str, str] | None = None,
        require: Iterable[str] | None = None,
        kpi_reach: str | None = None,
        source: str = "arguments",
    ) -> None:
        if config is not None and isolated:
            raise SettingsError("--config and --isolated contradict each other; give one")
        self.options = options_layer(
            source=source,
            profile=profile,
            select=select,
            extend_select=extend_select,
            ignore=ignore,
            severity=severity,
            require=require,
            kpi_reach=kpi_reach,
        )
        self.as_of = as_of_date(as_of)
        self.explicit = None if config is None else read_settings_file(config, explicit=True)
        self.isolated = isolated
        self._folders: dict[Path, SettingsFile | None] = {}

    def config_for(self, model_file: str | Path | None) -> Config:
        """The `Config` for a model file (None: a model not read from a file, as for `bundled:`)."""
        return self.resolve(model_file).config

    def resolve(self, model_file: str | Path | None) -> Resolved:
        """The settings for a model file, with where each came from."""
        path = _model_path(model_file)
        found = self.explicit
        if found is None and not self.isolated:
            found = self.find(path.parent if path is not None else Path.cwd())
        layers: list[Layer] = []
        matched: list[str] = []
        if found is not None:
            layers.append(found.layer)
            relative = _relative(path, found.path.parent) if path is not None else None
            for override in found.overrides:
                if relative is not None and override.matches(relative):
                    layers.append(override.layer)
                    matched.append(override.pattern)
        layers.append(self.options)
        profile = next(
            ((layer.profile, layer.source) for layer in reversed(layers) if layer.profile), None
        )
        if profile is not None:
            layers.insert(0, profile_layer(profile[0]))
        return _fold(
            layers,
            file=None if model_file is None else printable(str(model_file)),
            settings_file=None if found is None else found.path,
            profile=profile,
            overrides=tuple(matched),
            as_of=self.as_of,
        )

    def find(self, folder: Path) -> SettingsFile | None:
        """The nearest settings file in `folder` or a folder above it, or None."""
        searched: list[Path] = []
        found: SettingsFile | None = None
        for current in (folder, *folder.parents):
            if current in self._folders:
                found = self._folders[current]
                break
            searched.append(current)
            found = _in_folder(current)
            if found is not None:
                break
        for current in searched:
            self._folders[current] = found
        return found


def _in_folder(folder: Path) -> SettingsFile | None:
    """The settings file of one folder; both a toc.toml and a [tool.toc] table is an error."""
    own = folder / "toc.toml"
    project = folder / "pyproject.toml"
    has_own = _is_file(own)
    from_project = read_settings_file(project) if _is_file(project) else None
    if has_own and from_project is not None:
        raise SettingsError(
            f"{shown_path(own)} and {shown_path(project)} both hold settings for toc "
            "([tool.toc]); keep them in one of the two"
        )
    return read_settings_file(own) if has_own else from_project


def _is_file(path: Path) -> bool:
    """Whether a settings file is there; a folder that cannot be searched is an error."""
    try:
        return path.is_file()
    except OSError as error:
        raise SettingsError(
            f"{shown_path(path)}: cannot look for it: {error.strerror or error}"
        ) from None


def _fold(
    layers: Sequence[Layer],
    *,
    file: str | None,
    settings_file: Path | None,
    profile: tuple[str, str] | None,
    overrides: tuple[str, ...],
    as_of: date | None,
) -> Resolved:
    """Apply the layers in order, lowest first, into one `Config`.

    In each layer: `select` turns every rule off but those it names, `extend-select` turns rules
    back on, `ignore` turns rules off, and `severity` sets a level (the longest matching prefix of
    that layer wins). `require` and `kpi-reach` replace what the layers below said.
    """
    from toc.rules import RULES

    rules = [code for code, rule in RULES.items() if rule.check is not None]
    off: dict[str, str] = {}
    levels: dict[str, tuple[Severity, str]] = {}
    require: tuple[frozenset[KpiRequirement], str] = (frozenset({"measure"}), "default")
    reach: tuple[KpiReach, str] = ("direct", "default")
    for layer in layers:
        for code in rules:
            if layer.select is not None:
                if _named(code, layer.select):
                    off.pop(code, None)
                else:
                    off[code] = f"not selected by {layer.source}"
            if _named(code, layer.extend_select):
                off.pop(code, None)
            if _named(code, layer.ignore):
                off[code] = f"ignored by {layer.source}"
            matches = [pattern for pattern in layer.severity if code.startswith(pattern)]
            if matches:
                levels[code] = (layer.severity[max(matches, key=len)], layer.source)
        if layer.require is not None:
            require = (layer.require, layer.source)
        if layer.kpi_reach is not None:
            reach = (layer.kpi_reach, layer.source)
    config = Config(
        ignore=tuple(sorted(off)),
        severities={code: level for code, (level, _) in levels.items()},
        kpi_requires=require[0],
        kpi_reach=reach[0],
        as_of=as_of,
    )
    return Resolved(
        file=file,
        settings_file=settings_file,
        profile=None if profile is None else profile[0],
        profile_from=None if profile is None else profile[1],
        overrides=overrides,
        config=config,
        off=dict(sorted(off.items())),
        severity_from={code: source for code, (_, source) in levels.items()},
        require_from=require[1],
        kpi_reach_from=reach[1],
    )


def _named(code: str, patterns: Iterable[str]) -> bool:
    return any(code.startswith(pattern) for pattern in patterns)


def _model_path(model_file: str | Path | None) -> Path | None:
    """The model file as an absolute path, or None for a bundled model or no file.

    A bare name such as `bradford` that is not a file here names a bundled model: its settings
    are looked for from the working folder, as for a model given without a file.
    """
    from toc.shipped import model_files

    if model_file is None:
        return None
    name = str(model_file)
    if name.startswith("bundled:"):
        return None
    bare = "/" not in name and "\\" not in name and not Path(name).suffix
    if bare and not os.path.lexists(name) and name in model_files():
        return None
    return Path(os.path.abspath(name))


def _relative(path: Path, folder: Path) -> str | None:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return None


def shown_path(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    try:
        shown = str(path.relative_to(Path.cwd()))
    except ValueError:
        shown = str(path)
    return printable(shown)


class _Locator:
    """`file:line` of a key in a settings file, for messages; just `file` when not found.

    TOML parsers give no positions for values, so the key's line is found by reading the text:
    table headers and `key =` lines, with dotted and quoted keys. A key inside an inline table
    is placed at the line of the key holding it.
    """

    def __init__(self, shown: str, text: str, base: tuple[str, ...]) -> None:
        self.shown = shown
        self.base = base
        self._keys: list[tuple[tuple[str, ...], int]] = []
        table: tuple[str, ...] = ()
        for number, line in enumerate(text.splitlines(), 1):
            header = _HEADER.match(line)
            if header is not None:
                table = _split_key(header.group(1))
                self._keys.append((table, number))
                continue
            key = _KEY_LINE.match(line)
            if key is not None:
                self._keys.append(((*table, *_split_key(key.group(1))), number))

    def __call__(self, path: tuple[str, ...]) -> str:
        for end in range(len(path), -1, -1):
            wanted = (*self.base, *path[:end])
            if not wanted:
                break
            for key, number in self._keys:
                if key[: len(wanted)] == wanted:
                    return f"{self.shown}:{number}"
        return self.shown


@dataclass(frozen=True)
class _Within:
    """A locator for the keys of a nested table (a per-file override)."""

    outer: Callable[[tuple[str, ...]], str]
    prefix: tuple[str, ...]

    def __call__(self, path: tuple[str, ...]) -> str:
        return self.outer((*self.prefix, *path))


_PART = r'(?:"(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+)'
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"\s*\[\[?\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(rf"\s*({_DOTTED})\s*=")


def _split_key(dotted: str) -> tuple[str, ...]:
    parts = re.findall(_PART, dotted)
    return tuple(part[1:-1] if part[:1] in "\"'" else part for part in parts)


def _toml_error(shown: str, message: str) -> str:
    """The TOML parser's message, its position moved to the front: `toc.toml:3:9: ...`."""
    found = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", message, re.DOTALL)
    if found is None:
        return f"{shown}: not valid TOML: {printable(message)}"
    what, line, column = found.groups()
    return f"{shown}:{line}:{column}: not valid TOML: {printable(what)}"


@dataclass(frozen=True)
class _OverrideLabel:
    """How errors name a key of a per-file override: `per-file-overrides."*.xml".ignore`."""

    pattern: str

    def __call__(self, key: str) -> str:
        return f"`per-file-overrides.{_quoted(self.pattern)}.{key}`"


def _at(location: str, message: str) -> str:
    return f"{location}: {message}" if location else message


def _key_label(key: str) -> str:
    return f"`{key}`"


def _option(key: str) -> str:
    return f"--{key}"


def _quoted(text: str) -> str:
    return printable(json.dumps(text, ensure_ascii=False))


def _describe(value: object) -> str:
    if isinstance(value, str):
        return _quoted(value)
    kind = {bool: "true or false", int: "a number", float: "a number", dict: "a table"}
    return kind.get(type(value), f"a {type(value).__name__}")
