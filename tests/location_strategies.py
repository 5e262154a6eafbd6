"""Hypothesis strategies that build valid locations of every built-in store."""

from __future__ import annotations

import ipaddress
import string

from hypothesis import strategies as st

from glance_locations import (
    CinderStoreLocation,
    FilesystemStoreLocation,
    HttpStoreLocation,
    RbdStoreLocation,
    StoreLocation,
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


# Text that needs percent-quoting: unicode, spaces, slashes, reserved characters.
quotable_names = st.text(
    st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="\x85"
    ).filter(lambda c: not c.isspace() or c == " "),
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


#: One strategy per built-in store, by glance_store's store name.
STORES: dict[str, st.SearchStrategy[StoreLocation]] = {
    "file": _file_locations(),
    "http": _http_locations(),
    "rbd": _rbd_locations(),
    "cinder": _cinder_locations(),
}

locations: st.SearchStrategy[StoreLocation] = st.one_of(*STORES.values())
