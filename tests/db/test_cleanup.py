"""``db rewrite --delete-stale-placeholders`` and its undo: the edges the recipe does not
walk (a young placeholder, a row changed before the undo, a journal's state)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import sqlalchemy as sa

from glance_locations.db._schema import locations
from tests.db.conftest import GlanceDb
from tests.db.test_commands import db

NOW = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)


def _placeholder(sqlite_db: GlanceDb, image_id: str, *, age: datetime.timedelta) -> int:
    sqlite_db.add_image(image_id, status="importing")
    row_id = sqlite_db.add(
        f"pending://parallel-import/{image_id}/fast",
        image_id=image_id,
        meta={"store": "fast", "os_glance_parallel_import": "pending"},
        status="uploading",
    )
    with sqlite_db.engine.begin() as connection:
        connection.execute(
            sa.update(locations).where(locations.c.id == row_id).values(updated_at=NOW - age)
        )
    return row_id


def test_a_young_placeholder_is_left_until_stale_after(
    sqlite_db: GlanceDb, tmp_path: Path
) -> None:
    young = _placeholder(sqlite_db, "img-young", age=datetime.timedelta(hours=2))
    old = _placeholder(sqlite_db, "img-old", age=datetime.timedelta(days=3))
    plan = db("rewrite", sqlite_db.url, "--delete-stale-placeholders", "--json")
    assert plan.status == 0
    assert [line["id"] for line in plan.json_lines[:-1]] == [old]
    assert plan.json_lines[0]["marks_deleted"] is True
    assert plan.summary == {
        "rows": 2, "changed": 1, "unchanged": 1, "invalid": 0, "refused": 0, "skipped": 0,
        "written": 0, "journal": None,
    }  # fmt: skip
    journal = tmp_path / "journal.jsonl"
    applied = db("rewrite", sqlite_db.url, "--delete-stale-placeholders", "--stale-after", "1",
                 "--apply", "--journal", str(journal))  # fmt: skip
    assert "2 rows written" in applied.stdout
    assert {sqlite_db.row(r).status for r in (young, old)} == {"deleted"}
    line = json.loads(journal.read_text().splitlines()[0])
    assert line["old"]["state"] == {"status": "uploading", "deleted": False, "deleted_at": None}
    assert line["new"]["state"]["status"] == "deleted"
    assert line["new"]["state"]["deleted"] is True


def test_undo_leaves_a_row_whose_status_changed(sqlite_db: GlanceDb, tmp_path: Path) -> None:
    first = _placeholder(sqlite_db, "img-1", age=datetime.timedelta(days=3))
    second = _placeholder(sqlite_db, "img-2", age=datetime.timedelta(days=3))
    journal = tmp_path / "journal.jsonl"
    db("rewrite", sqlite_db.url, "--delete-stale-placeholders", "--apply", "--journal",
       str(journal))  # fmt: skip
    with sqlite_db.engine.begin() as connection:  # the scrubber's status, set since
        connection.execute(
            sa.update(locations).where(locations.c.id == second).values(status="pending_delete")
        )
    undone = db("undo", sqlite_db.url, "--journal", str(journal))
    assert undone.status == 1
    assert f"row {second}: left alone: its status changed" in undone.stdout
    assert (bool(sqlite_db.row(first).deleted), sqlite_db.row(first).status) == (
        False,
        "uploading",
    )
    assert bool(sqlite_db.row(second).deleted)


def test_a_journal_with_half_a_state_is_refused(sqlite_db: GlanceDb, tmp_path: Path) -> None:
    row_id = _placeholder(sqlite_db, "img-1", age=datetime.timedelta(days=3))
    journal = tmp_path / "journal.jsonl"
    db("rewrite", sqlite_db.url, "--delete-stale-placeholders", "--apply", "--journal",
       str(journal))  # fmt: skip
    line = json.loads(journal.read_text())
    del line["new"]["state"]
    broken = tmp_path / "broken.jsonl"
    broken.write_text(json.dumps(line) + "\n")
    result = db("undo", sqlite_db.url, "--journal", str(broken))
    assert result.status == 2
    assert "'state' in one of 'old' and 'new' only" in result.stderr
    assert bool(sqlite_db.row(row_id).deleted)


def test_no_other_rule_with_delete_stale_placeholders(sqlite_db: GlanceDb) -> None:
    _placeholder(sqlite_db, "img-1", age=datetime.timedelta(days=3))
    result = db("rewrite", sqlite_db.url, "--delete-stale-placeholders", "--host", "a=b")
    assert result.status == 2
    assert "--delete-stale-placeholders takes no other rule" in result.stderr


def test_other_rules_leave_placeholders_alone(sqlite_db: GlanceDb, tmp_path: Path) -> None:
    """A placeholder is no location: a rewrite neither counts it invalid nor changes it."""
    row_id = _placeholder(sqlite_db, "img-1", age=datetime.timedelta(days=3))
    before = sqlite_db.row(row_id)
    http = sqlite_db.add("https://old.example.com/img-2")
    result = db("rewrite", sqlite_db.url, "--host", "old.example.com=new.example.com", "--json",
                "--apply", "--journal", str(tmp_path / "journal.jsonl"))  # fmt: skip
    assert result.status == 0, result.stdout
    assert [line["id"] for line in result.json_lines[:-1]] == [http]
    assert result.summary["invalid"] == 0  # type: ignore[index]
    assert result.summary["unchanged"] == 1  # type: ignore[index]
    assert sqlite_db.row(row_id) == before
