"""Smoke test of benchmarks/rewrite_bench.py on a few rows: it runs and reports.

No timing is asserted (a wall-clock threshold fails on a busy machine, not on a bug),
only what the run reports: every checkpoint, and one status per row.
"""

from __future__ import annotations

import ast
import re

from tests.helpers import BENCHMARKS, run_script

BENCH = BENCHMARKS / "rewrite_bench.py"


def test_rewrite_bench_runs_on_a_few_rows() -> None:
    args = ["--count", "3000", "--checkpoint", "1000", "--compare", "400", "--rounds", "1"]
    stdout = run_script(BENCH, *args)
    number = r" [\d.,]+ \|"
    rows = re.findall(rf"^\| ([\d,]+) \|{number * 5}$", stdout, re.M)
    assert rows == ["1,000", "3,000"]
    line = next(x for x in stdout.splitlines() if x.startswith("statuses: "))
    statuses = ast.literal_eval(line.removeprefix("statuses: "))
    assert sum(statuses.values()) == 3000
    assert set(statuses) == {"changed", "unchanged", "invalid", "refused"}
    for contender in ("rewrite (5 rules)", "glance_locations parse + render"):
        assert f"| {contender} | " in stdout
