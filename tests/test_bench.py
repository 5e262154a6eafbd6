"""Smoke test of benchmarks/bench.py on a tiny corpus: it runs and writes its results.

No timing is asserted (timings belong to ``nox -s bench``), only what the run reports.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench.py"

ROWS = [
    "parse + render, store class",
    "parse + render, registry",
    "specs + render",
    "parse + render vs bare yarl",
    "retained memory, 150 locations",
    "import get_location_from_uri",
    "import get_location_from_uri and parse a first URI",
    "import every public name of glance_locations",
]


def test_bench_runs_on_a_tiny_corpus(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    args = ["--count", "300", "--rounds", "1", "--memory-count", "150", "--import-runs", "1"]
    args += ["--scale-variants", "2", "--no-reference", "--output", str(output)]
    done = subprocess.run(  # noqa: S603 (our interpreter, our script)
        [sys.executable, str(BENCH), *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "| measure | ours | reference | ratio | target | met |" in done.stdout
    results = json.loads(output.read_text(encoding="utf-8"))

    corpus = results["corpus"]
    assert corpus["count"] == 300
    assert sum(corpus["stores"].values()) == 300
    assert all(corpus["stores"].values())  # every store is in the mix
    # Every corpus URI is canonical: it renders back as itself.
    assert set(corpus["disagree"].values()) == {0}

    rows = {row["name"]: row for row in results["rows"]}
    assert [name for name in rows if not name.startswith("10x")] == ROWS
    assert all(len(row["ours"]) == 1 for row in rows.values())
    # Without glance_store only yarl and the scaling rows have something to compare to.
    compared = {name for name, row in rows.items() if row["ratio"] is not None}
    assert compared == {"parse + render vs bare yarl"} | {n for n in rows if n.startswith("10x")}
    (scaling,) = (row for name, row in rows.items() if name.startswith("10x"))
    assert len(scaling["shapes"]) == 8
    assert set(results["parse_render_by_store"]) == set(corpus["stores"])
