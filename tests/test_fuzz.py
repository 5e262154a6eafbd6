"""Fuzzing every parser with hypothesis: only our errors escape, accepted input round-trips.

The vectors first: inputs that fuzzing found to break a parser, kept as regressions.
"""

from __future__ import annotations

import pytest

from glance_locations import BadStoreUri, get_location_from_uri
from glance_locations.stores import BUILTIN_STORES

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
        "URI: its canonical form is longer than 65536 characters (65722)",
        id="rbd-quoting-over-the-limit",
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
