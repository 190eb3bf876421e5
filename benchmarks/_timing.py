"""What the spreadsheet benchmarks share: one timed run, and how many runs to take."""

from __future__ import annotations

import argparse
import gc
import platform
import sys
import time
from collections.abc import Callable

import openpyxl


def timed(action: Callable[[], object]) -> float:
    """Seconds one call takes, after a collection, so garbage from the last run is not billed."""
    gc.collect()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def repeats(description: str | None, full: int) -> int:
    """Runs to take (`--quick`: 3), after printing the versions the figures depend on."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help=f"3 runs instead of {full}")
    count = 3 if parser.parse_args().quick else full
    print(f"Python {platform.python_version()}, openpyxl {openpyxl.__version__}, {sys.platform}")
    return count
