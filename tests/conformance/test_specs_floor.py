"""benchmarks/specs_floor.py runs against glance_store and prints every store's row.

No timing is asserted (the script is a benchmark), only that each row is there and its
ratios are figures, so that the floor quoted in the README can be measured again.
"""

from __future__ import annotations

import re

from tests.helpers import BENCHMARKS, run_script

ROW = re.compile(r"^\| (\w+) \| ?(\d*) ?\|.* \| (\d+\.\d\d) \| (\d+\.\d\d) \|$")


def test_specs_floor_prints_a_row_per_store_and_the_mix() -> None:
    stdout = run_script(BENCHMARKS / "specs_floor.py", "--count", "400", "--rounds", "2")
    rows = {m[1]: m for line in stdout.splitlines() if (m := ROW.match(line))}
    assert set(rows) == {"rbd", "swift", "file", "s3", "cinder", "mixed"}
    assert rows["swift"][2] == "14"  # the fields of a swift location
    assert all(float(row[3]) > 0 and float(row[4]) > 0 for row in rows.values())
