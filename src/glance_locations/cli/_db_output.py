"""What the ``db`` commands print: problem lines, tables, plan lines (URIs redacted).

Every line goes through :func:`~glance_locations.cli._output.write_line` (terminal-safe)
or :func:`~glance_locations.cli._output.json_line`; image ids, backend names and URIs
come from the database and may hold anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from glance_locations._redact import redact
from glance_locations.cli._output import json_line, write_line

if TYPE_CHECKING:
    from glance_locations.db._audit import AuditSummary, Problem, Tally
    from glance_locations.db._findings import Finding, FindingCounts
    from glance_locations.db._rewrite import Decision, Outcome

__all__ = ["print_audit_summary", "print_decision", "print_problem", "print_rewrite_summary"]


def print_problem(problem: Problem | Finding, *, as_json: bool) -> None:
    """One line per problem row, or finding, of an audit. Image ids and backend names
    are redacted too: a database any writer filled may hold a URI with a password
    anywhere."""
    from glance_locations.db._findings import Finding  # noqa: PLC0415 (SQLAlchemy-free)

    image, backend = redact(problem.image_id), redact(problem.backend)
    if as_json:
        write_line(json_line({**problem.to_json(), "image_id": image, "backend": backend}))
        return
    if isinstance(problem, Finding):
        _print_finding(problem, image, backend)
        return
    where = problem.store if not backend else f"{problem.store}, backend {backend}"
    why = "; ".join(problem.reasons)
    uri = f" <{problem.uri}>" if problem.uri else ""
    write_line(f"row {problem.id} (image {image}): {problem.status} ({where}): {why}{uri}")


def _print_finding(finding: Finding, image: str, backend: str) -> None:
    """A finding's line; ``image`` and ``backend`` already redacted."""
    where = f" (backend {backend})" if backend else ""
    uri = f" <{finding.uri}>" if finding.uri else ""
    subject = f"row {finding.id} (image {image})" if finding.id is not None else f"image {image}"
    write_line(f"{subject}: {finding.finding}{where}: {finding.reason}{uri}")


def _findings_table(findings: FindingCounts) -> list[str]:
    """One line per finding and backend (``(none)``: no ``meta_data.store``)."""
    counted = findings.to_json()
    if not counted:
        return ["findings: none"]
    rows = [("finding", "backend", "rows")]
    for name, by_backend in counted.items():
        rows += [(name, backend or "(none)", str(n)) for backend, n in by_backend.items()]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return [
        f"{row[0].ljust(widths[0])}  {row[1].ljust(widths[1])}  {row[2].rjust(widths[2])}"
        for row in rows
    ]


def _table(title: str, tallies: dict[str, Tally], *, none: str = "") -> list[str]:
    rows: list[tuple[str, ...]] = [(title, "rows", "valid", "invalid")]
    total = [0, 0, 0]
    for name, tally in sorted(tallies.items()):
        rows.append((redact(name) or none, str(tally.rows), str(tally.valid), str(tally.invalid)))
        total = [total[0] + tally.rows, total[1] + tally.valid, total[2] + tally.invalid]
    rows.append(("total", *map(str, total)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return [
        "  ".join(
            [
                row[0].ljust(widths[0]),
                *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)),
            ]
        )
        for row in rows
    ]


def print_audit_summary(summary: AuditSummary, *, as_json: bool) -> None:
    if as_json:
        record = summary.to_json()
        inner = cast("dict[str, object]", record["summary"])
        by_backend = cast("dict[str, object]", inner["by_backend"])
        inner["by_backend"] = {redact(name): tally for name, tally in by_backend.items()}
        write_line(json_line(record))
        return
    lines = [
        *_table("store", summary.by_store),
        "",
        *_table("backend", summary.by_backend, none="(none)"),
        "",
        f"rows with credentials in the URI: {summary.with_credentials}",
        f"duplicate rows (same location as another row): {summary.duplicates}",
        f"placeholder rows of parallel imports (not invalid): {summary.placeholders}",
        "",
        *_findings_table(summary.findings),
    ]
    for line in lines:
        write_line(line)


def print_decision(decision: Decision, *, as_json: bool) -> None:
    """One line for a row that changes, or is invalid, refused or skipped (URIs redacted)."""
    from glance_locations.db._rows import redacted_value  # noqa: PLC0415 (SQLAlchemy)

    before = None if decision.before is None else redacted_value(decision.before)
    image = redact(decision.image_id)
    if decision.status == "changed":
        after = redacted_value(decision.after or "")
        stores = _stores(decision)
        if as_json:
            record: dict[str, object] = {
                "type": "change",
                "id": decision.id,
                "image_id": image,
                "before": before,
                "after": after,
                "rule": decision.rule,
            }
            if stores is not None:
                record["store_before"], record["store_after"] = stores
            if decision.deletes:
                record["marks_deleted"] = True
            write_line(json_line(record))
        else:
            change = f"{before} -> {after}" if after != before else f"{before}"
            if decision.deletes:
                change += " -> marked deleted"
            if stores is not None:
                old, new = (repr(store) if store else "(none)" for store in stores)
                change += f", meta_data.store {old} -> {new}"
            write_line(f"row {decision.id} (image {image}): {change} [{decision.rule}]")
        return
    if as_json:
        record = {
            "type": "problem",
            "id": decision.id,
            "image_id": image,
            "status": decision.status,
            "rule": decision.rule,
            "reason": decision.reason,
            "uri": before,
        }
        write_line(json_line(record))
        return
    rule = f" [{decision.rule}]" if decision.rule else ""
    uri = "" if before is None else f" <{before}>"
    write_line(
        f"row {decision.id} (image {image}): {decision.status}{rule}: {decision.reason}{uri}"
    )


def _stores(decision: Decision) -> tuple[str, str] | None:
    """``meta_data.store`` before and after a change (``""`` for none, redacted as every
    backend name is), when it changes."""
    from glance_locations.db._rows import parse_meta_data  # noqa: PLC0415 (SQLAlchemy)

    found: list[str] = []
    for text in (decision.meta_before, decision.meta_after):
        store = (parse_meta_data(text) or {}).get("store")
        found.append(redact(store) if isinstance(store, str) else "")
    return None if found[0] == found[1] else (found[0], found[1])


def print_rewrite_summary(
    outcome: Outcome, *, apply: bool, journal: str | None, as_json: bool
) -> None:
    counts = outcome.counts
    if as_json:
        summary = {**counts, "written": outcome.written, "journal": journal}
        write_line(json_line({"summary": summary}))
        return
    skipped = f", {counts['skipped']} skipped" if counts["skipped"] else ""
    write_line(
        f"{counts['rows']} rows: {counts['changed']} to change, {counts['unchanged']} "
        f"unchanged, {counts['invalid']} invalid, {counts['refused']} refused{skipped}"
    )
    if not apply:
        write_line("dry run: nothing written (--apply writes the changes)")
    elif journal is None:
        write_line("nothing to write")
    else:
        write_line(f"{outcome.written} rows written; journal: {journal}")
