"""The one base address of the documentation site, which `mkdocs.yml` builds from `docs/`.

Every URL the library prints (a finding's rule page, the schema's `$id`) is made from it, and
tests/test_docs_site.py builds the site and checks that each of those pages is in it.
"""

from __future__ import annotations

DOCS_BASE = "https://theory-of-change.readthedocs.io/en/latest/"
"""`site_url` in mkdocs.yml; a page `docs/x/y.md` is published at `DOCS_BASE + "x/y/"`."""
