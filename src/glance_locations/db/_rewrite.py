"""``db rewrite``'s one pass over the rows: a plan, or the same plan written.

The rows are read in id order, :data:`BATCH` at a time (``WHERE id > last ORDER BY id
LIMIT n``: no cursor is held open between batches, and memory does not grow with the
table), in one transaction: read-only for a plan, the write transaction itself with
``--apply``. Each row gets one :class:`Decision` (:func:`decide`), which the plan prints
and ``--apply`` writes: a row the write would refuse (a ``meta_data`` that is not a JSON
object where a rule must set its store, a value that is not text) is refused in the plan
too. With ``--apply`` the changed rows of a batch are then locked and checked: a row
changed or marked deleted since it was read (by Glance, while the plan lines were being
printed) becomes ``skipped``, is reported again as such, and is never written.
"""

from __future__ import annotations

import collections
import datetime
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Literal

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from glance_locations._lex import scheme_of
from glance_locations._reasons import swift_config_hint
from glance_locations.backends import PLACEHOLDER_PREFIX, BackendMap, is_placeholder
from glance_locations.config import StoreConfig
from glance_locations.db._apply import lock_rows, moved_meta, now, update_rows
from glance_locations.db._backend_meta import ASSIGN_RULE, backend_meta, strips_s3_keys
from glance_locations.db._engine import LOCK_TIMEOUT, run
from glance_locations.db._journal import Entry, Journal, State
from glance_locations.db._rows import parse_meta_data, shown_id, text_problem
from glance_locations.db._schema import images, locations
from glance_locations.rewrite import Change, Rule, rewrite

__all__ = ["BATCH", "Decision", "Outcome", "decide", "rewrite_rows", "unmatched"]

#: Rows read, decided (and with ``--apply`` locked and written) at a time.
BATCH = 500

Status = Literal["changed", "unchanged", "invalid", "refused", "skipped"]

#: ``(id, image_id, value, meta_data, updated_at)`` as read: ``value`` and ``meta_data``
#: may be bytes on SQLite (a BLOB), ``value`` text with lone surrogates (not UTF-8).
_Row = tuple[int, object, object, object, "datetime.datetime | None"]


@attrs.frozen(kw_only=True)
class Decision:
    """One row's fate: what the plan shows and ``--apply`` writes (``changed`` only)."""

    id: int
    image_id: str
    status: Status
    before: str | None  # the stored value; None when it is not text
    after: str | None = None
    rule: str | None = None
    reason: str | None = None
    meta_before: str | None = None
    meta_after: str | None = None
    updated_at: datetime.datetime | None = None
    deletes: bool = False  # the change marks the row deleted (--delete-stale-placeholders)


def decide(
    row: _Row,
    change: Change[int] | None,
    conf: StoreConfig | None,
    backends: BackendMap | None = None,
    *,
    assign: bool = False,
) -> Decision:
    """The one decision about a row, given what the rules made of its value (``change``;
    ``None`` when the value is not text), and with ``assign`` (``--assign-backends``)
    the backend ``backends`` says holds it. (One :class:`Decision` made per row: the
    plan decides about every row of the table.)"""
    row_id, image_id, value, meta, updated_at = row
    shown = shown_id(image_id)
    problem = text_problem(value, "value")
    if problem is not None or change is None or not isinstance(value, str):
        return Decision(
            id=row_id, image_id=shown, status="invalid", before=None,
            reason=problem or "value is not text", updated_at=updated_at,
        )  # fmt: skip

    def decision(status: Status, rule: str | None, reason: str | None) -> Decision:
        return Decision(
            id=row_id, image_id=shown, status=status, before=value, rule=rule, reason=reason,
            updated_at=updated_at,
        )  # fmt: skip

    if change.status == "invalid":
        if _placeholder(value, meta, shown):
            return decision("unchanged", None, None)
        why = (change.reason or "not a valid location") + swift_config_hint(scheme_of(value), conf)
        return decision("invalid", change.rule, why)
    changed = change.status == "changed" and change.after is not None
    if change.status == "refused" or not (changed or assign):
        return decision(change.status, change.rule, change.reason)
    after = change.after if changed and change.after is not None else value
    meta_problem = None if meta is None else text_problem(meta, "meta_data")
    meta_text = meta if isinstance(meta, str) else None
    rule = change.rule if changed else ASSIGN_RULE
    if meta_problem is not None:
        return decision("refused", rule, meta_problem)
    strips = changed and strips_s3_keys(value, after, change.rule)
    step = backend_meta(
        after, meta_text, backends=backends, assign=assign, strips_s3=strips, conf=conf
    )
    if step.refusal is not None:
        rule = ASSIGN_RULE if assign and not strips else rule
        return decision("refused", rule, step.refusal)
    new_meta = step.meta
    if changed:
        new_meta, refusal = moved_meta(new_meta, after, conf)
        if refusal is not None:
            return decision("refused", change.rule, refusal)
    if not changed and not step.assigned:
        return decision("unchanged", change.rule, change.reason)
    rules = [name for name in (change.rule if changed else None,) if name]
    if step.assigned:
        rules.append(ASSIGN_RULE)
    return Decision(
        id=row_id, image_id=shown, status="changed", before=value, after=after,
        rule=", ".join(rules), reason=None, meta_before=meta_text, meta_after=new_meta,
        updated_at=updated_at,
    )  # fmt: skip


