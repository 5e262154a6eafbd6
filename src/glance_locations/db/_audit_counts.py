"""What an audit counts and reports: its problem lines, its tallies and its summary."""

from __future__ import annotations

import attrs

from glance_locations.backends import PLACEHOLDER_PREFIX
from glance_locations.db._findings import FindingCounts
from glance_locations.registry import default_registry

__all__ = [
    "PLACEHOLDER_GROUP",
    "PLACEHOLDER_STORE",
    "UNKNOWN_STORE",
    "AuditSummary",
    "Problem",
    "Tallies",
    "Tally",
    "store_names",
]

UNKNOWN_STORE = "unknown"
#: The store under which a parallel import's placeholder rows are counted.
PLACEHOLDER_STORE = "placeholder"
PLACEHOLDER_GROUP = PLACEHOLDER_PREFIX  # a group key no scheme can be (it holds "://")


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
    by_store: dict[str, Tally] = attrs.Factory(dict[str, Tally])
    by_backend: dict[str, Tally] = attrs.Factory(dict[str, Tally])
    placeholders: int = 0  # rows, neither valid nor invalid
    findings: FindingCounts = attrs.Factory(FindingCounts)

    def to_json(self) -> dict[str, object]:
        return {
            "summary": {
                "rows": self.rows,
                "valid": self.valid,
                "invalid": self.invalid,
                "placeholders": self.placeholders,
                "with_credentials": self.with_credentials,
                "duplicates": self.duplicates,
                "by_store": {k: attrs.asdict(v) for k, v in sorted(self.by_store.items())},
                "by_backend": {k: attrs.asdict(v) for k, v in sorted(self.by_backend.items())},
                "findings": self.findings.to_json(),
            }
        }


def store_names() -> dict[str, str]:
    """Each registered scheme's store name (the scheme when none is set)."""
    return {scheme: info.store or scheme for scheme, info in default_registry.schemes.items()}


@attrs.define
class Tallies:
    """An audit's counts so far (of one worker's share of the rows, or of all)."""

    # (scheme as written, backend) -> [rows, valid, invalid]
    groups: dict[tuple[str, str], list[int]] = attrs.Factory(dict[tuple[str, str], list[int]])
    refused: int = 0
    with_credentials: int = 0
    findings: FindingCounts = attrs.Factory(FindingCounts)

    def add(self, other: Tallies) -> None:
        for key, (rows, valid, invalid) in other.groups.items():
            counts = self.groups.setdefault(key, [0, 0, 0])
            counts[0] += rows
            counts[1] += valid
            counts[2] += invalid
        self.refused += other.refused
        self.with_credentials += other.with_credentials
        self.findings.merge(other.findings)

    def summary(self, duplicates: int) -> AuditSummary:
        return summary_of(
            self.groups, store_names(), self.refused, self.with_credentials, duplicates,
            self.findings,
        )  # fmt: skip


def summary_of(
    groups: dict[tuple[str, str], list[int]],
    names: dict[str, str],
    refused: int,
    with_credentials: int,
    duplicates: int,
    findings: FindingCounts,
) -> AuditSummary:
    summary = AuditSummary(
        refused=refused, with_credentials=with_credentials, duplicates=duplicates,
        findings=findings,
    )  # fmt: skip
    names = {**names, PLACEHOLDER_GROUP: PLACEHOLDER_STORE}
    for (scheme, backend), (rows, valid, invalid) in groups.items():
        store = names.get(scheme.lower(), UNKNOWN_STORE)
        for tally in (
            summary.by_store.setdefault(store, Tally()),
            summary.by_backend.setdefault(backend, Tally()),
        ):
            tally.rows += rows
            tally.valid += valid
            tally.invalid += invalid
        summary.rows += rows
        if scheme == PLACEHOLDER_GROUP:
            summary.placeholders += rows
        summary.valid += valid
        summary.invalid += invalid
    return summary
