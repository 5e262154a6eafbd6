"""LocationPolicy: one table per rule, each reason naming the rule and the component."""

from __future__ import annotations

import pickle

import attrs
import pytest

from glance_locations import (
    BadStoreLocation,
    FilesystemStoreLocation,
    ForbiddenLocation,
    GlanceStoreException,
    HttpStoreLocation,
    Location,
    LocationPolicy,
    StoreConfig,
    StoreLocation,
    SwiftReference,
    get_location_from_uri,
)
from glance_locations._redact import query_credentials
from glance_locations.base import Exposure

UUID = "6f6d4ea5-0ab8-4b6b-9d13-9f0fa8d7d1f1"
# The operator's swift references: keystone on a private network, over http and https.
CONF = StoreConfig(
    swift_references={
        "plain": SwiftReference(auth_address="http://10.0.0.5:5000/v3", user="t:u", key="k"),
        "tls": SwiftReference(auth_address="https://[fd00::5]/v3", user="t:u", key="k"),
    }
)


def _parse(uri: str) -> Location[StoreLocation]:
    return get_location_from_uri(uri, conf=CONF)


EVERY_STORE = [
    pytest.param("file:///var/lib/glance/images/" + UUID, id="file"),
    pytest.param("filesystem:///var/lib/glance/images/" + UUID, id="filesystem"),
    pytest.param("http://user:pass@127.0.0.1/x", id="http"),
    pytest.param("https://localhost/x", id="https"),
    pytest.param("rbd://fsid/pool/image/snap", id="rbd"),
    pytest.param("cinder://" + UUID, id="cinder"),
    pytest.param("swift+http://acct%3Auser:key@10.0.0.1/v1/AUTH_x/glance/" + UUID, id="swift"),
    pytest.param("swift+config://plain/glance/" + UUID, id="swift+config"),
    pytest.param("s3://ak:sk@127.0.0.1:9000/bucket/" + UUID, id="s3"),
    pytest.param("vsphere://10.0.0.9/folder/images/" + UUID + "?dsName=ds", id="vsphere"),
]


@pytest.mark.parametrize("uri", EVERY_STORE)
def test_the_default_policy_accepts_everything(uri: str) -> None:
    location = _parse(uri)
    assert LocationPolicy().violations(location) == ()
    LocationPolicy().check(location)
    LocationPolicy().check(location.store_location)


def test_options_and_defaults() -> None:
    policy = LocationPolicy()
    assert policy.allowed_schemes is None
    assert policy.file_roots == ()
    assert policy.allow_credentials_in_uri is True
    assert policy.allow_private_hosts is True
    assert policy.require_tls is False
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        policy.require_tls = True  # type: ignore[misc]
    with pytest.raises(TypeError):
        LocationPolicy(False)  # type: ignore[call-arg,arg-type]  # keyword-only
    assert pickle.loads(pickle.dumps(policy)) == policy
    assert hash(LocationPolicy(file_roots=("/a",))) == hash(LocationPolicy(file_roots=("/a",)))


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        pytest.param({"allowed_schemes": {"http"}}, TypeError, "frozenset", id="set"),
        pytest.param({"allowed_schemes": frozenset({"HTTP"})}, ValueError, "'HTTP'", id="upper"),
        pytest.param({"allowed_schemes": frozenset({"http:"})}, ValueError, "'http:'", id="colon"),
        pytest.param({"file_roots": "/var/lib"}, TypeError, "tuple", id="root-str"),
        pytest.param({"file_roots": ("var/lib",)}, ValueError, "'var/lib'", id="root-relative"),
        pytest.param({"file_roots": ("",)}, ValueError, "absolute", id="root-empty"),
        pytest.param({"require_tls": 1}, TypeError, "require_tls", id="int-for-bool"),
        pytest.param({"allow_private_hosts": None}, TypeError, "allow_private", id="none-bool"),
    ],
)
def test_malformed_options_are_refused(
    kwargs: dict[str, object], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        LocationPolicy(**kwargs)  # type: ignore[arg-type]


def test_check_raises_forbidden_location_with_every_reason() -> None:
    policy = LocationPolicy(
        allowed_schemes=frozenset({"https"}),
        allow_credentials_in_uri=False,
        allow_private_hosts=False,
        require_tls=True,
    )
    with pytest.raises(ForbiddenLocation) as info:
        policy.check(_parse("http://user:pass@127.0.0.1/x"))
    err = info.value
    assert isinstance(err, GlanceStoreException)
    assert err.reasons == (
        "allowed_schemes: scheme 'http' is not allowed (allowed: https)",
        "allow_credentials_in_uri: the URI embeds credentials (user, password)",
        "allow_private_hosts: host '127.0.0.1' is a loopback address",
        "require_tls: scheme 'http' reaches its store over plain HTTP",
    )
    assert str(err) == "Location refused by policy: " + "; ".join(err.reasons)
    assert pickle.loads(pickle.dumps(err)).reasons == err.reasons


def test_anything_else_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="not str"):
        LocationPolicy().check("http://example.com/x")  # type: ignore[arg-type]


