"""Save a changed model into the file it came from, keeping everything the user wrote.

A model loaded from a file and changed in Python (`model.model_copy(update=...)`) is written back
by editing the file, not by rewriting it: comments, blank lines, key order, quoting, folded text,
indentation and the `$schema` modeline stay as they were, and only the values that changed are
touched (`toc._roundtrip` does the editing). A model built in code has no file to edit, so it is
written by `toc.dumps`. Either way the text is read back with the library's own reader and must
give exactly the model, or nothing is written; the file is replaced in one step.
"""

from __future__ import annotations

import os
from pathlib import Path

from toc._atomic import write_bytes_atomic
from toc.dump import dumps
from toc.load import read_text
from toc.model import TheoryOfChange
from toc.positions import SourceMap

__all__ = ["SaveError", "save"]


class SaveError(Exception):
    """The model could not be saved; nothing was written."""


def save(model: TheoryOfChange, path: str | os.PathLike[str] | None = None) -> Path:
    """Write a model to YAML, editing the file it was loaded from rather than rewriting it.

    With no `path`, the model goes back to the file it (or the model it was copied from) was
    loaded from. A model built in code is written by `toc.dumps` and needs a `path`. Returns the
    path written. Raises `SaveError`, writing nothing, when the file changed on disk since it was
    loaded, or when the result would not load back as exactly this model.
    """
    origin = model.source_map or model._origin
    target = Path(path) if path is not None else _origin_path(origin)
    if origin is None:
        text = dumps(model)
        _check(text, model, allowed=set())
    else:
        text = _edited(model, origin)
    bom = b""
    if path is None or (origin is not None and _same_file(target, Path(origin.file))):
        bom = _unchanged_on_disk(target, origin)
    write_bytes_atomic(target, bom + text.encode("utf-8"))
    return target


def _origin_path(origin: SourceMap | None) -> Path:
    if origin is None:
        raise SaveError("this model was built in code, not loaded from a file: give a path")
    if origin.file.startswith("<"):
        raise SaveError(f"this model was read from text ({origin.file}), not a file: give a path")
    path = Path(origin.file)
    from toc.shipped import model_files

    if any(_same_file(path, shipped) for shipped in model_files().values()):
        raise SaveError(
            f"{path.name} is a model bundled with the library; give a path to save your copy"
        )
    return path


def _same_file(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def _unchanged_on_disk(target: Path, origin: SourceMap | None) -> bytes:
    """Refuse to overwrite edits made to the file since it was loaded; keep its byte-order mark."""
    try:
        current = target.read_bytes()
    except FileNotFoundError:
        return b""
    except OSError as error:
        raise SaveError(f"cannot read {target}: {error.strerror or error}") from None
    if origin is not None and current.decode("utf-8-sig", "replace") != origin.text:
        raise SaveError(
            f"{target} changed on disk since it was loaded; nothing was written. Load it again "
            "and make the change there, or give another path"
        )
    return b"\xef\xbb\xbf" if current.startswith(b"\xef\xbb\xbf") else b""


# --- the edit ---------------------------------------------------------------------------------


def _edited(model: TheoryOfChange, origin: SourceMap) -> str:
    """The original text with the model's changes made in it, checked to load back as the model."""
    loaded = read_text(origin.text, name=origin.file)
    if loaded.model is None:  # pragma: no cover - the text loaded once already
        raise SaveError(f"{origin.file} no longer loads; nothing was written")
    if loaded.model == model:
        return origin.text
    from toc._roundtrip import CannotEdit, edits

    crlf = "\r\n" in origin.text
    original = origin.text.replace("\r\n", "\n") if crlf else origin.text
    try:
        candidates = edits(original, loaded.model, model)
    except CannotEdit as error:
        raise SaveError(
            f"ruamel.yaml cannot edit {origin.file} ({error}); use toc.dump(model, path) to write "
            "it afresh"
        ) from None
    allowed = {f.code for f in loaded.findings}
    problems: list[str] = []
    for candidate in candidates:
        text = candidate.replace("\n", "\r\n") if crlf else candidate
        try:
            _check(text, model, allowed)
        except SaveError as error:
            problems.append(str(error))
            continue
        return text
    raise SaveError(problems[0])


def _check(text: str, model: TheoryOfChange, allowed: set[str]) -> None:
    """Read `text` back with the library's reader: it must give the model and no new finding."""
    result = read_text(text, name="<saved>")
    if result.model is None or result.model != model:
        raise SaveError("the edited file would not load back as this model; nothing was written")
    new = {f.code for f in result.findings} - allowed
    if new:
        raise SaveError(f"the edited file would read with new findings ({', '.join(sorted(new))})")
