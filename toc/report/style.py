"""The report's style sheet: neutral, readable on screen, and printed on A4 one section a page.

System fonts only (nothing fetched), black text on white, thin grey rules: fit for an annex to a
council strategy, with no logo or colour scheme to clash with the host document's.
"""

from __future__ import annotations

CSS = """\
@page { size: A4; margin: 16mm 14mm; }
html { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; font-size: 10.5pt;
  color: #111; background: #fff; line-height: 1.4; }
body { margin: 0 auto; max-width: 1100px; padding: 1.5em; }
h1 { font-size: 1.7em; margin: 0 0 0.2em; }
h2 { font-size: 1.3em; border-bottom: 1px solid #999; padding-bottom: 0.2em; margin-top: 2em; }
h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; }
.toc-subtitle { color: #444; margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.45em; text-align: left; vertical-align: top; }
thead th { background: #eee; }
tr { break-inside: avoid; page-break-inside: avoid; }
td p { margin: 0 0 0.4em; }
.toc-facts { width: auto; }
.toc-facts th { background: #f4f4f4; white-space: nowrap; }
.toc-id { color: #555; font-size: 0.85em; font-family: Menlo, Consolas, monospace; }
.toc-none, .toc-missing, .toc-note { color: #555; }
.toc-legend svg { vertical-align: middle; }
.toc-kpis td:last-child { width: 262px; }
.toc-group td { background: #f7f7f7; }
figure.toc-diagram { margin: 0; }
figure.toc-diagram svg { max-width: 100%; height: auto; }
a { color: #1f4e79; }
nav ol { margin: 0.3em 0; }
@media print {
  body { max-width: none; padding: 0; }
  section { break-before: page; page-break-before: always; }
  section#toc-summary { break-before: auto; page-break-before: auto; }
  figure.toc-diagram svg { max-height: 250mm; }
  a { color: inherit; text-decoration: none; }
  thead { display: table-header-group; }
}
"""
"""Inline in the report's `<head>`; no `@import`, `url()` or font files."""
