r"""One HTML file to explore a large model in a browser: pan, zoom, search, chains, groups, KPIs.

Kumu and ToC-Maker give this in a web app; here it is a single file that opens offline and can be
attached to an e-mail. The page holds three things: the SVG Graphviz draws for the model (as
`toc render -o x.svg` would), the data the script needs as JSON (each element's label, kind,
group, direct links up- and downstream, a KPI's baseline, target and latest actual), and a small
script written for this page (`interactive.js`, shipped with the package).

Nothing reaches the network: the script, styles and data are inline, and a Content-Security-Policy
allows only that script (by its hash) and inline styles, so a browser refuses any fetch, image,
font or other script, whatever a label holds. User text reaches the page three ways, each escaped:
in the SVG (by `toc.render.text`, as in every diagram), in the HTML around it (`html_text`), and
in the JSON block, where `<`, `>` and `&` are written as JSON's `\u` escapes so that no label
can close the block; the script only ever puts that text into the page as text (`textContent`).

The script finds an element's node by the SVG `<title>` Graphviz gives every node (its name, the
element id) and a link's by its `<title>` `source->target`.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toc._atomic import write_text_atomic
from toc.model import ContextFactor, Kpi, Outcome
from toc.render.dot import MAX_ELEMENTS, render
from toc.render.text import clean, html_text, shorten
from toc.render.view import Column, DiagramOptions, View, build_view

if TYPE_CHECKING:
    from toc.analysis.progress import KpiProgress, Progress
    from toc.findings import Report
    from toc.model import Actual, Baseline, Target, TheoryOfChange

__all__ = ["interactive_html", "run_render_html", "write_interactive_html"]

LABEL_CHARS = 1000
"""Characters of a label kept for search and the hover card; longer labels end in "…"."""
DESCRIPTION_CHARS = 400
"""Characters of a description shown in the hover card."""
VALUES_SHOWN = 6
"""Baselines or targets (milestones) listed in a KPI's hover card; more are counted."""
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def interactive_html(
    model: TheoryOfChange,
    *,
    report: Report | None = None,
    progress: Progress | None = None,
    timeout: float = 60.0,
    max_elements: int = MAX_ELEMENTS,
    program: str = "dot",
    **options: Any,
) -> str:
    """The model as one self-contained, interactive HTML page; runs Graphviz for the drawing.

    Options are those of `to_dot` (`hide_kpis`, `only`, `group_by`, `direction`, `wrap`, ...);
    `report` outlines elements with findings, as in `render`. A KPI's latest actual and status
    come from `progress` (`model.progress(actuals_file)`), else from the model's own actuals.
    Raises what `render` raises (a `RenderError` subclass) when the diagram cannot be drawn.
    """
    view = build_view(model, DiagramOptions(**options), report)
    diagram = render(
        model,
        "svg",
        report,
        timeout=timeout,
        max_elements=max_elements,
        program=program,
        **options,
    )
    svg = diagram.text
    svg = svg[svg.index("<svg") :]  # no XML prolog or DOCTYPE inside HTML
    if progress is None:
        from toc.analysis.progress import progress as progress_of

        progress = progress_of(model)
    data = page_data(model, view, progress)
    return _page(model.title, svg, data)


def write_interactive_html(model: TheoryOfChange, path: str | Path, **options: Any) -> Path:
    """Write `interactive_html(model, ...)` to a file in one step; return the path written."""
    return write_text_atomic(path, interactive_html(model, **options))


def run_render_html(args: argparse.Namespace, model: TheoryOfChange, report: Report | None) -> int:
    """`toc render FILE -o OUT.html`: write the page; exit 0, or 2 after one line saying why."""
    from toc.findings import printable
    from toc.render.errors import RenderError

    shown = printable(str(args.output))
    try:
        write_interactive_html(
            model,
            args.output,
            report=report,
            timeout=args.timeout,
            max_elements=args.max_elements,
            hide_kpis=args.hide_kpis,
            hide_context=args.hide_context,
            only=args.only,
            group_by=args.group_by,
            wrap=args.wrap,
            kinds=args.kinds,
            **({"direction": args.direction} if args.direction else {}),  # else the default
        )
    except RenderError as error:
        print(f"toc render: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"toc render: cannot write {shown}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"toc render: wrote {shown} (interactive html)", file=sys.stderr)
    return 0


