#!/usr/bin/env python3
"""Measure ``glance_locations.rewrite.rewrite`` over generated rows: speed and memory.

Rows are generated lazily (seeded), as a database cursor would stream them, and go
through the five built-in rules; the changes are counted and dropped. At each checkpoint
the script prints the rows done, rows per second so far, and the peak RSS of the process
(``ru_maxrss``): flat memory means the same peak at 100k and at 1M rows. Run it under
``/usr/bin/time -v`` for the whole process's figure::

    PYTHONPATH=src /usr/bin/time -v python benchmarks/rewrite_bench.py --count 1000000

``--compare N`` then times, on the same first N rows held in a list, rewriting against
parsing and rendering each row with glance_locations alone (the floor: a rewrite parses
every row) and, when glance_store is importable, with glance_store's driver classes
(which have no rewriting; parse and render is the least a migration script built on
them must do). Both run in this process, interleaved, and the ratio of medians is shown.
"""

from __future__ import annotations

import argparse
import collections
import gc
import importlib
import os
import random
import resource
import statistics
import sys
import time
import types
import uuid
from collections.abc import Callable, Iterator, Sequence

from glance_locations import StoreConfig, SwiftReference, get_location_from_uri
from glance_locations.rewrite import (
    CinderBackend,
    HostRename,
    RbdRemap,
    Rule,
    StripCredentials,
    SwiftToConfig,
    rewrite,
)

OLD_FSID = "6a1c5f6e-7d3b-4c1e-9a7f-2b4d8e0c1a3f"
NEW_FSID = "b2e0d9c4-1f8a-4e6b-8c3d-5a7f9e1b2c4d"
OTHER_FSID = "0f0f0f0f-0000-4000-8000-000000000000"
KEY = "s3cr3t-key-of-the-glance-account"  # a fake key, in generated rows
CONF = StoreConfig(
    swift_references={
        "ref1": SwiftReference(
            auth_address="https://keystone.example.com:5000/v3", user="service:glance", key=KEY
        )
    }
)
RULES: list[Rule] = [
    RbdRemap(fsids={OLD_FSID: NEW_FSID}, pools={"images": "glance-images"}),
    HostRename(
        {"old-s3.example.com": "s3.example.com", "mirror.example.org": "images.example.org"}
    ),
    SwiftToConfig(CONF),
    StripCredentials(stores=("http", "s3", "swift")),
    CinderBackend("cinder-ssd"),
]


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _row(rng: random.Random) -> str:
    """One URI: mostly rbd, swift, file and http, as in real clouds; 2% invalid."""
    roll = rng.random()
    image = _uuid(rng)
    if roll < 0.35:
        fsid = OLD_FSID if rng.random() < 0.7 else OTHER_FSID
        pool = rng.choice(("images", "images-ssd"))
        return f"rbd://{fsid}/{pool}/{image}/snap" if rng.random() < 0.95 else f"rbd://{image}"
    if roll < 0.55:
        if rng.random() < 0.5:
            return f"swift+https://swift.example.com/v1/AUTH_{image[:8]}/glance/{image}"
        key = KEY if rng.random() < 0.9 else "rotated-key"
        return f"swift+https://service%3Aglance:{key}@keystone.example.com:5000/v3/glance/{image}"
    if roll < 0.60:
        return f"swift+config://ref1/glance/{image}"
    if roll < 0.75:
        return f"file:///var/lib/glance/images/{image}"
    if roll < 0.87:
        host = rng.choice(("images.example.org", "mirror.example.org:8080"))
        if rng.random() < 0.3:
            return f"https://mirror:pa55@{host}/images/{image}.qcow2?token={image[:12]}&v=2"
        return f"https://{host}/images/{image}.img"
    if roll < 0.93:
        host = rng.choice(("s3.example.com", "old-s3.example.com:9000"))
        return f"s3+https://AKIAEXAMPLE:wJalr/K7MDENG{image[:6]}@{host}/glance/{image}"
    if roll < 0.98:
        return f"cinder://{image}"
    return rng.choice(("http://example.com:99999/x", "rbd://a/b", f"cinder://{image.upper()}"))


def generate(count: int, seed: int) -> Iterator[tuple[int, str]]:
    """``count`` ``(row id, uri)`` rows, made one at a time."""
    rng = random.Random(seed)  # noqa: S311 (a reproducible corpus, not a secret)
    for row_id in range(1, count + 1):
        yield row_id, _row(rng)


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def stream(count: int, seed: int, checkpoints: Sequence[int]) -> None:
    """Rewrite ``count`` generated rows; report at each checkpoint."""
    statuses: collections.Counter[str] = collections.Counter()
    marks = sorted({c for c in checkpoints if c < count} | {count})
    print(f"peak RSS before the first row: {_peak_rss_mib():.1f} MiB")
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    print("| rows | seconds | rows/s | CPU seconds | rows per CPU second | peak RSS (MiB) |")
    print("|---:|---:|---:|---:|---:|---:|")
    start = time.perf_counter()
    cpu_start = time.process_time()
    changes = rewrite(generate(count, seed), RULES, conf=CONF)
    for done, change in enumerate(changes, 1):
        statuses[change.status] += 1
        if done == marks[0]:
            elapsed = time.perf_counter() - start
            cpu = time.process_time() - cpu_start
            print(
                f"| {done:,} | {elapsed:.1f} | {done / elapsed:,.0f} | {cpu:.1f} "
                f"| {done / cpu:,.0f} | {_peak_rss_mib():.1f} |"
            )
            marks.pop(0)
    print("statuses:", dict(sorted(statuses.items())))
    print(f"load average after: {os.getloadavg()[0]:.2f}")


