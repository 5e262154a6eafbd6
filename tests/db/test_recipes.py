"""The three recipes of docs/operations.md, run command by command as the page writes
them, on SQLite, PostgreSQL and MariaDB: each a dry run, an apply and an undo."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from tests.db.conftest import GlanceDb
from tests.db.test_assign_backends import FOREIGN, FSID, S3_SECRET, VOLUME, write_glance_config
from tests.db.test_commands import Result, db

DOC = Path(__file__).parents[2] / "docs" / "operations.md"
S3_KEYS = f"AKIAOLD:{S3_SECRET}@"


def recipe_commands(number: int) -> list[list[str]]:
    """The ``glance-locations`` commands of recipe ``number``, in the page's order."""
    text = DOC.read_text()
    start = text.index(f"## Recipe {number}:")
    end = text.find("## Recipe", start + 1)
    section = text[start : end if end != -1 else len(text)]
    commands: list[list[str]] = []
    in_block = False
    for line in section.splitlines():
        if line.startswith("```"):
            in_block = not in_block
        elif in_block and line.startswith("glance-locations db "):
            commands.append(shlex.split(line))
    return commands


def _run(command: list[str], glance_db: GlanceDb, conf: str, cwd: Path) -> Result:
    """A command of the page, with its database URL and glance-api.conf."""
    args = [
        glance_db.url if a == "$DB" else conf if a == "/etc/glance/glance-api.conf" else a
        for a in command[2:]
    ]
    return db(*args, cwd=cwd)


def _stores(glance_db: GlanceDb) -> dict[int, object]:
    return {int(str(row[0])): json.loads(str(row[7])).get("store") for row in glance_db.rows()}


def test_recipe_commands_are_dry_run_apply_undo() -> None:
    """Every recipe has an audit, a plan, an --apply with a journal and an undo."""
    for number in (1, 2, 3):
        commands = recipe_commands(number)
        kinds = [c[2] for c in commands]
        assert kinds.count("undo") == 1
        plan, apply = (c for c in commands if c[2] == "rewrite")
        assert "--apply" not in plan
        assert apply[: len(plan)] == plan
        assert apply[len(plan) :][:2] == ["--apply", "--journal"]
        undo = next(c for c in commands if c[2] == "undo")
        assert undo[-2:] == ["--journal", apply[len(plan) + 2]]


@pytest.fixture
def conf(tmp_path: Path) -> str:
    return write_glance_config(tmp_path)


def test_recipe_1_assigning_backends(glance_db: GlanceDb, conf: str, tmp_path: Path) -> None:
    rbd = glance_db.add(f"rbd://{FSID}/images/img-1/snap")
    # Glance's prefix guess: file:///var/lib/glance/images claims images2's rows
    guessed = glance_db.add("file:///var/lib/glance/images2/img-2", meta={"store": "images"})
    cinder = glance_db.add(f"cinder://ceph2/{VOLUME}")
    ambiguous = glance_db.add(f"cinder://{VOLUME}", meta={"store": "ceph"})
    foreign = glance_db.add(f"rbd://{FOREIGN}/images/img-3/snap")
    before = glance_db.rows()
    audit, plan, apply, check, undo = recipe_commands(1)

    found = _run(audit, glance_db, conf, tmp_path)
    assert found.status == 1
    assert f"row {rbd} (image " in found.stdout
    assert "backend-missing" in found.stdout
    assert "backend-mismatch (backend images)" in found.stdout

    planned = _run(plan, glance_db, conf, tmp_path)
    assert planned.status == 1  # the ambiguous and the unmatched row are refused
    assert "meta_data.store 'images' -> 'images2'" in planned.stdout
    assert "ambiguous: 'ceph', 'ceph2'" in planned.stdout
    assert "3 to change" in planned.stdout
    assert glance_db.rows() == before

    applied = _run(apply, glance_db, conf, tmp_path)
    assert "3 rows written" in applied.stdout
    stores = _stores(glance_db)
    assert (stores[rbd], stores[guessed], stores[cinder]) == ("fast", "images2", "ceph2")
    assert (stores[ambiguous], stores[foreign]) == ("ceph", None)  # refused: unchanged

    checked = _run(check, glance_db, conf, tmp_path)
    assert "backend-mismatch" not in checked.stdout
    missing = [line for line in checked.stdout.splitlines() if ": backend-missing" in line]
    assert [line.split(" ")[1] for line in missing] == [str(foreign)]  # refused: no backend

    assert _run(undo, glance_db, conf, tmp_path).status == 0
    assert glance_db.rows() == before


