"""How `toc render` ends: bad option values, Ctrl-C and SIGTERM give a status, never a traceback.

The signal tests run the real command line in a child process with a fake `dot` first on PATH:
a shell script that writes its process id to a file and sleeps. After the signal, that process
must be gone, not left running under init. Waits are bounded and generous; nothing is timed.
"""

from __future__ import annotations

import math
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.render_models import BRADFORD
from toc._signals import Terminated, signals_as_exceptions
from toc.cli import main
from toc.load import load
from toc.render import RenderOptionError, RenderTimeoutError, render
from toc.render.program import run_dot

posix_only = pytest.mark.skipif(os.name != "posix", reason="signals and /bin/sh scripts are POSIX")
WAIT = 60.0
"""Upper bound on any wait for a child process; reached only when something is broken."""

BAD_TIMEOUTS = ["inf", "nan", "1e308", "-inf", "0", "-1", "3601", "soon", ""]


@pytest.mark.parametrize("value", BAD_TIMEOUTS)
def test_a_bad_timeout_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, value: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["render", "bradford", "-o", str(tmp_path / "b.svg"), f"--timeout={value}"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    [message] = [line for line in err.splitlines() if "error:" in line]
    assert message.startswith("toc render: error: argument --timeout:")
    assert "at most 3600" in message and "Traceback" not in err
    assert not (tmp_path / "b.svg").exists()


@pytest.mark.parametrize("value", ["0", "-1", "1e3", "many"])
def test_a_bad_element_cap_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, value: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["render", "bradford", "-o", str(tmp_path / "b.dot"), f"--max-elements={value}"])
    assert stopped.value.code == 2
    assert "argument --max-elements: expected a whole number of at least 1" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize("value", ["0.5", "60", "3600"])
def test_good_timeouts_are_accepted(tmp_path: Path, value: str) -> None:
    assert main(["render", "bradford", "-o", str(tmp_path / "b.dot"), "--timeout", value]) == 0


@pytest.mark.parametrize(
    "timeout", [math.inf, -math.inf, math.nan, 1e308, 0, -1.0, 3600.5, "60", True]
)
def test_the_api_refuses_the_same_timeouts(timeout: object) -> None:
    model = load(BRADFORD)
    for fmt in ("svg", "dot"):  # refused even where no program runs
        with pytest.raises(RenderOptionError, match="timeout must be"):
            render(model, fmt, timeout=timeout)  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(RenderOptionError, match="timeout must be"):
        run_dot("digraph {}", "svg", timeout=timeout)  # type: ignore[arg-type]


# --- signals -------------------------------------------------------------------------------------


def _fake_dot(tmp_path: Path) -> tuple[Path, Path]:
    """A `dot` that records its process id and sleeps; returns its directory and the pid file."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pid_file = tmp_path / "dot.pid"
    script = bin_dir / "dot"
    script.write_text(f"#!/bin/sh\necho $$ > '{pid_file}'\nexec sleep 600\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return bin_dir, pid_file


def _default_signals() -> None:
    """In the child: default handlers, so Python installs its own even if ours ignore some."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def _wait_for_pid(pid_file: Path, process: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        text = pid_file.read_text(encoding="utf-8").strip() if pid_file.exists() else ""
        if text.isdigit():
            return int(text)
        if process.poll() is not None:
            pytest.fail(f"toc render ended before starting dot: {process.communicate()}")
        time.sleep(0.05)
    pytest.fail("the fake dot never started")


def _gone(pid: int) -> bool:
    """Whether no process has this id any more, waiting a while for it to go."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def rendering(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """`toc render` running, stuck in a fake `dot`; both are cleaned up whatever the test does."""
    bin_dir, pid_file = _fake_dot(tmp_path)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [sys.executable, "-m", "toc", "render", "bradford", "-o", str(tmp_path / "b.svg")]
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_default_signals,  # noqa: PLW1509  # a test's child, no threads involved
    )
    dot_pid = None
    try:
        dot_pid = _wait_for_pid(pid_file, process)
        yield process, dot_pid
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=WAIT)
        if dot_pid is not None and not _gone(dot_pid):
            os.kill(dot_pid, signal.SIGKILL)  # a failed test must not leave a sleeper behind


@posix_only
@pytest.mark.parametrize(
    ("signum", "status", "said"),
    [
        (signal.SIGTERM, 143, "toc: stopped by SIGTERM"),
        (signal.SIGINT, 130, "toc: interrupted"),
        (signal.SIGHUP, 129, "toc: stopped by SIGHUP"),
    ],
)
def test_a_signal_stops_render_and_its_dot(
    rendering: tuple[subprocess.Popen[bytes], int], signum: int, status: int, said: str
) -> None:
    process, dot_pid = rendering
    process.send_signal(signum)
    _, err = process.communicate(timeout=WAIT)
    text = err.decode("utf-8", "replace")
    assert process.returncode == status, text
    assert "Traceback" not in text
    assert text.strip() == said
    assert _gone(dot_pid), f"dot (pid {dot_pid}) is still running after {said!r}"


@posix_only
def test_a_timeout_kills_dot(tmp_path: Path) -> None:
    bin_dir, pid_file = _fake_dot(tmp_path)
    with pytest.raises(RenderTimeoutError):
        run_dot("digraph {}", "svg", program=str(bin_dir / "dot"), timeout=0.5)
    assert _gone(int(pid_file.read_text(encoding="utf-8")))


@posix_only
def test_ctrl_c_in_a_notebook_kills_dot(tmp_path: Path) -> None:
    """`KeyboardInterrupt` reaches the caller, with `dot` already gone (no command line here)."""
    bin_dir, pid_file = _fake_dot(tmp_path)

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 1.0)
    try:
        with pytest.raises(KeyboardInterrupt):
            run_dot("digraph {}", "svg", program=str(bin_dir / "dot"), timeout=WAIT)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert _gone(int(pid_file.read_text(encoding="utf-8")))


def test_main_puts_the_signal_handlers_back(capsys: pytest.CaptureFixture[str]) -> None:
    before = signal.getsignal(signal.SIGTERM)
    assert main(["rules", "TOC301"]) == 0
    assert signal.getsignal(signal.SIGTERM) is before
    capsys.readouterr()


@posix_only
def test_sigterm_inside_becomes_terminated_and_ignored_signals_stay_ignored() -> None:
    def stop_self() -> None:
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN  # as under `nohup toc ...`
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(WAIT)  # the handler raises long before this ends

    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with signals_as_exceptions(), pytest.raises(Terminated) as stopped:
            stop_self()
        assert stopped.value.status == 143
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_ctrl_c_is_a_status_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr("toc.cli._run_rules", interrupted)
    assert main(["rules"]) == 130
    assert capsys.readouterr().err == "toc: interrupted\n"


def test_main_runs_outside_the_main_thread(capsys: pytest.CaptureFixture[str]) -> None:
    """Only the main thread may set signal handlers; elsewhere `main` runs without them."""
    statuses: list[int] = []
    worker = threading.Thread(target=lambda: statuses.append(main(["rules", "TOC301"])))
    worker.start()
    worker.join(WAIT)
    assert statuses == [0]
    assert "TOC301" in capsys.readouterr().out
