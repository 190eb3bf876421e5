"""Reading findings advise what is true of the value in hand: its field's type, its encoding."""

from __future__ import annotations

import re

import pytest

from toc.findings import Finding
from toc.load import read_bytes

from .helpers import check, findings_of

HEAD = "toc: 1\nid: m\ntitle: T\n"


def _known_keys(message: str) -> set[str]:
    found = re.search(r"\(known keys: ([^)]*)\)", message)
    assert found, message
    return set(found.group(1).split(", "))


@pytest.mark.parametrize(
    ("kind", "field", "extra", "refused"),
    [
        ("outcome", "outcomes", "    term: short\n", {"uses", "produces"}),
        ("impact", "impacts", "", {"uses", "produces"}),
        ("output", "outputs", "", {"produces"}),
        ("input", "inputs", "", {"uses", "produces", "leads_to", "measured_by"}),
        ("kpi", "kpis", "", {"uses", "produces", "leads_to", "measured_by"}),
    ],
)
def test_known_keys_of_an_element_are_only_the_links_its_kind_may_write(
    kind: str, field: str, extra: str, refused: set[str]
) -> None:
    text = HEAD + f"{field}:\n  - id: x\n    label: X\n{extra}    colour: red\n"
    line = 7 + bool(extra)
    [finding] = check(text, [("TOC101", line, 5)])
    keys = _known_keys(finding.message)
    assert not keys & refused, kind
    assert {"id", "label", "description"} <= keys


def test_an_activity_is_still_offered_every_link_it_may_write() -> None:
    text = HEAD + "activities:\n  - id: a\n    label: A\n    colour: red\n"
    [finding] = check(text, [("TOC101", 7, 5)])
    assert {"uses", "produces", "measured_by"} <= _known_keys(finding.message)
    assert "leads_to" not in _known_keys(finding.message)


KPI = HEAD + "kpis:\n  - id: k\n    label: K\n    measure: unit\n    unit: people\n"


@pytest.mark.parametrize(
    ("line", "wanted", "unwanted"),
    [
        ("    ascending: yes\n", "`ascending` is true or false: write `true`", "quotes"),
        ("    cumulative: Off\n", "`cumulative` is true or false: write `false`", "quotes"),
        ("    baseline: {value: 012}\n", "`value` is a number: write `12`", "quotes"),
        ("    baseline: {value: 1_000}\n", "`value` is a number: write `1000`", "quotes"),
        ("    baseline: {year: 1e3}\n", "`year` is a number: write `1000`", "quotes"),
        ("    target: {value: 12:30}\n", "`value` is a number: write the number", "quotes"),
        ("    owner: NO\n", '`owner` is text: put it in quotes ("NO")', "write `"),
        ("    actuals: [{value: 1, dimensions: {sex: NO}}]\n", 'quotes ("NO")', "write `"),
    ],
)
def test_an_ambiguous_scalar_is_told_how_to_write_it_for_its_field(
    line: str, wanted: str, unwanted: str
) -> None:
    [finding] = [f for f in _findings(KPI + line) if f.code == "TOC008"]
    assert wanted in finding.message
    assert unwanted not in finding.message


def test_an_ambiguous_scalar_where_text_or_a_number_fits_is_offered_both() -> None:
    text = HEAD + "source:\n  page: 012\n"
    [finding] = [f for f in _findings(text) if f.code == "TOC008"]
    assert 'put it in quotes ("012") if you mean the text, or write `12`' in finding.message


def test_an_ambiguous_scalar_under_an_unknown_key_keeps_the_general_advice() -> None:
    [finding] = [f for f in _findings(KPI + "    colour: NO\n") if f.code == "TOC008"]
    assert "if you mean the text, or write the value unambiguously" in finding.message


@pytest.mark.parametrize("version", ['"1"', "'1'", '" 1"'])
def test_a_quoted_format_version_is_told_to_drop_the_quotes(version: str) -> None:
    [finding] = check(f"toc: {version}\nid: m\ntitle: T\n", [("TOC104", 1, 6)])
    assert "remove the quotes (`toc: 1`)" in finding.message


def test_an_unsupported_version_is_still_called_unsupported() -> None:
    [finding] = check('toc: "2"\nid: m\ntitle: T\n', [("TOC104", 1, 6)])
    assert "not supported" in finding.message


@pytest.mark.parametrize(
    ("line", "wanted"),
    [
        ('    ascending: "true"\n', "write `true` without quotes"),
        ("    ascending: 'no'\n", "write `false` without quotes"),
        ('    baseline: {value: "12"}\n', "remove the quotes (`12`)"),
        ("    baseline: {year: '2024'}\n", "remove the quotes (`2024`)"),
    ],
)
def test_a_quoted_number_or_boolean_is_told_to_drop_the_quotes(line: str, wanted: str) -> None:
    [finding] = [f for f in _findings(KPI + line) if f.code == "TOC103"]
    assert wanted in finding.message


def test_a_quoted_fraction_where_a_whole_number_is_wanted_is_not_told_to_unquote() -> None:
    [finding] = [
        f for f in _findings(KPI + "    baseline: {year: '2024.5'}\n") if f.code == "TOC103"
    ]
    assert "remove the quotes" not in finding.message


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b"\xff\xfe" + "toc: 1\nid: m\n".encode("utf-16-le"), "UTF-16 (little-endian)"),
        (b"\xfe\xff" + "toc: 1\nid: m\n".encode("utf-16-be"), "UTF-16 (big-endian)"),
        ("toc: 1\nid: m\n".encode("utf-16-le"), "UTF-16 (little-endian)"),
        ("toc: 1\nid: m\n".encode("utf-16-be"), "UTF-16 (big-endian)"),
        ("toc: 1\nid: m\n".encode("utf-32"), "UTF-32 (little-endian)"),
    ],
)
def test_a_utf16_file_is_named_as_such(data: bytes, named: str) -> None:
    result = read_bytes(data, name="wide.yaml")
    assert result.model is None
    [finding] = result.findings
    assert (finding.code, finding.line, finding.col) == ("TOC003", 1, 1)
    assert f"the file is {named}" in finding.message and "save it as UTF-8" in finding.message


def test_a_stray_nul_in_utf8_is_not_taken_for_utf16() -> None:
    result = read_bytes(b"toc: 1\nid: m\ntitle: T\x00\n", name="nul.yaml")
    [finding] = result.findings
    assert finding.code == "TOC003" and "UTF-16" not in finding.message


def _findings(text: str) -> list[Finding]:
    return findings_of(text)


def test_advice_for_a_very_long_number_stays_short() -> None:
    digits = "0" + "1" * 3000
    [finding] = [
        f for f in _findings(KPI + f"    baseline: {{value: {digits}}}\n") if f.code == "TOC008"
    ]
    assert "write the number in digits" in finding.message
    assert len(finding.message) < 300 and "1" * 200 not in finding.message