# --- allowed_schemes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "allowed", "reasons"),
    [
        pytest.param("https://example.com/x", {"https"}, (), id="allowed"),
        pytest.param(
            "http://example.com/x",
            {"https", "rbd"},
            ("allowed_schemes: scheme 'http' is not allowed (allowed: https, rbd)",),
            id="refused",
        ),
        pytest.param("filesystem:///var/x", {"file"}, (), id="filesystem-is-file"),
        pytest.param(
            "file:///var/x",
            set[str](),
            ("allowed_schemes: scheme 'file' is not allowed (allowed: none)",),
            id="empty-set-refuses-all",
        ),
        pytest.param("rbd://image", {"rbd"}, (), id="rbd"),
        pytest.param("swift+config://tls/c/o", {"swift+config"}, (), id="swift+config"),
        pytest.param(
            "swift+https://u:k@example.com/v1/c/o",
            {"swift+config"},
            ("allowed_schemes: scheme 'swift+https' is not allowed (allowed: swift+config)",),
            id="swift-https-is-not-swift-config",
        ),
        pytest.param("s3+https://s3.example.com/b/k", {"s3+https"}, (), id="s3"),
        pytest.param("vsphere://vc/folder/i?dsName=ds", {"vsphere"}, (), id="vsphere"),
        pytest.param(
            "cinder://" + UUID,
            {"rbd"},
            ("allowed_schemes: scheme 'cinder' is not allowed (allowed: rbd)",),
            id="cinder",
        ),
    ],
)
def test_allowed_schemes(uri: str, allowed: set[str], reasons: tuple[str, ...]) -> None:
    policy = LocationPolicy(allowed_schemes=frozenset(allowed))
    assert policy.violations(_parse(uri)) == reasons


# --- file_roots ---------------------------------------------------------------------

