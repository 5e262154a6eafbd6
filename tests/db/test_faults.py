"""Faults while ``db rewrite --apply`` runs, on real servers the tests start (issue 26).

kill -9 at several points, Ctrl-C, a full disk while the journal is written, MariaDB
whose global ``sql_mode`` is not strict, a concurrent writer, a COMMIT whose answer is
lost, a lock held by another connection. After each: all or nothing, and a journal
exactly when rows were written (``db undo`` then puts every column back).
"""

from __future__ import annotations

import json
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from glance_locations.db._schema import locations
from tests.db import faults
from tests.db.conftest import GlanceDb
from tests.db.test_commands import COMMAND, ENV, assert_one_error_line, db

OLD = "0b9e5c4e-3a1d-4f0e-9d6c-2b7a8e1f4c3d"
NEW = "5d1f0a9b-7c2e-4b6a-8e3d-9f0c1a2b3c4d"
VOLUME = "7a2b0d1e-8d5c-4f1a-9a43-5b2e0c7d9f11"
PADDING = "p" * 200  # long plan lines: the output pipe fills within the first batch
SERVERS = ("postgresql", "mariadb")


def _rbd(n: int) -> str:
    return f"rbd://{OLD}/images/img-{n:05d}-{PADDING}/snap"


def _spawn(*args: str, cwd: Path, stdout: int = subprocess.PIPE) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 (our own command)
        [*COMMAND, "db", *args], stdout=stdout, stderr=subprocess.PIPE, env=ENV, cwd=cwd
    )


def _apply(url: str, journal: Path, *extra: str) -> tuple[str, ...]:
    return (
        "rewrite",
        url,
        "--rbd-fsid",
        f"{OLD}={NEW}",
        "--apply",
        "--journal",
        str(journal),
        *extra,
    )


def _cinder(n: int) -> str:
    return f"cinder://{n:08x}-0000-4000-8000-{n:012x}"


def _renamed(value: str) -> str:
    return value.replace(OLD, NEW).replace("cinder://", "cinder://fast/")


def _assert_all_or_nothing(
    glance_db: GlanceDb, before: list[tuple[object, ...]], journal: Path
) -> None:
    """The rows are all old, or all new with a whole journal that undo plays back."""
    rows = glance_db.rows()
    if rows == before:
        if journal.exists():  # kill -9 leaves what it wrote: undo restores nothing
            undone = db("undo", glance_db.url, "--journal", str(journal))
            assert glance_db.rows() == before
            assert undone.status in (0, 1)
        return
    values = [str(row[2]) for row in rows]
    assert values == [_renamed(str(row[2])) for row in before]
    entries = [json.loads(line) for line in journal.read_text().splitlines()]
    assert [entry["id"] for entry in entries] == [row[0] for row in before]
    undone = db("undo", glance_db.url, "--journal", str(journal))
    assert undone.status == 0
    assert glance_db.rows() == before


# --- kill -9 -------------------------------------------------------------------------


def test_kill_9_while_the_plan_is_printed(glance_db: GlanceDb, tmp_path: Path) -> None:
    faults.fill(glance_db, 1200, _rbd)
    before = glance_db.rows()
    journal = tmp_path / "journal.jsonl"
    process = _spawn(*_apply(glance_db.url, journal), cwd=tmp_path)
    faults.wait_until(faults.blocked_writing_output(process), "stdout full", process)
    faults.kill_9(process)
    _assert_all_or_nothing(glance_db, before, journal)
    assert glance_db.rows() == before  # killed inside the transaction: nothing written


@pytest.mark.parametrize("glance_db", SERVERS, indirect=True)
def test_kill_9_while_waiting_for_a_row_lock(glance_db: GlanceDb, tmp_path: Path) -> None:
    faults.fill(glance_db, 600, _rbd)
    before = glance_db.rows()
    last = int(str(before[-1][0]))
    journal = tmp_path / "journal.jsonl"
    holder = sa.create_engine(glance_db.url, poolclass=sa.pool.NullPool)
    with holder.connect() as connection:
        statement = sa.select(locations.c.id).where(locations.c.id == last).with_for_update()
        connection.execute(statement).all()
        process = _spawn(
            *_apply(glance_db.url, journal, "--lock-timeout", "600"),
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
        )
        faults.wait_until(faults.waiting_for_a_lock(glance_db), "a lock wait", process)
        faults.kill_9(process)
        connection.rollback()
    holder.dispose()
    _assert_all_or_nothing(glance_db, before, journal)
    assert glance_db.rows() == before


