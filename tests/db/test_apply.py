"""apply_changes and undo on real databases: round trips, all or nothing, the journal."""

from __future__ import annotations

import datetime
import json
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from glance_locations import StoreConfig, SwiftReference
from glance_locations.db import (
    DatabaseError,
    JournalError,
    apply_changes,
    read_locations,
    undo,
)
from glance_locations.db._schema import locations
from glance_locations.rewrite import (
    Change,
    CinderBackend,
    HostRename,
    RbdRemap,
    SwiftToConfig,
    rewrite,
)
from tests.db.conftest import CREATED, GlanceDb
from tests.db.servers import PASSWORD

VOLUME = "7a2b0d1e-8d5c-4f1a-9a43-5b2e0c7d9f11"
SECRET_URI = "swift://account%3Auser:sw1ft-k3y@keystone.example.com/v3/glance/obj-1"


def _changes(db: GlanceDb, *rules: object, conf: StoreConfig | None = None) -> list[Change[int]]:
    rows = ((row.id, row.value) for row in read_locations(db.url))
    return list(rewrite(rows, rules, conf=conf))  # type: ignore[arg-type]  # rules are Rule


def _fill(db: GlanceDb) -> list[int]:
    """Five rbd rows of the old cluster, one of another, a cinder row, a swift row."""
    ids = [db.add(f"rbd://old-fsid/images/img-{n}/snap", meta={"store": "ceph"}) for n in range(5)]
    ids.append(db.add("rbd://other/images/img-x/snap", meta={"store": "ceph"}))
    ids.append(db.add(f"cinder://{VOLUME}"))
    ids.append(db.add(SECRET_URI, meta={"store": "swift", "extra": [1, 2]}))
    return ids


