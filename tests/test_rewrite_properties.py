"""Property tests of glance_locations.rewrite over generated locations of every store.

Each rule is drawn together with the location, so that it applies about half the time:
its maps name the location's own fsid, pool or host, its swift configuration holds the
location's own account.
"""

from __future__ import annotations

import attrs
from hypothesis import assume, event, given
from hypothesis import strategies as st

from glance_locations import (
    CinderStoreLocation,
    HttpStoreLocation,
    RbdStoreLocation,
    S3StoreLocation,
    StoreConfig,
    StoreLocation,
    SwiftReference,
    SwiftStoreLocation,
    VMwareStoreLocation,
    get_location_from_uri,
)
from glance_locations.rewrite import (
    CinderBackend,
    HostRename,
    RbdRemap,
    RewriteRefused,
    Rule,
    StripCredentials,
    SwiftToConfig,
    identity,
    rewrite,
)
from glance_locations.stores import BUILTIN_STORES

from .location_strategies import STORES, hosts, locations, quotable_names
from .uri_strategies import any_text, mutated, secret, store_uris, uri_shaped

REFERENCES = st.sampled_from(["ref1", "ref2", "glance_account", "b-2"])


def _host_of(loc: StoreLocation) -> str | None:
    if isinstance(loc, HttpStoreLocation):
        return loc.host
    if isinstance(loc, VMwareStoreLocation):
        return loc.server_host
    if isinstance(loc, SwiftStoreLocation):
        address = loc.auth_or_store_url
    elif isinstance(loc, S3StoreLocation):
        address = loc.s3serviceurl
    else:
        return None
    netloc = address.partition("/")[0]
    if netloc.startswith("["):
        return netloc[1 : netloc.find("]")]
    return netloc.partition(":")[0]


def _no_chain(mapping: dict[str, str]) -> bool:
    return all(new == old or mapping.get(new, new) == new for old, new in mapping.items())


def _merged(a: dict[str, str], b: dict[str, str]) -> dict[str, str]:
    return {**a, **b}


def _maps(own: str | None) -> st.SearchStrategy[dict[str, str]]:
    """Old names to new ones, often naming ``own``; never a chain."""
    others = st.dictionaries(quotable_names, quotable_names, max_size=2)
    if own is None:
        return others.filter(_no_chain)
    mine = st.dictionaries(st.just(own), quotable_names, max_size=1)
    return st.builds(_merged, others, mine).filter(_no_chain)


@st.composite
def rbd_remaps(draw: st.DrawFn, loc: StoreLocation) -> RbdRemap:
    rbd = loc if isinstance(loc, RbdStoreLocation) else None
    fsids = draw(_maps(None if rbd is None else rbd.fsid))
    pools = draw(_maps(None if rbd is None else rbd.pool))
    return RbdRemap(fsids=fsids, pools=pools)


@st.composite
def host_renames(draw: st.DrawFn, loc: StoreLocation) -> HostRename:
    own = _host_of(loc)
    old = st.just(own) | hosts if own is not None else hosts
    # An old host also as written in another case: host names compare case-insensitively.
    old = old.flatmap(lambda h: st.sampled_from([h, h.upper()]))
    mapping = draw(st.dictionaries(old, hosts, min_size=1, max_size=3))
    bare = {k.strip("[]").lower(): v.strip("[]").lower() for k, v in mapping.items()}
    assume(len(bare) == len(mapping) and _no_chain(bare))
    return HostRename(mapping)


@st.composite
def swift_configs(draw: st.DrawFn, loc: StoreLocation) -> StoreConfig:
    """A configuration that may hold ``loc``'s own account, and holds others."""
    refs: dict[str, SwiftReference] = {}
    if isinstance(loc, SwiftStoreLocation) and loc.user and loc.key and draw(st.booleans()):
        transport = "http://" if loc.scheme == "swift+http" else "https://"
        prefix = draw(st.sampled_from([transport, ""] if transport == "https://" else [transport]))
        netloc, slash, path = loc.auth_or_store_url.partition("/")
        host = draw(st.sampled_from([netloc, netloc.upper()])) + slash + path
        refs[draw(REFERENCES)] = SwiftReference(
            auth_address=prefix + host, user=loc.user, key=loc.key
        )
    for _ in range(draw(st.integers(0, 2))):
        refs.setdefault(
            draw(REFERENCES),
            SwiftReference(
                auth_address="https://keystone.example.com/v3", user="glance", key="other"
            ),
        )
    return StoreConfig(swift_references=refs)


