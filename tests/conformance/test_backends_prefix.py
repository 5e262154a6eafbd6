"""``BackendMap.glance_prefix_match`` against glance_store 5.7.0's own prefixes.

For each configuration, glance_store computes every store's ``url_prefix`` in a fresh
interpreter (tests/conformance/glance_prefixes.py: glance-api's start-up path); for every
generated URI, the store Glance 33 records (``glance/common/store_utils.py``
``_get_store_id_from_uri``: the URI's scheme as ``urlparse`` reads it, then the first
store registered for it whose prefix starts the URI) must be what ``glance_prefix_match``
returns.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glance_locations.backends import BackendMap

ROOT = Path(__file__).resolve().parents[2]
FSID_A = "6f1c8d2e-5b4a-4c3d-9e8f-0a1b2c3d4e5f"
FSID_B = "0d9c8b7a-6f5e-4d3c-8b2a-190817263544"

Table = dict[str, list[list[str | None]]]

#: Three configurations: the realistic one of tests/test_backends.py (data directories
#: moved under a temporary directory, which glance_store creates); one of the other forms
#: (swift credentials in the prefix, an http s3 host, datadirs, an empty pool, an IPv6
#: vCenter and a relative image directory); and one whose backends glance_store fails to
#: configure softly (no prefix), with application credentials and a container seed.
CONFIGS = {
    "realistic": """
[DEFAULT]
enabled_backends = ceph_a:rbd, ceph_b:rbd, images:file, images2:file, ceph:cinder,
  ceph2:cinder, objects:s3, swift_ref:swift, web:http, vc:vmware
[glance_store]
default_backend = ceph_a
[os_glance_staging_store]
filesystem_store_datadir = {tmp}/staging/
[os_glance_tasks_store]
filesystem_store_datadir = {tmp}/tasks
[ceph_a]
rbd_store_pool = images
rbd_store_ceph_conf = {tmp}/ceph-a.conf
[ceph_b]
rbd_store_pool = images
rbd_store_ceph_conf = {tmp}/ceph-b.conf
[images]
filesystem_store_datadir = {tmp}/images
[images2]
filesystem_store_datadir =
filesystem_store_datadirs = {tmp}/images2:200
filesystem_store_datadirs = {tmp}/images2/slow:100
[ceph]
cinder_volume_type = ceph
[ceph2]
cinder_volume_type = ceph2
[objects]
s3_store_host = https://rgw.example.com:8443
s3_store_access_key = AKIANEWKEY2026
s3_store_secret_key = n3w/S3cret+Key
s3_store_bucket = glance
[swift_ref]
swift_store_config_file = {tmp}/glance-swift.conf
default_swift_reference = ref1
[web]
https_insecure = false
[vc]
vmware_server_host = vcenter.example.com
vmware_server_username = administrator@vsphere.local
vmware_server_password = Vc3nter!Pass
vmware_datastores = dc1:datastore1:100
""",
    "other-forms": """
[DEFAULT]
enabled_backends = fs:file, fs2:file, pool0:rbd, plain:s3, sw:swift, sw2:swift, vc6:vmware
[glance_store]
default_backend = fs
[backend_defaults]
filesystem_store_datadir = {tmp}/defaults
rbd_store_pool = vms
swift_store_config_file = {tmp}/glance-swift.conf
swift_store_multi_tenant = true
[os_glance_staging_store]
[fs]
[fs2]
filesystem_store_datadir = {tmp}/defaults2
[pool0]
rbd_store_pool =
rbd_store_ceph_conf = {tmp}/ceph-b.conf
[plain]
s3_store_host = http://minio.local:9000/
s3_store_access_key = minio
s3_store_secret_key = minio123
s3_store_bucket = images
[sw]
swift_store_auth_address = http://keystone.example.com:5000/v3/
swift_store_user = service:glance
swift_store_key = k@y/2026
swift_store_container = /images/
[sw2]
swift_store_auth_address = https://keystone.example.com/v3
swift_store_user = service:glance
[vc6]
vmware_server_host = fd00::10
vmware_server_username = root
vmware_server_password = secret
vmware_store_image_dir = glance
""",
    "soft-failures": """
[DEFAULT]
enabled_backends = both:file, dup:file, prio:file, nosecret:s3, chunk:s3, noref:swift,
  app:swift, badds:vmware, w1:http, w2:http, seed:swift, quoted:rbd
