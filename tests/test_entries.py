"""``glance_locations.entries``: the images API's location entries, Glance 33's rules.

Vectors per rule for both shapes (a ``locations`` item, an add-location body); problems
keyed by JSON path, all at once, never a secret; round trips; direct construction; and
``check --input json`` on entries. The differential test against Glance's own functions
is tests/conformance/test_entries_differential.py.
"""

from __future__ import annotations

import hashlib
import importlib.util
import pickle
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import cast

import attrs
import pytest

from glance_locations import (
    BadLocationEntry,
    BadStoreLocation,
    RbdStoreLocation,
    S3StoreLocation,
    SchemeRegistry,
)
from glance_locations.entries import JSON, LocationEntry, ValidationData

SECRET = "S3CR3T-entries-5c1d"
RBD = "rbd://6a1c5f6e/images/b2e0d9c4/snap"
S3 = f"s3://AKIA:{SECRET}@s3.example.com/glance/b2e0d9c4"
MD5 = hashlib.md5(b"image").hexdigest()  # noqa: S324 (Glance's checksum is MD5)
SHA512 = hashlib.sha512(b"image").hexdigest()
SHA256 = hashlib.sha256(b"image").hexdigest()


def _problems(
    obj: object, *, registry: SchemeRegistry | None = None
) -> tuple[tuple[str, str], ...]:
    """The problems of ``obj`` (any JSON value: from_api checks at run time)."""
    with pytest.raises(BadLocationEntry) as caught:
        LocationEntry.from_api(cast("Mapping[str, object]", obj), registry=registry)
    assert isinstance(caught.value, BadStoreLocation)
    assert SECRET not in str(caught.value)
    assert SECRET not in repr(caught.value)
    return caught.value.problems


def test_a_locations_item_round_trips() -> None:
    item = {
        "url": RBD,
        "metadata": {"store": "ceph", "tags": ["a", {"b": "c"}]},
        "validation_data": {"checksum": MD5, "os_hash_algo": "sha512", "os_hash_value": SHA512},
    }
    entry = LocationEntry.from_api(item)
    assert isinstance(entry.location, RbdStoreLocation)
    assert entry.store == "ceph"
    assert entry.validation_data == ValidationData(
        checksum=MD5, os_hash_algo="sha512", os_hash_value=SHA512
    )
    assert entry.to_api() == item
    assert LocationEntry.from_api(entry.to_api()) == entry


def test_an_add_location_body_round_trips_with_its_credentials() -> None:
    body = {"url": S3, "validation_data": {"os_hash_algo": "sha256", "os_hash_value": SHA256}}
    entry = LocationEntry.from_api(body)
    assert isinstance(entry.location, S3StoreLocation)
    assert entry.store is None
    assert entry.to_api() == body  # the URL with its credentials: to_api is for the API
    assert SECRET not in repr(entry)
    assert LocationEntry.from_api({"url": S3, "validation_data": {}}).to_api() == {
        "url": S3,
        "validation_data": {},
    }


def test_every_problem_at_once_keyed_by_json_path() -> None:
    item = {
        "url": "rbd://6a1c5f6e/images/img/snap/extra",
        "metadata": {"store": "", "size": 3, "tags": ["a", None]},
        "validation_data": {"checksum": MD5.upper(), "os_hash_algo": "sha256", "x": "1"},
        "status": "active",
    }
    assert _problems(item) == (
        ("$.status", "unknown key (Glance ignores it; refused here)"),
        ("$.url", "URI must have exactly 1 or 4 components, not 5"),
        ("$.metadata.store", "must be a backend name (a non-empty string)"),
        ("$.metadata.size", "must be an object, an array or a string, not a number"),
        ("$.metadata.tags[1]", "must be an object, an array or a string, not null"),
        ("$.validation_data.x", "unknown key (Glance ignores it; refused here)"),
        (
            "$.validation_data.checksum",
            "must be lower-case hexadecimal digits only (an MD5 digest)",
        ),
        ("$.validation_data.os_hash_algo", "must be the deployment's hashing_algorithm, sha512"),
        ("$.validation_data.os_hash_value", "required in a locations item"),
    )