@pytest.mark.parametrize("glance_db", SERVERS, indirect=True)
def test_kill_9_after_the_commit_was_carried_out(glance_db: GlanceDb, tmp_path: Path) -> None:
    faults.fill(glance_db, 300, _cinder)
    before = glance_db.rows()
    journal = tmp_path / "journal.jsonl"
    server_port = sa.make_url(glance_db.url).port
    assert server_port is not None
    with faults.CommitProxy(server_port, "hold") as proxy:
        # One transaction, one COMMIT (an OLD=NEW flag would add a read-only one first).
        url = proxy.url(glance_db.url)
        process = _spawn(
            "rewrite", url, "--cinder-backend", "fast", "--apply", "--journal", str(journal),
            cwd=tmp_path, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        faults.wait_until(proxy.committed.is_set, "the server's answer to COMMIT", process)
        faults.kill_9(process)
    # The server committed: every row is new, and the journal (written and synced before
    # the COMMIT) is whole.
    assert glance_db.rows() != before
    _assert_all_or_nothing(glance_db, before, journal)


# --- Ctrl-C --------------------------------------------------------------------------


def test_ctrl_c_during_apply_says_nothing_was_written(glance_db: GlanceDb, tmp_path: Path) -> None:
    faults.fill(glance_db, 1200, _rbd)
    before = glance_db.rows()
    journal = tmp_path / "journal.jsonl"
    with _spawn(*_apply(glance_db.url, journal), cwd=tmp_path) as process:
        faults.wait_until(faults.blocked_writing_output(process), "stdout full", process)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=300)
    assert process.returncode == 2
    assert stderr.decode() == (
        "glance-locations: interrupted: nothing was written (the transaction was rolled back)\n"
    )
    assert glance_db.rows() == before
    assert not journal.exists()


# --- a lost COMMIT answer ------------------------------------------------------------


@pytest.mark.parametrize("glance_db", SERVERS, indirect=True)
def test_a_lost_commit_answer_says_the_outcome_is_unknown(
    glance_db: GlanceDb, tmp_path: Path
) -> None:
    faults.fill(glance_db, 50, _cinder)
    before = glance_db.rows()
    journal = tmp_path / "journal.jsonl"
    server_port = sa.make_url(glance_db.url).port
    assert server_port is not None
    with faults.CommitProxy(server_port, "drop") as proxy:
        result = db(
            "rewrite", proxy.url(glance_db.url), "--cinder-backend", "fast",
            "--apply", "--journal", str(journal),
        )  # fmt: skip
        assert proxy.committed.is_set()
    assert_one_error_line(result, "whether the transaction was written is unknown")
    assert "nothing written" not in result.stderr
    assert f"the journal {str(journal)!r} holds every change" in result.stderr
    assert f"db undo --journal {journal}" in result.stderr
    # It was: the journal describes it, and undo puts every column back.
    _assert_all_or_nothing(glance_db, before, journal)
    assert journal.exists()


