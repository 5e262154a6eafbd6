"""Bad glance-api.conf files: refused naming the file, section and option, never a value,
with nothing chained to the error."""

from __future__ import annotations

from pathlib import Path

import pytest

from glance_locations.backends import BackendMap
from glance_locations.exceptions import BadStoreConfiguration

SECRET = "Pa$$w0rd-Do-Not-Print"
HEAD = "[DEFAULT]\nenabled_backends = {backends}\n[glance_store]\ndefault_backend = {default}\n"


def _refused(path: Path, **kwargs: object) -> BadStoreConfiguration:
    with pytest.raises(BadStoreConfiguration) as info:
        BackendMap.from_glance_config(path, **kwargs)  # type: ignore[arg-type]
    error = info.value
    assert error.__cause__ is None
    assert error.__suppress_context__ or error.__context__ is None
    for text in (str(error), repr(error)):
        assert SECRET not in text
        assert "Do-Not-Print" not in text
    return error


def _conf(tmp_path: Path, backends: str, default: str, body: str) -> Path:
    path = tmp_path / "glance-api.conf"
    path.write_text(HEAD.format(backends=backends, default=default) + body)
    return path


@pytest.mark.parametrize(
    ("backends", "default", "body", "message"),
    [
        pytest.param(
            "s3a:s3",
            "s3a",
            f"[s3a]\ns3_store_secret_key = {SECRET}\ns3_store_thread_pools = many\n",
            "[s3a] s3_store_thread_pools: not an integer",
            id="bad-integer-next-to-secret",
        ),
        pytest.param(
            "s3a:s3",
            "s3a",
            "[s3a]\ns3_store_host = rgw\ns3_store_access_key = AK\n"
            "s3_store_secret_key = Do-Not-Print$HOME\n",
            "[s3a] s3_store_secret_key: oslo.config would substitute a '$' variable",
            id="substitution-in-secret",
        ),
        pytest.param(
            "vc:vmware",
            "vc",
            f"[vc]\nvmware_server_host = vc.example.com\nvmware_server_password = {SECRET}\n",
            "[vc] vmware_server_username: missing or empty",
            id="vmware-without-user",
        ),
        pytest.param(
            "sw:swift",
            "sw",
            f"[sw]\nswift_store_multi_tenant = maybe\nswift_store_key = {SECRET}\n",
            "[sw] swift_store_multi_tenant: not a boolean",
            id="bad-boolean",
        ),
        pytest.param(
            "sw:swift",
            "sw",
            "[sw]\nswift_store_config_file = missing-swift.conf\n",
            "[sw] swift_store_config_file: cannot read swift config",
            id="missing-swift-config",
        ),
        pytest.param(
            "c:rbd",
            "c",
            "[c]\nrbd_store_ceph_conf = /nonexistent/ceph.conf\n",
            "[c] rbd_store_ceph_conf: cannot read '/nonexistent/ceph.conf'",
            id="missing-ceph-conf",
        ),
        pytest.param(
            "a:nfs",
            "a",
            "",
            "[DEFAULT] enabled_backends: backend 'a' has type 'nfs'",
            id="unknown-type",
        ),
        pytest.param(
            "a:file, a:rbd", "a", "", "enabled_backends: names backend 'a' twice", id="twice"
        ),
        pytest.param(
            "os_glance_x:file",
            "os_glance_x",
            "",
            "the 'os_glance_' prefix is reserved",
            id="reserved",
        ),
        pytest.param(
            "a:file",
            "b",
            "",
            "[glance_store] default_backend: names no enabled backend",
            id="default",
        ),
        pytest.param("a", "a", "", "not NAME:TYPE pairs", id="no-type"),
    ],
)
def test_refused_naming_file_section_option(
    tmp_path: Path, backends: str, default: str, body: str, message: str
) -> None:
    error = _refused(_conf(tmp_path, backends, default, body))
    assert str(tmp_path / "glance-api.conf") in str(error)
    assert message in str(error)


def test_missing_file(tmp_path: Path) -> None:
    error = _refused(tmp_path / "nope.conf")
    shown = repr(str(tmp_path / "nope.conf"))
    assert str(error) == f"cannot read glance-api.conf {shown}: No such file or directory"


def test_malformed_line_is_named_by_number_not_text(tmp_path: Path) -> None:
    path = tmp_path / "glance-api.conf"
    path.write_text(f"[DEFAULT]\nenabled_backends = a:http\n[a]\ns3_store_secret_key {SECRET}\n")
    error = _refused(path)
    assert str(error).endswith("line 4: not 'key = value', a [section] header or a comment")


def test_not_multi_store(tmp_path: Path) -> None:
    path = tmp_path / "glance-api.conf"
    path.write_text("[DEFAULT]\nworkers = 2\n")
    assert "enabled_backends: missing or empty (Glance is not multi-store)" in str(_refused(path))


def test_ceph_fsids_must_name_rbd_backends_and_be_uuids(tmp_path: Path) -> None:
    path = _conf(tmp_path, "c:rbd, w:http", "c", "[c]\nrbd_store_ceph_conf = /nonexistent\n")
    assert "ceph_fsids names 'w', which is no rbd backend" in str(
        _refused(path, ceph_fsids={"w": "6f1c8d2e-5b4a-4c3d-9e8f-0a1b2c3d4e5f"})
    )
    assert "ceph_fsids['c'] is not a UUID" in str(_refused(path, ceph_fsids={"c": SECRET}))


def test_invalid_ceph_fsid_in_file(tmp_path: Path) -> None:
    (tmp_path / "ceph.conf").write_text(f"[global]\nfsid = {SECRET}\n")
    path = _conf(tmp_path, "c:rbd", "c", f"[c]\nrbd_store_ceph_conf = {tmp_path / 'ceph.conf'}\n")
    assert "[global] fsid is not a UUID" in str(_refused(path))


def test_continuation_and_colon_syntax_as_oslo_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "glance-api.conf"
    path.write_text(
        "[DEFAULT]\nenabled_backends: a:file\n[glance_store]\ndefault_backend = a\n"
        "[A]\nfilesystem_store_datadir = '/srv/images'\n"
    )
    mapped = BackendMap.from_glance_config(path)
    assert mapped.backends["a"].url_prefix == "file:///srv/images"


def test_ceph_fsids_type(tmp_path: Path) -> None:
    path = _conf(tmp_path, "c:rbd", "c", "[c]\nrbd_store_ceph_conf = /nonexistent\n")
    with pytest.raises(TypeError, match="ceph_fsids must be a mapping, not list"):
        BackendMap.from_glance_config(path, ceph_fsids=[])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"ceph_fsids\['c'\] must be a str, not int"):
        BackendMap.from_glance_config(path, ceph_fsids={"c": 1})  # type: ignore[dict-item]