# --- the comparison -------------------------------------------------------------------

REFERENCE_DRIVERS = {
    "file": "glance_store._drivers.filesystem",
    "http": "glance_store._drivers.http",
    "rbd": "glance_store._drivers.rbd",
    "cinder": "glance_store._drivers.cinder.store",
    "swift": "glance_store._drivers.swift.store",
    "s3": "glance_store._drivers.s3",
}
SCHEME_STORES = {
    "file": "file",
    "http": "http",
    "https": "http",
    "rbd": "rbd",
    "cinder": "cinder",
    "swift": "swift",
    "swift+https": "swift",
    "s3+https": "s3",
}


def _load_reference() -> dict[str, Callable[[str], str]] | None:
    """glance_store's parse + render per scheme, or ``None`` without glance_store."""
    # The cinder driver imports os_brick at import time; parsing never uses it.
    brick = types.ModuleType("os_brick")
    initiator = types.ModuleType("os_brick.initiator")
    connector = types.ModuleType("os_brick.initiator.connector")
    brick.initiator = initiator  # type: ignore[attr-defined]  # a stand-in module
    initiator.connector = connector  # type: ignore[attr-defined]  # a stand-in module
    for module in (brick, initiator, connector):
        sys.modules.setdefault(module.__name__, module)
    try:
        classes = {
            store: importlib.import_module(name).StoreLocation
            for store, name in REFERENCE_DRIVERS.items()
        }
    except ImportError:
        return None

    def parse_render(cls: type[object]) -> Callable[[str], str]:
        def run(uri: str) -> str:
            loc = cls({}, None)  # type: ignore[call-arg]  # glance_store's signature
            loc.parse_uri(uri)  # type: ignore[attr-defined]  # untyped glance_store
            result: str = loc.get_uri()  # type: ignore[attr-defined]  # untyped glance_store
            return result

        return run

    return {scheme: parse_render(classes[store]) for scheme, store in SCHEME_STORES.items()}


def _timed(loop: Callable[[], None], count: int) -> float:
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter_ns()
        loop()
        return (time.perf_counter_ns() - start) / count
    finally:
        gc.enable()


def compare(count: int, seed: int, rounds: int) -> None:
    """Time rewriting against parse + render on the same ``count`` rows."""
    reference = _load_reference()
    rows = list(generate(count, seed))
    if reference is not None:
        # Only the rows glance_store parses (no swift+config without its configuration).
        kept = []
        for row in rows:
            parse = reference.get(row[1].partition("://")[0])
            try:
                if parse is not None:
                    parse(row[1])
                    kept.append(row)
            except Exception:  # noqa: S112 (any refusal of glance_store's: skip)
                continue
        rows = kept
    uris = [uri for _, uri in rows]

    def ours_rewrite() -> None:
        collections.deque(rewrite(rows, RULES, conf=CONF), maxlen=0)

    def ours_parse_render() -> None:
        for uri in uris:
            try:
                get_location_from_uri(uri, CONF).get_store_uri()
            except ValueError:
                continue

    contenders: dict[str, Callable[[], None]] = {
        "rewrite (5 rules)": ours_rewrite,
        "glance_locations parse + render": ours_parse_render,
    }
    if reference is not None:
        pairs = [(reference[uri.partition("://")[0]], uri) for uri in uris]

        def theirs_parse_render() -> None:
            for parse, uri in pairs:
                parse(uri)

        contenders["glance_store parse + render"] = theirs_parse_render
    times: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for round_number in range(rounds):
        for name in names[round_number % len(names) :] + names[: round_number % len(names)]:
            times[name].append(_timed(contenders[name], len(rows)))
    base = statistics.median(times["rewrite (5 rules)"])
    print(f"\n{len(rows):,} rows, {rounds} rounds, median ns per row:")
    print("| contender | ns/row | rewrite / this |")
    print("|---|---:|---:|")
    for name in names:
        median = statistics.median(times[name])
        print(f"| {name} | {median:,.0f} | {base / median:.2f} |")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").partition("\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000, help="rows to rewrite")
    parser.add_argument("--seed", type=int, default=15, help="seed of the generated rows")
    parser.add_argument(
        "--checkpoint",
        type=int,
        action="append",
        help="report after this many rows (repeatable; default 100000 and --count)",
    )
    parser.add_argument(
        "--compare", type=int, default=0, metavar="N", help="then compare on N rows"
    )
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the comparison")
    args = parser.parse_args(argv)
    stream(args.count, args.seed, args.checkpoint or [100_000, args.count])
    if args.compare:
        compare(args.compare, args.seed, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
