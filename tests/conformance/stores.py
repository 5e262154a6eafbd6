"""The stores under comparison: our class and the field mapping to glance_store's attributes.

Each mapping pairs one of our fields with the attribute that glance_store's driver
``StoreLocation`` sets in ``parse_uri()``; ``backend_group`` is compared for every store.
An attribute glance_store never set reads as ``None`` (its http driver sets ``password``
only when the URI has credentials; ours is then ``None`` too).

| store   | ours                          | glance_store                                |
|---------|-------------------------------|---------------------------------------------|
| file    | scheme, path                  | the same (``_drivers.filesystem``)          |
| http    | scheme, netloc, user,         | the same (``_drivers.http``)                |
|         | password, path, query         |                                             |
| rbd     | fsid, pool, image, snapshot   | the same (``_drivers.rbd``; no scheme)      |
| cinder  | scheme, volume_id             | the same (``_drivers.cinder.store``)        |
| swift   | scheme, user, key,            | the same (``_drivers.swift.store``), read   |
|         | application_credential_id,    | before ``get_uri()``, which rewrites the    |
|         | application_credential_secret,| scheme of a swift+config location           |
|         | project_name, project_id,     |                                             |
|         | auth_or_store_url, container, |                                             |
|         | obj                           |                                             |
| s3      | scheme, accesskey, secretkey, | the same (``_drivers.s3``); glance_store    |
|         | s3serviceurl, bucket, key     | 5.7.0 has no accesskey/secretkey (None)     |
| vsphere | scheme, server_host, path,    | the same (``_drivers.vmware_datastore``)    |
|         | query, datacenter_path,       |                                             |
|         | datastore_name                |                                             |

Our ``HttpStoreLocation.host``/``port``, ``SwiftStoreLocation.reference``/``swift_url``
and ``VMwareStoreLocation.https_url`` have no counterpart among the compared fields.
``get_uri()`` is compared on every store. swift+config URIs are resolved through
``glance-swift.conf`` beside this file, by both libraries.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import attrs

from glance_locations import StoreConfig, StoreLocation
from glance_locations.stores import (
    CinderStoreLocation,
    FilesystemStoreLocation,
    HttpStoreLocation,
    RbdStoreLocation,
    S3StoreLocation,
    SwiftStoreLocation,
    VMwareStoreLocation,
)

#: The swift account references of the corpus (``[ref1]``, ``[ref2]``, ``[appcred]``...).
SWIFT_CONFIG = Path(__file__).with_name("glance-swift.conf")


@attrs.frozen
class StoreSpec:
    """One store: its glance_store name, our class, and our field -> their attribute."""

    name: str
    location_class: type[StoreLocation]
    fields: Mapping[str, str]
    conf: StoreConfig | None = None
    #: Fields (and specs keys) holding secrets, checked never to show in errors or repr.
    secrets: tuple[str, ...] = ()

    @property
    def credentials(self) -> bool:
        """Whether the store's URIs may hold credentials."""
        return bool(self.secrets)

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
            secrets=("password",),
        ),
        StoreSpec("rbd", RbdStoreLocation, _same("fsid", "pool", "image", "snapshot")),
        StoreSpec("cinder", CinderStoreLocation, _same("scheme", "volume_id")),
        StoreSpec(
            "swift",
            SwiftStoreLocation,
            _same(
                "scheme",
                "user",
                "key",
                "application_credential_id",
                "application_credential_secret",
                "project_name",
                "project_id",
                "auth_or_store_url",
                "container",
                "obj",
            ),
            StoreConfig.from_swift_config(SWIFT_CONFIG),
            secrets=("key", "application_credential_secret"),
        ),
        StoreSpec(
            "s3",
            S3StoreLocation,
            _same("scheme", "accesskey", "secretkey", "s3serviceurl", "bucket", "key"),
            secrets=("secretkey",),
        ),
        StoreSpec(
            "vsphere",
            VMwareStoreLocation,
            _same("scheme", "server_host", "path", "query", "datacenter_path", "datastore_name"),
        ),
    )
}
