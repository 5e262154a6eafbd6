"""``db rewrite --assign-backends`` and ``--strip-credentials s3`` against Glance's
backends, end to end: the plan, ``--apply`` (the rows the plan showed) and ``db undo``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.db.conftest import GlanceDb
from tests.db.test_commands import Result, db

FSID = "6f1c8d2e-5b4a-4c3d-9e8f-0a1b2c3d4e5f"
FOREIGN = "11111111-2222-4333-8444-555555555555"
VOLUME = "7a2b0d1e-8d5c-4f1a-9a43-5b2e0c7d9f11"
S3_SECRET = "0ld-s3cr3t"
OLD_KEYS = f"AKIAOLD:{S3_SECRET}@"
S3 = f"s3+https://{OLD_KEYS}s3.example.com"  # written before the keys were rotated

GLANCE_API_CONF = """\
[DEFAULT]
enabled_backends = fast:rbd, images:file, images2:file, objects:s3, archive:s3,
    ceph:cinder, ceph2:cinder

[glance_store]
default_backend = fast

[fast]
rbd_store_pool = images
rbd_store_ceph_conf = ceph.conf

[images]
filesystem_store_datadir = /var/lib/glance/images

[images2]
filesystem_store_datadir = /var/lib/glance/images2

[objects]
s3_store_host = https://s3.example.com
s3_store_access_key = AKIANEW
s3_store_secret_key = n3w-s3cr3t
s3_store_bucket = glance

[archive]
s3_store_host = https://s3.example.com
s3_store_access_key = AKIANEW
s3_store_secret_key = n3w-s3cr3t
s3_store_bucket = archive

[ceph]
cinder_volume_type = ceph

