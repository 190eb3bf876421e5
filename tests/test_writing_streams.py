"""Standard output that stops early or fills up: the right exit status, one line, no traceback.

These run the real command in a child process: the failures happen in the operating system's
pipes and devices, and at Python's exit, none of which an in-process test sees.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

NO_KPIS = "toc: 1\nid: m\ntitle: Activities without KPIs\nactivities:\n" + "".join(
    f"  - id: a{i}\n    label: Activity {i}\n" for i in range(400)
)  # 400 errors: more output than a pipe holds

needs_dev_full = pytest.mark.skipif(
    not os.path.exists("/dev/full"), reason="no /dev/full (a Linux device) on this system"
)


@pytest.fixture
def bad_model(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(NO_KPIS, encoding="utf-8")
    return path


def into_closed_pipe(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `toc ARGV` with standard output a pipe whose reader has already gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "toc", *argv],
            stdout=write_end, stderr=subprocess.PIPE, text=True, cwd=cwd, check=False,
        )  # fmt: skip
    finally:
        os.close(write_end)


def into_full_device(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `toc ARGV > /dev/full`: every write fails with 'No space left on device'."""
    with open("/dev/full", "wb") as full:
        return subprocess.run(
            [sys.executable, "-m", "toc", *argv],
            stdout=full, stderr=subprocess.PIPE, text=True, cwd=cwd, check=False,
        )  # fmt: skip


@pytest.mark.parametrize("output", ["text", "github", "json"])
def test_a_closed_pipe_keeps_the_findings_status(
    output: str, bad_model: Path, tmp_path: Path
) -> None:
    done = into_closed_pipe("validate", "--format", output, str(bad_model), cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_a_closed_pipe_after_clean_output_exits_0(tmp_path: Path) -> None:
    for argv in (["rules"], ["schema"], ["table", "bradford"], ["frameworks", "--entries"]):
        done = into_closed_pipe(*argv, cwd=tmp_path)
        assert (done.returncode, done.stderr) == (0, ""), argv


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("head") is None, reason="no bash")
def test_validate_piped_to_head_fails_under_pipefail(bad_model: Path, tmp_path: Path) -> None:
    script = (
        f'set -o pipefail; "{sys.executable}" -m toc validate --format github "{bad_model}" '
        "| head -n 5"
    )
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 1, done.stderr
    assert len(done.stdout.splitlines()) == 5 and done.stdout.startswith("::")
    assert "Traceback" not in done.stderr


@needs_dev_full
@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["validate", "{bad}"], "validate"),
        (["validate", "--format", "json", "{bad}"], "validate"),
        (["table", "{bad}"], "table"),
        (["render", "{bad}", "-o", "-", "--format", "dot"], "render"),
        (["rules"], "rules"),
        (["rules", "TOC301"], "rules"),
        (["schema"], "schema"),
        (["frameworks"], "frameworks"),
    ],
)
def test_a_full_device_is_one_line_and_exit_2(
    argv: list[str], command: str, bad_model: Path, tmp_path: Path
) -> None:
    done = into_full_device(*(part.format(bad=bad_model) for part in argv), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        f"toc {command}: cannot write to standard output: No space left on device\n"
    )
