"""The inline tests of the component checks (``components.fast_path``) never pass a
value the check itself refuses: construction skips the call when the test is true."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from glance_locations import components
from glance_locations.components import Check
from glance_locations.stores import BUILTIN_STORES


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
