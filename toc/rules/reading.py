"""Codes raised while reading a file: YAML problems (0xx) and schema problems (10x).

These are found by `toc.load`, not by a check over the model. They are documented like every
other rule, but not configured: they always show, at their own severity (`toc.config`).
"""

from __future__ import annotations

from toc.findings import Severity
from toc.rules.registry import Rule, declared

YAML_SYNTAX = declared(
    "TOC001",
    "yaml-syntax",
    Severity.ERROR,
    """
    The file is not valid YAML: an unclosed bracket or quote, a tab used for indentation, `a: b: c`.

    Nothing else can be checked until the file parses, so this is reported alone and the command
    exits with status 2.

    Fails:
    ```yaml
    toc: 1
    id: broken
    title: [Unclosed
    ```

    Passes:
    ```yaml
    toc: 1
    id: fixed
    title: "[Closed]"
    ```
    """,
    unreadable=True,
)

FILE_TOO_LARGE = declared(
    "TOC002",
    "file-too-large",
    Severity.ERROR,
    r"""
    The file is larger than the size limit (50 MiB unless configured).

    A theory of change is a few hundred elements; a file this size is almost certainly not one,
    and reading it would tie up a CI runner. Split it, or raise the limit (`max_bytes`) knowingly.

    A file is needed to show it (the limit applies to bytes on disk), so the examples are Python;
    here the limit is lowered to 1 MiB rather than writing 50.

    Fails:
    ```python
    from pathlib import Path

    Path("big.yaml").write_text("toc: 1\nid: big\ntitle: Big\n" + "# padding\n" * 120_000)
    findings = toc.read("big.yaml", max_bytes=1_048_576).findings  # 1.2 MB against 1 MiB
    ```

    Passes:
    ```python
    from pathlib import Path

    Path("big.yaml").write_text("toc: 1\nid: big\ntitle: Big\n" + "# padding\n" * 120_000)
    findings = toc.read("big.yaml").findings  # the default limit, 50 MiB
    ```
    """,
    unreadable=True,
)

BAD_ENCODING = declared(
    "TOC003",
    "bad-encoding",
    Severity.ERROR,
    r"""
    The file is not UTF-8 text, or contains control characters (such as NUL) YAML forbids.

    Usually the file was saved from Excel or Word in a legacy encoding, or as UTF-16 (Excel's
    "Unicode Text"), which the message names, with or without a byte order mark. Save it as UTF-8.

    The bytes of a file are the point here, so the examples are Python.

    Fails:
    ```python
    from pathlib import Path

    Path("cafe.yaml").write_bytes("toc: 1\nid: cafe\ntitle: Café\n".encode("latin-1"))
    findings = toc.read("cafe.yaml").findings
    ```

    Passes:
    ```python
    from pathlib import Path

    Path("cafe.yaml").write_bytes("toc: 1\nid: cafe\ntitle: Café\n".encode("utf-8"))
    findings = toc.read("cafe.yaml").findings
    ```
    """,
    unreadable=True,
)

DUPLICATE_KEY = declared(
    "TOC004",
    "duplicate-key",
    Severity.ERROR,
    """
    The same key is written twice in one mapping; both places are named.

    YAML tools silently keep one of the two values (which one varies), so part of what was written
    would be lost without a word. `key` and `"key"` are the same key.

    Fails:
    ```yaml
    toc: 1
    id: twice
    title: First title
    title: Second title
    ```

    Passes:
    ```yaml
    toc: 1
    id: once
    title: One title
    ```
    """,
)

YAML_TAG = declared(
    "TOC005",
    "yaml-tag",
    Severity.ERROR,
    """
    A YAML tag such as `!!python/object`, `!include` or `!!binary`.

    Tags ask a YAML reader to build objects or fetch files. A theory of change is plain data, and
    nothing in a file is ever constructed or run, so tags are refused rather than ignored.

    Fails:
    ```yaml
    toc: 1
    id: tagged
    title: !!python/object:os.system echo
    ```

    Passes:
    ```yaml
    toc: 1
    id: plain
    title: echo
    ```
    """,
)

ANCHOR_OR_ALIAS = declared(
    "TOC006",
    "anchor-or-alias",
    Severity.ERROR,
    """
    An anchor (`&name`), alias (`*name`) or merge key (`<<`).

    Aliases make one place in the file stand for another, which hides what an element really says
    from a reviewer reading the diff, and nested aliases can expand exponentially
    ("billion laughs"). Write each value out where it is used.

    Fails:
    ```yaml
    toc: 1
    id: &name aliased
    title: *name
    ```

    Passes:
    ```yaml
    toc: 1
    id: written-out
    title: written-out
    ```
    """,
)

TOO_DEEP = declared(
    "TOC007",
    "nesting-too-deep",
    Severity.ERROR,
    r"""
    Lists or mappings nested more than 64 levels deep.

    No theory of change needs this; such a file is a mistake or an attack, and is refused before it
    can exhaust memory or the stack. The top-level mapping is the first level.

    Fails:
    ```python
    from pathlib import Path

    Path("deep.yaml").write_text("toc: 1\nid: deep\ntitle: " + "[" * 64 + "]" * 64 + "\n")
    findings = toc.read("deep.yaml").findings
    ```

    Passes:
    ```python
    from pathlib import Path

    Path("deep.yaml").write_text("toc: 1\nid: deep\ntitle: " + "[" * 3 + "]" * 3 + "\n")
    findings = toc.read("deep.yaml").findings  # other findings (a title is text), not TOC007
    ```
    """,
)

