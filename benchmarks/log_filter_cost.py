"""What ``RedactingFilter`` costs per record, as a ratio to formatting the record.

    PYTHONPATH=src python benchmarks/log_filter_cost.py [--rounds N] [--number N]

For each kind of record (no URI; a URI without credentials; a credential URI in an
argument; a pre-signed URL in the message; an exception whose text holds a credential),
each round makes ``--number`` fresh records twice, times the filter on one batch and the
stdlib ``Formatter.format`` (``%(asctime)s %(levelname)s %(name)s %(message)s``) on the
other, in one process; the ratio printed is the median of the rounds' own ratios. The
contract's bound is 2 (no more than formatting the record twice).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import time
from collections.abc import Callable, Sequence
from types import TracebackType

from glance_locations.log import RedactingFilter

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def _error() -> BaseException:
    try:
        raise RuntimeError("cannot read s3://AKIA:wJalr/K7MDENG+bPx=@s3.example.com/b/k")
    except RuntimeError as error:
        return error


_ERROR = _error()

_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
# name -> (msg, args, exc_info)
KINDS: dict[str, tuple[str, tuple[object, ...], _ExcInfo | None]] = {
    "no URI": ("Image %s status changed to %s", ("b2e0d9c4-1f8a", "active"), None),
    "clean URI": ("Reading %s", ("rbd://6a1c5f6e-7d3b/images/b2e0d9c4/snap",), None),
    "credential arg": (
        "Failed to fetch %s: %s",
        ("swift+https://acct:user:K3y+/x=@auth.example.com/v3/glance/obj", "timeout"),
        None,
    ),
    "presigned msg": (
        "GET https://b.s3.example.com/k?X-Amz-Credential=AK/2024&X-Amz-Signature=f00d 403",
        (),
        None,
    ),
    "exception": ("copy failed", (), (RuntimeError, _ERROR, _ERROR.__traceback__)),
}


def _records(kind: str, number: int) -> list[logging.LogRecord]:
    msg, args, exc_info = KINDS[kind]
    return [
        logging.LogRecord("glance.api", logging.WARNING, __file__, 1, msg, args, exc_info)
        for _ in range(number)
    ]


def _timed(work: Callable[[logging.LogRecord], object], records: list[logging.LogRecord]) -> float:
    start = time.perf_counter()
    for made in records:
        work(made)
    return time.perf_counter() - start


def ratio(kind: str, rounds: int, number: int) -> tuple[float, float, float]:
    """Median filter time per record, median format time per record, median ratio."""
    redacting, formatter = RedactingFilter(), logging.Formatter(FORMAT)
    filtered: list[float] = []
    formatted: list[float] = []
    for _ in range(rounds):
        filtered.append(_timed(redacting.filter, _records(kind, number)) / number)
        formatted.append(_timed(formatter.format, _records(kind, number)) / number)
    ratios = [f / g for f, g in zip(filtered, formatted, strict=True)]
    return statistics.median(filtered), statistics.median(formatted), statistics.median(ratios)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--number", type=int, default=2000)
    args = parser.parse_args(argv)
    print(f"{'record':16} {'filter us':>10} {'format us':>10} {'ratio':>6}")
    for kind in KINDS:
        filter_time, format_time, median_ratio = ratio(kind, args.rounds, args.number)
        print(f"{kind:16} {filter_time * 1e6:10.2f} {format_time * 1e6:10.2f} {median_ratio:6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
