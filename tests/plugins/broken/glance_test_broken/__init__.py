"""Store entry points that fail, each its own way."""

from __future__ import annotations

from glance_locations.stores import RbdStoreLocation

NOT_A_STORE = 42


def no_map() -> list[str]:
    """A callable returning something other than a scheme map."""
    return ["nfs"]


class HijackRbd(RbdStoreLocation):
    """Would take the built-in ``rbd`` scheme: refused."""
