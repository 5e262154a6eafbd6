"""Writing rewritten locations back, with a journal: :func:`apply_changes` and :func:`undo`.

The journal's format is in :mod:`glance_locations.db._journal`. What a changed row
becomes (its ``meta_data`` when the new location names a backend) is decided by
:func:`moved_meta`, which ``db rewrite`` uses for its plan too: one decision per row.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from glance_locations.config import StoreConfig
from glance_locations.db._engine import (
    LOCK_TIMEOUT,
    CommitUnknown,
    DatabaseError,
    JournalError,
    run,
)
from glance_locations.db._journal import Entry, Journal, State, read_journal
from glance_locations.db._rows import with_store
from glance_locations.db._schema import images, locations
from glance_locations.exceptions import GlanceStoreException
from glance_locations.registry import default_registry

if TYPE_CHECKING:
    from glance_locations.rewrite import Change

__all__ = [
    "Current",
    "UndoReport",
    "apply_changes",
    "lock_rows",
    "moved_meta",
    "now",
    "undo",
    "update_rows",
]

#: Rows locked, checked and updated per statement.
BATCH = 500


def now() -> datetime.datetime:
    """Glance's timestamps: naive UTC, to the second (MySQL's DATETIME keeps no more, so
    the journal holds the very time the row gets)."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)


def moved_meta(
    meta_text: str | None, after: str, conf: StoreConfig | None
) -> tuple[str | None, str | None]:
    """``(meta_data text after the change, None)``, or ``(None, why it cannot change)``.

    ``meta_data.store`` is set when the new location names a backend (``cinder://NAME/id``)
    and differs; the other keys are kept, an unchanged text is kept as it is.
    """
    try:
        backend = default_registry.get_location_from_uri(after, conf).store_location.backend_group
    except GlanceStoreException as exc:
        return None, f"the new location is not valid ({exc})"  # redacted by the library
    if backend is None:
        return meta_text, None
    return with_store(meta_text, backend)


@attrs.frozen(kw_only=True)
class Current:
    """A row as locked: what a write must find still there."""

    image_id: str
    value: object
    meta: object
    updated_at: datetime.datetime | None
    deleted: bool  # the row, or its image
    state: State | None = None  # the row's own status, deleted and deleted_at


def lock_rows(connection: Connection, ids: Sequence[int]) -> dict[int, Current]:
    """Lock rows ``ids`` (waiting for another transaction's lock no longer than the
    session's lock timeout): id to the row as it is now, ``deleted`` true when the row or
    its image is marked deleted."""
    deleted_images = sa.select(images.c.id).where(images.c.deleted)
    statement = (
        sa.select(
            locations.c.id,
            locations.c.image_id,
            locations.c.value,
            locations.c.meta_data,
            locations.c.updated_at,
            sa.or_(locations.c.deleted, locations.c.image_id.in_(deleted_images)),
            locations.c.status,
            locations.c.deleted,
            locations.c.deleted_at,
        )
        .where(locations.c.id.in_(ids))
        .with_for_update()
    )
    return {
        row[0]: Current(
            image_id=row[1], value=row[2], meta=row[3], updated_at=row[4], deleted=bool(row[5]),
            state=State(status=row[6], deleted=bool(row[7]), deleted_at=row[8]),
        )
        for row in connection.execute(statement)
    }  # fmt: skip


# Guarded, though the rows are locked and were checked: a row that no longer holds the
# value it was read with, or marked deleted since, is never written (the statement's row
# count then says so, and the whole transaction is rolled back).
_UPDATE = (
    sa.update(locations)
    .where(
        locations.c.id == sa.bindparam("row_id"),
        locations.c.value == sa.bindparam("old_value"),
        sa.not_(locations.c.deleted),
    )
    .values(
        value=sa.bindparam("new_value"),
        meta_data=sa.bindparam("new_meta"),
        updated_at=sa.bindparam("new_updated"),
    )
)