[glance_store]
default_backend = w1
[os_glance_staging_store]
filesystem_store_datadir = {tmp}/staging
[os_glance_tasks_store]
filesystem_store_datadir = {tmp}/tasks
[both]
filesystem_store_datadirs = {tmp}/both:1
[dup]
filesystem_store_datadir =
filesystem_store_datadirs = {tmp}/dup:1
filesystem_store_datadirs = {tmp}/dup:2
[prio]
filesystem_store_datadir =
filesystem_store_datadirs = {tmp}/prio:high
[nosecret]
s3_store_host = rgw.example.com
s3_store_access_key = AK
s3_store_bucket = glance
[chunk]
s3_store_host = rgw.example.com
s3_store_access_key = AK
s3_store_secret_key = SK
s3_store_bucket = glance
s3_store_large_object_chunk_size = 4
[noref]
swift_store_config_file = {tmp}/glance-swift.conf
default_swift_reference = nosuchref
[app]
swift_store_auth_address = https://keystone.example.com/v3
swift_store_application_credential_id = appid
swift_store_application_credential_secret = appsecret
[badds]
vmware_server_host = 10.0.0.5
vmware_server_username = root
vmware_server_password = secret
vmware_datastores = onlyname
[seed]
swift_store_config_file = {tmp}/glance-swift.conf
swift_store_multiple_containers_seed = 3
swift_store_container = images
[quoted]
rbd_store_pool = "ssd/pool #1"
rbd_store_ceph_conf = '{tmp}/ceph-a.conf'
""",
}

SWIFT_CONF = """
[ref1]
user = service:glance
key = Sw1ftK3y
auth_address = https://keystone.example.com:5000/v3
"""


def _glance_store_table(conf: Path) -> Table:
    """glance_store's registered stores and prefixes for ``conf`` (a fresh interpreter)."""
    result = subprocess.run(  # noqa: S603 (our interpreter, our script)
        [sys.executable, "-m", "tests.conformance.glance_prefixes", str(conf)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    table: Table = json.loads(result.stdout)
    return table


def _glance_pick(table: Table, uri: str) -> str | None:
    """Glance 33's ``_get_store_id_from_uri`` over glance_store's registered stores
    (``None`` where it logs "Unknown scheme" or "Invalid location uri", and where
    ``urlparse`` raises)."""
    try:
        scheme = urllib.parse.urlparse(uri).scheme
    except ValueError:
        return None
    for store, prefix in table.get(scheme, []):
        if prefix and uri.startswith(prefix):
            return store
    return None


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def configured(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[BackendMap, Table]:
    name: str = request.param
    tmp = tmp_path_factory.mktemp(name)
    (tmp / "ceph-a.conf").write_text(f"[global]\nfsid = {FSID_A}\n")
    (tmp / "ceph-b.conf").write_text(f"[global]\nfsid = {FSID_B} ; site B\n")
    (tmp / "glance-swift.conf").write_text(SWIFT_CONF)
    conf = tmp / "glance-api.conf"
    conf.write_text(CONFIGS[name].replace("{tmp}", str(tmp)))
    return BackendMap.from_glance_config(conf), _glance_store_table(conf)


def test_same_prefixes_as_glance_store(configured: tuple[BackendMap, Table]) -> None:
    """Every store glance_store registers, with its prefix, in registration order."""
    mapped, table = configured
    ours = [(b.name, b.url_prefix) for b in (*mapped.backends.values(), *mapped.reserved)]
    for stores in table.values():
        names = [name for name, _ in stores]
        assert [pair for pair in ours if pair[0] in names] == [tuple(pair) for pair in stores]


_PIECES = st.sampled_from(
    ["/", "//", "2", "_x", "/img", "%2F", "@", ":", "?q=1", "[", "]", "glance", "images", "ceph"]
)


def _near(prefix: str, cut: int, tail: list[str]) -> str:
    return prefix[: len(prefix) - cut] + "".join(tail)


def _rescheme(scheme: str, prefix: str, tail: str) -> str:
    return scheme + prefix[prefix.find(":") :] + tail


def _uris(table: Table) -> st.SearchStrategy[str]:
    """URIs near every prefix: the prefix itself cut or extended, other schemes, junk."""
    prefixes = sorted({p for stores in table.values() for _, p in stores if p})
    schemes = sorted(table)
    near = st.builds(
        _near,
        st.sampled_from(prefixes),
        st.integers(min_value=0, max_value=3),
        st.lists(_PIECES, max_size=4),
    )
    rescheme = st.builds(
        _rescheme, st.sampled_from(schemes), st.sampled_from(prefixes), st.text(max_size=8)
    )
    return st.one_of(near, rescheme, st.text(max_size=40))


def _check(configured: tuple[BackendMap, Table]) -> Callable[[str], None]:
    mapped, table = configured

    def check(uri: str) -> None:
        assert mapped.glance_prefix_match(uri) == _glance_pick(table, uri), uri

    return check


@given(data=st.data())
def test_glance_prefix_match_is_glance_stores_rule(
    configured: tuple[BackendMap, Table], data: st.DataObject
) -> None:
    check = _check(configured)
    check(data.draw(_uris(configured[1])))
