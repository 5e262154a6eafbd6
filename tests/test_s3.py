"""s3://, s3+http:// and s3+https:// locations."""

from __future__ import annotations

import pickle
import string

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import glance_locations as gl
from glance_locations import BadStoreUri, S3StoreLocation

from .helpers import assert_fields

GOOD = [
    pytest.param(
        "s3://accesskey:secretkey@s3.amazonaws.com/bucket/key-id",
        {
            "scheme": "s3",
            "accesskey": "accesskey",
            "secretkey": "secretkey",
            "s3serviceurl": "s3.amazonaws.com",
            "bucket": "bucket",
            "key": "key-id",
        },
        "s3://accesskey:***@s3.amazonaws.com/bucket/key-id",
        id="credentials",
    ),
    pytest.param(
        "s3+http://accesskey:secret@s3.amazonaws.com/bucket/key-id",
        {
            "scheme": "s3+http",
            "accesskey": "accesskey",
            "secretkey": "secret",
            "s3serviceurl": "s3.amazonaws.com",
            "bucket": "bucket",
            "key": "key-id",
        },
        "s3+http://accesskey:***@s3.amazonaws.com/bucket/key-id",
        id="http",
    ),
    pytest.param(
        "s3://accesskey:secretwith/aslash@s3.amazonaws.com/bucket/key-id",
        {
            "scheme": "s3",
            "accesskey": "accesskey",
            "secretkey": "secretwith/aslash",
            "s3serviceurl": "s3.amazonaws.com",
            "bucket": "bucket",
            "key": "key-id",
        },
        "s3://accesskey:***@s3.amazonaws.com/bucket/key-id",
        id="secret-with-slash",
    ),
    pytest.param(
        "s3+https://accesskey:pass@s3serviceurl.com/v1/bucket/12345",
        {
            "scheme": "s3+https",
            "accesskey": "accesskey",
            "secretkey": "pass",
            "s3serviceurl": "s3serviceurl.com/v1",
            "bucket": "bucket",
            "key": "12345",
        },
        "s3+https://accesskey:***@s3serviceurl.com/v1/bucket/12345",
        id="path-prefix",
    ),
    pytest.param(
        "s3+https://s3.example.com:8443/bucket/key",
        {
            "scheme": "s3+https",
            "accesskey": None,
            "secretkey": None,
            "s3serviceurl": "s3.example.com:8443",
            "bucket": "bucket",
            "key": "key",
        },
        "s3+https://s3.example.com:8443/bucket/key",
        id="no-credentials-port",
    ),
    pytest.param(
        "s3://AKIAEXAMPLE:wJal/rXUt:nFEMI+K7MDENG@[2001:db8::2]:9000/a/b/bucket/key",
        {
            "accesskey": "AKIAEXAMPLE",
            "secretkey": "wJal/rXUt:nFEMI+K7MDENG",
            "s3serviceurl": "[2001:db8::2]:9000/a/b",
            "bucket": "bucket",
            "key": "key",
        },
        "s3://AKIAEXAMPLE:***@[2001:db8::2]:9000/a/b/bucket/key",
        id="secret-slash-colon-ipv6",
    ),
    pytest.param(
        "s3://ak:a%2Fb@h/b%20c/k%2Fd",
        {"secretkey": "a%2Fb", "bucket": "b%20c", "key": "k%2Fd"},
        "s3://ak:***@h/b%20c/k%2Fd",
        id="raw-never-decoded",
    ),
]


@pytest.mark.parametrize(("uri", "fields", "redacted"), GOOD)
def test_good(uri: str, fields: dict[str, object], redacted: str) -> None:
    loc = S3StoreLocation.from_uri(uri)
    assert_fields(loc, fields)
    assert loc.get_uri() == uri
    assert loc.get_redacted_uri() == redacted


@pytest.mark.parametrize(("uri", "fields", "redacted"), GOOD)
def test_value_semantics(uri: str, fields: object, redacted: str) -> None:
    loc = S3StoreLocation.from_uri(uri, backend_group="s3-a")
    again = type(loc).from_uri(loc.get_uri(), backend_group=loc.backend_group)
    assert again == loc
    assert hash(again) == hash(loc)
    assert pickle.loads(pickle.dumps(loc)) == loc
    assert loc != S3StoreLocation.from_uri(uri)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        loc.key = "other"  # type: ignore[misc]


