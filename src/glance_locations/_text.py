"""Characters no URI component may hold, and IPv6 literals: the text-level facts the
component checks (``glance_locations.components``) and the lexer share."""

from __future__ import annotations

import re

__all__ = ["bad_character", "ipv6_problem", "is_ipv6"]

# Control characters (C0, DEL, C1) and every Unicode white space.
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f]|\s")
# The same, but a plain space is allowed.
_CONTROL_OR_NON_SPACE_WS = re.compile(r"[\x00-\x1f\x7f-\x9f]|[^\S ]")
# Lone surrogates: not Unicode text (no UTF-8 form), so no database column can hold them.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Unicode bidirectional formatting characters: they reorder what a terminal shows.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def bad_character(value: str, *, allow_space: bool = False) -> str | None:
    """Say why ``value`` holds a character no component may hold, or return ``None``.

    Refused: lone surrogates, control characters, Unicode bidirectional formatting
    characters, and white space (but a plain space when ``allow_space``). The reason
    names the character's offset, never the value.
    """
    # Fast path: printable text holds no control character and no white space but " ".
    if value.isprintable() and (allow_space or " " not in value):
        return None
    surrogate = _SURROGATE.search(value)
    if surrogate is not None:
        return (
            f"contains the lone surrogate {surrogate.group()!r} at offset {surrogate.start()} "
            "(not valid Unicode)"
        )
    bidi = _BIDI.search(value)
    if bidi is not None:
        char, offset = bidi.group(), bidi.start()
        return f"contains the bidirectional formatting character {char!r} at offset {offset}"
    pattern = _CONTROL_OR_NON_SPACE_WS if allow_space else _CONTROL_OR_SPACE
    bad = pattern.search(value)
    if bad is None:
        return None
    char = bad.group()
    what = "control" if char <= "\x1f" or "\x7f" <= char <= "\x9f" else "white-space"
    return f"contains the {what} character {char!r} at offset {bad.start()}"


def ipv6_problem(host: str) -> str:
    if "%" in host:
        return "an IPv6 zone id ('%') names a link of one machine, no host others can reach"
    return "not a valid IPv6 address"


def is_ipv6(host: str) -> bool:
    """Whether ``host`` (no brackets) is an IPv6 address without a zone id (a zone id,
    ``%eth0``, names a link of this machine: no host another machine can reach)."""
    import ipaddress  # noqa: PLC0415 (rare: not worth its import time for every user)

    if "%" in host:
        return False
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        return False  # nothing of the input travels further
    return True