def _without_updated_at(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    column = [c.name for c in locations.columns].index("updated_at")
    return [row[:column] + row[column + 1 :] for row in rows]


UPDATED = datetime.datetime(2024, 6, 1, 8, 30, 15)


def test_rewrite_and_undo_round_trip(glance_db: GlanceDb, tmp_path: Path) -> None:
    ids = _fill(glance_db)
    with glance_db.engine.begin() as connection:
        connection.execute(sa.update(locations).values(updated_at=UPDATED))
    before = glance_db.rows()
    journal = tmp_path / "journal.jsonl"
    changes = _changes(glance_db, RbdRemap(fsids={"old-fsid": "new-fsid"}))
    assert [c.status for c in changes] == ["changed"] * 5 + ["unchanged"] * 3

    assert apply_changes(glance_db.url, changes, journal=journal) == 5

    after = {row.id: row for row in read_locations(glance_db.url)}
    for n, row_id in enumerate(ids[:5]):
        assert after[row_id].value == f"rbd://new-fsid/images/img-{n}/snap"
        assert after[row_id].meta_data == {"store": "ceph"}
        updated = glance_db.row(row_id).updated_at
        assert isinstance(updated, datetime.datetime)
        assert updated > CREATED
    # The rows that did not change are untouched, every column.
    assert glance_db.rows()[5:] == before[5:]

    assert stat.S_IMODE(os.stat(journal).st_mode) == 0o600
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    assert [line["id"] for line in lines] == ids[:5]
    written = glance_db.row(ids[0]).updated_at
    assert isinstance(written, datetime.datetime)
    assert lines[0] == {
        "id": ids[0],
        "image_id": before[0][1],
        "old": {
            "value": "rbd://old-fsid/images/img-0/snap",
            "meta_data": '{"store": "ceph"}',
            "updated_at": "2024-06-01T08:30:15",
        },
        "new": {
            "value": "rbd://new-fsid/images/img-0/snap",
            "meta_data": '{"store": "ceph"}',
            "updated_at": written.isoformat(),
        },
    }

    report = undo(glance_db.url, journal=journal)
    assert report.restored == tuple(ids[:5])
    assert report.left_alone == ()
    # Every column back, updated_at included: the journal keeps what undo restores.
    assert glance_db.rows() == before


def test_a_rule_moving_a_location_to_a_backend_sets_meta_data_store(
    glance_db: GlanceDb, tmp_path: Path
) -> None:
    row_id = glance_db.add(f"cinder://{VOLUME}", meta={"other": "kept"})
    before = glance_db.rows()
    changes = _changes(glance_db, CinderBackend("fast-ssd"))
    assert apply_changes(glance_db.url, changes, journal=tmp_path / "j") == 1
    [row] = read_locations(glance_db.url)
    assert row.value == f"cinder://fast-ssd/{VOLUME}"
    assert row.meta_data == {"other": "kept", "store": "fast-ssd"}
    assert undo(glance_db.url, journal=tmp_path / "j").restored == (row_id,)
    assert _without_updated_at(glance_db.rows()) == _without_updated_at(before)


def test_swift_to_config_resolves_the_new_value_with_conf(
    glance_db: GlanceDb, tmp_path: Path
) -> None:
    glance_db.add(SECRET_URI)
    conf = StoreConfig(
        swift_references={
            "ref1": SwiftReference(
                auth_address="https://keystone.example.com/v3",
                user="account:user",
                key="sw1ft-k3y",
            )
        }
    )
    changes = _changes(glance_db, SwiftToConfig(conf), conf=conf)
    assert apply_changes(glance_db.url, changes, journal=tmp_path / "j", conf=conf) == 1
    assert [row.value for row in read_locations(glance_db.url)] == [
        "swift+config://ref1/glance/obj-1"
    ]


def _inject_failure(db: GlanceDb, row_id: int) -> None:
    """Make the UPDATE of row ``row_id`` fail inside the database (a trigger)."""
    with db.engine.begin() as connection:
        if db.backend == "sqlite":
            connection.exec_driver_sql(
                "CREATE TRIGGER fail_row BEFORE UPDATE ON image_locations "
                f"WHEN NEW.id = {row_id} BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
            )
        elif db.backend == "postgresql":
            # The message quotes the new value, credentials included: it must not leak.
            connection.exec_driver_sql(
                "CREATE FUNCTION fail_row() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.id = {row_id} THEN RAISE EXCEPTION 'injected failure on %%', NEW.value "
                "USING DETAIL = 'row ' || NEW.value; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            connection.exec_driver_sql(
                "CREATE TRIGGER fail_row BEFORE UPDATE ON image_locations "
                "FOR EACH ROW EXECUTE FUNCTION fail_row()"
            )
        else:
            connection.exec_driver_sql(
                "CREATE TRIGGER fail_row BEFORE UPDATE ON image_locations FOR EACH ROW "  # noqa: S608 (an int id)
                f"BEGIN IF NEW.id = {row_id} THEN "
                "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'; END IF; END"
            )


def _assert_clean(error: BaseException) -> None:
    """No secret in the error, and no chain to the driver's error (it holds the SQL)."""
    assert error.__cause__ is None
    assert error.__context__ is None
    text = f"{error} {error!r} {error.args}"
    for secret in (PASSWORD, "sw1ft-k3y", "s3cr3t"):
        assert secret not in text


def test_a_failure_mid_transaction_writes_nothing(glance_db: GlanceDb, tmp_path: Path) -> None:
    """Seven changes; the fourth UPDATE fails in the database: no row changes at all."""
    ids = [glance_db.add(f"http://user:s3cr3t@old.example.com/img-{n}") for n in range(7)]
    before = glance_db.rows()
    changes = _changes(glance_db, HostRename({"old.example.com": "new.example.com"}))
    assert [c.status for c in changes] == ["changed"] * 7
    _inject_failure(glance_db, ids[3])
    journal = tmp_path / "journal.jsonl"
    with pytest.raises(DatabaseError, match="injected failure") as raised:
        apply_changes(glance_db.url, changes, journal=journal)
    _assert_clean(raised.value)
    assert glance_db.rows() == before
    assert not journal.exists()  # rolled back: the journal would describe nothing


def test_a_row_changed_since_it_was_read_writes_nothing(
    glance_db: GlanceDb, tmp_path: Path
) -> None:
    ids = _fill(glance_db)
    changes = _changes(glance_db, RbdRemap(fsids={"old-fsid": "new-fsid"}))
    with glance_db.engine.begin() as connection:
        connection.execute(
            sa.update(locations).where(locations.c.id == ids[4]).values(value="rbd://moved")
        )
    before = glance_db.rows()
    with pytest.raises(
        DatabaseError, match=rf"^row {ids[4]}: its value changed since it was read$"
    ):
        apply_changes(glance_db.url, changes, journal=tmp_path / "j")
    assert glance_db.rows() == before


@pytest.fixture
def locked(glance_db: GlanceDb) -> Iterator[int]:
    """A row locked by another transaction for the duration of the test."""
    row_id = glance_db.add("rbd://old-fsid/images/img/snap")
    glance_db.add("rbd://old-fsid/images/img2/snap")
    ready, done = threading.Event(), threading.Event()
    engine = sa.create_engine(glance_db.url, poolclass=sa.pool.NullPool)

    def hold() -> None:
        with engine.connect() as connection:
            if glance_db.backend == "sqlite":
                connection.connection.driver_connection.isolation_level = None  # type: ignore[union-attr]  # sqlite3
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                statement = sa.select(locations.c.id).where(locations.c.id == row_id)
                connection.execute(statement.with_for_update()).all()
            ready.set()
            done.wait(60)
            connection.rollback() if glance_db.backend != "sqlite" else connection.exec_driver_sql(
                "ROLLBACK"
            )

    thread = threading.Thread(target=hold)
    thread.start()
    assert ready.wait(30)
    try:
        yield row_id
    finally:
        done.set()
        thread.join()
        engine.dispose()


def test_a_locked_row_is_an_error_and_nothing_is_written(
    glance_db: GlanceDb, locked: int, tmp_path: Path
) -> None:
    changes = [
        Change(
            key=locked,
            before="rbd://old-fsid/images/img/snap",
            after="rbd://a/b/c/d",
            status="changed",
        ),
    ]
    with pytest.raises(DatabaseError, match="locked") as raised:
        apply_changes(glance_db.url, changes, journal=tmp_path / "j", lock_timeout=0.5)
    _assert_clean(raised.value)
    assert not (tmp_path / "j").exists()


def test_an_existing_journal_is_never_overwritten(glance_db: GlanceDb, tmp_path: Path) -> None:
    _fill(glance_db)
    before = glance_db.rows()
    journal = tmp_path / "j"
    journal.write_text("precious\n")
    with pytest.raises(JournalError, match="exists already"):
        apply_changes(
            glance_db.url, _changes(glance_db, RbdRemap(fsids={"old-fsid": "n"})), journal=journal
        )
    assert journal.read_text() == "precious\n"
    assert glance_db.rows() == before


def test_undo_leaves_alone_rows_changed_since(glance_db: GlanceDb, tmp_path: Path) -> None:
    ids = _fill(glance_db)
    journal = tmp_path / "j"
    apply_changes(
        glance_db.url, _changes(glance_db, RbdRemap(fsids={"old-fsid": "n"})), journal=journal
    )
    with glance_db.engine.begin() as connection:
        connection.execute(
            sa.update(locations).where(locations.c.id == ids[1]).values(value="rbd://later")
        )
    report = undo(glance_db.url, journal=journal)
    assert report.restored == (ids[0], *ids[2:5])
    assert report.left_alone == ((ids[1], "its value changed since the journal was written"),)
    values = {row.id: row.value for row in read_locations(glance_db.url)}
    assert values[ids[1]] == "rbd://later"
    assert values[ids[2]] == "rbd://old-fsid/images/img-2/snap"
    # A second undo finds every row back already.
    again = undo(glance_db.url, journal=journal)
    assert again.restored == ()
    assert len(again.left_alone) == 5


def test_undo_of_a_journal_of_another_database_restores_nothing(
    glance_db: GlanceDb, tmp_path: Path
) -> None:
    ids = _fill(glance_db)
    journal = tmp_path / "j"
    apply_changes(
        glance_db.url, _changes(glance_db, RbdRemap(fsids={"old-fsid": "n"})), journal=journal
    )
    lines = journal.read_text().splitlines()
    stranger = json.loads(lines[0]) | {"id": 999_999}
    journal.write_text("\n".join([*lines, json.dumps(stranger)]) + "\n")
    after_apply = glance_db.rows()
    with pytest.raises(JournalError, match="row 999999 is not in this database"):
        undo(glance_db.url, journal=journal)
    assert glance_db.rows() == after_apply
    assert ids


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("not json\n", "line 1: not valid JSON", id="not-json"),
        pytest.param(
            '{"id": 1, "old": {"value": "http://u:s3cr3t@h/x"\n',
            "line 1: not valid JSON",
            id="cut-short",
        ),
        pytest.param(b"\xff s3cr3t\n", "is not valid UTF-8", id="not-utf8"),
        pytest.param("[1]\n", "line 1: not a JSON object", id="not-object"),
        pytest.param('{"id": "1", "image_id": "i"}\n', "line 1: 'id' must be an integer", id="id"),
        pytest.param(
            '{"id": 1, "image_id": "i", "old": {"value": 1}, "new": {"value": "x"}}\n',
            "line 1: 'value' is not a string",
            id="value",
        ),
        pytest.param(
            '{"id": 1, "image_id": "i", "old": {"value": "a"}, "new": {"value": "b"}}\n' * 2,
            "line 2: row 1 twice",
            id="twice",
        ),
    ],
)
def test_a_malformed_journal_is_refused_before_any_write(
    sqlite_db: GlanceDb, tmp_path: Path, content: str | bytes, message: str
) -> None:
    journal = tmp_path / "j"
    journal.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(JournalError, match=message) as raised:
        undo(sqlite_db.url, journal=journal)
    _assert_clean(raised.value)  # json's and codecs' errors hold the text: not chained


