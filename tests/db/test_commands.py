"""``glance-locations db audit | rewrite | undo`` end to end, on real databases.

The command runs in a subprocess, as a user runs it (the installed console script, or
``python -m glance_locations`` from a source checkout).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from typing import cast

import attrs
import pytest
import sqlalchemy as sa

import glance_locations
from glance_locations.db._schema import locations
from tests.db.conftest import GlanceDb
from tests.db.servers import PASSWORD, free_port

# The failure and comparison helpers of the apply tests, shared on purpose.
from tests.db.test_apply import (  # pyright: ignore[reportPrivateUsage]
    _inject_failure,  # pyright: ignore[reportPrivateUsage]
)

VOLUME = "7a2b0d1e-8d5c-4f1a-9a43-5b2e0c7d9f11"
NEW_FSID = "0b9e5c4e-3a1d-4f0e-9d6c-2b7a8e1f4c3d"  # a Ceph fsid is a UUID
HTTP_SECRET = "h77p-pa55"
SECRETS = (PASSWORD, HTTP_SECRET, "t0ken-value", "sw1ft-k3y")


def _command() -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ)
    try:
        distribution("glance-locations")
    except PackageNotFoundError:
        env["PYTHONPATH"] = str(Path(glance_locations.__file__).parents[1])
        return [sys.executable, "-m", "glance_locations"], env
    return [str(Path(sys.executable).with_name("glance-locations"))], env


COMMAND, ENV = _command()


@attrs.frozen
class Result:
    status: int
    stdout: str
    stderr: str

    @property
    def json_lines(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.stdout.splitlines()]

    @property
    def summary(self) -> object:
        return self.json_lines[-1]["summary"]


def db(*args: str, cwd: Path | None = None) -> Result:
    done = subprocess.run(  # noqa: S603 (our own command, arguments from the tests)
        [*COMMAND, "db", *args],
        capture_output=True,
        cwd=cwd,
        env=ENV,
        timeout=300,
        check=False,
    )
    result = Result(done.returncode, done.stdout.decode(), done.stderr.decode())
    for secret in SECRETS:  # whatever the command does, it never shows one
        assert secret not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result


def assert_one_error_line(result: Result, pattern: str) -> None:
    assert result.status == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("glance-locations: error: ")
    assert pattern in lines[0], lines[0]


def _populate(glance_db: GlanceDb) -> dict[str, int]:
    """Rows of every kind an audit reports."""
    shared = glance_db.add_image()
    return {
        "rbd": glance_db.add("rbd://fsid/images/img-1/snap", meta={"store": "ceph"}),
        # the same rbd image, spelled differently, from another image: a duplicate
        "rbd-again": glance_db.add("rbd://fsid/images/%69mg-1/snap", meta={"store": "ceph"}),
        "http": glance_db.add(f"http://user:{HTTP_SECRET}@example.com/x", image_id=shared),
        # one image listing one location twice (without the credentials): a duplicate
        "http-again": glance_db.add("http://example.com/x", image_id=shared),
        "cinder": glance_db.add(f"cinder://{VOLUME}", meta={"store": "lvm"}),
        "bad": glance_db.add("rbd://fsid/images//snap", meta={"store": "ceph"}),
        "token": glance_db.add("https://example.org/y?token=t0ken-value"),
        "deleted": glance_db.add("file:///var/lib/glance/images/x", deleted=True),
    }


# --- audit ---------------------------------------------------------------------------


def test_audit_json(glance_db: GlanceDb) -> None:
    ids = _populate(glance_db)
    before = glance_db.rows()
    result = db("audit", glance_db.url, "--json")
    assert result.status == 1  # one invalid row
    assert result.stderr == ""
    *lines, _ = result.json_lines
    problems = [line for line in lines if line["type"] == "problem"]
    # the image of the deleted row has no live location left: a lifecycle finding
    findings = [line for line in lines if line["type"] == "finding"]
    assert [(f["finding"], f["id"]) for f in findings] == [("no-location", None)]
    assert [(p["id"], p["status"]) for p in problems] == [
        (ids["rbd-again"], "duplicate"),
        (ids["http-again"], "duplicate"),
        (ids["bad"], "invalid"),
    ]
    assert problems[0]["duplicate_of"] == ids["rbd"]
    assert problems[2]["backend"] == "ceph"
    assert problems[2]["uri"] == "rbd://fsid/images//snap"
    assert result.summary == {
        "rows": 7,
        "valid": 6,
        "invalid": 1,
        "placeholders": 0,
        "with_credentials": 2,  # the http password and the https token parameter
        "duplicates": 4,
        "by_store": {
            "cinder": {"rows": 1, "valid": 1, "invalid": 0},
            "http": {"rows": 3, "valid": 3, "invalid": 0},
            "rbd": {"rows": 3, "valid": 2, "invalid": 1},
        },
        "by_backend": {
            "": {"rows": 3, "valid": 3, "invalid": 0},
            "ceph": {"rows": 3, "valid": 2, "invalid": 1},
            "lvm": {"rows": 1, "valid": 1, "invalid": 0},
        },
        "findings": {"no-location": {"": 1}},
    }
    assert glance_db.rows() == before  # an audit reads only


def test_audit_text_and_exit_status(sqlite_db: GlanceDb) -> None:
    first = sqlite_db.add("rbd://fsid/images/img-1/snap", meta={"store": "ceph"})
    second = sqlite_db.add("rbd://fsid/images/img-1/snap")
    image = sqlite_db.rows()[1][1]
    result = db("audit", sqlite_db.url)
    assert result.status == 0  # duplicates alone are not an error
    assert result.stdout.splitlines() == [
        f"row {second} (image {image}): duplicate (rbd): the same location as row {first} "
        "<rbd://fsid/images/img-1/snap>",
        "store  rows  valid  invalid",
        "rbd       2      2        0",
        "total     2      2        0",
        "",
        "backend  rows  valid  invalid",
        "(none)      1      1        0",
        "ceph        1      1        0",
        "total       2      2        0",
        "",
        "rows with credentials in the URI: 0",
        "duplicate rows (same location as another row): 2",
        "placeholder rows of parallel imports (not invalid): 0",
        "",
        "findings: none",
    ]


def test_audit_policy_flags_refuse_rows(sqlite_db: GlanceDb) -> None:
    glance_db = sqlite_db  # the policy does not depend on the database
    ids = _populate(glance_db)
    result = db("audit", glance_db.url, "--json", "--no-credentials", "--require-tls")
    assert result.status == 1
    refused = {
        p["id"]: p["reasons"] for p in result.json_lines[:-1] if p.get("status") == "refused"
    }
    assert ids["http"] in refused  # credentials
    assert ids["http-again"] in refused  # plain http
    assert any("allow_credentials_in_uri" in r for r in refused[ids["http"]])  # type: ignore[attr-defined]


def test_audit_include_deleted(sqlite_db: GlanceDb) -> None:
    _populate(sqlite_db)
    assert db("audit", sqlite_db.url, "--json", "--include-deleted").summary["rows"] == 8  # type: ignore[index]


def test_audit_swift_config(sqlite_db: GlanceDb, tmp_path: Path) -> None:
    sqlite_db.add("swift+config://ref1/glance/obj")
    assert db("audit", sqlite_db.url, "--json").summary["invalid"] == 1  # type: ignore[index]
    conf = tmp_path / "glance-swift.conf"
    conf.write_text("[ref1]\nauth_address = https://keystone/v3\nuser = a:b\nkey = k3y-s3cret\n")
    result = db("audit", sqlite_db.url, "--json", "--swift-config", str(conf))
    assert result.status == 0
    assert result.summary["with_credentials"] == 0  # type: ignore[index]  # they are in the config


# --- errors --------------------------------------------------------------------------


def test_unreachable_server(tmp_path: Path) -> None:
    port = free_port()
    for url in (
        f"postgresql+psycopg://glance:{PASSWORD}@127.0.0.1:{port}/glance",
        f"mysql+pymysql://glance:{PASSWORD}@127.0.0.1:{port}/glance",
    ):
        result = db("audit", url)
        # The user name is masked too (the command line masks all userinfo).
        assert_one_error_line(result, f"://***@127.0.0.1:{port}/glance: ")
        assert "refused" in result.stderr.lower()


def test_wrong_password(glance_db: GlanceDb) -> None:
    if glance_db.backend == "sqlite":
        return  # no password on SQLite; the two servers are the cases
    url = sa.make_url(glance_db.url).set(password="wrong-" + PASSWORD)
    result = db("audit", url.render_as_string(hide_password=False))
    assert_one_error_line(result, "://***@127.0.0.1")
    assert "password authentication failed" in result.stderr or "Access denied" in result.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [
        pytest.param(f"glance:{PASSWORD}@db/glance", "not a database URL", id="not-a-url"),
        pytest.param(
            f"nosuch://glance:{PASSWORD}@db/glance", "unknown database dialect", id="dialect"
        ),
        pytest.param(
            f"mysql+mysqldb://glance:{PASSWORD}@db/glance",
            "driver 'MySQLdb' is not installed",
            id="driver",
        ),
    ],
)
def test_bad_urls(url: str, message: str) -> None:
    assert_one_error_line(db("audit", url), message)


def test_missing_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nope.db"
    assert_one_error_line(db("audit", f"sqlite:///{path}"), "no such database file")
    assert not path.exists()


def test_missing_table(glance_db: GlanceDb) -> None:
    with glance_db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE image_locations")
    for command in (("audit",), ("rewrite", "--strip-credentials", "s3")):
        result = db(*command[:1], glance_db.url, *command[1:])
        assert_one_error_line(result, "no table 'image_locations' (not a Glance database?)")


# --- rewrite and undo ----------------------------------------------------------------


def test_dry_run_changes_nothing(glance_db: GlanceDb, tmp_path: Path) -> None:
    tmp_path = tmp_path / "cwd"
    tmp_path.mkdir()
    ids = _populate(glance_db)
    before = glance_db.rows()
    result = db(
        "rewrite",
        glance_db.url,
        "--rbd-fsid",
        f"fsid={NEW_FSID}",
        "--strip-credentials",
        "http",
        "--json",
        cwd=tmp_path,
    )
    assert result.status == 1  # the invalid row
    changes = {line["id"]: line for line in result.json_lines if line.get("type") == "change"}
    assert set(changes) == {ids["rbd"], ids["rbd-again"], ids["http"], ids["token"]}
    assert changes[ids["http"]]["before"] == "http://user:***@example.com/x"
    assert changes[ids["http"]]["after"] == "http://example.com/x"
    assert changes[ids["rbd"]]["rule"] == "RbdRemap"
    assert result.summary == {
        "rows": 7,
        "changed": 4,
        "unchanged": 2,
        "invalid": 1,
        "refused": 0,
        "skipped": 0,
        "written": 0,
        "journal": None,
    }
    assert glance_db.rows() == before  # row by row, every column
    assert list(tmp_path.iterdir()) == []  # no journal either


def test_rewrite_reports_refused_rows_and_exits_1(sqlite_db: GlanceDb) -> None:
    # A rule that must set meta_data.store cannot on a row whose meta_data is not a JSON
    # object: the plan says so (as --apply would refuse it), the other row is planned.
    odd = sqlite_db.add(f"cinder://{VOLUME}", meta="[1, 2]")
    fine = sqlite_db.add(f"cinder://{VOLUME}")
    image = sqlite_db.rows()[0][1]
    result = db("rewrite", sqlite_db.url, "--cinder-backend", "fast")
    assert result.status == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"row {odd} (image {image}): refused [CinderBackend]: meta_data is not a JSON object;"
        f" cannot set its store <cinder://{VOLUME}>"
    )
    assert lines[1].startswith(f"row {fine} ")
    assert lines[1].endswith(
        f"cinder://{VOLUME} -> cinder://fast/{VOLUME}, meta_data.store (none) -> 'fast'"
        " [CinderBackend]"
    )
    assert lines[2:] == [
        "2 rows: 1 to change, 0 unchanged, 0 invalid, 1 refused",
        "dry run: nothing written (--apply writes the changes)",
    ]


def test_apply_then_undo(glance_db: GlanceDb, tmp_path: Path) -> None:
    ids = _populate(glance_db)
    before = glance_db.rows()
    journal = tmp_path / "journal.jsonl"
    result = db(
        "rewrite",
        glance_db.url,
        "--rbd-fsid",
        f"fsid={NEW_FSID}",
        "--cinder-backend",
        "fast",
        "--apply",
        "--journal",
        str(journal),
    )
    assert result.status == 1  # the invalid row is reported; the others are written
    assert result.stdout.splitlines()[-1] == f"3 rows written; journal: {journal}"
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    rows = {row[0]: row for row in glance_db.rows()}
    assert rows[ids["rbd"]][2] == f"rbd://{NEW_FSID}/images/img-1/snap"
    assert rows[ids["cinder"]][2] == f"cinder://fast/{VOLUME}"
    assert json.loads(str(rows[ids["cinder"]][7])) == {"store": "fast"}
    assert rows[ids["cinder"]][4] is not None  # updated_at
    untouched = [
        row for row in before if row[0] not in (ids["rbd"], ids["rbd-again"], ids["cinder"])
    ]
    assert [rows[row[0]] for row in untouched] == untouched

    undone = db("undo", glance_db.url, "--journal", str(journal))
    assert undone.status == 0
    assert undone.stdout == "3 rows restored, 0 left alone\n"
    assert glance_db.rows() == before  # updated_at too: the journal keeps it

    again = db("undo", glance_db.url, "--journal", str(journal))
    assert again.status == 1
    assert (
        f"row {ids['rbd']}: left alone: it holds the journal's old value already" in again.stdout
    )


def test_apply_writes_the_default_journal_in_the_current_folder(
    sqlite_db: GlanceDb, tmp_path: Path
) -> None:
    tmp_path = tmp_path / "cwd"
    tmp_path.mkdir()
    sqlite_db.add(f"cinder://{VOLUME}")
    result = db(
        "rewrite", sqlite_db.url, "--cinder-backend", "b", "--apply", "--json", cwd=tmp_path
    )
    assert result.status == 0
    [journal] = tmp_path.iterdir()
    assert journal.name.startswith("glance-locations-journal-")
    assert journal.name.endswith(".jsonl")
    assert result.summary["journal"] == journal.name  # type: ignore[index]
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600


def test_a_failed_transaction_exits_2_and_writes_nothing(
    glance_db: GlanceDb, tmp_path: Path
) -> None:
    tmp_path = tmp_path / "cwd"
    tmp_path.mkdir()
    ids = [glance_db.add(f"http://user:{HTTP_SECRET}@old.example.com/{n}") for n in range(4)]
    _inject_failure(glance_db, ids[2])
    before = glance_db.rows()
    result = db(
        "rewrite",
        glance_db.url,
        "--host",
        "old.example.com=new.example.com",
        "--apply",
        cwd=tmp_path,
    )
    assert_one_error_line(result, "injected failure")
    assert glance_db.rows() == before
    assert list(tmp_path.iterdir()) == []


def test_a_locked_row_exits_2(glance_db: GlanceDb, tmp_path: Path) -> None:
    row_id = glance_db.add("rbd://fsid/images/img/snap")
    holder = sa.create_engine(glance_db.url, poolclass=sa.pool.NullPool)
    with holder.connect() as connection:
        if glance_db.backend == "sqlite":
            connection.connection.driver_connection.isolation_level = None  # type: ignore[union-attr]  # sqlite3
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            statement = sa.select(locations.c.id).where(locations.c.id == row_id)
            connection.execute(statement.with_for_update()).all()
        result = db(
            "rewrite",
            glance_db.url,
            "--rbd-fsid",
            f"fsid={NEW_FSID}",
            "--apply",
            "--lock-timeout",
            "1",
            cwd=tmp_path,
        )
        connection.rollback() if glance_db.backend != "sqlite" else connection.exec_driver_sql(
            "ROLLBACK"
        )
    holder.dispose()
    assert_one_error_line(result, "locked")
    assert [row[2] for row in glance_db.rows()] == ["rbd://fsid/images/img/snap"]


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        pytest.param((), "no rule given", id="no-rule"),
        pytest.param(("--rbd-fsid", "nothing"), "--rbd-fsid: expected OLD=NEW", id="no-equals"),
        pytest.param(
            ("--host", "a=b", "--host", "a=c"), "--host: 'a' is mapped twice", id="twice"
        ),
        pytest.param(("--swift-to-config",), "--swift-to-config needs --swift-config", id="conf"),
    ],
)
def test_rewrite_usage_errors(sqlite_db: GlanceDb, flags: tuple[str, ...], message: str) -> None:
    assert_one_error_line(db("rewrite", sqlite_db.url, *flags), message)


def test_undo_journal_errors(sqlite_db: GlanceDb, tmp_path: Path) -> None:
    assert_one_error_line(
        db("undo", sqlite_db.url, "--journal", str(tmp_path / "nope")), "cannot read journal"
    )
    bad = tmp_path / "bad.jsonl"
    bad.write_text(f'{{"id": 1, "old": "http://u:{HTTP_SECRET}@x/"\n')
    assert_one_error_line(
        db("undo", sqlite_db.url, "--journal", str(bad)), "line 1: not valid JSON"
    )


def test_sqlalchemy_is_only_imported_by_the_db_commands() -> None:
    code = (
        "import sys, glance_locations, glance_locations.cli\n"
        "from glance_locations.cli import main\n"
        "status = main(['check', '/dev/null'])\n"
        "assert 'sqlalchemy' not in sys.modules, 'sqlalchemy imported'\n"
    )
    done = subprocess.run(  # noqa: S603 (our interpreter)
        [sys.executable, "-c", code], env=ENV, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_without_sqlalchemy_the_db_commands_say_what_to_install(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "sys.modules['sqlalchemy'] = None  # as if the db extra were not installed\n"
        "from glance_locations.cli import main\n"
        "sys.exit(main(['db', 'audit', 'sqlite:///x.db']))\n"
    )
    done = subprocess.run(  # noqa: S603 (our interpreter)
        [sys.executable, "-c", code],
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "glance-locations: error: the db commands need SQLAlchemy: "
        "pip install 'glance-locations[db]'\n"
    )


def test_every_db_command_and_option_has_help() -> None:
    import argparse  # noqa: PLC0415 (only this test)

    # The parser itself: what --help shows. (Imported here: only this test needs it.)
    from glance_locations.cli import _parser  # noqa: PLC0415  # pyright: ignore[reportPrivateUsage]

    def commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        # argparse keeps its subcommands in private names: what --help reads too.
        actions = parser._actions  # pyright: ignore[reportPrivateUsage]
        private = argparse._SubParsersAction  # pyright: ignore[reportPrivateUsage]
        sub = cast("type[argparse.Action]", private)  # (its type parameter: Unknown)
        [group] = [a for a in actions if isinstance(a, sub)]
        choices = cast("dict[str, argparse.ArgumentParser]", group.choices)
        return dict(choices)

    db_commands = commands(commands(_parser())["db"])
    assert sorted(db_commands) == ["audit", "rewrite", "undo"]
    for name, command in db_commands.items():
        assert command.description, name
        for action in command._actions:
            assert action.help, f"db {name} {action.option_strings or action.dest}"
    audit_flags = {flag for a in db_commands["audit"]._actions for flag in a.option_strings}
    assert {"--no-credentials", "--allow-scheme", "--file-root", "--require-tls"} <= audit_flags
