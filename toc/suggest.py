"""The one way every "did you mean ...?" in a message finds the closest known name.

Slips that change only case, `_` for `-` or spaces are matched exactly first, so `Funding_Pot`
finds `funding-pot` even where plain string similarity would rank another name higher; then
difflib's ratio picks the closest spelling, as `difflib.get_close_matches` would.

A file can hold thousands of unknown names, and comparing each with every known name is
quadratic: 4,000 dangling references among 4,000 ids took more than ten minutes. So the rules
build one `Suggester` per run (`closest` and `did_you_mean` are for a single lookup, and compare
with every name), which bounds the work twice. Each search reads a bounded number of entries of
an index built once, and compares a bounded number of names in full: in a small set every name,
in a large one the names sharing the most character trigrams with the text, rarest trigram
first, which finds the same name as a full comparison for the slips people make (see
`tests/test_suggest.py`). And it makes at most `limit` searches, 20 plus one for every ten names
by default, so that in a flood of unknown names the suggestions cost a fixed share of reading the
file; past the limit a message says that suggestions stopped. Either way, a whole file's
suggestions cost time linear in its size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher
from operator import itemgetter

SMALL = 32
"""Up to this many names, every one is compared in full: as cheap as reading an index."""
SHORTLIST = 16
"""In a larger set, how many names (those sharing the most trigrams) are compared in full."""
POSTINGS = 2000
"""How many index entries one search may read; trigrams shared by more names are skipped."""


def search_limit(names: int) -> int:
    """How many searches a `Suggester` over `names` names makes: 20, plus one per ten names."""
    return 20 + names // 10


class Suggester:
    """Closest-name lookups in one fixed set of names, at a cost linear in names and lookups.

    Build one per set of names and ask it for every unknown name (a rule's whole run): the index
    is built on the first search that needs it, so a file without unknown names pays nearly
    nothing. Exact matches up to case and separators are always found; the first `limit` others
    are searched for, the rest get `note` instead of a suggestion. A text asked about again gets
    the answer found before without a new search, so passes that ask after a rule (the knock-on
    pass in `toc.rules.causes`) share its searches and its answers.
    """

    __slots__ = ("_answers", "_folded", "_index", "_names", "_searches", "limit", "noun")

    def __init__(
        self, candidates: Iterable[str], *, noun: str = "names", limit: int | None = None
    ) -> None:
        self._names = list(dict.fromkeys(candidates))
        self._folded: dict[str, str] | None = None
        self._index: _TrigramIndex | None = None
        self._searches = 0
        self._answers: dict[tuple[str, float], str | None] = {}
        self.noun = noun
        """What the names are, for `note`: `ids`, `tags`."""
        self.limit = search_limit(len(self._names)) if limit is None else limit
        """How many searches beyond exact matches are made, at most."""

    @property
    def spent(self) -> bool:
        """True once `limit` searches are made: from then on only exact matches are found."""
        return self._searches >= self.limit

    @property
    def note(self) -> str:
        """What a message says in place of a suggestion once the searches are spent."""
        return f"; suggestions stop after the first {self.limit:,} unknown {self.noun}"

    def closest(self, text: str, *, cutoff: float = 0.6) -> str | None:
        """The name closest to `text`, or None when nothing is close (difflib ratio < cutoff).

        Also None, without searching, when the searches are `spent` and no name is `text` up to
        case and separators.
        """
        if (text, cutoff) in self._answers:
            return self._answers[text, cutoff]
        if self._folded is None:
            self._folded = {}
            for name in self._names:
                self._folded.setdefault(_fold(name), name)
        exact = self._folded.get(_fold(text))
        if exact is not None or self.spent:
            return exact
        self._searches += 1
        found = self._answers[text, cutoff] = _best(text, self._shortlist(text), cutoff)
        return found

    def did_you_mean(self, text: str, *, cutoff: float = 0.6) -> str:
        """`"; did you mean `x`?"` for a message, `""` when nothing is close, else `note`."""
        spent = self.spent and (text, cutoff) not in self._answers
        found = self.closest(text, cutoff=cutoff)
        return self.note if found is None and spent else _hint(found)

    def _shortlist(self, text: str) -> list[str]:
        if len(self._names) <= SMALL:
            return self._names
        if self._index is None:
            self._index = _TrigramIndex(self._names)
        return [self._names[i] for i in self._index.shortlist(_fold(text))]


def closest(text: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The candidate closest to `text`, or None when nothing is close.

    For one lookup, which compares `text` with every candidate, as `get_close_matches` does: an
    index would cost as much to build. To look up many names among the same candidates, build
    one `Suggester`.
    """
    names = list(dict.fromkeys(candidates))
    folded = _fold(text)
    exact = next((name for name in names if _fold(name) == folded), None)
    return exact if exact is not None else _best(text, names, cutoff)


def did_you_mean(text: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> str:
    """`"; did you mean `x`?"` for a message, or `""` when nothing is close."""
    return _hint(closest(text, candidates, cutoff=cutoff))


class _TrigramIndex:
    """For each character trigram of the folded names, the names (by position) that contain it."""

    __slots__ = ("_postings", "_sizes")

    def __init__(self, names: list[str]) -> None:
        self._postings: dict[str, list[int]] = {}
        self._sizes: list[int] = []
        for position, name in enumerate(names):
            grams = _trigrams(_fold(name))
            self._sizes.append(len(grams))
            for gram in grams:
                self._postings.setdefault(gram, []).append(position)

    def shortlist(self, folded: str) -> list[int]:
        """The names most alike in trigrams (Dice coefficient), reading at most POSTINGS entries.

        Rare trigrams are read first because they say the most; one shared by more names than
        the budget has left is skipped, so a lookup never walks the whole set.
        """
        grams = _trigrams(folded)
        lists = sorted((p for gram in grams if (p := self._postings.get(gram))), key=len)
        shared: Counter[int] = Counter()
        budget = POSTINGS
        for postings in lists:
            if len(postings) > budget:
                break
            budget -= len(postings)
            shared.update(postings)
        # The names sharing the most trigrams, then the closest in length among those: the
        # Dice coefficient 2·shared / (|a| + |b|) prefers a name of about the text's length.
        most = sorted(shared.items(), key=itemgetter(1), reverse=True)[: 4 * SHORTLIST]
        size, sizes = len(grams), self._sizes
        most.sort(key=lambda item: -2 * item[1] / (size + sizes[item[0]]))
        return [position for position, _ in most[:SHORTLIST]]


def _best(text: str, names: list[str], cutoff: float) -> str | None:
    """What `get_close_matches(text, names, n=1, cutoff)` returns, with fewer full comparisons.

    The same winner: the highest ratio, the larger string on a tie. `quick_ratio` bounds `ratio`
    from above and costs far less, so names are compared in full best bound first, stopping when
    no bound left can beat the best ratio found.
    """
    matcher = SequenceMatcher()
    matcher.set_seq2(text)
    bounded: list[tuple[float, str]] = []
    for name in names:
        matcher.set_seq1(name)
        if matcher.real_quick_ratio() >= cutoff and (bound := matcher.quick_ratio()) >= cutoff:
            bounded.append((bound, name))
    bounded.sort(reverse=True)
    best: tuple[float, str] | None = None
    for bound, name in bounded:
        if best is not None and bound < best[0]:
            break
        matcher.set_seq1(name)
        found = (matcher.ratio(), name)
        if found[0] >= cutoff and (best is None or found > best):
            best = found
    return best[1] if best is not None else None


def _hint(found: str | None) -> str:
    return f"; did you mean `{found}`?" if found is not None else ""


def _trigrams(folded: str) -> set[str]:
    """Trigrams of the name padded at both ends, so that first and last letters count too."""
    padded = f"\0\0{folded}\0"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _fold(text: str) -> str:
    return text.strip().casefold().replace("_", "-").replace(" ", "-")
