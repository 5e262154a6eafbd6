"""swift://, swift+http://, swift+https:// and swift+config:// locations."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glance_locations as gl
from glance_locations import BadStoreUri, StoreConfig, SwiftReference, SwiftStoreLocation

from .helpers import assert_fields

NO_APP = {
    "application_credential_id": None,
    "application_credential_secret": None,
    "project_name": None,
    "project_id": None,
    "reference": None,
}

GOOD = [
    pytest.param(
        "swift://account:user:pass@authurl.com/container/obj-id",
        {
            "scheme": "swift",
            "user": "account:user",
            "key": "pass",
            **NO_APP,
            "auth_or_store_url": "authurl.com",
            "container": "container",
            "obj": "obj-id",
            "swift_url": "https://authurl.com",
        },
        "swift://account%3Auser:pass@authurl.com/container/obj-id",
        "swift://account%3Auser:***@authurl.com/container/obj-id",
        id="user-with-colon",
    ),
    pytest.param(
        "swift://storeurl.com/container/obj-id",
        {
            "scheme": "swift",
            "user": None,
            "key": None,
            **NO_APP,
            "auth_or_store_url": "storeurl.com",
            "container": "container",
            "obj": "obj-id",
            "swift_url": "https://storeurl.com",
        },
        "swift://storeurl.com/container/obj-id",
        "swift://storeurl.com/container/obj-id",
        id="no-credentials",
    ),
    pytest.param(
        "swift+https://account%3Auser:pass@authurl.com/container/obj-id",
        {
            "scheme": "swift+https",
            "user": "account:user",
            "key": "pass",
            **NO_APP,
            "auth_or_store_url": "authurl.com",
            "container": "container",
            "obj": "obj-id",
            "swift_url": "https://authurl.com",
        },
        "swift+https://account%3Auser:pass@authurl.com/container/obj-id",
        "swift+https://account%3Auser:***@authurl.com/container/obj-id",
        id="encoded-colon-in-user",
    ),
    pytest.param(
        "swift+http://a%3Auser%40example.com:p%40ss@authurl.com/v1/container/12345",
        {
            "scheme": "swift+http",
            "user": "a:user@example.com",
            "key": "p@ss",
            **NO_APP,
            "auth_or_store_url": "authurl.com/v1",
            "container": "container",
            "obj": "12345",
            "swift_url": "http://authurl.com/v1",
        },
        "swift+http://a%3Auser%40example.com:p%40ss@authurl.com/v1/container/12345",
        "swift+http://a%3Auser%40example.com:***@authurl.com/v1/container/12345",
        id="encoded-at-and-colon",
    ),
    pytest.param(
        "swift+https://storeurl.com/v1/AUTH_abc/container/obj",
        {
            "scheme": "swift+https",
            "user": None,
            "key": None,
            "auth_or_store_url": "storeurl.com/v1/AUTH_abc",
            "container": "container",
            "obj": "obj",
            "swift_url": "https://storeurl.com/v1/AUTH_abc",
        },
        "swift+https://storeurl.com/v1/AUTH_abc/container/obj",
        "swift+https://storeurl.com/v1/AUTH_abc/container/obj",
        id="multi-tenant-storage-url",
    ),
    pytest.param(
        "swift+http://user:key@[2001:db8::1]:8080/v1/c/o",
        {
            "user": "user",
            "key": "key",
            "auth_or_store_url": "[2001:db8::1]:8080/v1",
            "container": "c",
            "obj": "o",
            "swift_url": "http://[2001:db8::1]:8080/v1",
        },
        "swift+http://user:key@[2001:db8::1]:8080/v1/c/o",
        "swift+http://user:***@[2001:db8::1]:8080/v1/c/o",
        id="ipv6-port",
    ),
    pytest.param(
        "swift://user:a%2Fb@authurl.com:5000/v2.0/c/o",
        {"user": "user", "key": "a/b", "auth_or_store_url": "authurl.com:5000/v2.0"},
        "swift://user:a%2Fb@authurl.com:5000/v2.0/c/o",
        "swift://user:***@authurl.com:5000/v2.0/c/o",
        id="slash-in-key-quoted",
    ),
    pytest.param(
        "swift://us%3aer:k!ey@h/c/o",
        {"user": "us:er", "key": "k!ey", "auth_or_store_url": "h"},
        "swift://us%3Aer:k%21ey@h/c/o",
        "swift://us%3Aer:***@h/c/o",
        id="requoted-like-glance-store",
    ),
    pytest.param(
        "swift://a%20b:%C3%A9@h/c%20d/o%2Fe",
        {"user": "a b", "key": "é", "container": "c%20d", "obj": "o%2Fe"},
        "swift://a%20b:%C3%A9@h/c%20d/o%2Fe",
        "swift://a%20b:***@h/c%20d/o%2Fe",
        id="names-raw-credentials-decoded",
    ),
]


@pytest.mark.parametrize(("uri", "fields", "canonical", "redacted"), GOOD)
def test_good(uri: str, fields: dict[str, object], canonical: str, redacted: str) -> None:
    loc = SwiftStoreLocation.from_uri(uri)
    assert_fields(loc, fields)
    assert loc.get_uri() == canonical
    assert loc.get_redacted_uri() == redacted
    assert SwiftStoreLocation.from_uri(canonical) == loc


@pytest.mark.parametrize(("uri", "fields", "canonical", "redacted"), GOOD)
def test_value_semantics(uri: str, fields: object, canonical: str, redacted: str) -> None:
    loc = SwiftStoreLocation.from_uri(uri, backend_group="swift-a")
    again = type(loc).from_uri(loc.get_uri(), backend_group=loc.backend_group)
    assert again == loc
    assert hash(again) == hash(loc)
    assert pickle.loads(pickle.dumps(loc)) == loc
    assert loc != SwiftStoreLocation.from_uri(uri)  # the backend group is part of the value
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        loc.obj = "other"  # type: ignore[misc]


def test_repr_hides_key() -> None:
    loc = SwiftStoreLocation.from_uri("swift://account:user:hunter2@authurl.com/c/o")
    text = repr(loc)
    assert "hunter2" not in text
    assert "key='***'" in text
    assert "user='account:user'" in text
    assert "hunter2" not in repr(gl.get_location_from_uri(loc.get_uri()))


BAD = [
    pytest.param("swift://", "host: empty", id="empty"),
    pytest.param("swift://user@example.com:8080/images/1", "no ':' found", id="no-colon"),
    pytest.param(
        "swift://user:pass@http://example.com:8080/images/1",
        r"more than one '://'.*write swift\+http:// or swift\+https://",
        id="two-schemes",
    ),
    pytest.param(
        "swift://user:key@uri/cont", "path: must end with /<container>/<object>", id="one-segment"
    ),
    pytest.param(
        "swift://bad_creds@uri/cont/obj",
        "userinfo: credentials must be '<user>:<key>'",
        id="bad-creds",
    ),
    pytest.param("swift://user:p@ss@authurl.com/v1/container/o", "more than one '@'", id="two-at"),
    pytest.param(
        "swift://user:pass@authurl.com/v1/container/", "object: empty", id="empty-object"
    ),
    pytest.param("swift://authurl.com//obj", "container: empty", id="empty-container"),
    pytest.param("swift://authurl.com/v1//c/o", "path: empty segment", id="empty-prefix-segment"),
    pytest.param("swift://authurl.com", "path: must end with", id="no-path"),
    pytest.param("swift://authurl.com/", "path: must end with", id="root-path"),
    pytest.param("swift://:key@h/c/o", "userinfo: the user is empty", id="empty-user"),
    pytest.param("swift://user:@h/c/o", "userinfo: the key is empty", id="empty-key"),
    pytest.param("swift://user%3Akey@h/c/o", "no ':' found", id="only-encoded-colon"),
    pytest.param("swift://u:%zz@h/c/o", "userinfo: invalid percent-escape", id="bad-escape"),
    pytest.param(
        "swift://u:%ff@h/c/o", "userinfo: percent-escapes are not valid UTF-8", id="latin1"
    ),
    pytest.param(
        "swift://u:a%0Ab@h/c/o", "userinfo: the key contains the control character", id="ctrl"
    ),
    pytest.param("swift://h/c/o?x=1", "query is not allowed", id="query"),
    pytest.param("swift://h/c/o?", "query is not allowed", id="empty-query"),
    pytest.param("swift://h/c/o#f", "fragment", id="fragment"),
    pytest.param("swift://h/c/o b", "white-space", id="space"),
    pytest.param("swift://h:0/c/o", "port: must be a decimal", id="port-zero"),
    pytest.param("swift://h_|/c/o", "host: not a valid host", id="bad-host"),
    pytest.param("swift+ftp://h/c/o", re.escape("schemas: swift://, swift+http://"), id="scheme"),
    pytest.param("swift:/h/c/o", "following schemas", id="one-slash"),
]


@pytest.mark.parametrize(("uri", "match"), BAD)
def test_bad(uri: str, match: str) -> None:
    with pytest.raises(BadStoreUri, match=match):
        SwiftStoreLocation.from_uri(uri)


@pytest.mark.parametrize(
    "uri",
    [
        "swift://user:hunter2@h/c/",
        "swift://user:hunter2@h:99999/c/o",
        "swift://user:hunter2@http://h/c/o",
        "swift://us:er:hunter2@h/c",
        "swift://user:hunter2%zz@h/c/o",
    ],
)
def test_messages_hide_the_key(uri: str) -> None:
    with pytest.raises(BadStoreUri) as info:
        SwiftStoreLocation.from_uri(uri)
    assert "hunter2" not in str(info.value)
    assert "hunter2" not in repr(info.value)


def test_key_may_not_hold_a_colon_so_a_decoded_one_ends_the_user() -> None:
    # The userinfo is decoded first and split at its last ':', as glance_store does.
    loc = SwiftStoreLocation.from_uri("swift://a:b%3Ac@h/c/o")
    assert (loc.user, loc.key) == ("a:b", "c")
    assert loc.get_uri() == "swift://a%3Ab:c@h/c/o"


# A name is any text without control characters or white space other than a plain space;
# a key cannot hold ':' (the decoded userinfo is split at its last ':').
_NAME = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Zs")) | st.just(" "),
    min_size=1,
    max_size=20,
)


@settings(max_examples=200, deadline=None)
@given(user=_NAME, key=_NAME.filter(lambda k: ":" not in k))
def test_any_credentials_round_trip(user: str, key: str) -> None:
    loc = SwiftStoreLocation(
        scheme="swift+https",
        user=user,
        key=key,
        auth_or_store_url="authurl.com/v1",
        container="c",
        obj="o",
    )
    assert SwiftStoreLocation.from_uri(loc.get_uri()) == loc


# swift+config ------------------------------------------------------------------------

GLANCE_SWIFT_CONF = """\
[ref1]
auth_address = https://keystone.example.com:5000/v3/
user = "tenant:glance"
key = 's3cr3t'
project_domain_id = default
user_domain_id = default
auth_version = 3

