"""Pause the cycle collector while building large acyclic structures.

Reading a model allocates hundreds of thousands of small objects at once. CPython's collector runs
on allocation counts and each full pass walks every live object, so a large file triggers repeated
passes over an ever larger heap: time grows faster than the file. The objects built are kept, not
garbage, and free themselves by reference counting (see tests/test_freeing.py), so pausing loses
nothing.

The collector's switch is one per process, so threads reading at the same time share one pause: a
counter under a lock, the first to enter turns the collector off, the last to leave turns it back
on if it was on before the first entered. (Reading and then setting the switch in each thread, as
this once did, let a thread read "off" while another held the pause, then turn it off after the
other had turned it back on: off for good, and memory grew with every model read, 182 MB instead
of 57 MB after 300 loads of Bradford.)

When the pause ends, what was built is still young to the collector: the next allocation would
start a young-generation pass over all of it (35 to 40 ms after reading a 10,000-element table,
a quarter of openpyxl's whole read of that file), and a middle-generation pass would walk it again
later, only to find it all alive. So the survivors are moved straight to the oldest generation
(`gc.freeze()` then `gc.unfreeze()`, two list splices), where the next full collection looks at
them as it looks at everything. Nothing is lost: garbage cycles among them are still collected,
by that full collection. It is skipped when the process has frozen objects of its own (a server
that froze its imports before forking), which `unfreeze` would release.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cycle collector inside the block, restoring its previous state after.

    Safe across threads and when nested: the collector stays off while any thread is inside.
    """
    global _holders, _was_enabled  # noqa: PLW0603  # one switch per process, so one count
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                if gc.get_freeze_count() == 0:
                    gc.freeze()  # every tracked object, and the young count reset...
                    gc.unfreeze()  # ...into the oldest generation: see the module's docstring
                gc.enable()