#: Store names ``StripCredentials`` is given: those that may hold credentials.
STRIPPED_STORES = st.sets(st.sampled_from(["http", "s3", "swift"]), min_size=1)
#: Every store with credentials in its URIs named.
STRIP_ALL = StripCredentials(stores=("http", "s3", "swift"))
#: The stores each rule is about (a rule also meets the others, less often).
FITS = {
    "rbd": ["rbd"],
    "host": ["http", "swift", "s3", "vmware"],
    "strip": ["http", "swift", "s3"],
    "swift": ["swift"],
    "cinder": ["cinder"],
}


@st.composite
def location_and_rule(draw: st.DrawFn) -> tuple[StoreLocation, Rule, StoreConfig | None]:
    """A location, a rule drawn to fit it, and the configuration (if any)."""
    kind = draw(st.sampled_from(sorted(FITS)))
    fitting = st.sampled_from(FITS[kind]).flatmap(STORES.__getitem__)
    # Mostly a store the rule is about; sometimes any (one_of would flatten `locations`).
    loc = draw(fitting if draw(st.integers(0, 3)) else locations)
    if kind == "rbd":
        return loc, draw(rbd_remaps(loc)), None
    if kind == "host":
        return loc, draw(host_renames(loc)), None
    if kind == "strip":
        return loc, StripCredentials(stores=draw(STRIPPED_STORES)), None
    if kind == "swift":
        conf = draw(swift_configs(loc))
        return loc, SwiftToConfig(conf), conf
    backend = draw(st.text("abcdefghij-._~0123", min_size=1, max_size=8))
    if draw(st.booleans()):
        loc = attrs.evolve(loc, backend_group=None)
    return loc, CinderBackend(backend), None


def _apply(rule: Rule, loc: StoreLocation) -> StoreLocation | None:
    """``rule(loc)``, or ``None`` when the rule refuses."""
    try:
        return rule(loc)
    except RewriteRefused as exc:
        reason = exc.reason
    assert reason  # a refusal always says why
    return None


def _assert_valid(loc: StoreLocation, conf: StoreConfig | None) -> None:
    again = type(loc).from_uri(loc.get_uri(), conf=conf, backend_group=loc.backend_group)
    assert again == loc


@given(location_and_rule())
def test_rule_output_is_a_valid_location_of_the_same_store(
    case: tuple[StoreLocation, Rule, StoreConfig | None],
) -> None:
    loc, rule, conf = case
    out = _apply(rule, loc)
    what = "refused" if out is None else "kept" if out is loc else "changed"
    event(f"{type(rule).__name__}: {what}")
    if out is None:
        return
    assert type(out) is type(loc)
    _assert_valid(out, conf)
    if out == loc:
        assert out is loc  # a rule returns its argument when it does not apply


@given(location_and_rule())
def test_rules_are_idempotent(case: tuple[StoreLocation, Rule, StoreConfig | None]) -> None:
    loc, rule, _ = case
    once = _apply(rule, loc)
    if once is None:
        return
    twice = rule(once)
    assert twice == once
    assert twice is once


@given(locations)
def test_strip_credentials_keeps_identity(loc: StoreLocation) -> None:
    out = _apply(STRIP_ALL, loc)
    if out is None:
        assert isinstance(loc, SwiftStoreLocation)
        assert loc.user
        return
    assert identity(out) == identity(loc)
    assert out.exposure().credentials == ()


@given(locations, STRIPPED_STORES)
def test_strip_credentials_leaves_the_stores_not_named_alone(
    loc: StoreLocation, stores: set[str]
) -> None:
    store = next(name for name, cls in BUILTIN_STORES.items() if type(loc) is cls)
    event(f"{store} {'named' if store in stores else 'not named'}")
    out = _apply(StripCredentials(stores=stores), loc)
    if store not in stores:
        assert out is loc
    elif out is not None:
        assert out.exposure().credentials == ()


