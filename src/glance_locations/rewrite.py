"""Identity and rewriting of store locations: for tools that audit and migrate Glance.

:func:`identity` says what a location points at, credentials left out, so that two rows
naming the same bytes are found however they are spelled. A *rule* is any
``Callable[[StoreLocation], StoreLocation]`` that returns its argument (the very object)
when it does not apply, and raises :class:`RewriteRefused` when it applies but cannot
rewrite; the built-in rules are frozen attrs classes. :func:`rewrite` streams
``(key, uri)`` rows through a sequence of rules and yields one :class:`Change` per row,
never raising for a bad row.

The decisions behind every store's identity and every rule are in docs/rewriting.md.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Generic, Literal, TypeVar, cast

import attrs

from glance_locations._addresses import endpoint, host_key, split_address, strip_query_credentials
from glance_locations._redact import mask_uri
from glance_locations.base import StoreLocation
from glance_locations.config import StoreConfig, SwiftReference
from glance_locations.exceptions import (
    BadStoreLocation,
    BadStoreUri,
    RewriteRefused,
    UnknownScheme,
)
from glance_locations.registry import get_location_from_uri
from glance_locations.stores import (
    CinderStoreLocation,
    FilesystemStoreLocation,
    HttpStoreLocation,
    RbdStoreLocation,
    S3StoreLocation,
    SwiftStoreLocation,
    VMwareStoreLocation,
)

__all__ = [
    "Change",
    "CinderBackend",
    "HostRename",
    "RbdRemap",
    "RewriteRefused",
    "Rule",
    "Status",
    "StripCredentials",
    "SwiftToConfig",
    "identity",
    "rewrite",
    "same_location",
]


def __dir__() -> list[str]:
    return __all__


#: A rewrite rule: returns its argument when it does not apply.
Rule = Callable[[StoreLocation], StoreLocation]
#: What happened to one row.
Status = Literal["unchanged", "changed", "invalid", "refused"]
K = TypeVar("K")

_CONFIG = "swift+config"

# --- identity -------------------------------------------------------------------------


def identity(loc: StoreLocation) -> Hashable:
    """What ``loc`` points at, credentials left out: equal identities, same bytes.

    Per store (docs/rewriting.md gives the reasons):

    - file: the path (``filesystem://`` is ``file://``);
    - http(s): scheme, host (case-insensitive), port (the scheme's default if absent),
      path (``""`` is ``/``) and the query without its credential parameters;
    - swift: service host, port, path prefix, container and object; the transport
      (``swift+http`` or https) and a port equal to its default are left out, so a
      ``swift+config`` location equals the resolved spelling of the same account;
    - s3: the same, with bucket and key;
    - rbd: fsid, pool, image and snapshot; a one-name ``rbd://image`` (no cluster) is
      its image name alone and never equals a four-part location;
    - cinder: the volume id (a UUID: the backend group is left out);
    - vsphere: host, path, datacenter and datastore (query order does not matter);
    - a store class of one's own: its ``identity_key()`` (default: its class and every
      field but the secret ones).

    Credentials (user, password, keys, application credentials, query credentials) and
    ``backend_group`` never take part.

    :raises TypeError: ``loc`` is not a :class:`StoreLocation`.
    """
    if not isinstance(loc, StoreLocation):
        raise TypeError(f"identity() needs a StoreLocation, not {type(loc).__name__}")
    return loc.identity_key()


def same_location(a: StoreLocation, b: StoreLocation) -> bool:
    """Whether ``a`` and ``b`` point at the same bytes: ``identity(a) == identity(b)``.

    :raises TypeError: either is not a :class:`StoreLocation`.
    """
    return identity(a) == identity(b)


# --- rule parameters ------------------------------------------------------------------


def _freeze(mapping: Mapping[str, str]) -> Mapping[str, str]:
    if not isinstance(mapping, Mapping):
        raise TypeError(f"expected a mapping of names, not {type(mapping).__name__}")
    return MappingProxyType(dict(mapping))


def _no_chain(rule: str, what: str, mapping: Mapping[str, str]) -> None:
    """Refuse ``{a: b, b: c}``: applying the rule twice would move ``a`` to ``c``."""
    for old, new in mapping.items():
        if new != old and mapping.get(new, new) != new:
            raise ValueError(
                f"{rule}: {what} {new!r} is both a new and an old name ({old!r} -> {new!r} "
                f"-> {mapping[new]!r}): the rule would not be idempotent; rewrite in two passes"
            )


_PROBE_UUID = "00000000-0000-4000-8000-000000000000"


def _rbd_name_problem(name: object, component: str) -> str | None:
    """Why ``name`` cannot be an rbd ``component`` (fsid or pool), or ``None`` if it can."""
    if not isinstance(name, str):
        return f"must be str, not {type(name).__name__}"
    if not name:
        return "empty"
    names = {"fsid": "fsid", "pool": "pool", "image": "image", "snapshot": "snap", component: name}
    try:
        probe = RbdStoreLocation(**names)
        ok = RbdStoreLocation.from_uri(probe.get_uri()) == probe
    except BadStoreUri as exc:
        return exc.reason
    except BadStoreLocation as exc:
        return "; ".join(reason for _, reason in exc.problems)
    except UnicodeError:  # a lone surrogate cannot be quoted (the error is not chained)
        ok = False
    return None if ok else "not a name an rbd URI can hold"


def _check_rbd_names(what: str, mapping: Mapping[str, str]) -> None:
    component = what[:-1]
    for old, new in mapping.items():
        for name in (old, new):
            problem = _rbd_name_problem(name, component)
            if problem is not None:
                raise ValueError(f"RbdRemap: {what} entry {name!r}: {problem}")
    _no_chain("RbdRemap", component, mapping)


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
    """Check and freeze a host map: keys compared by :func:`_host_key`."""
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
        old, new = given_old, given_new
        key = host_key(_bare_host(old))
        if key in hosts and hosts[key] != _bare_host(new):
            raise ValueError(f"HostRename: host {old!r} is given twice, with two new hosts")
        hosts[key] = _bare_host(new)
    _no_chain("HostRename", "host", {old: host_key(new) for old, new in hosts.items()})
    return MappingProxyType(hosts)


# --- the built-in rules ---------------------------------------------------------------


@attrs.frozen(slots=True)
class RbdRemap:
    """Rewrite the cluster fsid and/or the pool of four-part rbd locations.

    ``fsids`` and ``pools`` map old names to new ones (decoded names, as the fields hold
    them). A one-name ``rbd://image`` names no cluster nor pool: left alone.

    :raises ValueError: (at construction) a name an rbd URI cannot hold, or a chained map
        (``{a: b, b: c}``), which would make the rule not idempotent.
    """

    fsids: Mapping[str, str] = attrs.field(factory=dict[str, str], converter=_freeze, hash=False)
    pools: Mapping[str, str] = attrs.field(factory=dict[str, str], converter=_freeze, hash=False)

    def __attrs_post_init__(self) -> None:
        _check_rbd_names("fsids", self.fsids)
        _check_rbd_names("pools", self.pools)

    def __reduce__(self) -> tuple[object, ...]:
        return (RbdRemap, (dict(self.fsids), dict(self.pools)))

    def __call__(self, loc: StoreLocation) -> StoreLocation:
        if not isinstance(loc, RbdStoreLocation) or loc.fsid is None or loc.pool is None:
            return loc
        fsid = self.fsids.get(loc.fsid, loc.fsid)
        pool = self.pools.get(loc.pool, loc.pool)
        if fsid == loc.fsid and pool == loc.pool:
            return loc
        return attrs.evolve(loc, fsid=fsid, pool=pool)


def _with_host(address: str, host: str) -> str:
    """``address`` (``host[:port][/path]``) with its host replaced; port and path kept."""
    if address.startswith("["):
        rest = address[address.find("]") + 1 :]
    else:
        cut = min((i for i in (address.find(":"), address.find("/")) if i >= 0), default=-1)
        rest = "" if cut < 0 else address[cut:]
    return _bracketed(host) + rest


@attrs.frozen(slots=True)
class HostRename:
    """Replace the host of http(s), swift, s3 and vsphere locations; the port is kept.

    ``hosts`` maps old hosts to new ones, without IPv6 brackets (brackets are accepted
    and dropped); old hosts match case-insensitively. A ``swift+config`` location takes
    its host from the configuration: if that host is an old one, the rule refuses (change
    the reference's ``auth_address`` instead).

    :raises ValueError: (at construction) a value that is not a host, or a chained map.
    """

    hosts: Mapping[str, str] = attrs.field(converter=_hosts, hash=False)

    def __reduce__(self) -> tuple[object, ...]:
        return (HostRename, (dict(self.hosts),))

    def _new(self, host: str) -> str | None:
        new = self.hosts.get(host_key(host))
        return None if new is None or host_key(new) == host_key(host) else new

    def __call__(self, loc: StoreLocation) -> StoreLocation:
        if isinstance(loc, HttpStoreLocation):
            new = self._new(loc.host)
            if new is None:
                return loc
            return attrs.evolve(loc, netloc=_with_host(loc.netloc, new))
        if isinstance(loc, SwiftStoreLocation):
            new = self._new(split_address(loc.auth_or_store_url)[0])
            if new is None:
                return loc
            if loc.scheme == _CONFIG:
                raise RewriteRefused(
                    f"swift+config reference {loc.reference!r}: its host comes from the "
                    "swift configuration; change that reference's auth_address instead"
                )
            return attrs.evolve(loc, auth_or_store_url=_with_host(loc.auth_or_store_url, new))
        if isinstance(loc, S3StoreLocation):
            new = self._new(split_address(loc.s3serviceurl)[0])
            if new is None:
                return loc
            return attrs.evolve(loc, s3serviceurl=_with_host(loc.s3serviceurl, new))
        if isinstance(loc, VMwareStoreLocation):
            new = self._new(loc.server_host)
            if new is None:
                return loc
            return attrs.evolve(loc, server_host=new)
        return loc


@attrs.frozen(slots=True)
class StripCredentials:
    """The credential-free form of a location.

    - http(s): no userinfo, and no credential parameter in the query (the other
      parameters kept raw, in order);
    - s3: no access and secret key, the form glance_store 5.7.0 writes (it reads the
      keys from its configuration);
    - swift with credentials in the URI: refused, since they select the account (use
      :class:`SwiftToConfig`); ``swift+config`` and credential-free swift are left alone;
    - a store class of one's own that embeds credentials: refused (the rule does not know
      how to remove them); every other location is left alone.
    """

    def __call__(self, loc: StoreLocation) -> StoreLocation:
        if isinstance(loc, HttpStoreLocation):
            query = strip_query_credentials(loc.query)
            if loc.user is None and loc.password is None and query == loc.query:
                return loc
            return attrs.evolve(loc, user=None, password=None, query=query)
        if isinstance(loc, S3StoreLocation):
            if loc.accesskey is None and loc.secretkey is None:
                return loc
            return attrs.evolve(loc, accesskey=None, secretkey=None)
        if isinstance(loc, SwiftStoreLocation):
            if loc.scheme == _CONFIG or not (loc.user or loc.key):
                return loc
            raise RewriteRefused(
                "swift credentials in the URI select the account: they cannot just be "
                "dropped; move them to a swift configuration reference (SwiftToConfig)"
            )
        builtin = (
            FilesystemStoreLocation,
            RbdStoreLocation,
            CinderStoreLocation,
            VMwareStoreLocation,
        )
        if not isinstance(loc, builtin) and loc.exposure().credentials:
            raise RewriteRefused(
                f"{type(loc).__name__} locations embed credentials that StripCredentials "
                "does not know how to remove"
            )
        return loc


def _endpoint_of_reference(ref: SwiftReference) -> tuple[bool, str, int | None, str] | None:
    """``(https, host, port, path)`` of a reference's auth address, as a swift+config
    location resolves it; ``None`` for an address that cannot be resolved."""
    address = ref.auth_address
    https = not address.startswith("http://")
    for prefix in ("http://", "https://"):
        if address.startswith(prefix):
            address = address[len(prefix) :]
            break
    address = address.rstrip("/")
    if not address or "://" in address:
        return None
    return (https, *endpoint(address, 443 if https else 80))


def _check_conf(_: object, __: attrs.Attribute[StoreConfig], conf: object) -> None:
    if not isinstance(conf, StoreConfig):
        raise TypeError(f"SwiftToConfig: conf must be a StoreConfig, not {type(conf).__name__}")


@attrs.frozen(slots=True)
class SwiftToConfig:
    """Move the credentials of swift URIs into references of a swift configuration.

    A ``swift``/``swift+http``/``swift+https`` location with a user and key becomes
    ``swift+config://<reference>/<container>/<obj>`` when one reference of ``conf`` has
    the same auth address (same transport, host case-insensitively, port, path) and the
    same user and key. When several match, ``conf.default_swift_reference`` wins, else the
    first by name. Locations without credentials in the URI are left alone.

    :raises RewriteRefused: (on call) no reference matches.
    :raises TypeError: (at construction) ``conf`` is not a :class:`StoreConfig`.
    """

    conf: StoreConfig = attrs.field(validator=_check_conf)
    _index: Mapping[tuple[bool, str, int | None, str], tuple[tuple[str, SwiftReference], ...]] = (
        attrs.field(init=False, eq=False, hash=False, repr=False)
    )

    def __attrs_post_init__(self) -> None:
        default = self.conf.default_swift_reference
        index: dict[tuple[bool, str, int | None, str], list[tuple[str, SwiftReference]]] = {}
        names = sorted(self.conf.swift_references, key=lambda name: (name != default, name))
        for name in names:
            ref = self.conf.swift_references[name]
            endpoint = _endpoint_of_reference(ref)
            # A reference with application credentials resolves to them, never to a key.
            uses_key = ref.user and ref.key and not ref.application_credential_id
            if endpoint is not None and uses_key:
                index.setdefault(endpoint, []).append((name, ref))
        frozen = MappingProxyType({key: tuple(refs) for key, refs in index.items()})
        object.__setattr__(self, "_index", frozen)

    def __reduce__(self) -> tuple[object, ...]:
        return (SwiftToConfig, (self.conf,))

    def __call__(self, loc: StoreLocation) -> StoreLocation:
        if not isinstance(loc, SwiftStoreLocation) or loc.scheme == _CONFIG:
            return loc
        if not (loc.user and loc.key):
            return loc
        https = loc.swift_url.startswith("https:")
        key = (https, *endpoint(loc.auth_or_store_url, 443 if https else 80))
        candidates = self._index.get(key, ())
        for name, ref in candidates:
            assert ref.user is not None  # indexed with both
            assert ref.key is not None
            if ref.user == loc.user and hmac.compare_digest(
                ref.key.encode("utf-8", "surrogatepass"), loc.key.encode("utf-8", "surrogatepass")
            ):
                return self._config_location(name, loc)
        address = mask_uri(loc.swift_url)
        if candidates:
            raise RewriteRefused(
                f"no swift reference has these credentials for the auth address {address}"
            )
        raise RewriteRefused(f"no swift reference has the auth address {address}")

    def _config_location(self, name: str, loc: SwiftStoreLocation) -> SwiftStoreLocation:
        uri = f"{_CONFIG}://{name}/{loc.container}/{loc.obj}"
        try:
            return SwiftStoreLocation.from_uri(
                uri, conf=self.conf, backend_group=loc.backend_group
            )
        except BadStoreUri as exc:
            reason = exc.reason
        raise RewriteRefused(f"swift reference {name!r}: {reason}")


def _backend_problem(backend: object) -> str | None:
    if not isinstance(backend, str):
        return f"must be str, not {type(backend).__name__}"
    try:
        CinderStoreLocation.from_uri(f"cinder://{backend}/{_PROBE_UUID}")
    except BadStoreUri as exc:
        return exc.reason
    return None


def _check_backend(_: object, __: attrs.Attribute[str], backend: str) -> None:
    problem = _backend_problem(backend)
    if problem is not None:
        raise ValueError(f"CinderBackend: backend {backend!r}: {problem}")


@attrs.frozen(slots=True)
class CinderBackend:
    """Put cinder locations of a single-store deployment into a multi-store backend:
    ``cinder://<uuid>`` becomes ``cinder://<backend>/<uuid>`` (``backend_group`` set).

    A location that already names a backend is left alone.

    :raises ValueError: (at construction) ``backend`` is not a backend group name.
    """

    backend: str = attrs.field(validator=_check_backend)

    def __call__(self, loc: StoreLocation) -> StoreLocation:
        if not isinstance(loc, CinderStoreLocation) or loc.backend_group:
            return loc
        return attrs.evolve(loc, backend_group=self.backend)


# --- rewrite --------------------------------------------------------------------------


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Change(Generic[K]):
    """What :func:`rewrite` did to one row.

    ``before`` is the row's URI as given, ``after`` the new one (``None`` unless
    ``status == "changed"``); both may hold credentials, which ``repr`` and ``str`` mask.
    ``rule`` names the rule that refused the row or made it invalid, or the rules that
    changed it (comma-separated, in order); ``reason`` says why a row is invalid or
    refused (never a secret).
    """

    key: K
    before: str
    after: str | None = None
    status: Status
    rule: str | None = None
    reason: str | None = None

    def __repr__(self) -> str:
        after = None if self.after is None else mask_uri(self.after)
        return (
            f"Change(key={self.key!r}, before={mask_uri(self.before)!r}, after={after!r}, "
            f"status={self.status!r}, rule={self.rule!r}, reason={self.reason!r})"
        )

    def __str__(self) -> str:
        text = f"{self.key}: {self.status} {mask_uri(self.before)}"
        if self.after is not None:
            text += f" -> {mask_uri(self.after)}"
        if self.rule is not None:
            text += f" [{self.rule}]"
        if self.reason is not None:
            text += f": {self.reason}"
        return text


def _rule_name(rule: Rule) -> str:
    name = getattr(rule, "__name__", None)
    return name if isinstance(name, str) else type(rule).__name__


def _reason(exc: BadStoreUri | BadStoreLocation | UnknownScheme) -> str:
    return exc.reason if isinstance(exc, BadStoreUri) else exc.message


def rewrite(
    rows: Iterable[tuple[K, str]],
    rules: Sequence[Rule],
    *,
    conf: StoreConfig | None = None,
) -> Iterator[Change[K]]:
    """Stream ``(key, uri)`` rows through ``rules``, one :class:`Change` per row, in order.

    Each URI is parsed with :func:`glance_locations.get_location_from_uri` (``conf``
    resolves ``swift+config`` rows), then each rule is applied in turn to the previous
    one's result. Never raises for a bad row: a URI that does not parse (or is not text)
    is ``invalid`` with no rule; a rule that raises :class:`RewriteRefused` makes the row
    ``refused``, one that raises ``BadStoreLocation`` or ``BadStoreUri`` (it built an
    invalid location) makes it ``invalid``, both naming the rule. Rows are read lazily:
    memory does not grow with their number.

    :raises TypeError: (at once) a rule is not callable or ``conf`` is not a
        :class:`StoreConfig`; (while iterating) a row is not a ``(key, uri)`` pair, or a
        rule returned something else than a :class:`StoreLocation`. Any other error a
        rule raises is a bug in it and is passed on.
    """
    rules = tuple(rules)
    for rule in rules:
        if not callable(rule):
            raise TypeError(f"a rewrite rule must be callable, not {type(rule).__name__}")
    if conf is not None and not isinstance(conf, StoreConfig):
        raise TypeError(f"conf must be a StoreConfig or None, not {type(conf).__name__}")
    named = tuple((rule, _rule_name(rule)) for rule in rules)
    return _changes(rows, named, conf)


def _changes(
    rows: Iterable[tuple[K, str]],
    rules: tuple[tuple[Rule, str], ...],
    conf: StoreConfig | None,
) -> Iterator[Change[K]]:
    for row in rows:
        if not _is_pair(row):
            raise TypeError(f"rewrite() rows must be (key, uri) pairs, not {type(row).__name__}")
        key, uri = row
        yield _change(key, uri, rules, conf)


def _is_pair(row: object) -> bool:
    """Whether ``row`` is a 2-tuple (typed callers never pass anything else)."""
    return isinstance(row, tuple) and len(cast("tuple[object, ...]", row)) == 2


def _change(
    key: K, uri: object, rules: tuple[tuple[Rule, str], ...], conf: StoreConfig | None
) -> Change[K]:
    if not isinstance(uri, str):
        return Change(
            key=key, before="", status="invalid", reason=f"not text ({type(uri).__name__})"
        )
    try:
        original = get_location_from_uri(uri, conf).store_location
    except (BadStoreUri, UnknownScheme) as exc:
        return Change(key=key, before=uri, status="invalid", reason=_reason(exc))
    loc = original
    changed_by: list[str] = []
    for rule, name in rules:
        try:
            out = rule(loc)
        except RewriteRefused as exc:
            return Change(key=key, before=uri, status="refused", rule=name, reason=exc.reason)
        except (BadStoreLocation, BadStoreUri) as exc:
            return Change(key=key, before=uri, status="invalid", rule=name, reason=_reason(exc))
        if out is loc:
            continue
        if not isinstance(out, StoreLocation):
            raise TypeError(
                f"rewrite rule {name} returned {type(out).__name__}, not a StoreLocation"
            )
        if out != loc:
            changed_by.append(name)
            loc = out
    if loc == original:  # unchanged, or changed and changed back
        return Change(key=key, before=uri, status="unchanged")
    return Change(
        key=key, before=uri, after=loc.get_uri(), status="changed", rule=", ".join(changed_by)
    )
