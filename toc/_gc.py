"""Pause the cycle collector while building large acyclic structures.

Reading a model allocates hundreds of thousands of small objects at once. CPython's collector runs
on allocation counts and each full pass walks every live object, so a large file triggers repeated
passes over an ever larger heap: time grows faster than the file. Nothing we build holds reference
cycles, so nothing is lost by pausing the collector for the duration and restoring it after.
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
