"""Pause the cycle collector while building large acyclic structures.

Reading a model allocates hundreds of thousands of small objects at once. CPython's collector runs
on allocation counts and each full pass walks every live object, so a large file triggers repeated
passes over an ever larger heap: time grows faster than the file. The objects built are kept, not
garbage; the few cycles among them (a model caches its graph, which refers back to the model) are
collected as usual once the collector resumes, so pausing loses nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cycle collector inside the block, restoring its previous state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
