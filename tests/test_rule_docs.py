"""Every rule's documentation is tested: its failing snippet fails, its passing snippet passes."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

import toc
from toc.rules import RULES
from toc.rules.importing import IMPORT_CODES
from toc.rulesdoc import index_page, rule_page

from .helpers import findings_of

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules"
_SNIPPET = re.compile(r"(Fails|Passes):\n```(yaml|python)\n(.*?)```", re.DOTALL)


def _snippets(doc: str) -> dict[str, tuple[str, str]]:
    """`Fails` and `Passes` to (language, code): a YAML file's text, or Python for what YAML
    cannot show (a file's size or bytes, a folder), which leaves its findings in `findings`."""
    return {label: (lang, textwrap.dedent(body)) for label, lang, body in _SNIPPET.findall(doc)}


def _codes(lang: str, body: str, where: Path) -> set[str]:
    if lang == "yaml":
        return {f.code for f in findings_of(body)}
    namespace: dict[str, Any] = {"toc": toc, "__name__": "__doc_example__"}
    exec(compile(body, str(where), "exec"), namespace)  # our own docs
    return {f.code for f in namespace["findings"]}


DOCUMENTED = [code for code, rule in RULES.items() if _snippets(rule.doc)]


def test_every_rule_but_the_import_codes_has_examples() -> None:
    # The import codes are about spreadsheets and other formats, tested with those in tests/io/.
    importing = {rule.code for rule in IMPORT_CODES}
    assert sorted(set(RULES) - importing - set(DOCUMENTED)) == []


@pytest.mark.parametrize("code", DOCUMENTED)
def test_failing_snippet_produces_the_code(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snippets = _snippets(RULES[code].doc)
    assert set(snippets) == {"Fails", "Passes"}
    for label, expected in (("Fails", True), ("Passes", False)):
        folder = tmp_path / label
        folder.mkdir()
        monkeypatch.chdir(folder)
        assert (code in _codes(*snippets[label], folder)) is expected, label


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