# --- a full disk ---------------------------------------------------------------------


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs: a journal of more than that cannot be written whole."""
    with faults.tmpfs(tmp_path / "small", "64k") as path:
        yield path


def test_disk_full_while_the_journal_is_written(glance_db: GlanceDb, full_disk: Path) -> None:
    faults.fill(glance_db, 700, _rbd)  # a journal of about 400 KiB
    before = glance_db.rows()
    journal = full_disk / "journal.jsonl"
    result = db(*_apply(glance_db.url, journal), cwd=full_disk.parent)
    assert_one_error_line(
        result,
        f"journal {str(journal)!r} cannot be written whole: No space left on device"
        " (nothing was written to the database)",
    )
    assert glance_db.rows() == before
    assert list(full_disk.iterdir()) == []  # no partial journal


# --- MariaDB: strict sql_mode --------------------------------------------------------


@pytest.fixture
def non_strict_mariadb(glance_db: GlanceDb) -> Iterator[GlanceDb]:
    """The MariaDB server with an empty global ``sql_mode``: a new session cuts a value
    too long for its column short, with a warning only."""
    assert glance_db.admin is not None
    with glance_db.admin.connect() as connection:
        saved = connection.exec_driver_sql("SELECT @@GLOBAL.sql_mode").scalar()
        connection.exec_driver_sql("SET GLOBAL sql_mode = ''")
    try:
        yield glance_db
    finally:
        with glance_db.admin.connect() as connection:
            connection.exec_driver_sql("SET GLOBAL sql_mode = %s", (saved,))


@pytest.mark.parametrize("glance_db", ["mariadb"], indirect=True)
def test_non_strict_mariadb_never_cuts_a_value_short(
    non_strict_mariadb: GlanceDb, tmp_path: Path
) -> None:
    glance_db = non_strict_mariadb
    # The rewritten value is 65,536 bytes: a valid URI (at most 65,536 characters), one
    # byte more than MariaDB's TEXT holds.
    path = "/" + "v" * (65_536 - len("http://a-longer-host-name.example.com") - 1)
    row = glance_db.add(f"http://old.example.com{path}")
    # The fault is real: a session of this server keeps only what TEXT holds.
    probe = sa.create_engine(glance_db.url, poolclass=sa.pool.NullPool)
    with probe.begin() as connection:
        connection.execute(
            sa.update(locations).where(locations.c.id == row).values(value="x" * 65_600)
        )
        assert len(connection.execute(sa.select(locations.c.value)).scalar_one()) == 65_535
        connection.rollback()
    probe.dispose()
    before = glance_db.rows()
    journal = tmp_path / "journal.jsonl"
    result = db(
        "rewrite", glance_db.url, "--host", "old.example.com=a-longer-host-name.example.com",
        "--apply", "--journal", str(journal),
    )  # fmt: skip
    assert_one_error_line(result, "Data too long for column 'value'")
    assert glance_db.rows() == before
    assert not journal.exists()


# --- a concurrent writer -------------------------------------------------------------


@pytest.mark.parametrize("glance_db", SERVERS, indirect=True)
def test_rows_a_concurrent_writer_changes_are_never_written(
    glance_db: GlanceDb, tmp_path: Path
) -> None:
    faults.fill(glance_db, 450, _rbd)  # one batch
    ids = [int(str(row[0])) for row in glance_db.rows()]
    deleted, moved = ids[400], ids[420]
    journal = tmp_path / "journal.jsonl"
    with _spawn(*_apply(glance_db.url, journal), cwd=tmp_path) as process:
        # The rows are read and planned; the plan lines fill the pipe before the lock.
        faults.wait_until(faults.blocked_writing_output(process), "stdout full", process)
        with glance_db.engine.begin() as connection:  # Glance, meanwhile
            connection.execute(
                sa.update(locations)
                .where(locations.c.id == deleted)
                .values(deleted=True, status="deleted")
            )
            connection.execute(
                sa.update(locations).where(locations.c.id == moved).values(value=_rbd(9999))
            )
        stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 1, stderr
    lines = stdout.decode().splitlines()
    assert any(
        line.startswith(f"row {deleted} ")
        and "skipped [RbdRemap]: deleted since it was read: not written <" in line
        for line in lines
    )
    assert any(
        line.startswith(f"row {moved} ")
        and "skipped [RbdRemap]: changed since it was read: not written <" in line
        for line in lines
    ), lines[-5:]
    rows = {int(str(row[0])): row for row in glance_db.rows()}
    assert rows[deleted][2] == _rbd(400)  # soft-deleted by Glance: never written
    assert rows[moved][2] == _rbd(9999)  # Glance's value stays
    assert rows[ids[0]][2] == _renamed(_rbd(0))
    entries = [json.loads(line)["id"] for line in journal.read_text().splitlines()]
    assert deleted not in entries
    assert moved not in entries
    assert len(entries) == 448


# --- a lock held by another connection -----------------------------------------------


@pytest.mark.parametrize("glance_db", SERVERS, indirect=True)
def test_a_table_lock_bounds_the_audit_wait(glance_db: GlanceDb) -> None:
    glance_db.add(f"cinder://{VOLUME}")
    holder = sa.create_engine(glance_db.url, poolclass=sa.pool.NullPool)
    with holder.connect() as connection:
        if glance_db.backend == "postgresql":  # as glance-manage db sync's ALTER TABLE does
            connection.exec_driver_sql("LOCK TABLE image_locations IN ACCESS EXCLUSIVE MODE")
        else:
            connection.exec_driver_sql("LOCK TABLES image_locations WRITE")
        result = db("audit", glance_db.url, "--lock-timeout", "1")
        if glance_db.backend == "mariadb":
            connection.exec_driver_sql("UNLOCK TABLES")
        connection.rollback()
    holder.dispose()
    assert_one_error_line(result, "locked by another transaction, waited too long")


@pytest.mark.parametrize("glance_db", SERVERS, indirect=True)
def test_a_row_lock_bounds_the_apply_wait(glance_db: GlanceDb, tmp_path: Path) -> None:
    faults.fill(glance_db, 10, _rbd)
    before = glance_db.rows()
    journal = tmp_path / "journal.jsonl"
    holder = sa.create_engine(glance_db.url, poolclass=sa.pool.NullPool)
    with holder.connect() as connection:
        statement = sa.select(locations.c.id).where(locations.c.id == before[5][0])
        connection.execute(statement.with_for_update()).all()
        result = db(*_apply(glance_db.url, journal, "--lock-timeout", "1"))
        connection.rollback()
    holder.dispose()
    assert_one_error_line(result, "locked by another transaction, waited too long")
    assert glance_db.rows() == before
    assert not journal.exists()
