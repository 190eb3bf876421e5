"""The interactive page in a real browser: Debian's Chromium, driven by Playwright.

`./dev test` installs Chromium from the OS packages when it is missing, as it does Graphviz, and
Playwright comes with the dev dependencies, so these run on a fresh CI machine. They skip, saying
why, only where no Chromium or no Playwright can be had. Playwright's own browser download is never
used: `executable_path` points at the system's Chromium.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.render_models import bradford, hostile, small
from tests.test_render_interactive import grouped_model, kpi_model
from toc.render import interactive_html

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",  # tests run as root in CI containers, where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    explicit = os.environ.get("TOC_CHROMIUM")
    if explicit:
        return explicit
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def _why_not() -> str | None:
    if shutil.which("dot") is None:
        return "Graphviz `dot` is not installed (./dev installs it; apt-get install graphviz)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the `playwright` package is not installed (pip install -e '.[dev]')"
    if _chromium() is None:
        return (
            "no Chromium found (./dev test installs Debian's `chromium`; or set TOC_CHROMIUM "
            "to a Chromium executable)"
        )
    return None


pytestmark = pytest.mark.skipif(_why_not() is not None, reason=_why_not() or "")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=_chromium(), args=LAUNCH_ARGS)
        yield launched
        launched.close()


class Opened:
    """A page of the browser showing an interactive HTML file, with what it complained of."""

    def __init__(self, browser: Browser, path: Path) -> None:
        self.page: Page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.url = path.as_uri()
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"console {message.type}: {message.text}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def node(self, element_id: str) -> str:
        return f"g.toc-el[data-toc-id='{element_id}']"

    def ids(self, selector: str) -> list[str]:
        found: list[str] = self.page.eval_on_selector_all(
            selector, "els => els.map(e => e.dataset.tocId)"
        )
        return found

    def view_box(self) -> list[float]:
        text: str = self.page.get_attribute("#toc-canvas svg", "viewBox") or ""
        return [float(part) for part in text.split()]

    def visible(self, selector: str) -> bool:
        return self.page.is_visible(selector)

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def open_page(browser: Browser, tmp_path: Path) -> Iterator[Any]:
    opened: list[Opened] = []

    def open_model(html: str, name: str = "model.html") -> Opened:
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        page = Opened(browser, path)
        opened.append(page)
        return page

    yield open_model
    for page in opened:
        page.close()


def test_bradford_loads_without_errors_or_requests(open_page: Any, tmp_path: Path) -> None:
    page = open_page(interactive_html(bradford()))
    assert page.errors == []
    assert page.requests == [page.url]  # the file itself, nothing else
    assert len(page.ids("g.toc-el")) == 33
    assert page.page.locator("#toc-groups button").count() == 7  # one per column
    page.page.screenshot(path=str(tmp_path / "bradford.png"))


def test_search_finds_an_element_and_centres_it(open_page: Any) -> None:
    page = open_page(interactive_html(bradford()))
    page.page.fill("#toc-search", "feedback good")
    assert page.ids(".toc-match") == ["kpi-feedback-good"]
    assert page.page.text_content("#toc-count") == "1 of 1"
    node = page.page.locator(page.node("kpi-feedback-good")).bounding_box()
    canvas = page.page.locator("#toc-canvas").bounding_box()
    assert node is not None and canvas is not None
    centre = (node["x"] + node["width"] / 2, node["y"] + node["height"] / 2)
    middle = (canvas["x"] + canvas["width"] / 2, canvas["y"] + canvas["height"] / 2)
    assert abs(centre[0] - middle[0]) < 5 and abs(centre[1] - middle[1]) < 5
    page.page.fill("#toc-search", "training")
    assert page.ids(".toc-match") == [
        "practitioner-training",
        "organisation-training",
        "kpi-training-participants",
    ]
    page.page.press("#toc-search", "Enter")
    assert page.page.text_content("#toc-count") == "2 of 3"
    assert page.ids(".toc-current") == ["organisation-training"]
    page.page.fill("#toc-search", "no such words")
    assert page.page.text_content("#toc-count") == "no match"
    assert page.ids(".toc-match") == [] and page.page.text_content("#toc-count") == "no match"
    assert page.errors == []


def test_a_click_lights_up_the_chain_and_dims_the_rest(open_page: Any) -> None:
    model = small()
    page = open_page(interactive_html(model))
    page.page.click(page.node("campaign"))
    # funding feeds the campaign, and the barrier on funding bears on it; downstream, the
    # output, what it leads to and the KPI measuring that outcome; not `train` or its output
    expected = {"money", "funding", "campaign", "aware", "resilience", "practice", "reach",
                "fewer-aces"}  # fmt: skip
    assert set(page.ids("g.toc-el.toc-on")) == expected
    assert page.ids(".toc-selected") == ["campaign"]
    dimmed = page.page.eval_on_selector(page.node("train"), "e => getComputedStyle(e).opacity")
    lit = page.page.eval_on_selector(page.node("aware"), "e => getComputedStyle(e).opacity")
    assert float(dimmed) == pytest.approx(0.15) and float(lit) == 1.0
    lit_edges = page.page.eval_on_selector_all(
        "g.edge.toc-on", "els => els.map(e => e.querySelector('title').textContent).sort()"
    )
    assert lit_edges == sorted(
        [
            "money->funding",
            "funding->campaign",
            "campaign->aware",
            "aware->resilience",
            "resilience->practice",
            "practice->fewer-aces",
            "practice->reach",
        ]
    )
    status = page.page.text_content("#toc-status")
    assert status == "Run a campaign: 2 upstream, 5 downstream."
    page.page.keyboard.press("Escape")
    assert page.ids("g.toc-el.toc-on") == []
    page.page.click(page.node("feedback"))  # a KPI: what it measures and what leads there
    assert set(page.ids("g.toc-el.toc-on")) == {"feedback", "trained", "train", "funding", "money"}
    assert page.errors == []


def test_a_click_on_an_element_with_a_source_link_selects_it_rather_than_leaving(
    open_page: Any,
) -> None:
    model = small()
    data = model.model_dump(exclude_defaults=True)
    data["activities"][0]["source"] = {"url": "https://example.org/strategy.pdf"}
    page = open_page(interactive_html(type(model).model_validate(data)))
    assert page.page.locator("a[*|href='https://example.org/strategy.pdf']").count() == 1
    page.page.click(page.node("train"))
    assert page.ids(".toc-selected") == ["train"]
    assert page.page.url == page.url and len(page.page.context.pages) == 1
    assert page.requests == [page.url] and page.errors == []


def test_hovering_a_kpi_shows_its_baseline_target_and_latest_actual(open_page: Any) -> None:
    page = open_page(interactive_html(kpi_model()))
    assert not page.visible("#toc-card")
    page.page.hover(page.node("feedback"))
    assert page.visible("#toc-card")
    text = page.page.inner_text("#toc-card")
    assert "90% rate the training good" in text
    assert "Baseline\n40% (2023)" in text
    assert "Target\n>= 60% (2025); >= 90% (2026)" in text
    assert "Latest actual\n55% (2025)" in text
    assert "Status\namber" in text
    page.page.mouse.move(2, 890)
    assert not page.visible("#toc-card")
    assert page.errors == []


def test_collapsing_a_group_hides_it_and_expanding_brings_it_back(open_page: Any) -> None:
    page = open_page(interactive_html(small()))
    kpi_boxes = page.page.locator(
        "g.cluster", has=page.page.locator("title", has_text="cluster_kpis")
    )
    assert kpi_boxes.count() == 2 and kpi_boxes.first.is_visible()
    page.page.fill("#toc-search", "workforce")
    page.page.click("#toc-fit")  # the reader moves away from the match
    seen = page.view_box()
    kpis = page.page.locator("#toc-groups button", has_text="KPIs")
    kpis.click()
    assert kpis.get_attribute("aria-expanded") == "false"
    assert page.view_box() == seen  # collapsing does not move the view to a search match
    assert not page.visible(page.node("feedback")) and not page.visible(page.node("reach"))
    assert page.visible(page.node("trained"))
    assert not kpi_boxes.first.is_visible() and not kpi_boxes.last.is_visible()
    box = page.page.locator(".toc-collapsed-box")
    assert box.count() == 1 and "KPIs (2 hidden)" in (box.text_content() or "")
    page.page.fill("#toc-search", "campaign reach")
    assert page.page.text_content("#toc-count") == "no match"  # nothing hidden is found
    page.page.fill("#toc-search", "")
    box.click()  # the box expands the group again
    assert page.visible(page.node("feedback")) and kpis.get_attribute("aria-expanded") == "true"
    assert kpi_boxes.first.is_visible()
    assert page.page.locator(".toc-collapsed-box").count() == 0
    assert page.errors == []


def test_bands_of_group_by_collapse_to_their_box(open_page: Any) -> None:
    page = open_page(interactive_html(small(), group_by="llr:prevention"))
    page.page.locator("#toc-groups button", has_text="Secondary").click()
    assert not page.visible(page.node("train")) and not page.visible(page.node("resilience"))
    assert page.visible(page.node("campaign"))
    hidden_links = page.page.eval_on_selector_all(
        "g.edge.toc-hidden", "els => els.map(e => e.querySelector('title').textContent)"
    )
    assert hidden_links == []  # links into the band end at its box, none lies wholly inside
    assert page.errors == []


def test_the_models_groups_nest_in_the_panel_and_collapse_with_their_sub_groups(
    open_page: Any,
) -> None:
    page = open_page(interactive_html(grouped_model()))
    headings = page.page.eval_on_selector_all(
        "#toc-groups h2", "els => els.map(e => e.textContent)"
    )
    assert headings == ["Groups", "Columns"]
    page.page.hover(page.node("train"))
    assert "Group\nPrevention \u203a Schools" in page.page.inner_text("#toc-card")
    page.page.locator("#toc-groups button", has_text="Prevention").click()
    for hidden in ("train", "campaign", "trained"):
        assert not page.visible(page.node(hidden)), hidden
    assert page.visible(page.node("funding")) and page.visible(page.node("aware"))
    # scattered over three columns, the group has no one place for a box: its links go too
    assert page.page.locator(".toc-collapsed-box").count() == 0
    into = page.page.locator("g.edge", has=page.page.locator("title", has_text="funding->train"))
    away = page.page.locator("g.edge", has=page.page.locator("title", has_text="aware->resil"))
    assert into.count() == 1 and not into.is_visible()
    assert away.count() == 1 and away.is_visible()
    page.page.locator("#toc-groups button", has_text="Prevention").click()
    assert page.visible(page.node("train")) and page.visible(page.node("campaign"))
    assert page.errors == []


def test_pan_and_zoom_move_the_view_box(open_page: Any) -> None:
    page = open_page(interactive_html(bradford()))
    start = page.view_box()
    page.page.mouse.move(800, 450)
    page.page.mouse.wheel(0, -400)
    page.page.wait_for_function(f"document.querySelector('#toc-canvas svg')"
                                f".viewBox.baseVal.width < {start[2]}")  # fmt: skip
    zoomed = page.view_box()
    assert zoomed[2] < start[2] and zoomed[3] < start[3]
    page.page.mouse.move(700, 700)
    page.page.mouse.down()
    page.page.mouse.move(600, 650, steps=5)
    page.page.mouse.up()
    panned = page.view_box()
    assert panned[0] > zoomed[0] and panned[1] > zoomed[1] and panned[2] == zoomed[2]
    assert page.ids(".toc-selected") == []  # a drag is not a click
    page.page.click("#toc-fit")
    assert page.view_box() == start
    assert page.errors == []


def test_hostile_labels_run_nothing(open_page: Any) -> None:
    page = open_page(interactive_html(hostile()))
    page.page.fill("#toc-search", "<script>alert(3)</script>")
    assert len(page.ids(".toc-match")) == 7  # the element of each kind with that label
    page.page.hover(page.node("kpi-3"))
    assert "<script>alert(3)</script>" in page.page.inner_text("#toc-card")
    page.page.click(page.node("act-7"))
    assert page.dialogs == [] and page.errors == []
    assert page.page.evaluate("document.querySelectorAll('script, img').length") == 2
    assert page.requests == [page.url]