[plain-http]
auth_address = http://keystone.example.com/v3
user = glance
key = pa%%ss

[appcred]
auth_address = keystone.example.com/v3
application_credential_id = app-id
application_credential_secret = app-s3cr3t
project_name = service
project_id = 0123456789abcdef
user = glance

[half-app]
auth_address = https://keystone.example.com/v3
application_credential_id = app-id
user = glance
key = s3cr3t

[half-app-secret]
auth_address = https://keystone.example.com/v3
application_credential_secret = app-s3cr3t
user = glance
key = s3cr3t

[half-user]
auth_address = https://keystone.example.com/v3
user = glance

[half-key]
auth_address = https://keystone.example.com/v3
key = s3cr3t

[nothing]
auth_address = https://keystone.example.com/v3
"""


@pytest.fixture
def conf(tmp_path: Path) -> StoreConfig:
    path = tmp_path / "glance-swift.conf"
    path.write_text(GLANCE_SWIFT_CONF, encoding="utf-8")
    return StoreConfig.from_swift_config(path)


CONFIG_GOOD = [
    pytest.param(
        "swift+config://ref1/container/obj-id",
        {
            "scheme": "swift+config",
            "user": "tenant:glance",
            "key": "s3cr3t",
            **NO_APP,
            "reference": "ref1",
            "auth_or_store_url": "keystone.example.com:5000/v3",
            "container": "container",
            "obj": "obj-id",
            "swift_url": "https://keystone.example.com:5000/v3",
        },
        id="user-key-https",
    ),
    pytest.param(
        "swift+config://plain-http/c/o",
        {
            "user": "glance",
            "key": "pa%ss",
            "reference": "plain-http",
            "auth_or_store_url": "keystone.example.com/v3",
            "swift_url": "http://keystone.example.com/v3",
        },
        id="user-key-http",
    ),
    pytest.param(
        "swift+config://appcred/c/o",
        {
            "scheme": "swift+config",
            "user": None,
            "key": None,
            "application_credential_id": "app-id",
            "application_credential_secret": "app-s3cr3t",
            "project_name": "service",
            "project_id": "0123456789abcdef",
            "reference": "appcred",
            "auth_or_store_url": "keystone.example.com/v3",
            "container": "c",
            "obj": "o",
            "swift_url": "https://keystone.example.com/v3",
        },
        id="application-credentials-win-no-prefix-is-https",
    ),
]


@pytest.mark.parametrize(("uri", "fields"), CONFIG_GOOD)
def test_config_reference(conf: StoreConfig, uri: str, fields: dict[str, object]) -> None:
    loc = SwiftStoreLocation.from_uri(uri, conf=conf)
    assert_fields(loc, fields)
    # Renders as itself: the reference's credentials never reach the URI.
    assert loc.get_uri() == uri
    assert loc.get_redacted_uri() == uri
    again = type(loc).from_uri(loc.get_uri(), conf=conf, backend_group="b")
    assert again == attrs.evolve(loc, backend_group="b")
    assert pickle.loads(pickle.dumps(again)) == again
    assert hash(again) == hash(type(loc).from_uri(uri, conf=conf, backend_group="b"))
    assert "s3cr3t" not in repr(loc)


def test_config_through_get_location_from_uri(conf: StoreConfig) -> None:
    location = gl.get_location_from_uri("swift+config://ref1/c/o", conf)
    assert location.store_name == "swift+config"
    assert isinstance(location.store_location, SwiftStoreLocation)
    assert location.store_location.user == "tenant:glance"
    assert location.get_store_uri() == "swift+config://ref1/c/o"
    assert "s3cr3t" not in repr(location)


def test_config_auth_scheme_is_part_of_the_value() -> None:
    def conf_with(address: str) -> StoreConfig:
        ref = SwiftReference(auth_address=address, user="u", key="k")
        return StoreConfig(swift_references={"ref1": ref})

    http = SwiftStoreLocation.from_uri("swift+config://ref1/c/o", conf=conf_with("http://k/"))
    https = SwiftStoreLocation.from_uri("swift+config://ref1/c/o", conf=conf_with("https://k"))
    bare = SwiftStoreLocation.from_uri("swift+config://ref1/c/o", conf=conf_with("k"))
    assert (http.swift_url, https.swift_url) == ("http://k", "https://k")
    assert http.auth_or_store_url == https.auth_or_store_url == "k"
    assert http != https
    assert https == bare


CONFIG_BAD = [
    pytest.param(
        "swift+config://half-app/c/o", "application_credential_secret is missing", id="app-id-only"
    ),
    pytest.param(
        "swift+config://half-app-secret/c/o",
        "application_credential_id is missing",
        id="app-secret-only",
    ),
    pytest.param("swift+config://half-user/c/o", "reference: key is missing", id="user-only"),
    pytest.param("swift+config://half-key/c/o", "reference: user is missing", id="key-only"),
    pytest.param(
        "swift+config://nothing/c/o", "reference: user and key are missing", id="no-credentials"
    ),
    pytest.param(
        "swift+config://ref9/c/o", "reference: not found in the swift configuration", id="unknown"
    ),
    pytest.param("swift+config://ref1/v1/c/o", "exactly <container>/<object>", id="prefix"),
    pytest.param("swift+config://ref1/c", "path: must end with", id="no-object"),
    pytest.param("swift+config://ref1", "path: must end with", id="no-path"),
    pytest.param("swift+config://ref1/c/", "object: empty", id="empty-object"),
    pytest.param("swift+config://ref1//o", "container: empty", id="empty-container"),
    pytest.param("swift+config:///c/o", "reference: empty", id="empty-reference"),
    pytest.param("swift+config://u:s3cr3t@ref1/c/o", "never credentials", id="credentials"),
    pytest.param("swift+config://ref1:8080/c/o", "never credentials or a host", id="port"),
    pytest.param("swift+config://ref1/c/o?x", "query is not allowed", id="query"),
    pytest.param("swift+config://ref1?/c/o", "query is not allowed", id="query-in-reference"),
    pytest.param("swift+config://http://ref1/c/o", "more than one '://'", id="two-schemes"),
]


@pytest.mark.parametrize(("uri", "match"), CONFIG_BAD)
def test_config_bad(conf: StoreConfig, uri: str, match: str) -> None:
    with pytest.raises(BadStoreUri, match=match) as info:
        SwiftStoreLocation.from_uri(uri, conf=conf)
    assert "s3cr3t" not in str(info.value)


def test_config_needs_a_conf() -> None:
    with pytest.raises(BadStoreUri, match="reference: a swift\\+config URI needs a StoreConfig"):
        SwiftStoreLocation.from_uri("swift+config://ref1/c/o")


def test_config_of_the_wrong_type() -> None:
    with pytest.raises(TypeError, match="conf must be a StoreConfig or None, not dict"):
        SwiftStoreLocation.from_uri("swift+config://ref1/c/o", conf={})  # type: ignore[arg-type]


def test_config_without_the_reference() -> None:
    with pytest.raises(BadStoreUri, match="reference: not found"):
        SwiftStoreLocation.from_uri("swift+config://ref1/c/o", conf=StoreConfig())


@pytest.mark.parametrize("address", ["https://", "http:///", "ftp://k/v3", "HTTP://k"])
def test_config_bad_auth_address(address: str) -> None:
    ref = SwiftReference(auth_address=address, user="u", key="k")
    conf = StoreConfig(swift_references={"ref1": ref})
    with pytest.raises(BadStoreUri, match="reference: the auth address must be a host"):
        SwiftStoreLocation.from_uri("swift+config://ref1/c/o", conf=conf)
