"""Writing rewritten locations back, with a journal: :func:`apply_changes` and :func:`undo`.

The journal is JSON lines, one per changed row::

    {"id": 12, "image_id": "...", "old": {"value": "...", "meta_data": "..."},
     "new": {"value": "...", "meta_data": "..."}}

``value`` and ``meta_data`` are the columns' text exactly as stored (``meta_data`` may be
``null``), so that an undo puts back the very bytes it found. The file is created with
mode 0600 (it holds the old URIs, credentials included) and never overwrites one that
exists; it is complete and synced to disk before the transaction commits.
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, cast

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from glance_locations.config import StoreConfig
from glance_locations.db._engine import DatabaseError, JournalError, run
from glance_locations.db._rows import parse_meta_data
from glance_locations.db._schema import locations
from glance_locations.exceptions import GlanceStoreException
from glance_locations.registry import default_registry

if TYPE_CHECKING:
    from glance_locations.rewrite import Change

__all__ = ["UndoReport", "apply_changes", "undo"]

#: Rows locked, checked and updated per statement.
BATCH = 500


@attrs.frozen(kw_only=True)
class _Planned:
    id: int
    before: str
    after: str
    backend: str | None  # the backend the new location names, if any


@attrs.frozen(kw_only=True)
class _Entry:
    """One journal line: a row's columns before and after."""

    id: int
    image_id: str
    old_value: str
    old_meta: str | None
    new_value: str
    new_meta: str | None

    def to_json(self) -> str:
        return json.dumps(
            {
                "id": self.id,
                "image_id": self.image_id,
                "old": {"value": self.old_value, "meta_data": self.old_meta},
                "new": {"value": self.new_value, "meta_data": self.new_meta},
            },
            ensure_ascii=False,
        )