def test_repr_hides_secret_key() -> None:
    loc = S3StoreLocation.from_uri("s3://accesskey:hunter2/x@s3.amazonaws.com/bucket/key-id")
    assert "hunter2" not in repr(loc)
    assert "secretkey='***'" in repr(loc)
    assert "accesskey='accesskey'" in repr(loc)
    assert "hunter2" not in repr(gl.get_location_from_uri(loc.get_uri()))


BAD = [
    pytest.param("s3://", "host: empty", id="empty"),
    pytest.param("s3://accesskey@example.com:8080/images/1", "no ':' found", id="no-colon"),
    pytest.param(
        "s3://user:pass@http://example.com/bucket/key",
        r"more than one '://'.*write s3\+http:// or s3\+https://",
        id="two-schemes",
    ),
    pytest.param(
        "s3://https://s3.amazonaws.com/bucket/key-id", "more than one '://'", id="nested-scheme"
    ),
    pytest.param("s3://a:b@c@s3.amazonaws.com/bucket/k", "more than one '@'", id="two-at"),
    pytest.param("s3://:secret@h/b/k", "userinfo: the access key is empty", id="empty-access"),
    pytest.param("s3://ak:@h/b/k", "userinfo: the secret key is empty", id="empty-secret"),
    pytest.param("s3://ak:s@/b/k", "host: empty", id="empty-host"),
    pytest.param("s3://h/bucket", "path: must end with /<bucket>/<key>", id="no-key"),
    pytest.param("s3://h", "path: must end with", id="no-path"),
    pytest.param("s3://h/bucket/", "key: empty", id="empty-key"),
    pytest.param("s3://h//key", "bucket: empty", id="empty-bucket"),
    pytest.param("s3://h/v1//bucket/key", "path: empty segment", id="empty-prefix-segment"),
    pytest.param("s3://h/b/k?versionId=1", "query is not allowed", id="query"),
    pytest.param("s3://h/b/k?", "query is not allowed", id="empty-query"),
    pytest.param("s3://ak:se?cret@h/b/k", "query is not allowed", id="question-in-secret"),
    pytest.param("s3://h/b/k#x", "fragment", id="fragment"),
    pytest.param("s3://ak:se cret@h/b/k", "white-space", id="space"),
    pytest.param("s3://h:65536/b/k", "port: must be a decimal", id="port"),
    pytest.param("s3://h^/b/k", "host: not a valid host", id="bad-host"),
    pytest.param("s3+ftp://h/b/k", "schemas: s3://, s3", id="scheme"),
]


@pytest.mark.parametrize(("uri", "match"), BAD)
def test_bad(uri: str, match: str) -> None:
    with pytest.raises(BadStoreUri, match=match):
        S3StoreLocation.from_uri(uri)


@pytest.mark.parametrize(
    "uri",
    [
        "s3://ak:hunter2@h/bucket",
        "s3://ak:hun/ter2@h:0/b/k",
        "s3://ak:hunter2@http://h/b/k",
        "s3://ak:hunter2@h/b/k?x",
    ],
)
def test_messages_hide_the_secret(uri: str) -> None:
    with pytest.raises(BadStoreUri) as info:
        S3StoreLocation.from_uri(uri)
    assert "hunter2" not in str(info.value)
    assert "ter2" not in repr(info.value)


def test_credentials_holding_a_scheme_separator_are_refused() -> None:
    # "://" anywhere is refused (as glance_store does), so a secret key starting with "//"
    # has no URI form: "s3://ak://secret@h/b/k" could as well be a nested scheme.
    with pytest.raises(BadStoreUri, match="more than one '://'"):
        S3StoreLocation.from_uri("s3://ak://secret@h/b/k")


_PRINTABLE = string.ascii_letters + string.digits + "-._~!$&'()*+,;=%/"


@settings(max_examples=200, deadline=None)
@given(
    accesskey=st.text(_PRINTABLE, min_size=1, max_size=20),
    secretkey=st.text(_PRINTABLE + ":", min_size=1, max_size=40),
)
def test_any_credentials_round_trip(accesskey: str, secretkey: str) -> None:
    assume("://" not in f"{accesskey}:{secretkey}")  # see the test above
    assume(not accesskey.startswith("/"))  # 's3+https:///...': an empty authority
    loc = S3StoreLocation(
        scheme="s3+https",
        accesskey=accesskey,
        secretkey=secretkey,
        s3serviceurl="s3.example.com/v1",
        bucket="bucket",
        key="key",
    )
    assert S3StoreLocation.from_uri(loc.get_uri()) == loc
