"""Validating a file full of unknown names, against a valid file of the same size.

Every unknown id or tag gets a "did you mean ...?", and comparing each unknown name with every
known one is quadratic: a small file of a few thousand dangling references could stall CI for
minutes. This writes a valid generated model (see generate.py; with a local framework and tags),
then hostile copies of it, byte for byte the same size, in which 1,000 / 2,000 / 4,000 references,
or 1,000 tags, are misspelt (two neighbouring letters swapped, so that each has a right answer to
suggest). It times `toc.load(path).validate()` on each (processor time, median of several runs
taken in turn, all in the same run) and prints hostile / valid. Goal: below 1.5.

A second table has the shape the problem was found with (61 KB holding 1,000 dangling references,
30 s): every element one reference to a missing element, against a valid generated model padded
to the same size. The *no hints* column times each hostile file with suggestions switched off, so
what the findings themselves cost can be told apart from what the suggestions cost.

Run: `.venv/bin/python -m benchmarks.hostile_suggestions [--elements N] [--repeats R]`.
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import toc
from benchmarks.generate import model_yaml

ELEMENTS = 3000
"""Large enough for 4,000 references to misspell (a 3,000-element model has about 4,900)."""
COUNTS = (1000, 2000, 4000)
"""How many references are misspelt or left dangling; tags are always 1,000."""
REFERENCE_LINE = re.compile(
    r"^ +(?:uses|produces|measured_by|leads_to|applies_to): \[(?P<list>[^\]\n]+)\]$"
    r"|^ +- to: (?P<one>\S+)$",
    re.MULTILINE,
)
TAG_LINE = re.compile(r"^ +tags: \[[a-z-]+:(?P<path>[^\]\n]+)\]$", re.MULTILINE)


def cpu_seconds(action: Callable[[], object]) -> float:
    """Processor time of one run of `action`, after collecting garbage so runs start alike.

    Processor rather than wall time: the work is single-threaded, and on a shared machine wall
    time mostly measures the other jobs.
    """
    gc.collect()
    start = time.process_time()
    action()
    return time.process_time() - start


def reference_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where each id written as a reference sits in the text, as (start, end)."""
    for line in REFERENCE_LINE.finditer(text):
        if line.group("one") is not None:
            yield line.span("one")
            continue
        start = line.start("list")
        for part in line.group("list").split(", "):
            yield start, start + len(part)
            start += len(part) + 2


