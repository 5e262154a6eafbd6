"""What importing the package loads: each public name on first use, the store classes with
the default registry's first lookup, cattrs and yarl only when a location needs them."""

from __future__ import annotations

import subprocess
import sys

import pytest

import glance_locations


def _modules_after(code: str) -> set[str]:
    """The modules loaded by ``code`` in a fresh interpreter."""
    script = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run(  # noqa: S603 (our interpreter, our code)
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def test_importing_the_package_loads_no_public_module() -> None:
    loaded = _modules_after("import glance_locations")
    assert "glance_locations" in loaded
    for module in ("glance_locations.stores", "glance_locations.policy", "cattrs", "yarl"):
        assert module not in loaded


def test_the_parser_loads_the_store_classes_with_its_first_lookup() -> None:
    before = _modules_after("from glance_locations import get_location_from_uri")
    assert "glance_locations.registry" in before
    assert "glance_locations.stores.rbd" not in before
    after = _modules_after(
        "from glance_locations import get_location_from_uri\n"
        "assert get_location_from_uri('rbd://fsid/pool/image/snap').store_name == 'rbd'"
    )
    assert "glance_locations.stores.rbd" in after
    # An rbd URI has no authority to split, nor specs to structure.
    assert "yarl" not in after
    assert "cattrs" not in after
    assert "glance_locations.policy" not in after


def test_every_public_name_resolves_to_its_module_object() -> None:
    from glance_locations import policy, registry, stores  # noqa: PLC0415

    for name in glance_locations.__all__:
        assert getattr(glance_locations, name) is not None, name
    assert glance_locations.LocationPolicy is policy.LocationPolicy
    assert glance_locations.SchemeRegistry is registry.SchemeRegistry
    assert glance_locations.RbdStoreLocation is stores.RbdStoreLocation
    assert sorted(dir(glance_locations)) == sorted(glance_locations.__all__)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchThing"):
        _ = glance_locations.NoSuchThing  # type: ignore[attr-defined]
