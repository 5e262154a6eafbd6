"""The inline tests of the component checks (``components.fast_path``) never pass a
value the check itself refuses: construction skips the call when the test is true."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from glance_locations import components
from glance_locations.components import Check
from glance_locations.exceptions import BadStoreLocation
from glance_locations.stores import BUILTIN_STORES, HttpStoreLocation


def _checks_with_fast_paths() -> list[tuple[str, Check, str]]:
    found: list[tuple[str, Check, str]] = []
    for store, cls in BUILTIN_STORES.items():
        for klass in cls.__mro__:
            for field, check in vars(klass).get("FIELD_CHECKS", {}).items():
                expression = components.fast_path(check)
                if expression is not None:
                    found.append((f"{store}.{field}", check, expression))
    return found


CHECKS = _checks_with_fast_paths()
# Text with what the rules care about: delimiters, spaces, controls, non-ASCII.
TEXT = st.text(
    st.sampled_from("aZ09-._~/?#@:[]%+ \t\x00\x7f\u00a0\u00e9\u2028\ufb01/\\")
    | st.characters(codec="utf-8"),
    max_size=12,
)
# The prefixes some components must start with, so that the text reaches their rules.
PREFIXES = st.sampled_from(["", "/", "/folder/"])


def _joined(prefix: str, rest: str) -> str:
    return prefix + rest


VALUES = st.builds(_joined, PREFIXES, TEXT)


def test_the_stores_have_inline_checks() -> None:
    names = {name for name, _, _ in CHECKS}
    # the checks made with the helpers of components (schemes, names, segments, ...)
    assert {"file.scheme", "file.path", "rbd.image", "swift.container", "http.path"} <= names


@pytest.mark.parametrize(("name", "check", "expression"), CHECKS, ids=[c[0] for c in CHECKS])
@given(value=VALUES)
# Edges: an empty segment, a trailing '/', a padded segment, a bare prefix.
@example(value="/folder//x")
@example(value="/folder/x/")
@example(value="/folder/ x")
@example(value="/folder/")
@example(value="//x")
def test_an_inline_test_that_passes_means_the_check_passes(
    name: str, check: Check, expression: str, value: str
) -> None:
    passed = eval(expression, {}, {"value": value})  # noqa: S307 (the library's own text)
    if passed:
        assert check(value) is None, (name, value)


def test_a_repeated_check_remembers_valid_values_only(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def host(value: str) -> components.Problem | None:
        calls.append(value)
        return None if value.isalpha() else components.Problem("host", "not letters")

    monkeypatch.setattr(components, "REPEATED_SIZE", 2)
    check = components.repeated(host)
    known = components.known_values(check)
    assert known is not None
    assert components.known_values(host) is None
    # a valid value is checked once, then answered from memory
    assert check("alpha") is None
    assert check("alpha") is None
    assert calls == ["alpha"]
    # an invalid value is never remembered: checked, and refused, every time
    assert check("bad1") == check("bad1") == components.Problem("host", "not letters")
    assert calls == ["alpha", "bad1", "bad1"]
    assert known == {"alpha"}
    # the bound: when full, one value is forgotten for each new one
    check("beta")
    check("gamma")
    assert len(known) == 2
    assert "gamma" in known
    # too long to remember
    long = "a" * (components.REPEATED_MAX_LENGTH + 1)
    assert check(long) is None
    assert long not in known


def test_a_host_seen_valid_does_not_let_a_bad_one_pass() -> None:
    HttpStoreLocation(netloc="images.example.com", path="/x")
    with pytest.raises(BadStoreLocation) as caught:
        HttpStoreLocation(netloc="images.example.com:99999", path="/x")
    assert caught.value.components == ("port",)
