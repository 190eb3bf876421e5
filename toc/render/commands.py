"""The `toc render` and `toc table` commands: arguments and runners, wired in by `toc.cli`.

Exit status as for `toc validate`: 0 when the output was written, 2 when the file could not be read
or the diagram could not be drawn (no `dot`, a timeout, too many elements, a bad option), or the
output cannot be written: an extension naming no format, or the very file the model came from.
Findings never fail these commands; `--with-findings` only draws them.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toc.findings import printable

if TYPE_CHECKING:
    from toc.findings import Report
    from toc.model import TheoryOfChange
    from toc.render.draw import Drawing
    from toc.render.errors import TooLargeError
    from toc.render.view import DiagramOptions, View

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
        "--layout", choices=("auto", "full", "overview"), default="auto",
        help="auto (default): the whole model up to 40 elements, else an overview of its "
        "outcomes and impacts, with the rest counted by group, that prints legibly on A4; "
        "full: every element; overview: the overview whatever the size",
    )  # fmt: skip
    parser.add_argument(
        "--split-by", metavar="GROUPS|TAG",
        help="one figure per group: 'groups' for the model's own groups:, or a framework tag "
        "prefix as for --group-by; each in a numbered file next to OUT, with a contents page "
        "linking them; for a .pdf OUT, one file of all the pages, the contents first",
    )  # fmt: skip
    parser.add_argument(
        "--kinds", metavar="KINDS",
        help="draw only these kinds, comma-separated, e.g. outcome,impact for a board paper "
        "(input, activity, output, kpi, outcome, impact, context)",
    )  # fmt: skip
    parser.add_argument(
        "--only", metavar="ID", help="draw only the chain of this element (e.g. one activity)"
    )
    parser.add_argument(
        "--group-by", metavar="TAG", help="bands by a framework tag prefix, e.g. llr:prevention"
    )
    parser.add_argument(
        "--direction", choices=("LR", "TB"),
        help="left to right (the default) or top to bottom; --split-by turns a page too wide "
        "for A4 top to bottom unless this is given",
    )  # fmt: skip
    parser.add_argument("--wrap", type=int, default=24, help="label width in characters")
    parser.add_argument(
        "--with-findings", action="store_true",
        help="validate the model and outline elements with findings, naming their codes",
    )  # fmt: skip
    from toc.cli import add_config_arguments

    add_config_arguments(parser.add_argument_group("validation options, with --with-findings"))
    parser.add_argument(
        "--dpi", type=float,
        help="resolution of a PNG (default 150), written into the file; not for SVG or PDF",
    )  # fmt: skip
    parser.add_argument(
        "--width", metavar="LENGTH",
        help="printed width of an SVG, PNG or PDF, e.g. 16cm for a Word page (cm, mm, in, pt)",
    )  # fmt: skip
    parser.add_argument("--height", metavar="LENGTH", help="printed height, as for --width")
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
    html = not to_stdout and args.format is None and Path(args.output).suffix.lower() in HTML
    fmt = "html" if html else _render_format(args)
    if fmt is None or not _options_fit(args, fmt):
        return EXIT_USAGE
    from toc.cli import config_from_args
    from toc.config import ConfigError

    try:
        report = model.validate(config_from_args(args)) if args.with_findings else None
    except ConfigError as error:
        print(f"toc render: {error}", file=sys.stderr)
        return EXIT_USAGE
    if html:
        from toc.render.interactive import run_render_html

        return run_render_html(args, model, report)
    if args.split_by is not None:
        if to_stdout:
            print(
                "toc render: --split-by writes several files; give -o a file name", file=sys.stderr
            )
            return EXIT_USAGE
        return _run_split(args, model, report, fmt)
    return _run_one(args, model, report, fmt, to_stdout)


def _options_fit(args: argparse.Namespace, fmt: str) -> bool:
    """Whether every option given applies to `fmt`; if not, say which, and what to do instead."""
    if fmt == "html":
        unfit = [
            option
            for option, given in (
                ("--split-by", args.split_by is not None),
                ("--layout overview", args.layout == "overview"),
                ("--dpi", args.dpi is not None),
                ("--width", args.width is not None),
                ("--height", args.height is not None),
            )
            if given
        ]
        if unfit:
            print(
                f"toc render: {', '.join(unfit)} cannot apply to the interactive page, which "
                "holds the whole model and pans, zooms and collapses its groups in the browser; "
                "leave it out, or write .svg, .png or .pdf",
                file=sys.stderr,
            )
        return not unfit
    if args.dpi is not None and fmt != "png":
        print(
            f"toc render: --dpi applies to PNG only; {fmt.upper()} is not made of pixels. "
            "Give its printed size with --width or --height (e.g. --width 16cm)",
            file=sys.stderr,
        )
        return False
    return True


def _run_one(
    args: argparse.Namespace,
    model: TheoryOfChange,
    report: Report | None,
    fmt: str,
    to_stdout: bool,
) -> int:
    from toc.render.draw import draw_model
    from toc.render.errors import RenderError

    try:
        data, drawing = draw_model(
            model, fmt, report, layout=args.layout, options=_options(args), dpi=args.dpi,
            width=args.width, height=args.height, timeout=args.timeout,
            max_elements=args.max_elements,
        )  # fmt: skip
        if not to_stdout:
            from toc._atomic import write_bytes_atomic

            write_bytes_atomic(args.output, data)
    except (RenderError, OSError) as error:
        return _failed(error, args.output)
    if to_stdout:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        print(f"toc render: wrote {printable(str(args.output))} ({fmt})", file=sys.stderr)
    split = "groups" if model.groups else "TAG"  # the model's own groups when it has them
    for line in _what_was_drawn(drawing, len(model.by_id), fmt, data, split):
        print(f"toc render: {line}", file=sys.stderr)
    return EXIT_OK


def _run_split(
    args: argparse.Namespace, model: TheoryOfChange, report: Report | None, fmt: str
) -> int:
    """A contents page and a page per group, each checked for legibility on A4.

    SVG and PNG pages are numbered files; PDF pages are merged into one file, the contents first.

    Unless `--direction` was given, a page too wide for A4 left to right is drawn top to bottom
    when that prints larger: a group's few elements per column fit a landscape page that way.
    """
    from toc.render.draw import draw_view
    from toc.render.errors import RenderError
    from toc.render.page import MIN_LABEL_POINTS
    from toc.render.split import contents_dot, numbered, split_views

    if fmt in ("dot", "mmd"):
        print("toc render: --split-by draws SVG, PNG or PDF files", file=sys.stderr)
        return EXIT_USAGE
    output = Path(args.output)
    flip = args.direction is None
    try:
        drawing = _drawing_args(args)
        measured = drawing["size"] is None
        with_findings = report is not None

        def legible(view: View) -> tuple[View, float]:
            return _legible(view, flip=flip, with_findings=with_findings, drawing=drawing)

        pages = split_views(
            model, _options(args), args.split_by, output, report=report,
            fits=(lambda view: legible(view)[1] >= MIN_LABEL_POINTS) if measured else None,
        )  # fmt: skip
        from toc.render.program import run_dot

        one_file = fmt == "pdf"
        contents = numbered(output, 0, "contents")
        drawn = [
            run_dot(contents_dot(model.title, pages, within=one_file), fmt, timeout=args.timeout)
        ]
        if not one_file:
            _write(contents, drawn[0])
            print(f"toc render: wrote {printable(str(contents))} ({fmt})", file=sys.stderr)
        notes: list[str] = []
        for number, page in enumerate(pages, start=2):
            view, points = legible(page.view) if measured else (page.view, None)
            drawn.append(draw_view(view, fmt, with_findings=with_findings, **drawing))
            if one_file:
                if note := _small_note(points):
                    notes.append(f"page {number} ({printable(page.label)}){note}")
                continue
            _write(page.path, drawn[-1])
            print(
                f"toc render: wrote {printable(str(page.path))} ({fmt}, "
                f"{len(page.view.nodes)} elements){_small_note(points)}",
                file=sys.stderr,
            )
        if one_file:
            from toc.render.pdf import merge_pages

            merged = merge_pages(drawn, [page.label for page in pages], title=model.title)
            _write(output, merged)
            print(
                f"toc render: wrote {printable(str(output))} (pdf, {len(drawn)} pages: "
                f"contents and {len(pages)} groups, {len(model.by_id)} elements)",
                file=sys.stderr,
            )
            for note in notes:
                print(f"toc render: {note}", file=sys.stderr)
    except (RenderError, OSError) as error:  # a page's own file, when it was that one
        return _failed(error, getattr(error, "filename", None) or args.output)
    return EXIT_OK


def _legible(
    view: View, *, flip: bool, with_findings: bool, drawing: dict[str, Any]
) -> tuple[View, float]:
    """The view, or the view top to bottom when allowed and larger in print; its A4 label size."""
    from toc.render.draw import draw_view
    from toc.render.page import MIN_LABEL_POINTS, label_points

    def points(candidate: View) -> float:
        svg = draw_view(candidate, "svg", with_findings=with_findings, **_measure(drawing))
        return label_points(svg.decode("utf-8"))

    size = points(view)
    if size >= MIN_LABEL_POINTS or not flip or view.options.direction == "TB":
        return view, size
    turned = replace(view, options=replace(view.options, direction="TB"))
    turned_size = points(turned)
    return (turned, turned_size) if turned_size > size else (view, size)


def _small_note(points: float | None) -> str:
    """What to do about a page whose labels print small on A4, or nothing."""
    from toc.render.page import MIN_LABEL_POINTS

    if points is None or points >= MIN_LABEL_POINTS:
        return ""
    return (
        f"; its labels print at {points:.1f} pt on A4 landscape: print it on A3, or draw less of "
        "it (--hide-kpis, --hide-context)"
    )


def _write(path: Path, data: bytes) -> None:
    from toc._atomic import write_bytes_atomic

    write_bytes_atomic(path, data)


def _measure(drawing: dict[str, Any]) -> dict[str, Any]:
    return {key: drawing[key] for key in ("timeout", "program", "max_elements")}


def _options(args: argparse.Namespace) -> DiagramOptions:
    from toc.render.view import DiagramOptions

    return DiagramOptions(
        hide_kpis=args.hide_kpis,
        hide_context=args.hide_context,
        only=args.only,
        group_by=args.group_by,
        direction=args.direction or "LR",
        wrap=args.wrap,
        kinds=args.kinds,
    )


def _drawing_args(args: argparse.Namespace) -> dict[str, Any]:
    """What `draw_view` takes from the command line, lengths turned into Graphviz's size."""
    from toc.render.draw import sized

    return {
        "dpi": args.dpi,
        "size": sized(args.width, args.height),
        "timeout": args.timeout,
        "program": "dot",
        "max_elements": args.max_elements,
    }


