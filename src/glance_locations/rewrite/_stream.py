"""``rewrite()``: rows streamed through rules, one :class:`Change` per row."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, Literal, TypeVar, cast

import attrs

from glance_locations._redact import mask_uri
from glance_locations.base import StoreLocation
from glance_locations.config import StoreConfig
from glance_locations.exceptions import (
    BadStoreLocation,
    BadStoreUri,
    RewriteRefused,
    UnknownScheme,
)
from glance_locations.registry import get_location_from_uri
from glance_locations.rewrite._rule import Rule

__all__ = ["Change", "Status", "rewrite"]

#: What happened to one row.
Status = Literal["unchanged", "changed", "invalid", "refused"]
K = TypeVar("K")
#: Covariant: a ``Change[Literal[1]]`` is a ``Change[int]`` is a ``Change[object]`` (a
#: frozen class only gives its key out).
K_co = TypeVar("K_co", covariant=True)


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Change(Generic[K_co]):
    """What :func:`rewrite` did to one row.

    ``before`` is the row's URI as given, ``after`` the new one (``None`` unless
    ``status == "changed"``); both may hold credentials, which ``repr`` and ``str`` mask.
    ``rule`` names the rule that refused the row or made it invalid, or the rules that
    changed it (comma-separated, in order); ``reason`` says why a row is invalid or
    refused (never a secret).
    """

    key: K_co
    before: str
    after: str | None = None
    status: Status
    rule: str | None = None
    reason: str | None = None

    def __repr__(self) -> str:
        after = None if self.after is None else mask_uri(self.after)
        return (
            f"Change(key={self.key!r}, before={mask_uri(self.before)!r}, after={after!r}, "
            f"status={self.status!r}, rule={self.rule!r}, reason={self.reason!r})"
        )

    def __str__(self) -> str:
        text = f"{self.key}: {self.status} {mask_uri(self.before)}"
        if self.after is not None:
            text += f" -> {mask_uri(self.after)}"
        if self.rule is not None:
            text += f" [{self.rule}]"
        if self.reason is not None:
            text += f": {self.reason}"
        return text


def _rule_name(rule: Rule) -> str:
    name = getattr(rule, "__name__", None)
    return name if isinstance(name, str) else type(rule).__name__


def _reason(exc: BadStoreUri | BadStoreLocation | UnknownScheme) -> str:
    return exc.reason if isinstance(exc, BadStoreUri) else exc.message


def rewrite(
    rows: Iterable[tuple[K, str]],
    rules: Sequence[Rule],
    *,
    conf: StoreConfig | None = None,
) -> Iterator[Change[K]]:
    """Stream ``(key, uri)`` rows through ``rules``, one :class:`Change` per row, in order.

    Each URI is parsed with :func:`glance_locations.get_location_from_uri` (``conf``
    resolves ``swift+config`` rows), then each rule is applied in turn to the previous
    one's result. Never raises for a bad row: a URI that does not parse (or is not text)
    is ``invalid`` with no rule; a rule that raises :class:`RewriteRefused` makes the row
    ``refused``, one that raises ``BadStoreLocation`` or ``BadStoreUri`` (it built an
    invalid location) makes it ``invalid``, both naming the rule. Rows are read lazily:
    memory does not grow with their number.

    :raises TypeError: (at once) a rule is not callable or ``conf`` is not a
        :class:`StoreConfig`; (while iterating) a row is not a ``(key, uri)`` pair, or a
        rule returned something else than a :class:`StoreLocation`. Any other error a
        rule raises is a bug in it and is passed on.
    """
    rules = tuple(rules)
    for rule in rules:
        if not callable(rule):
            raise TypeError(f"a rewrite rule must be callable, not {type(rule).__name__}")
    if conf is not None and not isinstance(conf, StoreConfig):
        raise TypeError(f"conf must be a StoreConfig or None, not {type(conf).__name__}")
    named = tuple((rule, _rule_name(rule)) for rule in rules)
    return _changes(rows, named, conf)


def _changes(
    rows: Iterable[tuple[K, str]],
    rules: tuple[tuple[Rule, str], ...],
    conf: StoreConfig | None,
) -> Iterator[Change[K]]:
    for row in rows:
        if not _is_pair(row):
            raise TypeError(f"rewrite() rows must be (key, uri) pairs, not {type(row).__name__}")
        key, uri = row
        yield _change(key, uri, rules, conf)


def _is_pair(row: object) -> bool:
    """Whether ``row`` is a 2-tuple (typed callers never pass anything else)."""
    return isinstance(row, tuple) and len(cast("tuple[object, ...]", row)) == 2


def _change(
    key: K, uri: object, rules: tuple[tuple[Rule, str], ...], conf: StoreConfig | None
) -> Change[K]:
    if not isinstance(uri, str):
        return Change(
            key=key, before="", status="invalid", reason=f"not text ({type(uri).__name__})"
        )
    try:
        original = get_location_from_uri(uri, conf).store_location
    except (BadStoreUri, UnknownScheme) as exc:
        return Change(key=key, before=uri, status="invalid", reason=_reason(exc))
    loc = original
    changed_by: list[str] = []
    for rule, name in rules:
        try:
            out = rule(loc)
        except RewriteRefused as exc:
            return Change(key=key, before=uri, status="refused", rule=name, reason=exc.reason)
        except (BadStoreLocation, BadStoreUri) as exc:
            return Change(key=key, before=uri, status="invalid", rule=name, reason=_reason(exc))
        if out is loc:
            continue
        if not isinstance(out, StoreLocation):
            raise TypeError(
                f"rewrite rule {name} returned {type(out).__name__}, not a StoreLocation"
            )
        if out != loc:
            changed_by.append(name)
            loc = out
    if loc == original:  # unchanged, or changed and changed back
        return Change(key=key, before=uri, status="unchanged")
    return Change(
        key=key, before=uri, after=loc.get_uri(), status="changed", rule=", ".join(changed_by)
    )