def page_data(model: TheoryOfChange, view: View, progress: Progress) -> dict[str, Any]:
    """What the script needs, as plain JSON-ready values; element text is cleaned and capped."""
    up: dict[str, list[str]] = {node_id: [] for node_id in view.nodes}
    down: dict[str, list[str]] = {node_id: [] for node_id in view.nodes}
    for edge in view.edges:
        down[edge.source].append(edge.target)
        up[edge.target].append(edge.source)
    records: dict[str, list[KpiProgress]] = {}
    for record in progress.kpis:
        records.setdefault(record.kpi, []).append(record)
    groups = [*_model_groups(model, view), *_bands(view), *map(_column_group, view.columns)]
    innermost = _innermost(model, view)
    elements: dict[str, dict[str, Any]] = {}
    for node_id, node in view.nodes.items():
        element = node.element
        entry: dict[str, Any] = {
            "label": shorten(element.label, LABEL_CHARS),
            "kind": element.kind,
            "heading": _kind_heading(element),
            "group": innermost.get(node_id),
            "up": up[node_id],
            "down": down[node_id],
        }
        if element.description:
            entry["description"] = shorten(element.description, DESCRIPTION_CHARS)
        if node.codes:
            entry["codes"] = list(node.codes)
        if isinstance(element, Kpi):
            entry["kpi"] = _kpi_card(element, records.get(element.id, []))
        elements[node_id] = entry
    return {"title": clean(view.title), "elements": elements, "groups": groups}


def _kind_heading(element: Any) -> str:
    if isinstance(element, Outcome):
        return f"{element.term.capitalize()}-term outcome"
    if isinstance(element, ContextFactor):
        return element.kind.capitalize()
    return "KPI" if element.kind == "kpi" else element.kind.capitalize()


# The groups a reader can collapse, each keyed `group:ID`, `band:KEY` or `column:KEY` so that the
# three kinds never clash: the model's own `groups:` (nested, a parent holding its sub-groups'
# elements), the bands of `group_by`, and the diagram's columns. `cluster` names the Graphviz
# cluster drawn around one (its SVG `<title>`), so the script can put the collapsed box there;
# otherwise the script boxes the members where they sit together, or just hides them.


def _model_groups(model: TheoryOfChange, view: View) -> Iterator[dict[str, Any]]:
    from toc.groups import walk_groups

    inside = _nested_members(model)
    seen: set[str] = set()
    for _, chain in walk_groups(model.groups):
        group = chain[-1]
        if group.id in seen:  # a repeated id (TOC119): the first is the group
            continue
        seen.add(group.id)
        yield {
            "key": f"group:{group.id}",
            "label": shorten(group.label, 200),
            "members": [i for i in inside.get(group.id, ()) if i in view.nodes],
            "cluster": None,
            "kind": "group",
            "depth": len(chain) - 1,
            "parent": f"group:{chain[-2].id}" if len(chain) > 1 else None,
        }


def _nested_members(model: TheoryOfChange) -> dict[str, list[str]]:
    """Each group id → ids of its elements and its sub-groups' elements, in document order."""
    from toc.groups import group_paths

    paths = group_paths(model)
    found: dict[str, list[str]] = {group_id: [] for group_id in paths}
    for element in model.by_id.values():
        for group in paths.get(element.group or "", ()):
            found[group.id].append(element.id)
    return found


def _innermost(model: TheoryOfChange, view: View) -> dict[str, str]:
    """Each shown element → the key of its band when banded, else of its own (innermost) group."""
    if view.groups:
        return {i: f"band:{node.group}" for i, node in view.nodes.items() if node.group}
    from toc.groups import group_paths

    declared = group_paths(model)
    found: dict[str, str] = {}
    for i, node in view.nodes.items():
        group = getattr(node.element, "group", None)  # a statement belongs to no group
        if group is not None and group in declared:
            found[i] = f"group:{group}"
    return found


def _bands(view: View) -> Iterator[dict[str, Any]]:
    for index, (key, label) in enumerate(view.groups):
        yield {
            "key": f"band:{key}",
            "label": clean(label),
            "members": [node.id for node in view.nodes.values() if node.group == key],
            "cluster": f"cluster_group_{index}",
            "kind": "band",
            "depth": 0,
            "parent": None,
        }


def _column_group(column: Column) -> dict[str, Any]:
    return {
        "key": f"column:{column.key}",
        "label": column.heading,
        "members": list(column.node_ids),
        "cluster": "cluster_context" if column.key == "context" else None,
        "kind": "column",
        "depth": 0,
        "parent": None,
    }


