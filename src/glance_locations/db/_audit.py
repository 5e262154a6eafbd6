"""What ``glance-locations db audit`` and ``db rewrite`` compute, apart from printing.

The audit streams the rows once. For duplicates it keeps one fixed-size digest per valid
row (blake2b, 16 bytes, of the row's :func:`~glance_locations.rewrite.identity`) with the
id of the first row that had it; nothing else grows with the table.
"""

from __future__ import annotations

import collections
import hashlib
from collections.abc import Callable, Iterator, Sequence

import attrs

from glance_locations.base import StoreLocation
from glance_locations.config import StoreConfig
from glance_locations.db._rows import (
    RawRow,
    parse_meta_data,
    raw_rows,
    redacted_location,
    redacted_value,
)
from glance_locations.exceptions import BadStoreUri, GlanceStoreException, UnknownScheme
from glance_locations.policy import LocationPolicy
from glance_locations.registry import default_registry, scheme_of
from glance_locations.rewrite import Change, Rule, identity, rewrite

__all__ = [
    "UNKNOWN_STORE",
    "AuditSummary",
    "Plan",
    "Problem",
    "Tally",
    "audit",
    "plan",
]

UNKNOWN_STORE = "unknown"
DIGEST_SIZE = 16


@attrs.define
class Tally:
    rows: int = 0
    valid: int = 0
    invalid: int = 0


@attrs.frozen(kw_only=True)
class Problem:
    """One line of the report: an invalid, refused or duplicate row (URI redacted)."""

    id: int
    image_id: str
    store: str
    backend: str
    status: str  # "invalid", "refused" or "duplicate"
    reasons: tuple[str, ...]
    uri: str
    duplicate_of: int | None = None

    def to_json(self) -> dict[str, object]:
        record: dict[str, object] = {
            "type": "problem",
            "id": self.id,
            "image_id": self.image_id,
            "store": self.store,
            "backend": self.backend,
            "status": self.status,
            "reasons": list(self.reasons),
            "uri": self.uri,
        }
        if self.duplicate_of is not None:
            record["duplicate_of"] = self.duplicate_of
        return record


@attrs.define
class AuditSummary:
    rows: int = 0
    valid: int = 0
    invalid: int = 0
    refused: int = 0  # decides the exit status; shown as problem lines
    with_credentials: int = 0
    duplicates: int = 0
    by_store: dict[str, Tally] = attrs.Factory(dict)
    by_backend: dict[str, Tally] = attrs.Factory(dict)

    def to_json(self) -> dict[str, object]:
        return {
            "summary": {
                "rows": self.rows,
                "valid": self.valid,
                "invalid": self.invalid,
                "with_credentials": self.with_credentials,
                "duplicates": self.duplicates,
                "by_store": {k: attrs.asdict(v) for k, v in sorted(self.by_store.items())},
                "by_backend": {k: attrs.asdict(v) for k, v in sorted(self.by_backend.items())},
            }
        }


def store_names() -> dict[str, str]:
    """Each registered scheme's store name (the scheme when none is set)."""
    return {scheme: info.store or scheme for scheme, info in default_registry.schemes.items()}


def reason(exc: GlanceStoreException) -> str:
    """Why a URI was refused, without the URI (the caller shows it redacted)."""
    if isinstance(exc, BadStoreUri):
        return exc.reason
    if isinstance(exc, UnknownScheme) and not exc.scheme:
        return "not a URI: no 'scheme://' prefix"
    return str(exc)


def _backend(meta: dict[str, object]) -> str:
    store = meta.get("store")
    return store if isinstance(store, str) else ""


def audit(
    url: str,
    *,
    conf: StoreConfig | None,
    policy: LocationPolicy,
    include_deleted: bool,
    report: Callable[[Problem], None],
) -> AuditSummary:
    """Audit every row; ``report`` gets each problem as it is found (in id order but for
    duplicates, reported at the second row of an identity).

    :raises DatabaseError: the database cannot be read.
    """
    summary = AuditSummary()
    stores = store_names()
    locate = default_registry.get_location_from_uri
    # digest -> id of the first row with it; negated (minus one) once that row is counted
    seen: dict[bytes, int] = {}
    blake2b = hashlib.blake2b
    for row_id, image_id, value, meta_text, _, _, _ in raw_rows(
        url, include_deleted=include_deleted
    ):
        summary.rows += 1
        meta = parse_meta_data(meta_text)
        backend = _backend(meta) if meta is not None else ""
        store = stores.get(scheme_of(value).lower(), UNKNOWN_STORE)
        by_store = summary.by_store.get(store) or summary.by_store.setdefault(store, Tally())
        by_backend = summary.by_backend.get(backend) or summary.by_backend.setdefault(
            backend, Tally()
        )
        by_store.rows += 1
        by_backend.rows += 1
        problem: str | None = None
        location: StoreLocation | None = None
        try:
            location = locate(value, conf).store_location
        except GlanceStoreException as exc:
            problem = reason(exc)
        if meta is None and problem is None:
            problem = "meta_data: not a JSON object"
        if location is None or problem is not None:
            summary.invalid += 1
            by_store.invalid += 1
            by_backend.invalid += 1
            report(
                Problem(
                    id=row_id,
                    image_id=image_id,
                    store=store,
                    backend=backend,
                    status="invalid",
                    reasons=(problem or "",),
                    uri=redacted_value(value),
                )
            )
            continue
        summary.valid += 1
        by_store.valid += 1
        by_backend.valid += 1
        if location.exposure().credentials:
            summary.with_credentials += 1
        violations = policy.violations(location)
        if violations:
            summary.refused += 1
            report(
                Problem(
                    id=row_id,
                    image_id=image_id,
                    store=store,
                    backend=backend,
                    status="refused",
                    reasons=violations,
                    uri=redacted_location(location),
                )
            )
        digest = blake2b(repr(identity(location)).encode(), digest_size=DIGEST_SIZE).digest()
        first = seen.setdefault(digest, row_id)
        if first == row_id:
            continue
        if first >= 0:  # the first row of this identity is counted now
            summary.duplicates += 1
            seen[digest] = -first - 1
        else:
            first = -first - 1
        summary.duplicates += 1
        report(
            Problem(
                id=row_id,
                image_id=image_id,
                store=store,
                backend=backend,
                status="duplicate",
                reasons=(f"the same location as row {first}",),
                uri=redacted_location(location),
                duplicate_of=first,
            )
        )
    return summary


@attrs.frozen(kw_only=True)
class Plan:
    """One row's fate in ``db rewrite``, with the image id the change has not."""

    image_id: str
    change: Change[int]


def plan(url: str, rules: Sequence[Rule], *, conf: StoreConfig | None) -> Iterator[Plan]:
    """Stream the rows (deleted ones left out) through ``rules``: one :class:`Plan` each."""
    pending: collections.deque[tuple[int, str]] = collections.deque()

    def pairs(rows: Iterator[RawRow]) -> Iterator[tuple[int, str]]:
        for row_id, image_id, value, *_ in rows:
            pending.append((row_id, image_id))
            yield row_id, value

    for change in rewrite(pairs(raw_rows(url, include_deleted=False)), rules, conf=conf):
        while pending and pending[0][0] != change.key:
            pending.popleft()
        image_id = pending.popleft()[1] if pending else ""
        yield Plan(image_id=image_id, change=change)