ROOT = "/var/lib/glance/images"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        pytest.param(f"{ROOT}/{UUID}", None, id="inside"),
        pytest.param(f"{ROOT}/a/b/c", None, id="deep"),
        pytest.param(f"{ROOT}/./x", None, id="dot"),
        pytest.param(f"{ROOT}/a/../x", None, id="dotdot-inside"),
        pytest.param(f"{ROOT}//x", None, id="doubled-slash"),
        pytest.param(f"{ROOT}/my image", None, id="space"),
        pytest.param(
            f"{ROOT}/../../../etc/passwd",
            f"path '{ROOT}/../../../etc/passwd' normalises to '/var/etc/passwd'",
            id="dotdot-escape",
        ),
        pytest.param(
            f"{ROOT}/..", f"path '{ROOT}/..' normalises to '/var/lib/glance'", id="parent"
        ),
        pytest.param(
            f"{ROOT}/a/../../images2/x",
            f"normalises to '{ROOT}2/x'",
            id="dotdot-to-lookalike",
        ),
        pytest.param(f"{ROOT}2/x", f"path '{ROOT}2/x' normalises to '{ROOT}2/x'", id="lookalike"),
        pytest.param(f"{ROOT}-old/x", f"normalises to '{ROOT}-old/x'", id="lookalike-dash"),
        pytest.param("/etc/passwd", "path '/etc/passwd' normalises to '/etc/passwd'", id="other"),
        pytest.param(f"{ROOT}/.", f"normalises to '{ROOT}'", id="the-root-itself"),
        pytest.param(f"//{ROOT}/x", None, id="leading-double-slash"),
        pytest.param(
            f"{ROOT}/%2e%2e/%2e%2e/x",
            f"percent-decoded path '{ROOT}/../../x' normalises to '/var/lib/x'",
            id="percent-encoded-dotdot",
        ),
        pytest.param(
            f"{ROOT}/a%2F..%2F..%2F..%2Fx",
            f"percent-decoded path '{ROOT}/a/../../../x' normalises to '/var/lib/x'",
            id="percent-encoded-slash",
        ),
    ],
)
def test_file_roots(path: str, reason: str | None) -> None:
    policy = LocationPolicy(file_roots=("/srv/other", ROOT))
    reasons = policy.violations(FilesystemStoreLocation.from_uri("file://" + path))
    if reason is None:
        assert reasons == ()
    else:
        assert len(reasons) == 1
        assert reasons[0].startswith("file_roots: ")
        assert reason in reasons[0]
        assert reasons[0].endswith("which is not under '/srv/other', '/var/lib/glance/images'")


@pytest.mark.parametrize(
    ("root", "path", "accepted"),
    [
        pytest.param("/var/lib/glance/images/", f"{ROOT}/x", True, id="root-trailing-slash"),
        pytest.param("/var/lib/glance/./images", f"{ROOT}/x", True, id="root-dot"),
        pytest.param("/var/lib/glance/x/../images", f"{ROOT}/x", True, id="root-dotdot"),
        pytest.param("/", "/anything", True, id="slash"),
    ],
)
def test_file_roots_are_normalised_too(root: str, path: str, accepted: bool) -> None:
    location = FilesystemStoreLocation.from_uri("file://" + path)
    assert (LocationPolicy(file_roots=(root,)).violations(location) == ()) is accepted


def test_file_roots_apply_to_file_locations_only() -> None:
    policy = LocationPolicy(file_roots=(ROOT,))
    assert policy.violations(_parse("http://example.com/etc/passwd")) == ()


# --- allow_credentials_in_uri ---------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "reasons"),
    [
        pytest.param(
            "http://alice:hunter2@example.com/x",
            ("allow_credentials_in_uri: the URI embeds credentials (user, password)",),
            id="http",
        ),
        pytest.param("https://example.com/x", (), id="http-without"),
        pytest.param("file:///var/lib/alice:hunter2@x", (), id="file-at-is-a-name"),
        pytest.param("rbd://fsid/pool/image/snap", (), id="rbd"),
        pytest.param(
            "swift://acct%3Auser:hunter2@auth.example.com/v1/c/o",
            ("allow_credentials_in_uri: the URI embeds credentials (user, key)",),
            id="swift",
        ),
        pytest.param("swift+https://auth.example.com/v1/c/o", (), id="swift-without"),
        # The safe alternative: the credentials stay in the configuration.
        pytest.param("swift+config://tls/c/o", (), id="swift+config"),
        pytest.param(
            "s3://ak:hunter2/with/slash@s3.example.com/b/k",
            ("allow_credentials_in_uri: the URI embeds credentials (accesskey, secretkey)",),
            id="s3",
        ),
        pytest.param("s3+https://s3.example.com/b/k", (), id="s3-without"),
        pytest.param("vsphere://vc/folder/i?dsName=ds", (), id="vsphere"),
    ],
)
def test_allow_credentials_in_uri(uri: str, reasons: tuple[str, ...]) -> None:
    policy = LocationPolicy(allow_credentials_in_uri=False)
    assert policy.violations(_parse(uri)) == reasons
    assert "hunter2" not in " ".join(reasons)


