"""Reading ``image_locations`` rows, streamed: :func:`read_locations` and :class:`LocationRow`."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import cast

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.expression import Executable

from glance_locations.base import StoreLocation
from glance_locations.db._engine import (
    LOCK_TIMEOUT,
    DatabaseError,
    mask_query_credentials,
    redact_uri,
    run,
    stream,
)
from glance_locations.db._schema import images, locations
from glance_locations.exceptions import GlanceStoreException
from glance_locations.registry import default_registry

__all__ = [
    "BATCH",
    "LocationRow",
    "RawRow",
    "audit_rows",
    "id_span",
    "parse_meta_data",
    "raw_rows",
    "read_locations",
    "shown_id",
    "text_problem",
    "with_store",
]

#: Rows fetched per round trip (and held at once) while streaming.
BATCH = 1000

#: ``(id, image_id, value, meta_data text, deleted, status, image status)``, as read
#: (``deleted`` is 0 or 1 on SQLite, a bool elsewhere).
RawRow = tuple[int, str, str, "str | None", "bool | int", str, str]


def text_problem(value: object, column: str) -> str | None:
    """Why a column's value is not text that can be a URI, or ``None``."""
    if isinstance(value, bytes):
        return f"{column} is not text (a BLOB of {len(value)} bytes)"
    if not isinstance(value, str):
        return f"{column} is not text ({type(value).__name__})"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            byte = ord(value[exc.start]) - 0xDC00
            shown = f"byte 0x{byte:02x}" if 0x80 <= byte <= 0xFF else "a lone surrogate"
            return f"{column} is not valid UTF-8 ({shown} at character {exc.start + 1})"
    return None


def shown_id(image_id: object) -> str:
    if isinstance(image_id, str):
        return image_id
    if isinstance(image_id, bytes):
        return image_id.decode("utf-8", "backslashreplace")
    return str(image_id)


def redacted_value(value: str) -> str:
    """A store URI with every secret masked, whether the library parses it or not."""
    try:
        location = default_registry.get_location_from_uri(value).store_location
    except (GlanceStoreException, TypeError):
        return redact_uri(value)
    return redacted_location(location)


def redacted_location(location: StoreLocation) -> str:
    """A location's URI with every secret masked (query credentials included)."""
    return mask_query_credentials(location.get_redacted_uri())


@attrs.frozen(kw_only=True, slots=True, repr=False)
class LocationRow:
    """One row of Glance's ``image_locations``, with the status of its image.

    ``value`` is the store URI as stored (it may hold credentials; ``repr`` masks them).
    ``meta_data`` is the row's JSON object (``{}`` when NULL; treat it as read-only).
    ``deleted`` is true when the row, or its image, is marked deleted.
    """

    id: int
    image_id: str
    value: str
    meta_data: Mapping[str, object] = attrs.field(hash=False)
    deleted: bool
    status: str
    image_status: str

    def __repr__(self) -> str:
        return (
            f"LocationRow(id={self.id!r}, image_id={self.image_id!r}, "
            f"value={redacted_value(self.value)!r}, meta_data={dict(self.meta_data)!r}, "
            f"deleted={self.deleted!r}, status={self.status!r}, "
            f"image_status={self.image_status!r})"
        )


def parse_meta_data(text: str | None) -> dict[str, object] | None:
    """The ``meta_data`` object of a row (``{}`` for NULL); ``None`` when it is not one."""
    if text is None or text == "{}":
        return {}
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    # A JSON object: str keys (isinstance leaves the parameters unknown).
    return cast("dict[str, object]", value) if isinstance(value, dict) else None


def with_store(meta_text: str | None, store: str) -> tuple[str | None, str | None]:
    """``(meta_data text with store set, None)`` (the other keys kept, an unchanged text
    kept as it is), or ``(None, why it cannot be)``."""
    meta = parse_meta_data(meta_text)
    if meta is None:
        return None, "meta_data is not a JSON object; cannot set its store"
    if meta.get("store") == store:
        return meta_text, None
    meta["store"] = store
    return json.dumps(meta), None  # Glance's JSONEncodedDict writes json.dumps() output


