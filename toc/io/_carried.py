"""Refuse to write a file that would not read back as the model it was written from.

The node-list and Kumu writers flatten the model into named columns and fields. Rather than trust
that every field has a column (the model grows: a field added later would be dropped without a
word), each writer reads what it produced back, in memory, and compares. Anything that would come
back different is a `FormatError` naming the field, so nothing is ever dropped silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from toc.load import LoadResult
    from toc.model import TheoryOfChange

__all__ = ["check_carried", "first_difference"]


def first_difference(before: Any, after: Any, path: str = "") -> tuple[str, Any, Any] | None:
    """Where two dumped models first differ: `("kpis[2].baseline.value", 3, None)`, or None."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            found = first_difference(
                before.get(key), after.get(key), f"{path}.{key}" if path else key
            )
            if found is not None:
                return found
        return None
    if isinstance(before, list | tuple) and isinstance(after, list | tuple):
        for index in range(max(len(before), len(after))):
            found = first_difference(
                before[index] if index < len(before) else None,
                after[index] if index < len(after) else None,
                f"{path}[{index}]",
            )
            if found is not None:
                return found
        return None
    return None if before == after else (path or "the model", before, after)


def check_carried(model: TheoryOfChange, read_back: LoadResult, what: str) -> None:
    """Raise `FormatError` unless `read_back` (the written file, read again) is `model`."""
    from toc.io import FormatError

    problems = [f for f in read_back.findings if f.code != "TOC022"]
    if problems:
        raise FormatError(
            f"{what} cannot hold this model exactly: reading it back would report "
            f"{problems[0].code} {problems[0].message}"
        )
    if read_back.model == model:
        return
    after = read_back.model.model_dump() if read_back.model is not None else {}
    found = first_difference(model.model_dump(), after)
    where, before, now = found if found is not None else ("the model", None, None)
    raise FormatError(
        f"{what} cannot carry `{where}` of this model (it would read back as {_short(now)}, not "
        f"{_short(before)}); write YAML, or leave that field out"
    )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
