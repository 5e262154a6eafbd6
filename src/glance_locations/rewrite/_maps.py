"""The old-to-new name maps the rules hold: frozen, and never chained."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["freeze", "refuse_chains"]


def freeze(mapping: Mapping[str, str]) -> Mapping[str, str]:
    """A read-only copy of ``mapping`` (an attrs converter: a rule is a value)."""
    if not isinstance(mapping, Mapping):
        raise TypeError(f"expected a mapping of names, not {type(mapping).__name__}")
    return MappingProxyType(dict(mapping))


def refuse_chains(rule: str, what: str, mapping: Mapping[str, str]) -> None:
    """Refuse ``{a: b, b: c}``: applying the rule twice would move ``a`` to ``c``.

    :raises ValueError: a new name is also an old one, mapped elsewhere.
    """
    for old, new in mapping.items():
        if new != old and mapping.get(new, new) != new:
            raise ValueError(
                f"{rule}: {what} {new!r} is both a new and an old name ({old!r} -> {new!r} "
                f"-> {mapping[new]!r}): the rule would not be idempotent; rewrite in two passes"
            )
