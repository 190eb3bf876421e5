"""The `toc render` and `toc table` commands: arguments and runners, wired in by `toc.cli`.

Exit status as for `toc validate`: 0 when the output was written, 2 when the file could not be read
or the diagram could not be drawn (no `dot`, a timeout, too many elements, a bad option), or the
output cannot be written: an extension naming no format, or the very file the model came from.
Findings never fail these commands; `--with-findings` only draws them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from toc.findings import printable

if TYPE_CHECKING:
    from toc.model import TheoryOfChange

EXIT_OK, EXIT_USAGE = 0, 2
TABLE_FORMATS = ("markdown", "html", "csv")
TABLE_EXTENSIONS: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
}
"""The table format each output extension names."""
HTML = (".html", ".htm")
"""Extensions `toc render` writes as an interactive page (`toc.render.interactive`)."""


def add_render_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `toc render FILE -o OUT`."""
    parser.add_argument(
        "file", metavar="FILE",
        help="a YAML file, a file of any format toc reads (.xlsx, .csv, .xml, .json), or a "
        "bundled model by name (bundled:bradford)",
    )  # fmt: skip
    from toc.cli import add_reading_arguments

    add_reading_arguments(parser)
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT",
        help="file to write; its extension (.svg .png .pdf .dot .mmd, or .html for an "
        "interactive page) names the format; '-' writes to standard output (with --format)",
    )  # fmt: skip
    from toc.render.diagram import MIME_TYPES

    parser.add_argument("--format", choices=tuple(MIME_TYPES), help="override the extension")
    parser.add_argument("--hide-kpis", action="store_true", help="leave the KPIs out")
    parser.add_argument(
        "--hide-context", action="store_true",
        help="leave out assumptions, barriers, enablers and risks",
    )  # fmt: skip
    parser.add_argument(
        "--only", metavar="ID", help="draw only the chain of this element (e.g. one activity)"
    )
    parser.add_argument(
        "--group-by", metavar="TAG", help="bands by a framework tag prefix, e.g. llr:prevention"
    )
    parser.add_argument(
        "--direction", choices=("LR", "TB"), default="LR",
        help="left to right (default) or top to bottom",
    )  # fmt: skip
    parser.add_argument("--wrap", type=int, default=24, help="label width in characters")
    parser.add_argument(
        "--with-findings", action="store_true",
        help="validate the model and outline elements with findings, naming their codes",
    )  # fmt: skip
    from toc.cli import add_config_arguments

    add_config_arguments(parser.add_argument_group("validation options, with --with-findings"))
    parser.add_argument("--dpi", type=float, default=150.0, help="resolution of a PNG")
    parser.add_argument(
        "--timeout", type=_seconds, default=60.0, metavar="SECONDS",
        help="seconds to allow Graphviz, more than 0 and at most 3600 (default: 60)",
    )  # fmt: skip
    parser.add_argument(
        "--max-elements", type=_positive_int, default=400, metavar="N",
        help="refuse to draw more elements than this (default: 400)",
    )  # fmt: skip


def _seconds(text: str) -> float:
    """`--timeout`: bad values are a usage error here, not a traceback from deep in subprocess."""
    from toc.render.errors import RenderOptionError
    from toc.render.program import check_timeout

    try:
        return check_timeout(float(text))
    except (ValueError, RenderOptionError):  # `float("soon")`, or out of range
        raise argparse.ArgumentTypeError(
            f"expected seconds, more than 0 and at most 3600, not {text!r}"
        ) from None


