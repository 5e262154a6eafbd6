"""User-side code: the types of ``glance_locations.rewrite`` and ``glance_locations.db``.

Checked by ``test_checkers.py`` under both checkers; the ``check_*`` functions also run
(the database ones only type-check: ``tests/db`` runs them against real databases).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from typing import Literal

import pytest
from typing_extensions import assert_type

import glance_locations as gl
from glance_locations import RbdStoreLocation, StoreConfig, StoreLocation
from glance_locations.db import LocationRow, UndoReport, apply_changes, read_locations, undo
from glance_locations.rewrite import (
    Change,
    CinderBackend,
    HostRename,
    RbdRemap,
    RewriteRefused,
    Rule,
    Status,
    StripCredentials,
    SwiftToConfig,
    identity,
    rewrite,
    same_location,
)


def _my_rule(loc: StoreLocation) -> StoreLocation:
    """A user's own rule: any callable from a store location to a store location."""
    return loc


def check_identity() -> None:
    a = RbdStoreLocation.from_uri("rbd://f/p/i/s")
    assert_type(identity(a), Hashable)
    assert_type(same_location(a, a), bool)
    assert same_location(a, RbdStoreLocation.from_uri("rbd://f/p/i/s"))


def check_rules_and_rewrite() -> None:
    remap = RbdRemap(fsids={"f": "g"})
    assert_type(remap.fsids, Mapping[str, str])
    assert_type(remap.pools, Mapping[str, str])
    assert_type(HostRename(hosts={"a": "b"}).hosts, Mapping[str, str])
    assert_type(CinderBackend(backend="ceph").backend, str)
    assert_type(SwiftToConfig(conf=StoreConfig()).conf, StoreConfig)
    rules: Sequence[Rule] = [remap, StripCredentials(), _my_rule]
    changed = remap(RbdStoreLocation.from_uri("rbd://f/p/i/s"))
    assert_type(changed, StoreLocation)
    rows: list[tuple[int, str]] = [(1, "rbd://f/p/i/s"), (2, "nope")]
    changes = rewrite(rows, rules)
    assert_type(changes, Iterator[Change[int]])
    first, second = changes
    assert_type(first.key, int)
    assert_type(first.before, str)
    assert_type(first.after, str | None)
    assert_type(first.status, Status)
    assert_type(first.rule, str | None)
    assert_type(first.reason, str | None)
    assert (first.status, first.after) == ("changed", "rbd://g/p/i/s")
    assert second.status == "invalid"
    lines: list[tuple[str, str]] = [("line 3", "cinder://x")]
    by_line = next(rewrite(lines, [], conf=None))
    assert_type(by_line, Change[str])
    swift = gl.get_location_from_uri("swift://u:k@a.example/c/o").store_location
    with pytest.raises(RewriteRefused) as refused:
        StripCredentials(stores=("swift",))(swift)
    assert_type(refused.value.reason, str)


def check_a_list_of_built_in_rules_is_a_list_of_rules() -> None:
    # Inferred, not declared: mypy joins the classes to their common base, Rule (before,
    # to ``object``, which rewrite() refused); pyright infers their union.
    rules = [RbdRemap(fsids={"f": "g"}), StripCredentials()]
    (change,) = rewrite([(1, "rbd://f/p/i/s")], rules)
    assert change.after == "rbd://g/p/i/s"
    every = [
        RbdRemap(),
        HostRename({"a.example.com": "b.example.com"}),
        StripCredentials(stores=("s3", "http")),
        SwiftToConfig(StoreConfig()),
        CinderBackend("ceph"),
    ]
    as_rules: Sequence[Rule] = every
    assert len(as_rules) == 5
    assert next(rewrite([(2, "cinder://x")], every)).status == "invalid"


def check_any_location_callable_is_a_rule() -> None:
    functions: list[Callable[[StoreLocation], StoreLocation]] = [_my_rule, lambda loc: loc]
    (change,) = rewrite([("a", "rbd://img")], functions)
    assert change.status == "unchanged"
    mixed = rewrite([("b", "rbd://f/p/i/s")], [RbdRemap(pools={"p": "q"}), _my_rule])
    assert next(mixed).after == "rbd://f/q/i/s"
    rule: Rule = _my_rule
    same = RbdStoreLocation.from_uri("rbd://img")
    assert rule(same) is same


def _ones() -> Iterator[Change[Literal[1]]]:
    rows: list[tuple[Literal[1], str]] = [(1, "rbd://img")]
    return rewrite(rows, [])


def _keys(changes: Iterable[Change[object]]) -> list[object]:
    return [change.key for change in changes]


def check_change_is_covariant() -> None:
    # Before, Change was invariant: an Iterator[Change[Literal[1]]] was refused here.
    assert _keys(_ones()) == [1]
    flag: Change[bool] = Change(key=True, before="rbd://img", status="unchanged")
    number: Change[int] = flag
    assert number.key == 1


def db_audit(url: str) -> list[int]:
    """Type-only (run by tests/db): the rows of a Glance database, and a rewrite of them."""
    rows = read_locations(url, include_deleted=False)
    assert_type(rows, Iterator[LocationRow])
    ids: list[int] = []
    for row in rows:
        assert_type(row.id, int)
        assert_type(row.image_id, str)
        assert_type(row.value, str)
        assert_type(row.meta_data, Mapping[str, object])
        assert_type(row.deleted, bool)
        assert_type(row.status, str)
        assert_type(row.image_status, str)
        ids.append(row.id)
    changes = rewrite(((row.id, row.value) for row in read_locations(url)), [RbdRemap()])
    written = apply_changes(url, changes, journal="journal.jsonl", conf=None)
    assert_type(written, int)
    report = undo(url, journal="journal.jsonl")
    assert_type(report, UndoReport)
    assert_type(report.restored, tuple[int, ...])
    assert_type(report.left_alone, tuple[tuple[int, str], ...])
    return ids
