"""The db commands on a production database an operator migrates (issue 26).

Rows that are not text, a plan that tells the truth, flags checked before planning, the
journal path checked before any row is read, passwords that hold ``@`` and ``:``, what
the database holds printed terminal-safe, a plan whose memory does not grow.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import cast

import pytest
import sqlalchemy as sa

import glance_locations
from glance_locations.db import DatabaseError, apply_changes, read_locations
from glance_locations.db._schema import locations
from glance_locations.rewrite import Change
from tests.db import faults, servers
from tests.db.conftest import CREATED, GlanceDb
from tests.db.test_commands import COMMAND, ENV, assert_one_error_line, db
from tests.helpers import run_on_a_terminal

VOLUME = "7a2b0d1e-8d5c-4f1a-9a43-5b2e0c7d9f11"
OLD = "0b9e5c4e-3a1d-4f0e-9d6c-2b7a8e1f4c3d"
NEW = "5d1f0a9b-7c2e-4b6a-8e3d-9f0c1a2b3c4d"
OSC52 = "\x1b]52;c;aGVsbG8=\x07"
HOSTILE = ("\x1b", "\x07", "\r", "\b", "\x7f", "\u202e", "\u2066", "\u200f")


def _raw_sqlite(db_: GlanceDb, value: object, meta: object = "{}") -> int:
    """Insert a row as a foreign writer could: any type SQLite takes, bytes included."""
    image = db_.add_image()
    path = sa.make_url(db_.url).database
    assert path is not None
    with sqlite3.connect(path) as connection:
        cursor = connection.execute(
            "INSERT INTO image_locations (image_id, value, created_at, deleted, meta_data,"
            " status) VALUES (?, ?, ?, 0, ?, 'active')",
            (image, value, CREATED.isoformat(" "), meta),
        )
        row_id = cursor.lastrowid
    connection.close()
    assert row_id is not None
    return row_id


# --- rows that are not text ----------------------------------------------------------


def test_blob_and_non_utf8_values_are_problems_of_their_row(sqlite_db: GlanceDb) -> None:
    good = sqlite_db.add(f"cinder://{VOLUME}")
    blob = _raw_sqlite(sqlite_db, b"cinder://\x00\x01")
    # Text that is not UTF-8: SQLite stores what it is given; CAST keeps it TEXT.
    bad = _raw_sqlite(sqlite_db, b"rbd://ab\xff")
    path = sa.make_url(sqlite_db.url).database
    assert path is not None
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE image_locations SET value = CAST(value AS TEXT) WHERE id = ?", (bad,)
        )
    connection.close()
    after = sqlite_db.add(f"cinder://{VOLUME}")

    audit = db("audit", sqlite_db.url)
    assert audit.status == 1
    lines = audit.stdout.splitlines()
    assert any(
        line.startswith(f"row {blob} ") and "value is not text (a BLOB of 11 bytes)" in line
        for line in lines
    ), lines
    assert any(
        line.startswith(f"row {bad} ")
        and "value is not valid UTF-8 (byte 0xff at character 9)" in line
        for line in lines
    ), lines
    summary = json.loads(db("audit", sqlite_db.url, "--json").stdout.splitlines()[-1])
    assert summary["summary"]["rows"] == 4
    assert summary["summary"]["valid"] == 2
    assert summary["summary"]["invalid"] == 2

    plan = db("rewrite", sqlite_db.url, "--cinder-backend", "fast", "--json")
    assert plan.status == 1
    records = {line["id"]: line for line in plan.json_lines[:-1]}
    assert records[blob]["status"] == "invalid"
    assert records[blob]["uri"] is None
    assert records[bad]["status"] == "invalid"
    assert {records[good]["type"], records[after]["type"]} == {"change"}


# --- a plan that tells the truth -----------------------------------------------------


def test_apply_writes_what_the_plan_showed_and_refuses_what_it_refused(
    glance_db: GlanceDb, tmp_path: Path
) -> None:
    odd = glance_db.add(f"cinder://{VOLUME}", meta="[1, 2]")
    fine = glance_db.add(f"cinder://{VOLUME}")
    before = {int(str(row[0])): row for row in glance_db.rows()}
    plan = db("rewrite", glance_db.url, "--cinder-backend", "fast", "--json")
    journal = tmp_path / "journal.jsonl"
    applied = db(
        "rewrite", glance_db.url, "--cinder-backend", "fast", "--json",
        "--apply", "--journal", str(journal),
    )  # fmt: skip
    assert plan.status == applied.status == 1
    # The same lines, row by row: the plan is what --apply does.
    assert plan.json_lines[:-1] == applied.json_lines[:-1]
    assert plan.json_lines[0]["id"] == odd
    assert plan.json_lines[0]["status"] == "refused"
    assert applied.summary == {**cast("dict[str, object]", applied.summary), "written": 1}
    rows = {int(str(row[0])): row for row in glance_db.rows()}
    assert rows[odd] == before[odd]
    assert rows[fine][2] == f"cinder://fast/{VOLUME}"


def test_a_row_deleted_since_the_plan_is_never_written(
    glance_db: GlanceDb, tmp_path: Path
) -> None:
    row = glance_db.add(f"http://old.example.com/{VOLUME}")
    change = Change(
        key=row,
        before=f"http://old.example.com/{VOLUME}",
        after=f"http://new.example.com/{VOLUME}",
        status="changed",
        rule="HostRename",
    )
    with glance_db.engine.begin() as connection:
        connection.execute(sa.update(locations).where(locations.c.id == row).values(deleted=True))
    before = glance_db.rows()
    with pytest.raises(DatabaseError, match=rf"^row {row}: deleted since it was read$"):
        apply_changes(glance_db.url, [change], journal=tmp_path / "j")
    assert glance_db.rows() == before
    assert not (tmp_path / "j").exists()


def test_swift_config_rows_without_swift_config_say_to_pass_it(sqlite_db: GlanceDb) -> None:
    row = sqlite_db.add("swift+config://ref1/glance/obj")
    hint = "pass --swift-config FILE, the glance-swift.conf that defines it"
    audit = db("audit", sqlite_db.url)
    assert audit.status == 1
    assert f"row {row} " in audit.stdout
    assert hint in audit.stdout
    plan = db("rewrite", sqlite_db.url, "--cinder-backend", "fast")
    assert plan.status == 1
    assert hint in plan.stdout


# --- flags checked before planning, the journal before any row -----------------------


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        pytest.param(
            f"--rbd-fsid={OLD}=not/a uuid",
            "--rbd-fsid: NEW 'not/a uuid' is not a valid fsid (a Ceph cluster's fsid is a UUID)",
            id="fsid",
        ),
        pytest.param(
            "--rbd-pool=images=a/b", "--rbd-pool: NEW 'a/b' is not a valid pool name", id="pool"
        ),
        pytest.param("--rbd-pool=images=", "--rbd-pool: expected OLD=NEW", id="empty-pool"),
        pytest.param("--host=old.example.com=not a host", "--host: ", id="host"),
        pytest.param(
            f"--rbd-fsid={NEW}={OLD}",
            f"--rbd-fsid: no row holds OLD '{NEW}': nothing planned (a typo?)",
            id="old-matches-nothing",
        ),
        pytest.param(
            "--host=typo.example.com=new.example.com",
            "--host: no row holds OLD 'typo.example.com': nothing planned (a typo?)",
            id="old-host-matches-nothing",
        ),
    ],
)
def test_rule_flags_are_checked_before_planning(
    glance_db: GlanceDb, tmp_path: Path, flag: str, message: str
) -> None:
    glance_db.add(f"rbd://{OLD}/images/img/snap")
    glance_db.add("http://OLD.example.com/x")
    before = glance_db.rows()
    journal = tmp_path / "journal.jsonl"
    result = db("rewrite", glance_db.url, flag, "--apply", "--journal", str(journal))
    assert_one_error_line(result, message)
    assert glance_db.rows() == before
    assert not journal.exists()


def test_an_old_value_matches_in_any_case_and_percent_encoded(sqlite_db: GlanceDb) -> None:
    sqlite_db.add(f"rbd://{OLD}/my%20pool/img/snap")
    sqlite_db.add("http://Old.Example.com/x")
    result = db(
        "rewrite", sqlite_db.url, "--rbd-pool", "my pool=images", "--host",
        "old.example.com=new.example.com",
    )  # fmt: skip
    assert result.status == 0, result.stderr
    assert "2 rows: 2 to change" in result.stdout


def test_an_existing_journal_is_refused_before_any_row_is_read(
    sqlite_db: GlanceDb, tmp_path: Path
) -> None:
    sqlite_db.add(f"cinder://{VOLUME}")
    journal = tmp_path / "journal.jsonl"
    journal.write_text("an earlier run's journal\n")
    result = db(
        "rewrite", sqlite_db.url, "--cinder-backend", "b", "--apply", "--journal", str(journal)
    )
    assert_one_error_line(result, "exists already (it is never overwritten)")
    assert result.stdout == ""  # no plan printed first
    assert journal.read_text() == "an earlier run's journal\n"


# --- passwords -----------------------------------------------------------------------


@pytest.mark.parametrize("driver", ["postgresql+psycopg", "mysql+pymysql"])
@pytest.mark.parametrize("password", ["Qx7Wk@Zy3Mv", "Qx7:Wk@Zy3/Mv", "Qx7Wk:Zy3Mv"])
def test_a_password_with_a_raw_at_or_colon_is_never_shown(driver: str, password: str) -> None:
    port = servers.free_port()  # nothing listens there
    result = db("audit", f"{driver}://glance:{password}@127.0.0.1:{port}/glance")
    assert result.status == 2
    for part in {password, *password.replace(":", "@").replace("/", "@").split("@")}:
        assert part not in result.stderr, result.stderr
    assert f"127.0.0.1:{port}" in result.stderr  # the host as given, not a password's tail


@pytest.mark.parametrize("glance_db", ["postgresql", "mariadb"], indirect=True)
def test_a_password_with_a_raw_at_and_colon_connects(glance_db: GlanceDb) -> None:
    assert glance_db.admin is not None
    password = "p@ss:w/rd@x"
    with glance_db.admin.connect() as connection:
        if glance_db.backend == "postgresql":
            connection.exec_driver_sql("DROP ROLE IF EXISTS atuser")
            connection.exec_driver_sql(f"CREATE ROLE atuser LOGIN SUPERUSER PASSWORD '{password}'")
        else:
            connection.exec_driver_sql("DROP USER IF EXISTS 'atuser'@'127.0.0.1'")
            connection.exec_driver_sql(
                f"CREATE USER 'atuser'@'127.0.0.1' IDENTIFIED BY '{password}'"
            )
            connection.exec_driver_sql("GRANT ALL ON *.* TO 'atuser'@'127.0.0.1'")
    glance_db.add(f"cinder://{VOLUME}")
    url = sa.make_url(glance_db.url)
    raw = f"{url.drivername}://atuser:{password}@127.0.0.1:{url.port}/{url.database}"
    result = db("audit", raw)
    assert result.status == 0, result.stderr
    assert password not in result.stdout + result.stderr


# --- terminal-safe output ------------------------------------------------------------


def test_what_the_database_holds_is_printed_terminal_safe(sqlite_db: GlanceDb) -> None:
    image = sqlite_db.add_image(f"i{OSC52}\u202e")
    values = [f"rbd://{OSC52}/\u202e", "http://h\x1b[2J/x\r\b", f"cinder://{VOLUME}"]
    for value in values:
        sqlite_db.add(value, image_id=image, meta={"store": f"ceph\x1b[31m{OSC52}"})
    for command in (("audit",), ("rewrite", "--cinder-backend", f"b{OSC52}")):
        text = db(command[0], sqlite_db.url, *command[1:])
        as_json = db(command[0], sqlite_db.url, *command[1:], "--json")
        for result in (text, as_json):
            for char in HOSTILE:
                assert char not in result.stdout + result.stderr, (command, char)
        assert "\\x1b]52;c;aGVsbG8=\\x07" in text.stdout + text.stderr
        if as_json.stdout:
            for line in as_json.json_lines:
                json.dumps(line)  # valid JSON, escapes and all
    audit = db("audit", sqlite_db.url, "--json")
    problems = [line for line in audit.json_lines if line.get("type") == "problem"]
    assert {problem["image_id"] for problem in problems} == {image}  # the very text
    summary = cast("dict[str, dict[str, object]]", audit.summary)
    assert f"ceph\x1b[31m{OSC52}" in summary["by_backend"]


# --- memory --------------------------------------------------------------------------

PLAN_CHECK = """
import resource, sys
from glance_locations.db._engine import run
from glance_locations.db._journal import Journal
from glance_locations.db._rewrite import rewrite_rows
from glance_locations.rewrite import RbdRemap

def peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux

run(sys.argv[1], lambda connection: None, write=False)  # driver and dialect loaded
before = peak()
journal = Journal(sys.argv[2]) if len(sys.argv) > 2 else None
outcome = rewrite_rows(
    sys.argv[1], [RbdRemap(fsids={"%s": "%s"})], conf=None, report=lambda d: None,
    journal=journal,
)
print(outcome.counts["changed"], outcome.written, peak() - before)
""" % (OLD, NEW)  # noqa: UP031 (a script's text)


@pytest.mark.parametrize("apply", [False, True], ids=["plan", "apply"])
def test_plan_memory_does_not_grow_with_the_rows(
    glance_db: GlanceDb, tmp_path: Path, apply: bool
) -> None:
    """80 MB of rows planned (and written) in a process whose peak memory grows by far
    less: the plan keeps no list of rows or changes."""
    padding = "x" * 10_000
    faults.fill(glance_db, 8000, lambda n: f"rbd://{OLD}/images/img-{n}-{padding}/snap")
    env = dict(os.environ, PYTHONPATH=str(Path(glance_locations.__file__).parents[1]))
    journal = [str(tmp_path / "journal.jsonl")] if apply else []
    done = subprocess.run(  # noqa: S603 (our interpreter, our script)
        [sys.executable, "-c", PLAN_CHECK, glance_db.url, *journal],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    changed, written, growth_kib = map(int, done.stdout.split())
    assert changed == 8000
    assert written == (8000 if apply else 0)
    assert growth_kib < 40 * 1024  # the rows hold 80 MB of values (160 MB old and new)


# --- the test servers ----------------------------------------------------------------


def test_the_mariadb_server_has_a_temporary_folder_of_its_own(
    mariadb_server: servers.Server,
) -> None:
    engine = sa.create_engine(mariadb_server.admin, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        tmpdir = str(connection.exec_driver_sql("SELECT @@tmpdir").scalar())
        datadir = str(connection.exec_driver_sql("SELECT @@datadir").scalar())
    engine.dispose()
    assert Path(tmpdir).parent == Path(datadir).parent  # in the server's own folder
    assert Path(tmpdir).name == "tmp"


# --- progress ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [("audit",), ("rewrite", "--cinder-backend", "fast")], ids=["audit", "rewrite"]
)
def test_long_work_shows_progress_on_a_terminal_only(
    sqlite_db: GlanceDb, command: tuple[str, ...]
) -> None:
    faults.fill(sqlite_db, 20_000, lambda n: f"cinder://{n:08x}-0000-4000-8000-{n:012x}")
    plain = db(command[0], sqlite_db.url, *command[1:])
    assert "checked" not in plain.stderr
    done, terminal = run_on_a_terminal(
        [*COMMAND, "db", command[0], sqlite_db.url, *command[1:]], terminal="stderr", env=ENV
    )
    shown = terminal.decode()
    assert done.returncode == plain.status
    assert done.stdout.decode() == plain.stdout  # the lines printed are the same
    assert "\rglance-locations: 10,000 rows checked, " in shown
    assert shown.endswith("\r\x1b[K")  # erased when done


def test_read_locations_names_a_row_that_is_not_text(sqlite_db: GlanceDb) -> None:
    blob = _raw_sqlite(sqlite_db, b"cinder://\x00\x01")
    with pytest.raises(
        DatabaseError, match=rf"^row {blob}: value is not text \(a BLOB of 11 bytes\)$"
    ):
        list(read_locations(sqlite_db.url))


@pytest.mark.parametrize("option", ["--rbd-fsid", "--rbd-pool", "--host"])
def test_a_rule_flag_holding_credentials_is_never_quoted(sqlite_db: GlanceDb, option: str) -> None:
    sqlite_db.add(f"cinder://{VOLUME}")
    value = "http://user:Zz9S3CR3Tq@example.com:8080/x?token=Zz9S3CR3Tq"
    result = db("rewrite", sqlite_db.url, option, value)
    assert result.status == 2
    assert "Zz9S3CR3Tq" not in result.stdout + result.stderr
    assert "(not shown: the flag holds credentials)" in result.stderr


# --- --strip-credentials STORE -------------------------------------------------------


def test_strip_credentials_takes_the_stores_it_names(sqlite_db: GlanceDb) -> None:
    signed = sqlite_db.add("https://bucket.example.com/img?X-Amz-Signature=abc&X-Amz-Date=1")
    mirror = sqlite_db.add("https://user:mirror-pw@mirror.example.com/img")
    s3 = sqlite_db.add("s3://AKIA:s3-secret@s3.example.com/glance/img", meta={"store": "s3-a"})
    lone = sqlite_db.add("s3://AKIA:s3-secret@s3.example.com/glance/img2")

    only_s3 = db("rewrite", sqlite_db.url, "--strip-credentials", "s3", "--json")
    records = {line["id"]: line for line in only_s3.json_lines[:-1]}
    assert signed not in records  # http is never touched unless named
    assert mirror not in records
    assert records[s3]["after"] == "s3://s3.example.com/glance/img"
    # Without its backend, Glance 33 could not read a credential-free s3 location.
    assert records[lone]["status"] == "refused"
    assert "meta_data.store" in str(records[lone]["reason"])
    assert only_s3.status == 1

    with_http = db(
        "rewrite", sqlite_db.url, "--strip-credentials", "http", "--strip-credentials", "s3",
        "--json",
    )  # fmt: skip
    records = {line["id"]: line for line in with_http.json_lines[:-1]}
    assert records[mirror]["after"] == "https://mirror.example.com/img"
    assert records[signed]["after"] == "https://bucket.example.com/img?X-Amz-Date=1"

    unknown = db("rewrite", sqlite_db.url, "--strip-credentials", "nope")
    assert_one_error_line(unknown, "--strip-credentials: StripCredentials: unknown store 'nope'")


def test_image_ids_and_backends_holding_a_password_are_redacted(sqlite_db: GlanceDb) -> None:
    secret_uri = "http://u:Zz9S3CR3Tq@h.example.com/x"
    image = sqlite_db.add_image(secret_uri)
    sqlite_db.add("rbd://a/b", image_id=image, meta={"store": secret_uri})
    sqlite_db.add(f"cinder://{VOLUME}", image_id=image, meta={"store": secret_uri})
    for command in (("audit",), ("rewrite", "--cinder-backend", "fast")):
        for extra in ((), ("--json",)):
            result = db(command[0], sqlite_db.url, *command[1:], *extra)
            assert result.status == 1
            assert "Zz9S3CR3Tq" not in result.stdout + result.stderr
            assert "http://***@h.example.com/x" in result.stdout