AMBIGUOUS_SCALAR = declared(
    "TOC008",
    "ambiguous-scalar",
    Severity.ERROR,
    """
    An unquoted value that YAML 1.1 and YAML 1.2 read differently: `no`, `on`, `yes`, `0123`,
    `12:30`, `1e3`, `1_000`.

    Excel exports and older tools read `NO` as false, `0123` as the octal number 83 and `12:30`
    as 750. This library reads YAML 1.2 and keeps the text as written, but the file would mean
    something else to another tool, so it is flagged. The advice follows the field's type: text
    is quoted (`"NO"`), a boolean is written `true` or `false` (`ascending: yes` → `true`), a
    number plainly (`value: 012` → `12`).

    Fails:
    ```yaml
    toc: 1
    id: norway
    title: NO
    ```

    Passes:
    ```yaml
    toc: 1
    id: norway
    title: "NO"
    ```
    """,
)

NOT_A_MAPPING = declared(
    "TOC009",
    "not-a-mapping",
    Severity.ERROR,
    """
    The file's top level is a list or a single value, not a mapping of keys.

    A theory of change file starts with `toc: 1`, `id:` and `title:` at the left margin.

    Fails:
    ```yaml
    - toc: 1
    - id: listed
    ```

    Passes:
    ```yaml
    toc: 1
    id: mapped
    title: A mapping at the top
    ```
    """,
)

MULTIPLE_DOCUMENTS = declared(
    "TOC010",
    "multiple-documents",
    Severity.ERROR,
    """
    More than one YAML document (separated by `---`) in one file.

    One file holds one theory of change, so that a finding's file and line always point at one
    model.

    Fails:
    ```yaml
    toc: 1
    id: first
    title: First
    ---
    toc: 1
    id: second
    title: Second
    ```

    Passes:
    ```yaml
    toc: 1
    id: first
    title: First
    ```
    """,
)

EMPTY_FILE = declared(
    "TOC011",
    "empty-file",
    Severity.ERROR,
    """
    The file is empty or holds only comments.

    Fails:
    ```yaml
    # nothing here yet
    ```

    Passes:
    ```yaml
    toc: 1
    id: started
    title: A start
    ```
    """,
)

UNREADABLE_FILE = declared(
    "TOC012",
    "unreadable-file",
    Severity.ERROR,
    """
    The file does not exist, is not a regular file (a directory, a named pipe, a device), or
    cannot be read (permissions).

    A bare name such as `bradford` is the bundled model of that name only when nothing called
    `bradford` is in the working directory; a folder or pipe of that name is refused, never
    silently swapped for the bundled model. `bundled:bradford` always means the bundled model.

    Fails:
    ```python
    from pathlib import Path

    Path("bradford").mkdir()  # a folder that shadows the bundled model's name
    findings = toc.read("bradford").findings
    ```

    Passes:
    ```python
    from pathlib import Path

    Path("bradford").mkdir()
    findings = toc.read("bundled:bradford").findings  # the bundled model, whatever is here
    ```
    """,
    unreadable=True,
)

UNKNOWN_KEY = declared(
    "TOC101",
    "unknown-key",
    Severity.ERROR,
    """
    A key the format does not define; the closest known key is suggested.

    Unknown keys are never dropped silently: a typo such as `mesaured_by` would otherwise lose a
    link without a word and the chain would look complete when it is not.

    Fails:
    ```yaml
    toc: 1
    id: typo
    titel: A typo
    ```

    Passes:
    ```yaml
    toc: 1
    id: typo
    title: No typo
    ```
    """,
)

MISSING_FIELD = declared(
    "TOC102",
    "missing-field",
    Severity.ERROR,
    """
    A required field is missing (or empty); reported at the line of the mapping that lacks it.

    Fails:
    ```yaml
    toc: 1
    id: unlabelled
    title: An input without a label
    inputs:
      - id: funding
    ```

    Passes:
    ```yaml
    toc: 1
    id: labelled
    title: An input with a label
    inputs:
      - id: funding
        label: Funding and staff capacity
    ```
    """,
)

WRONG_TYPE = declared(
    "TOC103",
    "wrong-type",
    Severity.ERROR,
    """
    A value of the wrong type: a number where text is wanted, text where a number or list is wanted.

    Nothing is coerced silently: `label: 1.10` would become the text "1.1", so it is reported with
    the advice to quote it.

    Fails:
    ```yaml
    toc: 1
    id: version
    title: 1.10
    ```

    Passes:
    ```yaml
    toc: 1
    id: version
    title: "1.10"
    ```
    """,
)

INVALID_VALUE = declared(
    "TOC104",
    "invalid-value",
    Severity.ERROR,
    """
    A value of the right type that the format does not allow.

    For example an unknown term or measure, an id that is not a lowercase slug, a link that is
    not http(s) or mailto, or an unsupported format version.

    Fails:
    ```yaml
    toc: 1
    id: terms
    title: An outcome with an unknown term
    outcomes:
      - id: resilience
        label: Resilience in the workforce
        term: soon
    ```

    Passes:
    ```yaml
    toc: 1
    id: terms
    title: An outcome with a known term
    outcomes:
      - id: resilience
        label: Resilience in the workforce
        term: short
    ```
    """,
)

READING_CODES: tuple[Rule, ...] = (
    YAML_SYNTAX,
    FILE_TOO_LARGE,
    BAD_ENCODING,
    DUPLICATE_KEY,
    YAML_TAG,
    ANCHOR_OR_ALIAS,
    TOO_DEEP,
    AMBIGUOUS_SCALAR,
    NOT_A_MAPPING,
    MULTIPLE_DOCUMENTS,
    EMPTY_FILE,
    UNREADABLE_FILE,
    UNKNOWN_KEY,
    MISSING_FIELD,
    WRONG_TYPE,
    INVALID_VALUE,
)
