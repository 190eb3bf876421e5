"""`python -m tests.golden --update` rewrites the golden files; without it, lists the stale ones."""

from __future__ import annotations

import sys

from tests.golden import DIAGRAMS_DOC, GOLDEN, actual, doc_text, expected, update


def main(argv: list[str]) -> int:
    if argv == ["--update"]:
        for path in update():
            print(f"wrote {path}")
        return 0
    if argv:
        print("usage: python -m tests.golden [--update]", file=sys.stderr)
        return 2
    stale = [f"tests/golden/{name}" for name in GOLDEN if actual(name) != expected(name)]
    if doc_text() != DIAGRAMS_DOC.read_text(encoding="utf-8"):
        stale.append("docs/diagrams.md")
    for name in stale:
        print(f"stale: {name}")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
