"""Regenerate every generated file the tests compare against: `python -m tests.regenerate`.

That is: docs/rules/, schemas/toc.schema.json, the validation reports in docs/models.md, the
command output in README.md, docs/monitoring.md and docs/validate.md, and the golden renderings
in tests/golden/ with their copies in docs/diagrams.md.

Run it after an intended change to rules, the schema or the bundled models, then review the diff:
the point of these files is that a change in output is seen and approved by a person.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from toc.rulesdoc import write_rule_docs
from toc.schema import schema_text

ROOT = Path(__file__).resolve().parents[1]
_REPORT = re.compile(r"(<!-- report: (?P<file>\S+) -->\n```text\n)(?P<body>.*?)(```)", re.DOTALL)


def validation_report(file: str) -> str:
    """What `toc validate FILE` prints, stdout then the stderr summary, run from the repository."""
    done = subprocess.run(
        [sys.executable, "-m", "toc", "validate", file],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout + done.stderr


def models_doc_text() -> str:
    """docs/models.md with every report block refreshed."""
    text = (ROOT / "docs" / "models.md").read_text(encoding="utf-8")
    return _REPORT.sub(lambda m: m.group(1) + validation_report(m.group("file")) + m.group(4), text)


_COMMAND = re.compile(
    r"(<!-- command: (?P<args>[^>]+?) -->\n```text\n)(?P<body>.*?)(```)", re.DOTALL
)
_FILE = re.compile(r"<!-- file: (?P<name>[\w.-]+) -->\n```\w*\n(?P<body>.*?)```", re.DOTALL)
COMMAND_PAGES = ("README.md", "docs/monitoring.md", "docs/validate.md")
"""Pages with `<!-- command: ARGS -->` blocks: the text block after one is what `toc ARGS`
prints (standard output, then standard error), run in a folder holding the page's
`<!-- file: NAME -->` blocks and the repository's `examples/` and `models/`."""


def page_with_commands_run(page: str) -> str:
    """The page's text with the output of each of its `<!-- command: ... -->` blocks refreshed."""
    text = (ROOT / page).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        for shared in ("examples", "models"):
            (Path(folder) / shared).symlink_to(ROOT / shared)
        for block in _FILE.finditer(text):
            (Path(folder) / block.group("name")).write_text(block.group("body"), encoding="utf-8")

        def output(match: re.Match[str]) -> str:
            done = subprocess.run(
                [sys.executable, "-m", "toc", *shlex.split(match.group("args"))],
                cwd=folder,
                capture_output=True,
                text=True,
                check=False,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            return match.group(1) + done.stdout + done.stderr + match.group(4)

        return _COMMAND.sub(output, text)


def monitoring_doc_text() -> str:
    """docs/monitoring.md with the output of each `<!-- command: ... -->` block refreshed."""
    return page_with_commands_run("docs/monitoring.md")


def report_blocks(text: str) -> dict[str, str]:
    """The report blocks of a page, by file."""
    return {m.group("file"): m.group("body") for m in _REPORT.finditer(text)}


def main() -> None:
    from tests.golden import update as update_golden_files

    rules = ROOT / "docs" / "rules"
    # The repository owns docs/rules/ and git shows every change, so its pages are replaced
    # outright; `toc rules --docs` refuses a folder holding pages it did not write, which after a
    # merge of two branches' rules would be this one.
    for page in [*rules.glob("TOC*.md"), rules / "index.md", rules / ".toc-rules-manifest"]:
        page.unlink(missing_ok=True)
    write_rule_docs(rules)
    (ROOT / "schemas" / "toc.schema.json").write_text(schema_text(), encoding="utf-8")
    (ROOT / "docs" / "models.md").write_text(models_doc_text(), encoding="utf-8")
    for name in COMMAND_PAGES:
        (ROOT / name).write_text(page_with_commands_run(name), encoding="utf-8")
    written = update_golden_files()
    print(
        "regenerated docs/rules/, schemas/toc.schema.json, the reports in docs/models.md, "
        f"and {len(written)} golden files (tests/golden/, docs/diagrams.md)"
    )


if __name__ == "__main__":
    main()
