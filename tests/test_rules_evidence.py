"""TOC401: inferred links say what evidence backs them."""

from __future__ import annotations

from .helpers import check

TEXT = """\
toc: 1
id: m
title: T
outputs:
  - id: o
    label: O
    leads_to:
      - {to: a, basis: inferred}
      - {to: b, basis: inferred, evidence: {strength: none}}
      - {to: c, basis: stated}
      - c2
outcomes:
  - {id: a, label: A, term: short}
  - {id: b, label: B, term: short}
  - {id: c, label: C, term: short}
  - {id: c2, label: C2, term: short}
"""


def test_only_inferred_links_without_evidence_are_reported() -> None:
    [finding] = check(TEXT, [("TOC401", 8, 9)])
    assert finding.severity == "info"
