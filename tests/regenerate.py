"""Regenerate every generated file the tests compare against: `python -m tests.regenerate`.

That is: docs/rules/, schemas/toc.schema.json, the validation reports in docs/models.md, the
command output in docs/monitoring.md and docs/validate.md, and the golden renderings in
tests/golden/ with their copies in docs/diagrams.md.

Run it after an intended change to rules, the schema or the bundled models, then review the diff:
the point of these files is that a change in output is seen and approved by a person.
"""

from __future__ import annotations

import re
import subprocess
import sys
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


def monitoring_doc_text() -> str:
    """docs/monitoring.md with the output of each `<!-- command: ... -->` block refreshed."""
    return command_doc_text("monitoring.md")


COMMAND_PAGES = ("monitoring.md", "validate.md")
"""Pages whose `<!-- command: ... -->` blocks hold a command's output."""


def command_doc_text(page: str) -> str:
    """A page of docs/ with the output of each `<!-- command: ... -->` block refreshed."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")

    def output(match: re.Match[str]) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "toc", *match.group("args").split()],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        return match.group(1) + done.stdout + done.stderr + match.group(4)

    return _COMMAND.sub(output, text)


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
        (ROOT / "docs" / name).write_text(command_doc_text(name), encoding="utf-8")
    written = update_golden_files()
    print(
        "regenerated docs/rules/, schemas/toc.schema.json, the reports in docs/models.md, "
        f"and {len(written)} golden files (tests/golden/, docs/diagrams.md)"
    )


if __name__ == "__main__":
    main()
