"""Smoke test of benchmarks/bench.py on a tiny corpus: it runs and writes its results.

No timing is asserted (timings belong to ``nox -s bench``), only what the run reports.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from tests.helpers import BENCHMARKS, run_script

BENCH = BENCHMARKS / "bench.py"

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
    stdout = run_script(BENCH, *args)
    assert "| measure | ours | reference | ratio | target | met |" in stdout
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


def _bench_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_bench_under_test", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_ratio_is_the_median_of_each_rounds_own_ratio() -> None:
    bench = _bench_module()
    # Round 2 ran while the machine was slow for glance_store, round 3 for us: the
    # medians of the lists alone would say 1.0; each round says ours took twice as long.
    ours, theirs = [2.0, 3.0, 30.0], [1.0, 30.0, 3.0]
    assert bench.paired_ratio(ours, theirs) == 2.0
    # Lists of different lengths (not measured in the same rounds): medians' ratio.
    assert bench.paired_ratio([2.0, 4.0, 6.0], [2.0, 2.0]) == 2.0
    row = bench.Row("r", "ns/URI", ours, theirs, "glance_store", 1.0)
    assert row.ratio == 2.0
    assert row.as_json()["met"] is False