def _placeholder(value: str, meta: object, image_id: str) -> bool:
    """A parallel import's placeholder row: not a location, never invalid; left alone."""
    if not value.startswith(PLACEHOLDER_PREFIX) or not isinstance(meta, str):
        return False
    parsed = parse_meta_data(meta)
    return parsed is not None and is_placeholder(value, parsed, image_id=image_id)


def _not_deleted() -> list[sa.ColumnElement[bool]]:
    deleted_images = sa.select(images.c.id).where(images.c.deleted)
    return [sa.not_(locations.c.deleted), locations.c.image_id.not_in(deleted_images)]


def _batch(connection: Connection, after: int | None) -> list[_Row]:
    columns = (
        locations.c.id,
        locations.c.image_id,
        locations.c.value,
        locations.c.meta_data,
        locations.c.updated_at,
    )
    statement = sa.select(*columns).where(*_not_deleted())
    if after is not None:
        statement = statement.where(locations.c.id > after)
    statement = statement.order_by(locations.c.id).limit(BATCH)
    return [(r[0], r[1], r[2], r[3], r[4]) for r in connection.execute(statement)]


def _decisions(
    rows: Sequence[_Row],
    rules: Sequence[Rule],
    conf: StoreConfig | None,
    backends: BackendMap | None,
    *,
    assign: bool,
) -> list[Decision]:
    texts = [
        (row[0], row[2])
        for row in rows
        if isinstance(row[2], str) and text_problem(row[2], "value") is None
    ]
    changes = {change.key: change for change in rewrite(texts, rules, conf=conf)}
    return [decide(row, changes.get(row[0]), conf, backends, assign=assign) for row in rows]


def _recheck(
    connection: Connection, decisions: list[Decision], report: Callable[[Decision], None]
) -> list[Decision]:
    """Lock the changed rows; one changed or deleted since it was read (and planned) is
    ``skipped``, and reported again as such."""
    ids = [d.id for d in decisions if d.status == "changed"]
    if not ids:
        return decisions
    found = lock_rows(connection, ids)
    checked: list[Decision] = []
    for decision in decisions:
        current = found.get(decision.id)
        if decision.status != "changed":
            checked.append(decision)
            continue
        if current is None or current.deleted:
            checked.append(
                attrs.evolve(
                    decision, status="skipped", reason="deleted since it was read: not written"
                )
            )
        elif current.value != decision.before or current.meta != decision.meta_before:
            checked.append(
                attrs.evolve(
                    decision, status="skipped", reason="changed since it was read: not written"
                )
            )
        else:
            checked.append(decision)
            continue
        report(checked[-1])
    return checked


