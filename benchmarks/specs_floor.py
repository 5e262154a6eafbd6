"""How far specs + render can go under the design: the floor of building a location.

For each store of the benchmark corpus (``bench.specs_items``), three loops over the same
specs dicts, in one process:

- *floor*: ``object.__new__(cls)``, an ``__init__`` generated here that only sets each
  slot (no check, no default converted, no ``from_specs`` dispatch), then ``render``:
  what any frozen slotted attrs class with these fields pays before validating anything;
- *ours*: ``cls.from_specs(specs).get_uri()``;
- *glance_store*: ``cls(specs, None).get_uri()``.

The three run once per round, back to back in a rotating order, ``--rounds`` times. Each
is reported in µs per dict (the median run) and as a ratio to glance_store (the median of
each round's own ratio); the last line is the mixed corpus (dicts weighted as the corpus
has them: a round's loops over every store summed). vSphere is left out: its specs keys
are not its fields.

    python benchmarks/specs_floor.py [--count N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import timeit
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench

from glance_locations.base import StoreLocation


def _setter_only_init(cls: type[StoreLocation]) -> Callable[..., None]:
    """An ``__init__`` with ``cls``'s parameters that sets each slot and nothing else."""
    namespace: dict[str, object] = {}
    parameters: list[str] = []
    body: list[str] = []
    for index, field in enumerate(attrs.fields(cls)):
        owner = next(klass for klass in cls.__mro__ if field.name in vars(klass))
        namespace[f"_set{index}"] = vars(owner)[field.name].__set__
        if field.default is attrs.NOTHING:
            parameters.append(field.alias)
        else:
            namespace[f"_default{index}"] = field.default
            parameters.append(f"{field.alias}=_default{index}")
        body.append(f"    _set{index}(self, {field.alias})")
    source = f"def init(self, *, {', '.join(parameters)}):\n" + "\n".join(body)
    exec(compile(source, f"<setter-only init {cls.__name__}>", "exec"), namespace)  # noqa: S102 (our own text)
    init: Callable[..., None] = namespace["init"]  # type: ignore[assignment]  # the def above
    return init


def _rounds(
    statements: Mapping[str, str], names: Mapping[str, object], rounds: int
) -> dict[str, list[float]]:
    """Each statement (one loop over the dicts) run once per round, in a rotating order:
    seconds of each run (so the runs of a round, back to back, can be compared)."""
    timers = {key: timeit.Timer(text, globals=dict(names)) for key, text in statements.items()}
    for timer in timers.values():
        timer.timeit(number=1)  # warm up
    times: dict[str, list[float]] = {key: [] for key in statements}
    keys = list(statements)
    for index in range(rounds):
        shift = index % len(keys)
        for key in keys[shift:] + keys[:shift]:
            times[key].append(timers[key].timeit(number=1))
    return times


def _ratio(mine: Sequence[float], theirs: Sequence[float]) -> float:
    """The median of each round's own ratio (as bench.paired_ratio)."""
    return statistics.median(a / b for a, b in zip(mine, theirs, strict=True))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n\n")[0])
    parser.add_argument("--count", type=int, default=20000, help="corpus size (all stores)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed")
    parser.add_argument("--rounds", type=int, default=15, help="interleaved runs per store")
    args = parser.parse_args(argv)
    reference = bench.load_reference()
    ours, _, _ = bench.specs_items(bench.build_corpus(args.count, args.seed), reference)
    totals: dict[str, list[float]] = {"floor": [], "ours": [], "glance_store": []}
    print("| store | fields | floor | ours | glance_store | floor / gs | ours / gs |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for store, items in ours.items():
        if not items or store == "vmware":
            continue
        cls: Any = items[0][0]  # a store class: its hooks are called by name below
        specs = [cls.normalize_specs(item, conf=None) for _, item in items]
        names = {
            "cls": cls,
            "specs": specs,
            "init": _setter_only_init(cls),
            "new": object.__new__,
            "render": cls.render,
            "ref": reference[store],
        }
        count = len(specs)
        times = _rounds(
            {
                "floor": "for s in specs:\n    o = new(cls)\n    init(o, **s)\n"
                "    render(o, redact=False)",
                "ours": "for s in specs: cls.from_specs(s).get_uri()",
                "glance_store": "for s in specs: ref(s, None).get_uri()",
            },
            names,
            args.rounds,
        )
        for key, runs in times.items():
            totals[key] = [
                total + run
                for total, run in zip(totals[key] or [0.0] * len(runs), runs, strict=True)
            ]
        floor, full, theirs = (statistics.median(times[key]) / count * 1e6 for key in times)
        print(
            f"| {store} | {len(attrs.fields(cls))} | {floor:.2f} µs | {full:.2f} µs "
            f"| {theirs:.2f} µs | {_ratio(times['floor'], times['glance_store']):.2f} "
            f"| {_ratio(times['ours'], times['glance_store']):.2f} |"
        )
    ref_total = totals["glance_store"]
    print(
        f"| mixed | | | | | {_ratio(totals['floor'], ref_total):.2f} "
        f"| {_ratio(totals['ours'], ref_total):.2f} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
