"""What ``db audit`` finds beyond valid and invalid: backend and lifecycle findings.

A finding is a fact about a row (or, for ``no-location``, an image) an operator may act
on; it is not an invalid location. :func:`backend_findings` is the per-row check against
Glance's backends (a :class:`~glance_locations.backends.BackendMap`), pure; the lifecycle
findings come from :mod:`glance_locations.db._lifecycle`. Each finding is counted by
backend (the row's ``meta_data.store``, ``""`` for none) in :class:`FindingCounts`.
"""

from __future__ import annotations

import attrs

from glance_locations.backends import BackendMap, RbdBackend
from glance_locations.base import StoreLocation
from glance_locations.stores import RbdStoreLocation

__all__ = [
    "BACKEND_FINDINGS",
    "LIFECYCLE_FINDINGS",
    "Finding",
    "FindingCounts",
    "backend_findings",
]

#: The backend findings, in the order a row reports them.
BACKEND_FINDINGS = (
    "backend-missing",
    "backend-unknown",
    "backend-mismatch",
    "unmatched",
    "ambiguous",
    "prefix-divergence",
    "rbd-foreign-cluster",
)
#: The lifecycle findings (no configuration needed).
LIFECYCLE_FINDINGS = (
    "placeholder",
    "stale-placeholder",
    "orphan",
    "no-location",
    "awaiting-scrubber",
)


@attrs.frozen(kw_only=True)
class Finding:
    """One line of the report: a finding about a row (``id``) or an image (``id`` None)."""

    id: int | None
    image_id: str
    finding: str
    backend: str
    reason: str
    uri: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "type": "finding",
            "id": self.id,
            "image_id": self.image_id,
            "finding": self.finding,
            "backend": self.backend,
            "reason": self.reason,
            "uri": self.uri,
        }


@attrs.define
class FindingCounts:
    """Rows (images, for ``no-location``) per finding, per backend."""

    counts: dict[str, dict[str, int]] = attrs.Factory(dict[str, dict[str, int]])

    def add(self, finding: str, backend: str) -> None:
        by_backend = self.counts.setdefault(finding, {})
        by_backend[backend] = by_backend.get(backend, 0) + 1

    def merge(self, other: FindingCounts) -> None:
        """Add ``other``'s counts to these."""
        for name, by_backend in other.counts.items():
            mine = self.counts.setdefault(name, {})
            for backend, count in by_backend.items():
                mine[backend] = mine.get(backend, 0) + count

    def total(self, findings: tuple[str, ...]) -> int:
        return sum(sum(self.counts.get(name, {}).values()) for name in findings)

    def to_json(self) -> dict[str, dict[str, int]]:
        return {
            name: dict(sorted(self.counts[name].items()))
            for name in (*LIFECYCLE_FINDINGS, *BACKEND_FINDINGS)
            if name in self.counts
        }


def _foreign_cluster(location: StoreLocation, backends: BackendMap) -> bool:
    """An rbd location whose fsid is no configured cluster's (when every rbd backend's
    fsid is known: an unknown one could be that cluster)."""
    if not isinstance(location, RbdStoreLocation) or location.fsid is None:
        return False
    fsids: set[str] = set()
    for backend in backends.backends.values():
        if isinstance(backend, RbdBackend):
            if backend.fsid is None:
                return False
            fsids.add(backend.fsid)
    return location.fsid.lower() not in fsids


def backend_findings(
    location: StoreLocation, value: str, store: str, backends: BackendMap
) -> list[tuple[str, str]]:
    """``(finding, reason)`` pairs of a valid row: its parsed ``location``, stored
    ``value`` and ``meta_data.store`` (``""`` for none), against Glance's ``backends``.

    - ``backend-missing``: no ``meta_data.store``;
    - ``backend-unknown``: it names no enabled backend;
    - ``backend-mismatch``: it names another backend than the one holding the location;
    - ``unmatched`` / ``ambiguous``: no backend, or several, hold the location
      (:meth:`BackendMap.assign`);
    - ``prefix-divergence``: Glance's prefix rule (:meth:`BackendMap.glance_prefix_match`)
      would record another backend, or none, than the one holding it (or one when none
      holds it);
    - ``rbd-foreign-cluster``: an rbd location on a cluster no backend is configured for.
    """
    found: list[tuple[str, str]] = []
    assignment = backends.assign(location)
    holder = assignment.backend
    if not store:
        holds = f"; it belongs to {holder!r}" if holder is not None else ""
        found.append(("backend-missing", f"meta_data has no store{holds}"))
    elif store not in backends.backends:
        found.append(("backend-unknown", f"meta_data.store {store!r} is no enabled backend"))
    elif holder is not None and store != holder:
        found.append(
            (
                "backend-mismatch",
                f"meta_data.store is {store!r}, the location belongs to {holder!r}"
                f" ({assignment.reason})",
            )
        )
    if assignment.status == "unmatched":
        found.append(("unmatched", f"no backend holds it ({assignment.reason})"))
    elif assignment.status == "ambiguous":
        names = ", ".join(repr(name) for name in assignment.candidates)
        found.append(
            ("ambiguous", f"several backends could hold it: {names} ({assignment.reason})")
        )
    if assignment.status != "ambiguous":
        picked = backends.glance_prefix_match(value)
        if picked != holder:
            glance = repr(picked) if picked is not None else "no backend"
            ours = repr(holder) if holder is not None else "none holds it"
            found.append(
                (
                    "prefix-divergence",
                    f"Glance's prefix rule records {glance}; by structure {ours}",
                )
            )
    if _foreign_cluster(location, backends):
        found.append(("rbd-foreign-cluster", "its cluster fsid is no configured rbd backend's"))
    return found
