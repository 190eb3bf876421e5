"""The interactive page (`toc render -o x.html`) against the plain SVG, in Python and in a browser.

Writing the page runs the same Graphviz layout as the SVG, then adds the data block (progress of
every KPI, each element's links) and the script; the goal is that this stays within 1.3x of
drawing the SVG alone. In Chromium, the page's script finds every node and measures it once at
load; the goal is that opening the page stays within 2x of opening the SVG file, and that a search
and a click (the chain of the first activity) each take a few milliseconds. Everything is
measured in the same run, alternately; medians are compared. Needs `dot`, Chromium and
Playwright (as the tests do).
Run: `.venv/bin/python -m benchmarks.interactive_scale`.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.generate import element_count, model_yaml
from toc.load import loads
from toc.render import interactive_html, render

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SIZES = {100: 5, 400: 3, 1_000: 3}
"""Elements, and how many timed runs of each."""
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


SEARCH = (
    "() => { const s = document.getElementById('toc-search'); const t = performance.now();"
    " s.value = 'kpi 1'; s.dispatchEvent(new Event('input')); return performance.now() - t; }"
)
CLICK = (
    "() => { const n = document.querySelector(\"[data-toc-id='activity-0']\");"
    " const t = performance.now(); n.dispatchEvent(new MouseEvent('click', {bubbles: true}));"
    " return performance.now() - t; }"
)


def one_size(browser: Browser, size: int, runs: int, folder: Path) -> str:
    """One line of figures for a generated model of about `size` elements."""
    model = loads(model_yaml(size))
    options: dict[str, Any] = {"max_elements": 100_000, "timeout": 3600.0}
    drawn, paged = [], []
    for _ in range(runs):  # alternately, so that other jobs on the machine weigh on both alike
        drawn.append(seconds(lambda: render(model, "svg", **options)))
        paged.append(seconds(lambda: interactive_html(model, **options)))
    svg, html = statistics.median(drawn), statistics.median(paged)
    svg_file, page_file = folder / "m.svg", folder / "m.html"
    render(model, svg_file, **options)
    page_file.write_text(interactive_html(model, **options), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    opened_svg, opened_page, searches, clicks = [], [], [], []
    for _ in range(runs):
        opened_svg.append(seconds(lambda: page.goto(svg_file.as_uri())))
        opened_page.append(seconds(lambda: page.goto(page_file.as_uri())))
        searches.append(page.evaluate(SEARCH))
        clicks.append(page.evaluate(CLICK))
    page.close()
    load_svg, load_page = statistics.median(opened_svg), statistics.median(opened_page)
    return (
        f"{element_count(size):>5} elements: svg {svg:6.2f} s, page {html:6.2f} s, "
        f"ratio {html / svg:.2f}; open in Chromium: svg {load_svg:5.2f} s, "
        f"page {load_page:5.2f} s, ratio {load_page / load_svg:.2f}; "
        f"search {statistics.median(searches):.1f} ms, "
        f"click {statistics.median(clicks):.1f} ms (median of {runs})"
    )


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if shutil.which("dot") is None or chromium is None:
        raise SystemExit("needs Graphviz's `dot` and Chromium: run ./dev test once to install them")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        print(f"Chromium {browser.version}")
        for size, runs in SIZES.items():
            print(one_size(browser, size, runs, Path(tmp)), flush=True)
        browser.close()


if __name__ == "__main__":
    main()
