"""Writing files so that a reader never sees half of one, and an input is never written over.

Every file the library writes goes through `write_bytes_atomic`: the bytes go to a new file in the
target's folder, are flushed to disk, and the new file is renamed over the target. A rename within
one folder is atomic, so a reader (a browser, a build, a second `toc render` writing the same path)
sees the old file or the new one, never a mixture, and a write that fails (a full disk, Ctrl-C)
leaves the old file as it was.

`ensure_not_an_input` is the command line's guard against `toc table model.yaml -o model.yaml`.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

_TEMPORARY_ATTEMPTS = 100
_STREAMS = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/")
"""Names of this process's own streams: written in place even when they lead to a plain file."""


class OutputIsInputError(ValueError):
    """The output path is one of the input files (perhaps through a symbolic or hard link)."""

    def __init__(self, output: str | Path, source: str | Path) -> None:
        self.output = Path(output)
        self.source = Path(source)
        what = (
            "the input file"
            if str(output) == str(source)
            else f"the same file as the input {source}"
        )
        super().__init__(f"will not write {output}: it is {what}; choose another output name")


def ensure_not_an_input(output: str | Path, inputs: Iterable[str | Path]) -> None:
    """Raise `OutputIsInputError` when `output` is the same file as one of `inputs`.

    Compares the files themselves (device and inode), so a symbolic link, a hard link or another
    spelling of the path is caught too. An output that does not exist yet cannot be an input.
    """
    for source in inputs:
        try:
            same = os.path.samefile(output, source)
        except (OSError, ValueError):  # one of them does not exist or cannot be looked at
            continue
        if same:
            raise OutputIsInputError(output, source)


def write_text_atomic(path: str | Path, text: str, *, encoding: str = "utf-8") -> Path:
    """Write `text` as `encoding` with `write_bytes_atomic`; line ends are written as they are."""
    return write_bytes_atomic(path, text.encode(encoding))


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Replace the file at `path` with `data` in one step; return `path` as a `Path`.

    A symbolic link is followed, so the file it points to is replaced and the link stays. A file
    that is replaced keeps its permission bits; a new file gets the usual ones (0666 less the
    umask), not the 0600 of a temporary file. A device or a named pipe (`/dev/stdout`, a FIFO) is
    written directly: it cannot be renamed over, and must not be replaced by a plain file; so is
    `/dev/stdout` when the shell sent it to a file, which the shell, not this call, opened.
    """
    given = Path(path)
    try:
        current = os.stat(given)
    except FileNotFoundError:
        current = None
    if current is not None and stat.S_ISDIR(current.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(given))
    if current is not None and (
        not stat.S_ISREG(current.st_mode) or os.path.abspath(given).startswith(_STREAMS)
    ):
        with open(given, "wb") as stream:
            stream.write(data)
        return given
    try:
        _replace(Path(os.path.realpath(given)), data, current)
    except OSError as error:  # name the file asked for, not the temporary one
        error.filename, error.filename2 = str(given), None
        raise
    return given


def _replace(target: Path, data: bytes, current: os.stat_result | None) -> None:
    """Write a temporary file next to `target`, flush it to disk, and rename it over `target`."""
    temporary, descriptor = _create_temporary(target)
    try:
        with open(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if current is not None:
            os.chmod(temporary, stat.S_IMODE(current.st_mode))
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _create_temporary(target: Path) -> tuple[Path, int]:
    """A new, empty file next to `target`, created with mode 0666 so the umask applies as usual.

    `tempfile.mkstemp` would create it 0600 and the rename would keep that; `O_EXCL` with a random
    name gives the same safety against an existing file.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(_TEMPORARY_ATTEMPTS):
        # Cut long names so that the temporary one stays within the usual 255-byte limit.
        temporary = target.with_name(f".{target.name[:200]}.{secrets.token_hex(4)}.tmp")
        try:
            return temporary, os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(target.parent))
