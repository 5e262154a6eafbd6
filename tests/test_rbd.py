"""rbd:// locations."""

from __future__ import annotations

import pytest

from glance_locations import BadStoreUri, RbdStoreLocation

from .helpers import assert_fields

GOOD = [
    pytest.param(
        "rbd://imagename",
        {"fsid": None, "pool": None, "image": "imagename", "snapshot": None, "scheme": "rbd"},
        "rbd://imagename",
        id="image-only",
    ),
    pytest.param(
        "rbd://fsid/pool/image/snap",
        {"fsid": "fsid", "pool": "pool", "image": "image", "snapshot": "snap"},
        "rbd://fsid/pool/image/snap",
        id="four-components",
    ),
    pytest.param(
        "rbd://%2F/%2F/%2F/%2F",
        {"fsid": "/", "pool": "/", "image": "/", "snapshot": "/"},
        "rbd://%2F/%2F/%2F/%2F",
        id="quoted-slashes",
    ),
    pytest.param(
        "rbd://b5a3c4ee-6b0a-4e3f-a3a4-0f3b5e0c9d11/images/"
        "0b1b2c3d-0000-4000-8000-000000000001/snap",
        {"fsid": "b5a3c4ee-6b0a-4e3f-a3a4-0f3b5e0c9d11", "pool": "images", "snapshot": "snap"},
        "rbd://b5a3c4ee-6b0a-4e3f-a3a4-0f3b5e0c9d11/images/"
        "0b1b2c3d-0000-4000-8000-000000000001/snap",
        id="realistic",
    ),
    pytest.param(
        "rbd://f/my%20pool/%C3%A9t%C3%A9/s%3A1",
        {"pool": "my pool", "image": "été", "snapshot": "s:1"},
        "rbd://f/my%20pool/%C3%A9t%C3%A9/s%3A1",
        id="quoted-unicode-space-colon",
    ),
    pytest.param(
        "rbd://f/p/a%2db/s",
        {"image": "a-b"},
        "rbd://f/p/a-b/s",
        id="needless-escape-normalised",
    ),
]


@pytest.mark.parametrize(("uri", "fields", "canonical"), GOOD)
def test_good(uri: str, fields: dict[str, object], canonical: str) -> None:
    loc = RbdStoreLocation.from_uri(uri)
    assert_fields(loc, fields)
    assert loc.get_uri() == canonical
    assert RbdStoreLocation.from_uri(loc.get_uri()) == loc


BAD = [
    pytest.param("rbd:/image", "following schemas: rbd://", id="one-slash"),
    pytest.param("rbd://", "image: empty", id="empty"),
    pytest.param("rbd://image/extra", "exactly 1 or 4 components, not 2", id="two"),
    pytest.param("rbd://a/b/c", "exactly 1 or 4 components, not 3", id="three"),
    pytest.param("rbd://a/b/c/d/e", "exactly 1 or 4 components, not 5", id="five"),
    pytest.param("rbd://fsid/pool/image/", "snapshot: empty", id="empty-snapshot"),
    pytest.param("rbd://fsid//image/snap", "pool: empty", id="empty-pool"),
    pytest.param("rbd://f/p/%zz/s", "image: invalid percent-escape", id="bad-escape"),
    pytest.param("rbd://f/p/%FF/s", "image: percent-escapes are not valid UTF-8", id="bad-utf8"),
    pytest.param("rbd://f/p/a%0Ab/s", "image: contains the control character", id="ctl"),
    pytest.param("rbd://a%20b", "one-component rbd URI may hold only", id="one-escaped"),
    pytest.param("rbd://a:b", "one-component rbd URI may hold only", id="one-colon"),
    pytest.param("rbd://f/p/i/s?x=1", "query is not allowed", id="query"),
    pytest.param("rbd://f/p/i/s#x", "fragment", id="fragment"),
]


@pytest.mark.parametrize(("uri", "match"), BAD)
def test_bad(uri: str, match: str) -> None:
    with pytest.raises(BadStoreUri, match=match):
        RbdStoreLocation.from_uri(uri)
