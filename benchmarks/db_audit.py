"""Time ``glance-locations db audit`` on a generated Glance database (SQLite).

    python benchmarks/db_audit.py [--rows N ...] [--keep DIR]

For each size, builds a SQLite file with Glance's ``images`` and ``image_locations``
tables (``glance_locations.db._schema``) holding N locations, one image each, in the
store mix of benchmarks/bench.py (35 % rbd, 25 % swift, 18 % file, 13 % http, 4 % s3,
3 % cinder, 2 % vsphere; a ``meta_data.store`` backend on most; one row in a thousand
invalid, one in a hundred a duplicate of another). Then it runs, each under
``/usr/bin/time -v`` in a fresh interpreter:

- the audit: ``python -m glance_locations db audit sqlite:///FILE --json``;
- the floor: the same rows read with the ``sqlite3`` module alone (the same SELECT,
  nothing done with them), so the ratio says what the audit adds to reading.

It prints wall time, CPU time (user + system) and peak RSS of both, and the ratio of
wall times, per size; the results also go to benchmarks/results/db_audit.json, with the
load average (on a shared machine, the CPU time is the steadier number). Needs the db
extra (SQLAlchemy).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from glance_locations.db._schema import metadata  # noqa: E402 (after the path above)

RESULTS = ROOT / "benchmarks" / "results" / "db_audit.json"
CREATED = "2024-05-01 12:00:00.000000"
FLOOR = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
rows = connection.execute(
    "SELECT id, image_id, value, meta_data FROM image_locations WHERE NOT deleted AND"
    " image_id NOT IN (SELECT id FROM images WHERE deleted) ORDER BY id"
)
count = sum(1 for _ in rows)
print(count)
"""


#: The indexes Glance 33 gives the two tables (glance/db/sqlalchemy/models.py, ``Image``
#: and ``ImageLocation``: ``__table_args__``), which change how SQLite plans a query.
GLANCE_INDEXES = (
    "CREATE INDEX ix_image_locations_image_id ON image_locations (image_id)",
    "CREATE INDEX ix_image_locations_deleted ON image_locations (deleted)",
    "CREATE INDEX ix_images_deleted ON images (deleted)",
    "CREATE INDEX checksum_image_idx ON images (checksum)",
    "CREATE INDEX visibility_image_idx ON images (visibility)",
    "CREATE INDEX owner_image_idx ON images (owner)",
    "CREATE INDEX created_at_image_idx ON images (created_at)",
    "CREATE INDEX updated_at_image_idx ON images (updated_at)",
    "CREATE INDEX os_hidden_image_idx ON images (os_hidden)",
    "CREATE INDEX os_hash_value_image_idx ON images (os_hash_value)",
)


def _uri(rng: random.Random, n: int) -> tuple[str, str | None]:
    """A location URI and its backend for row ``n``."""
    roll = rng.random()
    uid = uuid.UUID(int=rng.getrandbits(128), version=4)
    if roll < 0.35:
        return f"rbd://fsid-{n % 3}/images/{uid}/snap", "ceph"
    if roll < 0.60:
        host = f"keystone{n % 5}.example.com"
        return f"swift+https://acct%3Auser:key-{n % 7}@{host}/v3/glance/{uid}", "swift"
    if roll < 0.78:
        return f"file:///var/lib/glance/images/{uid}", "file"
    if roll < 0.91:
        return f"https://images{n % 11}.example.com/pub/{uid}.qcow2", None
    if roll < 0.95:
        return f"s3+https://ak:sk-{n % 3}@s3.example.com/bucket/{uid}", "s3"
    if roll < 0.98:
        return f"cinder://{uid}", "cinder"
    return (
        f"vsphere://vc{n % 3}.example.com/folder/openstack_glance/{uid}?dcPath=dc1&dsName=ds1"
    ), "vmware"


def build(
    path: Path,
    rows: int,
    seed: int = 16,
    uri: Callable[[random.Random, int], tuple[str, str | None]] = _uri,
) -> None:
    """A SQLite Glance database of ``rows`` locations, one image each, made by ``uri``,
    with Glance's indexes."""
    engine = sa.create_engine(f"sqlite:///{path}")
    metadata.create_all(engine)
    engine.dispose()
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    connection = sqlite3.connect(path)
    batch_images: list[tuple[str, str]] = []
    batch_locations: list[tuple[str, str, str, str]] = []
    previous = ""
    for n in range(rows):
        image = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        value, backend = uri(rng, n)
        if n % 1000 == 999:
            value = "rbd://fsid/images//snap"  # invalid: an empty image name
        elif n % 100 == 50 and previous:
            value = previous  # a second image with the same location
        previous = value
        meta = json.dumps({"store": backend}) if backend else "{}"
        batch_images.append((image, CREATED))
        batch_locations.append((image, value, CREATED, meta))
        if len(batch_images) == 50_000 or n == rows - 1:
            connection.executemany(
                "INSERT INTO images (id, status, created_at, deleted, min_disk, min_ram,"
                " protected, visibility, os_hidden) VALUES (?, 'active', ?, 0, 0, 0, 0,"
                " 'public', 0)",
                batch_images,
            )
            connection.executemany(
                "INSERT INTO image_locations (image_id, value, created_at, deleted, meta_data,"
                " status) VALUES (?, ?, ?, 0, ?, 'active')",
                batch_locations,
            )
            connection.commit()
            batch_images.clear()
            batch_locations.clear()
    for statement in GLANCE_INDEXES:
        connection.execute(statement)
    connection.commit()
    connection.close()


