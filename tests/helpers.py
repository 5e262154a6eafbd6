"""Shared helpers of the tests: the vector tables' field check, running our scripts."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from glance_locations import StoreLocation

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def assert_fields(loc: StoreLocation, expected: Mapping[str, object]) -> None:
    """Every expected field (or property) of ``loc`` has the expected value."""
    actual = {name: getattr(loc, name) for name in expected}
    assert actual == dict(expected)


def run_script(script: Path, *args: str) -> str:
    """Run one of our scripts with this interpreter; its standard output, once it has
    exited with 0 (else the test fails with its standard error)."""
    done = subprocess.run(  # noqa: S603 (our interpreter, our script)
        [sys.executable, str(script), *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
