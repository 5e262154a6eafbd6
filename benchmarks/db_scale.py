"""The database commands at scale, each against a floor of the same work (issue 29).

    python benchmarks/db_scale.py [--rows N] [--keep DIR] [--skip-rewrite]

Builds (benchmarks/db_audit.py's ``build``: Glance's tables and indexes, the store mix of
benchmarks/bench.py) a SQLite database of N rows and one of 10 x N, and runs on each,
every command in a fresh interpreter under ``/usr/bin/time -v`` (wall, CPU, peak RSS):

- ``db audit --json`` with ``--jobs 1`` and ``--jobs 2``;
- floor *read + parse*: the same rows read with the ``sqlite3`` module, each value
  parsed with ``get_location_from_uri``: ours, and glance_store's when this interpreter
  can import it (``/work/benchvenv/bin/python benchmarks/db_scale.py``: glance-store
  5.7.0 and SQLAlchemy installed beside this project's own dependencies);
- ``db rewrite`` (the plan alone, then ``--apply --journal``) of every rbd row to new
  fsids, on a copy of the database;
- floor *rewrite*: the same rows read with ``sqlite3``, the new values made by plain
  string replacement, a JSON-lines journal written and synced, and one ``executemany``
  UPDATE (guarded by the old value) in one transaction.

It prints the ratios the issue sets (audit / read+parse, apply / rewrite floor, jobs 1 /
jobs 2) and the memory growth from N to 10 x N rows (bytes a row for the audit, MiB for
the plan); results go to benchmarks/results/db_scale.json with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from db_audit import build, timed  # noqa: E402 (after the path above)

RESULTS = ROOT / "benchmarks" / "results" / "db_scale.json"
SELECT = (
    "SELECT id, image_id, value, meta_data FROM image_locations WHERE deleted = 0 AND"
    " image_id NOT IN (SELECT id FROM images WHERE deleted = 1) ORDER BY id"
)
FSIDS = {
    "fsid-0": "6f3e9a1c-0d2b-4c5e-8f7a-1b2c3d4e5f60",
    "fsid-1": "6f3e9a1c-0d2b-4c5e-8f7a-1b2c3d4e5f61",
    "fsid-2": "6f3e9a1c-0d2b-4c5e-8f7a-1b2c3d4e5f62",
}

FLOOR_PARSE_OURS = f"""
import sqlite3, sys
from glance_locations import get_location_from_uri
from glance_locations.exceptions import GlanceStoreException
connection = sqlite3.connect(sys.argv[1])
for row in connection.execute({SELECT!r}):
    try:
        get_location_from_uri(row[2])
    except GlanceStoreException:
        pass
"""

FLOOR_PARSE_GLANCE_STORE = f"""
import sqlite3, sys
sys.path.insert(0, {str(ROOT / "benchmarks")!r})
from bench import load_reference
load_reference()
from glance_store import exceptions
from glance_store.location import get_location_from_uri
connection = sqlite3.connect(sys.argv[1])
for row in connection.execute({SELECT!r}):
    try:
        get_location_from_uri(row[2])
    except (exceptions.GlanceStoreException, ValueError):
        pass
"""

FLOOR_REWRITE = f"""
import json, os, sqlite3, sys
fsids = {FSIDS!r}
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
changes = []
with open(sys.argv[2], "x") as journal:
    for row_id, _, value, _ in connection.execute({SELECT!r}).fetchall():
        new = value
        for old, fresh in fsids.items():
            new = new.replace("rbd://" + old + "/", "rbd://" + fresh + "/")
        if new != value:
            journal.write(json.dumps({{"id": row_id, "old": value, "new": new}}) + "\\n")
            changes.append((new, row_id, value))
    journal.flush()
    os.fsync(journal.fileno())
