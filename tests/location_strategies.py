"""Hypothesis strategies that build valid locations of every built-in store."""

from __future__ import annotations

import ipaddress
import string
from urllib.parse import urlencode

from hypothesis import strategies as st

from glance_locations import (
    CinderStoreLocation,
    FilesystemStoreLocation,
    HttpStoreLocation,
    RbdStoreLocation,
    S3StoreLocation,
    StoreLocation,
    SwiftStoreLocation,
    VMwareStoreLocation,
)

_ALNUM = string.ascii_letters + string.digits
_UNRESERVED = _ALNUM + "-._~"

uuids = st.uuids().map(str)


@st.composite
def hostnames(draw: st.DrawFn) -> str:
    """A DNS name of one to four labels."""
    label = st.text(_ALNUM, min_size=1, max_size=10)
    labels = draw(st.lists(label, min_size=1, max_size=4))
    return ".".join(labels)


ipv4 = st.ip_addresses(v=4).map(str)
ipv6 = st.ip_addresses(v=6).map(lambda ip: f"[{ipaddress.IPv6Address(ip).compressed}]")
hosts = st.one_of(hostnames(), ipv4, ipv6)
ports = st.integers(min_value=1, max_value=65535)


@st.composite
def netlocs(draw: st.DrawFn) -> str:
    host = draw(hosts)
    port = draw(st.none() | ports)
    return host if port is None else f"{host}:{port}"


# Text that needs percent-quoting: unicode, spaces, slashes, reserved characters. No
# white space but " " (str.isspace() is true of Zs, Zl, Zp and some Cc characters): the
# set is spelled out rather than filtered, so that every draw is a character it keeps.
quotable_names = st.text(
    st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp", "Zs"), include_characters=" "
    ),
    min_size=1,
    max_size=12,
)
_PATH_CHARS = _UNRESERVED + "%!$&'()*+,;=:@"
path_segments = st.text(_UNRESERVED, min_size=1, max_size=12)


def _file_locations() -> st.SearchStrategy[StoreLocation]:
    segment = st.text(_UNRESERVED + " ", min_size=1, max_size=12).filter(
        lambda s: s.strip(" ") == s
    )
    paths = st.lists(segment, min_size=1, max_size=5).map(lambda parts: "/" + "/".join(parts))
    return st.builds(FilesystemStoreLocation, path=paths)


def _http_locations() -> st.SearchStrategy[StoreLocation]:
    paths = st.lists(path_segments, max_size=4).map(lambda parts: "".join(f"/{p}" for p in parts))
    queries = st.text(_UNRESERVED + "=&", max_size=16)
    userinfo = st.none() | st.tuples(
        st.text(_UNRESERVED, min_size=1, max_size=8), st.text(_UNRESERVED, min_size=1, max_size=8)
    )

    @st.composite
    def build(draw: st.DrawFn) -> StoreLocation:
        creds = draw(userinfo)
        return HttpStoreLocation(
            scheme=draw(st.sampled_from(["http", "https"])),
            netloc=draw(netlocs()),
            user=None if creds is None else creds[0],
            password=None if creds is None else creds[1],
            path=draw(paths),
            query=draw(queries),
        )

    return build()


def _rbd_locations() -> st.SearchStrategy[StoreLocation]:
    single = st.builds(RbdStoreLocation, image=st.text(_UNRESERVED, min_size=1, max_size=40))
    full = st.builds(
        RbdStoreLocation,
        fsid=quotable_names,
        pool=quotable_names,
        image=quotable_names,
        snapshot=quotable_names,
    )
    return single | full


def _cinder_locations() -> st.SearchStrategy[StoreLocation]:
    groups = st.none() | st.text(_UNRESERVED, min_size=1, max_size=10)
    return st.builds(CinderStoreLocation, volume_id=uuids, backend_group=groups)


# Credentials with characters that need percent-quoting (':' only in the user).
_swift_users = quotable_names
_swift_keys = quotable_names.filter(lambda k: ":" not in k)


def _swift_locations() -> st.SearchStrategy[StoreLocation]:
    prefixes = st.lists(path_segments, max_size=2).map(
        lambda parts: "".join(f"/{p}" for p in parts)
    )
    creds = st.none() | st.tuples(_swift_users, _swift_keys)

    @st.composite
    def build(draw: st.DrawFn) -> StoreLocation:
        pair = draw(creds)
        return SwiftStoreLocation(
            scheme=draw(st.sampled_from(["swift", "swift+http", "swift+https"])),
            user=None if pair is None else pair[0],
            key=None if pair is None else pair[1],
            auth_or_store_url=draw(netlocs()) + draw(prefixes),
            container=draw(path_segments),
            obj=draw(st.one_of(uuids, path_segments)),
        )

    return build()


def _s3_locations() -> st.SearchStrategy[StoreLocation]:
    prefixes = st.lists(path_segments, max_size=2).map(
        lambda parts: "".join(f"/{p}" for p in parts)
    )
    # A secret key may hold '/' (and ':'), never '@', '?', '#' or a second '://'.
    secrets = st.text(_UNRESERVED + "/+:=", min_size=1, max_size=20).filter(
        lambda s: "://" not in s
    )
    creds = st.none() | st.tuples(st.text(_ALNUM, min_size=1, max_size=20), secrets)

    @st.composite
    def build(draw: st.DrawFn) -> StoreLocation:
        pair = draw(creds)
        return S3StoreLocation(
            scheme=draw(st.sampled_from(["s3", "s3+http", "s3+https"])),
            accesskey=None if pair is None else pair[0],
            secretkey=None if pair is None else pair[1],
            s3serviceurl=draw(netlocs()) + draw(prefixes),
            bucket=draw(path_segments),
            key=draw(st.one_of(uuids, path_segments)),
        )

    return build()


def _vmware_locations() -> st.SearchStrategy[StoreLocation]:
    dirs = st.lists(
        st.text(_UNRESERVED + " ", min_size=1, max_size=10).filter(lambda s: s.strip() == s),
        min_size=0,
        max_size=3,
    )
    hosts_bare = st.one_of(hostnames(), ipv4, ipv6.map(lambda h: h[1:-1]))

    @st.composite
    def build(draw: st.DrawFn) -> StoreLocation:
        datastore = draw(quotable_names)
        datacenter = draw(st.none() | quotable_names)
        params = {"dsName": datastore}
        if datacenter is not None:
            params["dcPath"] = datacenter
        path = "/".join(["/folder", *draw(dirs), draw(uuids)])
        return VMwareStoreLocation(
            server_host=draw(hosts_bare),
            path=path,
            query=urlencode(params),
            datastore_name=datastore,
            datacenter_path=datacenter,
        )

    return build()


#: One strategy per built-in store, by glance_store's store name.
STORES: dict[str, st.SearchStrategy[StoreLocation]] = {
    "file": _file_locations(),
    "http": _http_locations(),
    "rbd": _rbd_locations(),
    "cinder": _cinder_locations(),
    "swift": _swift_locations(),
    "s3": _s3_locations(),
    "vmware": _vmware_locations(),
}

locations: st.SearchStrategy[StoreLocation] = st.one_of(*STORES.values())
