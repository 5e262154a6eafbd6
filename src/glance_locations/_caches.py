"""What the library keeps between calls, to inspect and to empty.

Only derived values are kept, never a value of a location (no URI, no credential) and
never a decision that a value is valid: the functions cattrs generates to structure and
unstructure each store class's specs, bounded by the number of classes. The lexer and
the checks keep nothing.
"""

from __future__ import annotations

import sys
from typing import NamedTuple

__all__ = ["CacheInfo", "cache_clear", "cache_info"]

_CONVERTER = "glance_locations._converter"  # imported with the first specs dict


class CacheInfo(NamedTuple):
    """How one cache fared: hits, misses, its bound and its current size."""

    hits: int
    misses: int
    maxsize: int
    currsize: int


def cache_info() -> dict[str, CacheInfo]:
    """Each cache of the library, by name (empty until specs were first used)."""
    if _CONVERTER not in sys.modules:
        return {}
    from glance_locations import _converter as converter  # noqa: PLC0415 (loaded already)

    infos: dict[str, CacheInfo] = {}
    for function in converter.cache_functions():
        hits, misses, maxsize, currsize = function.cache_info()
        infos[f"specs.{function.__name__.strip('_')}"] = CacheInfo(
            hits, misses, maxsize or 0, currsize
        )
    return infos


def cache_clear() -> None:
    """Empty every cache of the library."""
    if _CONVERTER in sys.modules:
        from glance_locations import _converter as converter  # noqa: PLC0415 (loaded already)

        for function in converter.cache_functions():
            function.cache_clear()
