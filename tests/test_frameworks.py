"""Reference frameworks: bundled lookup, collecting, resolving tags and suggesting the closest."""

from __future__ import annotations

from pathlib import Path

import pytest

import toc.shipped
from toc.frameworks import (
    UnknownTagError,
    bundled_frameworks,
    count_entries,
    entry,
    find_entry,
    frameworks,
    iter_entries,
    list_frameworks,
    resolve,
    split_tag,
    suggest,
    tags,
)
from toc.load import load, loads
from toc.model import Framework
from toc.shipped import model_file, model_files

LOCAL = """\
toc: 1
id: m
title: T
frameworks:
  - id: local
    title: Local
    entries:
      - id: a
        label: A
        entries:
          - id: b
            label: B
            entries:
              - {id: c, label: C}
      - {id: d, label: D}
  - id: llr
    title: A local copy of llr
    entries:
      - {id: only, label: Only}
  - id: local
    title: A second definition, ignored
"""


def test_bundled_lists_the_shipped_models() -> None:
    models = model_files()
    assert {"bradford", "llr", "home_office"} <= set(models)
    assert all(path.suffix == ".yaml" and path.is_file() for path in models.values())
    assert model_file("llr") == models["llr"]


def test_unknown_bundled_name_is_a_lookup_error_with_the_closest() -> None:
    with pytest.raises(LookupError, match="did you mean `bradford`"):
        model_file("bradfrod")


def test_package_data_wins_over_the_checkout(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    package, checkout = tmp_path / "package", tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "b.yaml").write_text("toc: 1\n", encoding="utf-8")
    (checkout / "notes.txt").write_text("not a model\n", encoding="utf-8")
    monkeypatch.setattr(toc.shipped, "_PACKAGE_MODELS", package)
    monkeypatch.setattr(toc.shipped, "_CHECKOUT_MODELS", checkout)
    assert list(model_files()) == ["b"]
    package.mkdir()
    (package / "a.yaml").write_text("toc: 1\n", encoding="utf-8")
    assert model_files() == {"a": package / "a.yaml"}
    monkeypatch.setattr(toc.shipped, "_PACKAGE_MODELS", tmp_path / "missing")
    monkeypatch.setattr(toc.shipped, "_CHECKOUT_MODELS", tmp_path / "missing-too")
    assert model_files() == {}


def test_bundled_frameworks() -> None:
    found = bundled_frameworks()
    assert set(found) == {"home-office", "home-office-tip", "llr"}
    assert [f.id for f in list_frameworks()] == sorted(found)
    # Table 2: 3 groups, 3 terms in each, 23 outcomes
    assert count_entries(found["home-office"]) == 3 + 9 + 23


def test_a_framework_defined_by_two_bundled_models_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("one", "two"):
        (tmp_path / f"{name}.yaml").write_text(
            f"toc: 1\nid: {name}\ntitle: T\nframeworks:\n  - id: same\n    title: Same\n",
            encoding="utf-8",
        )
    monkeypatch.setattr(toc.shipped, "_PACKAGE_MODELS", tmp_path)
    with pytest.raises(ValueError, match="framework `same` is defined by two bundled models"):
        bundled_frameworks()


def test_the_issue_tag_examples_resolve() -> None:
    knowledge = entry("home-office:practitioners/short/knowledge")
    assert knowledge.label.startswith("Increased practitioner knowledge of ACEs")
    assert entry("llr:prevention/secondary").label == "Secondary Prevention (Early Intervention)"


def test_group_entries_are_tags_too() -> None:
    assert resolve("llr:prevention").known
    assert resolve("home-office:organisations/medium").known


def test_split_tag() -> None:
    assert split_tag("llr:prevention/secondary") == ("llr", ("prevention", "secondary"))
    assert split_tag("llr:prevention") == ("llr", ("prevention",))


def test_unknown_framework_suggests_the_closest_tag_anywhere() -> None:
    found = resolve("home-ofice:practitioners/short/knowledge")
    assert not found.known
    assert found.framework is None
    assert found.suggestion == "home-office:practitioners/short/knowledge"
    assert "names framework `home-ofice`, which is neither bundled nor defined" in found.problem


def test_unknown_entry_suggests_within_its_framework() -> None:
    found = resolve("llr:prevention/secundary")
    assert found.framework is not None
    assert found.framework.id == "llr"
    assert found.entry is None
    assert found.suggestion == "llr:prevention/secondary"
    assert found.problem == (
        "framework `llr` has no entry `prevention/secundary`; "
        "did you mean `llr:prevention/secondary`?"
    )


def test_an_underscore_for_a_hyphen_is_matched_exactly() -> None:
    assert resolve("llr:phases/trauma_aware").suggestion == "llr:phases/trauma-aware"


def test_nothing_close_means_no_suggestion() -> None:
    found = resolve("zzz:qqq")
    assert found.suggestion is None
    assert "did you mean" not in found.problem
    assert suggest("zzz:qqq", {}) is None


def test_entry_raises_a_lookup_error_naming_the_closest() -> None:
    with pytest.raises(UnknownTagError, match="did you mean `llr:prevention/tertiary`") as raised:
        entry("llr:prevention/tertiery")
    assert isinstance(raised.value, LookupError)
    assert raised.value.resolution.tag == "llr:prevention/tertiery"


def test_a_models_own_frameworks_extend_and_replace_the_bundled_ones() -> None:
    model = loads(LOCAL)
    available = frameworks(model)
    assert {"local", "llr", "home-office"} <= set(available)
    assert available["llr"].title == "A local copy of llr"
    assert available["local"].title == "Local"  # the first definition in a file is used
    assert not resolve("llr:prevention/secondary", available).known
    assert resolve("local:a/b/c", available).known
    assert set(frameworks(model, include_bundled=False)) == {"local", "llr"}


def test_entries_are_walked_depth_first_in_document_order() -> None:
    local = frameworks(loads(LOCAL), include_bundled=False)["local"]
    assert [tag for tag, _ in iter_entries(local)] == [
        "local:a",
        "local:a/b",
        "local:a/b/c",
        "local:d",
    ]
    assert tags([local]) == tags({"local": local})
    assert count_entries(local) == 4


def test_find_entry_needs_every_step() -> None:
    local: Framework = frameworks(loads(LOCAL), include_bundled=False)["local"]
    found = find_entry(local, ["a", "b", "c"])
    assert found is not None
    assert found.label == "C"
    assert find_entry(local, ["a", "c"]) is None
    assert find_entry(local, []) is None


@pytest.mark.parametrize("name", ["bradford", "llr", "home_office"])
def test_every_tag_in_the_bundled_models_resolves(name: str) -> None:
    model = load(model_file(name))
    available = frameworks(model)
    written = [tag for s in model.statements for tag in s.tags]
    written += [tag for _, element in model.elements() for tag in element.tags]
    assert written
    unknown = [tag.ref for tag in written if not resolve(tag.ref, available).known]
    assert unknown == []


def test_bradford_tags_are_all_inferred() -> None:
    model = load(model_file("bradford"))
    written = [tag for s in model.statements for tag in s.tags]
    written += [tag for _, element in model.elements() for tag in element.tags]
    assert {tag.basis for tag in written} == {"inferred"}
    assert {split_tag(tag.ref)[0] for tag in written} == {"home-office", "home-office-tip", "llr"}
