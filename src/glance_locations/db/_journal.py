"""The journal of a rewrite: what :func:`~glance_locations.db.undo` needs to put rows back.

JSON lines, one per changed row::

    {"id": 12, "image_id": "...",
     "old": {"value": "...", "meta_data": "...", "updated_at": "2024-05-01T12:00:00"},
     "new": {"value": "...", "meta_data": "...", "updated_at": "2026-12-07T03:00:00"}}

A row that a rewrite marks deleted (``--delete-stale-placeholders``) also has
``"state": {"status": ..., "deleted": ..., "deleted_at": ...}`` in ``old`` and ``new``.
``value`` and ``meta_data`` are the columns' text exactly as stored (``meta_data`` and
``updated_at`` may be ``null``), so that an undo puts back the very bytes, and the very
time, it found. The file is created with mode 0600 (it holds the old URIs, credentials
included), never overwrites one that exists (``O_EXCL``, which also refuses a symlink),
and is written whole and synced to disk before the transaction commits; a journal that
cannot be written whole (a full disk, an I/O error) is a :class:`JournalError` and is
removed. A journal of an earlier version has no ``updated_at``: undo then sets it to the
time of the undo.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
from typing import IO, cast

import attrs

from glance_locations.db._engine import JournalError

__all__ = ["Entry", "Journal", "State", "read_journal"]

#: ``updated_at`` absent from a journal line (a journal of an earlier version).
_MISSING = "missing"


@attrs.frozen(kw_only=True)
class State:
    """Whether a row is deleted: its ``status``, ``deleted`` and ``deleted_at``."""

    status: str
    deleted: bool
    deleted_at: datetime.datetime | None

    def to_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "deleted": self.deleted,
            "deleted_at": _time_text(self.deleted_at),
        }


@attrs.frozen(kw_only=True)
class Entry:
    """One journal line: a row's columns before and after."""

    id: int
    image_id: str
    old_value: str
    old_meta: str | None
    old_updated: datetime.datetime | str | None = None  # _MISSING: not journaled
    new_value: str
    new_meta: str | None
    new_updated: datetime.datetime | str | None = None
    old_state: State | None = None  # set when the entry deletes (or undeletes) the row
    new_state: State | None = None

    def to_json(self) -> str:
        old: dict[str, object] = {
            "value": self.old_value,
            "meta_data": self.old_meta,
            "updated_at": _time_text(self.old_updated),
        }
        new: dict[str, object] = {
            "value": self.new_value,
            "meta_data": self.new_meta,
            "updated_at": _time_text(self.new_updated),
        }
        if self.old_state is not None and self.new_state is not None:
            old["state"], new["state"] = self.old_state.to_json(), self.new_state.to_json()
        line = {"id": self.id, "image_id": self.image_id, "old": old, "new": new}
        return json.dumps(line, ensure_ascii=False)

    def reversed(self) -> Entry:
        """The entry that undoes this one."""
        return Entry(
            id=self.id,
            image_id=self.image_id,
            old_value=self.new_value,
            old_meta=self.new_meta,
            old_updated=self.new_updated,
            new_value=self.old_value,
            new_meta=self.old_meta,
            new_updated=self.old_updated,
            old_state=self.new_state,
            new_state=self.old_state,
        )

    @property
    def keeps_time(self) -> bool:
        """Whether the journal holds the row's ``updated_at`` to put back."""
        return self.new_updated != _MISSING


def _time_text(value: datetime.datetime | str | None) -> str | None:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return None if value is None or value == _MISSING else value


class Journal:
    """A journal being written: created at once (so a bad path stops the command before
    any row is read), written line by line, synced by :meth:`finish`, removed by
    :meth:`discard`.

    :raises JournalError: the file exists, cannot be created, or cannot be written whole
        (every ``OSError`` of writing, a full disk included, becomes one).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self.count = 0
        self._handle: IO[str] = self._create()

    def _create(self) -> IO[str]:
        problem: str | None = None
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | os.O_NOFOLLOW
            fd = os.open(self.path, flags, 0o600)
            return os.fdopen(fd, "w", encoding="utf-8")
        except FileExistsError:
            problem = "exists already (it is never overwritten)"
        except OSError as exc:
            problem = f"cannot be created: {exc.strerror}"
        raise JournalError(f"journal {self.path!r} {problem}")

    def _failed(self, error: OSError) -> JournalError:
        return JournalError(
            f"journal {self.path!r} cannot be written whole: {error.strerror}"
            " (nothing was written to the database)"
        )

    def write(self, entry: Entry) -> None:
        failure: JournalError | None = None
        try:
            self._handle.write(entry.to_json() + "\n")
            self.count += 1
            return
        except OSError as exc:
            failure = self._failed(exc)
        raise failure

    def finish(self) -> None:
        """Flush and sync to disk: the journal is whole once this returns."""
        failure: JournalError | None = None
        try:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            return
        except OSError as exc:
            failure = self._failed(exc)
        raise failure

    def close(self) -> None:
        """Close, whatever was left unwritten (after a failure)."""
        with contextlib.suppress(OSError, ValueError):
            self._handle.close()

    def discard(self) -> None:
        """Close and remove the file: the transaction did not commit."""
        self.close()
        with contextlib.suppress(OSError):
            os.unlink(self.path)


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


def _time(obj: dict[str, object], where: str) -> datetime.datetime | str | None:
    if "updated_at" not in obj:
        return _MISSING
    value = obj["updated_at"]
    if value is None:
        return None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return datetime.datetime.fromisoformat(value)
    raise JournalError(f"{where}: 'updated_at' is not a time (ISO 8601) or null")


def _state(obj: dict[str, object], where: str) -> State | None:
    if "state" not in obj:
        return None
    state = _field(obj, "state", where)
    status, deleted, deleted_at = (
        state.get("status"),
        state.get("deleted"),
        state.get("deleted_at"),
    )
    when: datetime.datetime | None = None
    if isinstance(deleted_at, str):
        with contextlib.suppress(ValueError):
            when = datetime.datetime.fromisoformat(deleted_at)
    if (
        not isinstance(status, str)
        or not isinstance(deleted, bool)
        or (deleted_at is not None and when is None)
    ):
        raise JournalError(
            f"{where}: 'state' must hold a status (string), deleted (boolean) and"
            " deleted_at (ISO 8601 or null)"
        )
    return State(status=status, deleted=deleted, deleted_at=when)


_NOT_JSON = object()


def _entry(text: str, where: str) -> Entry:
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
    old_state, new_state = _state(old, where), _state(new, where)
    if (old_state is None) != (new_state is None):
        raise JournalError(f"{where}: 'state' in one of 'old' and 'new' only")
    return Entry(
        id=row_id,
        image_id=image_id,
        old_value=_text(old, "value", where, nullable=False) or "",
        old_meta=_text(old, "meta_data", where, nullable=True),
        old_updated=_time(old, where),
        new_value=_text(new, "value", where, nullable=False) or "",
        new_meta=_text(new, "meta_data", where, nullable=True),
        new_updated=_time(new, where),
        old_state=old_state,
        new_state=new_state,
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


def read_journal(journal: str | os.PathLike[str]) -> list[Entry]:
    """Every entry of a journal; the errors name the line, never its content (and keep no
    chain to the decoding error, which holds it)."""
    path = os.fspath(journal)
    text = _read_text(path)
    entries: list[Entry] = []
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
