"""``RbdRemap``: a Ceph cluster's fsid and pools renamed, in four-part rbd locations."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from glance_locations.base import StoreLocation
from glance_locations.exceptions import BadStoreLocation, BadStoreUri
from glance_locations.rewrite._maps import freeze, refuse_chains
from glance_locations.rewrite._rule import Rule
from glance_locations.stores import RbdStoreLocation

__all__ = ["RbdRemap"]


def _rbd_name_problem(name: object, component: str) -> str | None:
    """Why ``name`` cannot be an rbd ``component`` (fsid or pool), or ``None`` if it can:
    the rbd store's own rules decide, on a probe location that must round-trip."""
    if not isinstance(name, str):
        return f"must be str, not {type(name).__name__}"
    if not name:
        return "empty"
    names = {"fsid": "fsid", "pool": "pool", "image": "image", "snapshot": "snap", component: name}
    try:
        probe = RbdStoreLocation(**names)
        ok = RbdStoreLocation.from_uri(probe.get_uri()) == probe
    except BadStoreUri as exc:
        return exc.reason
    except BadStoreLocation as exc:
        return "; ".join(reason for _, reason in exc.problems)
    except UnicodeError:  # a lone surrogate cannot be quoted (the error is not chained)
        ok = False
    return None if ok else "not a name an rbd URI can hold"


def _check_names(what: str, mapping: Mapping[str, str]) -> None:
    component = what[:-1]
    for old, new in mapping.items():
        for name in (old, new):
            problem = _rbd_name_problem(name, component)
            if problem is not None:
                raise ValueError(f"RbdRemap: {what} entry {name!r}: {problem}")
    refuse_chains("RbdRemap", component, mapping)


@attrs.frozen(slots=True)
class RbdRemap(Rule):
    """Rewrite the cluster fsid and/or the pool of four-part rbd locations.

    ``fsids`` and ``pools`` map old names to new ones (decoded names, as the fields hold
    them). A one-name ``rbd://image`` names no cluster nor pool: left alone. Pools are
    renamed in every cluster.

    :raises ValueError: (at construction) a name an rbd URI cannot hold, or a chained map
        (``{a: b, b: c}``), which would make the rule not idempotent.
    """

    fsids: Mapping[str, str] = attrs.field(factory=dict[str, str], converter=freeze, hash=False)
    pools: Mapping[str, str] = attrs.field(factory=dict[str, str], converter=freeze, hash=False)

    def __attrs_post_init__(self) -> None:
        _check_names("fsids", self.fsids)
        _check_names("pools", self.pools)

    def __reduce__(self) -> tuple[object, ...]:
        return (RbdRemap, (dict(self.fsids), dict(self.pools)))

    def __call__(self, loc: StoreLocation) -> StoreLocation:
        # A rule about one store: the rbd class's fields are what it rewrites.
        if not isinstance(loc, RbdStoreLocation) or loc.fsid is None or loc.pool is None:
            return loc
        fsid = self.fsids.get(loc.fsid, loc.fsid)
        pool = self.pools.get(loc.pool, loc.pool)
        if fsid == loc.fsid and pool == loc.pool:
            return loc
        return attrs.evolve(loc, fsid=fsid, pool=pool)
