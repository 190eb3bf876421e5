"""What `toc validate` imports and reads, so that its start-up stays small.

Time is measured by `benchmarks/cli_startup.py`; these tests pin the causes instead: the modules
a run loads and the files it reads, which do not depend on how busy the machine is.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import toc
import toc.frameworks
from toc.model import TheoryOfChange

ROOT = Path(__file__).resolve().parents[1]

_LOADED = """\
import json, sys
from toc.cli import main
status = main(sys.argv[1:])
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""

UNTAGGED = """\
toc: 1
id: plain
title: No tags
activities:
  - {id: train, label: Train}
"""

NOT_FOR_VALIDATE = (
    "networkx",  # the rules walk toc.graph's own dicts; `graph.nx` builds one on first use
    "toc.analysis",
    "toc.io.actuals",
    "toc.render",
    "toc.report",
    "openpyxl",
    "ruamel",
    "graphviz",
)


def _modules_after(*argv: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", _LOADED, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("tagged", [True, False])
def test_validate_imports_neither_networkx_nor_what_other_commands_need(
    tagged: bool, tmp_path: Path
) -> None:
    model = ROOT / "models" / "bradford.yaml"  # tags into the bundled frameworks
    if not tagged:
        model = tmp_path / "plain.yaml"
        model.write_text(UNTAGGED, encoding="utf-8")
    loaded = _modules_after("validate", str(model))
    assert "toc.rules" in loaded  # the run did validate
    assert sorted(m for m in loaded if m.startswith(NOT_FOR_VALIDATE)) == []


def test_the_lazy_names_of_the_package_still_work() -> None:
    assert toc.Progress.__module__ == "toc.analysis.progress"
    assert callable(toc.convert) and callable(toc.read_file) and callable(toc.write_file)
    assert set(toc.bundled().models) >= {"bradford", "llr", "home_office"}
    assert set(toc.__all__) <= set(dir(toc))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = toc.nothing


def _count_bundled_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    reads: list[int] = []
    original = toc.frameworks.bundled_frameworks

    def counting() -> dict[str, toc.Framework]:
        reads.append(1)
        return original()

    monkeypatch.setattr(toc.frameworks, "bundled_frameworks", counting)
    return reads


OWN_FRAMEWORK = """\
toc: 1
id: own
title: Tags into its own framework only
frameworks:
  - id: local
    title: Local bank
    entries: [{id: staff, label: Staff}]
outcomes:
  - {id: confident, label: Confident, term: short, tags: [local:staff]}
"""


@pytest.mark.parametrize("text", [UNTAGGED, OWN_FRAMEWORK])
def test_models_without_bundled_tags_do_not_read_the_bundled_frameworks(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _count_bundled_reads(monkeypatch)
    codes = toc.loads(text).validate().codes()
    assert "TOC501" not in codes and "TOC502" not in codes
    assert reads == []


def test_a_tag_into_a_bundled_framework_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    reads = _count_bundled_reads(monkeypatch)
    model: TheoryOfChange = toc.loads(
        OWN_FRAMEWORK.replace("[local:staff]", "[home-office:practitioners/short/knowledge]")
    )
    assert "TOC501" not in model.validate().codes()
    assert reads
    typo = OWN_FRAMEWORK.replace("[local:staff]", "[home-ofice:practitioners/short/knowledge]")
    assert "did you mean" in " ".join(f.message for f in toc.loads(typo).validate())
