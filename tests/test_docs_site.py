"""The docs site builds with `mkdocs build --strict`, and every URL the library prints is a page of it.

Strict mode turns MkDocs' warnings into a failed build: a link to a page or anchor that does not
exist, a page under docs/ left out of the navigation (rule pages are reached from the rules
index instead), a page named in the navigation that is not there.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import toc
from toc._urls import DOCS_BASE
from toc.findings import rule_url
from toc.rules import RULES
from toc.schema import SCHEMA_ID

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


def _page(site: Path, url: str) -> Path:
    assert url.startswith(DOCS_BASE), url
    return site / url.removeprefix(DOCS_BASE) / "index.html"


def test_the_site_address_is_the_one_constant() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_url"] == DOCS_BASE


@pytest.mark.parametrize("code", list(RULES))
def test_every_rule_url_is_a_page_of_the_site(site: Path, code: str) -> None:
    page = _page(site, rule_url(code))
    assert page.is_file(), page
    assert f"{code}" in page.read_text(encoding="utf-8")


def test_the_urls_of_real_findings_are_pages(site: Path) -> None:
    report = toc.load("bradford").validate()
    assert report
    for finding in report:
        assert _page(site, finding.url).is_file(), finding.url


def test_the_schema_is_published_at_its_id(site: Path) -> None:
    assert SCHEMA_ID.startswith(DOCS_BASE)
    published = site / SCHEMA_ID.removeprefix(DOCS_BASE)
    committed = ROOT / "schemas" / "toc.schema.json"
    assert published.read_bytes() == committed.read_bytes()


def test_the_api_reference_comes_from_the_docstrings(site: Path) -> None:
    page = (site / "api" / "index.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for documented in (toc.load, toc.Report.raise_for_severity, toc.TheoryOfChange.validate):
        summary = (documented.__doc__ or "").strip().splitlines()[0].replace("`", "")
        assert summary and summary in text, summary


def test_linked_example_files_are_published(site: Path) -> None:
    assert (site / "examples" / "bradford-report.html").is_file()
    assert (site / "examples" / "bradford-actuals.csv").is_file()


def test_nothing_is_fetched_from_elsewhere(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page
        assert '<script src="http' not in text, page
