"""JSON read into the positioned tree, so findings about a JSON file name its line and column.

Python's `json` gives no positions to its hooks, so the structure is walked here; strings and
numbers are still scanned by the standard library's own `scanstring` and number pattern. The
same guards as the YAML reader: nesting past `MAX_DEPTH` is refused (TOC007) before it can
exhaust the stack, a duplicate key is TOC004 at the second one (the first value is kept),
and the file is plain data: `NaN`, `Infinity` and comments are not JSON and are refused.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from json import JSONDecodeError
from json.decoder import scanstring  # type: ignore[attr-defined]  # untyped in typeshed
from json.scanner import NUMBER_RE
from typing import Any

from toc.rules.importing import REFUSED_FILE, UNREADABLE_VALUE
from toc.rules.reading import BAD_ENCODING, DUPLICATE_KEY, TOO_DEEP
from toc.rules.registry import Rule
from toc.yamlsafe import MAX_DEPTH, Mark, YamlMap, YamlSeq

__all__ = ["JsonDocument", "JsonProblem", "parse_json"]

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LITERALS = (("true", True), ("false", False), ("null", None))


@dataclass(frozen=True, slots=True)
class JsonProblem:
    """Something wrong with the JSON itself, at a place."""

    rule: Rule
    message: str
    mark: Mark


@dataclass(slots=True)
class JsonDocument:
    """The root value (None when the file cannot be used) and every problem found."""

    root: Any
    root_mark: Mark
    problems: list[JsonProblem] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        """True when a problem leaves nothing trustworthy to read (syntax, depth)."""
        return any(p.rule in (REFUSED_FILE, TOO_DEEP) for p in self.problems)


class _Stop(Exception):
    """Reading cannot go on; the problem is already recorded."""


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.problems: list[JsonProblem] = []
        self.line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def mark(self, start: int, end: int | None = None) -> Mark:
        line = bisect.bisect_right(self.line_starts, start)
        return Mark(
            line, start - self.line_starts[line - 1] + 1, start, start if end is None else end
        )

    def fail(self, message: str, position: int) -> _Stop:
        self.problems.append(JsonProblem(REFUSED_FILE, message, self.mark(position)))
        return _Stop()

    def skip(self, position: int) -> int:
        match = _WHITESPACE.match(self.text, position)
        return match.end() if match else position

    def value(self, position: int, depth: int) -> tuple[Any, Mark, int]:
        """The value starting at `position` (after whitespace): (value, mark, end)."""
        text = self.text
        if position >= len(text):
            raise self.fail("the file ends where a value belongs; it is cut short", position)
        char = text[position]
        if char in "{[":
            if depth >= MAX_DEPTH:
                self.problems.append(
                    JsonProblem(
                        TOO_DEEP,
                        f"nesting deeper than {MAX_DEPTH} levels; a theory of change never needs "
                        "this, so the file is refused",
                        self.mark(position),
                    )
                )
                raise _Stop
            if char == "{":
                return self.object(position, depth + 1)
            return self.array(position, depth + 1)
        if char == '"':
            return self.string(position)
        number = NUMBER_RE.match(text, position)
        if number is not None:
            return self.number(number)
        for word, literal in _LITERALS:
            if text.startswith(word, position):
                end = position + len(word)
                return literal, self.mark(position, end), end
        found = text[position : position + 12].split("\n")[0]
        raise self.fail(f"`{found}` is not a JSON value (text goes in double quotes)", position)

    def string(self, position: int) -> tuple[str, Mark, int]:
        try:
            value, end = scanstring(self.text, position + 1, True)
        except JSONDecodeError as error:
            raise self.fail(f"a broken string: {error.msg.lower()}", error.pos) from None
        mark = self.mark(position, end)
        if _SURROGATE.search(value):
            self.problems.append(
                JsonProblem(
                    BAD_ENCODING,
                    "a `\\ud800`-style escape that is half of a character pair, with no other "
                    "half: it is not text; fix the string",
                    mark,
                )
            )
            value = _SURROGATE.sub("\ufffd", value)
        return value, mark, end

    def number(self, match: re.Match[str]) -> tuple[Any, Mark, int]:
        whole, fraction, exponent = match.groups()
        start, end = match.span()
        mark = self.mark(start, end)
        try:
            value: Any = float(match.group()) if fraction or exponent else int(whole)
        except ValueError:  # an integer past Python's digit limit
            self.problems.append(
                JsonProblem(UNREADABLE_VALUE, "a number with too many digits to read", mark)
            )
            return None, mark, end
        if value in (float("inf"), float("-inf")):
            self.problems.append(
                JsonProblem(UNREADABLE_VALUE, f"the number {match.group()} is too large", mark)
            )
            value = None
        return value, mark, end

    def object(self, start: int, depth: int) -> tuple[YamlMap, Mark, int]:
        mark = self.mark(start)
        result = YamlMap(mark)
        position = self.skip(start + 1)
        if self.text.startswith("}", position):
            return result, mark, position + 1
        while True:
            if not self.text.startswith('"', position):
                raise self.fail("a key in double quotes belongs here", position)
            key, key_mark, position = self.string(position)
            position = self.skip(position)
            if not self.text.startswith(":", position):
                raise self.fail("`:` belongs after the key", position)
            value, value_mark, position = self.value(self.skip(position + 1), depth)
            if key in result:
                first = result.key_marks[key]
                self.problems.append(
                    JsonProblem(
                        DUPLICATE_KEY,
                        f"duplicate key `{key}` (first written at line {first.line}, column "
                        f"{first.col}); JSON readers keep only one of them: remove or rename one",
                        key_mark,
                    )
                )
            else:
                result[key] = value
                result.key_marks[key] = key_mark
                result.value_marks[key] = value_mark
            position = self.skip(position)
            if self.text.startswith(",", position):
                position = self.skip(position + 1)
                continue
            if self.text.startswith("}", position):
                return result, mark, position + 1
            raise self.fail("`,` or `}` belongs here", position)

    def array(self, start: int, depth: int) -> tuple[YamlSeq, Mark, int]:
        mark = self.mark(start)
        result = YamlSeq(mark)
        position = self.skip(start + 1)
        if self.text.startswith("]", position):
            return result, mark, position + 1
        while True:
            value, value_mark, position = self.value(position, depth)
            result.append(value)
            result.item_marks.append(value_mark)
            position = self.skip(position)
            if self.text.startswith(",", position):
                position = self.skip(position + 1)
                continue
            if self.text.startswith("]", position):
                return result, mark, position + 1
            raise self.fail("`,` or `]` belongs here", position)


def parse_json(text: str) -> JsonDocument:
    """Read JSON text into YamlMap / YamlSeq values with marks; never raises for the text."""
    parser = _Parser(text)
    start = parser.skip(0)
    try:
        root, mark, end = parser.value(start, 0)
        end = parser.skip(end)
        if end < len(text):
            raise parser.fail("more text after the end of the JSON value", end)
    except _Stop:
        return JsonDocument(None, parser.mark(start), parser.problems)
    return JsonDocument(root, mark, parser.problems)
