"""Pieces of finding messages that quote what a user wrote, kept to a bounded length.

A message is read on one line of a terminal or a CI log. A cycle through 10,000 elements made one
539 KB line, and a 100,000-character key was quoted whole, so every message that lists ids or
quotes a value goes through here: the first items and how many more, the start of a value and its
length. Ids stay whole (the schema caps them at 100 characters); a list or a free value does not.

This sits with the values (`findings`, `yamlsafe`) at the bottom of the layers, so the YAML reader,
the loader and the rules all use the same words.
"""

from __future__ import annotations

from collections.abc import Sequence

QUOTED_CHARS = 80
"""Characters of a value quoted in a message; the rest is counted."""
LISTED_ITEMS = 10
"""Items named in a list in a message; the rest are counted."""
CYCLE_HEAD, CYCLE_TAIL = 5, 3
"""Elements of a long cycle named before and after the count of those left out."""


def shown(text: str, limit: int = QUOTED_CHARS) -> str:
    """`text`, cut to `limit` characters with an ellipsis: for advice such as `write "…"`."""
    return text if len(text) <= limit else text[:limit] + "…"


def quoted(text: str, limit: int = QUOTED_CHARS, *, mark: str = "`") -> str:
    """`text` in backticks (or `mark`); past `limit` characters, its start and how long it is."""
    if len(text) <= limit:
        return f"{mark}{text}{mark}"
    return f"{mark}{text[:limit]}…{mark} ({len(text):,} characters)"


def listed(
    items: Sequence[str],
    limit: int = LISTED_ITEMS,
    *,
    quote: bool = True,
    sep: str = ", ",
    what: str = "",
    total: int | None = None,
) -> str:
    """`a`, `b`, `c`; past `limit` items, the first ones and "… and 99,950 more [what]".

    `total` is how many there are when `items` holds only the first ones (counted, not listed).
    """
    named = [f"`{item}`" if quote else item for item in items[:limit]]
    rest = (len(items) if total is None else total) - len(named)
    if rest <= 0:
        return sep.join(named)
    return f"{sep.join(named)}{sep}… and {rest:,} more" + (f" {what}" if what else "")


def cycle(ids: Sequence[str], head: int = CYCLE_HEAD, tail: int = CYCLE_TAIL) -> str:
    """`a → b → c → a`; a long cycle shows its first and last steps and how many lie between."""
    if not ids:
        return ""
    if len(ids) <= head + tail + 1:
        return " → ".join([*ids, ids[0]])
    between = len(ids) - head - tail
    return " → ".join([*ids[:head], f"… {between:,} more …", *ids[-tail:], ids[0]])
