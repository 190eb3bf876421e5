"""Running the Graphviz `dot` program: the only place the library starts another process.

Layout can take a long time on a large or tangled graph, and a CI job must not hang on it, so every
run has a timeout; the caller also caps the number of elements before getting here. The DOT text is
passed on standard input, never through a file name or a shell, so no user text reaches a command
line. However the wait ends (done, timed out, Ctrl-C, a signal turned into an exception by the
command line), `dot` is killed and reaped before control leaves `run_dot`: a cancelled CI job must
not leave a layout running on the runner.
"""

from __future__ import annotations

import contextlib
import math
import shutil
import subprocess

from toc.render.errors import (
    DotFailedError,
    DotNotFoundError,
    RenderOptionError,
    RenderTimeoutError,
)

DOT_FORMATS: frozenset[str] = frozenset({"svg", "png", "pdf"})
"""Formats produced by running `dot`; `dot` and `mmd` text need no program."""
MAX_TIMEOUT = 3600.0
"""The longest wait allowed for one layout, in seconds. A layout that needs more is not legible;
past about 1e9 s the operating system's wait calls overflow."""


def check_timeout(timeout: float) -> float:
    """`timeout` when it is a finite number of seconds above 0 and at most `MAX_TIMEOUT`.

    Raises `RenderOptionError` otherwise: infinity, NaN and huge values would overflow the wait,
    and zero or less would stop every layout before it starts.
    """
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise RenderOptionError(f"timeout must be a number of seconds, not {timeout!r}")
    if not (math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT):
        raise RenderOptionError(
            f"timeout must be more than 0 and at most {MAX_TIMEOUT:g} seconds, not {timeout!r}"
        )
    return float(timeout)


def run_dot(
    dot_text: str,
    fmt: str,
    *,
    dpi: float | None = None,
    timeout: float = 60.0,
    program: str = "dot",
    elements: int = 0,
    size: tuple[float, float] | None = None,
) -> bytes:
    """Lay out and draw DOT text with Graphviz; return the file's bytes.

    `dpi` applies to PNG only: SVG and PDF are vector formats, and Graphviz would otherwise scale
    their coordinates. `size` (width, height in inches) scales the drawing, up or down, until it
    fills one of them: a figure drawn for a 16 cm column of a Word page. `elements` is only used
    to make a timeout message concrete.
    """
    if fmt not in DOT_FORMATS:
        raise ValueError(f"dot cannot write {fmt!r} here; use one of {sorted(DOT_FORMATS)}")
    check_timeout(timeout)
    executable = shutil.which(program)
    if executable is None:
        raise DotNotFoundError(program)
    command = [executable, f"-T{fmt}"]
    if fmt == "png" and dpi is not None:
        command.append(f"-Gdpi={dpi:g}")
    if size is not None:
        command.append(f"-Gsize={size[0]:.4f},{size[1]:.4f}!")
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as error:  # found by `which`, then removed or not executable
        raise DotNotFoundError(program) from error
    try:
        out, err = process.communicate(dot_text.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired as error:
        raise RenderTimeoutError(timeout, elements) from error
    finally:
        _stop(process)
    if process.returncode != 0:
        raise DotFailedError(process.returncode, err.decode("utf-8", "replace"))
    return out


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill `process` if it still runs, wait for it so no zombie is left, and close its pipes."""
    if process.poll() is None:
        process.kill()
        process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            with contextlib.suppress(OSError):  # stdin's unsent DOT text after a kill
                stream.close()
