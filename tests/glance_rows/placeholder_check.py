"""Glance 33.0.0's own placeholder rows are recognised: run by ``nox -s glance_schema``
(Glance installed). The file name is not ``test_*.py``: plain runs, without Glance, leave
it out; without Glance it fails, it does not skip."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path
from typing import cast

from glance_locations.backends import LocationRow, is_placeholder, placeholder_parts, row_findings

ROOT = Path(__file__).resolve().parents[2]
IMAGE = "3a1f0c52-8a8e-4e4b-9c39-0d6a4b7e2f10"
NOW = datetime.datetime(2026, 12, 7, 12, 0, 0)


def _glance_rows(*stores: str) -> list[dict[str, object]]:
    done = subprocess.run(  # noqa: S603 (our interpreter, our script)
        [sys.executable, "-m", "tests.glance_rows.placeholders", IMAGE, *stores],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    rows: list[dict[str, object]] = json.loads(done.stdout)
    return rows


def test_glance_placeholder_rows_are_placeholders() -> None:
    rows = _glance_rows("ceph_b", "images2")
    assert [row["status"] for row in rows] == ["pending", "pending"]
    for row, store in zip(rows, ("ceph_b", "images2"), strict=True):
        url, raw = row["url"], row["metadata"]
        assert isinstance(url, str)
        assert isinstance(raw, dict)
        meta = cast("dict[str, object]", raw)
        assert placeholder_parts(url, IMAGE) == (IMAGE, store)
        assert is_placeholder(url, meta, image_id=IMAGE)
        live = LocationRow(
            url=url,
            metadata=meta,
            status="pending",
            deleted=False,
            image_id=IMAGE,
            image_status="importing",
            image_deleted=False,
            changed_at=NOW,
        )
        assert row_findings(live, now=NOW, stale_after=datetime.timedelta(hours=24)) == (
            "placeholder",
        )
