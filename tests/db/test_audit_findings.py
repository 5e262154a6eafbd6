"""``db audit``'s findings: against Glance's backends (``--glance-config``), and the rows
Glance 33 leaves behind (placeholders, orphans, rows awaiting the scrubber), end to end.

The backends are tests/backends_data/glance-api.conf (two Ceph clusters, file backends
whose directories are prefixes of each other, cinder ``ceph`` and ``ceph2``, s3 after a
key rotation, swift through references, http, vSphere).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from glance_locations.db._schema import images, locations
from tests.db.conftest import GlanceDb
from tests.db.test_commands import Result, db

DATA = Path(__file__).parents[1] / "backends_data"
CONF = str(DATA / "glance-api.conf")
FSID_A = "6f1c8d2e-5b4a-4c3d-9e8f-0a1b2c3d4e5f"
FOREIGN = "11111111-2222-4333-8444-555555555555"
VOLUME = "7a2b0d1e-8d5c-4f1a-9a43-5b2e0c7d9f11"
CONFIG_SECRETS = ("n3w/S3cret+Key", "Sw1ftK3y", "B4ckupK3y", "Vc3nter!Pass")
OLD_S3_SECRET = "old/secret2024"


def _no_secret(result: Result) -> None:
    for secret in (*CONFIG_SECRETS, OLD_S3_SECRET, "old%2Fsecret2024"):
        assert secret not in result.stdout + result.stderr


def _findings(result: Result) -> list[tuple[object, str]]:
    return [
        (line["id"], str(line["finding"]))
        for line in result.json_lines[:-1]
        if line["type"] == "finding"
    ]


def _backend_rows(db_: GlanceDb) -> dict[str, int]:
    return {
        "clean": db_.add(f"rbd://{FSID_A}/images/img-1/snap", meta={"store": "ceph_a"}),
        "missing": db_.add(f"rbd://{FSID_A}/images/img-2/snap"),
        # images2's directory starts with images': Glance records the wrong one
        "mismatch": db_.add("file:///var/lib/glance/images2/img-3", meta={"store": "images"}),
        "unknown": db_.add(f"cinder://ceph/{VOLUME}", meta={"store": "lvm-old"}),
        # backend ceph's prefix cinder://ceph also starts cinder://ceph2/...
        "divergence": db_.add(f"cinder://ceph2/{VOLUME}", meta={"store": "ceph2"}),
        "ambiguous": db_.add(f"cinder://{VOLUME}", meta={"store": "ceph"}),
        "foreign": db_.add(f"rbd://{FOREIGN}/images/img-4/snap", meta={"store": "ceph_a"}),
        # written before the key rotation: the s3 prefix holds no keys, Glance matches none
        "s3-keys": db_.add(
            "s3+https://AKIAOLDKEY2024:old%2Fsecret2024@rgw.example.com:8443/glance/img-5",
            meta={"store": "objects"},
        ),
        "swift": db_.add("swift+config://ref1/glance/img-6", meta={"store": "swift_ref"}),
    }


def test_backend_findings_per_row_and_by_backend(sqlite_db: GlanceDb) -> None:
    ids = _backend_rows(sqlite_db)
    result = db("audit", sqlite_db.url, "--glance-config", CONF, "--json",
                "--swift-config", str(DATA / "glance-swift.conf"))  # fmt: skip
    _no_secret(result)
    assert result.status == 0, result.stderr  # findings alone are no problem
    assert sorted(_findings(result), key=str) == sorted(
        [
            (ids["missing"], "backend-missing"),
            (ids["mismatch"], "backend-mismatch"),
            (ids["mismatch"], "prefix-divergence"),
            (ids["unknown"], "backend-unknown"),
            (ids["divergence"], "prefix-divergence"),
            (ids["ambiguous"], "ambiguous"),
            (ids["foreign"], "unmatched"),
            (ids["foreign"], "rbd-foreign-cluster"),
            (ids["s3-keys"], "prefix-divergence"),
        ],
        key=str,
    )
    lines = {
        (line["id"], line["finding"]): line
        for line in result.json_lines[:-1]
        if line["type"] == "finding"
    }
    mismatch = lines[ids["mismatch"], "backend-mismatch"]
    assert "'images2'" in str(mismatch["reason"])
    assert mismatch["backend"] == "images"
    ambiguous = str(lines[ids["ambiguous"], "ambiguous"]["reason"])
    assert "'ceph', 'ceph2'" in ambiguous
    assert lines[ids["s3-keys"], "prefix-divergence"]["uri"] == (
        "s3+https://AKIAOLDKEY2024:***@rgw.example.com:8443/glance/img-5"
    )
    summary = result.summary
    assert isinstance(summary, dict)
    assert summary["findings"] == {
        "backend-missing": {"": 1},
        "backend-unknown": {"lvm-old": 1},
        "backend-mismatch": {"images": 1},
        "unmatched": {"ceph_a": 1},
        "ambiguous": {"ceph": 1},
        "prefix-divergence": {"ceph2": 1, "images": 1, "objects": 1},
        "rbd-foreign-cluster": {"ceph_a": 1},
    }


def test_strict_backends_makes_findings_the_exit_status(sqlite_db: GlanceDb) -> None:
    sqlite_db.add(f"rbd://{FSID_A}/images/img-1/snap", meta={"store": "ceph_a"})
    clean = db("audit", sqlite_db.url, "--glance-config", CONF, "--strict-backends")
    assert clean.status == 0, clean.stdout
    assert "findings: none" in clean.stdout
    sqlite_db.add(f"rbd://{FSID_A}/images/img-2/snap")
    found = db("audit", sqlite_db.url, "--glance-config", CONF, "--strict-backends")
    assert found.status == 1
    assert "backend-missing: meta_data has no store; it belongs to 'ceph_a'" in found.stdout
    table = found.stdout.splitlines()[-1].split()
    assert table == ["backend-missing", "(none)", "1"]
    assert db("audit", sqlite_db.url, "--glance-config", CONF).status == 0


def test_ceph_fsid_flag_names_the_cluster(sqlite_db: GlanceDb) -> None:
    """--ceph-fsid NAME=FSID replaces the fsid of the backend's ceph.conf."""
    row = sqlite_db.add(f"rbd://{FOREIGN}/images/img-1/snap", meta={"store": "ceph_a"})
    result = db("audit", sqlite_db.url, "--glance-config", CONF, "--json",
                "--ceph-fsid", f"ceph_a={FOREIGN}")  # fmt: skip
    assert result.status == 0, result.stderr
    assert _findings(result) == []
    before = db("audit", sqlite_db.url, "--glance-config", CONF, "--json")
    assert (row, "rbd-foreign-cluster") in _findings(before)


