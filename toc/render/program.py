"""Running the Graphviz `dot` program: the only place the library starts another process.

Layout can take a long time on a large or tangled graph, and a CI job must not hang on it, so every
run has a timeout; the caller also caps the number of elements before getting here. The DOT text is
passed on standard input, never through a file name or a shell, so no user text reaches a command
line.
"""

from __future__ import annotations

import shutil
import subprocess

from toc.render.errors import DotFailedError, DotNotFoundError, RenderTimeoutError

DOT_FORMATS: frozenset[str] = frozenset({"svg", "png", "pdf"})
"""Formats produced by running `dot`; `dot` and `mmd` text need no program."""


def run_dot(
    dot_text: str,
    fmt: str,
    *,
    dpi: float | None = None,
    timeout: float = 60.0,
    program: str = "dot",
    elements: int = 0,
) -> bytes:
    """Lay out and draw DOT text with Graphviz; return the file's bytes.

    `dpi` applies to PNG only: SVG and PDF are vector formats, and Graphviz would otherwise scale
    their coordinates. `elements` is only used to make a timeout message concrete.
    """
    if fmt not in DOT_FORMATS:
        raise ValueError(f"dot cannot write {fmt!r} here; use one of {sorted(DOT_FORMATS)}")
    executable = shutil.which(program)
    if executable is None:
        raise DotNotFoundError(program)
    command = [executable, f"-T{fmt}"]
    if fmt == "png" and dpi is not None:
        command.append(f"-Gdpi={dpi:g}")
    try:
        done = subprocess.run(
            command,
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise RenderTimeoutError(timeout, elements) from error
    except OSError as error:  # found by `which`, then removed or not executable
        raise DotNotFoundError(program) from error
    if done.returncode != 0:
        raise DotFailedError(done.returncode, done.stderr.decode("utf-8", "replace"))
    return done.stdout
