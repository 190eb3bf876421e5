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
    """A profile's name and its settings table (keys as in `toc.toml`); docs say why."""

    name: str
    table: Mapping[str, object]


def _profile(name: str, table: dict[str, object]) -> Profile:
    return Profile(name, MappingProxyType(table))


PROFILES: Mapping[str, Profile] = MappingProxyType(
    {
        profile.name: profile
        for profile in (
            # IATI 2.03 indicators have no field for a data source or a collection frequency.
            _profile("iati", {"ignore": ["TOC305", "TOC306"]}),
            # A logframe row: indicators with a baseline, a target and a means of verification.
            _profile(
                "logframe",
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
            # Before publishing or funding: everything on, every finding an error.
            _profile(
                "strict",
                {
                    "require": ["target", "baseline", "data_source", "frequency"],
                    "kpi-reach": "direct",
                    "severity": {"TOC": "error"},
                },
            ),
            # The library's own defaults, to undo a profile a settings file names.
            _profile("default", {}),
        )
    }
)
"""Every profile by name, in the order the docs explain them."""
