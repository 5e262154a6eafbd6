"""``CinderBackend``: cinder locations of a single-store deployment put into a backend."""

from __future__ import annotations

import attrs

from glance_locations.base import StoreLocation
from glance_locations.exceptions import BadStoreUri
from glance_locations.rewrite._rule import Rule
from glance_locations.stores import CinderStoreLocation

__all__ = ["CinderBackend"]

_PROBE_UUID = "00000000-0000-4000-8000-000000000000"


def _backend_problem(backend: object) -> str | None:
    """Why ``backend`` cannot name a cinder backend group (the cinder store's own rule,
    on a probe URI), or ``None`` if it can."""
    if not isinstance(backend, str):
        return f"must be str, not {type(backend).__name__}"
    try:
        CinderStoreLocation.from_uri(f"cinder://{backend}/{_PROBE_UUID}")
    except BadStoreUri as exc:
        return exc.reason
    return None


def _check_backend(_: object, __: attrs.Attribute[str], backend: str) -> None:
    problem = _backend_problem(backend)
    if problem is not None:
        raise ValueError(f"CinderBackend: backend {backend!r}: {problem}")


@attrs.frozen(slots=True)
class CinderBackend(Rule):
    """Put cinder locations of a single-store deployment into a multi-store backend:
    ``cinder://<uuid>`` becomes ``cinder://<backend>/<uuid>`` (``backend_group`` set).

    A location that already names a backend is left alone.

    :raises ValueError: (at construction) ``backend`` is not a backend group name.
    """

    backend: str = attrs.field(validator=_check_backend)

    def __call__(self, loc: StoreLocation) -> StoreLocation:
        # A rule about one store: the cinder URI's backend group is what it sets.
        if not isinstance(loc, CinderStoreLocation) or loc.backend_group:
            return loc
        return attrs.evolve(loc, backend_group=self.backend)
