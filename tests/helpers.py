"""Test helpers: `check` pins codes with their exact line and column."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from toc.config import Config
from toc.findings import Finding
from toc.load import read_text

Expected = tuple[str, int, int]


def findings_of(yaml_text: str, config: Config | None = None) -> list[Finding]:
    """Every finding for a YAML text: reading findings, and rule findings when it loads."""
    result = read_text(textwrap.dedent(yaml_text), name="model.yaml")
    if result.model is None:
        return sorted(result.findings)
    return list(result.model.validate(config))


def check(
    yaml_text: str,
    expected: list[Expected],
    *,
    codes: Iterable[str] | None = None,
    config: Config | None = None,
) -> list[Finding]:
    """Assert the findings with the given codes (default: the expected ones) are exactly these."""
    wanted = set(codes) if codes is not None else {code for code, _, _ in expected}
    found = [f for f in findings_of(yaml_text, config) if f.code in wanted]
    assert sorted((f.code, f.line, f.col) for f in found) == sorted(expected), "\n".join(
        f.format() for f in found
    )
    return found
