"""The public API: what `import toc` offers a notebook user."""

from __future__ import annotations

import pytest

import toc


def test_every_public_name_exists() -> None:
    for name in toc.__all__:
        assert hasattr(toc, name), name


def test_bundled_lists_models_and_frameworks() -> None:
    shipped = toc.bundled()
    assert set(shipped.models) == {"bradford", "llr", "home_office"}
    assert {"home-office", "llr"} <= set(shipped.frameworks)


@pytest.mark.parametrize("name", ["bradford", "llr", "home_office"])
def test_bundled_models_load_by_name(name: str) -> None:
    model = toc.load(name)
    assert model.source_map is not None
    assert model.source_map.file.endswith(f"{name}.yaml")


def test_unknown_name_suggests_a_bundled_model() -> None:
    with pytest.raises(toc.LoadError, match="did you mean the bundled model `bradford`"):
        toc.load("bradfrod")


def test_model_repr_is_one_line() -> None:
    assert repr(toc.load("bradford")) == (
        "<TheoryOfChange 'bradford-atr': 4 inputs, 4 activities, 4 outputs, 11 kpis, 3 outcomes, "
        "3 impacts, 2 barriers, 2 enablers>"
    )


def test_models_are_immutable() -> None:
    model = toc.load("bradford")
    with pytest.raises(ValueError, match="frozen"):
        model.title = "changed"  # type: ignore[misc]  # the point of the test


def test_a_copy_does_not_keep_the_originals_caches() -> None:
    model = toc.load("bradford")
    assert len(model.graph.of_kind("activity")) == 4
    copy = model.model_copy(update={"activities": []})
    assert copy.graph.of_kind("activity") == []
    assert copy.source_map is None
    assert "TOC301" not in copy.validate().codes()
