"""Property tests: every valid location round-trips through its URI and its specs."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glance_locations import StoreLocation, get_location_from_uri

from .location_strategies import STORES


@pytest.mark.parametrize("store", sorted(STORES))
def test_uri_and_specs_round_trip(store: str) -> None:
    """Both round trips on each drawn location (drawing costs more than checking)."""

    @given(STORES[store])
    def check(loc: StoreLocation) -> None:
        uri = loc.get_uri()
        again = type(loc).from_uri(uri, backend_group=loc.backend_group)
        assert again == loc
        assert again.get_uri() == uri

        specs = loc.to_specs()
        assert json.loads(json.dumps(specs)) == specs
        assert type(loc).from_specs(specs, backend_group=loc.backend_group) == loc

    check()


@given(st.one_of(*STORES.values()))
def test_registry_dispatch_agrees(loc: StoreLocation) -> None:
    location = get_location_from_uri(loc.get_uri())
    assert type(location.store_location) is type(loc)
    assert location.get_store_uri() == loc.get_uri()
