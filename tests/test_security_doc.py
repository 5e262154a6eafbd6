"""docs/security.md shows the policy's table of special-purpose blocks as it is."""

from __future__ import annotations

import re
from pathlib import Path

from glance_locations import policy

DOC = Path(__file__).resolve().parents[1] / "docs" / "security.md"


def _documented_blocks() -> dict[str, str]:
    """``{block: answer}`` from the table of docs/security.md ("" when judged otherwise)."""
    text = DOC.read_text(encoding="utf-8")
    table = text.split("### Private addresses: the project's table", 1)[1]
    blocks: dict[str, str] = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        for block in re.findall(r"`([^`]+)`", cells[0]):
            blocks[block] = cells[2]
    return blocks


def test_the_documented_table_is_the_policy_table() -> None:
    documented = _documented_blocks()
    answers = {"refused": False, "allowed": True}
    table = {
        str(block.network): block.reachable
        # The private table is what the doc shows.
        for block in policy._SPECIAL_BLOCKS  # pyright: ignore[reportPrivateUsage]
    }
    assert set(documented) == set(table)
    for block, answer in documented.items():
        if answer:
            assert answers[answer] == table[block], block
