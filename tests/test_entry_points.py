"""Stores from installed packages: entry points in the group ``glance_locations.stores``.

The test distributions of ``tests/plugins`` are installed for real (``pip install
--target``: a wheel built by its backend, entry point metadata and all) into temporary
directories, and every check runs in a fresh process that has them on ``sys.path``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from glance_locations import (
    BadStoreConfiguration,
    RbdStoreLocation,
    SchemeInfo,
    SchemeRegistry,
)

PLUGINS = Path(__file__).resolve().parent / "plugins"
NFS_URIS = "nfs://filer.example.com/exports/img-1\nnfs4://filer.example.com/exports/img-2\n"


def _install(name: str, target: Path) -> Path:
    done = subprocess.run(  # noqa: S603 (pip of this interpreter, our test package)
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--disable-pip-version-check",
            "--target",
            str(target),
            str(PLUGINS / name),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return target


@pytest.fixture(scope="module")
def nfs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = _install("nfs", tmp_path_factory.mktemp("nfs-site"))
    # Installed, with its entry points in the metadata (not a path trick).
    (info,) = site.glob("glance_test_nfs-1.0.dist-info")
    assert "[glance_locations.stores]" in (info / "entry_points.txt").read_text()
    return site


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _install("broken", tmp_path_factory.mktemp("broken-site"))


def _run(sites: list[Path], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``python -m glance_locations ARGS`` (or ``python -c`` code) with ``sites`` on the path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, sites))}
    env.pop("PYTHONWARNINGS", None)
    return subprocess.run(  # noqa: S603 (this interpreter, our own command)
        [sys.executable, *args], input=stdin, capture_output=True, text=True, check=False, env=env
    )


def _check(sites: list[Path], stdin: str) -> subprocess.CompletedProcess[str]:
    return _run(sites, "-m", "glance_locations", "check", "-", stdin=stdin)


def test_check_parses_an_installed_store_uris_in_a_fresh_process(nfs_site: Path) -> None:
    done = _check([nfs_site], NFS_URIS + "nfs://filer.example.com/img-3\n")
    assert done.returncode == 1  # the last URI is invalid, by the store's own rule
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "<stdin>:3: invalid (nfs): path: must name an export and a file in it "
        "<nfs://filer.example.com/img-3>"
    )
    assert lines[-2].split() == ["nfs", "2", "1", "0"]
    assert done.stderr == ""


def test_without_the_package_the_scheme_is_unknown(tmp_path: Path) -> None:
    done = _check([tmp_path], NFS_URIS)
    assert done.returncode == 1
    assert "invalid (unknown): Unknown scheme 'nfs' found in URI" in done.stdout


def test_a_broken_entry_point_warns_and_hides_no_builtin_scheme(
    nfs_site: Path, broken_site: Path
) -> None:
    done = _check([nfs_site, broken_site], NFS_URIS + "rbd://fsid/pool/img/snap\n")
    assert done.returncode == 0, done.stdout
    summary = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines()[1:]}
    assert summary == {"rbd": ["1", "0", "0"], "nfs": ["2", "0", "0"], "total": ["3", "0", "0"]}
    warned = [line for line in done.stderr.splitlines() if "RuntimeWarning" in line]
    where = "(from glance-test-broken)"
    assert [line.partition("RuntimeWarning: ")[2] for line in warned] == [
        f"store entry point missing = glance_test_broken:NoSuchStore {where}: cannot be "
        "loaded: AttributeError: module 'glance_test_broken' has no attribute "
        "'NoSuchStore' (skipped)",
        f"store entry point nomap = glance_test_broken:no_map {where}: returned a value of "
        "type list, not a scheme map (skipped)",
        f"store entry point notastore = glance_test_broken:NOT_A_STORE {where}: names a "
        "value of type int, neither a StoreLocation subclass nor a callable returning a "
        "scheme map (skipped)",
        f"store entry point rbd = glance_test_broken:HijackRbd {where}: would hide the "
        "built-in scheme(s) 'rbd' (skipped)",
    ]


def test_the_built_in_rbd_class_still_parses_rbd(nfs_site: Path, broken_site: Path) -> None:
    code = """
        import warnings
        warnings.simplefilter("ignore")
        from glance_locations import get_location_from_uri
        print(type(get_location_from_uri("rbd://fsid/pool/img/snap").store_location).__module__)
    """
    done = _run([nfs_site, broken_site], "-c", textwrap.dedent(code))
    assert done.stdout == "glance_locations.stores.rbd\n", done.stderr


def test_explicit_loading_raises_on_a_broken_entry_point(
    nfs_site: Path, broken_site: Path
) -> None:
    code = """
        from glance_locations import BadStoreConfiguration, SchemeRegistry
        registry = SchemeRegistry(entry_points=False)
        try:
            registry.load_entry_points()
        except BadStoreConfiguration as exc:
            print(exc)
        print(sorted(registry.schemes))
    """
    done = _run([nfs_site, broken_site], "-c", textwrap.dedent(code))
    message, schemes = done.stdout.splitlines()
    assert message.count("store entry point ") == 4
    assert "would hide the built-in scheme(s) 'rbd'" in message
    assert schemes == "[]"  # all or nothing


def test_explicit_loading_registers_the_installed_stores(nfs_site: Path) -> None:
    code = """
        from glance_locations import SchemeRegistry
        registry = SchemeRegistry(entry_points=False)
        print(sorted(registry.schemes))
        registry.load_entry_points()
        info = registry.schemes["nfs4"]
        print(sorted(registry.schemes), info.location_class.__name__, info.store)
        print(registry.get_location_from_uri("nfs://f/e/i").store_location.get_uri())
    """
    done = _run([nfs_site], "-c", textwrap.dedent(code))
    assert done.stdout.splitlines() == [
        "[]",
        "['nfs', 'nfs4'] NfsStoreLocation nfs",
        "nfs://f/e/i",
    ], done.stderr


def test_freezing_loads_then_refuses_registration(nfs_site: Path) -> None:
    code = """
        from glance_locations import BadStoreConfiguration, RbdStoreLocation, SchemeInfo
        from glance_locations.registry import default_registry
        default_registry.freeze()
        print("nfs" in default_registry.schemes, "rbd" in default_registry.schemes)
        try:
            info = SchemeInfo(location_class=RbdStoreLocation)
            default_registry.register_scheme_map({"x": info})
        except BadStoreConfiguration as exc:
            print(exc)
    """
    done = _run([nfs_site], "-c", textwrap.dedent(code))
    assert done.stdout.splitlines() == [
        "True True",
        "the scheme registry is frozen: no registration",
    ], done.stderr


def test_a_frozen_registry_refuses_every_registration() -> None:
    registry = SchemeRegistry(entry_points=False)
    registry.register_scheme_map({"rbd": SchemeInfo(location_class=RbdStoreLocation)})
    before = registry.frozen
    registry.freeze()
    assert (before, registry.frozen) == (False, True)
    info = SchemeInfo(location_class=RbdStoreLocation)
    with pytest.raises(BadStoreConfiguration, match="frozen"):
        registry.register_scheme_map({"ceph": info})
    with pytest.raises(BadStoreConfiguration, match="frozen"):
        registry.register_scheme_backend_map({"rbd": {"ceph": info}})
    with pytest.raises(BadStoreConfiguration, match="frozen"):
        registry.load_entry_points()
    assert sorted(registry.schemes) == ["rbd"]
    assert registry.backends == {}
    location = registry.get_location_from_uri("rbd://fsid/pool/img/snap")
    assert isinstance(location.store_location, RbdStoreLocation)


def test_without_a_declaring_package_importlib_metadata_is_not_imported(
    tmp_path: Path,
) -> None:
    # It would cost more than the whole first lookup: a package that declares the group
    # is looked for in the metadata folders of sys.path first.
    code = """
        import sys
        from glance_locations import get_location_from_uri
        get_location_from_uri("rbd://fsid/pool/img/snap")
        print("importlib.metadata" in sys.modules)
    """
    assert _run([tmp_path], "-c", textwrap.dedent(code)).stdout == "False\n"
    # With one, it is (and the store is there: see the tests above).
    egg_info = tmp_path / "other-1.0.egg-info"
    egg_info.mkdir()
    (egg_info / "entry_points.txt").write_text("[glance_locations.stores]\n", "utf-8")
    assert _run([tmp_path], "-c", textwrap.dedent(code)).stdout == "True\n"