def _kpi_card(kpi: Kpi, records: list[KpiProgress]) -> dict[str, Any]:
    """A KPI's measure, baselines, targets, latest actual and status, each as text to show."""
    from toc.analysis.progress import worst

    overall = [r for r in records if not r.dimensions]
    shown = overall or records[:3]
    latest = [_latest(kpi, record) for record in shown if _has_value(record)]
    status = worst(r.status for r in overall) or worst(r.status for r in records)
    return {
        "measure": _measure(kpi),
        "baseline": _listed([_value(kpi, b) for b in kpi.baselines]),
        "target": _listed([_value(kpi, t) for t in kpi.targets]),
        "latest": latest,
        "status": status,
    }


def _listed(values: list[str]) -> list[str]:
    if len(values) <= VALUES_SHOWN:
        return values
    return [*values[: VALUES_SHOWN - 1], f"and {len(values) - VALUES_SHOWN + 1} more"]


def _measure(kpi: Kpi) -> str:
    parts: list[str] = [kpi.measure or "measure not stated"]
    if kpi.unit:
        parts.append(shorten(kpi.unit, 200))
    if kpi.ascending is not None:
        parts.append("higher is better" if kpi.ascending else "lower is better")
    return "; ".join(parts)


def _number(kpi: Kpi, value: float) -> str:
    from toc.rules.monitoring import show

    return show(value) + ("%" if kpi.measure == "percentage" else "")


def _value(kpi: Kpi, record: Baseline | Target | Actual) -> str:
    """A baseline or target as a reader says it: `> 85% (2026-27)`, `tbc`, `good (2025)`."""
    from toc.monitoring import period_label

    if record.value is not None:
        text = _number(kpi, record.value)
        comparator = getattr(record, "comparator", None)
        if comparator is not None:
            text = f"{comparator} {text}"
    elif record.text is not None:
        text = shorten(record.text, 200)
    else:
        text = record.status or "no value"
    period = period_label(record)
    if period:
        text += f" ({shorten(period, 60)})"
    if record.dimensions:
        dimensions = ", ".join(f"{k}: {v}" for k, v in record.dimensions.items())
        text += f" [{shorten(dimensions, 200)}]"
    return text


def _has_value(record: KpiProgress) -> bool:
    return record.actual is not None or record.text is not None or record.value_status is not None


def _latest(kpi: Kpi, record: KpiProgress) -> str:
    """The latest actual of a series, with its period and, for a disaggregation, its dimensions."""
    if record.actual is not None:
        text = _number(kpi, record.actual)
    elif record.text is not None:
        text = shorten(record.text, 200)
    else:
        text = str(record.value_status)
    if record.period:
        text += f" ({shorten(record.period, 60)})"
    if record.dimensions:
        dimensions = ", ".join(f"{k}: {v}" for k, v in record.dimensions)
        text += f" [{shorten(dimensions, 200)}]"
    return text


def script_text() -> str:
    """The page's script, as shipped with the package."""
    return files("toc.render").joinpath("interactive.js").read_text(encoding="utf-8")