ADD_LOCATION_VECTORS = [
    pytest.param(
        {"os_hash_algo": "sha512"},
        [("os_hash_value", "required with os_hash_algo")],
        id="algo-alone",
    ),
    pytest.param(
        {"os_hash_value": SHA512},
        [("os_hash_algo", "required with os_hash_value")],
        id="value-alone",
    ),
    pytest.param(
        {"os_hash_algo": "sha384", "os_hash_value": SHA512},
        [("os_hash_algo", "must be one of md5, sha1, sha256, sha512")],
        id="algo-not-allowed",
    ),
    pytest.param(
        {"os_hash_algo": "sha256", "os_hash_value": SHA512},
        [("os_hash_value", "must be 64 hexadecimal digits (32 bytes), not 128")],
        id="wrong-size",
    ),
    pytest.param(
        {"os_hash_algo": "sha256", "os_hash_value": SHA256.upper()},
        [("os_hash_value", "must be lower-case hexadecimal digits only")],
        id="upper-case",
    ),
    pytest.param(
        {
            "os_hash_algo": "sha256",
            "os_hash_value": " ".join(SHA256[i : i + 2] for i in range(0, 64, 2)),
        },
        [("os_hash_value", "must be lower-case hexadecimal digits only")],
        id="white-space-between-bytes",
    ),
    pytest.param(
        {"checksum": MD5, "os_hash_algo": "md5", "os_hash_value": MD5},
        [("checksum", "not accepted by the add-location call")],
        id="checksum",
    ),
    pytest.param(
        {"os_hash_algo": None, "os_hash_value": 5},
        [
            ("os_hash_algo", "must be a string, not null"),
            ("os_hash_value", "must be a string, not a number"),
        ],
        id="types",
    ),
]


@pytest.mark.parametrize(("data", "expected"), ADD_LOCATION_VECTORS)
def test_add_location_validation_data(
    data: dict[str, object], expected: list[tuple[str, str]]
) -> None:
    problems = _problems({"url": S3, "validation_data": data})
    assert problems == tuple((f"$.validation_data.{key}", why) for key, why in expected)


def test_the_add_location_call_accepts_each_allowed_algorithm_and_none() -> None:
    for algo in ("md5", "sha1", "sha256", "sha512"):
        digest = hashlib.new(algo, b"image").hexdigest()
        body = {"url": S3, "validation_data": {"os_hash_algo": algo, "os_hash_value": digest}}
        assert LocationEntry.from_api(body).to_api() == body
    assert LocationEntry.from_api({"url": S3}).validation_data is None


def test_a_locations_item_follows_the_deployment_hashing_algorithm() -> None:
    data = {"os_hash_algo": "sha256", "os_hash_value": SHA256}  # checksum is optional
    item = {"url": RBD, "metadata": {}, "validation_data": data}
    assert _problems(item) == (
        ("$.validation_data.os_hash_algo", "must be the deployment's hashing_algorithm, sha512"),
        ("$.validation_data.os_hash_value", "must be 128 hexadecimal digits (64 bytes), not 64"),
    )
    entry = LocationEntry.from_api(item, hashing_algorithm="sha256")
    assert entry.validation_data == ValidationData(
        os_hash_algo="sha256", os_hash_value=SHA256, hashing_algorithm="sha256"
    )
    with pytest.raises(ValueError, match="hashing_algorithm must name a hashlib algorithm"):
        LocationEntry.from_api(item, hashing_algorithm="shake_128")


def test_a_locations_item_needs_url_and_metadata_of_glance_shape() -> None:
    assert _problems({"metadata": {}}) == (("$.url", "required"),)
    assert _problems({"url": 7, "metadata": []}) == (
        ("$.url", "must be a string, not a number"),
        ("$.metadata", "must be an object, not an array"),
    )
    long_url = RBD + "x" * (256 - len(RBD))
    assert _problems({"url": long_url, "metadata": {}}) == (
        ("$.url", "longer than 255 characters (a locations item's limit)"),
    )
    assert _problems([RBD]) == (("$", "must be an object, not an array"),)
    assert _problems({"url": RBD, "metadata": {}, "validation_data": None}) == (
        ("$.validation_data", "must be an object, not null"),
    )


def test_a_url_problem_names_the_component_never_the_secret() -> None:
    url = f"s3://AKIA:{SECRET}@s3.example.com:99999/glance/b"
    assert _problems({"url": url}) == (
        ("$.url", "port: must be a decimal number from 1 to 65535"),
    )
    assert _problems({"url": f"nfs://u:{SECRET}@h/x"}) == (
        ("$.url", "Unknown scheme 'nfs' found in URI"),
    )


