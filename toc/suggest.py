"""The one way every "did you mean ...?" in a message finds the closest known name.

Slips that change only case, `_` for `-` or spaces are matched exactly first, so `Funding_Pot`
finds `funding-pot` even where plain string similarity would rank another name higher; then
difflib's ratio picks the closest spelling.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches


def closest(text: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The candidate closest to `text`, or None when nothing is close."""
    options = list(candidates)
    folded = {_fold(option): option for option in reversed(options)}
    if _fold(text) in folded:
        return folded[_fold(text)]
    close = get_close_matches(text, options, n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(text: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> str:
    """`"; did you mean `x`?"` for a message, or `""` when nothing is close."""
    found = closest(text, candidates, cutoff=cutoff)
    return f"; did you mean `{found}`?" if found is not None else ""


def _fold(text: str) -> str:
    return text.strip().casefold().replace("_", "-").replace(" ", "-")
