"""The differential run: every corpus URI and specs dict through both libraries."""

from __future__ import annotations

import ast

import pytest

from glance_locations import BadStoreUri
from tests.conformance import doc, ours, reference
from tests.conformance.compare import TALLIES, Tally, Verdict, classify
from tests.conformance.corpus import corpus, specs_corpus
from tests.conformance.divergences import RULES
from tests.conformance.model import Case
from tests.conformance.stores import STORES

#: Failures shown in an assertion message (the count is always given).
_SHOWN = 25


def _case(store: str, uri: str) -> Case:
    spec = STORES[store]
    return Case(store, uri, ours.parse(spec, uri), reference.parse(spec, uri))


def _specs_case(store: str, specs: dict[str, object]) -> Case:
    spec = STORES[store]
    theirs = reference.parse_specs(spec, specs)
    return Case(store, "", ours.parse_specs(spec, specs), theirs, specs=specs)


def _describe(case: Case) -> str:
    text = repr(case.specs) if case.specs is not None else repr(case.uri)
    text = text if len(text) < 300 else text[:300] + "..."
    return f"{text}\n    ours:   {case.ours}\n    theirs: {case.theirs}"


def _check(tally: Tally, store: str, source: str) -> None:
    shown = "\n".join(_describe(case) for case in tally.failures[:_SHOWN])
    assert not tally.failures, f"{len(tally.failures)} unexplained differences:\n{shown}"
    unused = [
        r.id
        for r in RULES.values()
        if store in r.stores and r.source in (source, "any") and not tally.allowed[r.id]
    ]
    assert not unused, f"rules never exercised by the {store} {source} corpus: {unused}"


@pytest.mark.parametrize("store", list(STORES))
def test_uri_corpus(store: str) -> None:
    """Each URI agrees, or its disagreement matches a documented rule; every rule is used."""
    tally = TALLIES[store, "uri"] = Tally()
    for uri in corpus(store):
        tally.add(_case(store, uri))
    _check(tally, store, "uri")
    assert tally.equal > tally.compared // 10, "too few agreements: is the corpus realistic?"


@pytest.mark.parametrize("store", list(STORES))
def test_specs_corpus(store: str) -> None:
    """The same for store_specs dicts: ``from_specs`` against ``process_specs``."""
    spec = STORES[store]

    def to_specs(uri: str) -> dict[str, object] | None:
        try:
            return spec.location_class.from_uri(uri, conf=spec.conf).to_specs()
        except BadStoreUri:
            return None

    tally = TALLIES[store, "specs"] = Tally()
    for specs in specs_corpus(store, to_specs):
        tally.add(_specs_case(store, specs))
    _check(tally, store, "specs")


@pytest.mark.parametrize("entry", doc.entries(), ids=lambda e: e.rule_id)
def test_documented_example(entry: doc.Entry) -> None:
    """The example of each entry in docs/divergences.md is a case of that very rule."""
    if entry.example.startswith("{"):
        case = _specs_case(entry.store, ast.literal_eval(entry.example))
    else:
        case = _case(entry.store, entry.example)
    assert classify(case) == (Verdict.ALLOWED, entry.rule_id), _describe(case)
