"""``db audit --jobs N``: the rows split by id into ranges, checked in worker processes.

Each worker reads one id range at a time, in a read-only transaction of its own, and
runs the audit's own loop (:func:`~glance_locations.db._audit.check_rows`) on it. For
duplicates it keeps, per valid row, the digest of its identity and what a duplicate's
problem line needs (the row's id, image id, value, scheme and backend); its other
problem lines and findings come back as they were found, in id order.

The parent takes the ranges' results in id order: it sums the counts, finds the
duplicates with one digest index, as a one-process audit does (the first row of an
identity is the one of lowest id, so a range needs only the ranges before it), and
reports every line in a one-process audit's order. The output is the same as with
``--jobs 1``; what differs is that the workers' transactions are not one snapshot: a row
Glance changes while the audit runs may be seen before or after the change.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime
import functools
import multiprocessing
import signal
import threading
from collections.abc import Callable, Generator, Iterator

import attrs

from glance_locations.base import StoreLocation
from glance_locations.config import StoreConfig
from glance_locations.db._apply import now as utc_now
from glance_locations.db._audit import (
    Duplicates,
    Parser,
    Settings,
    audit,
    check_rows,
    digest,
    duplicate_problem,
)
from glance_locations.db._audit_counts import AuditSummary, Problem, Tallies, store_names
from glance_locations.db._findings import Finding, FindingCounts
from glance_locations.db._lifecycle import lifecycle
from glance_locations.db._rows import audit_rows, id_span, redacted_location

__all__ = ["RANGE", "audit_all", "id_ranges"]

#: Row ids per range a worker checks at once (a range's results are held until the
#: parent takes them: about 200 bytes a valid row).
RANGE = 50_000

#: ``(id, digest, image_id, value, scheme, backend)`` of a valid row.
_Valid = tuple[int, bytes, str, str, str, str]


@attrs.frozen
class _Share:
    """What a worker found in one id range."""

    tallies: Tallies
    lines: list[Problem | Finding]  # in the order found, duplicates left out
    valid: list[_Valid]


def id_ranges(low: int, high: int, jobs: int) -> list[tuple[int, int]]:
    """``[low, high]`` cut into ranges ``(start, stop)`` of at most :data:`RANGE` ids,
    at least four per job while there are ids enough (so no worker idles at the end)."""
    span = high - low + 1
    count = max(-(-span // RANGE), min(4 * jobs, span))
    starts = [low + span * n // count for n in range(count)]
    return list(zip(starts, [*starts[1:], high + 1], strict=True))


def _check_range(url: str, settings: Settings, ids: tuple[int, int], findings: bool) -> _Share:
    """A worker's task: the rows of ``ids``, checked."""
    lines: list[Problem | Finding] = []
    valid: list[_Valid] = []

    def first_of(location: StoreLocation, row: tuple[int, str, str, str, str]) -> None:
        row_id, image_id, value, scheme, backend = row
        valid.append((row_id, digest(location), image_id, value, scheme, backend))

    rows = audit_rows(
        url, include_deleted=settings.include_deleted, lock_timeout=settings.lock_timeout,
        ids=ids,
    )  # fmt: skip
    tallies = check_rows(
        rows, settings, first_of, report=lines.append,
        report_finding=lines.append if findings else None,
    )  # fmt: skip
    return _Share(tallies=tallies, lines=lines, valid=valid)


