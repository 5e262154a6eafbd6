"""The conformance suite needs glance_store: without it, stop the run loudly.

The plain test session excludes this folder (``--ignore=tests/conformance`` in noxfile.py);
``nox -s conformance`` installs glance_store and runs it. Skipping here instead would let
a run without the reference look green.
"""

from __future__ import annotations

import pytest

try:
    # Imported to fail early, with the message below.
    from tests.conformance import reference  # noqa: F401  # pyright: ignore[reportUnusedImport]
except ImportError as exc:  # pragma: no cover (only without glance_store)
    raise pytest.UsageError(
        f"the conformance suite needs glance_store ({exc}); run it with `nox -s conformance`,"
        " or leave it out with --ignore=tests/conformance"
    ) from exc

from tests.conformance.compare import TALLIES, summary_lines


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the per-store tallies and the summary line at the end of the session."""
    if not TALLIES:
        return
    terminalreporter.section("glance_store conformance")
    for line in summary_lines():
        terminalreporter.write_line(line)
