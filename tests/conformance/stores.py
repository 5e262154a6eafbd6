"""The stores under comparison: our class and the field mapping to glance_store's attributes.

Each mapping pairs one of our fields with the attribute that glance_store's driver
``StoreLocation`` sets in ``parse_uri()``; ``backend_group`` is compared for every store.
An attribute glance_store never set reads as ``None`` (its http driver sets ``password``
only when the URI has credentials; ours is then ``None`` too).

| store  | ours                      | glance_store                                      |
|--------|---------------------------|---------------------------------------------------|
| file   | scheme, path              | scheme, path (``_drivers.filesystem``)            |
| http   | scheme, netloc, user,     | scheme, netloc, user, password, path, query       |
|        | password, path, query     | (``_drivers.http``)                               |
| rbd    | fsid, pool, image,        | fsid, pool, image, snapshot (``_drivers.rbd``;    |
|        | snapshot                  | no scheme attribute)                              |
| cinder | scheme, volume_id         | scheme, volume_id (``_drivers.cinder.store``)     |

Our ``HttpStoreLocation.host``/``port`` are derived from ``netloc`` and have no
counterpart. ``get_uri()`` is compared on every store.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from glance_locations import StoreLocation
from glance_locations.stores import (
    CinderStoreLocation,
    FilesystemStoreLocation,
    HttpStoreLocation,
    RbdStoreLocation,
)


@attrs.frozen
class StoreSpec:
    """One store: its glance_store name, our class, and our field -> their attribute."""

    name: str
    location_class: type[StoreLocation]
    fields: Mapping[str, str]

    @property
    def compared_fields(self) -> Mapping[str, str]:
        """The mapped fields plus ``backend_group`` (same name on both sides)."""
        return {**self.fields, "backend_group": "backend_group"}


def _same(*names: str) -> dict[str, str]:
    return {name: name for name in names}


#: Every store under comparison, by glance_store store name.
STORES: dict[str, StoreSpec] = {
    spec.name: spec
    for spec in (
        StoreSpec("file", FilesystemStoreLocation, _same("scheme", "path")),
        StoreSpec(
            "http",
            HttpStoreLocation,
            _same("scheme", "netloc", "user", "password", "path", "query"),
        ),
        StoreSpec("rbd", RbdStoreLocation, _same("fsid", "pool", "image", "snapshot")),
        StoreSpec("cinder", CinderStoreLocation, _same("scheme", "volume_id")),
    )
}
