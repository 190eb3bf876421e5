"""Codes reported while importing a file of another format: a spreadsheet, node list, IATI XML.

They are reading codes (0xx) like the YAML ones: they point at the cell, field or line of the
imported file, and whatever they do not stop is still imported and validated. Values are never
dropped silently: a column or value that is not imported is a finding at its place.
"""

from __future__ import annotations

from toc.findings import Severity
from toc.rules.registry import Rule, declared

UNKNOWN_COLUMN = declared(
    "TOC013",
    "unknown-column",
    Severity.ERROR,
    """
    A column whose header names nothing the format knows; its values are not imported.

    Headers are matched leniently (case, spacing, punctuation and common synonyms such as
    "Indicators" for KPIs), so this is a header no reader could place. Rename the header to one
    the format lists, or delete the column if its contents do not belong in the model.
    """,
)

UNREADABLE_VALUE = declared(
    "TOC014",
    "unreadable-value",
    Severity.ERROR,
    """
    A value that cannot be read as what its column or field holds; it is not imported.

    For example an error cell (`#REF!`), a formula with no saved result, a date where a number
    belongs, or text where a number belongs. The message says what was found and what is
    expected; fix the cell and import again.
    """,
)

REFUSED_FILE = declared(
    "TOC015",
    "refused-file",
    Severity.ERROR,
    """
    The file is refused as unsafe or malformed: a compressed file that expands past the size
    limit (a zip bomb), XML with entity declarations or external references, or a file that is
    not the format its name says.

    Nothing in it is read; re-export the file from the tool that made it.
    """,
    unreadable=True,
)

UNKNOWN_LEVEL = declared(
    "TOC016",
    "unknown-level",
    Severity.ERROR,
    """
    A level or kind name that maps to no kind of element; the element is not imported.

    Node lists name each element's level in their own words ("Intermediate outcome 1",
    "Long-term outcome"). The documented table maps the common ones; map others with
    `--levels "Name=outcome:medium"` (`toc convert`, `validate` and `render` take it).
    """,
)

MISSING_COLUMN = declared(
    "TOC017",
    "missing-column",
    Severity.ERROR,
    """
    A column the format needs is missing, such as `id` or `label` in a node list.

    The message names the columns found and the ones needed.
    """,
)

GUESSED_COLUMN = declared(
    "TOC018",
    "guessed-column",
    Severity.WARNING,
    """
    A column heading whose meaning was guessed: a near miss such as "Activites" read as
    Activities, or a plain "Outcomes" read as short-term outcomes.

    The values are imported as the message says; check that is what the column means, and
    correct the heading ("Short-term outcomes", "Medium-term outcomes", "Long-term outcomes")
    so the next import need not guess.
    """,
)

UNRESOLVED_NAME = declared(
    "TOC020",
    "unresolved-name",
    Severity.ERROR,
    """
    A link's `from` or `to` (or an assumption, or a row of a KPI, actual or tag sheet) names no
    element of the file, or a label several elements share; that link or row is not imported.
    Likewise an element's group, or a group's `parent`, that names none of the groups the file
    declares (or a label several share): the element is put in no group, the group at the top.

    Node lists and Kumu maps name elements by id or by label. An id is matched exactly, then a
    label exactly, then a label in any case and spacing. The message suggests the nearest name,
    which is usually a typo in the label; where two elements share a label, name one by its id.
    A name of an element that was itself not imported (its level is unknown) is reported too.
    A link whose relation is given and whose far end is a valid id that names nothing is kept
    instead, as in YAML, and TOC111 (unknown-reference) reports it.
    """,
)

UNKNOWN_RELATION = declared(
    "TOC021",
    "unknown-relation",
    Severity.ERROR,
    """
    A link's relation (a node list's `relation` column, a Kumu connection `type`) that is none of
    the relations a theory of change has; the link is not imported.

    The words understood are listed in the message: `uses` / `used by`, `produces`, `leads to`
    (also `contributes to`, `results in`, `causes`), `measured by` / `measures`, `applies to`.
    Leave the relation blank to have it read from the kinds at the link's two ends.
    """,
)

WHICH_ACTIVITY = declared(
    "TOC023",
    "which-activity",
    Severity.ERROR,
    """
    An IATI file holds several activities, and a model is one activity; or the activity asked
    for is not in the file.

    The first activity is read (or none, when the one asked for is missing) and each other
    activity is named at its line. Choose one with `--activity IDENTIFIER` (in Python,
    `ReadOptions(activity="IDENTIFIER")`); the identifier is the text of `iati-identifier`.
    """,
)

NOT_IMPORTED = declared(
    "TOC022",
    "not-imported",
    Severity.WARNING,
    """
    A part of an imported file that a theory of change has no place for; it is left out, and
    this finding names it at its place.

    For example a Kumu map's loops, views and positions, a sheet of a workbook that no reader
    knows (name it `... (ignore)` to leave it out knowingly), or an IATI `document-link`,
    `location` or a `reference` that is not a tag. Nothing is dropped without saying so, but it
    is not in the model, so converting the model back does not bring it back: keep the
    information elsewhere (a description or comment) if it matters to the theory of change.
    """,
)

MISSING_ELEMENT = declared(
    "TOC025",
    "missing-element",
    Severity.ERROR,
    """
    An element or attribute the IATI standard requires is missing: a result without `title` or
    `type`, an indicator without `title` or `measure`, a period without its start or end date.

    The message says what the part that needs it became: a result or indicator without a title
    is not imported; an indicator without a measure is imported without one; the values of a
    period without dates are imported without them.
    """,
)

UNKNOWN_KPI = declared(
    "TOC026",
    "unknown-kpi",
    Severity.ERROR,
    """
    A row of an actuals file (`toc progress --actuals`) for a KPI the model does not have; the
    row is not used.

    The `kpi` column holds a KPI's id, or its label exactly. The message suggests the closest
    id; correct the cell, or add the KPI to the model.
    """,
)

IMPORT_CODES: tuple[Rule, ...] = (
    UNKNOWN_COLUMN,
    UNREADABLE_VALUE,
    REFUSED_FILE,
    UNKNOWN_LEVEL,
    MISSING_COLUMN,
    GUESSED_COLUMN,
    UNRESOLVED_NAME,
    UNKNOWN_RELATION,
    NOT_IMPORTED,
    WHICH_ACTIVITY,
    MISSING_ELEMENT,
    UNKNOWN_KPI,
)
"""Codes TOC013-TOC029 are for importing; each new one is added here."""
