"""``LocationPolicy``: which well-formed locations may be accepted from an untrusted user.

Parsing says a location is well formed; a policy says whether this deployment lets a user
point an image at it. Glance's history shows why both are needed: ``file://`` locations
reading files of the API host (CVE-2014-9493), locations pointing the API server at
internal hosts, credentials written into the database.

Every check is lexical: no file system access, no DNS resolution. A host name that
resolves to a private address passes ``allow_private_hosts=False``; restrict egress at the
network layer as well.
"""

from __future__ import annotations

import ipaddress
import logging
import posixpath
import re
from typing import TypeVar, cast
from urllib.parse import unquote

import attrs

from glance_locations._location import Location
from glance_locations.base import StoreLocation
from glance_locations.exceptions import ForbiddenLocation

__all__ = ["LocationPolicy"]


def __dir__() -> list[str]:
    return __all__


LOG = logging.getLogger(__name__)

_T = TypeVar("_T", bound=StoreLocation)
_IP = ipaddress.IPv4Address | ipaddress.IPv6Address

_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*")


# The validators take the declared types, but check what callers really passed.


def _check_schemes(
    _: object, attribute: attrs.Attribute[frozenset[str] | None], value: frozenset[str] | None
) -> None:
    given: object = value
    if given is None:
        return
    if not isinstance(given, frozenset):
        raise TypeError(f"{attribute.name} must be a frozenset or None")
    for scheme in given:
        if not isinstance(scheme, str) or _SCHEME.fullmatch(scheme) is None:
            raise ValueError(f"{attribute.name}: {scheme!r} is not a lower-case URI scheme")


