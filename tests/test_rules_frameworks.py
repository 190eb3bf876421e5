"""TOC501, TOC502: tags name frameworks and entries that exist.

The rules are run directly (not through `toc.rules.RULES`) so that these tests do not depend on
the registry; `test_rule_docs.py` covers them through the registry once they are registered.
"""

from __future__ import annotations

import pytest

from toc.config import Config
from toc.load import loads
from toc.rules.context import RuleContext
from toc.rules.frameworks import unknown_framework, unknown_framework_entry
from toc.rules.registry import Rule

Found = tuple[str, int, int, str | None, str]

TEXT = """\
toc: 1
id: m
title: T
statements:
  - id: v
    kind: vision
    label: V
    tags: [home-ofice:practitioners/short/knowledge]
frameworks:
  - id: local
    title: Local
    entries:
      - id: staff
        label: Staff
        entries:
          - {id: confidence, label: Confidence}
outcomes:
  - id: o
    label: O
    term: short
    tags:
      - local:staff/confidense
      - {ref: llr:prevention/secundary, basis: inferred}
      - llr:prevention/secondary
      - local:staff/confidence
      - local:staff
      - samhsa:safety
"""


def run(rule: Rule, text: str) -> list[Found]:
    model = loads(text, name="model.yaml")
    assert model.source_map is not None
    assert rule.check is not None
    found: list[Found] = []
    for hit in rule.check(RuleContext(model, Config())):
        line, col = model.source_map.locate(hit.path)
        found.append((rule.code, line, col, hit.element_id, hit.message))
    return found


def test_unknown_framework_on_statements_and_elements() -> None:
    found = run(unknown_framework, TEXT)
    assert [(code, line, col, owner) for code, line, col, owner, _ in found] == [
        ("TOC501", 8, 12, "v"),
        ("TOC501", 27, 9, "o"),
    ]
    assert "did you mean `home-office:practitioners/short/knowledge`?" in found[0][4]
    assert "`samhsa`" in found[1][4]
    assert "did you mean" not in found[1][4]


def test_unknown_entry_in_a_local_and_a_bundled_framework() -> None:
    found = run(unknown_framework_entry, TEXT)
    assert [(code, line, col, owner) for code, line, col, owner, _ in found] == [
        ("TOC502", 22, 9, "o"),
        ("TOC502", 23, 15, "o"),
    ]
    assert found[0][4] == (
        "tag on `o`: framework `local` has no entry `staff/confidense`; "
        "did you mean `local:staff/confidence`?"
    )
    assert "did you mean `llr:prevention/secondary`?" in found[1][4]


@pytest.mark.parametrize("rule", [unknown_framework, unknown_framework_entry])
def test_known_tags_are_quiet(rule: Rule) -> None:
    text = TEXT.replace("home-ofice", "home-office").replace("confidense", "confidence")
    text = text.replace("secundary", "secondary").replace(
        "samhsa:safety", "home-office-tip:principles/safety"
    )
    assert run(rule, text) == []


def test_the_rules_have_their_codes_and_names() -> None:
    assert (unknown_framework.code, unknown_framework.name) == ("TOC501", "unknown-framework")
    assert (unknown_framework_entry.code, unknown_framework_entry.name) == (
        "TOC502",
        "unknown-framework-entry",
    )
