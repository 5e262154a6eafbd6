"""benchmarks/rules_floor.py runs against glance_store and prints every store's row.

No timing is asserted (the script is a benchmark), only that each row is there and its
figures are numbers, so that the floor quoted in the README can be measured again.
"""

from __future__ import annotations

import re

from tests.helpers import BENCHMARKS, run_script

ROW = re.compile(
    r"^\| (\w+) \| (\d+\.\d\d) \| (\d+\.\d\d) \| (\d+\.\d\d) \| (\d+\.\d\d) \| (\d+\.\d\d) \|$"
)


def test_rules_floor_prints_a_row_per_store_and_the_mix() -> None:
    stdout = run_script(BENCHMARKS / "rules_floor.py", "--count", "400", "--rounds", "2")
    parse, _, specs = stdout.partition("specs + render")
    parse_rows = {m[1] for line in parse.splitlines() if (m := ROW.match(line))}
    specs_rows = {m[1] for line in specs.splitlines() if (m := ROW.match(line))}
    assert parse_rows == {"rbd", "swift", "file", "http", "s3", "cinder", "vmware", "mixed"}
    assert specs_rows >= {"rbd", "swift", "file", "s3", "cinder", "mixed"}
