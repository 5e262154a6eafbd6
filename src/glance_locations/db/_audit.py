"""What ``glance-locations db audit`` and ``db rewrite`` compute, apart from printing.

The audit streams the rows once. For duplicates it keeps one fixed-size digest per valid
row (blake2b, 16 bytes, of the row's :func:`~glance_locations.rewrite.identity`) with the
id of the first row that had it; nothing else grows with the table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

import attrs

from glance_locations._lex import scheme_of
from glance_locations.backends import PLACEHOLDER_PREFIX, BackendMap, is_placeholder
from glance_locations.base import StoreLocation
from glance_locations.config import StoreConfig
from glance_locations.db._engine import LOCK_TIMEOUT
from glance_locations.db._findings import Finding, FindingCounts, backend_findings
from glance_locations.db._rows import (
    audit_rows,
    parse_meta_data,
    redacted_location,
    redacted_value,
    shown_id,
    text_problem,
)
from glance_locations.exceptions import BadStoreUri, GlanceStoreException, UnknownScheme
from glance_locations.policy import LocationPolicy
from glance_locations.registry import default_registry
from glance_locations.rewrite import identity
from glance_locations.stores import BUILTIN_STORES

__all__ = [
    "UNKNOWN_STORE",
    "AuditSummary",
    "Problem",
    "Tally",
    "audit",
]

UNKNOWN_STORE = "unknown"
#: The store under which a parallel import's placeholder rows are counted.
PLACEHOLDER_STORE = "placeholder"
_PLACEHOLDER_GROUP = PLACEHOLDER_PREFIX  # a group key no scheme can be (it holds "://")
_BUILTIN = frozenset(BUILTIN_STORES.values())
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


SWIFT_CONFIG_HINT = "pass --swift-config FILE, the glance-swift.conf that defines it"


def reason(exc: GlanceStoreException, scheme: str = "", conf: StoreConfig | None = None) -> str:
    """Why a URI was refused, without the URI (the caller shows it redacted); for a
    ``swift+config`` row read without a configuration, what to pass."""
    if isinstance(exc, BadStoreUri):
        if conf is None and scheme.lower() == "swift+config":
            return f"{exc.reason} ({SWIFT_CONFIG_HINT})"
        return exc.reason
    if isinstance(exc, UnknownScheme) and not exc.scheme:
        return "not a URI: no 'scheme://' prefix"
    return str(exc)


#: How many distinct ``meta_data`` texts an audit remembers the backend of (they are few:
#: ``{}`` and one ``{"store": ...}`` per backend, in a Glance database).
META_CACHE = 10_000


class _Duplicates:
    """The rows whose identity another row shares: one digest per row, and the count."""

    def __init__(self) -> None:
        # digest -> id of the first row with it; negated (minus one) once it is counted
        self._seen: dict[bytes, int] = {}
        self.count = 0

    def first(self, location: StoreLocation, row_id: int) -> int | None:
        """The id of the first row with the identity of ``location``, if not this row."""
        text = repr(identity(location)).encode()  # identities are tuples of str, int, None
        digest = hashlib.blake2b(text, digest_size=DIGEST_SIZE).digest()
        first = self._seen.setdefault(digest, row_id)
        if first == row_id:
            return None
        if first >= 0:  # the first row of this identity is counted now
            self.count += 1
            self._seen[digest] = -first - 1
        else:
            first = -first - 1
        self.count += 1
        return first


def _text_rows(
    rows: Iterator[tuple[int, str, str, str | None]],
    groups: dict[tuple[str, str], list[int]],
    report: Callable[[Problem], None],
    progress: Callable[[int], None] | None,
) -> Iterator[tuple[int, str, str, str | None]]:
    """The rows whose value is text; another (a BLOB, bytes that are not UTF-8 on SQLite)
    is counted invalid and reported, named by its id, and the audit goes on. A parallel
    import's placeholder row is counted (under its ``meta_data.store``) and left out. ``progress``
    is told the number of rows read, row by row."""
    for done, row in enumerate(rows, 1):
        if progress is not None:
            progress(done)
        value = row[2]
        why = None if type(value) is str and value.isascii() else text_problem(value, "value")
        if why is None and value.startswith(PLACEHOLDER_PREFIX):
            store = _placeholder_store(row)
            if store is not None:  # counted, neither valid nor invalid
                groups.setdefault((_PLACEHOLDER_GROUP, store), [0, 0, 0])[0] += 1
                continue
        if why is None:
            yield row
            continue
        counts = groups.setdefault((UNKNOWN_STORE, ""), [0, 0, 0])
        counts[0] += 1
        counts[2] += 1
        report(
            Problem(
                id=row[0], image_id=shown_id(row[1]), store=UNKNOWN_STORE, backend="",
                status="invalid", reasons=(why,), uri="",
            )
        )  # fmt: skip


def _meta_backend(meta_text: str | None) -> tuple[str, bool]:
    """The backend a ``meta_data`` text names (``""`` for none), and whether the text is
    a JSON object at all (a row whose text is not counts under ``""``, as invalid)."""
    meta = parse_meta_data(meta_text)
    if meta is None:
        return "", False
    store = meta.get("store")
    return (store if isinstance(store, str) else ""), True


class _MetaBackends:
    """The backend each ``meta_data`` text names, each text parsed once (up to
    :data:`META_CACHE` texts: they are a handful in a Glance database)."""

    def __init__(self) -> None:
        self._known: dict[str | None, tuple[str, bool]] = {}

    def of(self, meta_text: str | None) -> tuple[str, bool]:
        meta = self._known.get(meta_text)
        if meta is None:
            meta = _meta_backend(meta_text)
            if len(self._known) < META_CACHE:
                self._known[meta_text] = meta
        return meta


def audit(
    url: str,
    *,
    conf: StoreConfig | None,
    policy: LocationPolicy,
    include_deleted: bool,
    report: Callable[[Problem], None],
    lock_timeout: float = LOCK_TIMEOUT,
    progress: Callable[[int], None] | None = None,
    backends: BackendMap | None = None,
    report_finding: Callable[[Finding], None] | None = None,
) -> AuditSummary:
    """Audit every row; ``report`` gets each problem as it is found (in id order; a
    duplicate is reported at the second row of an identity, naming the first).

    This loop is the whole cost of an audit of millions of rows besides parsing: rows
    are counted per ``(scheme, backend)`` group and summed per store and per backend at
    the end; each ``meta_data`` text (a handful of distinct ones) is parsed once; the
    permissive default policy is not consulted at all. A parallel import's placeholder
    row is counted (store ``placeholder``) but neither valid nor invalid. With
    ``backends``, every valid row also gets its backend findings
    (:func:`~glance_locations.db._findings.backend_findings`), counted in the summary's
    ``findings`` and given to ``report_finding``.

    :raises DatabaseError: the database cannot be read.
    """
    names = store_names()
    classes = {scheme: info.location_class for scheme, info in default_registry.schemes.items()}
    locate = default_registry.get_location_from_uri
    check_policy = policy != LocationPolicy()
    meta_backend = _MetaBackends().of
    # (scheme as written, backend) -> [rows, valid, invalid]
    groups: dict[tuple[str, str], list[int]] = {}
    duplicates = _Duplicates()
    refused = with_credentials = 0
    findings = FindingCounts()

    def problem(
        row: tuple[int, str, str], scheme: str, backend: str, status: str,
        reasons: tuple[str, ...], uri: str, duplicate_of: int | None = None,
    ) -> None:  # fmt: skip
        report(
            Problem(
                id=row[0], image_id=row[1], store=names.get(scheme.lower(), UNKNOWN_STORE),
                backend=backend, status=status, reasons=reasons, uri=uri,
                duplicate_of=duplicate_of,
            )
        )  # fmt: skip

    for row in _text_rows(
        audit_rows(url, include_deleted=include_deleted, lock_timeout=lock_timeout),
        groups,
        report,
        progress,
    ):
        row_id, _, value, meta_text = row
        backend, meta_ok = meta_backend(meta_text)
        scheme = scheme_of(value)
        counts = groups.get((scheme, backend))
        if counts is None:
            counts = groups[scheme, backend] = [0, 0, 0]
        counts[0] += 1
        cls = classes.get(scheme) or classes.get(scheme.lower())
        try:
            location = (locate(value, conf).store_location if cls is None
                        else cls.from_uri(value, conf=conf))  # fmt: skip
        except GlanceStoreException as exc:
            counts[2] += 1
            why = reason(exc, scheme, conf)
            problem(row[:3], scheme, backend, "invalid", (why,), redacted_value(value))
            continue
        if not meta_ok:
            counts[2] += 1
            reasons = ("meta_data: not a JSON object",)
            problem(row[:3], scheme, backend, "invalid", reasons, redacted_location(location))
            continue
        counts[1] += 1
        # A built-in location holds credentials only in a userinfo or a query: without
        # "@" and "?" its description need not be built (the audit's hottest lines).
        if (
            cls not in _BUILTIN or "@" in value or "?" in value
        ) and location.exposure().credentials:
            with_credentials += 1
        if check_policy:
            violations = policy.violations(location)
            if violations:
                refused += 1
                uri = redacted_location(location)
                problem(row[:3], scheme, backend, "refused", violations, uri)
        first = duplicates.first(location, row_id)
        if first is not None:
            reasons = (f"the same location as row {first}",)
            uri = redacted_location(location)
            problem(row[:3], scheme, backend, "duplicate", reasons, uri, first)
        if backends is not None:
            _backend_findings(row, location, backend, backends, findings, report_finding)
    return _summary(groups, names, refused, with_credentials, duplicates.count, findings)


def _backend_findings(
    row: tuple[int, str, str, str | None],
    location: StoreLocation,
    backend: str,
    backends: BackendMap,
    findings: FindingCounts,
    report: Callable[[Finding], None] | None,
) -> None:
    """Count (and report) the backend findings of a valid row."""
    for name, why in backend_findings(location, row[2], backend, backends):
        findings.add(name, backend)
        if report is not None:
            report(
                Finding(
                    id=row[0], image_id=row[1], finding=name, backend=backend, reason=why,
                    uri=redacted_location(location),
                )
            )  # fmt: skip


def _placeholder_store(row: tuple[int, str, str, str | None]) -> str | None:
    """The ``meta_data.store`` of a parallel import's placeholder row (exactly as Glance
    writes it), or ``None`` when the row is not one."""
    meta = parse_meta_data(row[3])
    if meta is None or not is_placeholder(row[2], meta, image_id=row[1]):
        return None
    store = meta.get("store")
    return store if isinstance(store, str) else ""


def _summary(
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
    names = {**names, _PLACEHOLDER_GROUP: PLACEHOLDER_STORE}
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
        if scheme == _PLACEHOLDER_GROUP:
            summary.placeholders += rows
        summary.valid += valid
        summary.invalid += invalid
    return summary
