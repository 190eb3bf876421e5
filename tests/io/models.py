"""Generated models with every field a format must carry, for the round-trip properties.

`tests.strategies.model_data` makes valid models, KPIs with several baselines, targets and
actuals (numbers, words, statuses, periods, dimensions) included; this adds what it leaves out:
statements of each kind, tags with a basis and a note,
framework entries with notes and typed properties (text that looks like a number included),
source pages written as text, links with feedback, citations and URLs, the model's own source,
nested groups (with descriptions and sources) and elements put in them.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import strategies as st

from tests.strategies import model_data, numbers, text, words
from toc.model import TheoryOfChange

_PROPERTY_VALUES = st.one_of(
    st.booleans(), st.integers(-5, 5), numbers, text, st.sampled_from(("12", "true", "'x", "0.5"))
)


@st.composite
def richer_data(draw: st.DrawFn) -> dict[str, Any]:
    """The data of a valid model, with the optional fields filled in at random."""
    data = draw(model_data())
    if draw(st.booleans()):
        data["statements"] = [
            *data.get("statements", ()),
            *[
                {
                    "id": f"statement-{index}",
                    "kind": kind,
                    "label": draw(text),
                    **_some(draw, {"description": text}),
                    **(
                        {"tags": [{"ref": "fw:c", "note": draw(text)}]}
                        if draw(st.booleans())
                        else {}
                    ),
                    **(
                        {"source": {"page": draw(st.sampled_from(("12", "iv", "'7")))}}
                        if draw(st.booleans())
                        else {}
                    ),
                }
                for index, kind in enumerate(
                    draw(
                        st.lists(
                            st.sampled_from(("vision", "mission", "aim", "goal", "principle")),
                            max_size=3,
                        )
                    )
                )
            ],
        ]  # fmt: skip; a statement the chain leads to stays
    framework = data["frameworks"][0]
    if draw(st.booleans()):
        framework["notes"] = draw(st.lists(text, min_size=1, max_size=2))
        framework["description"] = draw(text)
        framework["source"] = {"document": draw(text), "incomplete": True}
    entry = framework["entries"][0]
    if draw(st.booleans()):
        entry["notes"] = draw(st.lists(text, min_size=1, max_size=2))
        entry["properties"] = draw(st.dictionaries(words, _PROPERTY_VALUES, max_size=3))
        entry["entries"][0]["description"] = draw(text)
    for element in (*data["outcomes"], *data["outputs"]):
        for link in element.get("leads_to", []):
            if isinstance(link, dict) and draw(st.booleans()):
                link["feedback"] = True
                link["evidence"] = {"strength": "weak", "citation": draw(text),
                                    "url": "https://example.org/" + draw(words)}  # fmt: skip
        for tag in element.get("tags", []):
            if isinstance(tag, dict) and draw(st.booleans()):
                tag["note"] = draw(text)
    if draw(st.booleans()):
        data["description"] = draw(text)
        data["source"] = {"document": draw(text), "page": draw(st.one_of(st.integers(1, 9), text))}
    if draw(st.booleans()):
        _put_in_groups(draw, data)
    return data


def _put_in_groups(draw: st.DrawFn, data: dict[str, Any]) -> None:
    """Groups nested up to three deep, labels that may repeat, and some elements in each."""
    ids: list[str] = []

    def groups(depth: int, parent: str) -> list[dict[str, Any]]:
        made = []
        for index in range(draw(st.integers(1 if depth == 0 else 0, 2))):
            group_id = f"{parent}{index}"
            ids.append(group_id)
            group = {"id": group_id, "label": draw(st.sampled_from(("Housing", "Schools")))
                     if draw(st.booleans()) else draw(text),
                     **_some(draw, {"description": text}),
                     **({"source": {"document": draw(text)}} if draw(st.booleans()) else {})}  # fmt: skip
            inner = groups(depth + 1, f"{group_id}-") if depth < 2 else []
            if inner:
                group["groups"] = inner
            made.append(group)
        return made

    data["groups"] = groups(0, "group-")
    for field in ("inputs", "activities", "outputs", "kpis", "outcomes", "impacts"):
        for element in data.get(field, ()):
            if draw(st.booleans()):
                element["group"] = draw(st.sampled_from(ids))


def _some(draw: st.DrawFn, fields: dict[str, st.SearchStrategy[Any]]) -> dict[str, Any]:
    return {key: draw(strategy) for key, strategy in fields.items() if draw(st.booleans())}


def richer_models() -> st.SearchStrategy[TheoryOfChange]:
    """Valid models with the optional fields filled in at random."""
    return richer_data().map(TheoryOfChange.model_validate)


_NOT_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]")


def _xlsx_safe(value: Any) -> Any:
    """The data with what an XLSX cell cannot hold (control characters, CR) made `?`."""
    if isinstance(value, str):
        return _NOT_IN_XLSX.sub("?", value)
    if isinstance(value, dict):
        return {_xlsx_safe(key): _xlsx_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_xlsx_safe(item) for item in value]
    return value


def xlsx_models() -> st.SearchStrategy[TheoryOfChange]:
    """`richer_models`, without the characters an XLSX cell cannot hold (the writer refuses)."""
    return richer_data().map(_xlsx_safe).map(TheoryOfChange.model_validate)
