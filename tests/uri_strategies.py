"""Hypothesis strategies for fuzzing the parsers: any text, URI-shaped text, and the valid
URIs of every store (with a distinctive secret where the store has one) under mutations.
"""

from __future__ import annotations

import collections
import re

import attrs
from hypothesis import strategies as st

from glance_locations import (
    HttpStoreLocation,
    S3StoreLocation,
    StoreLocation,
    SwiftStoreLocation,
)
from glance_locations._lex import MAX_URI_LENGTH
from glance_locations.registry import default_registry

from .location_strategies import STORES, path_segments, uuids

#: Examples run per fuzz property, printed at the end of the session (see conftest.py).
EXAMPLES: collections.Counter[str] = collections.Counter()

#: Every registered scheme, and near misses.
SCHEMES = sorted(default_registry.schemes)
scheme_like = st.sampled_from(SCHEMES) | st.sampled_from(
    ["", "HTTP", "File", "swift+", "s3+ftp", "rbd+", "x-unknown", "1http", "http\x00"]
)

#: Any text at all, lone surrogates included.
any_text = st.text(st.characters(codec=None, categories=None), max_size=80)

# The characters URIs are made of, plus the troublesome ones, weighted toward the first.
_URI_CHARS = "abcXYZ019-._~:/?#[]@!$&'()*+,;=%"
_TROUBLE = "\x00\t\n\r \x7f\x85\xa0\u2028\u2100\uff0f\uff20\u0130\u00e9\ud800\U0001f600"
uri_chars = st.sampled_from(_URI_CHARS) | st.sampled_from(_TROUBLE)


#: Text shaped like a store URI: a scheme, ``://`` and URI characters.
def _joined(*parts: str) -> str:
    return "".join(parts)


uri_shaped = st.builds(
    _joined,
    scheme_like,
    st.sampled_from(["://", ":/", ":", ":///", "//"]),
    st.text(uri_chars, max_size=60),
)

#: Values that are not text: parsers must raise TypeError for them.
not_text = st.one_of(
    st.none(), st.binary(max_size=20), st.integers(), st.floats(), st.lists(st.text(), max_size=2)
)


def secret() -> st.SearchStrategy[str]:
    """A distinctive secret: found anywhere it must not be, it can only be a leak."""
    return st.uuids().map(lambda u: f"S3CR3T-{u}")


@st.composite
def _with_secret(draw: st.DrawFn, store: str) -> tuple[StoreLocation, str | None]:
    """A valid location of ``store`` and its secret (``None`` for a store without one)."""
    loc = draw(STORES[store])
    value = draw(secret())
    name = draw(st.sampled_from(["alice", "tenant:user", "AKIAEXAMPLE"]))
    if isinstance(loc, HttpStoreLocation):
        return attrs.evolve(loc, user=name.replace(":", ""), password=value), value
    if isinstance(loc, SwiftStoreLocation):
        return attrs.evolve(loc, user=name, key=value), value
    if isinstance(loc, S3StoreLocation):
        value += draw(st.sampled_from(["", "/with/slash", ":colon", "+plus="]))
        return attrs.evolve(loc, accesskey=name.replace(":", ""), secretkey=value), value
    return loc, None


#: The swift+config reference the fuzz tests configure; its key must never show.
CONFIG_REFERENCE = "ref1"
CONFIG_SECRET = "S3CR3T-in-the-configuration"


def _config_uri(container: str, obj: str) -> str:
    return f"swift+config://{CONFIG_REFERENCE}/{container}/{obj}"


_config_uris = st.builds(
    _config_uri,
    path_segments,
    st.one_of(uuids, path_segments),
)


def store_uris(store: str) -> st.SearchStrategy[tuple[str, str | None]]:
    """The URI of a valid location of ``store``, and the secret it holds (or ``None``).

    swift includes ``swift+config`` URIs, whose secret is in the configuration.
    """
    uris = _with_secret(store).map(lambda pair: (pair[0].get_uri(), pair[1]))
    if store == "swift":
        return uris | _config_uris.map(lambda uri: (uri, None))
    return uris


# --- mutations ------------------------------------------------------------------------

_SEPARATORS = "/:@?&=.[]"
_SEPARATOR = re.compile(f"[{re.escape(_SEPARATORS)}]")
_INSERTS = st.sampled_from(
    [
        "@", ":", "%", "/", "?", "#", "[", "]", "\\",  # stray delimiters
        "%g1", "%4", "%%", "%zz", "%ff", "%c3%28", "%00", "%25", "%2F", "%40", "%3A",  # escapes
        "\u2100", "\uff0f", "\uff20", "\u00e9", "\u0130", "\U0001f600", "\ud800",  # unicode
        "\x00", "\t", "\n", "\r", " ", "\x7f", "\x85", "\u2028",  # control and space
        "://", "//", "..", "/../",
    ]
)  # fmt: skip


def _position(draw: st.DrawFn, text: str) -> int:
    """Where to mutate: anywhere, or (as often) at a separator, where parsers decide."""
    spots = [match.start() for match in _SEPARATOR.finditer(text)]  # texts may be 65 kB
    at_separator = draw(st.booleans())
    if spots and at_separator:
        return draw(st.sampled_from(spots))
    return draw(st.integers(0, len(text) - 1))


@st.composite
def _mutation(draw: st.DrawFn, text: str) -> str:
    """One mutation of ``text``."""
    if not text:
        return draw(_INSERTS)
    at = _position(draw, text)
    kind = draw(st.sampled_from(["double", "insert", "delete", "replace", "huge", "scheme"]))
    if kind == "double":
        return text[: at + 1] + text[at:]
    if kind == "insert":
        return text[:at] + draw(_INSERTS) + text[at:]
    if kind == "delete":
        return text[:at] + text[at + 1 :]
    if kind == "replace":
        return text[:at] + draw(_INSERTS) + text[at + 1 :]
    if kind == "huge":
        # A huge component: around the length limit, either side of it.
        size = draw(st.integers(MAX_URI_LENGTH - len(text) - 2, MAX_URI_LENGTH - len(text) + 2))
        return text[:at] + draw(st.sampled_from("a/%@:")) * max(size, 0) + text[at:]
    sep = text.find("://")
    return draw(scheme_like) + text[max(sep, 0) :]


@st.composite
def mutated(draw: st.DrawFn, text: str, max_mutations: int = 2) -> str:
    """``text`` after one to ``max_mutations`` mutations."""
    for _ in range(draw(st.integers(1, max_mutations))):
        text = draw(_mutation(text))
    return text
