"""What linking knock-on findings to their causes costs, against validating without it.

`toc.rules.causes.link_causes` runs after every rule. This times `model.validate()` on models
already loaded, with the pass and with it replaced by one that returns the findings unchanged,
in the same run (processor time, median of several runs taken in turn), and prints with / without:

- a valid 10,000-element generated model (see generate.py): no cause, so the pass returns at once;
- the 3,000-element model with 1,000 and 4,000 references misspelt (as in hostile_suggestions.py),
  where every misspelt link is a cause with a close id to look up and walks to make;
- the same model with 500 elements given the id of another (duplicate ids);
- 4,000 activities each producing a missing output (every activity a knock-on of its own typo).

Run: `.venv/bin/python -m benchmarks.knock_ons [--repeats R]`.
"""

from __future__ import annotations

import argparse
import importlib
import platform
import random
import re
import statistics
import sys
from collections.abc import Callable
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import toc
from benchmarks.generate import model_yaml
from benchmarks.hostile_suggestions import cpu_seconds, hostile_files

if TYPE_CHECKING:
    from collections.abc import Iterator

    from toc.findings import Finding
    from toc.model import TheoryOfChange


@contextmanager
def without_linking() -> Iterator[None]:
    """`validate` as if the causes pass did not exist."""
    driver: Any = importlib.import_module("toc.rules")  # the module whose `validate` calls it
    original = driver.link_causes

    def unchanged(findings: list[Finding], _: object) -> list[Finding]:
        return findings

    driver.link_causes = unchanged
    try:
        yield
    finally:
        driver.link_causes = original


def duplicated(text: str, count: int, rng: random.Random) -> str:
    """`text` with `count` element ids replaced by the id of the element written before them."""
    ids = re.findall(r"^  - id: (\S+)$", text, re.MULTILINE)
    for index in sorted(rng.sample(range(1, len(ids)), count), reverse=True):
        text = text.replace(f"  - id: {ids[index]}\n", f"  - id: {ids[index - 1]}\n", 1)
    return text


def typo_per_activity(count: int) -> str:
    lines = ["toc: 1", "id: typos", "title: Each activity's output misspelt", "activities:"]
    lines += [f"  - {{id: activity-{i}, label: A, produces: [ouptut-{i}]}}" for i in range(count)]
    lines += ["outputs:"]
    lines += [f"  - {{id: output-{i}, label: O, leads_to: [impact]}}" for i in range(count)]
    lines += ["impacts:", "  - {id: impact, label: I}"]
    return "\n".join(lines) + "\n"


def compare(models: dict[str, TheoryOfChange], repeats: int) -> None:
    def run(model: TheoryOfChange) -> Callable[[], object]:
        return model.validate

    times: dict[tuple[str, bool], list[float]] = {}
    for _ in range(repeats):  # interleaved, so that a slow spell hits both alike
        for name, model in models.items():
            times.setdefault((name, True), []).append(cpu_seconds(run(model)))
            with without_linking():
                times.setdefault((name, False), []).append(cpu_seconds(run(model)))
    print(
        f"{'model':>34} {'findings':>9} {'linked':>7} {'without s':>10} {'with s':>8} {'ratio':>6}"
    )
    for name, model in models.items():
        report = model.validate()
        linked = sum(f.follows_from is not None for f in report)
        bare = statistics.median(times[name, False])
        full = statistics.median(times[name, True])
        print(
            f"{name:>34} {len(report):>9,} {linked:>7,} {bare:>10.3f} {full:>8.3f} "
            f"{full / bare:>6.2f}"
        )
        sys.stdout.flush()


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeats", type=int, default=5, help="runs per model (median taken)")
    args = options.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, toc from {toc.__file__}")
    rng = random.Random(0)
    base = model_yaml(3000, tagged=True)
    hostile = hostile_files(base, rng, (1000, 4000))
    texts = {
        "valid, 10,000 elements": model_yaml(10_000),
        **{f"3,000 elements, {name}": text for name, text in hostile.items() if "refer" in name},
        "3,000 elements, 500 duplicate ids": duplicated(base, 500, rng),
        "4,000 activities, each a typo": typo_per_activity(4000),
    }
    models = {name: toc.loads(text) for name, text in texts.items()}
    compare(models, args.repeats)


if __name__ == "__main__":
    main()
