"""Named rule profiles: documented tables of settings for a kind of model (`--profile iati`).

A profile is written exactly as a settings file's table would be, and read by the same parser
(`toc.settings`), so it can hold nothing a user could not write. It is the lowest layer: a
settings file, a per-file override and the command line all change it. Each is justified in
docs/configuration.md, which shows the same tables (`tests/test_profiles.py` holds them equal).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Profile:
    """A profile's name, its one-line purpose and its settings table (keys as in `toc.toml`)."""

    name: str
    summary: str
    table: Mapping[str, object]


def _profile(name: str, summary: str, table: dict[str, object]) -> Profile:
    return Profile(name, summary, MappingProxyType(table))


PROFILES: Mapping[str, Profile] = MappingProxyType(
    {
        profile.name: profile
        for profile in (
            _profile(
                "default",
                "the library's own defaults; names them to undo a profile set in a settings file",
                {},
            ),
            _profile(
                "iati",
                "models read from IATI 2.03 results: indicators there have no data source or "
                "frequency field",
                {"ignore": ["TOC305", "TOC306"]},
            ),
            _profile(
                "logframe",
                "logical frameworks: every result has indicators, each with a baseline, a target "
                "and a means of verification",
                {
                    "ignore": ["TOC306"],
                    "require": ["target", "baseline", "data_source"],
                    "severity": {
                        "TOC303": "error",
                        "TOC304": "error",
                        "TOC305": "error",
                        "TOC307": "error",
                    },
                },
            ),
            _profile(
                "strict",
                "every rule on and every finding an error; a KPI counts for TOC301 only when "
                "complete",
                {
                    "require": ["target", "baseline", "data_source", "frequency"],
                    "kpi-reach": "direct",
                    "severity": {"TOC": "error"},
                },
            ),
        )
    }
)
"""Every profile by name, in the order the docs explain them."""
