"""vsphere:// locations."""

from __future__ import annotations

import pickle
import posixpath
import urllib.parse

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import glance_locations as gl
from glance_locations import BadStoreUri, VMwareStoreLocation

from .helpers import assert_fields

GOOD = [
    pytest.param(
        "vsphere://ip/folder/openstack_glance/2332298?dcPath=dc&dsName=ds",
        {
            "scheme": "vsphere",
            "server_host": "ip",
            "path": "/folder/openstack_glance/2332298",
            "query": "dcPath=dc&dsName=ds",
            "datacenter_path": "dc",
            "datastore_name": "ds",
            "https_url": "https://ip/folder/openstack_glance/2332298?dcPath=dc&dsName=ds",
        },
        id="documented",
    ),
    pytest.param(
        "vsphere://[2001:db8::5]/folder/openstack_glance/abc?dsName=ds",
        {
            "scheme": "vsphere",
            "server_host": "2001:db8::5",
            "path": "/folder/openstack_glance/abc",
            "query": "dsName=ds",
            "datacenter_path": None,
            "datastore_name": "ds",
            "https_url": "https://[2001:db8::5]/folder/openstack_glance/abc?dsName=ds",
        },
        id="ipv6-no-dcpath",
    ),
    pytest.param(
        (
            "vsphere://vc.example.com/folder/glance images/deep/1"
            "?dsName=data+store%201&dcPath=dc%2Fsub"
        ),
        {
            "server_host": "vc.example.com",
            "path": "/folder/glance images/deep/1",
            "query": "dsName=data+store%201&dcPath=dc%2Fsub",
            "datacenter_path": "dc/sub",
            "datastore_name": "data store 1",
            "https_url": (
                "https://vc.example.com/folder/glance images/deep/1"
                "?dsName=data+store%201&dcPath=dc%2Fsub"
            ),
        },
        id="space-in-path-form-encoded-query",
    ),
    pytest.param(
        "vsphere://10.0.0.1/folder/1?dsName=a%2Bb&dcPath=Datacenter+1",
        {
            "server_host": "10.0.0.1",
            "path": "/folder/1",
            "datacenter_path": "Datacenter 1",
            "datastore_name": "a+b",
        },
        id="image-right-under-folder",
    ),
]


@pytest.mark.parametrize(("uri", "fields"), GOOD)
def test_good(uri: str, fields: dict[str, object]) -> None:
    loc = VMwareStoreLocation.from_uri(uri)
    assert_fields(loc, fields)
    assert loc.get_uri() == uri
    assert loc.get_redacted_uri() == uri


@pytest.mark.parametrize(("uri", "fields"), GOOD)
def test_value_semantics(uri: str, fields: object) -> None:
    loc = VMwareStoreLocation.from_uri(uri, backend_group="vc-a")
    again = type(loc).from_uri(loc.get_uri(), backend_group=loc.backend_group)
    assert again == loc
    assert hash(again) == hash(loc)
    assert pickle.loads(pickle.dumps(loc)) == loc
    assert loc != VMwareStoreLocation.from_uri(uri)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        loc.path = "/folder/x"  # type: ignore[misc]


def test_registered_as_vsphere() -> None:
    location = gl.get_location_from_uri("vsphere://ip/folder/g/1?dsName=ds")
    assert location.store_name == "vsphere"
    assert isinstance(location.store_location, VMwareStoreLocation)


