"""glance_locations.rewrite: identity per store, the built-in rules, and rewrite()."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator

import attrs
import pytest
from typing_extensions import assert_type

import glance_locations as gl
import glance_locations.exceptions
import glance_locations.rewrite as module
from glance_locations import StoreConfig, StoreLocation, SwiftReference
from glance_locations.rewrite import (
    Change,
    CinderBackend,
    HostRename,
    RbdRemap,
    RewriteRefused,
    Rule,
    StripCredentials,
    SwiftToConfig,
    identity,
    rewrite,
    same_location,
)

from .own_store import NfsStoreLocation, register_nfs

CONF = StoreConfig(
    swift_references={
        "ref1": SwiftReference(
            auth_address="https://keystone.example.com:5000/v3", user="tenant:glance", key="k3y"
        ),
        "plain": SwiftReference(auth_address="http://swift.example.com/auth", user="u", key="k"),
        "other": SwiftReference(
            auth_address="keystone.example.com:5000/v3", user="tenant:other", key="k3y"
        ),
        "appcred": SwiftReference(
            auth_address="https://keystone.example.com:5000/v3",
            application_credential_id="app",
            application_credential_secret="appsecret",
        ),
    }
)
UUID = "4b5c6d7e-1a2b-4c3d-8e9f-0a1b2c3d4e5f"


def parse(uri: str) -> StoreLocation:
    return gl.get_location_from_uri(uri, CONF).store_location


def assert_valid(loc: StoreLocation) -> None:
    """``loc`` is a valid location: it parses back from its own URI."""
    again = type(loc).from_uri(loc.get_uri(), conf=CONF, backend_group=loc.backend_group)
    assert again == loc


# --- identity -------------------------------------------------------------------------

SAME = [
    pytest.param(
        "file:///var/lib/glance/images/x",
        "filesystem:///var/lib/glance/images/x",
        id="filesystem-is-file",
    ),
    pytest.param("http://u:p@example.com/x", "http://example.com/x", id="http-userinfo"),
    pytest.param("https://token:@example.com/x", "https://example.com/x", id="http-bearer-token"),
    pytest.param("http://EXAMPLE.com/x", "http://example.com/x", id="http-host-case"),
    pytest.param("http://example.com:80/x", "http://example.com/x", id="http-default-port"),
    pytest.param("https://example.com:443/x", "https://example.com/x", id="https-default-port"),
    pytest.param("http://example.com", "http://example.com/", id="http-empty-path"),
    pytest.param("http://[2001:DB8:0::1]/x", "http://[2001:db8::1]/x", id="http-ipv6-forms"),
    pytest.param(
        "https://example.com/x?a=1&X-Amz-Signature=abc&b=2",
        "https://example.com/x?a=1&b=2",
        id="http-query-credential",
    ),
    pytest.param(
        "https://example.com/x?TOKEN=abc", "https://example.com/x", id="http-query-credential-case"
    ),
    pytest.param(
        "swift://u:k@keystone.example.com/v1/glance/obj",
        "swift://keystone.example.com/v1/glance/obj",
        id="swift-credentials",
    ),
    pytest.param(
        "swift://keystone.example.com/v1/glance/obj",
        "swift+https://keystone.example.com:443/v1/glance/obj",
        id="swift-is-swift-https",
    ),
    pytest.param(
        "swift+http://swift.example.com:80/c/o",
        "swift+https://swift.example.com/c/o",
        id="swift-transport-ignored",
    ),
    pytest.param(
        "swift+config://ref1/glance/obj",
        "swift+https://tenant%3Aglance:k3y@keystone.example.com:5000/v3/glance/obj",
        id="swift-config-is-resolved",
    ),
    pytest.param(
        "swift+config://ref1/glance/obj",
        "swift+config://other/glance/obj",
        id="swift-config-two-accounts-one-address",
    ),
    pytest.param(
        "s3://AK:SK@s3.example.com/bucket/key",
        "s3://s3.example.com/bucket/key",
        id="s3-credentials",
    ),
    pytest.param(
        "s3://s3.example.com/bucket/key", "s3+http://s3.example.com/bucket/key", id="s3-is-s3-http"
    ),
    pytest.param(
        "s3://s3.example.com/bucket/key",
        "s3+https://S3.example.com:443/bucket/key",
        id="s3-transport-ignored",
    ),
    pytest.param(f"cinder://{UUID}", f"cinder://ceph1/{UUID}", id="cinder-backend-ignored"),
    pytest.param(
        "vsphere://vc.example.com/folder/img/x?dsName=ds1&dcPath=dc1",
        "vsphere://VC.example.com/folder/img/x?dcPath=dc1&dsName=ds1",
        id="vsphere-query-order-host-case",
    ),
    pytest.param("rbd://image-1", "rbd://image-1", id="rbd-one-name"),
]

DIFFERENT = [
    pytest.param("http://example.com/x", "https://example.com/x", id="http-vs-https"),
    pytest.param("http://example.com:8080/x", "http://example.com/x", id="http-port"),
    pytest.param(
        "http://example.com/x?a=1&b=2", "http://example.com/x?b=2&a=1", id="http-query-order"
    ),
    pytest.param("http://example.com/x?a=1", "http://example.com/x", id="http-query"),
    pytest.param("http://example.com/X", "http://example.com/x", id="http-path-case"),
    pytest.param("http://example.com/a%7Eb", "http://example.com/a~b", id="http-path-raw"),
    pytest.param(
        "swift://h.example.com/v1/c/o", "swift://h.example.com/v2/c/o", id="swift-prefix"
    ),
    pytest.param(
        "swift+http://h.example.com:443/c/o",
        "swift+https://h.example.com/c/o",
        id="swift-http-on-443",
    ),
    pytest.param(
        "swift+config://plain/c/o", "swift+config://ref1/c/o", id="swift-config-two-addresses"
    ),
    pytest.param(
        "s3://s3.example.com/bucket/key", "s3://s3.example.com/bucket2/key", id="s3-bucket"
    ),
    pytest.param(
        "s3://s3.example.com:8080/bucket/key", "s3+https://s3.example.com/bucket/key", id="s3-port"
    ),
    pytest.param(
        "rbd://image-1", "rbd://fsid/images/image-1/snap", id="rbd-one-name-vs-four-part"
    ),
    pytest.param(
        "rbd://fsid/images/image-1/snap", "rbd://fsid/images/image-1/snap2", id="rbd-snapshot"
    ),
    pytest.param(
        "rbd://fsid/images/image-1/snap", "rbd://fsid2/images/image-1/snap", id="rbd-fsid"
    ),
    pytest.param("file:///a/b", "file:///a/./b", id="file-path-raw"),
    pytest.param(
        "vsphere://vc.example.com/folder/img/x?dsName=ds1",
        "vsphere://vc.example.com/folder/img/x?dsName=ds2",
        id="vsphere-datastore",
    ),
    pytest.param(
        f"cinder://{UUID}", "cinder://5b5c6d7e-1a2b-4c3d-8e9f-0a1b2c3d4e5f", id="cinder-volume"
    ),
    pytest.param("file:///a/b", "http://example.com/a/b", id="two-stores"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_location(a: str, b: str) -> None:
    assert identity(parse(a)) == identity(parse(b))
    assert same_location(parse(a), parse(b))
    assert hash(identity(parse(a))) == hash(identity(parse(b)))


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_locations(a: str, b: str) -> None:
    assert identity(parse(a)) != identity(parse(b))
    assert not same_location(parse(a), parse(b))


def test_identity_holds_no_secret() -> None:
    uris = [
        "http://user:S3CR3T@example.com/x?token=S3CR3T",
        "swift://user:S3CR3T@keystone.example.com/c/o",
        "swift+config://appcred/c/o",
        "s3://AK:S3CR3T@s3.example.com/b/k",
    ]
    for uri in uris:
        ident = identity(parse(uri))
        assert "S3CR3T" not in repr(ident)
        assert "appsecret" not in repr(ident)


def test_identity_of_a_store_class_of_ones_own() -> None:
    a = NfsStoreLocation(server="n1", path="/x", token="S3CR3T")
    b = NfsStoreLocation(server="n1", path="/x", backend_group="other")
    c = NfsStoreLocation(server="n2", path="/x")
    assert same_location(a, b)
    assert not same_location(a, c)
    assert "S3CR3T" not in repr(identity(a))


@attrs.frozen(kw_only=True, slots=True)
class _TaggedRbd(gl.RbdStoreLocation):
    """A subclass of a built-in store: it points where its base store says."""

    tag: str = "t"


def test_identity_of_a_subclass_is_its_base_stores() -> None:
    uri = "rbd://fsid/images/img/snap"
    base = gl.RbdStoreLocation.from_uri(uri)
    sub = _TaggedRbd(fsid="fsid", pool="images", image="img", snapshot="snap", tag="x")
    assert identity(sub) == identity(base) == ("rbd", "fsid", "images", "img", "snap")
    assert not same_location(sub, attrs.evolve(sub, image="other"))


@attrs.frozen(kw_only=True, slots=True)
class _TaggedHttp(gl.HttpStoreLocation):
    """A subclass of a built-in store: the rules treat it as its base store."""

    tag: str = "t"


def test_rules_treat_a_subclass_as_its_base_store() -> None:
    base = gl.HttpStoreLocation.from_uri("http://u:p@old.example.com/x?token=t")
    sub = _TaggedHttp(**{f.name: getattr(base, f.name) for f in attrs.fields(type(base))})
    renamed = HOSTS(sub)
    assert renamed == attrs.evolve(sub, netloc="new.example.com")
    stripped = STRIP_HTTP(sub)
    assert stripped == attrs.evolve(sub, user=None, password=None, query="")


def test_identity_refuses_what_is_not_a_location() -> None:
    with pytest.raises(TypeError, match="needs a StoreLocation, not str"):
        identity("http://example.com/x")  # type: ignore[arg-type]  # the error under test


# --- rules ----------------------------------------------------------------------------

REMAP = RbdRemap(fsids={"old-fsid": "new-fsid"}, pools={"images": "glance-images"})
HOSTS = HostRename({"old.example.com": "new.example.com", "2001:db8::1": "2001:db8::2"})
STRIP = StripCredentials()  # s3 only
STRIP_HTTP = StripCredentials(stores=("http",))
STRIP_ALL = StripCredentials(stores=("http", "s3", "swift"))
TO_CONFIG = SwiftToConfig(CONF)
CINDER = CinderBackend("ceph1")

CHANGES = [
    pytest.param(
        REMAP,
        "rbd://old-fsid/images/img/snap",
        "rbd://new-fsid/glance-images/img/snap",
        id="rbd-both",
    ),
    pytest.param(
        REMAP, "rbd://old-fsid/other/img/snap", "rbd://new-fsid/other/img/snap", id="rbd-fsid"
    ),
    pytest.param(
        REMAP, "rbd://f/images/img/snap", "rbd://f/glance-images/img/snap", id="rbd-pool"
    ),
    pytest.param(
        RbdRemap(pools={"a/b": "c d"}),
        "rbd://f/a%2Fb/img/snap",
        "rbd://f/c%20d/img/snap",
        id="rbd-quoted",
    ),
    pytest.param(
        HOSTS,
        "http://u:p@OLD.example.com:8080/x?q=1",
        "http://u:p@new.example.com:8080/x?q=1",
        id="http-port-kept",
    ),
    pytest.param(
        HOSTS, "https://[2001:db8::1]:8443/x", "https://[2001:db8::2]:8443/x", id="http-ipv6"
    ),
    pytest.param(
        HOSTS,
        "swift+https://u:k@old.example.com:5000/v3/c/o",
        "swift+https://u:k@new.example.com:5000/v3/c/o",
        id="swift",
    ),
    pytest.param(
        HOSTS,
        "s3+https://AK:SK@old.example.com/b/k",
        "s3+https://AK:SK@new.example.com/b/k",
        id="s3",
    ),
    pytest.param(
        HOSTS,
        "s3://[2001:db8::1]:9000/v1/b/k",
        "s3://[2001:db8::2]:9000/v1/b/k",
        id="s3-ipv6-prefix",
    ),
    pytest.param(
        HOSTS,
        "vsphere://old.example.com/folder/x?dsName=ds1",
        "vsphere://new.example.com/folder/x?dsName=ds1",
        id="vsphere",
    ),
    pytest.param(
        HostRename({"h.example.com": "2001:db8::9"}),
        "http://h.example.com:81/x",
        "http://[2001:db8::9]:81/x",
        id="to-ipv6",
    ),
    pytest.param(
        STRIP_HTTP, "http://u:p@example.com/x", "http://example.com/x", id="strip-http-userinfo"
    ),
    pytest.param(
        STRIP_HTTP, "https://token:@example.com/x", "https://example.com/x", id="strip-http-bearer"
    ),
    pytest.param(
        STRIP_HTTP,
        "https://example.com/x?a=1&X-Amz-Signature=s&X-Amz-Credential=c&b=2",
        "https://example.com/x?a=1&b=2",
        id="strip-http-query",
    ),
    pytest.param(
        STRIP_HTTP,
        "https://example.com/x?Token=s",
        "https://example.com/x",
        id="strip-http-whole-query",
    ),
    pytest.param(
        STRIP_HTTP,
        "https://example.com/x?X%2DAmz%2DSignature=s&keep",
        "https://example.com/x?keep",
        id="strip-http-encoded-name",
    ),
    pytest.param(
        STRIP_HTTP,
        "https://example.com/x?a=1;sig=s;b=2&token=t",
        "https://example.com/x?a=1;b=2",
        id="strip-http-semicolons",
    ),
    pytest.param(
        STRIP_HTTP,
        "https://example.com/x?token=t&a=1",
        "https://example.com/x?a=1",
        id="strip-http-first",
    ),
    pytest.param(
        STRIP,
        "s3+https://AKIA:wJalr/K7MDENG@s3.example.com/bucket/key",
        "s3+https://s3.example.com/bucket/key",
        id="strip-s3",
    ),
    pytest.param(
        TO_CONFIG,
        "swift+https://tenant%3Aglance:k3y@keystone.example.com:5000/v3/glance/obj",
        "swift+config://ref1/glance/obj",
        id="to-config",
    ),
    pytest.param(
        TO_CONFIG,
        "swift://tenant%3Aglance:k3y@KEYSTONE.example.com:5000/v3/glance/obj",
        "swift+config://ref1/glance/obj",
        id="to-config-host-case",
    ),
    pytest.param(
        TO_CONFIG,
        "swift+https://tenant%3Aother:k3y@keystone.example.com:5000/v3/glance/obj",
        "swift+config://other/glance/obj",
        id="to-config-no-prefix",
    ),
    pytest.param(
        TO_CONFIG,
        "swift+http://u:k@swift.example.com:80/auth/c/o",
        "swift+config://plain/c/o",
        id="to-config-http",
    ),
    pytest.param(CINDER, f"cinder://{UUID}", f"cinder://ceph1/{UUID}", id="cinder"),
]

UNCHANGED = [
    pytest.param(REMAP, "rbd://old-fsid", id="rbd-one-name"),
    pytest.param(REMAP, "rbd://f/p/img/snap", id="rbd-other-names"),
    pytest.param(REMAP, "http://example.com/old-fsid", id="rbd-other-store"),
    pytest.param(HOSTS, "http://other.example.com/x", id="host-other"),
    pytest.param(HOSTS, "http://sub.old.example.com/x", id="host-subdomain"),
    pytest.param(HOSTS, "swift+config://ref1/c/o", id="host-swift-config-other-host"),
    pytest.param(HOSTS, "file:///old.example.com/x", id="host-file"),
    pytest.param(STRIP_ALL, "http://example.com/x?a=1", id="strip-none"),
    pytest.param(STRIP_ALL, "https://example.com/x?tokens=1&mykey=2", id="strip-similar-names"),
    pytest.param(STRIP_ALL, "https://example.com/x?token=&a=1", id="strip-empty-token"),
    pytest.param(STRIP, "s3://s3.example.com/b/k", id="strip-s3-none"),
    pytest.param(STRIP, "http://u:p@example.com/x?token=t", id="strip-default-not-http"),
    pytest.param(STRIP, "swift://u:k@keystone.example.com/c/o", id="strip-default-not-swift"),
    pytest.param(STRIP_HTTP, "s3://AK:SK@s3.example.com/b/k", id="strip-http-not-s3"),
    pytest.param(STRIP_ALL, "swift://keystone.example.com/c/o", id="strip-swift-none"),
    pytest.param(STRIP_ALL, "swift+config://ref1/c/o", id="strip-swift-config"),
    pytest.param(STRIP_ALL, "rbd://f/p/i/s", id="strip-rbd"),
    pytest.param(
        TO_CONFIG, "swift://keystone.example.com:5000/v3/c/o", id="to-config-no-credentials"
    ),
    pytest.param(TO_CONFIG, "swift+config://plain/c/o", id="to-config-already"),
    pytest.param(TO_CONFIG, "s3://AK:SK@s3.example.com/b/k", id="to-config-s3"),
    pytest.param(CINDER, f"cinder://other/{UUID}", id="cinder-other-backend"),
    pytest.param(CINDER, f"cinder://ceph1/{UUID}", id="cinder-same-backend"),
    pytest.param(CINDER, "rbd://f/p/i/s", id="cinder-rbd"),
]

REFUSED = [
    pytest.param(
        StripCredentials(stores=("swift",)),
        "swift://u:S3CR3T@keystone.example.com/c/o",
        "swift credentials in the URI select the account",
        id="strip-swift",
    ),
    pytest.param(
        TO_CONFIG,
        "swift+https://tenant%3Aglance:S3CR3T@keystone.example.com:5000/v3/c/o",
        "no swift reference has these credentials for the auth address https://keystone.example.com:5000/v3",
        id="to-config-wrong-key",
    ),
    pytest.param(
        TO_CONFIG,
        "swift+http://tenant%3Aglance:k3y@keystone.example.com:5000/v3/c/o",
        "no swift reference has the auth address http://keystone.example.com:5000/v3",
        id="to-config-wrong-transport",
    ),
    pytest.param(
        TO_CONFIG,
        "swift://u:S3CR3T@elsewhere.example.com/c/o",
        "no swift reference has the auth address",
        id="to-config-no-address",
    ),
]


@pytest.mark.parametrize(("rule", "before", "after"), CHANGES)
def test_rule_changes(rule: Rule, before: str, after: str) -> None:
    loc = parse(before)
    out = rule(loc)
    assert out.get_uri() == after
    assert type(out) is type(loc)
    assert_valid(out)
    assert rule(out) is out  # idempotent: the second pass does not apply


@pytest.mark.parametrize(("rule", "uri"), UNCHANGED)
def test_rule_returns_its_argument_when_it_does_not_apply(rule: Rule, uri: str) -> None:
    loc = parse(uri)
    assert rule(loc) is loc


@pytest.mark.parametrize(("rule", "uri", "reason"), REFUSED)
def test_rule_refuses(rule: Rule, uri: str, reason: str | None) -> None:
    with pytest.raises(RewriteRefused) as info:
        rule(parse(uri))
    if reason is not None:
        assert info.value.reason.startswith(reason)
    for text in (str(info.value), repr(info.value), info.value.reason):
        assert "S3CR3T" not in text
        assert "k3y" not in text


def test_host_rename_refuses_a_swift_config_host() -> None:
    rule = HostRename({"swift.example.com": "swift2.example.com"})
    with pytest.raises(RewriteRefused, match="change that reference's auth_address"):
        rule(parse("swift+config://plain/c/o"))


def test_swift_to_config_prefers_the_default_reference() -> None:
    same = SwiftReference(auth_address="https://k.example.com/v3", user="u", key="k")
    uri = "swift://u:k@k.example.com/v3/c/o"
    conf = StoreConfig(swift_references={"a": same, "b": same, "c": same})
    assert SwiftToConfig(conf)(parse(uri)).get_uri() == "swift+config://a/c/o"
    conf = attrs.evolve(conf, default_swift_reference="b")
    assert SwiftToConfig(conf)(parse(uri)).get_uri() == "swift+config://b/c/o"


def test_swift_to_config_skips_application_credential_references() -> None:
    both = SwiftReference(
        auth_address="https://k.example.com/v3",
        user="u",
        key="k",
        application_credential_id="app",
        application_credential_secret="secret",
    )
    rule = SwiftToConfig(StoreConfig(swift_references={"ref1": both}))
    with pytest.raises(RewriteRefused, match="no swift reference has the auth address"):
        rule(parse("swift://u:k@k.example.com/v3/c/o"))


def test_swift_to_config_refuses_a_reference_name_no_uri_can_hold() -> None:
    ref = SwiftReference(auth_address="https://k.example.com/v3", user="u", key="k")
    rule = SwiftToConfig(StoreConfig(swift_references={"a:b": ref}))
    with pytest.raises(RewriteRefused, match="swift reference 'a:b': reference: "):
        rule(parse("swift://u:k@k.example.com/v3/c/o"))


def test_swift_to_config_keeps_the_transport_and_backend() -> None:
    loc = attrs.evolve(parse("swift+http://u:k@swift.example.com/auth/c/o"), backend_group="b1")
    out = TO_CONFIG(loc)
    assert isinstance(out, gl.SwiftStoreLocation)
    assert (out.reference, out.swift_url, out.backend_group) == (
        "plain",
        "http://swift.example.com/auth",
        "b1",
    )
    assert same_location(out, loc)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(
            lambda: RbdRemap(fsids={"a": "b", "b": "c"}),
            "fsid 'b' is both a new and an old name",
            id="rbd-chain",
        ),
        pytest.param(lambda: RbdRemap(pools={"a": ""}), r"pools entry '': empty", id="rbd-empty"),
        pytest.param(
            lambda: RbdRemap(pools={"a": "x\ny"}),
            "pools entry 'x\\\\ny': pool: contains the control character",
            id="rbd-control",
        ),
        pytest.param(
            lambda: RbdRemap(fsids={"a": "\ud800"}),
            "fsid: contains the lone surrogate",
            id="rbd-surrogate",
        ),
        pytest.param(
            lambda: HostRename({"a.example.com": "b.example.com:80"}),
            "no port, userinfo or path",
            id="host-port",
        ),
        pytest.param(
            lambda: HostRename({"a.example.com": "u@b.example.com"}),
            "HostRename: host 'u@b.example.com': ",
            id="host-userinfo",
        ),
        pytest.param(
            lambda: HostRename({"a.example.com": "b c"}),
            "contains white space or a control character",
            id="host-space",
        ),
        pytest.param(
            lambda: HostRename({"a.example.com": "b.example.com/x"}),
            "no port, userinfo or path",
            id="host-path",
        ),
        pytest.param(
            lambda: HostRename({"a": "b", "B": "c"}),
            "'b' is both a new and an old name",
            id="host-chain-case",
        ),
        pytest.param(lambda: HostRename({"a": "b", "A": "c"}), "given twice", id="host-twice"),
        pytest.param(
            lambda: CinderBackend("bad/name"),
            "CinderBackend: backend 'bad/name': ",
            id="cinder-slash",
        ),
        pytest.param(lambda: CinderBackend(""), "CinderBackend: backend '': ", id="cinder-empty"),
    ],
)
def test_rule_parameters_are_checked(make: object, message: str) -> None:
    assert callable(make)
    with pytest.raises(ValueError, match=message):
        make()


def test_rule_parameter_types_are_checked() -> None:
    with pytest.raises(TypeError, match="SwiftToConfig: conf must be a StoreConfig, not str"):
        SwiftToConfig("glance-swift.conf")  # type: ignore[arg-type]  # the error under test
    with pytest.raises(TypeError, match="mapping"):
        HostRename(["a", "b"])  # type: ignore[arg-type]  # the error under test
    with pytest.raises(ValueError, match="must be str, not int"):
        RbdRemap(pools={"a": 1})  # type: ignore[dict-item]  # the error under test


def test_identity_maps_are_not_chains() -> None:
    assert RbdRemap(pools={"a": "a", "b": "a"}).pools == {"a": "a", "b": "a"}
    loc = parse("rbd://f/b/i/s")
    assert RbdRemap(pools={"a": "a", "b": "a"})(loc).get_uri() == "rbd://f/a/i/s"


@pytest.mark.parametrize(
    "rule",
    [REMAP, HOSTS, STRIP, STRIP_ALL, TO_CONFIG, CINDER, RbdRemap()],
    ids=lambda r: type(r).__name__,
)
def test_rules_are_values(rule: Rule) -> None:
    again = pickle.loads(pickle.dumps(rule))
    assert again == rule
    assert hash(again) == hash(rule)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        rule.x = 1  # type: ignore[attr-defined]  # the error under test


def test_rule_maps_are_read_only() -> None:
    with pytest.raises(TypeError):
        REMAP.fsids["x"] = "y"  # type: ignore[index]  # the error under test
    assert HOSTS.hosts == {"old.example.com": "new.example.com", "2001:db8::1": "2001:db8::2"}


def test_strip_credentials_takes_store_names() -> None:
    assert StripCredentials().stores == ("s3",)
    rule = StripCredentials(stores=["s3", "http", "s3"])
    assert rule == StripCredentials(stores=("http", "s3"))  # a set of names: order is moot
    assert repr(rule) == "StripCredentials(stores=('http', 's3'))"


@pytest.mark.parametrize(
    ("stores", "error", "message"),
    [
        pytest.param(
            ("s3", "ftp"),
            ValueError,
            "StripCredentials: unknown store 'ftp' (the registry knows: cinder, file, http, "
            "rbd, s3, swift, vmware)",
            id="unknown",
        ),
        pytest.param(("https",), ValueError, "unknown store 'https'", id="a-scheme-not-a-store"),
        pytest.param((), ValueError, "StripCredentials: stores is empty", id="empty"),
        pytest.param(
            "s3",
            TypeError,
            "StripCredentials: stores must be a collection of store names such as "
            "('s3', 'http'), not str",
            id="a-string",
        ),
        pytest.param([1], TypeError, "a store name must be str, not int", id="not-text"),
        pytest.param(None, TypeError, "not NoneType", id="none"),
    ],
)
def test_strip_credentials_refuses_what_names_no_store(
    stores: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        StripCredentials(stores=stores)  # type: ignore[arg-type]  # the error under test
    assert message in str(info.value)


def test_strip_credentials_of_a_store_of_ones_own(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="unknown store 'nfs'"):
        StripCredentials(stores=("nfs",))
    register_nfs(monkeypatch)
    rule = StripCredentials(stores=("nfs",))
    secret = NfsStoreLocation(server="n1", path="/x", token="S3CR3T")
    plain = NfsStoreLocation(server="n1", path="/x")
    with pytest.raises(RewriteRefused) as info:
        rule(secret)
    assert info.value.reason == (
        "NfsStoreLocation locations embed credentials that StripCredentials does not know "
        "how to remove (StripCredentials.register teaches it)"
    )
    assert rule(plain) is plain
    assert STRIP(secret) is secret  # a store not named is left alone

    @attrs.frozen(kw_only=True, slots=True)
    class TaughtNfs(NfsStoreLocation):
        """A store class that teaches the rule (a subclass: the hook stays with it)."""

    @StripCredentials.register(TaughtNfs)
    def _strip(loc: TaughtNfs) -> TaughtNfs:
        return loc if loc.token is None else attrs.evolve(loc, token=None)

    taught = TaughtNfs(server="n1", path="/x", token="S3CR3T")
    out = rule(taught)
    assert out == TaughtNfs(server="n1", path="/x")
    assert rule(out) is out
    assert same_location(out, taught)
    with pytest.raises(RewriteRefused):  # the base class still has no hook
        rule(secret)


def test_host_rename_of_a_store_of_ones_own() -> None:
    rule = HostRename({"filer.example.com": "filer2.example.com"})
    plain = NfsStoreLocation(server="filer.example.com", path="/x")
    assert rule(plain) is plain  # no hook: it names no host the rule knows

    @attrs.frozen(kw_only=True, slots=True)
    class HostedNfs(NfsStoreLocation):
        """A store class that tells the rule where its host is."""

    @HostRename.register(HostedNfs)
    def _rename(loc: HostedNfs, new_host: Callable[[str], str | None]) -> HostedNfs:
        new = new_host(loc.server)
        return loc if new is None else attrs.evolve(loc, server=new)

    hosted = HostedNfs(server="FILER.example.com", path="/x", token="t")
    out = rule(hosted)
    assert out == HostedNfs(server="filer2.example.com", path="/x", token="t")
    assert rule(out) is out
    other = HostedNfs(server="other.example.com", path="/x")
    assert rule(other) is other


def test_register_needs_a_store_class() -> None:
    with pytest.raises(TypeError, match=r"HostRename\.register needs a StoreLocation subclass"):
        HostRename.register(int)  # type: ignore[type-var]  # the error under test
    with pytest.raises(TypeError, match=r"StripCredentials\.register needs a StoreLocation"):
        StripCredentials.register(str)  # type: ignore[type-var]  # the error under test


# --- rewrite --------------------------------------------------------------------------


def test_rewrite_yields_one_change_per_row_in_order() -> None:
    rows = [
        (1, "rbd://old-fsid/images/img/snap"),
        (2, "http://u:S3CR3T@old.example.com/x?token=S3CR3T&a=1"),
        (3, "swift://u:S3CR3T@keystone.example.com/c/o"),
        (4, "http://example.com:99999/x"),
        (5, "nope://x"),
        (6, f"cinder://{UUID}"),
        (7, "file:///var/lib/glance/images/x"),
    ]
    rules: list[Rule] = [REMAP, STRIP_ALL, HOSTS, CINDER]
    changes = list(rewrite(rows, rules, conf=CONF))
    assert [(c.key, c.status, c.rule) for c in changes] == [
        (1, "changed", "RbdRemap"),
        (2, "changed", "StripCredentials, HostRename"),
        (3, "refused", "StripCredentials"),
        (4, "invalid", None),
        (5, "invalid", None),
        (6, "changed", "CinderBackend"),
        (7, "unchanged", None),
    ]
    assert changes[0].after == "rbd://new-fsid/glance-images/img/snap"
    assert changes[1].after == "http://new.example.com/x?a=1"
    assert changes[1].before == rows[1][1]
    assert changes[3].reason == "port: must be a decimal number from 1 to 65535"
    assert changes[4].reason == "Unknown scheme 'nope' found in URI"
    assert changes[6] == Change(key=7, before=rows[6][1], status="unchanged")
    for change in changes:
        assert (change.after is not None) == (change.status == "changed")
        assert (change.reason is not None) == (change.status in {"invalid", "refused"})
        assert "S3CR3T" not in repr(change)
        assert "S3CR3T" not in str(change)


def test_change_repr_and_str_are_redacted() -> None:
    change = Change(
        key="row-9",
        before="s3://AK:S3CR3T@s3.example.com/b/k",
        after="https://example.com/x?sig=S3CR3T&a=1",
        status="changed",
        rule="R",
    )
    assert repr(change) == (
        "Change(key='row-9', before='s3://***@s3.example.com/b/k', "
        "after='https://example.com/x?sig=***&a=1', status='changed', rule='R', reason=None)"
    )
    assert str(change) == (
        "row-9: changed s3://***@s3.example.com/b/k -> https://example.com/x?sig=***&a=1 [R]"
    )
    refused = Change(key=1, before="x", status="refused", rule="R", reason="why")
    assert str(refused) == "1: refused x [R]: why"
    # The secrets are still there for the one who writes them back.
    assert change.before == "s3://AK:S3CR3T@s3.example.com/b/k"


def test_change_is_a_generic_frozen_value() -> None:
    rows: list[tuple[str, str]] = [("a", "rbd://img")]
    changes = list(rewrite(rows, []))
    assert_type(changes, list[Change[str]])
    assert_type(changes[0].key, str)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        changes[0].status = "changed"  # type: ignore[misc]  # the error under test
    assert pickle.loads(pickle.dumps(changes[0])) == changes[0]


def test_a_row_that_is_not_text_is_invalid() -> None:
    rows: list[tuple[int, str]] = [(1, None), (2, b"rbd://x")]  # type: ignore[list-item]  # DB NULLs
    changes = list(rewrite(rows, [STRIP]))
    assert [(c.status, c.reason, c.before) for c in changes] == [
        ("invalid", "not text (NoneType)", ""),
        ("invalid", "not text (bytes)", ""),
    ]


def test_swift_config_rows_need_the_configuration() -> None:
    (without,) = rewrite([(1, "swift+config://ref1/c/o")], [STRIP])
    assert without.status == "invalid"
    assert without.reason is not None
    assert without.reason.startswith("reference: a swift+config")
    (with_conf,) = rewrite([(1, "swift+config://ref1/c/o")], [STRIP], conf=CONF)
    assert with_conf.status == "unchanged"


def test_a_rule_that_builds_an_invalid_location_makes_the_row_invalid() -> None:
    def bad_pool(loc: StoreLocation) -> StoreLocation:
        # What attrs.evolve(loc, pool="") raises under the "every instance valid" model.
        raise gl.BadStoreLocation("rbd", [("pool", "empty")])

    def bad_uri(loc: StoreLocation) -> StoreLocation:
        return gl.RbdStoreLocation.from_uri("rbd://a/b")

    (one, _) = rewrite([(1, "rbd://f/p/i/s"), (2, "rbd://f/p/i/s")], [bad_pool])
    assert (one.status, one.rule, one.reason) == (
        "invalid",
        "bad_pool",
        "Invalid rbd store location: 'pool': empty",
    )
    ((three),) = rewrite([(3, "rbd://f/p/i/s")], [bad_uri])
    assert (three.status, three.rule) == ("invalid", "bad_uri")
    assert three.reason == "URI must have exactly 1 or 4 components, not 2"


def test_a_rule_that_evolves_into_an_invalid_location_makes_the_row_invalid() -> None:
    def empty_pool(loc: StoreLocation) -> StoreLocation:
        if isinstance(loc, gl.RbdStoreLocation) and loc.pool is not None:
            return attrs.evolve(loc, pool="")
        return loc

    good, bad = rewrite([(1, "rbd://img"), (2, "rbd://f/p/i/s")], [empty_pool])
    assert good.status == "unchanged"
    assert (bad.status, bad.rule, bad.after) == ("invalid", "empty_pool", None)
    assert bad.reason == "Invalid rbd store location: 'pool': pool: empty"


def test_rules_apply_in_order_and_stop_at_a_refusal() -> None:
    seen: list[str] = []

    def record(loc: StoreLocation) -> StoreLocation:
        seen.append(loc.get_uri())
        return loc

    uri = "swift://tenant%3Aglance:k3y@keystone.example.com:5000/v3/c/o"
    (first,) = rewrite([(1, uri)], [TO_CONFIG, record, STRIP_ALL])
    assert (first.status, first.after) == ("changed", "swift+config://ref1/c/o")
    assert seen == ["swift+config://ref1/c/o"]
    (second,) = rewrite([(1, uri)], [STRIP_ALL, record, TO_CONFIG])
    assert (second.status, second.rule) == ("refused", "StripCredentials")
    assert seen == ["swift+config://ref1/c/o"]


def test_a_rule_that_returns_an_equal_copy_changes_nothing() -> None:
    def copy(loc: StoreLocation) -> StoreLocation:
        return attrs.evolve(loc)

    def there_and_back(loc: StoreLocation) -> StoreLocation:
        return HOSTS(loc)

    back = HostRename({"new.example.com": "old.example.com"})
    (one,) = rewrite([(1, "http://old.example.com/x")], [copy])
    (two,) = rewrite([(1, "http://old.example.com/x")], [there_and_back, back])
    assert one.status == two.status == "unchanged"


def test_rewrite_is_lazy() -> None:
    def endless() -> Iterator[tuple[int, str]]:
        n = 0
        while True:
            n += 1
            yield n, f"rbd://old-fsid/images/img-{n}/snap"

    changes = rewrite(endless(), [REMAP])
    assert next(changes).after == "rbd://new-fsid/glance-images/img-1/snap"
    assert next(changes).key == 2


def test_rewrite_checks_its_arguments_at_once() -> None:
    with pytest.raises(TypeError, match="must be callable, not str"):
        rewrite([], ["StripCredentials"])  # type: ignore[list-item]  # the error under test
    with pytest.raises(TypeError, match="conf must be a StoreConfig"):
        rewrite([], [], conf={})  # type: ignore[arg-type]  # the error under test


def test_rewrite_refuses_rows_that_are_not_pairs_and_rules_that_return_junk() -> None:
    with pytest.raises(TypeError, match="rows must be"):
        list(rewrite(["rbd://img"], []))  # type: ignore[arg-type]  # the error under test

    def junk(loc: StoreLocation) -> StoreLocation:
        return loc.get_uri()  # type: ignore[return-value]  # the error under test

    with pytest.raises(TypeError, match="rule junk returned str, not a StoreLocation"):
        list(rewrite([(1, "rbd://img")], [junk]))


def test_module_exports() -> None:
    assert sorted(module.__all__) == sorted(dir(module))
    assert module.RewriteRefused is glance_locations.exceptions.RewriteRefused
    for name in ("rewrite", "identity", "Change", "StripCredentials"):
        assert name not in gl.__all__
        assert not hasattr(gl, name) or getattr(gl, name) is module
    assert getattr(gl, "rewrite") is module  # noqa: B009 (untyped on purpose) the submodule, never a function of the same name