# --- allow_private_hosts ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "problem"),
    [
        pytest.param("127.0.0.1", "a loopback address", id="ipv4-loopback"),
        pytest.param("127.255.0.7", "a loopback address", id="ipv4-loopback-range"),
        pytest.param("10.1.2.3", "a private address", id="rfc1918-10"),
        pytest.param("172.16.0.1", "a private address", id="rfc1918-172"),
        pytest.param("192.168.1.1", "a private address", id="rfc1918-192"),
        pytest.param("169.254.169.254", "a link-local address", id="metadata-service"),
        pytest.param("224.0.0.1", "a multicast address", id="ipv4-multicast"),
        pytest.param("0.0.0.0", "an unspecified address", id="ipv4-unspecified"),  # noqa: S104
        pytest.param("100.64.0.1", "a shared (carrier-grade NAT) address", id="shared-cgnat"),
        pytest.param("[::1]", "a loopback address", id="ipv6-loopback"),
        pytest.param("[::]", "an unspecified address", id="ipv6-unspecified"),
        pytest.param("[fe80::1]", "a link-local address", id="ipv6-link-local"),
        pytest.param("[fd12:3456::1]", "a unique-local address", id="ipv6-unique-local"),
        pytest.param("[fec0::1]", "a site-local address", id="ipv6-site-local"),
        pytest.param("[ff02::1]", "a multicast address", id="ipv6-multicast"),
        pytest.param(
            "[::ffff:10.0.0.1]", "a private address (embedded IPv4 10.0.0.1)", id="v4-mapped"
        ),
        pytest.param(
            "[::ffff:7f00:1]", "a loopback address (embedded IPv4 127.0.0.1)", id="v4-mapped-hex"
        ),
        pytest.param(
            "[::127.0.0.1]", "a loopback address (embedded IPv4 127.0.0.1)", id="v4-compatible"
        ),
        pytest.param(
            "[64:ff9b::192.168.0.1]",
            "a private address (embedded IPv4 192.168.0.1)",
            id="nat64",
        ),
        pytest.param(
            "[2002:a9fe:a9fe::1]",
            "a link-local address (embedded IPv4 169.254.169.254)",
            id="6to4",
        ),
        pytest.param(
            "[2001:0:4136:e378:8000:63bf:3fff:fdd2]",
            "a documentation address (embedded IPv4 192.0.2.45)",
            id="teredo",
        ),
        pytest.param("localhost", "a localhost name", id="localhost"),
        pytest.param("localhost.", "a localhost name", id="localhost-dot"),
        pytest.param("LocalHost", "a localhost name", id="localhost-case"),
        pytest.param("api.localhost", "a localhost name", id="sub-localhost"),
        pytest.param("api.localhost.", "a localhost name", id="sub-localhost-dot"),
        pytest.param("localhost.localdomain", "a localhost name", id="localdomain"),
        pytest.param("ip6-localhost", "a localhost name", id="ip6-localhost"),
        pytest.param("127.0.0.1.", "a loopback address", id="ipv4-trailing-dot"),
        pytest.param(
            "2130706433", "a loopback address (a legacy numeric form of 127.0.0.1)", id="decimal"
        ),
        pytest.param(
            "0x7f000001", "a loopback address (a legacy numeric form of 127.0.0.1)", id="hex"
        ),
        pytest.param(
            "0177.0.0.1", "a loopback address (a legacy numeric form of 127.0.0.1)", id="octal"
        ),
        pytest.param("127.1", "a loopback address (a legacy numeric form of 127.0.0.1)", id="2"),
        pytest.param(
            "10.0.257", "a private address (a legacy numeric form of 10.0.1.1)", id="3-parts"
        ),
        pytest.param(
            "127.000.000.001",
            "a loopback address (a legacy numeric form of 127.0.0.1)",
            id="zero-padded",
        ),
        pytest.param("0", "an unspecified address (a legacy numeric form of 0.0.0.0)", id="0"),
        # Public, or a name left to DNS: not for a lexical policy to refuse.
        pytest.param("8.8.8.8", None, id="public-ipv4"),
        pytest.param("[2001:4860::8888]", None, id="public-ipv6"),
        pytest.param("[::ffff:8.8.8.8]", None, id="v4-mapped-public"),
        pytest.param("[64:ff9b::8.8.8.8]", None, id="nat64-public"),
        pytest.param("[2002:808:808::1]", None, id="6to4-public"),
        pytest.param("example.com", None, id="name"),
        pytest.param("localhost.example.com", None, id="localhost-label-inside"),
        pytest.param("mylocalhost", None, id="localhost-suffix-no-dot"),
        pytest.param("1.2.3.4.5", None, id="five-parts-is-a-name"),
        pytest.param("4294967296", None, id="number-over-32-bits-is-a-name"),
        pytest.param("1.256.1.1", None, id="part-over-255-is-a-name"),
        pytest.param("0x", None, id="bare-0x-is-a-name"),
        pytest.param("08.1.1.1", None, id="bad-octal-is-a-name"),
    ],
)
def test_allow_private_hosts(host: str, problem: str | None) -> None:
    policy = LocationPolicy(allow_private_hosts=False)
    location = _parse(f"https://{host}:8443/x")
    reasons = policy.violations(location)
    bare = host.strip("[]")
    if problem is None:
        assert reasons == ()
    else:
        assert reasons == (f"allow_private_hosts: host {bare!r} is {problem}",)
    assert LocationPolicy().violations(location) == ()