# A row marked deleted, or put back (undo): guarded by the value and state it was
# locked in.
_UPDATE_STATE = (
    sa.update(locations)
    .where(
        locations.c.id == sa.bindparam("row_id"),
        locations.c.value == sa.bindparam("old_value"),
        locations.c.deleted == sa.bindparam("old_deleted"),
    )
    .values(
        value=sa.bindparam("new_value"),
        meta_data=sa.bindparam("new_meta"),
        updated_at=sa.bindparam("new_updated"),
        status=sa.bindparam("new_status"),
        deleted=sa.bindparam("new_deleted"),
        deleted_at=sa.bindparam("new_deleted_at"),
    )
)


def update_rows(connection: Connection, entries: Sequence[Entry], time: datetime.datetime) -> None:
    """Write each entry's new columns (``updated_at`` ``time`` unless the entry holds one;
    ``status``, ``deleted`` and ``deleted_at`` too for an entry with a state).

    :raises DatabaseError: a row was not written (it cannot happen to a locked row).
    """
    plain = [e for e in entries if e.new_state is None]
    stated = [e for e in entries if e.new_state is not None]
    for statement, batch in ((_UPDATE, plain), (_UPDATE_STATE, stated)):
        if not batch:
            continue
        result = connection.execute(statement, [_parameters(e, time) for e in batch])
        if result.rowcount not in (-1, len(batch)):
            raise DatabaseError(
                f"{len(batch) - result.rowcount} rows were not written (changed or deleted)"
            )


def _parameters(entry: Entry, time: datetime.datetime) -> dict[str, object]:
    parameters: dict[str, object] = {
        "row_id": entry.id,
        "old_value": entry.old_value,
        "new_value": entry.new_value,
        "new_meta": entry.new_meta,
        "new_updated": entry.new_updated if entry.keeps_time else time,
    }
    if entry.new_state is not None and entry.old_state is not None:
        parameters.update(
            old_deleted=entry.old_state.deleted,
            new_status=entry.new_state.status,
            new_deleted=entry.new_state.deleted,
            new_deleted_at=entry.new_state.deleted_at,
        )
    return parameters


@attrs.frozen(kw_only=True)
class _Planned:
    id: int
    before: str
    after: str


def _plan(changes: Iterable[Change[int]]) -> list[_Planned]:
    planned: list[_Planned] = []
    seen: set[int] = set()
    for change in changes:
        if change.status != "changed" or change.after is None:
            continue
        key = change.key
        if type(key) is not int:
            raise TypeError(f"a change's key must be a row id (int), not {type(key).__name__}")
        if key in seen:
            raise DatabaseError(f"row {key}: more than one change")
        seen.add(key)
        planned.append(_Planned(id=key, before=change.before, after=change.after))
    return planned


