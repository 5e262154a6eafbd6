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
import multiprocessing
import signal
import threading
from collections.abc import Callable, Generator, Iterator

import attrs

from glance_locations.backends import BackendMap
from glance_locations.base import StoreLocation
from glance_locations.config import StoreConfig
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
from glance_locations.db._engine import LOCK_TIMEOUT
from glance_locations.db._findings import Finding
from glance_locations.db._rows import audit_rows, id_span, redacted_location
from glance_locations.policy import LocationPolicy

__all__ = ["RANGE", "audit_in_parallel", "id_ranges"]

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


def _shares(url: str, settings: Settings, jobs: int, findings: bool) -> Iterator[_Share]:
    """The ranges' results, in id order, as the workers finish them."""
    span = id_span(url, lock_timeout=settings.lock_timeout)
    if span is None:
        return
    ranges = id_ranges(*span, jobs)
    context = multiprocessing.get_context("spawn")  # no state of the parent's inherited
    with _workers_ignore_ctrl_c():
        # Every worker starts at the first submissions. At most two ranges a worker are
        # ahead of the parent: memory stays bounded.
        pool = concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context)
        pending = [
            pool.submit(_check_range, url, settings, ids, findings) for ids in ranges[: 2 * jobs]
        ]
    try:
        for ids in ranges[2 * jobs :]:
            yield pending.pop(0).result()
            pending.append(pool.submit(_check_range, url, settings, ids, findings))
        for future in pending:
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def audit_in_parallel(
    url: str,
    *,
    jobs: int,
    conf: StoreConfig | None,
    policy: LocationPolicy,
    include_deleted: bool,
    report: Callable[[Problem], None],
    lock_timeout: float = LOCK_TIMEOUT,
    progress: Callable[[int], None] | None = None,
    backends: BackendMap | None = None,
    report_finding: Callable[[Finding], None] | None = None,
) -> AuditSummary:
    """:func:`~glance_locations.db._audit.audit` with ``jobs`` worker processes (with 1,
    that function itself, in this process): the same lines, in the same order, and the
    same summary.

    :raises DatabaseError: the database cannot be read.
    """
    if jobs == 1:
        return audit(
            url, conf=conf, policy=policy, include_deleted=include_deleted, report=report,
            lock_timeout=lock_timeout, progress=progress, backends=backends,
            report_finding=report_finding,
        )  # fmt: skip
    settings = Settings(
        conf=conf, policy=policy, include_deleted=include_deleted, lock_timeout=lock_timeout,
        backends=backends,
    )  # fmt: skip
    names = store_names()
    parser = Parser(conf)
    duplicates = Duplicates()
    tallies = Tallies()
    for share in _shares(url, settings, jobs, report_finding is not None):
        tallies.add(share.tallies)
        lines = share.lines
        found: list[Problem | Finding] = []
        for row_id, row_digest, image_id, value, scheme, backend in share.valid:
            first = duplicates.first_of_digest(row_digest, row_id)
            if first is not None:
                uri = redacted_location(parser.parse(value, scheme))
                row = (row_id, image_id, value, scheme, backend)
                found.append(duplicate_problem(row, first, uri, names))
        if found:
            lines = sorted(
                [*lines, *found], key=_order
            )  # stable: a row's findings keep their order
        for line in lines:
            if isinstance(line, Finding):
                if report_finding is not None:
                    report_finding(line)
            else:
                report(line)
        if progress is not None:
            progress(sum(counts[0] for counts in tallies.groups.values()))
    return tallies.summary(duplicates.count)
