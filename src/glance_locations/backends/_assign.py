"""Which backend holds a location, worked out from its structure (never from a prefix).

One rule per store, chosen by the location's class (``functools.singledispatch``); a store
class of one's own has no rule, so its locations are unmatched.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Literal

import attrs

from glance_locations.backends._prefix import without_http_scheme
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
from glance_locations.base import StoreLocation
from glance_locations.stores import (
    CinderStoreLocation,
    FilesystemStoreLocation,
    HttpStoreLocation,
    RbdStoreLocation,
    S3StoreLocation,
    SwiftStoreLocation,
    VMwareStoreLocation,
)

__all__ = ["Assignment", "assign"]

_SUFFIX = re.compile(r"[0-9a-f-]+")


@attrs.frozen(kw_only=True, slots=True)
class Assignment:
    """The backend that holds a location, if exactly one does."""

    status: Literal["matched", "unmatched", "ambiguous"]
    """``matched``: one backend holds it; ``unmatched``: none does; ``ambiguous``: several
    could, or one could but what it needs to be sure of is not known."""
    backend: str | None
    """The backend's name when ``matched``, else ``None``."""
    candidates: tuple[str, ...]
    """Every backend that could hold it, in ``enabled_backends`` order."""
    reason: str
    """Why, in words (names of backends and options, never a credential)."""


def _verdict(candidates: Sequence[Backend], what: str, *, sure: bool = True) -> Assignment:
    names = tuple(backend.name for backend in candidates)
    if len(names) == 1 and sure:
        return Assignment(status="matched", backend=names[0], candidates=names, reason=what)
    if not names:
        return Assignment(status="unmatched", backend=None, candidates=(), reason=what)
    return Assignment(status="ambiguous", backend=None, candidates=names, reason=what)


def _of(backends: Sequence[Backend], kind: type[Backend]) -> list[Backend]:
    return [b for b in backends if isinstance(b, kind) and not b.reserved]


@functools.singledispatch
def assign(location: StoreLocation, backends: Sequence[Backend]) -> Assignment:
    """The backend of ``backends`` that holds ``location``."""
    del backends
    store = type(location).__name__
    return _verdict([], f"no backend type holds {store} locations")


@assign.register
def _rbd(location: RbdStoreLocation, backends: Sequence[Backend]) -> Assignment:
    rbds = [b for b in _of(backends, RbdBackend) if isinstance(b, RbdBackend)]
    if location.fsid is None:
        return _verdict(rbds, "the location names no cluster nor pool: any rbd backend")
    fsid = location.fsid.lower()
    pooled = [b for b in rbds if b.pool == location.pool]
    known = [b for b in pooled if b.fsid == fsid]
    if known:
        return _verdict(known, "cluster fsid and rbd_store_pool")
    unknown = [b for b in pooled if b.fsid is None]
    if unknown:
        return _verdict(
            unknown, "rbd_store_pool matches; the backend's cluster fsid is not known", sure=False
        )
    if any(b.fsid == fsid for b in rbds):
        return _verdict([], "a configured cluster, but no rbd backend uses that pool")
    return _verdict([], "no rbd backend is on that cluster (fsid)")


def _under(path: str, directory: str) -> bool:
    """``path`` is inside ``directory``, at a ``/`` boundary."""
    root = directory.rstrip("/") or "/"
    return path.startswith(root if root == "/" else f"{root}/") and len(path) > len(root)


@assign.register
def _file(location: FilesystemStoreLocation, backends: Sequence[Backend]) -> Assignment:
    holders: list[tuple[int, Backend]] = []
    for backend in backends:
        if not isinstance(backend, FileBackend) or backend.reserved:
            continue
        depths = [len(d.rstrip("/")) for d in backend.datadirs if _under(location.path, d)]
        if depths:
            holders.append((max(depths), backend))
    if not holders:
        return _verdict([], "no file backend's data directory holds the path")
    deepest = max(depth for depth, _ in holders)
    return _verdict(
        [b for depth, b in holders if depth == deepest], "a data directory holds the path"
    )


def _container_matches(backend: SwiftBackend, container: str) -> bool:
    if backend.multi_tenant:
        return container.startswith(f"{backend.container.strip('/')}_")
    box = backend.container.strip("/")
    if backend.multiple_containers_seed == 0:
        return container == box
    suffix = container[len(box) + 1 :]
    return container.startswith(f"{box}_") and _SUFFIX.fullmatch(suffix) is not None


@assign.register
def _swift(location: SwiftStoreLocation, backends: Sequence[Backend]) -> Assignment:
    swifts = [b for b in _of(backends, SwiftBackend) if isinstance(b, SwiftBackend)]
    boxed = [b for b in swifts if _container_matches(b, location.container)]
    if location.reference is not None:
        held = [b for b in boxed if location.reference in b.references]
        return _verdict(held, "swift reference and container")
    address = without_http_scheme(location.auth_or_store_url).strip("/")
    held = [b for b in boxed if b.multi_tenant or address in b.auth_addresses]
    return _verdict(held, "auth address and container")


@assign.register
def _s3(location: S3StoreLocation, backends: Sequence[Backend]) -> Assignment:
    host = location.s3serviceurl.strip("/").lower()
    held = [
        b
        for b in _of(backends, S3Backend)
        if isinstance(b, S3Backend)
        and b.host.strip("/").lower() == host
        and b.bucket == location.bucket
    ]
    return _verdict(held, "s3_store_host and s3_store_bucket")


@assign.register
def _cinder(location: CinderStoreLocation, backends: Sequence[Backend]) -> Assignment:
    cinders = _of(backends, CinderBackend)
    if location.backend_group is not None:
        named = [b for b in cinders if b.name == location.backend_group]
        return _verdict(named, "the backend named in cinder://<backend>/<volume id>")
    return _verdict(cinders, "cinder://<volume id> names no backend: any cinder backend")


@assign.register
def _vmware(location: VMwareStoreLocation, backends: Sequence[Backend]) -> Assignment:
    host = location.server_host.lower()
    held = [
        b
        for b in _of(backends, VMwareBackend)
        if isinstance(b, VMwareBackend)
        and b.server_host.strip("[]").lower() == host
        and any(
            name == location.datastore_name
            and (location.datacenter_path is None or dc == location.datacenter_path)
            for dc, name in b.datastores
        )
    ]
    return _verdict(held, "vmware_server_host and vmware_datastores")


@assign.register
def _http(location: HttpStoreLocation, backends: Sequence[Backend]) -> Assignment:
    del location
    return _verdict(_of(backends, HttpBackend), "any http backend reads any http(s) URI")