def _batches(items: Sequence[_Planned], size: int) -> Iterator[Sequence[_Planned]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def apply_changes(
    url: str,
    changes: Iterable[Change[int]],
    *,
    journal: str | os.PathLike[str],
    conf: StoreConfig | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
) -> int:
    """Write every ``changed`` change to the Glance database at ``url``, all or nothing.

    ``changes`` are :class:`~glance_locations.rewrite.Change` objects keyed by
    ``image_locations.id`` (what :func:`~glance_locations.rewrite.rewrite` yields for
    rows ``(row.id, row.value)``); the others are ignored. In one transaction each row is
    locked and must still hold the change's ``before`` value and not be marked deleted;
    its ``value`` becomes ``after``, ``updated_at`` now, and when the new location names
    a backend (``cinder://<backend>/<id>``) ``meta_data.store`` that backend. The
    journal (created first: it must not exist) is written whole and synced before the
    commit; if anything fails before that point it is removed, and nothing is written.

    :param journal: the journal file to create (it must not exist).
    :param conf: resolves ``swift+config`` locations (each new value is parsed).
    :returns: the number of rows written.
    :raises DatabaseError: the transaction failed (a row changed or deleted since it was
        read, a lock not released in time, an error of the database): nothing was written.
    :raises JournalError: the journal cannot be created or written whole.
    :raises CommitUnknown: the answer to the COMMIT was lost; the journal is kept.
    """
    planned = _plan(changes)
    writer = Journal(journal)
    committed = False

    def work(connection: Connection) -> int:
        time = now()
        for batch in _batches(planned, BATCH):
            found = lock_rows(connection, [p.id for p in batch])
            entries: list[Entry] = []
            for change in batch:
                current = found.get(change.id)
                if current is None:
                    raise DatabaseError(f"row {change.id}: no such row in image_locations")
                if current.deleted:
                    raise DatabaseError(f"row {change.id}: deleted since it was read")
                if current.value != change.before:
                    raise DatabaseError(f"row {change.id}: its value changed since it was read")
                meta, problem = moved_meta(
                    current.meta if isinstance(current.meta, str) else None, change.after, conf
                )
                if problem is not None:
                    raise DatabaseError(f"row {change.id}: {problem}")
                entry = Entry(
                    id=change.id,
                    image_id=current.image_id,
                    old_value=change.before,
                    old_meta=current.meta if isinstance(current.meta, str) else None,
                    old_updated=current.updated_at,
                    new_value=change.after,
                    new_meta=meta,
                    new_updated=time,
                )
                writer.write(entry)
                entries.append(entry)
            update_rows(connection, entries, time)
        writer.finish()
        return len(planned)

    try:
        written = run(url, work, write=True, lock_timeout=lock_timeout)
        committed = True
        return written
    except DatabaseError as error:
        committed = isinstance(error, CommitUnknown)  # the journal may describe the rows
        raise
    finally:
        if committed:
            writer.close()
        else:
            writer.discard()


def _not_restored(entry: Entry, current: Current) -> str | None:
    """Why a row cannot be put back: it no longer holds what the journal wrote."""
    if entry.new_state is None:
        if current.value == entry.old_value and current.meta == entry.old_meta:
            return "it holds the journal's old value already"
        if current.value != entry.new_value:
            return "its value changed since the journal was written"
        if current.meta != entry.new_meta:
            return "its meta_data changed since the journal was written"
        if current.deleted:
            return "it was deleted since the journal was written"
        return None
    state = current.state
    if state is None or (state.status, state.deleted) != (
        entry.new_state.status,
        entry.new_state.deleted,
    ):
        return "its status changed since the journal was written"
    if current.value != entry.new_value or current.meta != entry.new_meta:
        return "its value or meta_data changed since the journal was written"
    return None


@attrs.frozen(kw_only=True)
class UndoReport:
    """What :func:`undo` did: the rows restored, and those left alone with the reason."""

    restored: tuple[int, ...]
    left_alone: tuple[tuple[int, str], ...]


def undo(
    url: str, *, journal: str | os.PathLike[str], lock_timeout: float = LOCK_TIMEOUT
) -> UndoReport:
    """Put back the old values of a journal written by :func:`apply_changes`.

    In one transaction: a row that still holds the journal's new ``value`` and
    ``meta_data`` gets the old ones back, and its old ``updated_at`` (the time of the
    undo when the journal has none); any other row is left alone and reported. Every row
    of the journal must exist with the journal's image id, or the journal is not this
    database's and nothing is restored.

    :raises JournalError: the journal is missing or malformed, or names rows this
        database does not have.
    :raises DatabaseError: the transaction failed (nothing was restored).
    """
    entries = read_journal(journal)
    path = os.fspath(journal)

    def work(connection: Connection) -> UndoReport:
        time = now()
        restored: list[int] = []
        left: list[tuple[int, str]] = []
        for start in range(0, len(entries), BATCH):
            batch = entries[start : start + BATCH]
            found = lock_rows(connection, [e.id for e in batch])
            back: list[Entry] = []
            for entry in batch:
                current = found.get(entry.id)
                if current is None:
                    raise JournalError(f"journal {path!r}: row {entry.id} is not in this database")
                if current.image_id != entry.image_id:
                    raise JournalError(
                        f"journal {path!r}: row {entry.id} belongs to another image here"
                    )
                why = _not_restored(entry, current)
                if why is not None:
                    left.append((entry.id, why))
                else:
                    back.append(entry.reversed())
                    restored.append(entry.id)
            update_rows(connection, back, time)
        return UndoReport(restored=tuple(restored), left_alone=tuple(left))

    return run(url, work, write=True, lock_timeout=lock_timeout)
