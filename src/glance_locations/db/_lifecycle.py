"""The lifecycle findings of ``db audit``: the rows Glance 33 leaves behind.

Two targeted queries (joined to ``images``), whose rows go through the library's pure
rules (:func:`glance_locations.backends.row_findings`,
:func:`glance_locations.backends.image_lacks_location`):

- candidate rows: live placeholders (``value`` starting ``pending://parallel-import/``),
  live rows of deleted images, and with ``include_deleted`` the ``pending_delete`` rows;
- candidate images: active, not deleted images with no live ``active`` location row.

Both are streamed; neither keeps a list of rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, cast

import sqlalchemy as sa

from glance_locations.backends import PLACEHOLDER_PREFIX, LocationRow, image_lacks_location
from glance_locations.backends import row_findings as lifecycle_findings
from glance_locations.db._apply import now as utc_now
from glance_locations.db._engine import LOCK_TIMEOUT, stream
from glance_locations.db._findings import Finding, FindingCounts
from glance_locations.db._rows import BATCH, parse_meta_data, redacted_value, shown_id
from glance_locations.db._schema import images, locations

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["candidate_rows", "lifecycle", "lifecycle_row"]

_REASONS = {
    "placeholder": "a parallel import's placeholder row (not a location; not invalid)",
    "stale-placeholder": "placeholder older than --stale-after, or its image has settled:"
    " no import is writing it any more",
    "orphan": "a live location row of a deleted image",
    "awaiting-scrubber": "pending_delete older than --stale-after: the scrubber has not"
    " deleted its data",
}
_NO_LOCATION = "an active image with no active location row: it cannot be read"

_DELETED_IMAGE = ("deleted", "pending_delete")


def _truthy(value: object) -> bool:
    return bool(value)


def candidate_rows(
    *, include_deleted: bool, placeholders_only: bool = False
) -> sa.Select[Unpack[tuple[object, ...]]]:
    """The rows a lifecycle rule may find something in, joined to their image, in id
    order (:func:`lifecycle_row` reads them)."""
    placeholder = sa.and_(
        sa.not_(locations.c.deleted),
        locations.c.value.startswith(PLACEHOLDER_PREFIX, autoescape=True),
    )
    orphan = sa.and_(
        sa.not_(locations.c.deleted),
        # No IN (...): SQLite's own cursor runs the statement as compiled.
        sa.or_(images.c.deleted, *(images.c.status == status for status in _DELETED_IMAGE)),
    )
    wanted = [placeholder] if placeholders_only else [placeholder, orphan]
    if include_deleted and not placeholders_only:
        wanted.append(locations.c.status == "pending_delete")
    return (
        sa.select(
            locations.c.id,
            locations.c.image_id,
            locations.c.value,
            locations.c.meta_data,
            locations.c.status,
            locations.c.deleted,
            locations.c.created_at,
            locations.c.updated_at,
            locations.c.deleted_at,
            images.c.status,
            images.c.deleted,
        )
        .join_from(locations, images, locations.c.image_id == images.c.id)
        .where(sa.or_(*wanted))
        .order_by(locations.c.id)
    )


def _time(value: object) -> datetime.datetime | None:
    """A timestamp column as read (SQLite's own cursor gives text)."""
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str) and value:
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def lifecycle_row(raw: Sequence[object]) -> LocationRow | None:
    """The library's view of a candidate row; ``None`` when it has no usable time."""
    value = raw[2] if isinstance(raw[2], str) else ""
    meta = parse_meta_data(raw[3] if isinstance(raw[3], str) else None) or {}
    deleted = _truthy(raw[5])
    changed = (_time(raw[8]) if deleted else None) or _time(raw[7]) or _time(raw[6])
    if changed is None:
        return None
    return LocationRow(
        url=value,
        metadata=meta,
        status=str(raw[4]),
        deleted=deleted,
        image_id=shown_id(raw[1]),
        image_status=str(raw[9]),
        image_deleted=_truthy(raw[10]),
        changed_at=changed,
    )


def _store(row: LocationRow) -> str:
    store = row.metadata.get("store")
    return store if isinstance(store, str) else ""


def _images_without_location() -> sa.Select[tuple[object]]:
    """The ids of active, live images with no live ``active`` location row, in order: a
    set difference (``EXCEPT``), which every database computes by sorting or hashing
    whatever indexes the tables have. (A correlated ``NOT EXISTS`` is quadratic on SQLite
    without Glance's ``image_id`` index; an outer join to the located ids was quadratic
    with it: SQLite's planner then scanned the ids for each image.)"""
    live_images = sa.select(images.c.id).where(
        images.c.status == "active", sa.not_(images.c.deleted)
    )
    located = sa.select(locations.c.image_id).where(
        locations.c.status == "active", sa.not_(locations.c.deleted)
    )
    missing = sa.except_(live_images, located).subquery("missing")
    return sa.select(missing.c.id).order_by(missing.c.id)


def lifecycle(
    url: str,
    *,
    include_deleted: bool,
    stale_after: datetime.timedelta,
    report: Callable[[Finding], None],
    counts: FindingCounts,
    now: datetime.datetime | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
) -> None:
    """Report (and count in ``counts``) every lifecycle finding of the database.

    ``now`` is naive UTC (Glance's timestamps), the current time by default.

    :raises DatabaseError: the database cannot be read.
    """
    when = utc_now() if now is None else now
    rows = cast(
        "Iterator[Sequence[object]]",
        stream(url, candidate_rows(include_deleted=include_deleted), batch=BATCH,
               lock_timeout=lock_timeout),
    )  # fmt: skip
    for raw in rows:
        row = lifecycle_row(raw)
        if row is None:
            continue
        store = _store(row)
        uri = redacted_value(row.url) if row.url else ""
        for name in lifecycle_findings(row, now=when, stale_after=stale_after):
            counts.add(name, store)
            report(
                Finding(
                    id=int(cast("int", raw[0])), image_id=row.image_id, finding=name,
                    backend=store, reason=_REASONS[name], uri=uri,
                )
            )  # fmt: skip
    for (image_id,) in stream(
        url, _images_without_location(), batch=BATCH, lock_timeout=lock_timeout
    ):
        # The query chose active, live images with no live active row: the rule agrees.
        if image_lacks_location((), image_status="active", image_deleted=False):
            counts.add("no-location", "")
            report(
                Finding(
                    id=None, image_id=shown_id(image_id), finding="no-location", backend="",
                    reason=_NO_LOCATION,
                )
            )  # fmt: skip