[ceph2]
cinder_volume_type = ceph2
"""


def write_glance_config(directory: Path) -> str:
    """A multi-store glance-api.conf (and the ceph.conf it names) in ``directory``."""
    (directory / "ceph.conf").write_text(f"[global]\nfsid = {FSID}\n")
    path = directory / "glance-api.conf"
    path.write_text(GLANCE_API_CONF)
    return str(path)


def _check(result: Result) -> Result:
    for secret in (S3_SECRET, "n3w-s3cr3t"):
        assert secret not in result.stdout + result.stderr
    return result


def _lines(result: Result) -> dict[int, dict[str, object]]:
    return {int(str(line["id"])): line for line in result.json_lines[:-1]}


def _store(db_: GlanceDb, row_id: int) -> object:
    return json.loads(str(db_.row(row_id).meta_data)).get("store")


def test_assign_backends_plan_apply_undo(sqlite_db: GlanceDb, tmp_path: Path) -> None:
    conf = write_glance_config(tmp_path)
    ids = {
        "no-store": sqlite_db.add(f"rbd://{FSID}/images/img-1/snap", meta=None),
        "wrong": sqlite_db.add(
            "file:///var/lib/glance/images2/img-2", meta={"store": "images", "note": "kept"}
        ),
        "right": sqlite_db.add("file:///var/lib/glance/images/img-3", meta={"store": "images"}),
        "ambiguous": sqlite_db.add(f"cinder://{VOLUME}"),
        "unmatched": sqlite_db.add(f"rbd://{FOREIGN}/images/img-4/snap"),
        "not-object": sqlite_db.add(f"rbd://{FSID}/images/img-5/snap", meta="[1]"),
        "placeholder": sqlite_db.add(
            "pending://parallel-import/img-6/fast",
            image_id="img-6",
            meta={"store": "fast", "os_glance_parallel_import": "pending"},
            status="pending",
        ),
    }
    before = sqlite_db.rows()
    args = ("rewrite", sqlite_db.url, "--assign-backends", "--glance-config", conf)
    plan = _check(db(*args, "--json"))
    assert plan.status == 1  # refused rows
    lines = _lines(plan)
    assert set(lines) == {ids[n] for n in ("no-store", "wrong", "ambiguous", "unmatched",
                                          "not-object")}  # fmt: skip
    assert lines[ids["no-store"]]["store_after"] == "fast"
    assert (lines[ids["wrong"]]["store_before"], lines[ids["wrong"]]["store_after"]) == (
        "images",
        "images2",
    )
    assert lines[ids["wrong"]]["before"] == lines[ids["wrong"]]["after"]
    ambiguous = str(lines[ids["ambiguous"]]["reason"])
    assert lines[ids["ambiguous"]]["status"] == "refused"
    assert "ambiguous: 'ceph', 'ceph2'" in ambiguous
    assert "unmatched" in str(lines[ids["unmatched"]]["reason"])
    assert "meta_data is not a JSON object" in str(lines[ids["not-object"]]["reason"])
    assert plan.summary == {
        "rows": 7, "changed": 2, "unchanged": 2, "invalid": 0, "refused": 3, "skipped": 0,
        "written": 0, "journal": None,
    }  # fmt: skip
    assert sqlite_db.rows() == before  # a plan writes nothing

    text = _check(db(*args))
    assert f"row {ids['wrong']} (image " in text.stdout
    assert "meta_data.store 'images' -> 'images2' [AssignBackends]" in text.stdout

    journal = tmp_path / "journal.jsonl"
    applied = _check(db(*args, "--apply", "--journal", str(journal)))
    assert applied.status == 1
    assert "2 rows written" in applied.stdout
    assert _store(sqlite_db, ids["no-store"]) == "fast"
    assert json.loads(str(sqlite_db.row(ids["wrong"]).meta_data)) == {
        "store": "images2",
        "note": "kept",
    }
    assert sqlite_db.row(ids["wrong"]).value == "file:///var/lib/glance/images2/img-2"
    unchanged = [r for r in sqlite_db.rows() if r[0] not in (ids["no-store"], ids["wrong"])]
    assert unchanged == [r for r in before if r[0] not in (ids["no-store"], ids["wrong"])]
    again = db(*args, "--json")
    assert again.summary["changed"] == 0  # type: ignore[index]

    undone = db("undo", sqlite_db.url, "--journal", str(journal))
    assert undone.status == 0, undone.stdout
    assert sqlite_db.rows() == before


def test_assign_backends_needs_the_glance_config(sqlite_db: GlanceDb) -> None:
    sqlite_db.add(f"rbd://{FSID}/images/img-1/snap")
    result = db("rewrite", sqlite_db.url, "--assign-backends")
    assert result.status == 2
    assert "--assign-backends needs --glance-config FILE" in result.stderr


def _s3_rows(db_: GlanceDb) -> dict[str, int]:
    return {
        "stored": db_.add(f"{S3}/glance/a", meta={"store": "objects"}),
        "no-store": db_.add(f"{S3}/glance/b"),
        "rbd-store": db_.add(f"{S3}/glance/c", meta={"store": "fast"}),
        "other-bucket": db_.add(f"{S3}/archive/d", meta={"store": "objects"}),
    }


@pytest.mark.parametrize(
    ("flags", "changed", "refused"),
    [
        pytest.param((), {"stored", "rbd-store", "other-bucket"}, {"no-store"}, id="no-config"),
        pytest.param(
            ("--glance-config",), {"stored"}, {"no-store", "rbd-store", "other-bucket"},
            id="glance-config",
        ),
        pytest.param(
            ("--glance-config", "--assign-backends"),
            {"stored", "no-store", "rbd-store", "other-bucket"}, set[str](),
            id="assigned-in-the-same-run",
        ),
    ],
)  # fmt: skip
def test_strip_s3_credentials_needs_the_rows_s3_backend(
    sqlite_db: GlanceDb,
    tmp_path: Path,
    flags: tuple[str, ...],
    changed: set[str],
    refused: set[str],
) -> None:
    conf = write_glance_config(tmp_path)
    ids = _s3_rows(sqlite_db)
    names = {row_id: name for name, row_id in ids.items()}
    args = [a if a != "--glance-config" else f"--glance-config={conf}" for a in flags]
    plan = _check(db("rewrite", sqlite_db.url, "--strip-credentials", "s3", *args, "--json"))
    lines = _lines(plan)
    assert {names[i] for i, line in lines.items() if line["type"] == "change"} == changed
    assert {names[i] for i, line in lines.items() if line.get("status") == "refused"} == refused
    reasons = {names[i]: str(line.get("reason")) for i, line in lines.items()}
    if "no-store" in refused:
        assert "meta_data.store" in reasons["no-store"]
    if "rbd-store" in refused:
        assert "'fast' is no s3 backend" in reasons["rbd-store"]
    if "other-bucket" in refused:
        assert "belongs to 'archive'" in reasons["other-bucket"]
    journal = tmp_path / "journal.jsonl"
    applied = _check(db("rewrite", sqlite_db.url, "--strip-credentials", "s3", *args,
                        "--apply", "--journal", str(journal)))  # fmt: skip
    assert f"{len(changed)} rows written" in applied.stdout
    for name, row_id in ids.items():
        value = sqlite_db.row(row_id).value
        assert (S3_SECRET in value) == (name not in changed)
    if "--assign-backends" in flags:
        assert _store(sqlite_db, ids["no-store"]) == "objects"
        assert _store(sqlite_db, ids["other-bucket"]) == "archive"


def test_at_in_a_credential_free_s3_key_stays(glance_db: GlanceDb, tmp_path: Path) -> None:
    """Glance 33's lazy migration cuts every s3 URI at its last '@'; ours keeps the key."""
    conf = write_glance_config(tmp_path)
    backup = "s3+https://s3.example.com/glance/backup@2024-05-01"
    keyed = f"s3+https://{OLD_KEYS}s3.example.com/glance/img%40v2"
    kept = glance_db.add(backup)
    stripped = glance_db.add(keyed)
    journal = tmp_path / "journal.jsonl"
    result = _check(db("rewrite", glance_db.url, "--strip-credentials", "s3", "--assign-backends",
                       "--glance-config", conf, "--apply", "--journal", str(journal)))  # fmt: skip
    assert result.status == 0, result.stdout
    assert glance_db.row(kept).value == backup
    assert _store(glance_db, kept) == "objects"
    assert glance_db.row(stripped).value == "s3+https://s3.example.com/glance/img%40v2"
    audit = db("audit", glance_db.url, "--glance-config", conf, "--strict-backends", "--json")
    assert audit.status == 0, audit.stdout
    assert audit.summary["with_credentials"] == 0  # type: ignore[index]