BAD = [
    pytest.param("vsphere://host/folder/openstack_glance/123", "query: missing", id="no-query"),
    pytest.param("vsphere://host/folder/g/123?", "query: missing", id="empty-query"),
    pytest.param("vsphere://h/folder/g/1?dcPath=dc", "dsName .* is required", id="no-dsname"),
    pytest.param("vsphere://h/folder/g/1?dsName=", "dsName: empty", id="empty-dsname"),
    pytest.param("vsphere://h/folder/g/1?dsName=d&dcPath=", "dcPath: empty", id="empty-dcpath"),
    pytest.param(
        "vsphere://h/folder/g/1?dsName=a&dsName=b", "dsName given more than once", id="dup"
    ),
    pytest.param(
        "vsphere://h/folder/g/1?dsName=a&x=1", "only the dsName and dcPath", id="unknown"
    ),
    pytest.param("vsphere://h/folder/g/1?dsname=a", "only the dsName and dcPath", id="case"),
    pytest.param("vsphere://h/folder/g/1?dsName", "'=' missing", id="no-equals"),
    pytest.param("vsphere://h/folder/g/1?dsName=a&", "'=' missing", id="trailing-amp"),
    pytest.param(
        "vsphere://h/folder/g/1?dsName=%zz", "dsName: invalid percent-escape", id="escape"
    ),
    pytest.param(
        "vsphere://h/folder/g/1?dsName=%0A", "dsName: contains the control character", id="ctrl"
    ),
    pytest.param("vsphere://h/folder/g/1?dsName=a b", "query: contains a space", id="query-space"),
    pytest.param(
        "vsphere://h/images/1?dsName=a", "path: must start with /folder/", id="not-folder"
    ),
    pytest.param(
        "vsphere://h/folder?dsName=a", "path: must start with /folder/", id="folder-only"
    ),
    pytest.param("vsphere://h/folder/?dsName=a", "path: empty segment", id="no-image-id"),
    pytest.param("vsphere://h/folder/g//1?dsName=a", "path: empty segment", id="double-slash"),
    pytest.param("vsphere://h/folder/g/1/?dsName=a", "path: empty segment", id="trailing-slash"),
    pytest.param(
        "vsphere://h/folder/g /1?dsName=a", "starts or ends with a space", id="pad-space"
    ),
    pytest.param("vsphere://h/folder/g/1\t?dsName=a", "white-space", id="tab"),
    pytest.param("vsphere://h/folder/g/1?dsName=a#x", "fragment", id="fragment"),
    pytest.param("vsphere://u:p@h/folder/g/1?dsName=a", "userinfo: not allowed", id="userinfo"),
    pytest.param("vsphere://h:443/folder/g/1?dsName=a", "port: not allowed", id="port"),
    pytest.param("vsphere://h x/folder/g/1?dsName=a", "host: contains a space", id="host-space"),
    pytest.param("vsphere:///folder/g/1?dsName=a", "host: empty", id="no-host"),
    pytest.param("vsphere://h/folder/g/1?dsName=a%FF", "not valid UTF-8", id="latin1"),
    pytest.param("vcenter://h/folder/g/1?dsName=a", "schemas: vsphere://", id="scheme"),
]


@pytest.mark.parametrize(("uri", "match"), BAD)
def test_bad(uri: str, match: str) -> None:
    with pytest.raises(BadStoreUri, match=match):
        VMwareStoreLocation.from_uri(uri)


def test_userinfo_message_hides_the_password() -> None:
    with pytest.raises(BadStoreUri) as info:
        VMwareStoreLocation.from_uri("vsphere://admin:hunter2@h/folder/g/1?dsName=a")
    assert "hunter2" not in str(info.value)


# Printable text (what a datastore or datacenter name may hold), spaces included.
_NAME_CHARS = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")
) | st.just(" ")


@given(
    datastore=st.text(_NAME_CHARS, min_size=1, max_size=12),
    datacenter=st.none() | st.text(_NAME_CHARS, min_size=1, max_size=12),
    image_dir=st.sampled_from(["openstack_glance", "/images/", "a b", ""]),
)
def test_specs_write_the_query_and_path_glance_store_writes(
    datastore: str, datacenter: str | None, image_dir: str
) -> None:
    """The query is ``urlencode`` of dsName and dcPath, the path ``os.path.join`` of
    /folder, the image directory and id, as glance_store builds them from specs."""
    specs: dict[str, object] = {
        "server_host": "vc.example.com",
        "image_dir": image_dir,
        "image_id": "0f3a6d5e",
        "datastore_name": datastore,
    }
    params = {"dsName": datastore}
    if datacenter is not None:
        specs["datacenter_path"] = datacenter
        params["dcPath"] = datacenter
    location = VMwareStoreLocation.from_specs(specs)
    assert location.query == urllib.parse.urlencode(params)
    assert location.path == posixpath.join("/folder", image_dir.strip("/"), "0f3a6d5e")
