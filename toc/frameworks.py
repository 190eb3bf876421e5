"""Reference frameworks: named trees of entries (outcome banks, taxonomies) that models tag against.

A tag such as `home-office:practitioners/short/knowledge` names a framework (`home-office`) and a
path of entry ids inside it. Frameworks are defined in models' `frameworks:` lists; the ones in the
bundled models ship with the library, so any model can tag against them without copying them. A
model's own definition of a framework wins over a bundled one with the same id, so that a team can
pin or extend a framework in its own file.

Lookups never raise for an unknown tag (`resolve` returns a `Resolution` that says what is missing
and suggests the closest tag); `entry` is the raising form for notebooks. To resolve many tags
against the same frameworks (the rules do, for every tag of a file), build one `Resolver`: it
indexes the entries and the tags once, so a file of a thousand unknown tags costs no more per tag
than a file of one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from toc.model import Framework, FrameworkEntry, TheoryOfChange
from toc.shipped import model_files
from toc.suggest import Suggester

__all__ = [
    "Resolution",
    "Resolver",
    "UnknownTagError",
    "bundled_frameworks",
    "count_entries",
    "entry",
    "find_entry",
    "frameworks",
    "iter_entries",
    "list_frameworks",
    "resolve",
    "split_tag",
    "suggest",
    "tags",
]


class UnknownTagError(LookupError):
    """A tag that names no framework, or no entry in its framework; says the closest tag."""

    def __init__(self, resolution: Resolution) -> None:
        self.resolution = resolution
        super().__init__(resolution.problem)


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a tag resolved to: the framework and entry when they exist, else the closest tag."""

    tag: str
    framework: Framework | None
    entry: FrameworkEntry | None
    suggestion: str | None = None
    note: str = ""
    """Said in place of a suggestion when none was searched for (see `toc.suggest.Suggester`)."""

    @property
    def known(self) -> bool:
        """True when the tag names an existing entry."""
        return self.entry is not None

    @property
    def problem(self) -> str:
        """A plain-English sentence saying what is missing, or an empty string when nothing is."""
        if self.known:
            return ""
        framework_id, path = split_tag(self.tag)
        hint = f"; did you mean `{self.suggestion}`?" if self.suggestion else self.note
        if self.framework is None:
            return (
                f"`{self.tag}` names framework `{framework_id}`, which is neither bundled nor "
                f"defined in the model{hint}"
            )
        return f"framework `{framework_id}` has no entry `{'/'.join(path)}`{hint}"


def split_tag(tag: str) -> tuple[str, tuple[str, ...]]:
    """`"llr:prevention/secondary"` → `("llr", ("prevention", "secondary"))`."""
    framework_id, _, path = tag.partition(":")
    return framework_id, tuple(part for part in path.split("/") if part)


def iter_entries(framework: Framework) -> Iterator[tuple[str, FrameworkEntry]]:
    """Every entry of a framework, depth first in document order, with its full tag."""
    yield from _walk(f"{framework.id}:", framework.entries)


def _walk(prefix: str, entries: tuple[FrameworkEntry, ...]) -> Iterator[tuple[str, FrameworkEntry]]:
    for item in entries:
        tag = f"{prefix}{item.id}"
        yield tag, item
        yield from _walk(f"{tag}/", item.entries)


def count_entries(framework: Framework) -> int:
    """How many entries a framework holds, at every depth."""
    return sum(1 for _ in iter_entries(framework))


def tags(frameworks: Mapping[str, Framework] | Iterable[Framework]) -> list[str]:
    """Every valid tag into the given frameworks, in document order."""
    values = frameworks.values() if isinstance(frameworks, Mapping) else frameworks
    return [tag for framework in values for tag, _ in iter_entries(framework)]


def find_entry(framework: Framework, path: Iterable[str]) -> FrameworkEntry | None:
    """The entry at a path of ids inside a framework, or None when some step does not exist."""
    entries = framework.entries
    found: FrameworkEntry | None = None
    for step in path:
        found = next((item for item in entries if item.id == step), None)
        if found is None:
            return None
        entries = found.entries
    return found


def bundled_frameworks() -> dict[str, Framework]:
    """The frameworks defined by the models that ship with the library, by id.

    Cached on the bundled files' names and modification times, so validating many models loads
    the bundled files once, yet an edited checkout is picked up.
    """
    key = tuple((str(path), path.stat().st_mtime_ns) for path in model_files().values())
    return dict(_load_bundled(key))


@lru_cache(maxsize=4)
def _load_bundled(key: tuple[tuple[str, int], ...]) -> tuple[tuple[str, Framework], ...]:
    from toc.load import load  # here, not at the top: toc.load imports the rules, which import us

    found: dict[str, tuple[Framework, str]] = {}
    for file, _ in key:
        for framework in load(Path(file)).frameworks:
            if framework.id in found:
                other = found[framework.id][1]
                raise ValueError(
                    f"framework `{framework.id}` is defined by two bundled models, {other} and "
                    f"{file}; a bundled framework must have one home"
                )
            found[framework.id] = (framework, file)
    return tuple(sorted((fid, pair[0]) for fid, pair in found.items()))