@pytest.mark.parametrize(
    ("uri", "reasons"),
    [
        # The vectors.
        pytest.param(
            "http://127.0.0.1/x",
            ("allow_private_hosts: host '127.0.0.1' is a loopback address",),
            id="loopback",
        ),
        pytest.param(
            "http://[::ffff:10.0.0.1]/x",
            (
                "allow_private_hosts: host '::ffff:10.0.0.1' is a private address"
                " (embedded IPv4 10.0.0.1)",
            ),
            id="v4-mapped",
        ),
        pytest.param(
            "https://localhost./x",
            ("allow_private_hosts: host 'localhost.' is a localhost name",),
            id="localhost-dot",
        ),
        pytest.param("file:///var/lib/x", (), id="file-has-no-host"),
        pytest.param("rbd://fsid/pool/image/snap", (), id="rbd-has-no-host"),
        pytest.param("cinder://" + UUID, (), id="cinder-has-no-host"),
        pytest.param(
            "swift://u:k@10.0.0.1:8080/v1/AUTH_x/c/o",
            ("allow_private_hosts: auth_or_store_url host '10.0.0.1' is a private address",),
            id="swift",
        ),
        pytest.param(
            "swift+https://[fe80::1]/v1/c/o",
            ("allow_private_hosts: auth_or_store_url host 'fe80::1' is a link-local address",),
            id="swift-ipv6",
        ),
        pytest.param("swift+https://auth.example.com:5000/v3/c/o", (), id="swift-public"),
        # The reference's host is the operator's choice, not the URI author's.
        pytest.param("swift+config://plain/c/o", (), id="swift+config"),
        pytest.param(
            "s3+https://api.localhost/b/k",
            ("allow_private_hosts: s3serviceurl host 'api.localhost' is a localhost name",),
            id="s3",
        ),
        pytest.param(
            "s3+https://[::ffff:127.0.0.1]:9000/v1/b/k",
            (
                "allow_private_hosts: s3serviceurl host '::ffff:127.0.0.1' is a loopback "
                "address (embedded IPv4 127.0.0.1)",
            ),
            id="s3-v4-mapped",
        ),
        pytest.param("s3+https://s3.amazonaws.com/b/k", (), id="s3-public"),
        pytest.param(
            "vsphere://192.168.1.10/folder/i?dsName=ds",
            ("allow_private_hosts: server_host '192.168.1.10' is a private address",),
            id="vsphere",
        ),
        pytest.param(
            "vsphere://[::1]/folder/i?dsName=ds",
            ("allow_private_hosts: server_host '::1' is a loopback address",),
            id="vsphere-ipv6",
        ),
    ],
)
def test_allow_private_hosts_per_store(uri: str, reasons: tuple[str, ...]) -> None:
    policy = LocationPolicy(allow_private_hosts=False)
    assert policy.violations(_parse(uri)) == reasons


