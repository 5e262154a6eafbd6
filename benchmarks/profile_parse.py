#!/usr/bin/env python3
"""Profile ``from_uri`` of one store on the benchmark corpus: the top functions (cProfile).

``PYTHONPATH=src python benchmarks/profile_parse.py swift --count 50000`` parses the
store's share of a corpus of ``--count`` URIs (bench.py's, same seed) after a warm-up,
and prints the ``--top`` functions by their own time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import MIX, build_corpus

from glance_locations.stores import BUILTIN_STORES


def main(argv: Sequence[str] | None = None) -> int:
    """Profile one store's ``from_uri``; print the top functions."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("store", choices=list(MIX))
    parser.add_argument("--count", type=int, default=50_000, help="corpus size (all stores)")
    parser.add_argument("--seed", type=int, default=20240607, help="corpus seed")
    parser.add_argument("--top", type=int, default=10, help="functions shown")
    args = parser.parse_args(argv)
    cls = BUILTIN_STORES[args.store]
    uris = [uri for store, uri in build_corpus(args.count, args.seed) if store == args.store]
    warm = [uri for store, uri in build_corpus(2000, args.seed + 1) if store == args.store]
    for uri in warm:
        cls.from_uri(uri)
    profile = cProfile.Profile()
    profile.enable()
    for uri in uris:
        cls.from_uri(uri)
    profile.disable()
    print(f"{args.store}: {len(uris)} URIs")
    pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
