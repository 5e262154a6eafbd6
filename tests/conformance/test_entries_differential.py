"""``LocationEntry.from_api`` against Glance 33's own validation, both paths.

Glance runs in ``GLANCE_PYTHON`` (``nox -s conformance`` makes a venv with glance==33.0.0
for it: Glance's eventlet must not be in this process's environment), else in this
interpreter; without glance there, the test fails and says so.

Generated entries, valid and invalid (each field varied alone from a valid entry, then
seeded random combinations), go to Glance's functions (``glance_entry_oracle.py``, a
process of its own) and to ours. Every disagreement must be one of the documented
divergences, where we are stricter (docs/divergences.md, "Location entries"): upper-case
hex, white space between hex bytes, keys Glance ignores, a ``store`` that names no
backend. Each is checked to be the whole cause: the entry with that feature taken out is
accepted by both. Glance accepting what we refuse for any other reason, or refusing what
we accept, fails the test.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import attrs
import pytest

from glance_locations import BadLocationEntry
from glance_locations.entries import LocationEntry

ORACLE = Path(__file__).resolve().parent / "glance_entry_oracle.py"
GLANCE_PYTHON = os.environ.get("GLANCE_PYTHON", sys.executable)
URL = "rbd://6a1c5f6e-7d3b-4c1e-9a7f-2b4d8e0c1a3f/images/b2e0d9c4/snap"
ABSENT = object()  # a key left out
UPPER, SPACE, UNKNOWN, STORE = "upper-case hex", "white space in hex", "unknown key", "store"


def _hex(algorithm: str) -> str:
    return hashlib.new(algorithm, b"image").hexdigest()


@attrs.frozen
class Variant:
    """A field's value, with the divergences it brings and its value without them."""

    value: object
    tags: frozenset[str] = frozenset()
    fixed: object = None  # the value with its divergence taken out (when tagged)


def _hex_variants(algorithm: str) -> list[Variant]:
    digest = _hex(algorithm)
    pairs = [digest[i : i + 2] for i in range(0, len(digest), 2)]
    upper = frozenset({UPPER})
    space = frozenset({SPACE})
    return [
        Variant(digest),
        Variant(digest.upper(), upper, digest),
        Variant(digest[:10].upper() + digest[10:], upper, digest),
        Variant(" ".join(pairs), space, digest),
        Variant(" ".join(pairs[:4]) + "".join(pairs[4:]), space, digest),
        Variant(f" {digest}\t", space, digest),
        Variant("\n".join(pairs).upper(), upper | space, digest),
        Variant(digest[:-2]),
        Variant(digest[:-1]),
        Variant(digest + "00"),
        Variant("zz" + digest[2:]),
        Variant(digest[:2] + " " + digest[2:], space, digest),
        Variant(digest[:1] + " " + digest[1:]),  # white space inside a byte: refused
        Variant("0x" + digest[2:]),
        Variant(""),
    ]


ALGOS = [
    Variant(ABSENT),
    Variant(None),
    Variant(3),
    Variant(""),
    Variant("sha512"),
    Variant("sha256"),
    Variant("sha1"),
    Variant("md5"),
    Variant("sha384"),
    Variant("SHA512"),
    Variant("sha3_256"),
    Variant("x" * 65),
]
VALUES = [
    Variant(ABSENT),
    Variant(None),
    Variant(7),
    *_hex_variants("sha512"),
    *_hex_variants("sha256"),
    *_hex_variants("md5"),
    *_hex_variants("sha1")[:2],
]
CHECKSUMS = [
    Variant(ABSENT),
    Variant(None),
    Variant(1),
    *_hex_variants("md5"),
]
VALIDATION_EXTRAS: list[dict[str, object]] = [{}, {"size": "1"}]
TOP_EXTRAS = [Variant({}), Variant({"note": "x"}, frozenset({UNKNOWN}), {})]
METADATA = [
    Variant({}),
    Variant({"store": "ceph"}),
    Variant({"a": ["x", {"b": "c"}], "store": "ceph"}),
    Variant({"n": 1}),
    Variant({"t": True}),
    Variant({"z": None}),
    Variant({"l": ["x", 2]}),
    Variant({"store": ""}, frozenset({STORE}), {"store": "ceph"}),
    Variant({"store": ["a"]}, frozenset({STORE}), {"store": "ceph"}),
    Variant({"store": {"name": "ceph"}}, frozenset({STORE}), {"store": "ceph"}),
    Variant("metadata"),
    Variant([]),
]
URLS = [
    Variant(URL),
    Variant(ABSENT),
    Variant(5),
    Variant(URL + "-" * (256 - len(URL))),  # a valid URI, too long for a locations item
]


@attrs.frozen
class Case:
    path: str  # "add_location" or "locations"
    hashing_algorithm: str
    fields: tuple[tuple[str, Variant], ...]

    @property
    def tags(self) -> frozenset[str]:
        return frozenset[str]().union(*(variant.tags for _, variant in self.fields))

    def body(self, *, fixed: bool = False) -> dict[str, object]:
        """The entry; ``fixed``: with every divergence taken out."""
        values = {
            name: variant.fixed if fixed and variant.tags else variant.value
            for name, variant in self.fields
        }
        body: dict[str, object] = {"url": values["url"]}
        if self.path == "locations":
            body["metadata"] = values["metadata"]
        validation = values["validation_data"]
        if isinstance(validation, dict):
            data = {"checksum": values["checksum"], "os_hash_algo": values["algo"]}
            data["os_hash_value"] = values["value"]
            data.update(cast("dict[str, object]", validation))
            body["validation_data"] = {k: v for k, v in data.items() if v is not ABSENT}
        elif validation is not ABSENT:
            body["validation_data"] = validation
        body.update(cast("dict[str, object]", values["extra"]))  # a dict by construction
        return {k: v for k, v in body.items() if v is not ABSENT}


