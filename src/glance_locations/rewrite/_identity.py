"""Identity: what a location points at, credentials left out."""

from __future__ import annotations

from collections.abc import Hashable

from glance_locations.base import StoreLocation

__all__ = ["identity", "same_location"]


def identity(loc: StoreLocation) -> Hashable:
    """What ``loc`` points at, credentials left out: equal identities, same bytes.

    Each store says it with :meth:`StoreLocation.identity_key`; per built-in store
    (docs/rewriting.md gives the reasons):

    - file: the path (``filesystem://`` is ``file://``);
    - http(s): scheme, host (case-insensitive), port (the scheme's default if absent),
      path (``""`` is ``/``) and the query without its credential parameters;
    - swift: service host, port, path prefix, container and object; the transport
      (``swift+http`` or https) and a port equal to its default are left out, so a
      ``swift+config`` location equals the resolved spelling of the same account;
    - s3: the same, with bucket and key;
    - rbd: fsid, pool, image and snapshot; a one-name ``rbd://image`` (no cluster) is
      its image name alone and never equals a four-part location;
    - cinder: the volume id (a UUID: the backend group is left out);
    - vsphere: host, path, datacenter and datastore (query order does not matter);
    - a store class of one's own: its ``identity_key()`` (default: its class and every
      field but the secret ones).

    Credentials (user, password, keys, application credentials, query credentials) and
    ``backend_group`` never take part.

    :raises TypeError: ``loc`` is not a :class:`StoreLocation`.
    """
    if not isinstance(loc, StoreLocation):
        raise TypeError(f"identity() needs a StoreLocation, not {type(loc).__name__}")
    return loc.identity_key()


def same_location(a: StoreLocation, b: StoreLocation) -> bool:
    """Whether ``a`` and ``b`` point at the same bytes: ``identity(a) == identity(b)``.

    :raises TypeError: either is not a :class:`StoreLocation`.
    """
    return identity(a) == identity(b)
