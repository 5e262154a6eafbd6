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
from glance_locations._reasons import reason
from glance_locations.backends import PLACEHOLDER_PREFIX, BackendMap, is_placeholder
from glance_locations.base import StoreLocation
from glance_locations.config import StoreConfig
from glance_locations.db._audit_counts import (
    PLACEHOLDER_GROUP,
    UNKNOWN_STORE,
    AuditSummary,
    Problem,
    Tallies,
    Tally,
    store_names,
)
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
from glance_locations.exceptions import GlanceStoreException
from glance_locations.policy import LocationPolicy
from glance_locations.registry import default_registry
from glance_locations.rewrite import identity
from glance_locations.stores import BUILTIN_STORES

__all__ = [
    "UNKNOWN_STORE",
    "AuditSummary",
    "Duplicates",
    "Parser",
    "Problem",
    "Settings",
    "Tallies",
    "Tally",
    "audit",
    "check_rows",
    "digest",
    "duplicate_problem",
]

_BUILTIN = frozenset(BUILTIN_STORES.values())
DIGEST_SIZE = 16


#: How many distinct ``meta_data`` texts an audit remembers the backend of (they are few:
#: ``{}`` and one ``{"store": ...}`` per backend, in a Glance database).
META_CACHE = 10_000


def digest(location: StoreLocation) -> bytes:
    """The fixed-size digest of a location's identity (what duplicates are found by)."""
    text = repr(identity(location)).encode()  # identities are tuples of str, int, None
    return hashlib.blake2b(text, digest_size=DIGEST_SIZE).digest()


class Duplicates:
    """The rows whose identity another row shares: one digest per row, and the count."""

    def __init__(self) -> None:
        # digest -> id of the first row with it; negated (minus one) once it is counted
        self._seen: dict[bytes, int] = {}
        self.count = 0

    def first(self, location: StoreLocation, row_id: int) -> int | None:
        """The id of the first row with the identity of ``location``, if not this row."""
        return self.first_of_digest(digest(location), row_id)

    def first_of_digest(self, digest: bytes, row_id: int) -> int | None:
        """The id of the first row with ``digest`` (rows come in id order), if not this."""
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
                groups.setdefault((PLACEHOLDER_GROUP, store), [0, 0, 0])[0] += 1
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


@attrs.frozen(kw_only=True)
class Settings:
    """What an audit is asked to do: the same in every worker of ``--jobs``."""

    conf: StoreConfig | None
    policy: LocationPolicy
    include_deleted: bool
    lock_timeout: float = LOCK_TIMEOUT
    backends: BackendMap | None = None


#: Given a valid row's location and ``(id, image_id, value, scheme, backend)``: the id of
#: the first row of its identity when it is a duplicate (reported here), else ``None``.
FirstOf = Callable[[StoreLocation, tuple[int, str, str, str, str]], "int | None"]


