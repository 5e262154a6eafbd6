"""The public rule type: what :func:`~glance_locations.rewrite.rewrite` applies."""

from __future__ import annotations

from typing import Protocol

from glance_locations.base import StoreLocation

__all__ = ["Rule"]


class Rule(Protocol):
    """A rewrite rule: ``rule(loc)`` returns ``loc`` itself (the very object) when it does
    not apply, a new location when it does, and raises
    :class:`~glance_locations.exceptions.RewriteRefused` when it applies but cannot
    rewrite.

    Any ``Callable[[StoreLocation], StoreLocation]`` is a ``Rule``: a function of one's own
    needs nothing more. The built-in rules also subclass it, so that both mypy and pyright
    infer a list of them as a list of rules (mypy joins two unrelated classes to
    ``object``, and ``object`` is not callable).
    """

    __slots__ = ()

    def __call__(self, loc: StoreLocation, /) -> StoreLocation:
        """The rewritten location, or ``loc`` itself when the rule does not apply."""
        ...