def tag_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where the last entry id of each tag sits in the text."""
    for line in TAG_LINE.finditer(text):
        start, end = line.span("path")
        yield start + line.group("path").rfind("/") + 1, end


def misspell(text: str, spans: list[tuple[int, int]], known: set[str], rng: random.Random) -> str:
    """`text` with each span's word misspelt by swapping two neighbouring, different letters.

    The result has the same length, is still a well-formed id (hyphens stay put) and is never a
    known name, so each span becomes an unknown name with a right answer close by.
    """
    out, last = [], 0
    for start, end in sorted(spans):
        word = text[start:end]
        places = [
            i
            for i in range(len(word) - 1)
            if word[i] != word[i + 1] and word[i].isalnum() and word[i + 1].isalnum()
        ]
        rng.shuffle(places)
        for i in places:
            typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            if typo not in known:
                break
        else:
            raise SystemExit(f"cannot misspell {word!r} into an unknown name")
        out += [text[last:start], typo]
        last = end
    return "".join([*out, text[last:]])


def hostile_files(
    valid: str, rng: random.Random, counts: tuple[int, ...] = COUNTS
) -> dict[str, str]:
    """The hostile copies of `valid`, by case name; each the same length as `valid`."""
    model = toc.loads(valid)
    ids = set(model.by_id)
    entries = {e.id for f in model.frameworks for t in f.entries for e in [t, *t.entries]}
    references, tags = list(reference_spans(valid)), list(tag_spans(valid))
    files = {}
    for kind, count in [*(("references", count) for count in counts), ("tags", 1000)]:
        spans, known = (references, ids) if kind == "references" else (tags, entries)
        if count > len(spans):
            raise SystemExit(f"only {len(spans)} {kind} to misspell; use more --elements")
        files[f"{count:,} unknown {kind}"] = misspell(valid, rng.sample(spans, count), known, rng)
    return files


def dense_file(count: int) -> str:
    """The shape of the files the problem was found with: each element one dangling reference."""
    lines = ["toc: 1", "id: dangling", "title: Every activity uses a missing input", "activities:"]
    for i in range(count):
        lines += [f"  - id: activity-{i}", f"    label: Activity {i}", f"    uses: [input-{i}]"]
    return "\n".join(lines) + "\n"


def valid_of_size(size: int) -> str:
    """A valid generated model padded with a comment to exactly `size` characters."""
    low, high = 1, 2
    while len(model_yaml(high)) <= size:
        low, high = high, high * 2
    while high - low > 1:  # the largest model that fits
        middle = (low + high) // 2
        low, high = (middle, high) if len(model_yaml(middle)) <= size else (low, middle)
    text = model_yaml(low)
    padding = size - len(text)
    return text + ("#" + "-" * (padding - 2) + "\n" if padding >= 2 else " " * padding)


@contextmanager
def suggestions_off() -> Iterator[bool]:
    """Every "did you mean" finds nothing, to time what the findings cost without one.

    Yields False, changing nothing, on code without `toc.suggest.Suggester` (to run this
    benchmark on the code before it).
    """
    try:
        from toc.suggest import Suggester
    except ImportError:
        yield False
        return
    original = Suggester.closest
    Suggester.closest = lambda *_, **__: None  # type: ignore[method-assign]
    try:
        yield True
    finally:
        Suggester.closest = original  # type: ignore[method-assign]


def compare(pairs: dict[str, tuple[str, str]], repeats: int, directory: Path) -> None:
    """Time each hostile text against its valid one, interleaved; print a row for each."""
    paths: dict[str, Path] = {}
    for index, text in enumerate(dict.fromkeys(t for pair in pairs.values() for t in pair)):
        paths[text] = directory / f"model-{index}.yaml"
        paths[text].write_text(text, encoding="utf-8")

    def run(text: str) -> float:
        return cpu_seconds(lambda: toc.load(paths[text]).validate())

    times: dict[tuple[str, str], list[float]] = defaultdict(list)
    for _ in range(repeats):  # interleaved, so that a slow spell hits every file alike
        for name, (hostile, valid) in pairs.items():
            times[name, "valid"].append(run(valid))
            times[name, "hostile"].append(run(hostile))
            with suggestions_off() as off:
                if off:
                    times[name, "no hints"].append(run(hostile))
    median = {key: statistics.median(values) for key, values in times.items()}
    print(
        f"{'file':>26} {'KB':>5} {'findings':>9} {'valid s':>8} {'hostile s':>10} {'no hints':>9}"
        f" {'hostile / valid':>16}"
    )
    for name, (hostile, _) in pairs.items():
        base, seconds = median[name, "valid"], median[name, "hostile"]
        floor = f"{median[name, 'no hints']:>9.3f}" if (name, "no hints") in median else f"{'-':>9}"
        findings = len(toc.load(paths[hostile]).validate())
        print(
            f"{name:>26} {len(hostile) / 1000:>5.0f} {findings:>9,} {base:>8.3f} {seconds:>10.3f}"
            f" {floor} {seconds / base:>16.2f}"
        )
        sys.stdout.flush()


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--elements", type=int, default=ELEMENTS, help="size of the valid model")
    options.add_argument("--repeats", type=int, default=5, help="runs per file (median taken)")
    options.add_argument("--cases", default="misspelt,dense", help="which tables to print")
    options.add_argument(
        "--counts",
        default=",".join(map(str, COUNTS)),
        help="how many references to misspell or leave dangling, e.g. 1000,2000",
    )
    args = options.parse_args()
    counts = tuple(int(count) for count in args.counts.split(","))
    print(f"python {platform.python_version()} on {platform.machine()}, toc from {toc.__file__}")
    with tempfile.TemporaryDirectory() as tmp:
        if "misspelt" in args.cases:
            valid = model_yaml(args.elements, tagged=True)
            print(f"\nA valid {args.elements:,}-element model, and copies with names misspelt:")
            hostile = hostile_files(valid, random.Random(0), counts)
            compare(
                {name: (text, valid) for name, text in hostile.items()}, args.repeats, Path(tmp)
            )
        if "dense" in args.cases:
            print("\nOne dangling reference per element, against a valid model of the same size:")
            pairs = {}
            for count in counts:
                text = dense_file(count)
                pairs[f"{count:,} dangling references"] = (text, valid_of_size(len(text)))
            compare(pairs, args.repeats, Path(tmp))


if __name__ == "__main__":
    main()