def _now() -> datetime.datetime:
    """Glance's timestamps: naive UTC datetimes."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def _backend_of(uri: str, conf: StoreConfig | None, row_id: int) -> str | None:
    problem: str | None = None
    try:
        return default_registry.get_location_from_uri(uri, conf).store_location.backend_group
    except GlanceStoreException as exc:
        problem = str(exc)  # redacted by the library
    raise DatabaseError(f"row {row_id}: the new location is not valid ({problem})")


def _plan(changes: Iterable[Change[int]], conf: StoreConfig | None) -> list[_Planned]:
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
        planned.append(
            _Planned(
                id=key,
                before=change.before,
                after=change.after,
                backend=_backend_of(change.after, conf, key),
            )
        )
    return planned


def _new_meta(row_id: int, old_meta: str | None, backend: str | None) -> str | None:
    """``meta_data`` after the change: ``store`` set when the location moved to a backend."""
    if backend is None:
        return old_meta
    meta = parse_meta_data(old_meta)
    if meta is None:
        raise DatabaseError(f"row {row_id}: meta_data is not a JSON object; cannot set its store")
    if meta.get("store") == backend:
        return old_meta
    meta["store"] = backend
    return json.dumps(meta)  # Glance's JSONEncodedDict writes json.dumps() output


def _batches(items: Sequence[_Planned], size: int) -> Iterator[Sequence[_Planned]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _lock(connection: Connection, ids: Sequence[int]) -> dict[int, tuple[str, str, str | None]]:
    """Lock rows ``ids`` (failing at once if another transaction holds one): id to
    ``(image_id, value, meta_data)``."""
    statement = (
        sa.select(locations.c.id, locations.c.image_id, locations.c.value, locations.c.meta_data)
        .where(locations.c.id.in_(ids))
        .with_for_update(nowait=True)
    )
    return {row[0]: (row[1], row[2], row[3]) for row in connection.execute(statement)}


_UPDATE = (
    sa.update(locations)
    .where(locations.c.id == sa.bindparam("row_id"))
    .values(
        value=sa.bindparam("new_value"),
        meta_data=sa.bindparam("new_meta"),
        updated_at=sa.bindparam("now"),
    )
)


def _update(connection: Connection, entries: Sequence[_Entry], now: datetime.datetime) -> None:
    if entries:
        connection.execute(
            _UPDATE,
            [
                {"row_id": e.id, "new_value": e.new_value, "new_meta": e.new_meta, "now": now}
                for e in entries
            ],
        )


def _create_journal(path: str) -> IO[str]:
    problem: str | None = None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        return os.fdopen(fd, "w", encoding="utf-8")
    except FileExistsError:
        problem = "exists already (it is never overwritten)"
    except OSError as exc:
        problem = f"cannot be created: {exc.strerror}"
    raise JournalError(f"journal {path!r} {problem}")


def apply_changes(
    url: str,
    changes: Iterable[Change[int]],
    *,
    journal: str | os.PathLike[str],
    conf: StoreConfig | None = None,
) -> int:
    """Write every ``changed`` change to the Glance database at ``url``, all or nothing.

    ``changes`` are :class:`~glance_locations.rewrite.Change` objects keyed by
    ``image_locations.id`` (what :func:`~glance_locations.rewrite.rewrite` yields for
    rows ``(row.id, row.value)``); the others are ignored. In one transaction each row is
    locked (failing at once if another transaction holds it) and must still hold the
    change's ``before`` value; its ``value`` becomes ``after``, ``updated_at`` now, and
    when the new location names a backend (``cinder://<backend>/<id>``) ``meta_data.store``
    that backend. The journal (see the module) is written and synced before the commit;
    if the transaction fails before that point it is removed, and nothing is written.

    :param journal: the journal file to create (it must not exist).
    :param conf: resolves ``swift+config`` locations (each new value is parsed).
    :returns: the number of rows written.
    :raises DatabaseError: the transaction failed (a row changed since it was read, a
        locked row, an error of the database): nothing was written.
    :raises JournalError: the journal cannot be created.
    """
    planned = _plan(changes, conf)
    path = os.fspath(journal)
    handle = _create_journal(path)
    complete = False

    def work(connection: Connection) -> int:
        nonlocal complete
        now = _now()
        for batch in _batches(planned, BATCH):
            found = _lock(connection, [p.id for p in batch])
            entries: list[_Entry] = []
            for change in batch:
                if change.id not in found:
                    raise DatabaseError(f"row {change.id}: no such row in image_locations")
                image_id, value, meta = found[change.id]
                if value != change.before:
                    raise DatabaseError(f"row {change.id}: its value changed since it was read")
                entry = _Entry(
                    id=change.id,
                    image_id=image_id,
                    old_value=value,
                    old_meta=meta,
                    new_value=change.after,
                    new_meta=_new_meta(change.id, meta, change.backend),
                )
                handle.write(entry.to_json() + "\n")
                entries.append(entry)
            _update(connection, entries, now)
        handle.flush()
        os.fsync(handle.fileno())
        complete = True
        return len(planned)

    try:
        return run(url, work, write=True)
    finally:
        handle.close()
        if not complete:
            os.unlink(path)  # the transaction was rolled back: the journal describes nothing


@attrs.frozen(kw_only=True)
class UndoReport:
    """What :func:`undo` did: the rows restored, and those left alone with the reason."""

    restored: tuple[int, ...]
    left_alone: tuple[tuple[int, str], ...]


def _field(line: dict[str, object], key: str, where: str) -> dict[str, object]:
    value = line.get(key)
    if not isinstance(value, dict):
        raise JournalError(f"{where}: {key!r} is not a JSON object")
    return cast("dict[str, object]", value)  # a JSON object: str keys


def _text(obj: dict[str, object], key: str, where: str, *, nullable: bool) -> str | None:
    value = obj.get(key)
    if isinstance(value, str) or (nullable and value is None):
        return value
    raise JournalError(f"{where}: {key!r} is not a string")


_NOT_JSON = object()


def _entry(text: str, where: str) -> _Entry:
    try:
        line = json.loads(text)
    except (ValueError, RecursionError):
        # Raised outside the handler: json's error keeps the line (old URIs) in ``doc``.
        line = _NOT_JSON
    if line is _NOT_JSON:
        raise JournalError(f"{where}: not valid JSON")
    if not isinstance(line, dict):
        raise JournalError(f"{where}: not a JSON object")
    line = cast("dict[str, object]", line)  # a JSON object: str keys
    row_id = line.get("id")
    image_id = line.get("image_id")
    if type(row_id) is not int or not isinstance(image_id, str):
        raise JournalError(f"{where}: 'id' must be an integer and 'image_id' a string")
    old, new = _field(line, "old", where), _field(line, "new", where)
    return _Entry(
        id=row_id,
        image_id=image_id,
        old_value=_text(old, "value", where, nullable=False) or "",
        old_meta=_text(old, "meta_data", where, nullable=True),
        new_value=_text(new, "value", where, nullable=False) or "",
        new_meta=_text(new, "meta_data", where, nullable=True),
    )


def _read_text(path: str) -> str:
    problem = ""
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8")
    except OSError as exc:
        problem = f"cannot read journal {path!r}: {exc.strerror}"
    except UnicodeDecodeError:
        problem = f"journal {path!r} is not valid UTF-8"
    raise JournalError(problem)


def read_journal(journal: str | os.PathLike[str]) -> list[_Entry]:
    """Every entry of a journal; the errors name the line, never its content (and keep no
    chain to the decoding error, which holds it)."""
    path = os.fspath(journal)
    text = _read_text(path)
    entries: list[_Entry] = []
    seen: set[int] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        entry = _entry(line, f"journal {path!r} line {number}")
        if entry.id in seen:
            raise JournalError(f"journal {path!r} line {number}: row {entry.id} twice")
        seen.add(entry.id)
        entries.append(entry)
    return entries


def undo(url: str, *, journal: str | os.PathLike[str]) -> UndoReport:
    """Put back the old values of a journal written by :func:`apply_changes`.

    In one transaction: a row that still holds the journal's new ``value`` and
    ``meta_data`` gets the old ones back (and ``updated_at`` now); any other row is left
    alone and reported. Every row of the journal must exist with the journal's image id,
    or the journal is not this database's and nothing is restored.

    :raises JournalError: the journal is missing or malformed, or names rows this
        database does not have.
    :raises DatabaseError: the transaction failed (nothing was restored).
    """
    entries = read_journal(journal)
    path = os.fspath(journal)

    def work(connection: Connection) -> UndoReport:
        now = _now()
        restored: list[int] = []
        left: list[tuple[int, str]] = []
        for start in range(0, len(entries), BATCH):
            batch = entries[start : start + BATCH]
            found = _lock(connection, [e.id for e in batch])
            back: list[_Entry] = []
            for entry in batch:
                if entry.id not in found:
                    raise JournalError(f"journal {path!r}: row {entry.id} is not in this database")
                image_id, value, meta = found[entry.id]
                if image_id != entry.image_id:
                    raise JournalError(
                        f"journal {path!r}: row {entry.id} belongs to another image here"
                    )
                if value == entry.old_value and meta == entry.old_meta:
                    left.append((entry.id, "it holds the journal's old value already"))
                elif value != entry.new_value:
                    left.append((entry.id, "its value changed since the journal was written"))
                elif meta != entry.new_meta:
                    left.append((entry.id, "its meta_data changed since the journal was written"))
                else:
                    back.append(
                        attrs.evolve(
                            entry,
                            old_value=entry.new_value,
                            old_meta=entry.new_meta,
                            new_value=entry.old_value,
                            new_meta=entry.old_meta,
                        )
                    )
                    restored.append(entry.id)
            _update(connection, back, now)
        return UndoReport(restored=tuple(restored), left_alone=tuple(left))

    return run(url, work, write=True)
