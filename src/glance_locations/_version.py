"""The installed version of glance_locations, found when first asked for."""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["version"]

#: The version of a source checkout whose pyproject.toml cannot be read.
UNKNOWN = "0+unknown"


def version() -> str:
    """The version of the installed distribution; in a source checkout, pyproject's."""
    # importlib.metadata costs milliseconds at import: loaded only when asked.
    from importlib.metadata import PackageNotFoundError  # noqa: PLC0415
    from importlib.metadata import version as installed  # noqa: PLC0415

    try:
        return installed("glance-locations")
    except PackageNotFoundError:
        return _source_version()


def _source_version() -> str:
    """``version`` of the ``[project]`` table of the checkout's pyproject.toml."""
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    try:
        text = pyproject.read_text(encoding="utf-8")
    except OSError:
        return UNKNOWN
    project = re.search(r"^\[project\]\s*$(.*?)(?=^\[|\Z)", text, re.MULTILINE | re.DOTALL)
    found = project and re.search(r'^version\s*=\s*"([^"]+)"', project.group(1), re.MULTILINE)
    return found.group(1) if found else UNKNOWN