def test_bad_glance_config_is_one_line_naming_it(sqlite_db: GlanceDb, tmp_path: Path) -> None:
    sqlite_db.add(f"rbd://{FSID_A}/images/img-1/snap")
    missing = db("audit", sqlite_db.url, "--glance-config", str(tmp_path / "nope.conf"))
    assert missing.status == 2
    assert missing.stdout == ""
    assert "nope.conf" in missing.stderr
    assert len(missing.stderr.splitlines()) == 1
    bad = tmp_path / "glance-api.conf"
    bad.write_text(
        "[DEFAULT]\nenabled_backends = s3a:s3\n[glance_store]\ndefault_backend = s3a\n"
        "[s3a]\ns3_store_secret_key = T0p-s3cret99\ns3_store_thread_pools = many\n"
    )
    refused = db("audit", sqlite_db.url, "--glance-config", str(bad))
    assert refused.status == 2
    assert refused.stdout == ""
    assert "[s3a] s3_store_thread_pools" in refused.stderr, refused.stderr
    assert "T0p-s3cret99" not in refused.stderr
    no_config = db("audit", sqlite_db.url, "--strict-backends")
    assert no_config.status == 2
    assert "--strict-backends needs --glance-config" in no_config.stderr


# --- lifecycle -------------------------------------------------------------------------

NOW = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
OLD = NOW - datetime.timedelta(days=30)
RECENT = NOW - datetime.timedelta(hours=1)


def _image(db_: GlanceDb, image_id: str, status: str, *, deleted: bool = False) -> None:
    with db_.engine.begin() as connection:
        connection.execute(
            images.insert().values(
                id=image_id, status=status, created_at=OLD, deleted=deleted, min_disk=0,
                min_ram=0,
            )
        )  # fmt: skip


def _row(
    db_: GlanceDb,
    image_id: str,
    value: str,
    meta: dict[str, str],
    *,
    status: str = "active",
    changed: datetime.datetime = OLD,
    deleted: bool = False,
) -> int:
    with db_.engine.begin() as connection:
        result = connection.execute(
            locations.insert().values(
                image_id=image_id, value=value, meta_data=json.dumps(meta), status=status,
                created_at=OLD, updated_at=changed, deleted=deleted,
                deleted_at=changed if deleted else None,
            )
        )  # fmt: skip
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])


