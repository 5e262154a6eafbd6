"""Hypothesis profiles, and the count of fuzz examples printed at the end of a run."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from .uri_strategies import EXAMPLES

# No deadline anywhere: a wall-clock limit fails tests on a busy machine, not on a bug.
settings.register_profile("dev", deadline=None)
# CI: a fixed, reproducible set of examples (derandomized, no example database).
settings.register_profile(
    "ci",
    max_examples=500,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# Long local fuzzing runs: HYPOTHESIS_PROFILE=fuzz pytest tests/test_fuzz.py
settings.register_profile(
    "fuzz", max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "dev")
settings.load_profile(PROFILE)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On a pytest-xdist worker, hand the example counts to the controller."""
    output = getattr(session.config, "workeroutput", None)
    if isinstance(output, dict):
        output["hypothesis_examples"] = dict(EXAMPLES)


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook: without xdist, never called
def pytest_testnodedown(node: object, error: object) -> None:
    """On the controller, add up the counts of each worker as it finishes."""
    del error  # a crashed worker's counts are lost with it
    output = getattr(node, "workeroutput", {})
    EXAMPLES.update(output.get("hypothesis_examples", {}))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many examples the fuzz properties ran, per property and in all."""
    if not EXAMPLES:
        return
    terminalreporter.section("hypothesis fuzz examples")
    for name, count in sorted(EXAMPLES.items()):
        terminalreporter.write_line(f"{count:>8}  {name}")
    terminalreporter.write_line(
        f"{sum(EXAMPLES.values()):>8}  in all (profile {PROFILE!r}, "
        f"max_examples={settings().max_examples})"
    )
