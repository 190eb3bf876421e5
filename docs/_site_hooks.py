"""MkDocs hooks: put on the site the repository files the docs link to, and the JSON Schema.

The docs link to example files beside them in the repository (`../examples/bradford-report.html`),
which is right when reading them on a code host. On the site those files are published under
`examples/`, and links from a page are rewritten to point there; a link to a file not published
stays broken and fails `mkdocs build --strict`. The schema is published at the address of its
`$id` (`toc.schema.SCHEMA_ID`).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[1]
_EXAMPLES_LINK = re.compile(r"\]\(\.\./examples/([^)\s]+)\)")


def on_files(files: Files, config: Any) -> Files:
    for path in sorted((ROOT / "examples").glob("*")):
        if path.is_file() and path.suffix in {".html", ".csv", ".xlsx", ".yaml", ".ipynb"}:
            files.append(File.generated(config, f"examples/{path.name}", abs_src_path=str(path)))
    return files


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    up = "../" * page.file.src_uri.count("/")
    return _EXAMPLES_LINK.sub(lambda m: f"]({up}examples/{m.group(1)})", markdown)


def on_post_build(config: Any, **_: Any) -> None:
    site = Path(config["site_dir"])
    shutil.copyfile(ROOT / "schemas" / "toc.schema.json", site / "toc.schema.json")
