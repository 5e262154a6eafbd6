#!/usr/bin/env python3
"""What the field rules cost: each store's parse + render and specs + render, with its
rules and without them, against glance_store, in one process on the same data.

For each store of the benchmark corpus (``bench.build_corpus``) and the mixed corpus,
three loops over the same items:

- *ours*: ``cls.from_uri(uri).get_uri()`` (and ``cls.from_specs(specs).get_uri()``);
- *no field rules*: the same, with every store class's ``FIELD_RULES`` emptied for the
  loop (the cross-field rules still run): the floor of this design, what parsing,
  attrs' ``__init__``, the specs converter and rendering cost before a field is checked;
- *glance_store*: ``StoreLocation({}, None).parse_uri(uri)`` + ``get_uri()`` (and
  ``StoreLocation(specs, None).get_uri()``), which checks nothing.

The loops run once per round, back to back in a rotating order, ``--rounds`` times; each
row gives µs per item (median run) and the ratios to glance_store (median of each round's
own ratio). vSphere specs are left out (their keys are not its fields), as bench.py does.

    python benchmarks/rules_floor.py [--count N] [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench

from glance_locations.stores import BUILTIN_STORES


@contextmanager
def _no_field_rules() -> Iterator[None]:
    """Every built-in store class without its field rules, for the time of a loop."""
    saved = {cls: cls.FIELD_RULES for cls in BUILTIN_STORES.values()}
    try:
        for cls in saved:
            cls.FIELD_RULES = ()
        yield
    finally:
        for cls, rules in saved.items():
            cls.FIELD_RULES = rules


def _without_rules(loop: Callable[[Any], None]) -> Callable[[Any], None]:
    def run(items: Any) -> None:
        with _no_field_rules():
            loop(items)

    return run


def _row(name: str, times: dict[str, list[float]]) -> str:
    ours, floor, ref = times["ours"], times["floor"], times["ref"]
    return (
        f"| {name} | {statistics.median(ours) / 1000:.2f} | {statistics.median(floor) / 1000:.2f}"
        f" | {statistics.median(ref) / 1000:.2f} | {bench.paired_ratio(ours, ref):.2f}"
        f" | {bench.paired_ratio(floor, ref):.2f} |"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--count", type=int, default=20_000, help="corpus size")
    parser.add_argument("--rounds", type=int, default=11, help="interleaved runs")
    parser.add_argument("--seed", type=int, default=20240607, help="corpus seed")
    args = parser.parse_args(argv)
    reference = bench.load_reference()
    corpus = bench.build_corpus(args.count, args.seed)
    warm = bench.build_corpus(max(args.count // 10, 100), args.seed + 1)

    def parse_items(pairs: Sequence[tuple[str, str]], which: str) -> list[tuple[Any, str]]:
        classes = BUILTIN_STORES if which == "ours" else reference
        return [(classes[store], uri) for store, uri in pairs]

    header = "| store | ours µs | no field rules µs | glance_store µs | ours / gs | floor / gs |"
    print("parse + render\n\n" + header + "\n|---|---:|---:|---:|---:|---:|")
    for store in [*bench.MIX, None]:
        pairs = [pair for pair in corpus if store is None or pair[0] == store]
        warm_pairs = [pair for pair in warm if store is None or pair[0] == store]
        contenders: bench.Contenders = {
            "ours": (
                bench.ours_parse_render,
                parse_items(pairs, "ours"),
                parse_items(warm_pairs, "ours"),
            ),
            "floor": (
                _without_rules(bench.ours_parse_render),
                parse_items(pairs, "ours"),
                parse_items(warm_pairs, "ours"),
            ),
            "ref": (
                bench.ref_parse_render,
                parse_items(pairs, "ref"),
                parse_items(warm_pairs, "ref"),
            ),
        }
        print(_row(store or "mixed", bench.interleaved(contenders, args.rounds)), flush=True)

    ours_specs, ref_specs, _ = bench.specs_items(corpus, reference)
    warm_ours, warm_ref, _ = bench.specs_items(warm, reference)
    print("\nspecs + render\n\n" + header + "\n|---|---:|---:|---:|---:|---:|")
    for store in [*(s for s in bench.MIX if ours_specs.get(s)), None]:
        stores = [s for s in bench.MIX if ours_specs.get(s)] if store is None else [store]
        mine = [item for s in stores for item in ours_specs[s]]
        theirs = [item for s in stores for item in ref_specs[s]]
        warm_mine = [item for s in stores for item in warm_ours[s]]
        warm_theirs = [item for s in stores for item in warm_ref[s]]
        contenders = {
            "ours": (bench.ours_specs, mine, warm_mine),
            "floor": (_without_rules(bench.ours_specs), mine, warm_mine),
            "ref": (bench.ref_specs, theirs, warm_theirs),
        }
        print(_row(store or "mixed", bench.interleaved(contenders, args.rounds)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