def _base(path: str) -> dict[str, Variant]:
    """A valid entry of ``path``'s shape (for the default sha512)."""
    return {
        "url": Variant(URL),
        "metadata": Variant({"store": "ceph"}),
        "validation_data": Variant({}),
        "checksum": Variant(_hex("md5") if path == "locations" else ABSENT),
        "algo": Variant("sha512"),
        "value": Variant(_hex("sha512")),
        "extra": Variant({}),
    }


CHOICES: dict[str, list[Variant]] = {
    "url": URLS,
    "metadata": METADATA,
    "validation_data": [
        Variant(ABSENT),
        Variant(None),
        Variant("x"),
        Variant([]),
        *(Variant(extra) for extra in VALIDATION_EXTRAS),
    ],
    "checksum": CHECKSUMS,
    "algo": ALGOS,
    "value": VALUES,
    "extra": TOP_EXTRAS,
}


def _cases() -> Iterator[Case]:
    rng = random.Random(28)  # noqa: S311 (seeded test data: the same cases every run)
    for path, hashing in [
        ("add_location", "sha512"),
        ("locations", "sha512"),
        ("locations", "sha256"),
    ]:
        base = _base(path)
        # Each field varied alone from a valid entry.
        for name, choices in CHOICES.items():
            for variant in choices:
                yield Case(path, hashing, tuple({**base, name: variant}.items()))
        # Valid entries of every allowed algorithm, metadata and checksum.
        algos = ("md5", "sha1", "sha256", "sha512") if path == "add_location" else (hashing,)
        for name, metadata, checksum in itertools.product(algos, METADATA[:3], CHECKSUMS[::3]):
            valid = {"algo": Variant(name), "value": Variant(_hex(name))}
            valid |= {"metadata": metadata, "checksum": checksum}
            yield Case(path, hashing, tuple({**base, **valid}.items()))
        # The hash value, for each algorithm, and random combinations.
        for algo, value in itertools.product(ALGOS, VALUES):
            yield Case(path, hashing, tuple({**base, "algo": algo, "value": value}.items()))
        for _ in range(600):
            fields = {name: rng.choice(choices) for name, choices in CHOICES.items()}
            yield Case(path, hashing, tuple(fields.items()))


def case_tags() -> tuple[str, ...]:
    """Every documented divergence."""
    return (UPPER, SPACE, UNKNOWN, STORE)


def _ours(case: Case, *, fixed: bool = False) -> tuple[bool, str]:
    try:
        LocationEntry.from_api(case.body(fixed=fixed), hashing_algorithm=case.hashing_algorithm)
    except BadLocationEntry as exc:
        return False, str(exc)
    return True, ""


def _glance(cases: list[Case], *, fixed: bool = False) -> list[tuple[bool, str]]:
    lines = "".join(
        json.dumps(
            {"path": c.path, "body": c.body(fixed=fixed), "hashing_algorithm": c.hashing_algorithm}
        )
        + "\n"
        for c in cases
    )
    done = subprocess.run(  # noqa: S603 (this interpreter, our oracle script)
        [GLANCE_PYTHON, str(ORACLE)], input=lines, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, (
        f"Glance's validation did not run in {GLANCE_PYTHON} (GLANCE_PYTHON: an interpreter "
        f"with glance==33.0.0; nox -s conformance makes one): {done.stderr[-2000:]}"
    )
    verdicts = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(verdicts) == len(cases)
    return [(bool(v["accepted"]), str(v["why"])) for v in verdicts]


@pytest.fixture(scope="module")
def results() -> list[tuple[Case, tuple[bool, str], tuple[bool, str]]]:
    unique = {json.dumps([c.path, c.hashing_algorithm, c.body()]): c for c in _cases()}
    cases = list(unique.values())
    return list(zip(cases, _glance(cases), [_ours(case) for case in cases], strict=True))


def test_the_cases_are_many_and_both_sides_accept_and_refuse(
    results: list[tuple[Case, tuple[bool, str], tuple[bool, str]]],
) -> None:
    tally = Counter((case.path, glance[0], ours[0]) for case, glance, ours in results)
    for path in ("add_location", "locations"):
        assert tally[path, True, True] >= 8, tally
        assert tally[path, False, False] >= 500, tally


def test_we_never_accept_what_glance_refuses(
    results: list[tuple[Case, tuple[bool, str], tuple[bool, str]]],
) -> None:
    laxer = [(c.body(), glance[1]) for c, glance, ours in results if ours[0] and not glance[0]]
    assert laxer == []


def test_every_refusal_glance_would_accept_is_a_documented_divergence(
    results: list[tuple[Case, tuple[bool, str], tuple[bool, str]]],
) -> None:
    stricter = [(case, ours[1]) for case, glance, ours in results if glance[0] and not ours[0]]
    unexplained = [(case.body(), why) for case, why in stricter if not case.tags]
    assert unexplained == []
    # The divergence is the whole cause: taken out, both accept.
    cases = [case for case, _ in stricter]
    for case, glance in zip(cases, _glance(cases, fixed=True), strict=True):
        assert glance[0], (case.body(fixed=True), glance[1])
        assert _ours(case, fixed=True) == (True, ""), case.body(fixed=True)
    # Each documented divergence shows on both paths (the store one: locations items).
    seen = Counter((case.path, tag) for case in cases for tag in case.tags)
    shown = {(path, tag) for path in ("add_location", "locations") for tag in case_tags()}
    assert {key for key in seen if seen[key]} == shown - {("add_location", STORE)}