def json_for_html(data: Any) -> str:
    r"""JSON that can sit inside `<script type="application/json">`: no `<`, `>` or `&` in it.

    Written as `\u003c` and so on, they read back the same with `JSON.parse`, and no label can
    close the block (`</script>`) or open a comment in it (`<!--`).
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in _JSON_ESCAPES.items():
        text = text.replace(char, escaped)
    return text


def _page(title: str, svg: str, data: dict[str, Any]) -> str:
    script = script_text()
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    script_hash = base64.b64encode(digest).decode("ascii")
    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'"
    )
    heading = html_text(clean(title))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{heading}</title>\n<style>\n{_CSS}</style>\n</head>\n<body>\n"
        '<header class="toc-bar">\n'
        f"<h1>{heading}</h1>\n"
        '<div class="toc-search" role="search">'
        '<label for="toc-search">Search</label>'
        '<input id="toc-search" type="search" placeholder="label or id" autocomplete="off">'
        '<button type="button" id="toc-prev" title="Previous match">&#8593;</button>'
        '<button type="button" id="toc-next" title="Next match">&#8595;</button>'
        '<output id="toc-count" for="toc-search" aria-live="polite"></output></div>\n'
        '<div class="toc-zoom"><button type="button" id="toc-zoom-in" title="Zoom in">+</button>'
        '<button type="button" id="toc-zoom-out" title="Zoom out">&#8722;</button>'
        '<button type="button" id="toc-fit" title="Show the whole diagram">Fit</button></div>\n'
        "</header>\n"
        '<nav class="toc-side" aria-label="Groups"><div id="toc-groups"></div>'
        '<p class="toc-help">Drag to pan, scroll to zoom. Click an element to light up its '
        "chain, up- and downstream; click the background or press Esc to clear.</p>"
        '<p id="toc-status" aria-live="polite"></p></nav>\n'
        f'<main class="toc-canvas" id="toc-canvas">\n{svg}\n</main>\n'
        '<div class="toc-card" id="toc-card" role="tooltip" hidden></div>\n'
        f'<script type="application/json" id="toc-data">{json_for_html(data)}</script>\n'
        f"<script>{script}</script>\n"
        "</body>\n</html>\n"
    )


_CSS = """\
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font-family: Helvetica, Arial, sans-serif; color: #111; }
body { display: grid; grid-template: "bar bar" auto "side canvas" 1fr / 16rem 1fr; }
.toc-bar { grid-area: bar; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center;
  padding: .4rem .8rem; border-bottom: 1px solid #ccc; background: #fafafa; }
.toc-bar h1 { font-size: 1.05rem; margin: 0; flex: 1 1 20rem; }
.toc-search { display: flex; gap: .3rem; align-items: center; }
.toc-search input { width: 16rem; padding: .2rem .4rem; }
.toc-search output { min-width: 6rem; font-size: .85rem; color: #444; }
button { font: inherit; padding: .1rem .5rem; cursor: pointer; }
.toc-side { grid-area: side; overflow: auto; padding: .5rem .8rem; border-right: 1px solid #ccc;
  font-size: .9rem; }
.toc-side h2 { font-size: .95rem; margin: .6rem 0 .3rem; }
.toc-side ul { list-style: none; margin: 0; padding: 0; }
.toc-side li button { width: 100%; text-align: left; background: none; border: 0;
  padding: .2rem .1rem; }
.toc-side li button[aria-expanded="false"] { color: #777; }
.toc-help { color: #555; font-size: .8rem; }
.toc-canvas { grid-area: canvas; overflow: hidden; position: relative; cursor: grab;
  touch-action: none; }
.toc-canvas.toc-dragging { cursor: grabbing; }
.toc-canvas > svg { width: 100%; height: 100%; display: block; user-select: none; }
.toc-el { cursor: pointer; }
.toc-el:focus { outline: none; }
.toc-el:focus-visible :is(polygon, path) { stroke: #000; stroke-width: 3px; stroke-dasharray: 2 2; }
.toc-hidden { display: none; }
svg.toc-focus .toc-el:not(.toc-on), svg.toc-focus g.edge:not(.toc-on) { opacity: .15; }
svg.toc-focus g.edge.toc-on :is(path, polygon) { stroke-width: 2.5px; }
.toc-selected :is(polygon, path) { stroke: #000; stroke-width: 4px; }
.toc-match :is(polygon, path) { stroke: #0072B2; stroke-width: 5px; }
.toc-current { filter: drop-shadow(0 0 5px #0072B2); }
.toc-collapsed-box rect { fill: #eee; stroke: #777; stroke-dasharray: 5 3; cursor: pointer; }
.toc-collapsed-box text { font-size: 13px; font-weight: bold; fill: #333; cursor: pointer; }
.toc-card { position: fixed; max-width: 24rem; padding: .5rem .7rem; background: #fff;
  border: 1px solid #888; border-radius: 4px; box-shadow: 0 2px 6px rgba(0,0,0,.25);
  font-size: .85rem; pointer-events: none; z-index: 10; }
.toc-card h3 { font-size: .9rem; margin: 0 0 .3rem; }
.toc-card .toc-kind { color: #555; font-size: .75rem; text-transform: uppercase; }
.toc-card dl { display: grid; grid-template-columns: auto 1fr; gap: .1rem .6rem;
  margin: .3rem 0 0; }
.toc-card dt { font-weight: bold; }
.toc-card dd { margin: 0; }
.toc-card .toc-id { color: #555; font-family: monospace; }
@media print { .toc-bar, .toc-side { display: none; } body { display: block; } }
"""