def _render_format(args: argparse.Namespace) -> str | None:
    """The format the output names (or `--format`), or None after saying why there is none."""
    from toc.render.dot import FORMATS

    fmt = (args.format or Path(args.output).suffix.lstrip(".")).lower()
    fmt = {"gv": "dot", "mermaid": "mmd"}.get(fmt, fmt)
    if fmt not in FORMATS:
        print(
            f"toc render: cannot tell the format of {printable(args.output)!r}: use a name ending "
            f"in {', '.join('.' + f for f in FORMATS)}, or pass --format one of "
            f"{', '.join(FORMATS)}",
            file=sys.stderr,
        )
        return None
    return fmt


def _failed(error: Exception, target: object) -> int:
    """Say in one line why drawing or writing `target` failed; the usage exit status."""
    from toc.render.errors import TooLargeError

    if isinstance(error, TooLargeError):
        message = _too_large(error)
    elif isinstance(error, OSError):
        message = f"cannot write {printable(str(target))}: {error.strerror or error}"
    else:
        message = str(error)
    print(f"toc render: {message}", file=sys.stderr)
    return EXIT_USAGE


def _too_large(error: TooLargeError) -> str:
    """The cap's message in the command line's words."""
    return (
        f"the diagram would have {error.elements} elements, more than the cap of {error.cap}, "
        "beyond which a drawing is neither legible nor quick to lay out. Draw the overview "
        "(--layout overview, the default for large models), one figure per group "
        "(--split-by TAG), or a part (--only ID, --kinds outcome,impact, --hide-kpis, "
        "--hide-context); use `toc table` instead, or raise the cap with --max-elements N."
    )


def _what_was_drawn(
    drawing: Drawing, elements: int, fmt: str, data: bytes, split: str = "TAG"
) -> list[str]:
    """A line on what an overview leaves out and how to see it; a warning on small labels."""
    from toc.render.page import MIN_LABEL_POINTS

    lines = []
    if drawing.level != "whole":
        lines.append(
            f"drew an overview ({drawing.level}) of {elements} elements, the rest counted by "
            f"group; for the details draw one figure per group (--split-by {split}), one chain "
            "(--only ID), or everything (--layout full)"
        )
    points = drawing.label_points
    if points is None and fmt == "svg":
        from toc.render.page import label_points

        points = label_points(data.decode("utf-8"))
    if points is not None and points < MIN_LABEL_POINTS:
        lines.append(
            f"labels print at {points:.1f} pt on A4 landscape, less than {MIN_LABEL_POINTS:g} pt; "
            "print on A3, or draw less (--layout overview, --split-by TAG, --kinds, --hide-kpis)"
        )
    return lines


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