@contextlib.contextmanager
def _workers_ignore_ctrl_c() -> Generator[None]:
    """Processes started in this block ignore Ctrl-C from their first instruction on (a
    new process inherits an ignored signal, and Python keeps it ignored). Ctrl-C reaches
    every process of the terminal's group; the parent alone answers it (a worker's
    traceback would garble the one line the command prints)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals are the main thread's: a caller in another thread has no Ctrl-C
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _order(line: Problem | Finding) -> tuple[int, int]:
    """Where a line goes among its row's lines: its problem (invalid or refused), then
    the duplicate, then the findings (a one-process audit's order)."""
    if isinstance(line, Finding):
        return (-1 if line.id is None else line.id), 2  # a row's findings all have its id
    return line.id, 1 if line.status == "duplicate" else 0


@attrs.frozen
class _Lifecycle:
    """The lifecycle findings, found by a worker beside the ranges."""

    findings: list[Finding]
    counts: FindingCounts


def _lifecycle_task(
    url: str, settings: Settings, stale_after: datetime.timedelta, now: datetime.datetime
) -> _Lifecycle:
    found = _Lifecycle(findings=[], counts=FindingCounts())
    lifecycle(
        url, include_deleted=settings.include_deleted, stale_after=stale_after,
        report=found.findings.append, counts=found.counts, now=now,
        lock_timeout=settings.lock_timeout,
    )  # fmt: skip
    return found


def _in_order(
    pool: concurrent.futures.Executor,
    pending: list[concurrent.futures.Future[_Share]],
    waiting: list[tuple[int, int]],
    task: Callable[[tuple[int, int]], _Share],
) -> Iterator[_Share]:
    """The results of the ``pending`` ranges, then of the ``waiting`` ones, in order: one
    range submitted as one is taken, so that the workers stay busy and no more than
    ``len(pending)`` results wait for the parent (memory stays bounded)."""
    for ids in waiting:
        yield pending.pop(0).result()
        pending.append(pool.submit(task, ids))
    for future in pending:
        yield future.result()


def _ignore(_: Finding) -> None:
    """Where findings go when the caller takes none."""


def audit_all(
    url: str,
    settings: Settings,
    *,
    jobs: int,
    stale_after: datetime.timedelta | None,
    report: Callable[[Problem], None],
    progress: Callable[[int], None] | None = None,
    report_finding: Callable[[Finding], None] | None = None,
) -> AuditSummary:
    """The whole of ``db audit``, as ``settings`` asks: every row checked
    (:func:`~glance_locations.db._audit.audit`), then with ``stale_after`` the lifecycle
    findings (:func:`~glance_locations.db._lifecycle.lifecycle`, counted in the summary's
    ``findings``). With ``jobs`` above 1 the rows are checked in that many worker
    processes, the lifecycle findings in one of them beside the rows (held until the
    rows' lines are out): the same lines, in the same order, and the same summary.

    :raises DatabaseError: the database cannot be read.
    """
    findings_to = report_finding or _ignore
    if jobs == 1:
        summary = audit(
            url, conf=settings.conf, policy=settings.policy,
            include_deleted=settings.include_deleted, report=report,
            lock_timeout=settings.lock_timeout, progress=progress, backends=settings.backends,
            report_finding=report_finding,
        )  # fmt: skip
        if stale_after is not None:  # streamed: nothing held
            lifecycle(
                url, include_deleted=settings.include_deleted, stale_after=stale_after,
                report=findings_to, counts=summary.findings, lock_timeout=settings.lock_timeout,
            )  # fmt: skip
        return summary
    span = id_span(url, lock_timeout=settings.lock_timeout)
    ranges = [] if span is None else id_ranges(*span, jobs)
    task = functools.partial(_check_range, url, settings, findings=report_finding is not None)
    with _workers_ignore_ctrl_c():  # every worker starts at the first submissions
        pool = concurrent.futures.ProcessPoolExecutor(
            jobs,
            mp_context=multiprocessing.get_context("spawn"),  # nothing inherited
        )
        later = None
        if stale_after is not None:
            later = pool.submit(_lifecycle_task, url, settings, stale_after, utc_now())
        pending = [pool.submit(task, ids) for ids in ranges[: 2 * jobs]]
    try:
        shares = _in_order(pool, pending, ranges[2 * jobs :], task)
        summary = _merge(shares, settings.conf, report, findings_to, progress)
        if later is not None:
            found = later.result()
            summary.findings.merge(found.counts)
            for finding in found.findings:
                findings_to(finding)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return summary


def _merge(
    shares: Iterator[_Share],
    conf: StoreConfig | None,
    report: Callable[[Problem], None],
    report_finding: Callable[[Finding], None],
    progress: Callable[[int], None] | None,
) -> AuditSummary:
    """The ranges' results, in id order, made into a one-process audit's lines and
    summary: counts summed, duplicates found with one digest index."""
    names = store_names()
    parser = Parser(conf)
    duplicates = Duplicates()
    tallies = Tallies()
    for share in shares:
        tallies.add(share.tallies)
        lines = share.lines
        found: list[Problem | Finding] = []
        for row_id, row_digest, image_id, value, scheme, backend in share.valid:
            first = duplicates.first_of_digest(row_digest, row_id)
            if first is not None:
                uri = redacted_location(parser.parse(value, scheme))
                row = (row_id, image_id, value, scheme, backend)
                found.append(duplicate_problem(row, first, uri, names))
        if found:  # stable: a row's findings keep their order
            lines = sorted([*lines, *found], key=_order)
        for line in lines:
            if isinstance(line, Finding):
                report_finding(line)
            else:
                report(line)
        if progress is not None:
            progress(sum(counts[0] for counts in tallies.groups.values()))
    return tallies.summary(duplicates.count)
