"""The rows Glance 33 leaves behind: import placeholders, orphans, the scrubber's queue.

Glance 33.0.0's parallel import (``glance/async_/flows/parallel_api_image_import.py``):
``_ParallelStoreImportTask._create_pending_location_rows`` adds, per target store, a row
``{'url': _placeholder_location_url(image_id, store), 'metadata': {'store': store,
'os_glance_parallel_import': 'pending'}, 'status': 'pending'}``, where the URL is
``pending://parallel-import/<image id>/<store or '_'>``; a worker sets it ``uploading``,
then replaces URL and metadata with the real location and sets it ``active``, or deletes it
(``status='deleted'``) when its store fails. A crash between the two leaves the
placeholder. Deleted locations (``glance/db/sqlalchemy/api.py``
``_image_location_delete``) keep their row with ``deleted=True`` and ``status`` either
``deleted`` or ``pending_delete`` (the scrubber's queue, with ``delayed_delete``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

import attrs

from glance_locations._redact import mask_uri

__all__ = [
    "IMPORT_TAG",
    "IMPORT_TAG_VALUE",
    "PLACEHOLDER_PREFIX",
    "LocationRow",
    "image_lacks_location",
    "is_placeholder",
    "placeholder_parts",
    "row_findings",
]

#: ``_placeholder_location_url``: ``pending://parallel-import/<image id>/<store>``.
PLACEHOLDER_PREFIX = "pending://parallel-import/"
#: The metadata key and value of a parallel import's own rows (``LOC_META_IMPORT_TAG``).
IMPORT_TAG = "os_glance_parallel_import"
IMPORT_TAG_VALUE = "pending"
_DELETED_IMAGE = frozenset({"deleted", "pending_delete"})
_SETTLED_IMAGE = frozenset({"active", "deleted", "pending_delete", "killed", "deactivated"})


def placeholder_parts(url: str, image_id: str | None = None) -> tuple[str, str] | None:
    """``(image id, store)`` of a placeholder URL (store ``'_'`` when the import named
    none), or ``None`` when ``url`` is not one; with ``image_id``, also ``None`` when the
    URL names another image (Glance only writes a row's own image id)."""
    if not url.startswith(PLACEHOLDER_PREFIX):
        return None
    owner, slash, store = url[len(PLACEHOLDER_PREFIX) :].partition("/")
    if not slash or not owner or not store or "/" in store:
        return None
    if image_id is not None and owner != image_id:
        return None
    return owner, store


def is_placeholder(
    url: str, metadata: Mapping[str, object], *, image_id: str | None = None
) -> bool:
    """A row exactly as the parallel import writes its placeholder: the URL form, and
    ``meta_data`` tagged ``os_glance_parallel_import: pending`` naming the URL's store."""
    parts = placeholder_parts(url, image_id)
    if parts is None or metadata.get(IMPORT_TAG) != IMPORT_TAG_VALUE:
        return False
    return parts[1] == "_" or metadata.get("store") == parts[1]


def _masked(url: str) -> str:
    return repr(mask_uri(url))


@attrs.frozen(kw_only=True, slots=True)
class LocationRow:
    """What the lifecycle rules read of an ``image_locations`` row and its image."""

    url: str = attrs.field(repr=_masked)
    """The location URI (credentials masked in ``repr``)."""
    metadata: Mapping[str, object] = attrs.field(repr=False)
    """The row's ``meta_data``, decoded."""
    status: str
    """The location's status: ``active``, ``pending``, ``uploading``, ``deleted``,
    ``pending_delete``."""
    deleted: bool
    image_id: str
    image_status: str
    image_deleted: bool
    changed_at: datetime.datetime
    """When the row last changed: ``deleted_at`` for a deleted row, else ``updated_at``
    or, when never updated, ``created_at`` (naive UTC, as Glance writes them)."""


def row_findings(
    row: LocationRow, *, now: datetime.datetime, stale_after: datetime.timedelta
) -> tuple[str, ...]:
    """The lifecycle findings of one row, each a name from the contract.

    - ``placeholder``: a live (not deleted) parallel-import placeholder; never invalid.
    - ``stale-placeholder``: such a placeholder last changed more than ``stale_after``
      ago, or whose image has settled (active, deleted, killed, deactivated) so that no
      import is still writing it.
    - ``orphan``: a live row (placeholder or not) of a deleted image.
    - ``awaiting-scrubber``: a ``pending_delete`` row older than ``stale_after``.
    """
    findings: list[str] = []
    old = now - row.changed_at > stale_after
    live = not row.deleted
    if live and is_placeholder(row.url, row.metadata, image_id=row.image_id):
        findings.append("placeholder")
        if old or row.image_deleted or row.image_status in _SETTLED_IMAGE:
            findings.append("stale-placeholder")
    if live and (row.image_deleted or row.image_status in _DELETED_IMAGE):
        findings.append("orphan")
    if row.status == "pending_delete" and old:
        findings.append("awaiting-scrubber")
    return tuple(findings)


def image_lacks_location(
    rows: Iterable[tuple[str, bool]], *, image_status: str, image_deleted: bool
) -> bool:
    """``no-location``: an active, not deleted image none of whose location rows
    (``(status, deleted)`` pairs) is a live ``active`` one."""
    if image_deleted or image_status != "active":
        return False
    return not any(status == "active" and not deleted for status, deleted in rows)
