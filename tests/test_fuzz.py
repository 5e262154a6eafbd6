"""Fuzzing every parser with hypothesis: only our errors escape, accepted input round-trips.

The vectors first: inputs that fuzzing found to break a parser, kept as regressions.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glance_locations import (
    BadStoreUri,
    LocationPolicy,
    StoreConfig,
    StoreLocation,
    SwiftReference,
    UnknownScheme,
    get_location_from_uri,
)
from glance_locations.fields import secret_fields
from glance_locations.stores import BUILTIN_STORES

from . import uri_strategies
from .location_strategies import STORES

# (input, the BadStoreUri reason it must give); each once escaped as another error.
FOUND_BY_FUZZING = [
    # yarl raised IndexError on an empty host after a bracketed authority's last '@'.
    pytest.param("http://[::1]@", "authority: not a valid URI authority", id="yarl-bracket-at"),
    pytest.param(
        "http://%3A[2001:d1]:8080@@@/a/b",
        "authority: not a valid URI authority",
        id="yarl-bracket-many-at",
    ),
    pytest.param("https://u@[::1]@/x", "authority: not a valid URI authority", id="yarl-two-at"),
    # Accepted, but quoting made the canonical URI too long to read back.
    pytest.param(
        "rbd://" + "@" * 21_900 + "/pool/image/snap",
        "URI: its canonical form (get_uri()) is longer than 65536 characters (65722)",
        id="rbd-quoting-over-the-limit",
    ),
    # Four UTF-8 bytes, each quoted %XX: 12 characters for 1 (a bound of 3 missed it).
    pytest.param(
        "rbd://" + "\U0001f600" * 5_500 + "/pool/image/snap",
        "URI: its canonical form (get_uri()) is longer than 65536 characters (66022)",
        id="rbd-emoji-quoting-over-the-limit",
    ),
    # A lone surrogate: rbd's quoting raised UnicodeEncodeError; the other stores
    # accepted a location that no UTF-8 column can hold.
    pytest.param(
        "rbd://fsid/pool/image/snap\ud800",
        "URI contains the lone surrogate '\\ud800' at offset 26 (not valid Unicode)",
        id="rbd-surrogate",
    ),
    pytest.param(
        "http://example.com/\udfff",
        "URI contains the lone surrogate '\\udfff' at offset 19 (not valid Unicode)",
        id="http-surrogate",
    ),
    pytest.param(
        "file:///var/lib/glance/images/\ud83d x",
        "URI contains the lone surrogate '\\ud83d' at offset 30 (not valid Unicode)",
        id="file-surrogate",
    ),
]


@pytest.mark.parametrize(("text", "reason"), FOUND_BY_FUZZING)
def test_found_by_fuzzing(text: str, reason: str) -> None:
    with pytest.raises(BadStoreUri) as info:
        get_location_from_uri(text)
    assert info.value.reason == reason
    for cls in BUILTIN_STORES.values():
        with pytest.raises(BadStoreUri):
            cls.from_uri(text)


# --- properties ---------------------------------------------------------------------

CONF = StoreConfig(
    swift_references={
        uri_strategies.CONFIG_REFERENCE: SwiftReference(
            auth_address="https://keystone.example.com/v3",
            user="tenant:user",
            key=uri_strategies.CONFIG_SECRET,
        )
    }
)

CLASS_PARSERS: list[tuple[str, Callable[[str], StoreLocation]]] = [
    (cls.__name__, functools.partial(cls.from_uri, conf=CONF)) for cls in BUILTIN_STORES.values()
]


def _from_registry(text: str) -> StoreLocation:
    return get_location_from_uri(text, conf=CONF).store_location


PARSERS = [("get_location_from_uri", _from_registry), *CLASS_PARSERS]
POLICY = LocationPolicy(
    allowed_schemes=frozenset({"https", "file"}),
    file_roots=("/var/lib/glance/images",),
    allow_credentials_in_uri=False,
    allow_private_hosts=False,
    require_tls=True,
)


def _exposed(err: BaseException) -> str:
    """Everything an error shows: its text, repr and args, and those of its whole chain.

    What ``traceback.format_exception`` prints besides (the frames' source lines) is our
    code, never the input, and formatting it was a fifth of the fuzzing time.
    """
    shown: list[str] = []
    chain: list[BaseException] = [err]
    seen: set[int] = set()
    while chain:
        exc = chain.pop()
        if id(exc) in seen:
            continue
        seen.add(id(exc))
        shown += [str(exc), repr(exc), *map(repr, exc.args)]
        shown += traceback.format_exception_only(exc)
        chain += [e for e in (exc.__cause__, exc.__context__) if e is not None]
    return "\n".join(shown)


def _check_accepted(loc: StoreLocation, secret: str | None) -> None:
    """Round trip; a secret held by a secret field only never shows."""
    uri = loc.get_uri()
    assert type(loc).from_uri(uri, conf=CONF, backend_group=loc.backend_group) == loc
    # The configuration's secret is never in the input: nothing may show it.
    shown = [uri, repr(loc), loc.get_redacted_uri(), *POLICY.violations(loc)]
    assert not any(uri_strategies.CONFIG_SECRET in text for text in shown)
    if secret is None:
        return
    held = [field for field in attrs.fields(type(loc)) if secret in str(getattr(loc, field.name))]
    # Secret fields are those marked by secret_field().
    if held and all(field.name in secret_fields(type(loc)) for field in held):
        shown = [repr(loc), str(loc), loc.get_redacted_uri(), *POLICY.violations(loc)]
        assert not any(secret in text for text in shown)


def _parse_everywhere(text: str, secret: str | None = None) -> None:
    """Feed ``text`` to every parser: only our errors escape, and they hide the secret.

    The secret counts as one while a ``:`` still precedes it (it stands where a password
    does); a mutation can also make it a host name or a path, shown rightly.
    """
    for name, parse in PARSERS:
        expected: tuple[type[Exception], ...] = (BadStoreUri,)
        if name == "get_location_from_uri":
            expected = (BadStoreUri, UnknownScheme)
        try:
            loc = parse(text)
        except expected as err:
            refusal: Exception = err
        else:
            _check_accepted(loc, secret)
            continue
        exposed = _exposed(refusal)
        assert uri_strategies.CONFIG_SECRET not in exposed
        if secret is not None and f":{secret}" in text:
            assert secret not in exposed, f"{name} shows the secret"
        assert refusal.__cause__ is None


@given(uri_strategies.any_text)
def test_any_text(text: str) -> None:
    uri_strategies.EXAMPLES["any text"] += 1
    _parse_everywhere(text)


@given(uri_strategies.uri_shaped)
def test_uri_shaped_text(text: str) -> None:
    uri_strategies.EXAMPLES["URI-shaped text"] += 1
    _parse_everywhere(text)


@given(uri_strategies.not_text)
def test_anything_but_text_is_a_type_error(value: object) -> None:
    uri_strategies.EXAMPLES["not text"] += 1
    for _, parse in PARSERS:
        with pytest.raises(TypeError):
            parse(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("store", sorted(STORES))
def test_valid_uris_round_trip_and_hide_their_secret(store: str) -> None:
    @given(uri_strategies.store_uris(store))
    def check(uri_and_secret: tuple[str, str | None]) -> None:
        uri_strategies.EXAMPLES[f"{store} URIs"] += 1
        uri, secret = uri_and_secret
        loc = _from_registry(uri)
        assert loc.get_uri() == uri
        _check_accepted(loc, secret)

    check()


@pytest.mark.parametrize("store", sorted(STORES))
def test_mutated_uris(store: str) -> None:
    @given(st.data())
    def check(data: st.DataObject) -> None:
        uri_strategies.EXAMPLES[f"mutated {store} URIs"] += 1
        uri, secret = data.draw(uri_strategies.store_uris(store), label="valid")
        _parse_everywhere(data.draw(uri_strategies.mutated(uri), label="mutated"), secret)

    check()
