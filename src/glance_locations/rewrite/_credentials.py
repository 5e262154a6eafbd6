"""``StripCredentials``: the credential-free form of the locations of the stores named.

How a location loses its credentials is the store's to say: a hook per store class,
dispatched with :func:`functools.singledispatch` (the class's nearest registered base
wins), so a store class of one's own joins with :meth:`StripCredentials.register`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable
from typing import TypeVar

import attrs

from glance_locations._addresses import strip_query_credentials
from glance_locations.base import StoreLocation
from glance_locations.exceptions import RewriteRefused
from glance_locations.registry import default_registry
from glance_locations.rewrite._rule import Rule
from glance_locations.stores import (
    BUILTIN_STORES,
    HttpStoreLocation,
    S3StoreLocation,
    SwiftStoreLocation,
)

__all__ = ["StripCredentials"]

L = TypeVar("L", bound=StoreLocation)


@functools.singledispatch
def _stripped(loc: StoreLocation) -> StoreLocation:
    """A store class that registered no hook: left alone without credentials, else refused."""
    if loc.exposure().credentials:
        raise RewriteRefused(
            f"{type(loc).__name__} locations embed credentials that StripCredentials "
            "does not know how to remove (StripCredentials.register teaches it)"
        )
    return loc


@_stripped.register(HttpStoreLocation)
def _http(loc: HttpStoreLocation) -> HttpStoreLocation:
    """No userinfo, no credential parameter in the query (the others kept raw, in order)."""
    query = strip_query_credentials(loc.query)
    if loc.user is None and loc.password is None and query == loc.query:
        return loc
    return attrs.evolve(loc, user=None, password=None, query=query)


@_stripped.register(S3StoreLocation)
def _s3(loc: S3StoreLocation) -> S3StoreLocation:
    """No access and secret key: Glance 33 then uses its backend's configured keys."""
    if loc.accesskey is None and loc.secretkey is None:
        return loc
    return attrs.evolve(loc, accesskey=None, secretkey=None)


@_stripped.register(SwiftStoreLocation)
def _swift(loc: SwiftStoreLocation) -> SwiftStoreLocation:
    """Swift credentials in a URI select the account: they cannot just be dropped."""
    if loc.scheme == "swift+config" or not (loc.user or loc.key):
        return loc
    raise RewriteRefused(
        "swift credentials in the URI select the account: they cannot just be "
        "dropped; move them to a swift configuration reference (SwiftToConfig)"
    )


def _store_classes() -> dict[str, set[type[StoreLocation]]]:
    """Each store name the default registry knows (and every built-in one), with the
    location classes registered under it."""
    known: dict[str, set[type[StoreLocation]]] = {
        name: {cls} for name, cls in BUILTIN_STORES.items()
    }
    infos = [*default_registry.schemes.values()]
    for by_backend in default_registry.backends.values():
        infos += by_backend.values()
    for info in infos:
        if info.store is not None:
            known.setdefault(info.store, set()).add(info.location_class)
    return known


def _store_names(stores: Collection[str]) -> tuple[str, ...]:
    """The store names, each once, sorted (the rule is a value: order does not matter)."""
    if isinstance(stores, str) or not isinstance(stores, Iterable):
        raise TypeError(
            "StripCredentials: stores must be a collection of store names such as "
            f"('s3', 'http'), not {type(stores).__name__}"
        )
    names: Iterable[object] = stores  # checked, not trusted
    for name in names:
        if not isinstance(name, str):
            raise TypeError(
                f"StripCredentials: a store name must be str, not {type(name).__name__}"
            )
    return tuple(sorted(set(stores)))


@attrs.frozen(slots=True)
class StripCredentials(Rule):
    """The credential-free form of the locations of the stores named in ``stores``.

    Store names are the registry's (``"s3"``, ``"http"``, ``"swift"``, or the name a store
    class of one's own is registered with). Locations of the other stores are left alone.

    - ``"s3"`` (the default): no access and secret key, the form Glance 33 reads with the
      backend's configured keys (``s3_store_access_key``, ``s3_store_secret_key``);
    - ``"http"`` (never by default: a pre-signed or token URL stops working without its
      credentials): no userinfo, and no credential parameter in the query (the other
      parameters kept raw, in order);
    - ``"swift"``: a location with credentials in the URI is refused, since they select
      the account (use :class:`SwiftToConfig` first); ``swift+config`` and credential-free
      swift are left alone;
    - a store class of one's own: stripped by the hook it registered (:meth:`register`);
      without one, a location that embeds credentials is refused.

    :raises TypeError: (at construction) ``stores`` is a string or holds a non-string.
    :raises ValueError: (at construction) ``stores`` is empty or names a store the
        registry does not know.
    """

    stores: Collection[str] = attrs.field(default=("s3",), converter=_store_names)
    _classes: tuple[type[StoreLocation], ...] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        if not self.stores:
            raise ValueError("StripCredentials: stores is empty: name at least one store")
        known = _store_classes()
        classes: list[type[StoreLocation]] = []
        for name in self.stores:
            if name not in known:
                raise ValueError(
                    f"StripCredentials: unknown store {name!r} (the registry knows: "
                    f"{', '.join(sorted(known))})"
                )
            classes += sorted(known[name], key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
        object.__setattr__(self, "_classes", tuple(classes))

    @staticmethod
    def register(store: type[L]) -> Callable[[Callable[[L], L]], Callable[[L], L]]:
        """A decorator that teaches every ``StripCredentials`` how ``store``'s locations
        (and its subclasses') lose their credentials: ``hook(loc)`` returns the
        credential-free location, ``loc`` itself when it holds none, or raises
        :class:`RewriteRefused` when they cannot be removed. It applies when the rule
        names the store that ``store`` is registered under.

        :raises TypeError: ``store`` is not a :class:`StoreLocation` subclass.
        """
        given: object = store  # checked, not trusted
        if not (isinstance(given, type) and issubclass(given, StoreLocation)):
            raise TypeError(
                f"StripCredentials.register needs a StoreLocation subclass, not {store!r}"
            )

        def add(hook: Callable[[L], L]) -> Callable[[L], L]:
            _stripped.register(store, hook)
            return hook

        return add

    def __reduce__(self) -> tuple[object, ...]:
        return (StripCredentials, (self.stores,))

    def __call__(self, loc: StoreLocation) -> StoreLocation:
        if not isinstance(loc, self._classes):
            return loc
        out: StoreLocation = _stripped(loc)
        return out
