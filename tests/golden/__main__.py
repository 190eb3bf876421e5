"""`python -m tests.golden --update` rewrites the golden files; without it, lists the stale ones."""

from __future__ import annotations

import sys

from tests.golden import GOLDEN, actual, expected, update


def main(argv: list[str]) -> int:
    if argv == ["--update"]:
        for path in update():
            print(f"wrote {path}")
        return 0
    if argv:
        print("usage: python -m tests.golden [--update]", file=sys.stderr)
        return 2
    stale = [name for name in GOLDEN if actual(name) != expected(name)]
    for name in stale:
        print(f"stale: tests/golden/{name}")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
