"""Shared helpers for the vector tables."""

from __future__ import annotations

from collections.abc import Mapping

from glance_locations import StoreLocation


def assert_fields(loc: StoreLocation, expected: Mapping[str, object]) -> None:
    """Every expected field (or property) of ``loc`` has the expected value."""
    actual = {name: getattr(loc, name) for name in expected}
    assert actual == dict(expected)
