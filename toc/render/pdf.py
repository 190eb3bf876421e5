"""Several drawn pages as one PDF: the contents page first, its links jumping within the file.

Graphviz writes one figure per PDF and cannot put several into one file, so `--split-by` to a
.pdf draws every page as it would alone and pypdf merges them. The contents page links to
`#page=N` (the PDF open-parameter form, so a link left as it was would still name its page);
each such link becomes a GoTo action to page N, and every group gets an outline entry
(a bookmark) titled with its label.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pypdf import PageObject
    from pypdf.generic import IndirectObject

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Line breaks and control characters, which a bookmark pane would show as boxes or cut at."""


def page_link(number: int) -> str:
    """The link the contents page gives to page `number` of the merged PDF (1 is the contents)."""
    return f"#page={number}"


def merge_pages(pages: Sequence[bytes], outline: Sequence[str], *, title: str) -> bytes:
    """One PDF of `pages` in order, each the bytes of a one-page PDF that Graphviz drew.

    `pages[0]` is the contents page; `outline[i]` titles the bookmark of `pages[i + 1]`. Links on
    the contents page to `page_link(n)` jump to the n-th page; other links are left as they are.
    """
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    firsts: list[IndirectObject] = []
    for data in pages:
        added = [writer.add_page(page) for page in PdfReader(io.BytesIO(data)).pages]
        reference = added[0].indirect_reference
        assert reference is not None  # a page added to a writer always has one
        firsts.append(reference)
    _link_within(writer.pages[0], {page_link(n): ref for n, ref in enumerate(firsts, start=1)})
    for number, label in enumerate(outline, start=1):
        heading = _plain(label) or f"Page {number + 1}"
        writer.add_outline_item(title=heading, page_number=firsts[number])
    writer.add_metadata({"/Title": _plain(title), "/Creator": "toc (theory-of-change)"})
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _link_within(page: PageObject, targets: dict[str, IndirectObject]) -> None:
    """Turn the page's `/URI` links to a key of `targets` into GoTo actions to that page."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    for annotation in page.get("/Annots") or ():
        link = annotation.get_object()
        action = link.get("/A")
        if action is None or action.get("/S") != "/URI":
            continue
        uri = action.get("/URI")
        key = uri.decode("latin-1") if isinstance(uri, bytes) else str(uri)
        if key in targets:
            link[NameObject("/A")] = DictionaryObject(
                {
                    NameObject("/S"): NameObject("/GoTo"),
                    NameObject("/D"): ArrayObject([targets[key], NameObject("/Fit")]),
                }
            )


def _plain(text: str) -> str:
    """`text` on one line without control characters: fit for a bookmark or the document title."""
    return " ".join(_CONTROL.sub(" ", text).split())
