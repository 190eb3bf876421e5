"""The `toc` command line: validate, explain rules, print the schema, render diagrams and tables.

Exit status: 0 clean, 1 findings at or above `--fail-on`, 2 a usage error or a file that could not
be read at all; 130 after Ctrl-C and 143 after SIGTERM (see `toc._signals`), with no traceback.
Heavy modules are imported inside the commands that need them, so `toc validate` never pays for
Graphviz, and reading a YAML file never imports openpyxl.

Every command that reads a model reads any importable file (`toc validate plan.xlsx`): see
`read_model`. `toc convert` exits 0 when it wrote the file and reading found no error, 1 when it
wrote the file but reading found errors (a cell not imported, an unknown column), and 2 when the
source could not be read as a model at all or the output could not be written.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from toc._signals import exits_on_signals
from toc.findings import JSON_VERSION, printable

if TYPE_CHECKING:
    from toc import findings_text
    from toc.analysis.progress import Progress
    from toc.config import Config
    from toc.findings import Finding, Report
    from toc.load import LoadResult
    from toc.model import TheoryOfChange
    from toc.settings import Settings

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
    command = next((a for a in arguments if not a.startswith("-")), "")
    status: int = EXIT_CLEAN
    try:
        status = args.run(args)
        sys.stdout.flush()  # a full disk shows here, not as a traceback when Python exits
    except BrokenPipeError:  # `toc rules | head`: the reader took what it wanted
        _discard(sys.stdout)
    except OSError as error:  # `toc rules > /dev/full`; commands report their own files
        _discard(sys.stdout)
        reason = error.strerror or str(error)
        if error.filename is None:
            _say(f"toc {command}: cannot write to standard output: {reason}")
        else:
            _say(f"toc {command}: {reason}: {printable(str(error.filename))}")
        return EXIT_USAGE
    return status


def _discard(stream: TextIO) -> None:
    """Send what is left for `stream` to the null device, as the Python docs advise for SIGPIPE.

    Python flushes stdout once more on the way out; into a closed pipe or a full disk that
    flush fails again, prints a traceback and changes the exit status to 120.
    """
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file, e.g. a test's capture
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, descriptor)
    finally:
        os.close(null)


def _say(message: str) -> None:
    """One line on stderr; when stderr cannot be written either, there is no one left to tell."""
    try:
        print(message, file=sys.stderr)
        sys.stderr.flush()
    except OSError:
        _discard(sys.stderr)


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; options of `command` alone are built when they need heavy imports."""
    from toc import __version__

    parser: argparse.ArgumentParser = _Parser(
        prog="toc",
        description="Theories of change and logic models: validate, explain, draw.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    _add_validate_command(commands)

    rules = commands.add_parser("rules", help="list the rules, or explain one")
    rules.add_argument("code", nargs="?", help="a code such as TOC301")
    rules.add_argument(
        "--docs", metavar="DIR", type=Path,
        help="write the rule docs as Markdown into DIR: a new or empty folder, or one this "
        "command wrote before (it keeps a list of its files in DIR/.toc-rules-manifest)",
    )  # fmt: skip
    rules.set_defaults(run=_run_rules)

    schema = commands.add_parser("schema", help="print the JSON Schema of the YAML format")
    schema.add_argument(
        "-o", "--output", type=Path, metavar="OUT.json",
        help="write to a .json file instead ('-' is standard output)",
    )  # fmt: skip
    schema.set_defaults(run=_run_schema)

    listing = commands.add_parser("frameworks", help="list the reference frameworks tags can name")
    listing.add_argument("file", nargs="?", help="also list the frameworks this model defines")
    listing.add_argument("--entries", action="store_true", help="list every entry's tag as well")
    listing.set_defaults(run=_run_frameworks)

    covering = commands.add_parser(
        "coverage", help="which entries of a reference framework the model's tags cover"
    )
    covering.add_argument(
        "file", metavar="FILE", help="the model: a path, a bundled model's name, or a file of any "
        "format toc reads (.xlsx, .csv)",
    )  # fmt: skip
    covering.add_argument(
        "--framework", action="append", default=[], metavar="ID",
        help="a framework's id (home-office), or the tag of one of its groups (llr:cdc-strategies);"
        " repeatable; by default every framework the model's tags name",
    )  # fmt: skip
    covering.add_argument(
        "--format", choices=("text", "json", "markdown", "csv"), default="text",
        help="text for a terminal (default), json, markdown, or csv (one row per entry)",
    )  # fmt: skip
    add_reading_arguments(covering)
    covering.set_defaults(run=_run_coverage)

    _add_report_command(commands)

    weighing = commands.add_parser(
        "evidence", help="rank causal links by evidence; the weakest link of each pathway"
    )
    weighing.add_argument(
        "file", metavar="FILE", help="the model: a path, a bundled model's name, or a file of any "
        "format toc reads (.xlsx, .csv)",
    )  # fmt: skip
    weighing.add_argument(
        "--limit", type=_path_limit, default=1000, metavar="N",
        help="pathways enumerated per activity (default 1000; 0 for none); the report says "
        "where the limit cut enumeration short",
    )  # fmt: skip
    weighing.add_argument(
        "--format", choices=("text", "json", "markdown", "csv"), default="text",
        help="text for a terminal (default), json, markdown, or csv (one row per link)",
    )  # fmt: skip
    add_reading_arguments(weighing)
    weighing.set_defaults(run=_run_evidence)

    planning = commands.add_parser(
        "plan", help="write an evaluation-plan skeleton in Markdown from the model's evidence"
    )
    planning.add_argument(
        "file", metavar="FILE", help="the model: a path, a bundled model's name, or a file of any "
        "format toc reads (.xlsx, .csv)",
    )  # fmt: skip
    planning.add_argument(
        "-o", "--output", metavar="PLAN.md", default="-",
        help="the Markdown file to write (default '-', standard output); never the model file",
    )  # fmt: skip
    add_reading_arguments(planning)
    planning.set_defaults(run=_run_plan)

    convert = commands.add_parser(
        "convert", help="convert between formats: YAML, spreadsheets (.xlsx, .csv)"
    )
    convert.add_argument("source", metavar="IN", help="the file to read")
    convert.add_argument(
        "-o", "--output", required=True, metavar="OUT",
        help="the file to write; its extension names the format; '-' writes text to standard "
        "output (with --to)",
    )  # fmt: skip
    add_reading_arguments(convert)
    convert.add_argument(
        "--to",
        dest="to_format",
        metavar="NAME",
        help="the format to write, whatever OUT's extension",
    )
    convert.set_defaults(run=_run_convert)

    _add_progress_command(commands)
    _add_config_command(commands)

    _add_drawing_commands(commands, full=command in ("render", "table"))
    return parser


def _add_validate_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`toc validate FILE...`: every finding, a plain summary, and an exit status for CI."""
    validate = commands.add_parser(
        "validate", help="check theory-of-change files and print every finding"
    )
    validate.add_argument(
        "files", nargs="+", metavar="FILE",
        help="YAML files, bundled models by name (bradford, or bundled:bradford), or files of "
        "any format toc reads (.xlsx, .csv)",
    )  # fmt: skip
    validate.add_argument(
        "--format", choices=("text", "json", "github"), default="text",
        help="text for a person (default; a summary follows on standard error), json (every "
        "finding, with the cause a knock-on follows from), or github (an annotation each)",
    )  # fmt: skip
    add_reading_arguments(validate)
    add_config_arguments(validate.add_argument_group("settings (override settings files)"))
    validate.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="error",
        help="exit 1 when a finding is at or above this severity (default: error); a file that "
        "cannot be loaded as a model fails whatever this says",
    )
    validate.add_argument(
        "--show-all", action="store_true",
        help="text: print every finding on its own line in file order, rather than knock-on "
        "findings folded under their cause and alike findings grouped",
    )  # fmt: skip
    validate.add_argument(
        "-q", "--quiet", action="store_true",
        help="list only what fails the run: findings at or above --fail-on (errors by "
        "default) and those of a file that is not a model; the summary counts every finding",
    )  # fmt: skip
    validate.add_argument(
        "--statistics", "--summary", action="store_true", dest="statistics",
        help="print how many findings of each code (count, code, name, severity) instead of "
        "the findings; with --format json, as a JSON list",
    )  # fmt: skip
    validate.set_defaults(run=_run_validate)


def _add_progress_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`toc progress FILE [--actuals DATA]`: each KPI against its targets, with a RAG status."""
    progress = commands.add_parser(
        "progress", help="each KPI's progress towards its targets, from its actuals"
    )
    progress.add_argument("file", metavar="FILE", help="the model: a file or a bundled model")
    progress.add_argument(
        "--actuals", metavar="DATA",
        help="a .csv or .xlsx file of actuals, one row per KPI and period: kpi, period, value, "
        "comment, and a column for each dimension; used with the model's own actuals",
    )  # fmt: skip
    progress.add_argument(
        "--green", type=float, default=1.0, metavar="SHARE",
        help="green from this share of the way from baseline to target (default 1.0: reached)",
    )  # fmt: skip
    progress.add_argument(
        "--amber", type=float, default=0.75, metavar="SHARE",
        help="amber from this share of the way (default 0.75); red below",
    )  # fmt: skip
    progress.add_argument("--format", choices=("text", "json", "csv", "markdown"), default="text")
    progress.add_argument(
        "--fail-on", choices=("never", "red", "amber"), default="never",
        help="exit 1 when a KPI's status is red (or, with amber, red or amber); default never",
    )  # fmt: skip
    add_reading_arguments(progress)
    add_config_arguments(progress.add_argument_group("settings (as for validate)"))
    progress.set_defaults(run=_run_progress)


def _add_config_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`toc config [FILE]`: the settings FILE is validated with, and where each came from."""
    configuring = commands.add_parser(
        "config", help="print the settings a model is validated with, and where each came from"
    )
    configuring.add_argument(
        "file", nargs="?", metavar="FILE",
        help="the model file (default: the settings of the working folder)",
    )  # fmt: skip
    configuring.add_argument("--format", choices=("text", "json"), default="text")
    add_config_arguments(configuring.add_argument_group("settings (as for validate)"))
    configuring.set_defaults(run=_run_config)


def _run_config(args: argparse.Namespace) -> int:
    """Print the resolved settings; exit 0, or 2 when a settings file or option is wrong."""
    from toc.config import ConfigError

    try:
        resolved = settings_from_args(args).resolve(args.file)
    except ConfigError as error:
        print(f"toc config: {printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    print(resolved.to_json() if args.format == "json" else resolved.to_text())
    return EXIT_CLEAN


def _add_report_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`toc report FILE -o OUT`: the evaluator's report as one HTML or Markdown file."""
    reporting = commands.add_parser(
        "report", help="write the evaluator's report: one self-contained HTML or Markdown file"
    )
    reporting.add_argument(
        "file", metavar="FILE", help="the model: a path, a bundled model's name, or a file of any "
        "format toc reads (.xlsx, .csv)",
    )  # fmt: skip
    reporting.add_argument(
        "-o", "--output", required=True, metavar="OUT",
        help="the file to write: .html (or .htm) or .md; '-' writes to standard output (with "
        "--format)",
    )  # fmt: skip
    reporting.add_argument(
        "--format", choices=("html", "markdown"),
        help="the report's format, whatever OUT's extension",
    )  # fmt: skip
    reporting.add_argument(
        "--title", metavar="TEXT", help="the heading (default: the model's title)"
    )
    reporting.add_argument(
        "--as-of", metavar="YYYY-MM-DD",
        help="the date the report speaks for, printed in its summary (default: none, so the same "
        "model gives the same file)",
    )  # fmt: skip
    reporting.add_argument(
        "--actuals", metavar="DATA",
        help="a .csv or .xlsx file of actuals (as for `toc progress`): adds each KPI's RAG "
        "status and charts the file's values with the model's own",
    )  # fmt: skip
    add_reading_arguments(reporting)
    add_config_arguments(reporting.add_argument_group("settings (as for validate)"), as_of=False)
    reporting.set_defaults(run=_run_report)


def add_as_of_argument(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """`--as-of`: the day taken as today by the monitoring rules (TOC310)."""
    parser.add_argument(
        "--as-of", metavar="YYYY-MM-DD",
        help="the day taken as today: a target whose period ended before it should have an "
        "actual (TOC310); default today",
    )  # fmt: skip


def add_reading_arguments(parser: argparse.ArgumentParser) -> None:
    """`--from`, `--levels` and `--activity`, for commands that read files of other formats."""
    parser.add_argument(
        "--from", dest="from_format", metavar="NAME",
        help="the format to read, whatever the file's extension (yaml, table, ...)",
    )  # fmt: skip
    parser.add_argument(
        "--levels", action="append", default=[], metavar="NAME=KIND,...",
        help='map a column or level name to a kind, e.g. "Strands=activity,Aims=outcome:long"',
    )  # fmt: skip
    parser.add_argument(
        "--activity", metavar="IDENTIFIER",
        help="which activity of an IATI file to read, by its iati-identifier (default: the first)",
    )  # fmt: skip


def read_model(
    file: str,
    *,
    format: str | None = None,
    levels: Mapping[str, str] | None = None,
    activity: str | None = None,
) -> LoadResult:
    """Read a model from any file the registry reads; never raises.

    A file whose extension no format claims is read as YAML, as before there were other formats
    (`toc validate model.toc`). A format that cannot be told is a whole-file TOC012 finding.
    """
    from toc.io import FORMATS, FormatError, ReadOptions, read_file
    from toc.load import LoadResult, read

    suffix = Path(file).suffix.lower()
    if format is None and not any(suffix in f.extensions for f in FORMATS.values()):
        return read(file)
    try:
        options = ReadOptions(levels=dict(levels or {}), activity=activity)
        return read_file(file, format=format, options=options)
    except FormatError as error:
        from toc.findings import Finding
        from toc.rules.reading import UNREADABLE_FILE as RULE

        finding = Finding(file, 0, 0, RULE.code, RULE.name, RULE.severity, str(error))
        return LoadResult(file, None, [finding])


def _reading_options(args: argparse.Namespace, command: str) -> dict[str, str] | None:
    """The `--levels` mapping, after checking `--from` names a format; None after a usage error."""
    from toc.io import FormatError, format_for, parse_levels

    try:
        if args.from_format is not None:
            format_for(Path(""), args.from_format, reading=True)
        return parse_levels(args.levels)
    except FormatError as error:
        print(f"toc {command}: {error}", file=sys.stderr)
        return None


class _Parser(argparse.ArgumentParser):
    """argparse, with what it quotes from the command line escaped (`unrecognized arguments`)."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and the one-line error, escaped, and exit 2."""
        from toc.findings import printable

        super().error(printable(message))


def add_config_arguments(
    parser: argparse.ArgumentParser | argparse._ArgumentGroup, *, as_of: bool = True
) -> None:
    """The settings options of every command that validates; they override settings files."""
    parser.add_argument(
        "--config", metavar="FILE",
        help="read settings from this toml file (a toc.toml, or a pyproject.toml with [tool.toc]) "
        "instead of the nearest one above each model",
    )  # fmt: skip
    parser.add_argument(
        "--isolated", "--no-config", dest="isolated", action="store_true",
        help="read no settings file: defaults and the command line only",
    )  # fmt: skip
    parser.add_argument(
        "--profile", metavar="NAME",
        help="a named set of settings under all others: iati, logframe, strict, default "
        "(docs/configuration.md)",
    )  # fmt: skip
    parser.add_argument(
        "--select", action="append", default=[], metavar="CODES",
        help="only these codes or prefixes, comma-separated (e.g. TOC3,TOC201)",
    )  # fmt: skip
    parser.add_argument(
        "--extend-select", action="append", default=[], metavar="CODES",
        help="turn these codes or prefixes back on, comma-separated",
    )  # fmt: skip
    parser.add_argument(
        "--ignore", action="append", default=[], metavar="CODES",
        help="skip these codes or prefixes, comma-separated; codes found while reading a file "
        "(TOC0xx, TOC101-TOC104) cannot be skipped",
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
        "--kpi-reach", choices=("direct", "downstream"),
        help="where TOC301 looks for KPIs: the activity and its outputs (direct, the default), "
        "or also everything downstream",
    )  # fmt: skip
    if as_of:
        add_as_of_argument(parser)


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


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The settings the shared options ask for; raises `ConfigError` on bad values."""
    from toc.config import ConfigError
    from toc.settings import COMMAND_LINE, Settings

    severities: dict[str, str] = {}
    for item in args.severity:
        code, sep, level = item.partition("=")
        if not sep:
            raise ConfigError(f"--severity expects CODE=LEVEL, not {item!r}")
        severities[code.strip()] = level.strip().lower()
    return Settings(
        config=args.config,
        isolated=args.isolated,
        as_of=getattr(args, "as_of", None),
        profile=args.profile,
        select=_split(args.select) if args.select else None,
        extend_select=_split(args.extend_select),
        ignore=_split(args.ignore),
        severity=severities,
        require=_split(args.require) if args.require else None,
        kpi_reach=args.kpi_reach,
        source=COMMAND_LINE,
    )


def config_from_args(args: argparse.Namespace, file: str | None = None) -> Config:
    """The `Config` for one model file (default `args.file`); raises `ConfigError`."""
    return settings_from_args(args).config_for(file if file is not None else args.file)


def _split(values: list[str]) -> list[str]:
    return [part for value in values for part in value.split(",") if part.strip()]


def _run_validate(args: argparse.Namespace) -> int:
    from toc.config import ConfigError
    from toc.findings import Report, Severity
    from toc.rules import RULES, configured

    if args.statistics and args.format == "github":
        print(
            "toc validate: --statistics prints a table: use it with --format text or json",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        settings = settings_from_args(args)
        configs = [settings.config_for(file) for file in args.files]
    except ConfigError as error:
        print(f"toc validate: {printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    levels = _reading_options(args, "validate")
    if levels is None:
        return EXIT_USAGE
    findings: list[Finding] = []
    failing: list[Finding] = []  # what fails the run: all of a file that did not load
    floor = None if args.fail_on == "never" else Severity(args.fail_on).rank
    unreadable = False
    not_loaded = 0
    for file, config in zip(args.files, configs, strict=True):
        result = read_model(file, format=args.from_format, levels=levels, activity=args.activity)
        if result.model is not None:
            found = list(result.model.validate(config))
            failing.extend(f for f in found if floor is not None and f.severity.rank >= floor)
        else:
            # No rule could run on this file: its reading findings always show, and it fails.
            not_loaded += 1
            unreadable = unreadable or any(RULES[f.code].unreadable for f in result.findings)
            found = configured(result.findings, config, keep_all=True)
            failing.extend(found)
        findings.extend(found)
    report = Report(findings)
    if unreadable:
        status = EXIT_USAGE
    elif failing or not_loaded:
        status = EXIT_FINDINGS
    else:
        status = EXIT_CLEAN
    listed = Report(failing) if args.quiet else report
    _print_report(report, listed, args, status=status, files=len(args.files), not_loaded=not_loaded)
    return status


def _print_report(
    report: Report,
    listed: Report,
    args: argparse.Namespace,
    *,
    status: int,
    files: int,
    not_loaded: int,
) -> None:
    """Print the `listed` findings (or their statistics), then the summary of all on stderr.

    A reader that stops early (`| head`) does not change the exit status, which stays the
    findings' own; a failed write (a full disk) propagates to `main`, which exits 2.
    """
    import json

    from toc import findings_text

    layout = findings_text.Layout([])
    try:
        if args.statistics:
            rows = findings_text.statistics(listed)
            if args.format == "json":
                keys = ("count", "code", "name", "severity")
                print(json.dumps([dict(zip(keys, row, strict=True)) for row in rows], indent=2))
            else:
                for line in findings_text.statistics_lines(rows):
                    print(line)
        elif args.format == "json":
            print(listed.to_json(version=JSON_VERSION))
        elif args.format == "github":
            for finding in listed:
                print(_github_line(finding))
        else:
            show = findings_text.every_line if args.show_all else findings_text.short_lines
            layout = show(list(listed))
            for line in layout.lines:
                print(line)
        sys.stdout.flush()  # before the summary, so a failed write is the last word on stderr
    except BrokenPipeError:
        _discard(sys.stdout)
    if args.format == "json":
        return
    summary = _summary(
        report, args, layout, status=status, files=files, not_loaded=not_loaded, listed=len(listed)
    )
    for line in summary:
        _say(line)


def _summary(
    report: Report,
    args: argparse.Namespace,
    layout: findings_text.Layout,
    *,
    status: int,
    files: int,
    not_loaded: int,
    listed: int,
) -> list[str]:
    """The plain sentences after the findings: is anything an error, and what was left out."""
    first = report.summary()
    if files > 1:
        first = f"{first[:-1]} in {files:,} files."
    lines = [first]
    errors = report.counts().get("error", 0)
    if not_loaded:
        which = "1 file" if not_loaded == 1 else f"{not_loaded:,} files"
        lines.append(
            f"{which} could not be read as a model, so no rule ran on it: fix what is reported "
            "for it first."
        )
    elif status == EXIT_FINDINGS and not errors:
        lines.append(f"Fails because of --fail-on {args.fail_on}.")
    elif status == EXIT_CLEAN and errors:
        lines.append("Passes because of --fail-on never.")
    if args.quiet and listed < len(report):
        below = "" if args.fail_on == "never" else f" below {args.fail_on}"
        lines.append(f"{_findings(len(report) - listed)}{below} not listed (--quiet).")
    parts = []
    if layout.folded:
        whose = "its" if layout.folded == 1 else "their"
        parts.append(f"{_findings(layout.folded)} folded under {whose} cause")
    if layout.grouped:
        parts.append(f"{_findings(layout.grouped)} grouped with alike ones")
    if parts:
        lines.append(f"{' and '.join(parts)}; --show-all prints one line each.")
    return lines


def _findings(count: int) -> str:
    return f"{count:,} finding" if count == 1 else f"{count:,} findings"


def _github_line(finding: Finding) -> str:
    """A GitHub Actions workflow command, escaped as GitHub documents."""
    level = {"error": "error", "warning": "warning", "info": "notice"}[finding.severity.value]

    def prop(value: str) -> str:
        return (
            value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            .replace(":", "%3A").replace(",", "%2C")
        )  # fmt: skip

    message = printable(finding.message).replace("%", "%25")
    where = f"file={prop(printable(finding.file))}"
    if finding.sheet is not None:  # no line of a workbook to annotate: name the cell instead
        message = f"{printable(finding.location).replace('%', '%25')}: {message}"
    elif finding.line > 0:
        where += f",line={finding.line},col={finding.col}"
    return f"::{level} {where},title={prop(finding.code + ' ' + finding.name)}::{message}"


def _run_rules(args: argparse.Namespace) -> int:
    from toc.rules import RULES, get_rule
    from toc.rulesdoc import DocsFolderInUseError, write_rule_docs

    if args.docs is not None:
        try:
            written = write_rule_docs(args.docs)
        except DocsFolderInUseError as error:
            print(f"toc rules: {error}", file=sys.stderr)
            return EXIT_USAGE
        except OSError as error:
            where = printable(str(error.filename or args.docs))
            print(f"toc rules: cannot write {where}: {error.strerror or error}", file=sys.stderr)
            return EXIT_USAGE
        shown = printable(str(args.docs))
        print(f"toc rules: wrote {len(written)} files to {shown}", file=sys.stderr)
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
    """List frameworks; a model's own titles and labels are escaped like every finding.

    With a model and `--entries`, each entry also names what in the model is tagged to it.
    """
    from toc.analysis.coverage import tagged_entries
    from toc.frameworks import count_entries, iter_entries, list_frameworks

    model = None
    if args.file is not None:
        result = read_model(args.file)
        if result.model is None:
            print(result.report.to_text(), file=sys.stderr)
            return EXIT_USAGE
        model = result.model
    used = tagged_entries(model) if model is not None else {}
    for framework in list_frameworks(model):
        title = printable(framework.title)
        print(f"{printable(framework.id):<20} {count_entries(framework):>3} entries  {title}")
        if args.entries:
            for tag, entry in iter_entries(framework):
                line = f"    {printable(tag):<60} {printable(entry.label)}"
                if tag in used:
                    line += f"  [used by: {_first_few([t.id for t in used[tag]])}]"
                print(line)
    return EXIT_CLEAN


USED_BY_SHOWN = 3
"""Ids named in the "used by" column of `toc frameworks --entries`; the rest are counted."""


def _first_few(ids: list[str], limit: int = USED_BY_SHOWN) -> str:
    shown = ", ".join(printable(i) for i in ids[:limit])
    return shown + (f" +{len(ids) - limit} more" if len(ids) > limit else "")


def _run_coverage(args: argparse.Namespace) -> int:
    """Coverage of each named framework (or each the model's tags name), one after the other.

    Exit 0 whatever the coverage: it is information, not a finding. Exit 2 when the file cannot be
    read as a model or a named framework does not exist.
    """
    from toc.analysis.coverage import (
        Coverage,
        UnknownFrameworkError,
        coverage,
        coverage_json,
        tagged_frameworks,
    )
    from toc.frameworks import frameworks

    levels = _reading_options(args, "coverage")
    if levels is None:
        return EXIT_USAGE
    result = read_model(args.file, format=args.from_format, levels=levels, activity=args.activity)
    if result.findings:
        print(result.report.to_text(), file=sys.stderr)
    if result.model is None:
        print(f"toc coverage: could not read {printable(args.file)} as a model", file=sys.stderr)
        return EXIT_USAGE
    model = result.model
    names: list[str] = list(dict.fromkeys(args.framework))
    if not names:
        available = frameworks(model)
        for name in tagged_frameworks(model):
            if name in available:
                names.append(name)
            else:
                print(
                    f"toc coverage: tags name framework `{printable(name)}`, which is neither "
                    "bundled nor defined in the model (TOC501); skipped",
                    file=sys.stderr,
                )
        if not names:
            known = ", ".join(printable(f) for f in available) or "none"
            print(
                f"toc coverage: {printable(model.id)} tags no framework; name one with "
                f"--framework ID (available: {known})",
                file=sys.stderr,
            )
            return EXIT_CLEAN
    reports: list[Coverage] = []
    for name in names:
        try:
            reports.append(coverage(model, name))
        except UnknownFrameworkError as error:
            print(f"toc coverage: {printable(str(error))}", file=sys.stderr)
            return EXIT_USAGE
    if args.format == "json":
        text = coverage_json(reports) + "\n"
    elif args.format == "csv":
        text = "".join(r.to_csv(header=i == 0) for i, r in enumerate(reports))
    else:
        parts = [r.to_markdown() if args.format == "markdown" else r.to_text() for r in reports]
        text = "\n".join(_printable_lines(part) for part in parts)
    sys.stdout.write(text)
    return EXIT_CLEAN


def _path_limit(text: str) -> int:
    """`--limit N`: a whole number of pathways, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of pathways, not {text!r}")
    return value


def _read_for(args: argparse.Namespace, command: str) -> tuple[TheoryOfChange, str] | None:
    """The model `args.file` names and the file read, or None after saying why it cannot be.

    The file read is a bundled model's path for a name like `bradford`: what `-o` must not replace.
    """
    levels = _reading_options(args, command)
    if levels is None:
        return None
    result = read_model(args.file, format=args.from_format, levels=levels)
    if result.findings:
        print(result.report.to_text(), file=sys.stderr)
    if result.model is None:
        print(f"toc {command}: could not read {printable(args.file)} as a model", file=sys.stderr)
        return None
    return result.model, result.file


def _run_evidence(args: argparse.Namespace) -> int:
    """Links ranked by evidence, pathways' weakest links and the gaps; exit 0, or 2 unreadable."""
    read = _read_for(args, "evidence")
    if read is None:
        return EXIT_USAGE
    report = read[0].evidence(path_limit=args.limit)
    if args.format == "json":
        text = report.to_json() + "\n"
    elif args.format == "csv":
        text = report.to_csv()
    elif args.format == "markdown":
        text = _printable_lines(report.to_markdown())
    else:
        text = _printable_lines(report.to_text())
    sys.stdout.write(text)
    if report.truncated:
        print(
            f"toc evidence: some activities have more than {args.limit} pathways; only the first "
            f"{args.limit} of each were weighed (--limit N)",
            file=sys.stderr,
        )
    return EXIT_CLEAN


def _run_plan(args: argparse.Namespace) -> int:
    """The evaluation-plan skeleton, to stdout or written atomically; never over the model."""
    from toc._atomic import OutputIsInputError, ensure_not_an_input, write_text_atomic
    from toc.analysis.plan import evaluation_plan

    read = _read_for(args, "plan")
    if read is None:
        return EXIT_USAGE
    model, source = read
    if args.output == "-":
        sys.stdout.write(_printable_lines(evaluation_plan(model)))
        return EXIT_CLEAN
    shown = printable(args.output)
    try:
        ensure_not_an_input(args.output, [source, args.file])
        write_text_atomic(args.output, evaluation_plan(model))
    except OutputIsInputError as error:
        print(f"toc plan: {printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"toc plan: cannot write {shown}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"toc plan: wrote {shown}", file=sys.stderr)
    return EXIT_CLEAN


def _printable_lines(text: str) -> str:
    """Each line escaped on its own, so the line breaks stay line breaks."""
    return "".join(printable(line) + "\n" for line in text.splitlines())


def _run_report(args: argparse.Namespace) -> int:
    """Write the report; exit 0 when written, 2 when the model or the output cannot be used.

    Findings do not change the exit status: the report lists them, and `toc validate` gates.
    """
    from datetime import date

    from toc._atomic import OutputIsInputError, ensure_not_an_input, write_text_atomic
    from toc.config import ConfigError
    from toc.report import REPORT_FORMATS, to_html_report, to_markdown_report

    levels = _reading_options(args, "report")
    if levels is None:
        return EXIT_USAGE
    to_stdout = args.output == "-"
    chosen = args.format or REPORT_FORMATS.get(Path(args.output).suffix.lower())
    if chosen is None:
        how = "name the format with --format" if to_stdout else "end OUT in .html, .htm or .md"
        print(
            f"toc report: cannot tell the format of {printable(args.output)!r}: {how}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    as_of = None
    if args.as_of is not None:
        try:
            as_of = date.fromisoformat(args.as_of)
        except ValueError:
            print(
                f"toc report: --as-of wants a date as YYYY-MM-DD, not {printable(args.as_of)!r}",
                file=sys.stderr,
            )
            return EXIT_USAGE
    if not to_stdout:
        try:
            ensure_not_an_input(args.output, [args.file])
        except OutputIsInputError as error:
            print(f"toc report: {printable(str(error))}", file=sys.stderr)
            return EXIT_USAGE
    try:
        config = config_from_args(args)
    except ConfigError as error:
        print(f"toc report: {printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    result = read_model(args.file, format=args.from_format, levels=levels)
    if result.findings:
        print(result.report.to_text(), file=sys.stderr)
    if result.model is None:
        print(f"toc report: could not read {printable(args.file)} as a model", file=sys.stderr)
        return EXIT_USAGE
    monitored = None
    if args.actuals is not None:
        monitored = _report_progress(result.model, args.actuals, config)
        if monitored is None:
            return EXIT_USAGE
    write = to_html_report if chosen == "html" else to_markdown_report
    text = write(
        result.model,
        report=result.model.validate(config),
        progress=monitored,
        title=args.title,
        as_of=as_of,
    )
    if to_stdout:
        sys.stdout.write(text)
        return EXIT_CLEAN
    shown = printable(args.output)
    try:
        write_text_atomic(args.output, text)
    except OSError as error:
        print(f"toc report: cannot write {shown}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"toc report: wrote {shown}", file=sys.stderr)
    return EXIT_CLEAN


def _report_progress(model: TheoryOfChange, actuals: str, config: Config) -> Progress | None:
    """The report's progress from an actuals file; None after saying why it cannot be read."""
    from toc.analysis.progress import progress
    from toc.findings import Report as Findings
    from toc.io.actuals import read_actuals
    from toc.rules import RULES

    data = read_actuals(actuals, model)
    if data.findings:
        print(Findings(data.findings).to_text(), file=sys.stderr)
    if any(RULES[f.code].unreadable for f in data.findings):
        print(f"toc report: could not read the actuals in {printable(actuals)}", file=sys.stderr)
        return None
    return progress(model, data, config=config)


def _run_schema(args: argparse.Namespace) -> int:
    from toc._atomic import write_text_atomic
    from toc.schema import schema_text

    text = schema_text()
    if args.output is None or str(args.output) == "-":
        sys.stdout.write(text)
        return EXIT_CLEAN
    shown = printable(str(args.output))
    if args.output.suffix.lower() != ".json":
        print(
            f"toc schema: the schema is JSON: end the output's name in .json, not {shown!r}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        write_text_atomic(args.output, text)
    except OSError as error:
        print(f"toc schema: cannot write {shown}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"toc schema: wrote {shown}", file=sys.stderr)
    return EXIT_CLEAN


def _run_convert(args: argparse.Namespace) -> int:
    from toc.findings import Report, Severity
    from toc.io import FormatError, format_for, written_files

    levels = _reading_options(args, "convert")
    if levels is None:
        return EXIT_USAGE
    to_stdout = args.output == "-"
    target = Path(args.output)
    try:
        if to_stdout and args.to_format is None:
            raise FormatError("writing to '-' needs --to NAME (e.g. --to yaml)")
        writer = format_for(target, args.to_format, reading=False)
    except FormatError as error:
        print(f"toc convert: {error}", file=sys.stderr)
        return EXIT_USAGE
    result = read_model(args.source, format=args.from_format, levels=levels, activity=args.activity)
    report = Report(result.findings)
    if report:
        print(report.to_text(), file=sys.stderr)
    if result.model is None:
        print(f"toc convert: could not read {args.source} as a model", file=sys.stderr)
        return EXIT_USAGE
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            files = written_files(result.model, target, format=writer.name)
    except FormatError as error:
        print(f"toc convert: {error}", file=sys.stderr)
        return EXIT_USAGE
    if caught:
        from toc.io.iati import NotCarriedWarning
    for warning in caught:  # what a format cannot carry, without Python's warning source line
        if not issubclass(warning.category, NotCarriedWarning):  # anything else, as it was
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
            continue
        lines = str(warning.message).splitlines()
        print("\n".join(f"toc convert: note: {printable(line)}" for line in lines), file=sys.stderr)
    if to_stdout:
        [(_, data)] = files
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            print(f"toc convert: {writer.title} is binary; write it to a file", file=sys.stderr)
            return EXIT_USAGE
        sys.stdout.write(text.removeprefix("\ufeff"))  # the mark Excel needs is noise in a pipe
    else:
        try:
            for path, data in files:
                path.write_bytes(data)
        except OSError as error:
            print(
                f"toc convert: cannot write {args.output}: {error.strerror or error}",
                file=sys.stderr,
            )
            return EXIT_USAGE
        for path, _ in files:
            print(f"toc convert: wrote {path} ({writer.title})", file=sys.stderr)
    return EXIT_FINDINGS if report.at_least(Severity.ERROR) else EXIT_CLEAN


def _run_progress(args: argparse.Namespace) -> int:
    """Print each KPI's progress; findings go to stderr (into the JSON with `--format json`).

    Exit 2 when the model or the actuals file cannot be read at all, 1 when reading the actuals
    file left rows or columns unused (or found another error) or a status reaches `--fail-on`,
    else 0.
    """
    from toc.analysis.progress import RagThresholds, progress
    from toc.config import ConfigError
    from toc.findings import Report, Severity
    from toc.io.actuals import read_actuals
    from toc.rules import RULES

    try:
        config = config_from_args(args)
        thresholds = RagThresholds(green=args.green, amber=args.amber)
    except (ConfigError, ValueError) as error:
        print(f"toc progress: {printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    levels = _reading_options(args, "progress")
    if levels is None:
        return EXIT_USAGE
    result = read_model(args.file, format=args.from_format, levels=levels)
    if result.findings:
        print(Report(result.findings).to_text(), file=sys.stderr)
    if result.model is None:
        print(f"toc progress: could not read {printable(args.file)} as a model", file=sys.stderr)
        return EXIT_USAGE
    data = None
    if args.actuals is not None:
        data = read_actuals(args.actuals, result.model)
        if any(RULES[f.code].unreadable for f in data.findings):
            print(Report(data.findings).to_text(), file=sys.stderr)
            shown = printable(args.actuals)
            print(f"toc progress: could not read the actuals in {shown}", file=sys.stderr)
            return EXIT_USAGE
    found = progress(result.model, data, thresholds=thresholds, config=config)
    output = {
        "text": found.to_text,
        "json": found.to_json,
        "csv": found.to_csv,
        "markdown": found.to_markdown,
    }[args.format]()
    try:
        sys.stdout.write(output if output.endswith("\n") else output + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        _discard(sys.stdout)
    if args.format != "json":
        if found.findings:
            print(found.findings.to_text(), file=sys.stderr)
        counts = found.findings.counts()
        summary = ", ".join(f"{n} {s}" for s, n in counts.items()) if counts else "no findings"
        print(f"toc progress: {found.summary()}; {summary}", file=sys.stderr)
    unused = data is not None and (
        data.skipped > 0 or any(f.severity == Severity.ERROR for f in data.findings)
    )
    failing = {"never": (), "red": ("red",), "amber": ("red", "amber")}[args.fail_on]
    if unused or any(record.status in failing for record in found.kpis):
        return EXIT_FINDINGS
    return EXIT_CLEAN