def test_a_missing_journal(sqlite_db: GlanceDb, tmp_path: Path) -> None:
    with pytest.raises(JournalError, match=r"cannot read journal .*: No such file"):
        undo(sqlite_db.url, journal=tmp_path / "nope")


def test_only_changed_changes_are_written(sqlite_db: GlanceDb, tmp_path: Path) -> None:
    row_id = sqlite_db.add("rbd://a/b/c/d")
    before = sqlite_db.rows()
    changes = [
        Change(key=row_id, before="rbd://a/b/c/d", status="unchanged"),
        Change(key=row_id, before="rbd://a/b/c/d", status="invalid", reason="x"),
    ]
    assert apply_changes(sqlite_db.url, changes, journal=tmp_path / "j") == 0
    assert sqlite_db.rows() == before
    assert (tmp_path / "j").read_text() == ""


def test_a_new_value_that_is_not_a_valid_location_is_refused(
    sqlite_db: GlanceDb, tmp_path: Path
) -> None:
    row_id = sqlite_db.add("rbd://a/b/c/d")
    bad = [Change(key=row_id, before="rbd://a/b/c/d", after="rbd://a//c/d", status="changed")]
    with pytest.raises(DatabaseError, match=rf"^row {row_id}: the new location is not valid"):
        apply_changes(sqlite_db.url, bad, journal=tmp_path / "j")
    assert not (tmp_path / "j").exists()


