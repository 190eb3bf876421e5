"""The hostile-input corpus: every broken file gives exactly its expected findings, and no harm.

Evaluators run `toc validate` in CI on files written by many hands, so each case in
`tests/corpus/` pins what the command must say about one kind of breakage: the exact set of
(code, line, column), the exit status (1 for findings, 2 for a file that cannot be read), and no
traceback. A case is `NAME.expected` with either `NAME.yaml` beside it or, for inputs too big to
commit, a generator below. The format of `.expected` files is in docs/contributing.md.

Every case runs in-process (fast). The cases that could blow up (the alias bomb, deep nesting, the
60 MB file, the tags that would run commands) also run as a real `python -m toc` child under a
1 GiB address-space limit, so a runaway allocation fails the test instead of the machine. Timing
is never asserted: speed is measured in benchmarks/; the child's timeout only guards against a
hang.
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from toc.cli import main

CORPUS = Path(__file__).parent / "corpus"
MEMORY_LIMIT = 1 << 30
"""Address space for a child: far above a sane run (about 150 MiB), far below a blow-up."""
HANG_GUARD = 60
"""Seconds before a child is deemed hung; not a speed requirement."""

_HEAD = "toc: 1\nid: corpus\ntitle: Corpus\n"


def _deep_nesting(path: Path) -> None:
    path.write_text(_HEAD + "description: " + "[" * 5000 + "]" * 5000 + "\n")


def _sixty_megabytes(path: Path) -> None:
    with path.open("w") as file:
        file.write(_HEAD + "description: ")
        file.writelines("lorem ipsum " * 1000 for _ in range(5000))
        file.write("\n")


def _very_deep_flow_nesting(path: Path) -> None:
    # libyaml's own time grows with the square of flow depth: reading must stop at the limit
    path.write_text(_HEAD + "description: " + "[" * 200_000 + "]" * 200_000 + "\n")


def _alias_flood(path: Path) -> None:
    # 6 MB, under the size cap: two million aliases must not become two million findings
    path.write_text("a: &a x\nb: [" + "*a," * 2_000_000 + "*a]\n")


GENERATORS: dict[str, Callable[[Path], None]] = {
    "deep-nesting": _deep_nesting,
    "very-deep-flow-nesting": _very_deep_flow_nesting,
    "alias-flood": _alias_flood,
    "sixty-megabytes": _sixty_megabytes,
}
"""Cases too large to commit, written into a temporary directory by the test."""

IN_A_CHILD = (
    "billion-laughs",
    "deep-nesting",
    "very-deep-flow-nesting",
    "alias-flood",
    "sixty-megabytes",
    "python-object-apply",
    "python-object-new",
    "tag-directive",
)
"""Cases also run as a subprocess under the memory limit: a blow-up or an executed command here
would be the worst failure, and only a separate process can contain it."""


@dataclass(frozen=True)
class Expected:
    """A case's expectation: exit status, exact findings, and text some messages must contain."""

    status: int
    findings: frozenset[tuple[str, int, int]]
    says: tuple[tuple[str, int, int, str], ...]


_FINDING = re.compile(r"(TOC\d{3}) (\d+):(\d+)(?: (.+))?")


def parse_expected(text: str) -> Expected:
    """Read an `.expected` file: `exit N`, then one `CODE LINE:COL [message text]` a line."""
    lines = [s for s in (line.strip() for line in text.splitlines()) if s and s[0] != "#"]
    if not lines or not re.fullmatch(r"exit [012]", lines[0]):
        raise ValueError(f"an .expected file starts with `exit N`, not {lines[:1]}")
    head, *rest = lines
    found, says = set(), []
    for line in rest:
        match = _FINDING.fullmatch(line)
        if match is None:
            raise ValueError(f"not `CODE LINE:COL [text]`: {line!r}")
        code, row, col, message = match[1], int(match[2]), int(match[3]), match[4]
        found.add((code, row, col))
        if message:
            says.append((code, row, col, message))
    return Expected(int(head.removeprefix("exit ")), frozenset(found), tuple(says))


CASES = sorted(path.stem for path in CORPUS.glob("*.expected"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The generated inputs, written once for the module."""
    folder = tmp_path_factory.mktemp("generated")
    paths = {}
    for name, write in GENERATORS.items():
        paths[name] = folder / f"{name}.yaml"
        write(paths[name])
    return paths


def _input(name: str, generated: dict[str, Path]) -> Path:
    return generated[name] if name in GENERATORS else CORPUS / f"{name}.yaml"


def _check(name: str, path: Path, status: int, stdout: str, stderr: str) -> None:
    expected = parse_expected((CORPUS / f"{name}.expected").read_text(encoding="utf-8"))
    assert "Traceback" not in stderr, stderr
    findings = json.loads(stdout)["findings"]
    got = {(f["code"], f["line"], f["col"]) for f in findings}
    listing = "\n".join(f"{f['code']} {f['line']}:{f['col']} {f['message']}" for f in findings)
    assert got == expected.findings, listing
    assert status == expected.status, listing
    assert all(f["file"] == str(path) and f["message"] for f in findings), listing
    for code, line, col, text in expected.says:
        messages = [
            f["message"] for f in findings if (f["code"], f["line"], f["col"]) == (code, line, col)
        ]
        assert any(text in m for m in messages), f"{code} {line}:{col} should say {text!r}"


@pytest.mark.parametrize("name", CASES)
def test_case(
    name: str,
    generated: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _input(name, generated)
    monkeypatch.chdir(tmp_path)  # a command in the file, if ever run, would write here
    status = main(["validate", str(path), "--format", "json"])
    out, err = capsys.readouterr()
    _check(name, path, status, out, err)
    assert list(tmp_path.iterdir()) == []


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.mark.parametrize("name", IN_A_CHILD)
def test_case_in_a_child_process(name: str, generated: dict[str, Path], tmp_path: Path) -> None:
    path = _input(name, generated)
    child = subprocess.run(
        [sys.executable, "-m", "toc", "validate", str(path), "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        preexec_fn=_limit_memory,
        check=False,
    )
    _check(name, path, child.returncode, child.stdout, child.stderr)
    assert list(tmp_path.iterdir()) == [], "the file made something happen"


def test_memory_limit_stops_a_blow_up(tmp_path: Path) -> None:
    """The limit is real: a child that allocates 2 GiB fails instead of passing unnoticed."""
    child = subprocess.run(
        [sys.executable, "-c", "b = bytearray(2 << 30)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        preexec_fn=_limit_memory,
        check=False,
    )
    assert child.returncode != 0 and "MemoryError" in child.stderr


def test_every_case_has_one_input_and_one_expectation() -> None:
    files = {path.stem for path in CORPUS.glob("*.yaml")}
    assert files - set(CASES) == set(), "a corpus file without an .expected file"
    assert set(CASES) - files == set(GENERATORS), "an .expected file without an input"
    assert files.isdisjoint(GENERATORS)
    assert set(IN_A_CHILD) <= set(CASES)
    assert len(CASES) >= 45


@pytest.mark.parametrize(
    "text",
    [
        "",
        "exit 1\nTOC001 1\n",
        "TOC001 1:1\n",
        "exit 1\nTOC01 1:1\n",
    ],
)
def test_malformed_expectations_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"exit N|CODE LINE:COL"):
        parse_expected(text)
