"""What the checks of construction cost, per store: the generated builder of
``from_specs`` against the same builder with its checks cut off (reads and slot sets
only), and ``from_specs`` itself, on one canonical location's specs each, in
interleaved rounds.

    PYTHONPATH=src python benchmarks/check_cost.py [--rounds N]

The first difference is what validating the fields costs (the fast paths of every
component check, the length limit, the cross-field rules); the second what
``from_specs`` adds around the builder (its dispatch and the store's
``normalize_specs``). Rendering is in none of them.
"""

from __future__ import annotations

import argparse
import statistics
import timeit
from collections.abc import Callable, Sequence

from glance_locations import base, get_location_from_uri

URIS = {
    "rbd": "rbd://6a1c5f6e-7d3b-4c1e-9a7f-2b4d8e0c1a3f/images/b2e0d9c4-1f8a-4e6b-8c3d-5a7f9e1b2c4d/snap",
    "swift": "swift+https://swift.example.com/v1/AUTH_0123456789abcdef0123456789abcdef/"
    "glance_b2e0d9c4-1f8a-4e6b-8c3d-5a7f9e1b2c4d/b2e0d9c4-1f8a-4e6b-8c3d-5a7f9e1b2c4d",
    "file": "file:///var/lib/glance/images/6a1c5f6e-7d3b-4c1e-9a7f-2b4d8e0c1a3f",
    "s3": "s3+https://s3.example.com:9000/glance/6a1c5f6e-7d3b-4c1e-9a7f-2b4d8e0c1a3f",
    "cinder": "cinder://6a1c5f6e-7d3b-4c1e-9a7f-2b4d8e0c1a3f",
}


def _builders(store: str) -> tuple[Callable[..., object], Callable[..., object], object]:
    """The class's builder, the same without its checks, and the specs dict."""
    captured: dict[str, tuple[list[str], dict[str, object]]] = {}
    compiled = base._compiled  # a benchmark of the private builder

    def capture(cls: type, name: str, lines: list[str], namespace: dict[str, object]) -> object:
        captured[name] = (lines, namespace)
        return compiled(cls, name, lines, namespace)

    base._compiled = capture  # type: ignore[assignment]  # restored below
    try:
        location = get_location_from_uri(URIS[store]).store_location
        specs = location.to_specs()
        type(location).from_specs(specs)
    finally:
        base._compiled = compiled
    lines, namespace = captured["build"]
    cut = lines.index("    problems = None")
    source = "\n".join([*lines[:cut], "    return self"]).replace("def build", "def bare")
    exec(compile(source, "<bare builder>", "exec"), namespace)  # noqa: S102 (the builder's own text)
    return namespace["build"], namespace["bare"], specs  # type: ignore[return-value]  # the defs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="interleaved runs")
    parser.add_argument("--number", type=int, default=20000, help="calls per run")
    args = parser.parse_args(argv)
    print("| store | from_specs | builder | without checks | the checks | around the builder |")
    print("|---|---:|---:|---:|---:|---:|")
    for store in URIS:
        build, bare, specs = _builders(store)
        names = {"build": build, "bare": bare, "specs": specs, "cls": type(build(specs, None))}
        timers = {
            "specs": timeit.Timer("cls.from_specs(specs)", globals=names),
            "build": timeit.Timer("build(specs, None)", globals=names),
            "bare": timeit.Timer("bare(specs, None)", globals=names),
        }
        times: dict[str, list[float]] = {key: [] for key in timers}
        keys = list(timers)
        for index in range(args.rounds):
            shift = index % len(keys)
            for key in keys[shift:] + keys[:shift]:
                times[key].append(timers[key].timeit(args.number) / args.number * 1e9)
        whole, full, without = (statistics.median(times[key]) for key in keys)
        print(
            f"| {store} | {whole:.0f} ns | {full:.0f} ns | {without:.0f} ns "
            f"| {full - without:.0f} ns | {whole - full:.0f} ns |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