def test_recipe_2_credential_free_s3(glance_db: GlanceDb, conf: str, tmp_path: Path) -> None:
    stored = glance_db.add(
        f"s3+https://{S3_KEYS}s3.example.com/glance/a", meta={"store": "objects"}
    )
    unassigned = glance_db.add(f"s3+https://{S3_KEYS}s3.example.com/archive/b")
    backup = glance_db.add("s3+https://s3.example.com/glance/backup@2024-05-01")
    other = glance_db.add(f"rbd://{FSID}/images/img-1/snap", meta={"store": "fast"})
    before = glance_db.rows()
    audit, plan, apply, check, undo = recipe_commands(2)

    found = _run(audit, glance_db, conf, tmp_path)
    assert found.status == 1
    assert f"row {stored} " in found.stdout
    assert f"row {unassigned} " in found.stdout
    refused = [line for line in found.stdout.splitlines() if ": refused" in line]
    assert [line.split(" ")[1] for line in refused] == [str(stored), str(unassigned)]

    planned = _run(plan, glance_db, conf, tmp_path)
    assert planned.status == 0, planned.stdout
    assert "s3+https://s3.example.com/archive/b, meta_data.store (none) -> 'archive'" in (
        planned.stdout
    )
    assert glance_db.rows() == before

    applied = _run(apply, glance_db, conf, tmp_path)
    assert "3 rows written" in applied.stdout  # the backup row gets its store
    values = {int(str(r[0])): r[2] for r in glance_db.rows()}
    assert values[stored] == "s3+https://s3.example.com/glance/a"
    assert values[unassigned] == "s3+https://s3.example.com/archive/b"
    assert values[backup] == "s3+https://s3.example.com/glance/backup@2024-05-01"
    assert _stores(glance_db)[backup] == "objects"
    assert glance_db.row(other) == before[[r[0] for r in before].index(other)]

    assert _run(check, glance_db, conf, tmp_path).status == 0
    assert _run(undo, glance_db, conf, tmp_path).status == 0
    assert glance_db.rows() == before


def _placeholder(glance_db: GlanceDb, image_id: str, store: str) -> int:
    """A placeholder exactly as glance 33.0.0's parallel import writes it."""
    return glance_db.add(
        f"pending://parallel-import/{image_id}/{store}",
        image_id=image_id,
        meta={"store": store, "os_glance_parallel_import": "pending"},
        status="pending",
    )


def test_recipe_3_failed_imports(glance_db: GlanceDb, conf: str, tmp_path: Path) -> None:
    del conf  # the lifecycle needs no configuration
    glance_db.add_image("img-failed", status="importing")
    dead = _placeholder(glance_db, "img-failed", "fast")  # written in 2024: stale
    glance_db.add_image("img-done", status="active")
    glance_db.add(f"rbd://{FSID}/images/img-done/snap", image_id="img-done")
    settled = _placeholder(glance_db, "img-done", "images")
    glance_db.add_image("img-gone", status="deleted", deleted=True)
    orphan = glance_db.add("file:///var/lib/glance/images/img-gone", image_id="img-gone")
    before = glance_db.rows()
    audit, plan, apply, check, undo = recipe_commands(3)

    found = _run(audit, glance_db, "", tmp_path)
    assert found.status == 0  # placeholders are not invalid
    for row_id, finding in ((dead, "stale-placeholder"), (settled, "stale-placeholder"),
                            (orphan, "orphan")):  # fmt: skip
        assert f"row {row_id} " in found.stdout
        assert finding in found.stdout

    planned = _run(plan, glance_db, "", tmp_path)
    assert planned.status == 0
    assert f"row {dead} (image img-failed): pending://parallel-import/img-failed/fast" in (
        planned.stdout
    )
    assert "2 to change" in planned.stdout
    assert glance_db.rows() == before

    applied = _run(apply, glance_db, "", tmp_path)
    assert "2 rows written" in applied.stdout
    for row_id in (dead, settled):
        row = glance_db.row(row_id)
        assert (bool(row.deleted), row.status) == (True, "deleted")
        assert row.deleted_at is not None
    assert glance_db.row(orphan) == before[[r[0] for r in before].index(orphan)]

    checked = _run(check, glance_db, "", tmp_path)
    assert not [
        line
        for line in checked.stdout.splitlines()
        if ": placeholder" in line or ": stale-placeholder" in line
    ]
    assert "orphan" in checked.stdout  # reported, left to the operator

    assert _run(undo, glance_db, "", tmp_path).status == 0
    assert glance_db.rows() == before
