"""Service addresses as identity compares them: hosts as DNS compares them, default ports
left out, query credentials dropped. Used by the stores' ``identity_key()`` hooks and by
the rewrite rules."""

from __future__ import annotations

import ipaddress
import re

from glance_locations._redact import query_credentials

__all__ = ["endpoint", "host_key", "split_address", "strip_query_credentials"]


def host_key(host: str) -> str:
    """A host compared as DNS compares it: case-insensitively; IPv6 in compressed form."""
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host).compressed
        except ValueError:  # a custom class's odd host: compare it as written
            return host.lower()
    return host.lower()


def split_address(address: str) -> tuple[str, int | None, str]:
    """``host[:port][/path]`` (IPv6 in brackets) as ``(host, port, path)``, host bare."""
    netloc, slash, path = address.partition("/")
    if netloc.startswith("["):
        end = netloc.find("]")
        host, rest = netloc[1:end], netloc[end + 1 :]
    else:
        host, colon, port_text = netloc.partition(":")
        rest = colon + port_text
    port_text = rest[1:]
    port = int(port_text) if port_text.isascii() and port_text.isdigit() else None
    return host, port, slash + path


def endpoint(address: str, default_port: int) -> tuple[str, int | None, str]:
    """An object store's service address as identity compares it: the host normalised,
    a port equal to the transport's default left out (``host:443`` is ``host`` over TLS)."""
    host, port, path = split_address(address)
    return host_key(host), None if port == default_port else port, path


_QUERY_SEPARATOR = re.compile(r"([&;])")  # as _redact splits a query


def strip_query_credentials(query: str) -> str:
    """``query`` without the parameters :func:`query_credentials` names; the others kept
    raw, in order, each with the separator that preceded it (none for the first)."""
    names: set[str] = set(query_credentials(query)) if query else set()
    if not names:
        return query
    pieces = _QUERY_SEPARATOR.split(query)
    kept: list[str] = []
    for index in range(0, len(pieces), 2):
        name, equals, value = pieces[index].partition("=")
        if equals and value and name in names:
            continue
        if kept:
            kept.append(pieces[index - 1])
        kept.append(pieces[index])
    return "".join(kept)