# The project's table of the IANA special-purpose registries: vectors per block, at its
# edges, and just outside. None: globally reachable (or a name), so allowed.
SPECIAL_PURPOSE_VECTORS = [
    ("0.1.2.3", "a 'this network' address"),
    ("0.255.255.255", "a 'this network' address"),
    ("10.255.255.255", "a private address"),
    ("11.0.0.0", None),
    ("100.64.0.0", "a shared (carrier-grade NAT) address"),
    ("100.127.255.255", "a shared (carrier-grade NAT) address"),
    ("100.128.0.0", None),
    ("127.255.255.255", "a loopback address"),
    ("169.254.0.1", "a link-local address"),
    ("172.31.255.255", "a private address"),
    ("172.32.0.0", None),
    ("192.0.0.192", "an IETF protocol assignment address"),
    ("192.0.0.255", "an IETF protocol assignment address"),
    ("192.0.0.1", "an IPv4 service continuity address"),
    ("192.0.0.8", "an IPv4 dummy address"),
    ("192.0.0.9", None),  # PCP anycast
    ("192.0.0.10", None),  # TURN anycast
    ("192.0.0.170", "a NAT64/DNS64 discovery address"),
    ("192.0.0.171", "a NAT64/DNS64 discovery address"),
    ("192.0.1.0", None),
    ("192.0.2.1", "a documentation address"),
    ("192.31.196.1", None),  # AS112
    ("192.52.193.1", None),  # AMT
    ("192.88.99.1", None),  # deprecated 6to4 relay anycast: no answer in the registry
    ("192.168.0.0", "a private address"),
    ("192.175.48.1", None),  # AS112 direct delegation
    ("198.18.0.1", "a benchmarking address"),
    ("198.19.255.255", "a benchmarking address"),
    ("198.20.0.0", None),
    ("198.51.100.7", "a documentation address"),
    ("203.0.113.9", "a documentation address"),
    ("223.255.255.255", None),
    ("239.255.255.255", "a multicast address"),
    ("240.0.0.1", "a reserved address"),
    ("255.255.255.254", "a reserved address"),
    ("255.255.255.255", "a limited broadcast address"),
    ("[::2]", "a 'this network' address (embedded IPv4 0.0.0.2)"),  # IPv4-compatible
    ("[64:ff9b:1::7f00:1]", "a local-use NAT64 address"),
    ("[64:ff9b:1::808:808]", "a local-use NAT64 address"),
    ("[64:ff9b:1:ffff::1]", "a local-use NAT64 address"),
    ("[64:ff9b:2::1]", None),
    ("[100::1]", "a discard-only address"),
    ("[100:0:0:1::1]", "a dummy address"),
    ("[100:0:0:2::1]", None),
    ("[2001:1::1]", None),  # PCP anycast
    ("[2001:1::2]", None),  # TURN anycast
    ("[2001:1::3]", None),  # DNS-SD SRP anycast
    ("[2001:1::4]", "an IETF protocol assignment address"),
    ("[2001:2::1]", "a benchmarking address"),
    ("[2001:3::1]", None),  # AMT
    ("[2001:4:112::1]", None),  # AS112
    ("[2001:4:113::1]", "an IETF protocol assignment address"),
    ("[2001:10::1]", "an IETF protocol assignment address"),  # deprecated ORCHID
    ("[2001:20::1]", None),  # ORCHIDv2
    ("[2001:30::1]", None),  # drone remote ID
    ("[2001:1ff:ffff::1]", "an IETF protocol assignment address"),
    ("[2001:200::1]", None),
    ("[2001:0:4136:e378:8000:63bf:f7f7:f7f7]", "an IETF protocol assignment address"),
    ("[2001:db8::1]", "a documentation address"),
    ("[2620:4f:8000::1]", None),  # AS112 direct delegation
    ("[3fff::1]", "a documentation address"),
    ("[3fff:fff:ffff::1]", "a documentation address"),
    ("[3fff:1000::1]", None),
    ("[5f00::1]", "an SRv6 SID address"),
    ("[5f00:ffff::1]", "an SRv6 SID address"),
    ("[fc00::1]", "a unique-local address"),
    ("[fdff:ffff::1]", "a unique-local address"),
    ("[fe80::1]", "a link-local address"),
    ("[febf::1]", "a link-local address"),
    ("[fec0::1]", "a site-local address"),
    ("[ff02::1]", "a multicast address"),
    ("[2a00:1450::1]", None),
    # The loopback names of /etc/hosts on RHEL and Debian.
    ("localhost4", "a localhost name"),
    ("localhost6", "a localhost name"),
    ("LOCALHOST4.localdomain4", "a localhost name"),
    ("localhost6.localdomain6.", "a localhost name"),
    ("ip6-loopback", "a localhost name"),
    ("localhost5", None),
    ("localhost4.example.org", None),
    # Legacy numeric forms: the digit count does not matter, the value does.
    ("0x" + "0" * 5000 + "7f000001", "a loopback address (a legacy numeric form of 127.0.0.1)"),
    ("0" * 5000 + "12.0.0.1", "a private address (a legacy numeric form of 10.0.0.1)"),
]


