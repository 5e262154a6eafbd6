"""The built-in store location classes, one module per store."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from glance_locations.base import StoreLocation
from glance_locations.stores.cinder import CinderStoreLocation
from glance_locations.stores.filesystem import FilesystemStoreLocation
from glance_locations.stores.http import HttpStoreLocation
from glance_locations.stores.rbd import RbdStoreLocation
from glance_locations.stores.s3 import S3StoreLocation
from glance_locations.stores.swift import SwiftStoreLocation
from glance_locations.stores.vmware import VMwareStoreLocation

__all__ = [
    "BUILTIN_STORES",
    "BuiltinStoreLocation",
    "CinderStoreLocation",
    "FilesystemStoreLocation",
    "HttpStoreLocation",
    "RbdStoreLocation",
    "S3StoreLocation",
    "SwiftStoreLocation",
    "VMwareStoreLocation",
]


def __dir__() -> list[str]:
    return __all__


#: The union of the built-in classes, for exhaustive ``match`` / ``assert_never`` and for
#: ``isinstance(x, BuiltinStoreLocation)`` (a PEP 604 union is a class tuple at run time).
BuiltinStoreLocation = (
    FilesystemStoreLocation
    | HttpStoreLocation
    | RbdStoreLocation
    | CinderStoreLocation
    | SwiftStoreLocation
    | S3StoreLocation
    | VMwareStoreLocation
)

#: glance_store's store names, each with its location class (read-only).
BUILTIN_STORES: Mapping[str, type[StoreLocation]] = MappingProxyType(
    {
        "file": FilesystemStoreLocation,
        "http": HttpStoreLocation,
        "rbd": RbdStoreLocation,
        "cinder": CinderStoreLocation,
        "swift": SwiftStoreLocation,
        "s3": S3StoreLocation,
        "vmware": VMwareStoreLocation,
    }
)
