"""A store class of one's own in a Glance database: the audit finds its duplicates.

The class (tests/own_store.py) declares fields, schemes, ``parse`` and ``render`` only:
its identity is ``StoreLocation.identity_key()``'s default (the class and every field but
the secret ones), which the audit behind ``glance-locations db audit`` digests per row.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from glance_locations.db._audit import Problem, Tally, audit
from glance_locations.policy import LocationPolicy
from glance_locations.rewrite import identity
from tests.db.conftest import GlanceDb
from tests.own_store import NfsStoreLocation, register_nfs
from tests.test_extending import load_example


def test_identity_of_a_store_of_ones_own_is_its_default_key() -> None:
    loc = NfsStoreLocation.from_uri("nfs://t0ken@filer.example.com/exports/img-1")
    assert identity(loc) == (
        "tests.own_store.NfsStoreLocation",
        (("server", "filer.example.com"), ("path", "/exports/img-1")),
    )


@pytest.mark.parametrize("example", ["tests", "docs/extending.md"])
def test_audit_finds_duplicates_of_a_store_of_ones_own(
    sqlite_db: GlanceDb, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, example: str
) -> None:
    cls = NfsStoreLocation if example == "tests" else load_example(tmp_path)
    register_nfs(monkeypatch, cls)
    first = sqlite_db.add("nfs://t0ken@filer.example.com/exports/img-1")
    # Another image, the same file: a token is a credential, not part of the identity.
    second = sqlite_db.add("nfs://filer.example.com/exports/img-1")
    sqlite_db.add("nfs://filer.example.com/exports/img-2")
    sqlite_db.add("nfs://other.example.com/exports/img-1")
    problems: list[Problem] = []
    summary = audit(
        sqlite_db.url,
        conf=None,
        policy=LocationPolicy(),
        include_deleted=False,
        report=problems.append,
    )
    assert [(p.id, p.status, p.duplicate_of, p.store, p.uri) for p in problems] == [
        (second, "duplicate", first, "nfs", "nfs://filer.example.com/exports/img-1")
    ]
    assert summary.duplicates == 2  # both rows of the shared identity
    assert summary.with_credentials == 1  # the token, found by the default exposure()
    assert summary.by_store == {"nfs": Tally(rows=4, valid=4, invalid=0)}
    assert "t0ken" not in repr(problems)
