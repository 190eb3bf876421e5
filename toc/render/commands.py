"""The `toc render` and `toc table` commands: arguments and runners, wired in by `toc.cli`.

Exit status as for `toc validate`: 0 when the output was written, 2 when the file could not be read
or the diagram could not be drawn (no `dot`, a timeout, too many elements, a bad option). Findings
never fail these commands; `--with-findings` only draws them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toc.model import TheoryOfChange

EXIT_OK, EXIT_USAGE = 0, 2
TABLE_FORMATS = ("markdown", "html", "csv")


def add_render_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `toc render FILE -o OUT`."""
    parser.add_argument("file", metavar="FILE", help="a YAML file or a bundled model's name")
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT",
        help="file to write; its extension (.svg .png .pdf .dot .mmd) names the format; "
        "'-' writes to standard output (with --format)",
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
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to allow Graphviz")
    parser.add_argument(
        "--max-elements", type=int, default=400, help="refuse to draw more elements than this"
    )


def run_render(args: argparse.Namespace) -> int:
    """Load, optionally validate, and draw; write the file or standard output."""
    from toc.render.dot import render
    from toc.render.errors import RenderError

    model = _read(args.file, "render")
    if model is None:
        return EXIT_USAGE
    to_stdout = args.output == "-"
    if to_stdout and args.format is None:
        print("toc render: writing to '-' needs --format", file=sys.stderr)
        return EXIT_USAGE
    from toc.cli import config_from_args
    from toc.config import ConfigError

    try:
        report = model.validate(config_from_args(args)) if args.with_findings else None
    except ConfigError as error:
        print(f"toc render: {error}", file=sys.stderr)
        return EXIT_USAGE
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
        print(f"toc render: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    if to_stdout:
        sys.stdout.flush()
        sys.stdout.buffer.write(diagram.data)
        sys.stdout.buffer.flush()
    else:
        print(f"toc render: wrote {diagram.path} ({diagram.format})", file=sys.stderr)
    return EXIT_OK


def add_table_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `toc table FILE`."""
    parser.add_argument("file", metavar="FILE", help="a YAML file or a bundled model's name")
    parser.add_argument("--format", choices=TABLE_FORMATS, default="markdown")
    parser.add_argument("-o", "--output", type=Path, help="write to a file instead of stdout")


def run_table(args: argparse.Namespace) -> int:
    """Print (or write) the logic-model table."""
    from toc.render import table

    model = _read(args.file, "table")
    if model is None:
        return EXIT_USAGE
    if args.output is None:
        renderers = {
            "markdown": table.to_markdown_table,
            "html": table.to_html_table,
            "csv": table.to_csv,
        }
        text = renderers[args.format](model)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        writers = {
            "markdown": table.write_markdown_table,
            "html": table.write_html_table,
            "csv": table.write_csv,
        }
        try:
            writers[args.format](model, args.output)
        except OSError as error:
            print(
                f"toc table: cannot write {args.output}: {error.strerror or error}", file=sys.stderr
            )
            return EXIT_USAGE
    return EXIT_OK


def _read(file: str, command: str) -> TheoryOfChange | None:
    """The model, or None after printing why it could not be loaded (`file:line:col: CODE ...`)."""
    from toc.cli import read_model

    result = read_model(file)
    if result.model is None:
        for finding in result.findings:
            print(finding.format(), file=sys.stderr)
        print(f"toc {command}: could not load {file}", file=sys.stderr)
    return result.model