class Parser:
    """Each value parsed as the audit parses it: by its scheme's class, or the registry."""

    def __init__(self, conf: StoreConfig | None) -> None:
        self._conf = conf
        self._classes = {s: info.location_class for s, info in default_registry.schemes.items()}
        self._locate = default_registry.get_location_from_uri

    def builtin(self, scheme: str) -> bool:
        """Whether the scheme's class is a built-in one (credentials only in ``@``, ``?``)."""
        return self._class(scheme) in _BUILTIN

    def _class(self, scheme: str) -> type[StoreLocation] | None:
        return self._classes.get(scheme) or self._classes.get(scheme.lower())

    def parse(self, value: str, scheme: str) -> StoreLocation:
        """:raises GlanceStoreException: the value is not a valid location."""
        cls = self._class(scheme)
        if cls is None:
            return self._locate(value, self._conf).store_location
        return cls.from_uri(value, conf=self._conf)


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

    The rows are read in one read-only transaction, and each goes through
    :func:`check_rows`. With ``backends``, every valid row also gets its backend findings
    (:func:`~glance_locations.db._findings.backend_findings`), counted in the summary's
    ``findings`` and given to ``report_finding``.

    :raises DatabaseError: the database cannot be read.
    """
    settings = Settings(
        conf=conf, policy=policy, include_deleted=include_deleted, lock_timeout=lock_timeout,
        backends=backends,
    )  # fmt: skip
    names = store_names()
    duplicates = Duplicates()

    def first_of(location: StoreLocation, row: tuple[int, str, str, str, str]) -> int | None:
        first = duplicates.first(location, row[0])
        if first is not None:
            report(duplicate_problem(row, first, redacted_location(location), names))
        return first

    rows = audit_rows(url, include_deleted=include_deleted, lock_timeout=lock_timeout)
    tallies = check_rows(
        rows, settings, first_of, report=report, report_finding=report_finding,
        progress=progress,
    )  # fmt: skip
    return tallies.summary(duplicates.count)


def duplicate_problem(
    row: tuple[int, str, str, str, str], first: int, uri: str, names: dict[str, str]
) -> Problem:
    """The problem line of row ``(id, image_id, value, scheme, backend)``, whose location
    (``uri``, redacted) row ``first`` has too."""
    row_id, image_id, _, scheme, backend = row
    return Problem(
        id=row_id, image_id=image_id, store=names.get(scheme.lower(), UNKNOWN_STORE),
        backend=backend, status="duplicate", reasons=(f"the same location as row {first}",),
        uri=uri, duplicate_of=first,
    )  # fmt: skip


def check_rows(
    rows: Iterator[tuple[int, str, str, str | None]],
    settings: Settings,
    first_of: FirstOf,
    *,
    report: Callable[[Problem], None],
    report_finding: Callable[[Finding], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Tallies:
    """Check ``rows`` (in id order): count each, report each problem, and hand each valid
    row to ``first_of`` for duplicates (between its refusal and its findings).

    This loop is the whole cost of an audit of millions of rows besides parsing: rows
    are counted per ``(scheme, backend)`` group and summed per store and per backend at
    the end; each ``meta_data`` text (a handful of distinct ones) is parsed once; the
    permissive default policy is not consulted at all. A parallel import's placeholder
    row is counted (store ``placeholder``) but neither valid nor invalid.
    """
    names = store_names()
    parser = Parser(settings.conf)
    conf, policy, backends = settings.conf, settings.policy, settings.backends
    check_policy = policy != LocationPolicy()
    meta_backend = _MetaBackends().of
    tallies = Tallies()
    groups = tallies.groups

    def problem(
        row: tuple[int, str, str], scheme: str, backend: str, status: str,
        reasons: tuple[str, ...], uri: str,
    ) -> None:  # fmt: skip
        report(
            Problem(
                id=row[0], image_id=row[1], store=names.get(scheme.lower(), UNKNOWN_STORE),
                backend=backend, status=status, reasons=reasons, uri=uri,
            )
        )  # fmt: skip

    for row in _text_rows(rows, groups, report, progress):
        row_id, image_id, value, meta_text = row
        backend, meta_ok = meta_backend(meta_text)
        scheme = scheme_of(value)
        counts = groups.get((scheme, backend))
        if counts is None:
            counts = groups[scheme, backend] = [0, 0, 0]
        counts[0] += 1
        try:
            location = parser.parse(value, scheme)
        except GlanceStoreException as exc:
            counts[2] += 1
            why = reason(exc, value, conf)
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
            "@" in value or "?" in value or not parser.builtin(scheme)
        ) and location.exposure().credentials:
            tallies.with_credentials += 1
        if check_policy:
            violations = policy.violations(location)
            if violations:
                tallies.refused += 1
                uri = redacted_location(location)
                problem(row[:3], scheme, backend, "refused", violations, uri)
        first_of(location, (row_id, image_id, value, scheme, backend))
        if backends is not None:
            _backend_findings(row, location, backend, backends, tallies.findings, report_finding)
    return tallies


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
