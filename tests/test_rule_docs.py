"""Every rule's documentation is tested: its failing snippet fails, its passing snippet passes."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from toc.rules import RULES
from toc.rules.importing import IMPORT_CODES
from toc.rulesdoc import index_page, rule_page

from .helpers import findings_of

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules"
_SNIPPET = re.compile(r"(Fails|Passes):\n```yaml\n(.*?)```", re.DOTALL)


def _snippets(doc: str) -> dict[str, str]:
    return {label: textwrap.dedent(body) for label, body in _SNIPPET.findall(doc)}


DOCUMENTED = [code for code, rule in RULES.items() if _snippets(rule.doc)]


def test_rules_with_snippets_are_most_rules() -> None:
    # Some reading codes (file too large, unreadable) cannot be shown as a YAML snippet; the
    # import codes are about spreadsheets and other formats, tested with those in tests/io/.
    importing = {rule.code for rule in IMPORT_CODES}
    assert len([c for c in DOCUMENTED if c not in importing]) >= len(RULES) - len(importing) - 4


@pytest.mark.parametrize("code", DOCUMENTED)
def test_failing_snippet_produces_the_code(code: str) -> None:
    snippets = _snippets(RULES[code].doc)
    assert set(snippets) == {"Fails", "Passes"}
    assert code in {f.code for f in findings_of(snippets["Fails"])}
    assert code not in {f.code for f in findings_of(snippets["Passes"])}


@pytest.mark.parametrize("code", list(RULES))
def test_every_rule_is_documented(code: str) -> None:
    rule = RULES[code]
    assert re.fullmatch(r"TOC\d{3}", code)
    assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", rule.name)
    assert rule.summary.endswith(".")


def test_names_are_unique() -> None:
    names = [rule.name for rule in RULES.values()]
    assert len(names) == len(set(names))


def test_generated_docs_are_current() -> None:
    """Regenerate with `toc rules --docs docs/rules`."""
    assert (DOCS / "index.md").read_text(encoding="utf-8") == index_page()
    for code, rule in RULES.items():
        assert (DOCS / f"{code}.md").read_text(encoding="utf-8") == rule_page(rule), code
    pages = {p.stem for p in DOCS.glob("TOC*.md")}
    assert pages == set(RULES)