connection.executemany(
    "UPDATE image_locations SET value = ?, updated_at = CURRENT_TIMESTAMP"
    " WHERE id = ? AND value = ?",
    changes,
)
connection.execute("COMMIT")
print(len(changes))
"""  # noqa: S608 (the floor's script: fixed SQL, no input in it)


def _glance_store_importable() -> bool:
    try:
        import glance_store  # noqa: F401, PLC0415  # pyright: ignore[reportMissingImports, reportUnusedImport]
    except ImportError:
        return False
    return True


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "glance_locations", "db", *args, "--no-progress"]


def measure(path: Path, work: Path, *, rewrite: bool) -> dict[str, dict[str, float]]:
    url = f"sqlite:///{path}"
    runs = {
        "audit --jobs 1": timed(_command("audit", url, "--json", "--jobs", "1")),
        "audit --jobs 2": timed(_command("audit", url, "--json", "--jobs", "2")),
        "floor: read + parse (ours)": timed([sys.executable, "-c", FLOOR_PARSE_OURS, str(path)]),
    }
    if _glance_store_importable():
        runs["floor: read + parse (glance_store)"] = timed(
            [sys.executable, "-c", FLOOR_PARSE_GLANCE_STORE, str(path)]
        )
    if not rewrite:
        return runs
    rules = [flag for old, new in FSIDS.items() for flag in ("--rbd-fsid", f"{old}={new}")]
    runs["rewrite (plan)"] = timed(_command("rewrite", url, *rules, "--json"))
    for name, command in (
        ("rewrite --apply", lambda copy, journal: _command(
            "rewrite", f"sqlite:///{copy}", *rules, "--json", "--apply", "--journal", journal
        )),
        ("floor: rewrite", lambda copy, journal: [
            sys.executable, "-c", FLOOR_REWRITE, str(copy), journal
        ]),
    ):  # fmt: skip
        copy = work / "copy.db"
        shutil.copyfile(path, copy)
        journal = work / "journal.jsonl"
        journal.unlink(missing_ok=True)
        runs[name] = timed(command(copy, str(journal)))
        copy.unlink()
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="N (default 100000)")
    parser.add_argument("--keep", type=Path, help="build the databases in DIR and keep them")
    parser.add_argument("--skip-rewrite", action="store_true", help="time the audit only")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="glance-locations-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"load average before: {os.getloadavg()[0]:.2f} (over {os.cpu_count()} cores)")
    results: dict[int, dict[str, dict[str, float]]] = {}
    for rows in (args.rows, 10 * args.rows):
        path = folder / f"glance-{rows}.db"
        if not path.exists():
            build(path, rows)
        results[rows] = runs = measure(path, folder, rewrite=not args.skip_rewrite)
        print(f"\n{rows:,} rows")
        for name, run in runs.items():
            print(
                f"  {name:<36} {run['wall_s']:8.2f} s wall {run['cpu_s']:8.2f} s CPU "
                f"{run['peak_rss_mb']:7.0f} MB"
            )
        ratios = _ratios(runs)
        for name, ratio in ratios.items():
            print(f"  {name:<36} {ratio:8.2f}")
        runs["ratios"] = ratios
        if args.keep is None:
            path.unlink()
    small, large = results[args.rows], results[10 * args.rows]
    growth = {
        "audit bytes a row": (
            (large["audit --jobs 1"]["peak_rss_mb"] - small["audit --jobs 1"]["peak_rss_mb"])
            * 2**20
            / (9 * args.rows)
        ),
    }
    if "rewrite (plan)" in large:
        growth["plan MiB"] = (
            large["rewrite (plan)"]["peak_rss_mb"] - small["rewrite (plan)"]["peak_rss_mb"]
        )
    print(f"\nmemory growth from {args.rows:,} to {10 * args.rows:,} rows:")
    for name, value in growth.items():
        print(f"  {name:<36} {value:8.1f}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "python": sys.version.split()[0],
                "load_average": os.getloadavg()[0],
                "results": {str(rows): runs for rows, runs in results.items()},
                "memory_growth": growth,
            },
            indent=2,
        )
    )


def _ratios(runs: dict[str, dict[str, float]]) -> dict[str, float]:
    """Wall-time ratios: each command to its floor, and --jobs 1 to --jobs 2."""
    wall = {name: run["wall_s"] for name, run in runs.items()}
    ratios = {
        "audit / read+parse (ours)": wall["audit --jobs 1"] / wall["floor: read + parse (ours)"],
        "speed-up of --jobs 2": wall["audit --jobs 1"] / wall["audit --jobs 2"],
    }
    if "floor: read + parse (glance_store)" in wall:
        ratios["audit / read+parse (glance_store)"] = (
            wall["audit --jobs 1"] / wall["floor: read + parse (glance_store)"]
        )
    if "rewrite --apply" in wall:
        ratios["apply / rewrite floor"] = wall["rewrite --apply"] / wall["floor: rewrite"]
    return ratios


if __name__ == "__main__":
    main()
