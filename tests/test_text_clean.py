"""`clean`, which every label read from a table or drawn passes through: its fast path for
ordinary text must give exactly what the general rule gives, for any text at all."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from toc.render.text import _CONTROL, _SPACE, clean


def _general(text: str) -> str:
    return _SPACE.sub(" ", _CONTROL.sub(" ", text)).strip()


_AWKWARD = st.sampled_from(
    [" ", "  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u2002", "\u2028",
     "\u2029", "\u3000", "\x00", "\x7f", "\x9f", "\ud800", "\ufffe", "\uffff", "\u200b", "\xad",
     "\u202e", "é", "•", "a", "Z", "1", ":"]
)  # fmt: skip


@given(st.one_of(st.text(), st.lists(_AWKWARD).map("".join)))
@example("Outcome 1: families feel heard")
@example(" leading")
@example("trailing ")
@example("two  spaces")
@example("no\u00a0break")
def test_clean_gives_what_the_general_rule_gives(text: str) -> None:
    assert clean(text) == _general(text)


def test_ordinary_text_comes_back_as_the_same_object() -> None:
    text = "Practitioners trained and confident to ask about ATR"
    assert clean(text) is text
