"""http:// and https:// locations."""

from __future__ import annotations

import pytest

from glance_locations import BadStoreUri, HttpStoreLocation

from .helpers import assert_fields

GOOD = [
    pytest.param(
        "https://user:pass@example.com:80/images/some-id",
        {
            "scheme": "https",
            "netloc": "example.com:80",
            "user": "user",
            "password": "pass",
            "path": "/images/some-id",
            "query": "",
            "host": "example.com",
            "port": 80,
        },
        "https://user:***@example.com:80/images/some-id",
        id="credentials-and-port",
    ),
    pytest.param(
        "http://example.com/123456",
        {
            "scheme": "http",
            "netloc": "example.com",
            "user": None,
            "password": None,
            "path": "/123456",
            "query": "",
            "host": "example.com",
            "port": None,
        },
        "http://example.com/123456",
        id="plain",
    ),
    pytest.param(
        "http://[::1]:8080/images/1?x=1",
        {"netloc": "[::1]:8080", "host": "::1", "port": 8080, "path": "/images/1", "query": "x=1"},
        "http://[::1]:8080/images/1?x=1",
        id="ipv6-port-query",
    ),
    pytest.param(
        "https://[2001:db8::7]/img",
        {"netloc": "[2001:db8::7]", "host": "2001:db8::7", "port": None},
        "https://[2001:db8::7]/img",
        id="ipv6-no-port",
    ),
    pytest.param(
        "http://example.com",
        {"netloc": "example.com", "path": "", "query": ""},
        "http://example.com",
        id="root-resource-empty-path",
    ),
    pytest.param(
        "http://192.0.2.10:65535/a/b%20c/?q=a%20b&r",
        {"host": "192.0.2.10", "port": 65535, "path": "/a/b%20c/", "query": "q=a%20b&r"},
        "http://192.0.2.10:65535/a/b%20c/?q=a%20b&r",
        id="ipv4-max-port-raw-escapes",
    ),
    pytest.param(
        "http://EXAMPLE.com/Image",
        {"netloc": "EXAMPLE.com", "host": "EXAMPLE.com", "path": "/Image"},
        "http://EXAMPLE.com/Image",
        id="case-kept",
    ),
]


@pytest.mark.parametrize(("uri", "fields", "redacted"), GOOD)
def test_good(uri: str, fields: dict[str, object], redacted: str) -> None:
    loc = HttpStoreLocation.from_uri(uri)
    assert_fields(loc, fields)
    assert loc.get_uri() == uri
    assert loc.get_redacted_uri() == redacted
    assert HttpStoreLocation.from_uri(loc.get_uri()) == loc


def test_repr_hides_password() -> None:
    loc = HttpStoreLocation.from_uri("https://user:pa55word@example.com/x")
    assert "pa55word" not in repr(loc)
    assert "password='***'" in repr(loc)
    assert "user='user'" in repr(loc)


BAD = [
    pytest.param("http://", "host: empty", id="no-host"),
    pytest.param("https:///path", "host: empty", id="empty-host"),
    pytest.param("http://user@example.com:8080/images/1", "no ':' found", id="userinfo-no-colon"),
    pytest.param("http://:pass@example.com/a", "user name is empty", id="empty-user"),
    pytest.param("http://a@b@example.com/a", "more than one '@'", id="two-at"),
    pytest.param("http://example.com:99999/a", "port", id="port-too-big"),
    pytest.param("http://example.com:0/a", "port: must be a decimal", id="port-zero"),
    pytest.param("http://example.com:+80/a", "port: must be a decimal", id="port-sign"),
    pytest.param("http://example.com:/a", "port: must be a decimal", id="port-empty"),
    pytest.param("http://example.com:8o/a", "port", id="port-letter"),
    pytest.param("http://:80/a", "host: empty", id="port-without-host"),
    pytest.param("http://[::1/a", "authority", id="ipv6-unclosed"),
    pytest.param("http://[zz]/a", "authority", id="ipv6-invalid"),
    pytest.param("http://exa_mple|.com/a", "host: not a valid host", id="host-bad-char"),
    pytest.param("http://exämple.com/a", "host: not a valid host", id="host-non-ascii"),
    pytest.param("http://example.com/a b", "control or white-space", id="space"),
    pytest.param("http://example.com/a#b", "fragment", id="fragment"),
    pytest.param("ftp://example.com/a", "following schemas: http://, https://", id="scheme"),
    pytest.param("HTTP://example.com/a", "following schemas", id="scheme-case"),
]


@pytest.mark.parametrize(("uri", "match"), BAD)
def test_bad(uri: str, match: str) -> None:
    with pytest.raises(BadStoreUri, match=match):
        HttpStoreLocation.from_uri(uri)


def test_bad_uri_message_masks_credentials() -> None:
    with pytest.raises(BadStoreUri) as info:
        HttpStoreLocation.from_uri("http://user:hunter2@example.com:99999/a")
    assert "hunter2" not in str(info.value)
    assert "hunter2" not in repr(info.value)
    assert info.value.uri == "http://***@example.com:99999/a"
