"""Evidence rules (4xx): what the modeller inferred is backed by what research says."""

from __future__ import annotations

from collections.abc import Iterator

from toc.findings import Severity
from toc.rules.context import RuleContext
from toc.rules.registry import Hit, rule


@rule("TOC401", "inferred-link-without-evidence", Severity.INFO)
def inferred_link_without_evidence(ctx: RuleContext) -> Iterator[Hit]:
    """A link marked `basis: inferred` that states no evidence.

    An inferred link is the modeller's judgement, not the source's. The Home Office guidance asks
    for the strength of evidence behind each link; where there is none, the gap becomes an
    evaluation question.

    Fails:
    ```yaml
    toc: 1
    id: inferred
    title: An inferred link with no evidence
    outputs:
      - id: trained
        label: Trained workforce
        leads_to:
          - to: resilience
            basis: inferred
    outcomes:
      - id: resilience
        label: Resilience in the workforce
        term: short
    ```

    Passes:
    ```yaml
    toc: 1
    id: inferred
    title: An inferred link with its evidence
    outputs:
      - id: trained
        label: Trained workforce
        leads_to:
          - to: resilience
            basis: inferred
            evidence: {strength: moderate, citation: "EIF 2022"}
    outcomes:
      - id: resilience
        label: Resilience in the workforce
        term: short
    ```
    """
    for place, element in ctx.model.chain_elements():
        for relation, index, link in element.links():
            if link.basis == "inferred" and link.evidence is None:
                yield Hit(
                    (*place, relation, index),
                    f"inferred link `{element.id}` {relation} `{link.to}` states no evidence; add "
                    "`evidence: {strength: ..., citation: ...}` (strength may be `none`)",
                    element.id,
                )