@given(STORES["swift"].flatmap(lambda loc: st.tuples(st.just(loc), swift_configs(loc))))
def test_swift_to_config_keeps_identity(case: tuple[StoreLocation, StoreConfig]) -> None:
    loc, conf = case
    out = _apply(SwiftToConfig(conf), loc)
    if out is None:
        return
    assert identity(out) == identity(loc)
    if out is not loc:
        assert isinstance(out, SwiftStoreLocation)
        assert out.scheme == "swift+config"
        assert out.get_uri() == f"swift+config://{out.reference}/{out.container}/{out.obj}"
        assert isinstance(loc, SwiftStoreLocation)
        assert out.swift_url.lower() == loc.swift_url.lower()


@given(locations, st.data())
def test_identity_ignores_credentials(loc: StoreLocation, data: st.DataObject) -> None:
    value = data.draw(secret())
    other: StoreLocation
    if isinstance(loc, HttpStoreLocation):
        other = attrs.evolve(loc, user="someone", password=value)
        other = attrs.evolve(other, query=f"{other.query}&token={value}".lstrip("&"))
    elif isinstance(loc, SwiftStoreLocation):
        other = attrs.evolve(loc, user="someone", key=value)
    elif isinstance(loc, S3StoreLocation):
        other = attrs.evolve(loc, accesskey="AKIAEXAMPLE", secretkey=value)
    else:
        other = loc
    assert identity(other) == identity(loc)
    assert value not in repr(identity(other))


@given(locations, locations)
def test_identity_distinguishes_what_parses_differently(
    a: StoreLocation, b: StoreLocation
) -> None:
    stripped_a, stripped_b = (_apply(STRIP_ALL, x) for x in (a, b))
    assume(stripped_a is not None)
    assume(stripped_b is not None)
    if identity(a) == identity(b):
        assert type(a) is type(b)
    if stripped_a == stripped_b:
        assert identity(a) == identity(b)


def _rows() -> st.SearchStrategy[list[tuple[int, str]]]:
    valid = st.sampled_from(sorted(STORES)).flatmap(store_uris).map(lambda pair: pair[0])
    junk = st.one_of(uri_shaped, any_text, valid.flatmap(mutated))
    uris = st.one_of(valid, valid, junk)
    return st.lists(uris, max_size=20).map(lambda us: list(enumerate(us)))


CONF = StoreConfig(
    swift_references={
        "ref1": SwiftReference(auth_address="https://example.com", user="u", key="k")
    }
)
ALL_RULES: list[Rule] = [
    RbdRemap(pools={"images": "glance-images"}),
    SwiftToConfig(CONF),
    STRIP_ALL,
    HostRename({"example.com": "example.org"}),
    CinderBackend("ceph"),
]


@given(_rows(), st.integers(0, len(ALL_RULES)))
def test_rewrite_yields_exactly_one_change_per_row(
    rows: list[tuple[int, str]], count: int
) -> None:
    changes = list(rewrite(rows, ALL_RULES[:count], conf=CONF))
    assert [change.key for change in changes] == [key for key, _ in rows]
    for (_, uri), change in zip(rows, changes, strict=True):
        assert change.before == uri
        assert (change.after is None) == (change.status != "changed")
        assert (change.reason is None) == (change.status in {"changed", "unchanged"})
        if change.status == "refused":
            assert change.rule is not None
        if change.after is not None:
            assert change.rule is not None
            assert change.after != uri
            again = get_location_from_uri(change.after, CONF).store_location
            assert again.get_uri() == change.after


@given(st.sampled_from(["http", "swift", "s3"]).flatmap(store_uris))
def test_a_change_never_shows_a_secret(case: tuple[str, str | None]) -> None:
    uri, value = case
    assume(value is not None)
    assert value is not None
    (change,) = rewrite([(0, uri)], ALL_RULES, conf=CONF)
    for text in (repr(change), str(change), change.reason or ""):
        assert value not in text


@given(st.uuids().map(str))
def test_cinder_backend_keeps_identity(volume: str) -> None:
    loc = CinderStoreLocation(volume_id=volume)
    out = CinderBackend("ceph")(loc)
    assert out.get_uri() == f"cinder://ceph/{volume}"
    assert identity(out) == identity(loc)