def _placeholder(image_id: str, store: str) -> tuple[str, dict[str, str]]:
    """A row exactly as glance 33.0.0's parallel import writes it (docs/backends.md)."""
    return (
        f"pending://parallel-import/{image_id}/{store}",
        {"store": store, "os_glance_parallel_import": "pending"},
    )


def _lifecycle_rows(db_: GlanceDb) -> dict[str, object]:
    ids: dict[str, object] = {}
    # an import still running: its placeholder is recent
    _image(db_, "img-running", "importing")
    ids["running"] = _row(db_, "img-running", *_placeholder("img-running", "ceph_a"),
                          status="pending", changed=RECENT)  # fmt: skip
    # a worker killed a month ago: the placeholder stays
    _image(db_, "img-killed", "importing")
    ids["killed"] = _row(db_, "img-killed", *_placeholder("img-killed", "ceph_b"),
                         status="uploading")  # fmt: skip
    # the image became active elsewhere, one store's row never finished
    _image(db_, "img-settled", "active")
    _row(db_, "img-settled", f"rbd://{FSID_A}/images/img-settled/snap", {"store": "ceph_a"})
    ids["settled"] = _row(db_, "img-settled", *_placeholder("img-settled", "ceph_b"),
                          status="pending", changed=RECENT)  # fmt: skip
    # an image deleted while its location row stayed live
    _image(db_, "img-gone", "deleted", deleted=True)
    ids["orphan"] = _row(db_, "img-gone", f"cinder://ceph/{VOLUME}", {"store": "ceph"})
    # an active image whose only location is deleted
    _image(db_, "img-empty", "active")
    _row(db_, "img-empty", "file:///var/lib/glance/images/img-empty", {"store": "images"},
         status="deleted", deleted=True)  # fmt: skip
    ids["empty"] = "img-empty"
    # delayed_delete: rows the scrubber has not emptied, one old and one new
    _image(db_, "img-scrub", "pending_delete", deleted=True)
    scrub = "file:///var/lib/glance/images/img-scrub"
    ids["scrub-old"] = _row(db_, "img-scrub", scrub, {"store": "images"},
                            status="pending_delete", deleted=True)  # fmt: skip
    _row(db_, "img-scrub", "file:///var/lib/glance/images/img-scrub2", {"store": "images"},
         status="pending_delete", deleted=True, changed=RECENT)  # fmt: skip
    return ids


def test_lifecycle_findings(glance_db: GlanceDb) -> None:
    ids = _lifecycle_rows(glance_db)
    before = glance_db.rows()
    result = db("audit", glance_db.url, "--json")
    assert result.status == 0, result.stdout  # placeholders are never invalid
    assert sorted(_findings(result), key=str) == sorted(
        [
            (ids["running"], "placeholder"),
            (ids["killed"], "placeholder"),
            (ids["killed"], "stale-placeholder"),
            (ids["settled"], "placeholder"),
            (ids["settled"], "stale-placeholder"),
            (ids["orphan"], "orphan"),
            (None, "no-location"),
        ],
        key=str,
    )
    no_location = [line for line in result.json_lines if line.get("finding") == "no-location"]
    assert no_location[0]["image_id"] == ids["empty"]
    summary = result.summary
    assert isinstance(summary, dict)
    assert summary["invalid"] == 0
    assert summary["placeholders"] == 3
    assert summary["by_store"]["placeholder"] == {"rows": 3, "valid": 0, "invalid": 0}
    assert summary["findings"] == {
        "placeholder": {"ceph_a": 1, "ceph_b": 2},
        "stale-placeholder": {"ceph_b": 2},
        "orphan": {"ceph": 1},
        "no-location": {"": 1},
    }
    assert glance_db.rows() == before  # read only


def test_stale_after_and_the_scrubber(glance_db: GlanceDb) -> None:
    ids = _lifecycle_rows(glance_db)
    # half an hour: the running import's placeholder (an hour old) is stale too
    short = db("audit", glance_db.url, "--json", "--stale-after", "0.5")
    assert (ids["running"], "stale-placeholder") in _findings(short)
    assert not any(f == "awaiting-scrubber" for _, f in _findings(short))
    # pending_delete rows are stored deleted: only with --include-deleted, only the old one
    deleted = db("audit", glance_db.url, "--json", "--include-deleted")
    assert [i for i, f in _findings(deleted) if f == "awaiting-scrubber"] == [ids["scrub-old"]]
    assert (ids["running"], "stale-placeholder") not in _findings(deleted)
    text = db("audit", glance_db.url, "--include-deleted")
    assert f"row {ids['scrub-old']} (image img-scrub): awaiting-scrubber (backend images)" in (
        text.stdout
    )
    assert db("audit", glance_db.url, "--stale-after", "-1").status == 2
