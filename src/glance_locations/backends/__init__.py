"""Glance's multi-store configuration: which backend holds which location.

:class:`BackendMap` reads glance-api.conf (and each rbd backend's ceph.conf, each swift
backend's glance-swift.conf), assigns a location to the backend that holds it by its
structure (:meth:`BackendMap.assign`), and says which backend Glance's own prefix rule
would record for a URI (:meth:`BackendMap.glance_prefix_match`). The lifecycle helpers
recognise the rows Glance 33 leaves behind (import placeholders, orphans, rows awaiting the
scrubber). See docs/backends.md.
"""

from __future__ import annotations

from glance_locations.backends._assign import Assignment
from glance_locations.backends._lifecycle import (
    IMPORT_TAG,
    IMPORT_TAG_VALUE,
    PLACEHOLDER_PREFIX,
    LocationRow,
    image_lacks_location,
    is_placeholder,
    placeholder_parts,
    row_findings,
)
from glance_locations.backends._map import RESERVED_STORES, SCHEMES, BackendMap
from glance_locations.backends._records import (
    Backend,
    CinderBackend,
    FileBackend,
    HttpBackend,
    RbdBackend,
    S3Backend,
    SwiftBackend,
    VMwareBackend,
)

__all__ = [
    "IMPORT_TAG",
    "IMPORT_TAG_VALUE",
    "PLACEHOLDER_PREFIX",
    "RESERVED_STORES",
    "SCHEMES",
    "Assignment",
    "Backend",
    "BackendMap",
    "CinderBackend",
    "FileBackend",
    "HttpBackend",
    "LocationRow",
    "RbdBackend",
    "S3Backend",
    "SwiftBackend",
    "VMwareBackend",
    "image_lacks_location",
    "is_placeholder",
    "placeholder_parts",
    "row_findings",
]


def __dir__() -> list[str]:
    return __all__
