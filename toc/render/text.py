"""Escaping and wrapping of user text for every output format, kept in one place.

Every label, description and id in a model is user text: a file written by many hands may hold a
trailing backslash, `"`, `<script>`, `%%{init}%%` or `] [URL=...]`. Each renderer passes such text
through exactly one of the functions here, so that a reviewer can check escaping in one module,
and a safety test can exercise every rule.
"""

from __future__ import annotations

import html
import re
import textwrap

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
"""Characters no output can show; U+FFFE, U+FFFF and lone surrogates are not even legal XML."""
_SPACE = re.compile(r"\s+")
_SAFE_URL = re.compile(r"^(?:https?://|mailto:)[^\s\"'<>\\`{}|^]+$", re.IGNORECASE)

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~$])")
_MERMAID_PLAIN = frozenset(" ,.-_:/?!'()")
_MERMAID_KEYWORDS = re.compile(
    r"\b(end|click|call|href|style|classDef|class|linkStyle|subgraph|direction|graph|flowchart)\b",
    re.IGNORECASE,
)


def clean(text: str) -> str:
    """Collapse whitespace and drop control characters, which no output can show."""
    return _SPACE.sub(" ", _CONTROL.sub(" ", text)).strip()


def wrap(text: str, width: int) -> list[str]:
    """Break text into lines of about `width` characters, never splitting a word shorter than that.

    Diagrams and table cells are read on paper: a label of eighty characters on one line makes a
    node wider than a column of the printed page.
    """
    cleaned = clean(text)
    if not cleaned:
        return [""]
    return textwrap.wrap(cleaned, width=width, break_on_hyphens=False) or [""]


def shorten(text: str, width: int) -> str:
    """One line of at most `width` characters, ending in an ellipsis when cut."""
    cleaned = clean(text)
    if len(cleaned) <= width:
        return cleaned
    return cleaned[: width - 1].rstrip() + "…"


def dot_string(text: str) -> str:
    r"""A quoted DOT string (an ID or an escString attribute) that shows `text` literally.

    Backslashes are doubled (as `graphviz.escape` does), so `\N`, `\l` or a trailing backslash
    cannot become an escape sequence or swallow the closing quote, and `"` is escaped, so nothing
    after it is read as DOT. Control characters are dropped: a newline inside a quoted string is
    legal DOT, but the line breaks we want come from `wrap`.
    """
    body = _CONTROL.sub(" ", text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"'


def dot_tooltip(text: str) -> str:
    r"""A quoted DOT string for a tooltip, with each backslash shown as a look-alike (U+29F5).

    Graphviz (2.43 at least) expands escape sequences in tooltips twice, so even a doubled
    backslash before `N` comes out as the node's name. No amount of doubling is right for every
    version; a tooltip is read, not copied, so U+29F5 (reverse solidus operator) stands in.
    """
    return dot_string(text.replace("\\", "\u29f5"))


def html_text(text: str) -> str:
    """Text for HTML, XML, and Graphviz HTML-like labels: `& < > " '` become entities."""
    return html.escape(_CONTROL.sub(" ", text), quote=True)


def html_lines(lines: list[str]) -> str:
    """Several lines of text for an HTML-like label, each escaped, joined by `<BR/>`."""
    return '<BR ALIGN="CENTER"/>'.join(html_text(line) for line in lines)


def mermaid_text(text: str) -> str:
    """Text for a quoted Mermaid label: all but letters, digits and plain punctuation as entities.

    Mermaid finds `%%{init}%%` directives anywhere in a document and reads `"`, `]`, `#`, `;`, `<`
    and `|` as syntax, so those never appear literally (`#35;` is Mermaid's entity form). Keywords
    (`end`, `click`, `style`, ...) get their first letter encoded too, so no word of user text can
    close a subgraph or attach a handler, whatever a future Mermaid parser does with quoted text.
    """
    cleaned = clean(text)
    out: list[str] = []
    keyword_starts = {m.start() for m in _MERMAID_KEYWORDS.finditer(cleaned)}
    for index, char in enumerate(cleaned):
        plain = (char.isalnum() and char.isprintable()) or char in _MERMAID_PLAIN
        if plain and index not in keyword_starts:
            out.append(char)
        else:
            out.append(f"#{ord(char)};")
    return "".join(out)


def markdown_cell(text: str) -> str:
    """Text for a GitHub-flavoured Markdown table cell, shown literally.

    Every character that has a meaning inline is backslash-escaped (CommonMark allows this for all
    ASCII punctuation): `|` cannot split the cell, `<` cannot open HTML, `[`, `*`, `_`, `` ` ``, `~`
    and `$` cannot link, format or start GitHub's maths. Block syntax (`#`, `-`, `1.`) means nothing
    inside a cell, so it is left readable.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", clean(text))


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s) or mailto with no quote, space or bracket in it, else None.

    The model already refuses other links; renderers check again because a model can be built in
    code without validation, and a `javascript:` link in an SVG or HTML page runs when clicked.
    """
    if url is None or not _SAFE_URL.match(url):
        return None
    return url