def _statement(*, include_deleted: bool) -> Executable:
    """The query of :func:`read_locations` (its rows are :data:`RawRow`)."""
    deleted = sa.or_(locations.c.deleted, images.c.deleted)
    statement = (
        sa.select(
            locations.c.id,
            locations.c.image_id,
            locations.c.value,
            locations.c.meta_data,
            deleted,
            locations.c.status,
            images.c.status,
        )
        .join_from(locations, images, locations.c.image_id == images.c.id)
        .order_by(locations.c.id)
    )
    if not include_deleted:
        statement = statement.where(sa.not_(locations.c.deleted), sa.not_(images.c.deleted))
    return statement


def raw_rows(url: str, *, include_deleted: bool) -> Iterator[RawRow]:
    """The rows as tuples, in id order (what the commands use: no object per row)."""
    rows = stream(url, _statement(include_deleted=include_deleted), batch=BATCH)
    # A row unpacks like the tuple of the selected columns' types.
    return cast("Iterator[RawRow]", rows)


def audit_rows(
    url: str,
    *,
    include_deleted: bool,
    lock_timeout: float = LOCK_TIMEOUT,
    ids: tuple[int, int] | None = None,
) -> Iterator[tuple[int, str, str, str | None]]:
    """``(id, image_id, value, meta_data text)`` of the rows, in id order: what the
    commands read; with ``ids`` ``(low, high)``, those with ``low <= id < high`` only.

    No join: rows of deleted images are left out by their ids (``NOT IN``, a small set
    in practice), so SQLite reads the table in order instead of looking each image up
    (4x faster on a million rows). Unlike :func:`read_locations`, a row whose image row
    is missing altogether is seen.
    """
    columns = (locations.c.id, locations.c.image_id, locations.c.value, locations.c.meta_data)
    statement = sa.select(*columns).order_by(locations.c.id)
    if ids is not None:
        statement = statement.where(locations.c.id >= ids[0], locations.c.id < ids[1])
    if not include_deleted:
        deleted_images = sa.select(images.c.id).where(images.c.deleted)
        statement = statement.where(
            sa.not_(locations.c.deleted), locations.c.image_id.not_in(deleted_images)
        )
    # A row unpacks like the tuple of the selected columns' types.
    rows = stream(url, statement, batch=BATCH, lock_timeout=lock_timeout)
    return cast("Iterator[tuple[int, str, str, str | None]]", rows)


def id_span(url: str, *, lock_timeout: float = LOCK_TIMEOUT) -> tuple[int, int] | None:
    """The lowest and highest row id of ``image_locations`` (``None`` when it is empty)."""

    def work(connection: Connection) -> tuple[int, int] | None:
        statement = sa.select(sa.func.min(locations.c.id), sa.func.max(locations.c.id))
        low, high = connection.execute(statement).one()
        return None if low is None or high is None else (int(low), int(high))

    return run(url, work, write=False, lock_timeout=lock_timeout)


def read_locations(url: str, *, include_deleted: bool = False) -> Iterator[LocationRow]:
    """Yield every location row of the Glance database at ``url``, in id order.

    Rows are streamed (a server-side cursor on PostgreSQL and MariaDB), in one read-only
    transaction; memory does not grow with the table. A location is joined to its image
    (``image_status``); a row whose image is missing is not seen. Rows marked deleted,
    or whose image is, are skipped unless ``include_deleted``.

    :param url: a SQLAlchemy URL (``sqlite:///path``, ``postgresql+psycopg://...``,
        ``mysql+pymysql://...``).
    :raises DatabaseError: the database cannot be read (unreachable, not Glance's schema),
        or a row's ``value`` is not text (a BLOB, bytes that are not UTF-8, on SQLite) or
        its ``meta_data`` not a JSON object: the message names the row (the commands
        report such a row and go on). The message holds no password.
    """
    for id_, image_id, value, meta_text, deleted, status, image_status in raw_rows(
        url, include_deleted=include_deleted
    ):
        problem = text_problem(value, "value")
        if problem is not None:  # a BLOB, or bytes that are not UTF-8 (SQLite)
            raise DatabaseError(f"row {id_}: {problem}")
        meta_data = parse_meta_data(meta_text)
        if meta_data is None:
            raise DatabaseError(f"row {id_}: meta_data is not a JSON object")
        yield LocationRow(
            id=id_,
            image_id=image_id,
            value=value,
            meta_data=meta_data,
            deleted=bool(deleted),
            status=status,
            image_status=image_status,
        )
