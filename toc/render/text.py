"""Escaping and wrapping of user text for every output format, kept in one place.

Every label, description and id in a model is user text: a file written by many hands may hold a
trailing backslash, `"`, `<script>`, `%%{init}%%` or `] [URL=...]`. Each renderer passes such text
through exactly one of the functions here, so that a reviewer can check escaping in one module,
and a safety test can exercise every rule.

Graphviz expands `&...;` entity references in every quoted string it writes out (tooltips, URLs,
node names), so a user's `&#1;` or `&#xD800;` would come out as a character that XML forbids or a
lone surrogate; every `&` reaching DOT is therefore written `&amp;`. Graphviz also refuses any
string over 16,384 bytes, so what a figure draws is capped here, in characters, well below that.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Sequence

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
"""Characters no output can show; U+FFFE, U+FFFF and lone surrogates are not even legal XML."""
_SPACE = re.compile(r"\s+")
_SAFE_URL = re.compile(r"(?:https?://|mailto:)[^\s\"'<>\\`{}|^]+", re.IGNORECASE)
"""Matched whole (`fullmatch`): `$` would also let a URL through with a line break at its end."""

LABEL_LINES = 12
"""Lines of a label drawn in a node; the longest in Bradford takes 11 at the default width, 24."""
LABEL_CHARS = 600
"""Characters of a label drawn in a figure, whatever the wrap width; the tooltip holds more."""
HEADING_WIDTH = 90
"""Characters per line of a figure's title and of the label of a band (`group_by`)."""
CODES_SHOWN = 12
"""Finding codes named on a node; more are counted ("+3 more") and listed in its tooltip."""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~$])")
_MERMAID_PLAIN = frozenset(" ,.-_:/?!'()")
_MERMAID_KEYWORDS = re.compile(
    r"\b(end|click|call|href|style|classDef|class|linkStyle|subgraph|direction|graph|flowchart)\b",
    re.IGNORECASE,
)


def clean(text: str) -> str:
    """Collapse whitespace and drop control characters, which no output can show."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # most labels: printable text has no control character and no other space
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


def label_lines(text: str, width: int) -> list[str]:
    """The lines of a label as a figure draws it: `wrap`ped, and cut short when too long.

    At most `LABEL_LINES` lines and `LABEL_CHARS` characters, the last line ending in "…" when the
    label was cut; a word longer than `width` is broken. The cut keeps a node a node: a label of
    20,000 characters would otherwise make Graphviz refuse the whole diagram.
    """
    cleaned = clean(text)
    cut = len(cleaned) > LABEL_CHARS
    lines = wrap(cleaned[:LABEL_CHARS], width)
    if len(lines) > LABEL_LINES:
        lines, cut = lines[:LABEL_LINES], True
    if cut:
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def codes_shown(codes: Sequence[str]) -> list[str]:
    """The finding codes to name on a node: at most `CODES_SHOWN`, then how many more there are."""
    if len(codes) <= CODES_SHOWN:
        return list(codes)
    return [*codes[: CODES_SHOWN - 1], f"+{len(codes) - CODES_SHOWN + 1} more"]


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
    after it is read as DOT. `&` is written `&amp;`: Graphviz reads entity references in quoted
    strings, and `&#1;` would reach the SVG as a character XML forbids. Control characters are
    dropped: a newline inside a quoted string is legal DOT, but our line breaks come from `wrap`.
    """
    body = _CONTROL.sub(" ", text).replace("&", "&amp;")
    body = body.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"'


def dot_url(url: str, *, pdf: bool = False) -> str:
    """A quoted DOT string for a link that passed `safe_url`, written so that the link still works.

    Graphviz 2.43 copies a URL into its output byte for byte. In SVG, XML then reads `&amp;` as
    `&` (newer Graphviz versions leave an entity as it is, with the same result), so `?a=1&b=2`,
    and even `&#1;`, link to exactly what the user wrote. A PDF reader takes the bytes literally,
    so for PDF `&` stays as it is; PDF's link string is closed by an unmatched bracket, which the
    cairo writer does not escape, so unbalanced brackets are percent-encoded, as a URL may have.
    """
    if not pdf:
        return dot_string(url)
    body = _CONTROL.sub("", url)
    if not _balanced(body):
        body = body.replace("(", "%28").replace(")", "%29")
    return '"' + body.replace("\\", "%5C").replace('"', "%22") + '"'


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


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


def dot_label_text(text: str) -> str:
    r"""Text for a Graphviz HTML-like label: entities as `html_text`, and `\` doubled.

    Graphviz reads a pair of backslashes in an HTML-like label as one, after decoding entities,
    so neither `\\` nor `&#92;&#92;` survives; doubled, every backslash is drawn as written.
    """
    return html_text(text).replace("\\", "\\\\")


def html_lines(lines: list[str]) -> str:
    """Several lines of text for an HTML-like label, each escaped, joined by `<BR/>`."""
    return '<BR ALIGN="CENTER"/>'.join(dot_label_text(line) for line in lines)


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
    if url is None or not _SAFE_URL.fullmatch(url) or _CONTROL.search(url):
        return None
    return url


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (`=cmd|...` would run)."""


def spreadsheet_safe(text: str) -> str:
    """A leading `'` on formula-like text, so a spreadsheet shows it rather than running it."""
    return "'" + text if text.startswith(FORMULA_START) else text