def timed(command: list[str]) -> dict[str, float]:
    """Wall time (s) and peak RSS (MB) of ``command``, from /usr/bin/time -v."""
    done = subprocess.run(  # noqa: S603 (our interpreter and script)
        ["/usr/bin/time", "-v", *command],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    if done.returncode not in (0, 1):  # 1: the audit found the invalid rows it holds
        raise SystemExit(f"{command[:4]} failed ({done.returncode}): {done.stderr[-2000:]}")
    wall = re.search(
        r"Elapsed \(wall clock\) time .*: (?:(\d+):)?(\d+):(\d+(?:\.\d+)?)", done.stderr
    )
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    user = re.search(r"User time \(seconds\): ([\d.]+)", done.stderr)
    system = re.search(r"System time \(seconds\): ([\d.]+)", done.stderr)
    if wall is None or rss is None or user is None or system is None:
        raise SystemExit(f"unexpected /usr/bin/time output: {done.stderr[-2000:]}")
    hours, minutes, seconds = wall.groups()
    total = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    cpu = float(user.group(1)) + float(system.group(1))
    return {"wall_s": total, "cpu_s": cpu, "peak_rss_mb": int(rss.group(1)) / 1024}


def breakdown(path: Path) -> dict[str, float]:
    """Where an audit's time goes, in this process: µs per row for each step."""
    import hashlib  # noqa: PLC0415 (only for --breakdown)
    import time  # noqa: PLC0415 (only for --breakdown)

    from glance_locations._lex import scheme_of  # noqa: PLC0415
    from glance_locations.db._rows import audit_rows  # noqa: PLC0415 (after sys.path)
    from glance_locations.exceptions import GlanceStoreException  # noqa: PLC0415
    from glance_locations.registry import default_registry  # noqa: PLC0415
    from glance_locations.rewrite import identity  # noqa: PLC0415

    url = f"sqlite:///{path}"
    start = time.perf_counter()
    values = [row[2] for row in audit_rows(url, include_deleted=False)]
    steps = {"read (streamed; SQLite: the sqlite3 cursor)": time.perf_counter() - start}
    classes = {scheme: info.location_class for scheme, info in default_registry.schemes.items()}
    by_store: dict[str, list[str]] = {}
    for value in values:
        by_store.setdefault(scheme_of(value), []).append(value)
    locations = []
    for scheme, group in sorted(by_store.items()):
        cls = classes[scheme]
        start = time.perf_counter()
        for value in group:
            with contextlib.suppress(GlanceStoreException):  # the invalid rows
                locations.append(cls.from_uri(value))
        steps[f"parse {scheme} ({len(group) / len(values):.0%} of rows)"] = (
            time.perf_counter() - start
        )
    start = time.perf_counter()
    for location in locations:
        hashlib.blake2b(repr(identity(location)).encode(), digest_size=16).digest()
    steps["identity + digest"] = time.perf_counter() - start
    rows = len(values)
    return {step: seconds / rows * 1e6 for step, seconds in steps.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description="Time glance-locations db audit on SQLite.")
    parser.add_argument("--rows", type=int, action="append", help="default: 100000 and 1000000")
    parser.add_argument("--keep", type=Path, help="build the databases in DIR and keep them")
    parser.add_argument(
        "--breakdown", action="store_true", help="also time each step in this process"
    )
    args = parser.parse_args()
    sizes = args.rows or [100_000, 1_000_000]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="glance-locations-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    print(f"load average before: {os.getloadavg()[0]:.2f} (over {os.cpu_count()} cores)")
    print(
        f"{'rows':>9}  {'audit wall':>10}  {'cpu':>7}  {'RSS':>6}  "
        f"{'floor wall':>10}  {'cpu':>7}  {'RSS':>6}  ratio"
    )
    for rows in sizes:
        path = folder / f"glance-{rows}.db"
        if not path.exists():
            build(path, rows)
        audit = timed(
            [
                sys.executable,
                "-m",
                "glance_locations",
                "db",
                "audit",
                f"sqlite:///{path}",
                "--json",
            ]
        )
        floor = timed([sys.executable, "-c", FLOOR, str(path)])
        ratio = audit["wall_s"] / floor["wall_s"]
        results.append({"rows": rows, "audit": audit, "floor": floor, "ratio": ratio})
        print(
            f"{rows:>9}  {audit['wall_s']:>9.2f}s  {audit['cpu_s']:>6.2f}s  "
            f"{audit['peak_rss_mb']:>4.0f}MB  {floor['wall_s']:>9.2f}s  {floor['cpu_s']:>6.2f}s  "
            f"{floor['peak_rss_mb']:>4.0f}MB  {ratio:.1f}"
        )
        if args.breakdown:
            steps = breakdown(path)
            results[-1]["breakdown_us_per_row"] = steps
            for step, micros in steps.items():
                print(f"{'':>9}  {micros:6.2f} µs/row  {step}")
        if args.keep is None:
            path.unlink()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps({"python": sys.version.split()[0], "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()
