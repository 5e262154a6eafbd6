"""file:// and filesystem:// locations."""

from __future__ import annotations

import pytest

from glance_locations import BadStoreUri, FilesystemStoreLocation

from .helpers import assert_fields

GOOD = [
    pytest.param(
        "file:///var/lib/glance/images/1",
        {"scheme": "file", "path": "/var/lib/glance/images/1"},
        "file:///var/lib/glance/images/1",
        id="plain",
    ),
    pytest.param(
        "filesystem:///var/lib/glance/images/1",
        {"scheme": "file", "path": "/var/lib/glance/images/1"},
        "file:///var/lib/glance/images/1",
        id="filesystem-scheme-renders-as-file",
    ),
    pytest.param(
        "file:///mnt/nfs share/images/0b1b2c3d-0000-4000-8000-000000000001",
        {"path": "/mnt/nfs share/images/0b1b2c3d-0000-4000-8000-000000000001"},
        "file:///mnt/nfs share/images/0b1b2c3d-0000-4000-8000-000000000001",
        id="space-inside-path",
    ),
    pytest.param(
        "file:///data/a%20b/x",
        {"path": "/data/a%20b/x"},
        "file:///data/a%20b/x",
        id="percent-kept-raw",
    ),
]


@pytest.mark.parametrize(("uri", "fields", "canonical"), GOOD)
def test_good(uri: str, fields: dict[str, object], canonical: str) -> None:
    loc = FilesystemStoreLocation.from_uri(uri)
    assert_fields(loc, fields)
    assert loc.get_uri() == canonical
    assert loc.get_redacted_uri() == canonical
    assert FilesystemStoreLocation.from_uri(loc.get_uri()) == loc


BAD = [
    pytest.param("file://", "path: empty", id="empty"),
    pytest.param("file:///", "path: empty", id="root-only"),
    pytest.param("file://relative/x", "must be absolute", id="relative"),
    pytest.param("file://localhost/var/x", "must be absolute", id="host"),
    pytest.param("file:///var/lib/glance/images/", "names a directory", id="directory"),
    pytest.param("file:///var/x?y=1", "query is not allowed", id="query"),
    pytest.param("file:///var/x#frag", "fragment", id="fragment"),
    pytest.param("file:///var/x\n", "control or white-space", id="newline"),
    pytest.param("file:///var/\tx", "control or white-space", id="tab"),
    pytest.param("file:///var/x ", "trailing space", id="trailing-space"),
    pytest.param("http:///var/x", "must start with one of the following schemas", id="scheme"),
    pytest.param("file:/var/x", "must start with one of the following schemas", id="one-slash"),
]


@pytest.mark.parametrize(("uri", "match"), BAD)
def test_bad(uri: str, match: str) -> None:
    with pytest.raises(BadStoreUri, match=match):
        FilesystemStoreLocation.from_uri(uri)
