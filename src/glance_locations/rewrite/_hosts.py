"""``HostRename``: a service host renamed in the locations of every store that names one.

Which part of a location is its host is the store's to say: a hook per store class,
dispatched with :func:`functools.singledispatch` (the class's nearest registered base
wins), so a store class of one's own joins with :meth:`HostRename.register`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TypeVar

import attrs

from glance_locations._addresses import host_key, split_address
from glance_locations.base import StoreLocation
from glance_locations.exceptions import BadStoreUri, RewriteRefused
from glance_locations.rewrite._maps import refuse_chains
from glance_locations.rewrite._rule import Rule
from glance_locations.stores import (
    HttpStoreLocation,
    S3StoreLocation,
    SwiftStoreLocation,
    VMwareStoreLocation,
)

__all__ = ["HostRename"]

L = TypeVar("L", bound=StoreLocation)
#: The new host for a host (IPv6 bare), or ``None`` when the rule does not rename it.
_NewHost = Callable[[str], str | None]
#: A store's hook: the location with its host renamed, or the location itself.
_HostHook = Callable[[L, _NewHost], L]


def _bare_host(host: str) -> str:
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _host_problem(host: object) -> str | None:
    """Why ``host`` is not a host name or IP address (IPv6 without brackets), or ``None``."""
    if not isinstance(host, str):
        return f"must be str, not {type(host).__name__}"
    if any(char in host for char in "@/?#") or (":" in host and host.count(":") < 2):
        return "must be a host name or IP address alone (no port, userinfo or path)"
    if not host.isprintable() or " " in host:
        return "contains white space or a control character"
    try:
        parsed = HttpStoreLocation.from_uri(f"http://{_bracketed(host)}/")
    except BadStoreUri as exc:
        return exc.reason
    if parsed.host != host or parsed.port is not None:
        return "must be a host name or IP address alone (no port, userinfo or path)"
    return None


def _hosts(mapping: Mapping[str, str]) -> Mapping[str, str]:
    """Check and freeze a host map: old hosts keyed as DNS compares them, new ones bare."""
    if not isinstance(mapping, Mapping):
        raise TypeError(f"HostRename: hosts must be a mapping, not {type(mapping).__name__}")
    hosts: dict[str, str] = {}
    entries: Iterable[tuple[object, object]] = mapping.items()  # checked, not trusted
    for given_old, given_new in entries:
        for host in (given_old, given_new):
            problem = _host_problem(_bare_host(host) if isinstance(host, str) else host)
            if problem is not None:
                raise ValueError(f"HostRename: host {host!r}: {problem}")
        assert isinstance(given_old, str)
        assert isinstance(given_new, str)
        key = host_key(_bare_host(given_old))
        new = _bare_host(given_new)
        if key in hosts and hosts[key] != new:
            raise ValueError(f"HostRename: host {given_old!r} is given twice, with two new hosts")
        hosts[key] = new
    refuse_chains("HostRename", "host", {old: host_key(new) for old, new in hosts.items()})
    return MappingProxyType(hosts)


def _with_host(address: str, host: str) -> str:
    """``address`` (``host[:port][/path]``) with its host replaced; port and path kept."""
    if address.startswith("["):
        rest = address[address.find("]") + 1 :]
    else:
        cut = min((i for i in (address.find(":"), address.find("/")) if i >= 0), default=-1)
        rest = "" if cut < 0 else address[cut:]
    return _bracketed(host) + rest


@functools.singledispatch
def _renamed(loc: StoreLocation, new_host: _NewHost) -> StoreLocation:
    """A store class that registered no hook names no host this rule can change."""
    return loc


@_renamed.register(HttpStoreLocation)
def _http(loc: HttpStoreLocation, new_host: _NewHost) -> HttpStoreLocation:
    new = new_host(loc.host)
    return loc if new is None else attrs.evolve(loc, netloc=_with_host(loc.netloc, new))


@_renamed.register(SwiftStoreLocation)
def _swift(loc: SwiftStoreLocation, new_host: _NewHost) -> SwiftStoreLocation:
    new = new_host(split_address(loc.auth_or_store_url)[0])
    if new is None:
        return loc
    if loc.scheme == "swift+config":
        raise RewriteRefused(
            f"swift+config reference {loc.reference!r}: its host comes from the "
            "swift configuration; change that reference's auth_address instead"
        )
    return attrs.evolve(loc, auth_or_store_url=_with_host(loc.auth_or_store_url, new))


@_renamed.register(S3StoreLocation)
def _s3(loc: S3StoreLocation, new_host: _NewHost) -> S3StoreLocation:
    new = new_host(split_address(loc.s3serviceurl)[0])
    if new is None:
        return loc
    return attrs.evolve(loc, s3serviceurl=_with_host(loc.s3serviceurl, new))


@_renamed.register(VMwareStoreLocation)
def _vmware(loc: VMwareStoreLocation, new_host: _NewHost) -> VMwareStoreLocation:
    new = new_host(loc.server_host)
    return loc if new is None else attrs.evolve(loc, server_host=new)


@attrs.frozen(slots=True)
class HostRename(Rule):
    """Replace the host of http(s), swift, s3 and vsphere locations; the port is kept.

    ``hosts`` maps old hosts to new ones, without IPv6 brackets (brackets are accepted
    and dropped); old hosts match case-insensitively. A ``swift+config`` location takes
    its host from the configuration: if that host is an old one, the rule refuses (change
    the reference's ``auth_address`` instead). A store class of one's own is left alone
    unless it registers a hook (:meth:`register`).

    :raises ValueError: (at construction) a value that is not a host, or a chained map.
    """

    hosts: Mapping[str, str] = attrs.field(converter=_hosts, hash=False)

    @staticmethod
    def register(store: type[L]) -> Callable[[_HostHook[L]], _HostHook[L]]:
        """A decorator that teaches every ``HostRename`` the host of ``store``'s locations
        (and of its subclasses'): ``hook(loc, new_host)`` returns ``loc`` with its host
        replaced by ``new_host(host)``, or ``loc`` itself when that is ``None``;
        ``new_host`` takes and gives IPv6 addresses without brackets.

        :raises TypeError: ``store`` is not a :class:`StoreLocation` subclass.
        """
        given: object = store  # checked, not trusted
        if not (isinstance(given, type) and issubclass(given, StoreLocation)):
            raise TypeError(f"HostRename.register needs a StoreLocation subclass, not {store!r}")

        def add(hook: _HostHook[L]) -> _HostHook[L]:
            _renamed.register(store, hook)
            return hook

        return add

    def __reduce__(self) -> tuple[object, ...]:
        return (HostRename, (dict(self.hosts),))

    def _new(self, host: str) -> str | None:
        new = self.hosts.get(host_key(host))
        return None if new is None or host_key(new) == host_key(host) else new

    def __call__(self, loc: StoreLocation) -> StoreLocation:
        out: StoreLocation = _renamed(loc, self._new)
        return out
