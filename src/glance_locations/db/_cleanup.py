"""``db rewrite --delete-stale-placeholders``: the placeholders failed imports left.

A stale placeholder (:func:`glance_locations.backends.row_findings`: older than
``--stale-after``, or its image already settled) is marked deleted exactly as Glance's
own import does with the row of a store that failed (glance 33.0.0,
``glance/db/sqlalchemy/api.py`` ``_image_location_delete``: ``deleted`` true, ``status``
``deleted``, ``deleted_at`` and ``updated_at`` now). One pass, like ``db rewrite``'s: each
placeholder gets one :class:`~glance_locations.db._rewrite.Decision`, which the plan
prints and ``--apply`` writes (the row locked and checked first, journaled with its old
state, which ``db undo`` puts back).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

import attrs
from sqlalchemy.engine import Connection

from glance_locations.backends import row_findings
from glance_locations.db._apply import lock_rows, now
from glance_locations.db._engine import LOCK_TIMEOUT, run
from glance_locations.db._journal import Entry, Journal, State
from glance_locations.db._lifecycle import candidate_rows, lifecycle_row
from glance_locations.db._rewrite import BATCH, Decision, Outcome, journal_entry
from glance_locations.db._schema import locations

__all__ = ["DELETE_RULE", "delete_stale_placeholders"]

#: The rule name the plan shows.
DELETE_RULE = "DeleteStalePlaceholders"
_DELETED = "deleted"


@attrs.frozen(kw_only=True)
class _Planned:
    decision: Decision
    state: State


def _plan(
    raw: Sequence[object], *, when: datetime.datetime, stale_after: datetime.timedelta
) -> _Planned | None:
    """The decision about one placeholder row (``None``: not a placeholder after all)."""
    row = lifecycle_row(raw)
    if row is None:
        return None
    findings = row_findings(row, now=when, stale_after=stale_after)
    if "placeholder" not in findings:
        return None
    meta = raw[3] if isinstance(raw[3], str) else None
    updated = raw[7] if isinstance(raw[7], datetime.datetime) else None
    decision = Decision(
        id=int(str(raw[0])),
        image_id=row.image_id,
        status="changed" if "stale-placeholder" in findings else "unchanged",
        before=row.url,
        after=row.url,
        rule=DELETE_RULE,
        meta_before=meta,
        meta_after=meta,
        updated_at=updated,
        deletes=True,
    )
    deleted_at = raw[8] if isinstance(raw[8], datetime.datetime) else None
    return _Planned(decision=decision, state=State(status=row.status, deleted=False,
                                                   deleted_at=deleted_at))  # fmt: skip


def _recheck(
    connection: Connection, planned: list[_Planned], report: Callable[[Decision], None]
) -> list[_Planned]:
    """Lock the rows to delete; one changed since it was read is ``skipped``."""
    ids = [p.decision.id for p in planned if p.decision.status == "changed"]
    found = lock_rows(connection, ids) if ids else {}
    checked: list[_Planned] = []
    for planned_item in planned:
        item = planned_item
        current = found.get(item.decision.id)
        if item.decision.status == "changed" and (
            current is None
            or current.state is None
            or current.state.deleted
            or current.state.status != item.state.status
            or current.value != item.decision.before
            or current.meta != item.decision.meta_before
        ):
            skipped = attrs.evolve(
                item.decision, status="skipped", reason="changed since it was read: not written"
            )
            report(skipped)
            item = attrs.evolve(item, decision=skipped)
        checked.append(item)
    return checked


def _entry(item: _Planned, time: datetime.datetime) -> Entry:
    deleted = State(status=_DELETED, deleted=True, deleted_at=time)
    return journal_entry(item.decision, time, old_state=item.state, new_state=deleted)


def delete_stale_placeholders(
    url: str,
    *,
    stale_after: datetime.timedelta,
    report: Callable[[Decision], None],
    journal: Journal | None = None,
    when: datetime.datetime | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
    progress: Callable[[int], None] | None = None,
) -> Outcome:
    """One pass over the live placeholder rows: ``report`` gets each stale one (to be
    marked deleted) in id order; with a ``journal`` they are written in the same
    transaction. ``when`` is naive UTC, now by default.

    :raises DatabaseError: the database cannot be read or written: nothing was written.
    :raises JournalError: the journal cannot be written whole: nothing was written.
    :raises CommitUnknown: the answer to the COMMIT was lost.
    """
    outcome = Outcome()
    moment = now() if when is None else when

    def work(connection: Connection) -> Outcome:
        last = 0
        statement = candidate_rows(include_deleted=False, placeholders_only=True)
        while rows := list(
            connection.execute(statement.where(locations.c.id > last).limit(BATCH))
        ):
            last = int(str(rows[-1][0]))  # the integer primary key
            planned = [
                p
                for p in (_plan(r, when=moment, stale_after=stale_after) for r in rows)
                if p is not None
            ]
            for item in planned:
                if item.decision.status != "unchanged":
                    report(item.decision)
            if journal is not None:
                planned = _recheck(connection, planned, report)
            entries = [_entry(p, moment) for p in planned if p.decision.status == "changed"]
            outcome.batch_done(
                (p.decision.status for p in planned),
                entries,
                None if journal is None else (connection, journal, moment),
                progress,
            )
        if journal is not None:
            journal.finish()
        return outcome

    return run(url, work, write=journal is not None, lock_timeout=lock_timeout)
