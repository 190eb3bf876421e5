"""Fuzzing: mutated YAML from valid models gives coded, positioned findings and nothing else.

Files written by many hands arrive half-edited: a line deleted in a merge, keys pasted in the wrong
place, a cell copied from Excel with stray bytes, a file cut short by a full disk. Whatever arrives,
`toc validate` must answer with findings a CI log can point at, never a traceback. Each example
starts from a valid generated model (so mutations land on realistic structure) and applies a few
edits. The default profile runs a handful of examples; `HYPOTHESIS_PROFILE=fuzz` runs 100,000.
"""

from __future__ import annotations

import re

from hypothesis import event, given
from hypothesis import strategies as st

import toc
from toc.findings import Finding
from toc.load import read_bytes
from toc.rules import RULES

from .strategies import models

# Values that mean something to YAML or to this library's reader: YAML 1.1 surprises, indicators,
# tags, anchors, document markers, line breaks YAML knows but `\n`-splitting does not, a BOM.
_HOSTILE_SCALARS = (
    "NO", "on", "yes", "0123", "1.10", "12:30", "1e3", "1_000", "~", "null", "true", ".nan",
    "-.inf", "[]", "{}", "[", "{", "]", "}", "'", '"', "|", ">", "- x", "? x", "x: y", "a: b: c",
    "&a x", "*a", "<<: {}", "!!binary aGk=", "!include x", "!!python/object:os.system", "---",
    "...", "%YAML 1.1", "#", "\t", "\r", "\x85", "\u2028", "\ufeff", "\x00", "9" * 400,
    "2024-13-45", "café", "cafe\u0301", "toc", "id", "kpis", "leads_to",
)  # fmt: skip
_scalars = st.one_of(st.sampled_from(_HOSTILE_SCALARS), st.text(max_size=20))
_KEY_LINE = re.compile(rb"^(\s*(?:- )?)([^:\s]+):( ?)(.*)$")
# Where an editor ends a line, as reported positions count them: LF, CRLF and a lone CR (not NEL,
# U+2028 or U+2029, which YAML 1.1 also counts).
_EDITOR_BREAK = re.compile(r"\r\n|[\r\n]")


def _delete_line(lines: list[bytes], draw: st.DrawFn) -> None:
    if lines:
        del lines[draw(st.integers(0, len(lines) - 1))]


def _swap_lines(lines: list[bytes], draw: st.DrawFn) -> None:
    if len(lines) > 1:
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]


def _duplicate_line(lines: list[bytes], draw: st.DrawFn) -> None:
    if lines:
        i = draw(st.integers(0, len(lines) - 1))
        lines.insert(draw(st.integers(0, len(lines))), lines[i])


def _reindent(lines: list[bytes], draw: st.DrawFn) -> None:
    if lines:
        i = draw(st.integers(0, len(lines) - 1))
        lines[i] = draw(st.sampled_from((b" ", b"  ", b"\t", b""))) + lines[i].lstrip(b" ")


def _swap_keys(lines: list[bytes], draw: st.DrawFn) -> None:
    """Give one line the key of another: unknown, misplaced and duplicate keys."""
    keyed = [i for i, line in enumerate(lines) if _KEY_LINE.match(line)]
    if len(keyed) > 1:
        i, j = draw(st.sampled_from(keyed)), draw(st.sampled_from(keyed))
        a, b = _KEY_LINE.match(lines[i]), _KEY_LINE.match(lines[j])
        assert a is not None and b is not None
        lines[i] = a[1] + b[2] + b":" + a[3] + a[4]


def _swap_values(lines: list[bytes], draw: st.DrawFn) -> None:
    """Give one key another line's value: links to the wrong kind, cycles, dangling ids."""
    keyed = [i for i, line in enumerate(lines) if _KEY_LINE.match(line)]
    if len(keyed) > 1:
        i, j = draw(st.sampled_from(keyed)), draw(st.sampled_from(keyed))
        a, b = _KEY_LINE.match(lines[i]), _KEY_LINE.match(lines[j])
        assert a is not None and b is not None
        lines[i] = a[1] + a[2] + b":" + b[3] + b[4]


def _replace_scalar(lines: list[bytes], draw: st.DrawFn) -> None:
    keyed = [i for i, line in enumerate(lines) if _KEY_LINE.match(line)]
    if keyed:
        i = draw(st.sampled_from(keyed))
        match = _KEY_LINE.match(lines[i])
        assert match is not None
        value = draw(_scalars).encode("utf-8", "surrogatepass")
        lines[i] = match[1] + match[2] + b": " + value


def _insert_bytes(lines: list[bytes], draw: st.DrawFn) -> None:
    if lines:
        i = draw(st.integers(0, len(lines) - 1))
        at = draw(st.integers(0, len(lines[i])))
        noise = draw(st.binary(min_size=1, max_size=8))
        lines[i] = lines[i][:at] + noise + lines[i][at:]


_LINE_MUTATIONS = (
    _delete_line, _swap_lines, _duplicate_line, _reindent, _swap_keys, _swap_values,
    _replace_scalar, _insert_bytes,
)  # fmt: skip


@st.composite
def mutated_yaml(draw: st.DrawFn) -> bytes:
    """A valid model's YAML with one to four edits, then now and then cut short."""
    lines = toc.dumps(draw(models())).encode("utf-8").split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        draw(st.sampled_from(_LINE_MUTATIONS))(lines, draw)
    data = b"\n".join(lines)
    if draw(st.integers(0, 3)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    return data


def _place_problem(finding: Finding, lines: list[str]) -> str | None:
    """Why a finding's place is not in the file, or None when it is."""
    if finding.line == 0:
        return None if finding.col == 0 else "a whole-file finding with a column"
    if not 1 <= finding.line <= len(lines):
        return f"line {finding.line} of {len(lines)}"
    if not 1 <= finding.col <= len(lines[finding.line - 1]) + 1:
        return f"column {finding.col} of a {len(lines[finding.line - 1])}-character line"
    return None


@given(mutated_yaml())
def test_mutated_yaml_gives_only_coded_findings(data: bytes) -> None:
    result = read_bytes(data, name="fuzz.yaml")
    findings = list(result.findings) if result.model is None else list(result.model.validate())
    assert result.model is not None or findings, "a file that does not load must say why"
    event("loaded" if result.model is not None else f"refused: {min(findings).code}")
    text = data.decode("utf-8", "replace").removeprefix("\ufeff")
    lines = _EDITOR_BREAK.split(text)
    for finding in findings:
        assert finding.code in RULES, finding.format()
        assert finding.file == "fuzz.yaml" and finding.message, finding.format()
        problem = _place_problem(finding, lines)
        if problem is not None:
            raise AssertionError(f"{finding.format()}: {problem}")
