"""Our Glance tables against Glance's own: run by ``nox -s glance_schema``, which installs
Glance 33.0.0 from PyPI (in that session's virtualenv only).

``glance-manage db sync`` builds Glance's schema in a SQLite file; its ``images`` and
``image_locations`` columns must have the names, type affinities and nullability that
``glance_locations.db._schema`` declares (and that the other tests create their
databases from). Then ``glance-locations db audit``, ``rewrite`` and ``undo`` run on that
very database. The file name is not ``test_*.py``: plain pytest runs leave it out, as
they have no Glance; a run without ``glance-manage`` fails, it does not skip.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from glance_locations.db._schema import images, locations, metadata
from tests.db.test_commands import db

TABLES = (images.name, locations.name)


def _glance_manage() -> str:
    beside = Path(sys.executable).with_name("glance-manage")
    found = str(beside) if beside.is_file() else shutil.which("glance-manage")
    if found is None:
        pytest.fail("glance-manage not found: install glance==33.0.0 (nox -s glance_schema does)")
    return found


@pytest.fixture(scope="module")
def glance_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database whose schema Glance itself created."""
    folder = tmp_path_factory.mktemp("glance")
    path = folder / "glance.db"
    config = folder / "glance-api.conf"
    config.write_text(f"[DEFAULT]\n[database]\nconnection = sqlite:///{path}\n")
    done = subprocess.run(  # noqa: S603 (Glance's own command)
        [_glance_manage(), "--config-file", str(config), "db", "sync"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return path


def _affinity(declared: str) -> str:
    """SQLite's type affinity of a declared column type (SQLite docs, section 3.1)."""
    name = declared.upper()
    if "INT" in name:
        return "INTEGER"
    if any(word in name for word in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if not name or "BLOB" in name:
        return "BLOB"
    if any(word in name for word in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def _columns(path: Path, table: str) -> dict[str, tuple[str, bool, str]]:
    """name -> (affinity, nullable, declared type) of each column of ``table``."""
    with sqlite3.connect(path) as connection:
        info = connection.execute(f"PRAGMA table_info({table})").fetchall()
    # (cid, name, type, notnull, default, pk); a primary key column is NOT NULL either way
    return {row[1]: (_affinity(row[2]), not (row[3] or row[5]), row[2]) for row in info}


@pytest.mark.parametrize("table", TABLES)
def test_our_tables_match_glances(glance_db: Path, tmp_path: Path, table: str) -> None:
    ours = tmp_path / "ours.db"
    engine = sa.create_engine(f"sqlite:///{ours}")
    metadata.create_all(engine)
    engine.dispose()
    theirs = _columns(glance_db, table)
    mine = _columns(ours, table)
    assert sorted(mine) == sorted(theirs)  # the same column names
    assert {k: v[:2] for k, v in mine.items()} == {k: v[:2] for k, v in theirs.items()}
    assert mine == theirs  # declared types too (VARCHAR(36), BOOLEAN, ...)


def test_the_commands_on_glances_database(glance_db: Path, tmp_path: Path) -> None:
    """Rows written with plain SQL into Glance's schema: audit, rewrite, undo."""
    path = tmp_path / "glance.db"
    shutil.copy(glance_db, path)
    now = "2024-05-01 12:00:00.000000"
    values = [
        ("rbd://old-fsid/images/img-1/snap", '{"store": "ceph"}'),
        ("rbd://old-fsid/images/img-1/snap", '{"store": "ceph"}'),  # a duplicate
        ("rbd://old-fsid/images//snap", "{}"),  # invalid
        ("file:///var/lib/glance/images/x", None),  # meta_data NULL, as Glance allows
    ]
    with sqlite3.connect(path) as connection:
        for value, meta in values:
            image = str(uuid.uuid4())
            connection.execute(
                "INSERT INTO images (id, status, created_at, deleted, min_disk, min_ram,"
                " protected, visibility, os_hidden) VALUES (?, 'active', ?, 0, 0, 0, 0,"
                " 'public', 0)",
                (image, now),
            )
            connection.execute(
                "INSERT INTO image_locations (image_id, value, created_at, deleted,"
                " meta_data, status) VALUES (?, ?, ?, 0, ?, 'active')",
                (image, value, now, meta),
            )
    url = f"sqlite:///{path}"
    audit = db("audit", url, "--json")
    assert audit.status == 1
    assert audit.summary == {
        "rows": 4,
        "valid": 3,
        "invalid": 1,
        "with_credentials": 0,
        "duplicates": 2,
        "by_store": {
            "file": {"rows": 1, "valid": 1, "invalid": 0},
            "rbd": {"rows": 3, "valid": 2, "invalid": 1},
        },
        "by_backend": {
            "": {"rows": 2, "valid": 1, "invalid": 1},
            "ceph": {"rows": 2, "valid": 2, "invalid": 0},
        },
        "placeholders": 0,  # no import placeholder among them
        "findings": {},  # no lifecycle finding: active images, each with its active row
    }
    journal = tmp_path / "journal.jsonl"
    new = "2f7c3a1e-5b4d-4c6e-8a9f-0d1e2c3b4a59"  # a Ceph fsid is a UUID
    rewrite = db("rewrite", url, "--rbd-fsid", f"old-fsid={new}", "--apply", "--journal",
                 str(journal), "--json")  # fmt: skip
    assert rewrite.summary["written"] == 2  # type: ignore[index]
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT value, updated_at FROM image_locations").fetchall()
    assert [row[0] for row in rows[:2]] == [f"rbd://{new}/images/img-1/snap"] * 2
    assert all(row[1] is not None for row in rows[:2])
    assert [json.loads(line)["id"] for line in journal.read_text().splitlines()] == [1, 2]
    assert db("undo", url, "--journal", str(journal)).status == 0
    with sqlite3.connect(path) as connection:
        back = connection.execute("SELECT value, updated_at FROM image_locations").fetchall()
    assert [row[0] for row in back] == [value for value, _ in values]
    assert [row[1] for row in back] == [None] * len(values)  # updated_at restored too