def test_an_isolated_registry_parses_the_url() -> None:
    registry = SchemeRegistry(entry_points=False)
    assert _problems({"url": RBD}, registry=registry) == (
        ("$.url", "Unknown scheme 'rbd' found in URI"),
    )


def test_validation_data_built_directly_follows_the_rules_its_checksum_says() -> None:
    assert ValidationData().to_api() == {}
    assert ValidationData(os_hash_algo="md5", os_hash_value=MD5).for_locations is False
    with_checksum = ValidationData(checksum=MD5, os_hash_algo="sha512", os_hash_value=SHA512)
    assert with_checksum.for_locations
    with pytest.raises(BadLocationEntry) as caught:
        ValidationData(checksum=MD5, os_hash_algo="sha256", os_hash_value=SHA256)
    assert caught.value.problems == (
        ("$.os_hash_algo", "must be the deployment's hashing_algorithm, sha512"),
        ("$.os_hash_value", "must be 128 hexadecimal digits (64 bytes), not 64"),
    )
    ValidationData(
        checksum=MD5, os_hash_algo="sha256", os_hash_value=SHA256, hashing_algorithm="sha256"
    )
    with pytest.raises(BadLocationEntry, match=r"'\$.hashing_algorithm'"):
        ValidationData(hashing_algorithm="nope")
    with pytest.raises(BadLocationEntry, match=r"'\$.os_hash_value': required with"):
        attrs.evolve(with_checksum, checksum=None, os_hash_value=None)


def test_an_entry_built_directly_is_checked_and_immutable() -> None:
    location = RbdStoreLocation.from_uri(RBD)
    metadata: dict[str, JSON] = {"store": "ceph", "tags": ["a", {"b": "c"}]}
    entry = LocationEntry(location=location, metadata=metadata)
    metadata["store"] = "changed"  # the entry holds its own copy
    assert isinstance(entry.metadata, MappingProxyType)
    assert entry.metadata["tags"] == ("a", MappingProxyType({"b": "c"}))
    assert entry.store == "ceph"
    assert hash(entry) == hash(LocationEntry(location=location, metadata=entry.metadata))
    assert pickle.loads(pickle.dumps(entry)) == entry
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        entry.metadata = {}  # type: ignore[misc]
    with pytest.raises(BadLocationEntry) as caught:
        attrs.evolve(entry, metadata={"n": 1.5, "store": None})
    assert caught.value.problems == (
        ("$.metadata.store", "must be a backend name (a non-empty string)"),
        ("$.metadata.n", "must be an object, an array or a string, not a number"),
    )
    with pytest.raises(BadLocationEntry, match="location must be a StoreLocation, not str"):
        LocationEntry(location=RBD)  # type: ignore[type-var]


def _check_json(document: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "glance_locations", "check", "--input", "json", "-"],
        input=document,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_reports_entries_with_bad_validation_data_or_metadata() -> None:
    patch = (
        '[{"op": "replace", "path": "/locations", "value": ['
        f'{{"url": "{RBD}", "metadata": {{}}}}, '
        f'{{"url": "{S3}", "metadata": {{"size": 1}}, '
        f'"validation_data": {{"os_hash_algo": "sha512", "os_hash_value": "{SHA512.upper()}"}}}}'
        "]}]"
    )
    done = _check_json(patch)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        "<stdin>:1: $[0].value[1].url: invalid (s3): $[0].value[1].metadata.size: must be an "
        "object, an array or a string, not a number; $[0].value[1].validation_data."
        "os_hash_value: must be lower-case hexadecimal digits only <s3://***@s3.example.com/"
        "glance/b2e0d9c4>"
    )
    assert SECRET not in done.stdout + done.stderr
    data = f'{{"os_hash_algo": "md5", "os_hash_value": "{MD5}"}}'
    body = f'{{"url": "{S3}", "validation_data": {data}}}'
    assert _check_json(body).returncode == 0


def test_the_entries_page_example_runs(tmp_path: Path) -> None:
    """docs/entries.md's code, run as a module of its own (its asserts are the checks)."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "entries.md").read_text("utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert len(blocks) == 1
    source = tmp_path / "entries_example.py"
    source.write_text(blocks[0], encoding="utf-8")
    spec = importlib.util.spec_from_file_location("entries_example", source)
    assert spec is not None
    assert spec.loader is not None
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
