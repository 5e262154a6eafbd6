"""s3: an '@' in the key (docs/rewriting.md, "s3: an '@' in the key").

glance_store 5.7.0 writes s3 URIs without credentials, so a key holding '@' reaches the
URI raw. The rule: the '@' is part of the key when a '/' and no ':' come before it and no
'/' after it; otherwise it ends the credentials ``accesskey:secretkey``.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glance_locations import BadStoreLocation, BadStoreUri, S3StoreLocation, get_location_from_uri
from glance_locations.rewrite import StripCredentials, rewrite

from .helpers import assert_fields
from .location_strategies import hostnames, ipv4, path_segments, ports

ACCEPTED = [
    pytest.param(
        "s3+https://s3.example.com/bucket/obj@v2",
        {"s3serviceurl": "s3.example.com", "bucket": "bucket", "key": "obj@v2"},
        id="key",
    ),
    pytest.param(
        "s3://s3.example.com/v1/bucket/obj@v2",
        {"s3serviceurl": "s3.example.com/v1", "bucket": "bucket", "key": "obj@v2"},
        id="key-under-a-path-prefix",
    ),
    pytest.param(
        "s3://10.0.0.1/bucket/obj@v2",
        {"s3serviceurl": "10.0.0.1", "bucket": "bucket", "key": "obj@v2"},
        id="ipv4-host",
    ),
    pytest.param(
        "s3+http://s3.example.com/bucket/@", {"bucket": "bucket", "key": "@"}, id="key-is-at"
    ),
    pytest.param("s3://s3.example.com/bucket/@obj", {"key": "@obj"}, id="key-starts-with-at"),
    pytest.param("s3://s3.example.com/bucket/obj@", {"key": "obj@"}, id="key-ends-with-at"),
    pytest.param(
        "s3://AKIA:wJalr/K7@s3.example.com/bucket/obj",
        {"accesskey": "AKIA", "secretkey": "wJalr/K7", "s3serviceurl": "s3.example.com"},
        id="credentials-with-a-slash",
    ),
    pytest.param(
        "s3://AKIA:secret@s3.example.com:9000/bucket/obj",
        {"accesskey": "AKIA", "secretkey": "secret", "s3serviceurl": "s3.example.com:9000"},
        id="credentials-and-a-port",
    ),
]

REJECTED = [
    pytest.param(
        "s3://s3.example.com:8443/bucket/obj@v2",
        "key: the '@' cannot end credentials",
        id="after-a-port",
    ),
    pytest.param(
        "s3://[2001:db8::1]/bucket/obj@v2",
        "key: the '@' cannot end credentials",
        id="after-an-ipv6-host",
    ),
    pytest.param(
        "s3://AKIA:S3CR3T@s3.example.com",
        "key: the '@' cannot end credentials",
        id="credentials-without-bucket",
    ),
    pytest.param(
        "s3://AKIA:S3CR3T@s3.example.com/bucket/obj@v2",
        "authority: more than one '@'",
        id="credentials-and-an-at-in-the-key",
    ),
    pytest.param(
        "s3://s3.example.com/bu@cket/obj",
        "userinfo: credentials must be '<access key>:<secret key>' (no ':' found)",
        id="in-the-bucket",
    ),
    pytest.param(
        "s3://AKIA@s3.example.com/bucket/obj",
        "userinfo: credentials must be '<access key>:<secret key>' (no ':' found)",
        id="access-key-alone",
    ),
    pytest.param(
        "s3://s3.example.com@v2",
        "userinfo: credentials must be '<access key>:<secret key>' (no ':' found)",
        id="in-the-host",
    ),
    pytest.param(
        "s3://s3.example.com/obj@v2", "path: must end with /<bucket>/<key>", id="no-bucket"
    ),
]


@pytest.mark.parametrize(("uri", "fields"), ACCEPTED)
def test_accepted(uri: str, fields: dict[str, object]) -> None:
    loc = S3StoreLocation.from_uri(uri)
    assert_fields(loc, fields)
    assert loc.get_uri() == uri
    assert S3StoreLocation.from_uri(loc.get_uri()) == loc
    assert get_location_from_uri(uri).store_location == loc


@pytest.mark.parametrize(("uri", "reason"), REJECTED)
def test_rejected(uri: str, reason: str) -> None:
    with pytest.raises(BadStoreUri) as info:
        S3StoreLocation.from_uri(uri)
    assert info.value.reason.startswith(reason)
    assert "S3CR3T" not in str(info.value)


def test_a_key_with_an_at_sign_round_trips() -> None:
    """The credential-free form glance_store 5.7.0 writes is read back as that key."""
    loc = S3StoreLocation(
        scheme="s3+https", s3serviceurl="s3.example.com", bucket="bucket", key="obj@v2"
    )
    assert loc.get_uri() == "s3+https://s3.example.com/bucket/obj@v2"
    assert S3StoreLocation.from_uri(loc.get_uri()) == loc


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        pytest.param(
            {"accesskey": "AKIA", "secretkey": "S3CR3T", "s3serviceurl": "s3.example.com"},
            "key: contains '@', which needs a URI without credentials",
            id="with-credentials",
        ),
        pytest.param(
            {"s3serviceurl": "s3.example.com:8443"},
            "key: contains '@', which cannot follow a ':'",
            id="after-a-port",
        ),
        pytest.param(
            {"s3serviceurl": "[2001:db8::1]/v1"},
            "key: contains '@', which cannot follow a ':'",
            id="after-an-ipv6-host",
        ),
    ],
)
def test_a_location_whose_uri_would_not_parse_back_is_refused(
    fields: dict[str, str], reason: str
) -> None:
    with pytest.raises(BadStoreLocation) as info:
        S3StoreLocation(bucket="bucket", key="obj@v2", **fields)
    assert [field for field, _ in info.value.problems] == ["key"]
    assert info.value.problems[0][1].startswith(reason)
    assert "S3CR3T" not in str(info.value)
    specs = {"bucket": "bucket", "key": "obj@v2", **fields}
    with pytest.raises(BadStoreLocation, match="'key'"):
        S3StoreLocation.from_specs(specs)


def test_the_bucket_and_the_service_url_never_hold_an_at_sign() -> None:
    with pytest.raises(BadStoreLocation, match="'bucket'"):
        S3StoreLocation(s3serviceurl="s3.example.com", bucket="bu@cket", key="k")
    with pytest.raises(BadStoreLocation, match="'s3serviceurl'"):
        S3StoreLocation(s3serviceurl="s3.example.com/v@1", bucket="b", key="k")


@given(
    st.sampled_from(["s3", "s3+http", "s3+https"]),
    st.one_of(hostnames(), ipv4),
    path_segments,
    st.tuples(path_segments, path_segments).map("@".join),
    st.none() | ports,
)
def test_an_at_sign_key_round_trips_unless_a_colon_precedes_it(
    scheme: str, host: str, bucket: str, key: str, port: int | None
) -> None:
    service = host if port is None else f"{host}:{port}"
    uri = f"{scheme}://{service}/{bucket}/{key}"
    if port is None:
        loc = S3StoreLocation.from_uri(uri)
        assert (loc.s3serviceurl, loc.bucket, loc.key) == (service, bucket, key)
        assert loc.get_uri() == uri
        assert StripCredentials()(loc) is loc
    else:
        with pytest.raises(BadStoreUri, match="key: the '@' cannot end credentials"):
            S3StoreLocation.from_uri(uri)


def test_strip_credentials_keeps_an_at_sign_key_intact() -> None:
    """Glance 33's own lazy migration cuts an s3 URI at its last '@'; the rule, which
    works on the parsed location, keeps such a key whole and strips the keys of others."""
    rows = [
        (1, "s3://s3.example.com/glance/backup@2024-05-01"),
        (2, "s3+https://AKIA:wJalr/K7@s3.example.com/glance/backup-2024-05-01"),
    ]
    kept, stripped = rewrite(rows, [StripCredentials(stores=("s3",))])
    assert (kept.status, kept.after) == ("unchanged", None)
    assert (stripped.status, stripped.after) == (
        "changed",
        "s3+https://s3.example.com/glance/backup-2024-05-01",
    )