def _check_roots(
    _: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    given: object = value
    if not isinstance(given, tuple):
        raise TypeError(f"{attribute.name} must be a tuple of directory paths")
    for root in given:
        if not isinstance(root, str) or not root.startswith("/") or "\x00" in root:
            raise ValueError(f"{attribute.name}: {root!r} is not an absolute directory path")


_BOOL = attrs.validators.instance_of(bool)


@attrs.frozen(kw_only=True, slots=True)
class LocationPolicy:
    """Rules a location from an untrusted user must pass; each is off by default.

    :param allowed_schemes: the schemes accepted (as the location renders them:
        ``filesystem://`` is ``file``); ``None`` accepts any registered scheme.
    :param file_roots: when non-empty, a file location must lie strictly under one of
        these directories after lexical normalisation (``..`` and ``.`` resolved, no
        symbolic links followed); the path must stay under it whether or not it is
        percent-decoded.
    :param allow_credentials_in_uri: when ``False``, a URI embedding a user name, password,
        key or secret is refused (``swift+config`` references keep them in configuration).
    :param allow_private_hosts: when ``False``, a host that is an IP literal in a loopback,
        private, link-local, unique-local, multicast, unspecified or otherwise not globally
        routable range (IPv4 also in its legacy numeric forms such as ``2130706433``, and
        embedded in IPv6: IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo), or a
        ``localhost`` name, is refused, for every store whose URI names a host.
    :param require_tls: when ``True``, a plain-HTTP transport (``http``, ``swift+http``,
        ``s3+http``) is refused.
    """

    allowed_schemes: frozenset[str] | None = attrs.field(default=None, validator=_check_schemes)
    file_roots: tuple[str, ...] = attrs.field(default=(), validator=_check_roots)
    allow_credentials_in_uri: bool = attrs.field(default=True, validator=_BOOL)
    allow_private_hosts: bool = attrs.field(default=True, validator=_BOOL)
    require_tls: bool = attrs.field(default=False, validator=_BOOL)

    def violations(self, location: StoreLocation | Location[_T]) -> tuple[str, ...]:
        """Return why ``location`` is refused, one reason per broken rule; empty if it passes.

        Each reason starts with the rule's name and names the component; none holds a
        secret.

        :raises TypeError: ``location`` is neither a store location nor a ``Location``.
        """
        store_location = _store_location(location)
        if (
            self.allowed_schemes is None
            and not self.file_roots
            and self.allow_credentials_in_uri
            and self.allow_private_hosts
            and not self.require_tls
        ):
            return ()  # every rule off (the default): nothing to look at
        exposure = store_location.exposure()  # the stores' side of this module
        reasons: list[str] = []
        schemes = self.allowed_schemes
        if schemes is not None and exposure.scheme not in schemes:
            allowed = ", ".join(sorted(schemes)) or "none"
            reasons.append(
                f"allowed_schemes: scheme {exposure.scheme!r} is not allowed (allowed: {allowed})"
            )
        if self.file_roots and exposure.file_path is not None:
            outside = _outside_roots(exposure.file_path, self.file_roots)
            if outside is not None:
                reasons.append(outside)
        if not self.allow_credentials_in_uri and exposure.credentials:
            embedded = ", ".join(exposure.credentials)
            reasons.append(f"allow_credentials_in_uri: the URI embeds credentials ({embedded})")
        if not self.allow_private_hosts:
            for component, host in exposure.hosts:
                problem = _host_problem(host)
                if problem is not None:
                    reasons.append(f"allow_private_hosts: {component} {host!r} is {problem}")
        if self.require_tls and exposure.tls is False:
            reasons.append(
                f"require_tls: scheme {exposure.scheme!r} reaches its store over plain HTTP"
            )
        return tuple(reasons)

    def check(self, location: StoreLocation | Location[_T]) -> None:
        """Return if ``location`` passes every rule.

        :raises ForbiddenLocation: with every reason (see :meth:`violations`).
        :raises TypeError: ``location`` is neither a store location nor a ``Location``.
        """
        reasons = self.violations(location)
        if reasons:
            LOG.debug(
                "Location %s refused by policy: %s",
                _store_location(location).get_redacted_uri(),
                "; ".join(reasons),
            )
            raise ForbiddenLocation(reasons)


def _store_location(location: object) -> StoreLocation:
    if isinstance(location, Location):
        # (isinstance narrows to Location[Unknown]; every Location holds a StoreLocation)
        location = cast("Location[StoreLocation]", location).store_location
    if not isinstance(location, StoreLocation):
        raise TypeError(
            f"a policy checks a StoreLocation or a Location, not {type(location).__name__}"
        )
    return location


# --- file_roots ---------------------------------------------------------------------


def _normalise(path: str) -> str:
    """``posixpath.normpath``, but with a leading ``//`` folded like any other."""
    return posixpath.normpath("/" + path.lstrip("/"))


def _is_under(path: str, root: str) -> bool:
    """Whether normalised ``path`` is strictly inside normalised directory ``root``."""
    return path != root and path.startswith(root.rstrip("/") + "/")


def _outside_roots(raw_path: str, roots: tuple[str, ...]) -> str | None:
    """Say how ``raw_path`` escapes every root, or return ``None``."""
    normalised_roots = [_normalise(root) for root in roots]
    # The path is raw (glance_store opens it as written); a consumer that decodes it
    # must not escape either, so both readings have to stay inside a root.
    readings = {"path": raw_path, "percent-decoded path": unquote(raw_path)}
    for label, path in readings.items():
        normalised = _normalise(path)
        if not any(_is_under(normalised, root) for root in normalised_roots):
            listed = ", ".join(repr(root) for root in roots)
            return (
                f"file_roots: {label} {path!r} normalises to {normalised!r}, "
                f"which is not under {listed}"
            )
    return None


# --- allow_private_hosts --------------------------------------------------------------

#: Loopback host names: ``localhost`` (RFC 6761, with its subdomains below) and the names
#: distributions put in /etc/hosts (RHEL's ``localhost4``, Debian's ``ip6-localhost``).
_LOCAL_NAMES = frozenset(
    {
        "localhost",
        "localhost.localdomain",
        "localhost4",
        "localhost4.localdomain4",
        "localhost6",
        "localhost6.localdomain6",
        "ip6-localhost",
        "ip6-loopback",
    }
)
# inet_aton(3) reads 1 to 4 parts, each decimal, octal (leading 0) or hex (0x).
_INET_ATON_PART = re.compile(r"0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*")
# More significant digits than a 32-bit number has in any base: too big for inet_aton.
# (Checked before int(), which refuses strings of over 4300 decimal digits.)
_MAX_PART_DIGITS = 11


@attrs.frozen
class _Block:
    """One row of the special-purpose address tables."""

    network: ipaddress.IPv4Network | ipaddress.IPv6Network
    name: str  # with its article, as reasons use it: "a loopback"
    reachable: bool  # IANA's "Globally Reachable"; False: refused


def _blocks(
    rows: tuple[tuple[str, str, bool], ...],
) -> tuple[_Block, ...]:
    return tuple(
        _Block(ipaddress.ip_network(cidr), name, reachable) for cidr, name, reachable in rows
    )


# The IANA IPv4 and IPv6 Special-Purpose Address Registries (iana-ipv4-special-registry,
# iana-ipv6-special-registry, as of 2025), every row with a "Globally Reachable" answer,
# plus multicast and the deprecated IPv6 site-local block, which no image server uses.
# Rows whose answer is N/A (6to4 2002::/16, Teredo 2001::/32, ORCHID 2001:10::/28, the
# 6to4 relay anycast 192.88.99.0/24) are left out: 6to4 and Teredo are judged by the
# IPv4 address they embed, the others fall to their enclosing row. The most specific row
# decides, so the globally reachable rows inside 192.0.0.0/24 and 2001::/23 are allowed.
# docs/security.md shows this table; keep them in step.
_SPECIAL_BLOCKS = _blocks(
    (
        ("0.0.0.0/8", "a 'this network'", False),
        ("0.0.0.0/32", "an unspecified", False),
        ("10.0.0.0/8", "a private", False),
        ("100.64.0.0/10", "a shared (carrier-grade NAT)", False),
        ("127.0.0.0/8", "a loopback", False),
        ("169.254.0.0/16", "a link-local", False),
        ("172.16.0.0/12", "a private", False),
        ("192.0.0.0/24", "an IETF protocol assignment", False),
        ("192.0.0.0/29", "an IPv4 service continuity", False),
        ("192.0.0.8/32", "an IPv4 dummy", False),
        ("192.0.0.9/32", "a PCP anycast", True),
        ("192.0.0.10/32", "a TURN anycast", True),
        ("192.0.0.170/31", "a NAT64/DNS64 discovery", False),
        ("192.0.2.0/24", "a documentation", False),
        ("192.31.196.0/24", "an AS112", True),
        ("192.52.193.0/24", "an AMT", True),
        ("192.168.0.0/16", "a private", False),
        ("192.175.48.0/24", "an AS112 direct delegation", True),
        ("198.18.0.0/15", "a benchmarking", False),
        ("198.51.100.0/24", "a documentation", False),
        ("203.0.113.0/24", "a documentation", False),
        ("224.0.0.0/4", "a multicast", False),
        ("240.0.0.0/4", "a reserved", False),
        ("255.255.255.255/32", "a limited broadcast", False),
        ("::/128", "an unspecified", False),
        ("::1/128", "a loopback", False),
        ("::ffff:0:0/96", "an IPv4-mapped", False),
        ("64:ff9b::/96", "a NAT64", True),
        ("64:ff9b:1::/48", "a local-use NAT64", False),
        ("100::/64", "a discard-only", False),
        ("100:0:0:1::/64", "a dummy", False),
        ("2001::/23", "an IETF protocol assignment", False),
        ("2001:1::1/128", "a PCP anycast", True),
        ("2001:1::2/128", "a TURN anycast", True),
        ("2001:1::3/128", "a DNS-SD SRP anycast", True),
        ("2001:2::/48", "a benchmarking", False),
        ("2001:3::/32", "an AMT", True),
        ("2001:4:112::/48", "an AS112", True),
        ("2001:20::/28", "an ORCHIDv2", True),
        ("2001:30::/28", "a drone remote ID", True),
        ("2001:db8::/32", "a documentation", False),
        ("2620:4f:8000::/48", "an AS112 direct delegation", True),
        ("3fff::/20", "a documentation", False),
        ("5f00::/16", "an SRv6 SID", False),
        ("fc00::/7", "a unique-local", False),
        ("fe80::/10", "a link-local", False),
        ("fec0::/10", "a site-local", False),
        ("ff00::/8", "a multicast", False),
    )
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _host_problem(host: str) -> str | None:
    """Say why ``host`` (no IPv6 brackets) is a private host, or return ``None``."""
    name = host.rstrip(".").lower()  # resolvers ignore a trailing dot
    if name in _LOCAL_NAMES or name.endswith(".localhost"):
        return "a localhost name"
    address = _ip_literal(name)
    if address is None:
        if ":" in name:
            return "not a valid IP literal"
        return None
    problem = _address_problem(address)
    if problem is not None and address.version == 4 and str(address) != name:
        return f"{problem} (a legacy numeric form of {address})"
    return problem


def _ip_literal(name: str) -> _IP | None:
    """Read ``name`` as an IP address, standard or in a legacy IPv4 numeric form."""
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        pass
    parts = name.split(".")
    if len(parts) > 4 or not all(_INET_ATON_PART.fullmatch(part) for part in parts):
        return None
    values: list[int] = []
    for part in parts:
        hexadecimal = part[:2] in {"0x", "0X"}
        digits = (part[2:] if hexadecimal else part).lstrip("0")
        if len(digits) > _MAX_PART_DIGITS:
            return None  # inet_aton refuses it: a (numeric) name, left to DNS
        base = 16 if hexadecimal else 8 if part[0] == "0" else 10
        values.append(int(digits or "0", base))
    *head, last = values
    if any(value > 0xFF for value in head) or last >= 1 << (8 * (4 - len(head))):
        return None  # inet_aton refuses it: a (numeric) name, left to DNS
    number = last
    for index, value in enumerate(head):
        number |= value << (8 * (3 - index))
    return ipaddress.IPv4Address(number)


def _embedded_ipv4(
    address: ipaddress.IPv6Address,
) -> tuple[ipaddress.IPv4Address | None, bool]:
    """The IPv4 address an IPv6 one embeds, if any, and whether it *is* that address
    (IPv4-mapped, IPv4-compatible, NAT64) rather than a tunnel to it (6to4, Teredo)."""
    number = int(address)
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped, True
    if address in _NAT64 or (number >> 32 == 0 and number > 1):  # NAT64, IPv4-compatible
        return ipaddress.IPv4Address(number & 0xFFFFFFFF), True
    if address.sixtofour is not None:
        return address.sixtofour, False
    if address.teredo is not None:
        return address.teredo[1], False
    return None, False


def _special_block(address: _IP) -> _Block | None:
    """The most specific row of the special-purpose tables holding ``address``."""
    number = int(address)  # an IPv6 zone (fe80::1%eth0) does not change the block
    found: _Block | None = None
    for block in _SPECIAL_BLOCKS:
        network = block.network
        if network.version != address.version:
            continue
        shift = network.max_prefixlen - network.prefixlen
        if number >> shift == int(network.network_address) >> shift and (
            found is None or network.prefixlen > found.network.prefixlen
        ):
            found = block
    return found


def _address_problem(address: _IP) -> str | None:
    """Say which block that is not globally reachable holds ``address``, or return ``None``."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded, same = _embedded_ipv4(address)
        if embedded is not None:
            problem = _address_problem(embedded)
            if problem is not None:
                return f"{problem} (embedded IPv4 {embedded})"
            if same:
                return None  # it is that IPv4 address, which is public
    block = _special_block(address)
    if block is None or block.reachable:
        return None
    return f"{block.name} address"
