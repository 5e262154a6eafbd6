"""Classify each case (agreement, allowed divergence, failure) and keep the tallies."""

from __future__ import annotations

import collections
import enum

import attrs

from tests.conformance.divergences import find_rule
from tests.conformance.model import Accepted, Case, Rejected


class Verdict(enum.Enum):
    """How one case ended."""

    EQUAL = "both accept, every field and get_uri() equal"
    BOTH_REJECT = "both reject"
    ALLOWED = "allowed divergence"
    FAILURE = "failure"


def classify(case: Case) -> tuple[Verdict, str | None]:
    """Return the verdict of ``case`` and, for an allowed divergence, the rule id.

    Our side raising anything but ``BadStoreUri`` (``BadStoreSpecs`` for specs), or a
    location that does not round-trip, is a failure whatever glance_store did.
    """
    ours, theirs = case.ours, case.theirs
    if isinstance(ours, Rejected) and ours.error != case.legit_error:
        return Verdict.FAILURE, None
    if isinstance(ours, Rejected) and isinstance(theirs, Rejected):
        return Verdict.BOTH_REJECT, None
    if isinstance(ours, Accepted) and isinstance(theirs, Accepted) and not case.differing_fields():
        return Verdict.EQUAL, None
    found = find_rule(case)
    if found is None:
        return Verdict.FAILURE, None
    return Verdict.ALLOWED, found.id


@attrs.define
class Tally:
    """Counts for one store."""

    compared: int = 0
    equal: int = 0
    both_reject: int = 0
    allowed: collections.Counter[str] = attrs.field(factory=collections.Counter[str])
    failures: list[Case] = attrs.field(factory=list[Case])

    @property
    def agreements(self) -> int:
        return self.equal + self.both_reject

    def add(self, case: Case) -> None:
        verdict, rule_id = classify(case)
        self.compared += 1
        if verdict is Verdict.EQUAL:
            self.equal += 1
        elif verdict is Verdict.BOTH_REJECT:
            self.both_reject += 1
        elif verdict is Verdict.ALLOWED:
            assert rule_id is not None
            self.allowed[rule_id] += 1
        else:
            self.failures.append(case)

    def line(self, key: tuple[str, str]) -> str:
        store, source = key
        rules = ", ".join(f"{rule} {n}" for rule, n in sorted(self.allowed.items()))
        what = "URIs" if source == "uri" else "specs dicts"
        return (
            f"{store} ({source}): {self.compared} {what} compared, {self.agreements} agreements "
            f"({self.equal} equal, {self.both_reject} both reject), "
            f"{self.allowed.total()} allowed divergences ({rules or 'none'}), "
            f"{len(self.failures)} failures"
        )


#: Tallies of this run, by (store, "uri" or "specs"), filled by the tests and printed at
#: the end of the session.
TALLIES: dict[tuple[str, str], Tally] = {}


def summary_lines() -> list[str]:
    """One line per store and source, then the summary line."""
    lines = [tally.line(key) for key, tally in TALLIES.items()]
    per_rule: collections.Counter[str] = collections.Counter()
    for tally in TALLIES.values():
        per_rule.update(tally.allowed)

    def compared(source: str) -> str:
        tallies = {store: t for (store, src), t in TALLIES.items() if src == source}
        each = ", ".join(f"{store} {t.compared}" for store, t in tallies.items())
        return f"{sum(t.compared for t in tallies.values())} ({each or 'none'})"

    rules = ", ".join(f"{rule} {n}" for rule, n in sorted(per_rule.items()))
    lines.append(
        f"conformance summary: URIs compared {compared('uri')}; "
        f"specs dicts compared {compared('specs')}; "
        f"agreements {sum(t.agreements for t in TALLIES.values())}; "
        f"allowed divergences {per_rule.total()} ({rules or 'none'}); "
        f"failures {sum(len(t.failures) for t in TALLIES.values())}"
    )
    return lines
