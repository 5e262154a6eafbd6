"""cinder:// locations."""

from __future__ import annotations

import pytest

from glance_locations import BadStoreUri, CinderStoreLocation

VOLUME = "12345678-9012-3455-6789-012345678901"


def test_volume_id() -> None:
    loc = CinderStoreLocation.from_uri(f"cinder://{VOLUME}")
    assert (loc.scheme, loc.volume_id, loc.backend_group) == ("cinder", VOLUME, None)
    assert loc.get_uri() == f"cinder://{VOLUME}"


def test_backend_group_segment_is_the_backend_group() -> None:
    loc = CinderStoreLocation.from_uri(f"cinder://fast/{VOLUME}")
    assert (loc.volume_id, loc.backend_group) == (VOLUME, "fast")
    assert loc.get_uri() == f"cinder://fast/{VOLUME}"
    assert CinderStoreLocation.from_uri(f"cinder://fast/{VOLUME}", backend_group="fast") == loc


def test_backend_group_argument_renders_the_segment() -> None:
    loc = CinderStoreLocation.from_uri(f"cinder://{VOLUME}", backend_group="slow")
    assert loc.get_uri() == f"cinder://slow/{VOLUME}"
    again = CinderStoreLocation.from_uri(loc.get_uri(), backend_group=loc.backend_group)
    assert again == loc


def test_upper_case_uuid_kept() -> None:
    loc = CinderStoreLocation.from_uri(f"cinder://{VOLUME.upper()}")
    assert loc.volume_id == VOLUME.upper()


BAD = [
    pytest.param("cinder://not-a-uuid", "volume id: must be a UUID", id="not-uuid"),
    pytest.param("cinder://volume-id", "volume id: must be a UUID", id="doc-placeholder"),
    pytest.param(f"cinder://{VOLUME.replace('-', '')}", "must be a UUID", id="no-hyphens"),
    pytest.param(f"cinder://{{{VOLUME}}}", "must be a UUID", id="braces"),
    pytest.param("cinder://", "must be a UUID", id="empty"),
    pytest.param(f"cinder://a/b/{VOLUME}", "at most one segment", id="two-segments"),
    pytest.param(f"cinder:///{VOLUME}", "backend group: empty", id="empty-group"),
    pytest.param(f"cinder://u:p@g/{VOLUME}", "backend group", id="userinfo"),
    pytest.param(f"cinder://{VOLUME}?x=1", "query is not allowed", id="query"),
    pytest.param(f"cinder:{VOLUME}", "following schemas: cinder://", id="no-slashes"),
]


@pytest.mark.parametrize(("uri", "match"), BAD)
def test_bad(uri: str, match: str) -> None:
    with pytest.raises(BadStoreUri, match=match):
        CinderStoreLocation.from_uri(uri)


def test_group_mismatch() -> None:
    with pytest.raises(BadStoreUri, match="the URI names 'fast' but 'slow' was given"):
        CinderStoreLocation.from_uri(f"cinder://fast/{VOLUME}", backend_group="slow")
