"""The differential run: every corpus URI through both libraries, classified."""

from __future__ import annotations

import pytest

from tests.conformance import doc, ours, reference
from tests.conformance.compare import TALLIES, Tally, Verdict, classify
from tests.conformance.corpus import corpus
from tests.conformance.divergences import RULES
from tests.conformance.model import Case
from tests.conformance.stores import STORES

#: Failures shown in an assertion message (the count is always given).
_SHOWN = 25


def _case(store: str, uri: str) -> Case:
    spec = STORES[store]
    return Case(store, uri, ours.parse(spec, uri), reference.parse(spec, uri))


def _describe(case: Case) -> str:
    uri = case.uri if len(case.uri) < 200 else case.uri[:200] + "..."
    return f"{uri!r}\n    ours:   {case.ours}\n    theirs: {case.theirs}"


@pytest.mark.parametrize("store", list(STORES))
def test_corpus(store: str) -> None:
    """Each URI agrees, or its disagreement matches a documented rule; every rule is used."""
    tally = TALLIES[store] = Tally()
    for uri in corpus(store):
        tally.add(_case(store, uri))
    shown = "\n".join(_describe(case) for case in tally.failures[:_SHOWN])
    assert not tally.failures, f"{len(tally.failures)} unexplained differences:\n{shown}"
    unused = [r.id for r in RULES.values() if store in r.stores and not tally.allowed[r.id]]
    assert not unused, f"rules never exercised by the {store} corpus: {unused}"
    assert tally.equal > tally.compared // 10, "too few agreements: is the corpus realistic?"


@pytest.mark.parametrize("entry", doc.entries(), ids=lambda e: e.rule_id)
def test_documented_example(entry: doc.Entry) -> None:
    """The example URI of each entry in docs/divergences.md is a case of that very rule."""
    case = _case(entry.store, entry.example)
    assert classify(case) == (Verdict.ALLOWED, entry.rule_id), _describe(case)