def test_the_update_is_guarded_by_the_old_value(glance_db: GlanceDb) -> None:
    """Rows are locked and checked before they are written; the UPDATE itself still
    writes only a row holding the value it was read with, or fails the transaction."""
    from glance_locations.db._apply import update_rows  # noqa: PLC0415 (the private writer)
    from glance_locations.db._engine import DatabaseError, run  # noqa: PLC0415
    from glance_locations.db._journal import Entry  # noqa: PLC0415

    kept = glance_db.add("rbd://fsid/images/a/snap")
    moved = glance_db.add("rbd://fsid/images/b/snap")
    before = glance_db.rows()
    time = datetime.datetime(2026, 1, 2, 3, 4, 5)

    def entry(row_id: int, old: str, new: str) -> Entry:
        return Entry(
            id=row_id, image_id="i", old_value=old, old_meta="{}", new_value=new, new_meta="{}"
        )

    stale = [
        entry(moved, "rbd://fsid/images/b/snap", "rbd://other/images/b/snap"),
        entry(kept, "rbd://fsid/images/NOT-THIS/snap", "rbd://other/images/a/snap"),
    ]
    with pytest.raises(DatabaseError, match="1 rows were not written"):
        run(glance_db.url, lambda c: update_rows(c, stale, time), write=True)
    assert glance_db.rows() == before  # one transaction: the matching row is not written
    fresh = [entry(moved, "rbd://fsid/images/b/snap", "rbd://other/images/b/snap")]
    run(glance_db.url, lambda c: update_rows(c, fresh, time), write=True)
    assert glance_db.row(moved).value == "rbd://other/images/b/snap"
