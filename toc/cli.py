"""The `toc` command line: validate, explain rules, print the schema, render diagrams and tables.

Exit status: 0 clean, 1 findings at or above `--fail-on`, 2 a usage error or a file that could not
be read at all; 130 after Ctrl-C and 143 after SIGTERM (see `toc._signals`), with no traceback.
Heavy modules are imported inside the commands that need them, so `toc validate` never pays for
Graphviz.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from toc._signals import exits_on_signals

if TYPE_CHECKING:
    from toc.config import Config
    from toc.findings import Finding, Report

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


@exits_on_signals
def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = _parser(command=next((a for a in arguments if not a.startswith("-")), None))
    args = parser.parse_args(arguments)
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        status: int = args.run(args)
    except BrokenPipeError:  # `toc rules | head`
        sys.stderr.close()
        return EXIT_CLEAN
    return status


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; options of `command` alone are built when they need heavy imports."""
    from toc import __version__

    parser: argparse.ArgumentParser = _Parser(
        prog="toc",
        description="Theories of change and logic models: validate, explain, draw.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check theory-of-change files and print every finding"
    )
    validate.add_argument(
        "files", nargs="+", metavar="FILE",
        help="YAML files, or bundled models by name (bradford, or bundled:bradford)",
    )  # fmt: skip
    validate.add_argument("--format", choices=("text", "json", "github"), default="text")
    add_config_arguments(validate)
    validate.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="error",
        help="exit 1 when a finding is at or above this severity (default: error); a file that "
        "cannot be loaded as a model fails whatever this says",
    )
    validate.set_defaults(run=_run_validate)

    rules = commands.add_parser("rules", help="list the rules, or explain one")
    rules.add_argument("code", nargs="?", help="a code such as TOC301")
    rules.add_argument("--docs", metavar="DIR", type=Path, help="write the rule docs as Markdown")
    rules.set_defaults(run=_run_rules)

    schema = commands.add_parser("schema", help="print the JSON Schema of the YAML format")
    schema.add_argument("-o", "--output", type=Path, help="write to a file instead")
    schema.set_defaults(run=_run_schema)

    listing = commands.add_parser("frameworks", help="list the reference frameworks tags can name")
    listing.add_argument("file", nargs="?", help="also list the frameworks this model defines")
    listing.add_argument("--entries", action="store_true", help="list every entry's tag as well")
    listing.set_defaults(run=_run_frameworks)

    _add_drawing_commands(commands, full=command in ("render", "table"))
    return parser


class _Parser(argparse.ArgumentParser):
    """argparse, with what it quotes from the command line escaped (`unrecognized arguments`)."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and the one-line error, escaped, and exit 2."""
        from toc.findings import printable

        super().error(printable(message))


def add_config_arguments(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """The validation options shared by `validate` and `render --with-findings`."""
    parser.add_argument(
        "--select", action="append", default=[], metavar="CODES",
        help="only these codes or prefixes, comma-separated (e.g. TOC3,TOC201)",
    )  # fmt: skip
    parser.add_argument(
        "--ignore", action="append", default=[], metavar="CODES",
        help="skip these codes or prefixes, comma-separated",
    )  # fmt: skip
    parser.add_argument(
        "--severity", action="append", default=[], metavar="CODE=LEVEL",
        help="change a code's severity, e.g. TOC304=error (repeatable)",
    )  # fmt: skip
    parser.add_argument(
        "--require", action="append", default=[], metavar="FIELDS",
        help="what a KPI needs to count for TOC301 besides a measure: target, baseline, "
        "data_source, frequency (comma-separated)",
    )  # fmt: skip
    parser.add_argument(
        "--kpi-reach", choices=("direct", "downstream"), default="direct",
        help="where TOC301 looks for KPIs: the activity and its outputs (direct), or also "
        "everything downstream",
    )  # fmt: skip


def _add_drawing_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], *, full: bool
) -> None:
    """Add `render` and `table`, loading their options and the renderers only when one is run.

    `toc validate` in CI then never pays for importing the renderers.
    """
    render = commands.add_parser("render", help="draw a diagram: SVG, PNG, PDF, DOT or Mermaid")
    table = commands.add_parser("table", help="print the logic-model table")
    if not full:
        return
    from toc.render import commands as render_commands

    render_commands.add_render_arguments(render)
    render.set_defaults(run=render_commands.run_render)
    render_commands.add_table_arguments(table)
    table.set_defaults(run=render_commands.run_table)