@attrs.define
class Outcome:
    """What a pass did: rows per status, and rows written."""

    counts: dict[str, int] = attrs.Factory(
        lambda: dict.fromkeys(["rows", "changed", "unchanged", "invalid", "refused", "skipped"], 0)
    )
    written: int = 0

    def batch_done(
        self,
        statuses: Iterable[str],
        entries: Sequence[Entry],
        write: tuple[Connection, Journal, datetime.datetime] | None,
        progress: Callable[[int], None] | None,
    ) -> None:
        """Count a batch's rows by status; with ``write`` (``--apply``), journal its
        changed rows' ``entries`` and write them, in the transaction of ``connection``."""
        for status in statuses:
            self.counts["rows"] += 1
            self.counts[status] += 1
        if write is not None:
            connection, journal, time = write
            for entry in entries:
                journal.write(entry)
            update_rows(connection, entries, time)
            self.written += len(entries)
        if progress is not None:
            progress(self.counts["rows"])


def rewrite_rows(
    url: str,
    rules: Sequence[Rule],
    *,
    conf: StoreConfig | None,
    report: Callable[[Decision], None],
    journal: Journal | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
    progress: Callable[[int], None] | None = None,
    backends: BackendMap | None = None,
    assign: bool = False,
) -> Outcome:
    """One pass over the rows (deleted ones left out): ``report`` gets every row that
    does not stay unchanged, in id order. With ``backends``, an s3 row the rules take
    the keys of must belong to the s3 backend its ``meta_data.store`` names; with
    ``assign`` too, each row's ``meta_data.store`` is set to the backend that holds it
    (:func:`~glance_locations.db._backend_meta.backend_meta`). With a ``journal``, the
    changed rows are written in the same transaction (the journal written whole and
    synced before the commit); without, nothing is written.

    :raises DatabaseError: the database cannot be read or written: nothing was written.
    :raises JournalError: the journal cannot be written whole: nothing was written.
    :raises CommitUnknown: the answer to the COMMIT was lost.
    """
    outcome = Outcome()

    def work(connection: Connection) -> Outcome:
        time = now()
        last: int | None = None
        while rows := _batch(connection, last):
            last = rows[-1][0]
            decisions = _decisions(rows, rules, conf, backends, assign=assign)
            for decision in decisions:
                if decision.status != "unchanged":
                    report(decision)
            write = None if journal is None else (connection, journal, time)
            entries: list[Entry] = []
            if write is not None:
                decisions = _recheck(connection, decisions, report)
                entries = [journal_entry(d, time) for d in decisions if d.status == "changed"]
            outcome.batch_done((d.status for d in decisions), entries, write, progress)
        if journal is not None:
            journal.finish()
        return outcome

    return run(url, work, write=journal is not None, lock_timeout=lock_timeout)


def journal_entry(
    decision: Decision,
    time: datetime.datetime,
    *,
    old_state: State | None = None,
    new_state: State | None = None,
) -> Entry:
    """The journal line of a changed row written at ``time`` (its status and deletion
    too, when the change deletes the row)."""
    return Entry(
        id=decision.id,
        image_id=decision.image_id,
        old_value=decision.before or "",
        old_meta=decision.meta_before,
        old_updated=decision.updated_at,
        new_value=decision.after or "",
        new_meta=decision.meta_after,
        new_updated=time,
        old_state=old_state,
        new_state=new_state,
    )


def _spellings(old: str) -> list[str]:
    forms = [old.lower(), urllib.parse.quote(old, safe="").lower()]
    return list(dict.fromkeys(forms))


def unmatched(
    url: str, olds: Mapping[str, Sequence[str]], *, lock_timeout: float = LOCK_TIMEOUT
) -> list[tuple[str, str]]:
    """The ``(option, OLD)`` pairs of which no row (deleted ones left out) holds the text,
    as written or percent-encoded, in any case: a typo, found before planning. (Holding
    the text does not prove a match: the plan tells the rest.)"""

    def work(connection: Connection) -> list[tuple[str, str]]:
        missing: list[tuple[str, str]] = []
        lowered = sa.func.lower(locations.c.value)
        for option, values in olds.items():
            for old in values:
                found = sa.or_(
                    *(lowered.contains(form, autoescape=True) for form in _spellings(old))
                )
                statement = sa.select(locations.c.id).where(found, *_not_deleted()).limit(1)
                if connection.execute(statement).first() is None:
                    missing.append((option, old))
        return missing

    return run(url, work, write=False, lock_timeout=lock_timeout)


def count_statuses(decisions: Iterator[Decision]) -> collections.Counter[str]:
    """Rows per status (for tests and callers that collect a plan)."""
    return collections.Counter(d.status for d in decisions)