@pytest.mark.parametrize(
    ("host", "problem"),
    [pytest.param(host, problem, id=host[:40]) for host, problem in SPECIAL_PURPOSE_VECTORS],
)
def test_special_purpose_blocks(host: str, problem: str | None) -> None:
    location = _parse(f"https://{host}/x")
    reasons = LocationPolicy(allow_private_hosts=False).violations(location)
    if problem is None:
        assert reasons == ()
    else:
        [reason] = reasons
        assert reason.startswith("allow_private_hosts: host ")
        assert reason.endswith(f" is {problem}")


# Issue 12: hosts that once made the policy raise ValueError (CPython refuses to convert
# strings of over 4300 decimal digits to int). Too big for inet_aton: they are names.
HUGE_NUMBERS = [
    pytest.param("1" * 4301, id="4301-digits"),
    pytest.param("1." + "1" * 5000, id="1.many-digits"),
    pytest.param("1.2." + "9" * 4400, id="3-parts"),
    pytest.param("0" + "7" * 4400, id="octal"),
    pytest.param("0x" + "f" * 4400, id="hex"),
]


@pytest.mark.parametrize("host", HUGE_NUMBERS)
@pytest.mark.parametrize(
    "template",
    [
        pytest.param("https://{h}/x", id="https"),
        pytest.param("http://u:p@{h}:8080/x", id="http"),
        pytest.param("swift+https://u:k@{h}/v1/AUTH_a/c/o", id="swift"),
        pytest.param("s3+https://a:s@{h}/bucket/key", id="s3"),
        pytest.param("vsphere://{h}/folder/images/x?dsName=ds", id="vsphere"),
    ],
)
def test_huge_numeric_hosts_are_names(host: str, template: str) -> None:
    location = _parse(template.format(h=host))
    policy = LocationPolicy(allow_private_hosts=False)
    assert policy.violations(location) == ()
    policy.check(location)


# --- credentials in a query -------------------------------------------------------


@attrs.frozen(kw_only=True, slots=True)
class _PresignedHttpLocation(HttpStoreLocation):
    """An http location whose exposure names its query credentials, as the contract says."""

    def exposure(self) -> Exposure:
        return attrs.evolve(
            super().exposure(),
            credentials=tuple(f"query parameter {n!r}" for n in query_credentials(self.query)),
        )


def test_query_credentials_are_named_as_the_exposure_gives_them() -> None:
    query = "X-Amz-Credential=AKIA%2F20250101&X-Amz-Signature=abc123&v=1"
    location = _PresignedHttpLocation(
        scheme="https", netloc="bucket.s3.example.com", path="/o", query=query
    )
    assert LocationPolicy(allow_credentials_in_uri=False).violations(location) == (
        "allow_credentials_in_uri: the URI embeds credentials "
        "(query parameter 'X-Amz-Credential', query parameter 'X-Amz-Signature')",
    )
    assert LocationPolicy().violations(location) == ()