def config_from_args(args: argparse.Namespace) -> Config:
    """A `Config` from the shared validation options; raises `ConfigError` on bad values."""
    from toc.config import Config, ConfigError

    severities: dict[str, str] = {}
    for item in args.severity:
        code, sep, level = item.partition("=")
        if not sep:
            raise ConfigError(f"--severity expects CODE=LEVEL, not {item!r}")
        severities[code.strip()] = level.strip().lower()
    return Config.build(
        select=_split(args.select),
        ignore=_split(args.ignore),
        severities=severities,
        kpi_requires=_split(args.require),
        kpi_reach=args.kpi_reach,
    )


def _split(values: list[str]) -> list[str]:
    return [part for value in values for part in value.split(",") if part.strip()]


def _run_validate(args: argparse.Namespace) -> int:
    from toc.config import ConfigError
    from toc.findings import Report, Severity
    from toc.load import read
    from toc.rules import RULES, configured

    try:
        config = config_from_args(args)
    except ConfigError as error:
        print(f"toc validate: {error}", file=sys.stderr)
        return EXIT_USAGE
    findings: list[Finding] = []
    unreadable = not_loaded = False
    for file in args.files:
        result = read(file)
        if result.model is not None:
            findings.extend(result.model.validate(config))
            continue
        # No rule could run on this file: its reading findings always show, and it always fails.
        not_loaded = True
        unreadable = unreadable or any(RULES[f.code].unreadable for f in result.findings)
        findings.extend(configured(result.findings, config, keep_all=True))
    report = Report(findings)
    _print_report(report, args.format)
    if unreadable:
        return EXIT_USAGE
    if not_loaded:
        return EXIT_FINDINGS
    if args.fail_on != "never" and report.at_least(Severity(args.fail_on)):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _print_report(report: Report, output: str) -> None:
    if output == "json":
        print(report.to_json())
        return
    if output == "github":
        for finding in report:
            print(_github_line(finding))
    elif report:
        print(report.to_text())
    counts = report.counts()
    summary = ", ".join(f"{n} {s}" for s, n in counts.items()) if counts else "no findings"
    print(f"toc: {summary}", file=sys.stderr)


def _github_line(finding: Finding) -> str:
    """A GitHub Actions workflow command, escaped as GitHub documents."""
    from toc.findings import printable

    level = {"error": "error", "warning": "warning", "info": "notice"}[finding.severity.value]

    def prop(value: str) -> str:
        return (
            value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            .replace(":", "%3A").replace(",", "%2C")
        )  # fmt: skip

    message = printable(finding.message).replace("%", "%25")
    where = f"file={prop(printable(finding.file))}"
    if finding.line > 0:
        where += f",line={finding.line},col={finding.col}"
    return f"::{level} {where},title={prop(finding.code + ' ' + finding.name)}::{message}"


def _run_rules(args: argparse.Namespace) -> int:
    from toc.rules import RULES, get_rule
    from toc.rulesdoc import write_rule_docs

    if args.docs is not None:
        try:
            written = write_rule_docs(args.docs)
        except OSError as error:
            print(
                f"toc rules: cannot write {args.docs}: {error.strerror or error}", file=sys.stderr
            )
            return EXIT_USAGE
        print(f"wrote {len(written)} files to {args.docs}", file=sys.stderr)
        return EXIT_CLEAN
    if args.code:
        try:
            rule = get_rule(args.code)
        except KeyError as error:
            print(f"toc rules: {error.args[0]}", file=sys.stderr)
            return EXIT_USAGE
        print(f"{rule.code} {rule.name} (default severity: {rule.severity.value})\n")
        print(rule.doc)
        return EXIT_CLEAN
    width = max(len(rule.name) for rule in RULES.values())
    for rule in RULES.values():
        print(f"{rule.code}  {rule.name:<{width}}  {rule.severity.value:<7}  {rule.summary}")
    return EXIT_CLEAN


def _run_frameworks(args: argparse.Namespace) -> int:
    """List frameworks; a model's own titles and labels are escaped like every finding."""
    from toc.findings import printable
    from toc.frameworks import count_entries, iter_entries, list_frameworks
    from toc.load import read

    model = None
    if args.file is not None:
        result = read(args.file)
        if result.model is None:
            print(result.report.to_text(), file=sys.stderr)
            return EXIT_USAGE
        model = result.model
    for framework in list_frameworks(model):
        title = printable(framework.title)
        print(f"{printable(framework.id):<20} {count_entries(framework):>3} entries  {title}")
        if args.entries:
            for tag, entry in iter_entries(framework):
                print(f"    {printable(tag):<60} {printable(entry.label)}")
    return EXIT_CLEAN


def _run_schema(args: argparse.Namespace) -> int:
    from toc.schema import schema_text

    text = schema_text()
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as error:
            print(
                f"toc schema: cannot write {args.output}: {error.strerror or error}",
                file=sys.stderr,
            )
            return EXIT_USAGE
    return EXIT_CLEAN
