"""LocationPolicy never raises anything but ForbiddenLocation, whatever a location holds.

Hosts are where the policy computes most (IP literals, legacy numeric IPv4, embedded
IPv4): the property draws odd ones for every store whose URI names a host.
"""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from glance_locations import (
    BadStoreUri,
    ForbiddenLocation,
    Location,
    LocationPolicy,
    StoreConfig,
    StoreLocation,
    SwiftReference,
    UnknownScheme,
    get_location_from_uri,
)
from glance_locations.registry import default_registry

from . import uri_strategies
from .location_strategies import locations

CONF = StoreConfig(
    swift_references={
        "ref1": SwiftReference(auth_address="http://10.0.0.1/v3", user="t:u", key="k")
    }
)
STRICT = LocationPolicy(
    allowed_schemes=frozenset(default_registry.schemes) - {"rbd"},
    file_roots=("/var/lib/glance/images",),
    allow_credentials_in_uri=False,
    allow_private_hosts=False,
    require_tls=True,
)
POLICIES = [LocationPolicy(), STRICT, LocationPolicy(allow_private_hosts=False)]


def _numeral(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["decimal", "octal", "hex", "run"]))
    number = draw(st.integers(0, 2**40))
    if kind == "octal":
        return "0" + format(number, "o")
    if kind == "hex":
        return draw(st.sampled_from(["0x", "0X"])) + format(number, draw(st.sampled_from("xX")))
    if kind == "run":  # long runs: CPython's int() refuses over 4300 decimal digits
        digit = draw(st.sampled_from("0123456789f"))
        prefix = draw(st.sampled_from(["", "0", "0x", "1"]))
        return prefix + digit * draw(st.integers(1, 6000))
    return str(number)


@st.composite
def numeric_hosts(draw: st.DrawFn) -> str:
    parts = [_numeral(draw) for _ in range(draw(st.integers(1, 6)))]
    return ".".join(parts) + draw(st.sampled_from(["", "."]))


@st.composite
def ipv6_hosts(draw: st.DrawFn) -> str:
    v4 = str(draw(st.ip_addresses(v=4)))
    prefix = draw(
        st.sampled_from(["::ffff:", "::", "64:ff9b::", "64:ff9b:1::", "2002::", "100::", ""])
    )
    literal = (
        f"{prefix}{v4}" if prefix and draw(st.booleans()) else str(draw(st.ip_addresses(v=6)))
    )
    if draw(st.booleans()):
        literal += "%25" + draw(st.text(string.ascii_letters + string.digits, max_size=6))
    return f"[{literal}]"


def _host_name(name: str, upper: bool, dot: str) -> str:
    return (name.upper() if upper else name) + dot


localhost_names = st.builds(
    _host_name,
    st.sampled_from(
        [
            "localhost",
            "a.localhost",
            "localhost4",
            "localhost6",
            "localhost4.localdomain4",
            "localhost6.localdomain6",
            "ip6-localhost",
            "ip6-loopback",
            "localhost5",
            "xn--",
        ]
    ),
    st.booleans(),
    st.sampled_from(["", ".", ".."]),
)
odd_hosts = st.one_of(
    numeric_hosts(),
    ipv6_hosts(),
    localhost_names,
    st.ip_addresses(v=4).map(str),
    st.text(string.ascii_lowercase + string.digits + ".-_~%:[]", min_size=1, max_size=40),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs")), max_size=12),
)
templates = st.sampled_from(
    [
        "https://{h}/x",
        "http://u:p@{h}:8080/x?token=t",
        "swift://u:k@{h}/v1/AUTH_a/c/o",
        "swift+http://{h}:5000/v3/c/o",
        "swift+https://a%3Au:k@{h}/v1/c/o",
        "s3://ak:sk@{h}/bucket/key",
        "s3+http://{h}:9000/bucket/key",
        "s3+https://{h}/bucket/key",
        "vsphere://{h}/folder/images/x?dsName=ds",
    ]
)


def _outcome(policy: LocationPolicy, location: StoreLocation | Location[StoreLocation]) -> str:
    """What ``check`` did: "passed", or the reasons it raised ForbiddenLocation with."""
    try:
        policy.check(location)
    except ForbiddenLocation as refusal:
        return "; ".join(refusal.reasons)
    return "passed"


def _check_everything(*forms: StoreLocation | Location[StoreLocation]) -> None:
    """Every policy answers for every form of one location, and agrees with itself."""
    for policy in POLICIES:
        for location in forms:
            reasons = policy.violations(location)
            assert isinstance(reasons, tuple)
            assert all(reasons)  # each a message
            assert _outcome(policy, location) == ("; ".join(reasons) if reasons else "passed")


@given(templates, odd_hosts)
def test_the_policy_never_raises_on_odd_hosts(template: str, host: str) -> None:
    uri_strategies.EXAMPLES["policy: odd hosts"] += 1
    try:
        location = get_location_from_uri(template.format(h=host), conf=CONF)
    except (BadStoreUri, UnknownScheme):
        return  # refused by the parser: nothing for a policy to check
    _check_everything(location, location.store_location)


@given(locations)
def test_the_policy_never_raises_on_any_valid_location(location: StoreLocation) -> None:
    uri_strategies.EXAMPLES["policy: valid locations"] += 1
    _check_everything(location)