def frameworks(
    model: TheoryOfChange | None = None, *, include_bundled: bool = True
) -> dict[str, Framework]:
    """The frameworks a model can tag against: the bundled ones, then the model's own, by id.

    The model's own definition replaces a bundled framework of the same id. Within one model the
    first definition of an id is used, as for elements.
    """
    found: dict[str, Framework] = dict(bundled_frameworks()) if include_bundled else {}
    own: dict[str, Framework] = {}
    for framework in model.frameworks if model is not None else []:
        own.setdefault(framework.id, framework)
    found.update(own)
    return dict(sorted(found.items()))


def list_frameworks(model: TheoryOfChange | None = None) -> list[Framework]:
    """The frameworks available to a model (or the bundled ones alone), sorted by id."""
    return list(frameworks(model).values())


def resolve(tag: str, available: Mapping[str, Framework] | None = None) -> Resolution:
    """Look a tag up; never raises. `available` defaults to the bundled frameworks."""
    return Resolver(available).resolve(tag)


class Resolver:
    """Resolves many tags against one set of frameworks, indexing them once.

    Each framework's entries are indexed by path, and its tags for suggestions, the first time a
    tag names it; so resolving n tags costs time linear in n and in the frameworks' size. Like
    every `toc.suggest.Suggester`, it searches for a bounded number of suggestions per
    framework; past that, a `Resolution` carries a `note` saying so.
    """

    __slots__ = ("_available", "_entries", "_suggesters")

    def __init__(self, available: Mapping[str, Framework] | None = None) -> None:
        self._available = bundled_frameworks() if available is None else available
        self._entries: dict[str, dict[tuple[str, ...], FrameworkEntry]] = {}
        self._suggesters: dict[str | None, Suggester] = {}

    def find(self, tag: str) -> tuple[Framework | None, FrameworkEntry | None]:
        """The framework a tag names and its entry, each None when it does not exist."""
        framework_id, path = split_tag(tag)
        framework = self._available.get(framework_id)
        if framework is None:
            return None, None
        if framework_id not in self._entries:
            self._entries[framework_id] = _entries_by_path(framework)
        return framework, self._entries[framework_id].get(path)

    def resolve(self, tag: str) -> Resolution:
        """What `tag` names, as `resolve` says; never raises."""
        framework, found = self.find(tag)
        if found is not None:
            return Resolution(tag, framework, found)
        suggester = self._suggester(tag)
        spent = suggester.spent
        suggestion = suggester.closest(tag)
        note = suggester.note if suggestion is None and spent else ""
        return Resolution(tag, framework, None, suggestion, note)

    def suggest(self, tag: str) -> str | None:
        """The existing tag closest to `tag`, as `suggest` says."""
        return self._suggester(tag).closest(tag)

    def _suggester(self, tag: str) -> Suggester:
        framework_id, _ = split_tag(tag)
        named = self._available.get(framework_id)
        key = framework_id if named is not None else None
        if key not in self._suggesters:
            candidates = tags([named] if named is not None else self._available)
            noun = f"entries of `{framework_id}`" if named is not None else "tags"
            self._suggesters[key] = Suggester(candidates, noun=noun)
        return self._suggesters[key]


def _entries_by_path(framework: Framework) -> dict[tuple[str, ...], FrameworkEntry]:
    """Every entry by its path of ids, found as `find_entry` finds it: the first of an id wins."""
    found: dict[tuple[str, ...], FrameworkEntry] = {}
    stack: list[tuple[tuple[str, ...], tuple[FrameworkEntry, ...]]] = [((), framework.entries)]
    while stack:
        prefix, entries = stack.pop()
        for item in entries:
            path = (*prefix, item.id)
            if path not in found:
                found[path] = item
                stack.append((path, item.entries))
    return found


def entry(tag: str, available: Mapping[str, Framework] | None = None) -> FrameworkEntry:
    """The entry a tag names; raise `UnknownTagError` (a `LookupError`) naming the closest tag."""
    resolution = resolve(tag, available)
    if resolution.entry is None:
        raise UnknownTagError(resolution)
    return resolution.entry


def suggest(tag: str, available: Mapping[str, Framework]) -> str | None:
    """The existing tag closest to `tag`, or None when nothing is close.

    Within a known framework only its own tags are candidates, so a typo in an entry id is not
    "corrected" into another framework. Spelling slips that change nothing but `_` for `-` or
    case are matched exactly first; then `difflib` picks the closest string (see `toc.suggest`).
    """
    return Resolver(available).suggest(tag)
