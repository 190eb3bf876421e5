"""Hypothesis profiles: a quick default for every run, longer ones by `HYPOTHESIS_PROFILE`."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    max_examples=40,
    deadline=None,  # CI machines are noisy; speed is measured in benchmarks/, not asserted here
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", parent=settings.get_profile("default"), max_examples=1000)
settings.register_profile(
    "fuzz",  # tests/test_fuzz.py for real: see docs/contributing.md, "Fuzzing"
    parent=settings.get_profile("default"),
    max_examples=100_000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
