"""The ``db`` commands' flags beyond the rules: waiting for locks, progress, Glance's
backends and the rows Glance leaves behind.

``--lock-timeout SECONDS`` and ``--no-progress`` are every db command's; ``--jobs N``
is ``db audit``'s.

``--glance-config FILE`` (with ``--ceph-fsid NAME=FSID``) gives the
:class:`~glance_locations.backends.BackendMap` that ``db audit`` checks rows against and
``db rewrite --assign-backends`` assigns from; ``--strict-backends`` and
``--stale-after HOURS`` tune the audit's findings.
"""

from __future__ import annotations

import argparse
import datetime
import math
from collections.abc import Callable

from glance_locations.backends import BackendMap
from glance_locations.cli._errors import CommandError
from glance_locations.exceptions import BadStoreConfiguration

__all__ = [
    "add_audit_finding_options",
    "add_cleanup_options",
    "add_glance_config_options",
    "add_jobs",
    "add_lock_timeout",
    "add_no_progress",
    "backend_map",
    "stale_after",
]


def _number(text: str, unit: str, inside: Callable[[float], bool], refused: str) -> float:
    """``text`` as a number of ``unit`` for which ``inside`` holds (NaN never does)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of {unit}: {text!r}") from None
    if math.isnan(value) or not inside(value):
        raise argparse.ArgumentTypeError(refused)
    return value


def _lock_timeout(text: str) -> float:
    return _number(
        text,
        "seconds",
        lambda value: 0 < value <= 86400,
        "must be more than 0 and at most 86400 seconds",
    )


def add_no_progress(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress line on stderr (shown on a terminal for large tables)",
    )


def add_lock_timeout(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--lock-timeout",
        type=_lock_timeout,
        default=10.0,
        metavar="SECONDS",
        help="give up (exit 2, nothing written) after waiting this long for a lock another "
        "transaction holds, a table `glance-manage db sync` alters say (default 10)",
    )


#: The most worker processes ``--jobs`` starts (each holds a database connection).
MAX_JOBS = 64


def _jobs(text: str) -> int:
    try:
        value = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_JOBS}")
    return value


def add_jobs(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="check the rows in N worker processes, each with a connection of its own "
        "(default 1; the output is the same, the workers' reads are not one snapshot)",
    )


def add_glance_config_options(command: argparse.ArgumentParser) -> None:
    """``--glance-config FILE`` and ``--ceph-fsid NAME=FSID`` (repeatable)."""
    command.add_argument(
        "--glance-config",
        metavar="FILE",
        help="glance-api.conf of a multi-store Glance (enabled_backends): each row is "
        "checked against the backend that holds it",
    )
    command.add_argument(
        "--ceph-fsid",
        action="append",
        metavar="NAME=FSID",
        help="the cluster fsid of rbd backend NAME (else the fsid of its "
        "rbd_store_ceph_conf); repeatable",
    )


def _hours(text: str) -> float:
    return _number(
        text,
        "hours",
        lambda value: 0 <= value <= 24 * 366 * 100,
        "must be a number of hours, from 0 to 876,960",
    )


def add_audit_finding_options(command: argparse.ArgumentParser) -> None:
    """``--strict-backends`` and ``--stale-after HOURS`` of ``db audit``."""
    command.add_argument(
        "--strict-backends",
        action="store_true",
        help="backend findings (with --glance-config) count as problems: exit 1",
    )
    _add_stale_after(command, "a placeholder row, or a pending_delete row, older than this")


def _add_stale_after(command: argparse.ArgumentParser, what: str) -> None:
    command.add_argument(
        "--stale-after",
        type=_hours,
        default=24.0,
        metavar="HOURS",
        help=f"{what} is stale (default 24)",
    )


def add_cleanup_options(command: argparse.ArgumentParser) -> None:
    """``--delete-stale-placeholders`` (a rule of its own) and ``--stale-after HOURS``."""
    command.add_argument(
        "--delete-stale-placeholders",
        action="store_true",
        help="a rule of its own: mark deleted, as Glance does, the placeholder rows of "
        "parallel imports that are stale (older than --stale-after, or their image settled)",
    )
    _add_stale_after(command, "a placeholder row older than this")


def stale_after(args: argparse.Namespace) -> datetime.timedelta:
    hours: float = args.stale_after
    return datetime.timedelta(hours=hours)


def _fsids(values: list[str] | None) -> dict[str, str]:
    fsids: dict[str, str] = {}
    for value in values or ():
        name, equals, fsid = value.partition("=")
        if not equals or not name or not fsid:
            raise CommandError("--ceph-fsid: expected NAME=FSID (a backend name, a UUID)")
        if name in fsids and fsids[name] != fsid:
            raise CommandError(f"--ceph-fsid: backend {name!r} is given two fsids")
        fsids[name] = fsid
    return fsids


def backend_map(args: argparse.Namespace) -> BackendMap | None:
    """The backends of ``--glance-config``, or ``None`` without it."""
    path: str | None = args.glance_config
    fsids = _fsids(args.ceph_fsid)
    if path is None:
        if fsids:
            raise CommandError("--ceph-fsid needs --glance-config FILE")
        return None
    problem: str | None = None
    try:
        return BackendMap.from_glance_config(path, ceph_fsids=fsids)
    except BadStoreConfiguration as exc:
        problem = str(exc)  # names file, section and option; never a value
    raise CommandError(problem)