def _positive_int(text: str) -> int:
    """`--max-elements`: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return value


def run_render(args: argparse.Namespace) -> int:
    """Load, optionally validate, and draw; write the file or standard output."""
    from toc.render.dot import render
    from toc.render.errors import RenderError

    loaded = _read(args, "render")
    if loaded is None:
        return EXIT_USAGE
    model, source = loaded
    to_stdout = args.output == "-"
    if to_stdout and args.format is None:
        print("toc render: writing to '-' needs --format", file=sys.stderr)
        return EXIT_USAGE
    if not to_stdout and not _output_is_not_input(args.output, source, "render"):
        return EXIT_USAGE
    from toc.cli import config_from_args
    from toc.config import ConfigError

    try:
        report = model.validate(config_from_args(args)) if args.with_findings else None
    except ConfigError as error:
        print(f"toc render: {error}", file=sys.stderr)
        return EXIT_USAGE
    if not to_stdout and args.format is None and Path(args.output).suffix.lower() in HTML:
        from toc.render.interactive import run_render_html

        return run_render_html(args, model, report)
    try:
        diagram = render(
            model,
            args.format if to_stdout else Path(args.output),
            report,
            format=args.format,
            dpi=args.dpi,
            timeout=args.timeout,
            max_elements=args.max_elements,
            hide_kpis=args.hide_kpis,
            hide_context=args.hide_context,
            only=args.only,
            group_by=args.group_by,
            direction=args.direction,
            wrap=args.wrap,
        )
    except RenderError as error:
        print(f"toc render: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        shown = printable(str(args.output))
        print(f"toc render: cannot write {shown}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    if to_stdout:
        sys.stdout.flush()
        sys.stdout.buffer.write(diagram.data)
        sys.stdout.buffer.flush()
    else:
        shown = printable(str(diagram.path))
        print(f"toc render: wrote {shown} ({diagram.format})", file=sys.stderr)
    return EXIT_OK


def add_table_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `toc table FILE [-o OUT]`."""
    parser.add_argument(
        "file", metavar="FILE",
        help="a YAML file, a file of any format toc reads, or a bundled model's name",
    )  # fmt: skip
    from toc.cli import add_reading_arguments

    add_reading_arguments(parser)
    parser.add_argument(
        "-o", "--output", metavar="OUT",
        help="file to write instead of standard output; its extension (.md .html .csv) names "
        "the format; '-' is standard output",
    )  # fmt: skip
    parser.add_argument(
        "--format", choices=TABLE_FORMATS,
        help="markdown (the default on standard output), html or csv; overrides the extension",
    )  # fmt: skip


def run_table(args: argparse.Namespace) -> int:
    """Print or write the logic-model table, in the format `--format` or the extension names."""
    from toc.render import table

    to_stdout = args.output in (None, "-")
    fmt = args.format or ("markdown" if to_stdout else _table_format(args.output))
    if fmt is None:
        return EXIT_USAGE
    loaded = _read(args, "table")
    if loaded is None:
        return EXIT_USAGE
    model, source = loaded
    if to_stdout:
        renderers = {
            "markdown": table.to_markdown_table,
            "html": table.to_html_table,
            "csv": table.to_csv,
        }
        text = renderers[fmt](model)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return EXIT_OK
    if not _output_is_not_input(args.output, source, "table"):
        return EXIT_USAGE
    writers = {
        "markdown": table.write_markdown_table,
        "html": table.write_html_table,
        "csv": table.write_csv,
    }
    shown = printable(args.output)
    try:
        writers[fmt](model, args.output)
    except OSError as error:
        print(f"toc table: cannot write {shown}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"toc table: wrote {shown} ({fmt})", file=sys.stderr)
    return EXIT_OK


def _table_format(output: str) -> str | None:
    """The format `output`'s extension names, or None after saying which extensions there are."""
    fmt = TABLE_EXTENSIONS.get(Path(output).suffix.lower())
    if fmt is None:
        print(
            f"toc table: cannot tell the format of {printable(output)!r}: use a name ending in "
            f"{', '.join(TABLE_EXTENSIONS)}, or pass --format one of {', '.join(TABLE_FORMATS)}",
            file=sys.stderr,
        )
    return fmt


def _output_is_not_input(output: str, source: str, command: str) -> bool:
    """False, after saying so, when writing `output` would replace the model file read."""
    from toc._atomic import OutputIsInputError, ensure_not_an_input

    try:
        ensure_not_an_input(output, [source])
    except OutputIsInputError as error:
        print(f"toc {command}: {printable(str(error))}", file=sys.stderr)
        return False
    return True


def _read(args: argparse.Namespace, command: str) -> tuple[TheoryOfChange, str] | None:
    """The model and the path it was read from, or None after printing why it could not be loaded.

    The path is the file actually read (a bundled model's, for a name like `bradford`), which an
    output must not replace. `--from`, `--levels` and `--activity` say how to read other formats.
    """
    from toc.cli import _reading_options, read_model

    file = args.file
    levels = _reading_options(args, command)
    if levels is None:
        return None
    result = read_model(file, format=args.from_format, levels=levels, activity=args.activity)
    if result.model is None:
        for finding in result.findings:
            print(finding.format(), file=sys.stderr)
        print(f"toc {command}: could not load {printable(file)}", file=sys.stderr)
        return None
    return result.model, result.file