# --- require_tls ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "reasons"),
    [
        pytest.param(
            "http://example.com/x",
            ("require_tls: scheme 'http' reaches its store over plain HTTP",),
            id="http",
        ),
        pytest.param("https://example.com/x", (), id="https"),
        pytest.param("file:///var/lib/x", (), id="file-has-no-transport"),
        pytest.param("rbd://image", (), id="rbd-has-no-transport"),
        pytest.param(
            "swift+http://u:k@auth.example.com/v1/c/o",
            ("require_tls: scheme 'swift+http' reaches its store over plain HTTP",),
            id="swift+http",
        ),
        pytest.param("swift://u:k@auth.example.com/v1/c/o", (), id="swift-is-https"),
        pytest.param("swift+https://auth.example.com/v1/c/o", (), id="swift+https"),
        pytest.param(
            "swift+config://plain/c/o",
            ("require_tls: scheme 'swift+config' reaches its store over plain HTTP",),
            id="swift+config-http-reference",
        ),
        pytest.param("swift+config://tls/c/o", (), id="swift+config-https-reference"),
        pytest.param(
            "s3+http://s3.example.com/b/k",
            ("require_tls: scheme 's3+http' reaches its store over plain HTTP",),
            id="s3+http",
        ),
        # glance_store's client uses TLS for s3+https only.
        pytest.param(
            "s3://s3.example.com/b/k",
            ("require_tls: scheme 's3' reaches its store over plain HTTP",),
            id="s3",
        ),
        pytest.param("s3+https://s3.example.com/b/k", (), id="s3+https"),
        pytest.param("vsphere://vc/folder/i?dsName=ds", (), id="vsphere-is-https"),
    ],
)
def test_require_tls(uri: str, reasons: tuple[str, ...]) -> None:
    assert LocationPolicy(require_tls=True).violations(_parse(uri)) == reasons


# --- store classes the library does not know --------------------------------------


@attrs.frozen(kw_only=True, slots=True)
class _TokenStoreLocation(StoreLocation):
    SCHEMES = ("token",)

    token: str | None = None

    @classmethod
    def parse(
        cls, text: str, *, conf: StoreConfig | None, backend_group: str | None
    ) -> _TokenStoreLocation:
        raise NotImplementedError  # never parsed here: built directly

    def render(self, *, redact: bool) -> str:
        creds = f"robot:{self.token}@" if self.token else ""
        return f"Token://{creds}store.example.com/x"


@pytest.mark.parametrize(
    ("location", "reasons"),
    [
        pytest.param(_TokenStoreLocation(), (), id="without-credentials"),
        pytest.param(
            _TokenStoreLocation(token="secret"),
            ("allow_credentials_in_uri: the URI embeds credentials (userinfo)",),
            id="with-credentials",
        ),
    ],
)
def test_a_store_class_of_ones_own(location: StoreLocation, reasons: tuple[str, ...]) -> None:
    policy = LocationPolicy(allowed_schemes=frozenset({"token"}), allow_credentials_in_uri=False)
    assert policy.violations(location) == reasons
    assert LocationPolicy(allowed_schemes=frozenset({"http"})).violations(location) == (
        "allowed_schemes: scheme 'token' is not allowed (allowed: http)",
    )


def test_http_location_built_directly() -> None:
    location = HttpStoreLocation(scheme="http", netloc="[::1]:8080", path="/x")
    assert LocationPolicy(allow_private_hosts=False, require_tls=True).violations(location) == (
        "allow_private_hosts: host '::1' is a loopback address",
        "require_tls: scheme 'http' reaches its store over plain HTTP",
    )


def test_a_host_no_parser_would_accept_cannot_be_built() -> None:
    # Every instance is valid: a location with such a host cannot reach the policy.
    with pytest.raises(BadStoreLocation, match="host: not a valid IPv6 address"):
        HttpStoreLocation(scheme="https", netloc="[fe80::zz]", path="/x")


def test_the_policy_module_exports_the_policy() -> None:
    import glance_locations.policy  # noqa: PLC0415 (the module object itself is tested)

    assert dir(glance_locations.policy) == ["LocationPolicy"]
    assert glance_locations.policy.LocationPolicy is LocationPolicy
