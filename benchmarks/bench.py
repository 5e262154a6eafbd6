#!/usr/bin/env python3
"""Benchmark glance_locations against glance_store and bare yarl.

Run it with ``nox -s bench``, which installs this package and glance-store into a venv of
its own; or directly, in any environment that has both (``--no-reference`` leaves
glance_store out: then only our rows and yarl's are measured).

Every contender gets the same seeded corpus of unique store URIs (no string twice: yarl
and urllib cache the parses of repeated strings), is warmed up on a separate corpus, and
runs several times, interleaved with the others in a rotating order; the table shows the
median time per URI and the ratio of medians. The raw numbers go to a JSON file.

Pairing: a store URI is parsed and rendered with its store's class on both sides, the
class picked by scheme before timing starts:
ours ``cls.from_uri(uri).get_uri()``, glance_store's ``loc = cls({}, None)``,
``loc.parse_uri(uri)``, ``loc.get_uri()`` (exactly what its ``Location`` does). A second
row goes through each library's registry (``get_location_from_uri(uri).get_store_uri()``).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
import types
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yarl

import glance_locations
from glance_locations import StoreLocation, get_location_from_uri
from glance_locations.stores import BUILTIN_STORES

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE / "results" / "bench.json"

# glance_store's driver module of each store (the module defines ``StoreLocation``).
REFERENCE_DRIVERS = {
    "file": "glance_store._drivers.filesystem",
    "http": "glance_store._drivers.http",
    "rbd": "glance_store._drivers.rbd",
    "cinder": "glance_store._drivers.cinder.store",
    "swift": "glance_store._drivers.swift.store",
    "s3": "glance_store._drivers.s3",
    "vmware": "glance_store._drivers.vmware_datastore",
}

# Share of each store in the corpus: mostly rbd, swift, file and http, as in real clouds.
MIX = {
    "rbd": 35,
    "swift": 25,
    "file": 18,
    "http": 13,
    "s3": 4,
    "cinder": 3,
    "vmware": 2,
}

# ---------------------------------------------------------------------------------------
# Corpus: canonical URIs (each renders back as itself on both sides), all different.


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _word(rng: random.Random, size: int) -> str:
    return "".join(rng.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=size))


_FSIDS = ("6a1c5f6e-7d3b-4c1e-9a7f-2b4d8e0c1a3f", "b2e0d9c4-1f8a-4e6b-8c3d-5a7f9e1b2c4d")
_POOLS = ("images", "glance-images", "images_ssd")
_FILE_DIRS = ("/var/lib/glance/images", "/mnt/glance/images", "/srv/nfs share/glance")
_HTTP_HOSTS = ("images.example.com", "mirror.example.org:8080", "[2001:db8::15]:8443")


def _rbd(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return f"rbd://{_uuid(rng)}"
    return f"rbd://{rng.choice(_FSIDS)}/{rng.choice(_POOLS)}/{_uuid(rng)}/snap"


def _swift(rng: random.Random) -> str:
    image = _uuid(rng)
    if rng.random() < 0.6:  # multi-tenant: the project's storage URL
        project = uuid.UUID(int=rng.getrandbits(128)).hex
        return f"swift+https://swift.example.com/v1/AUTH_{project}/glance_{image}/{image}"
    # single tenant, credentials in the URI ("account:user", ':' quoted)
    creds = f"service%3Aglance:{_word(rng, 24)}@"
    return f"{rng.choice(('swift', 'swift+https'))}://{creds}keystone.example.com:5000/v3/glance/{image}"


def _file(rng: random.Random) -> str:
    return f"file://{rng.choice(_FILE_DIRS)}/{_uuid(rng)}"


def _http(rng: random.Random) -> str:
    host = rng.choice(_HTTP_HOSTS)
    roll = rng.random()
    if roll < 0.15:
        return f"https://{_word(rng, 8)}:{_word(rng, 16)}@{host}/images/{_uuid(rng)}.qcow2"
    if roll < 0.3:
        return f"https://{host}/download/{_uuid(rng)}?signature={_word(rng, 32)}&expires=1767225600"
    return f"{rng.choice(('http', 'https'))}://{host}/ubuntu/noble/{_uuid(rng)}.img"


def _s3(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"s3://s3.amazonaws.com/glance-images/{_uuid(rng)}"
    creds = f"AKIA{_word(rng, 16).upper()}:{_word(rng, 40)}@"
    return f"s3+https://{creds}s3.example.com:9000/glance/{_uuid(rng)}"


def _cinder(rng: random.Random) -> str:
    return f"cinder://{_uuid(rng)}"


def _vmware(rng: random.Random) -> str:
    return (
        f"vsphere://vcenter.example.com/folder/openstack_glance/{_uuid(rng)}"
        f"?dcPath=dc{rng.randrange(4)}&dsName=datastore{rng.randrange(8)}"
    )


MAKERS: dict[str, Callable[[random.Random], str]] = {
    "rbd": _rbd,
    "swift": _swift,
    "file": _file,
    "http": _http,
    "s3": _s3,
    "cinder": _cinder,
    "vmware": _vmware,
}


def build_corpus(count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` unique ``(store, uri)`` pairs in the proportions of ``MIX``."""
    rng = random.Random(seed)
    stores = list(MIX)
    weights = list(MIX.values())
    seen: set[str] = set()
    corpus: list[tuple[str, str]] = []
    while len(corpus) < count:
        store = rng.choices(stores, weights)[0]
        uri = MAKERS[store](rng)
        if uri not in seen:
            seen.add(uri)
            corpus.append((store, uri))
    return corpus


# ---------------------------------------------------------------------------------------
# The reference, glance_store.


def _stub_os_brick() -> None:
    """glance_store's cinder driver imports os_brick (a block-device library) at import
    time; parsing never uses it, so an empty stand-in is enough."""
    brick = types.ModuleType("os_brick")
    initiator = types.ModuleType("os_brick.initiator")
    connector = types.ModuleType("os_brick.initiator.connector")
    brick.initiator = initiator  # type: ignore[attr-defined]
    initiator.connector = connector  # type: ignore[attr-defined]
    for module in (brick, initiator, connector):
        sys.modules.setdefault(module.__name__, module)


def load_reference() -> dict[str, type[Any]]:
    """glance_store's ``StoreLocation`` class of each store, registered by scheme."""
    _stub_os_brick()
    location = importlib.import_module("glance_store.location")
    classes = {
        store: importlib.import_module(module).StoreLocation
        for store, module in REFERENCE_DRIVERS.items()
    }
    location.register_scheme_map(
        {
            scheme: {"location_class": classes[store], "store": store, "store_entry": store}
            for store, cls in BUILTIN_STORES.items()
            for scheme in cls.SCHEMES
        }
    )
    return classes


# ---------------------------------------------------------------------------------------
# The contenders: each is a loop over prepared items, so that the harness costs nothing.

Pairs = Sequence[tuple[Any, str]]


def ours_parse_render(pairs: Pairs) -> None:
    for cls, uri in pairs:
        cls.from_uri(uri).get_uri()


def ref_parse_render(pairs: Pairs) -> None:
    for cls, uri in pairs:
        loc = cls({}, None)
        loc.parse_uri(uri)
        loc.get_uri()


def ours_registry(pairs: Pairs) -> None:
    for _, uri in pairs:
        get_location_from_uri(uri).get_store_uri()


def ref_registry(pairs: Pairs) -> None:
    get = sys.modules["glance_store.location"].get_location_from_uri
    for _, uri in pairs:
        get(uri, None).get_store_uri()


def yarl_parse_render(pairs: Pairs) -> None:
    url = yarl.URL
    for _, uri in pairs:
        str(url(uri))


def ours_specs(pairs: Sequence[tuple[Any, Mapping[str, object]]]) -> None:
    for cls, specs in pairs:
        cls.from_specs(specs).get_uri()


def ref_specs(pairs: Sequence[tuple[Any, Mapping[str, object]]]) -> None:
    for cls, specs in pairs:
        cls(specs, None).get_uri()


# ---------------------------------------------------------------------------------------
# Measuring.


@dataclass
class Row:
    """One line of the table: our times, the reference's, and the target ratio."""

    name: str
    unit: str
    ours: list[float]
    reference: list[float] | None
    reference_name: str
    target: float | None
    note: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if not self.reference:
            return None
        return statistics.median(self.ours) / statistics.median(self.reference)

    def as_json(self) -> dict[str, object]:
        ratio = self.ratio
        return {
            "name": self.name,
            "unit": self.unit,
            "ours": self.ours,
            "reference": self.reference,
            "reference_name": self.reference_name,
            "ours_median": statistics.median(self.ours),
            "reference_median": statistics.median(self.reference) if self.reference else None,
            "ratio": ratio,
            "target": self.target,
            "met": None if ratio is None or self.target is None else ratio <= self.target,
            "note": self.note,
            **self.extra,
        }


def _timed(loop: Callable[[Any], None], items: Sequence[object]) -> float:
    """Nanoseconds per item of one run of ``loop``, with the cyclic GC off (as timeit)."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter_ns()
        loop(items)
        elapsed = time.perf_counter_ns() - start
    finally:
        gc.enable()
    return elapsed / len(items)


def interleaved(
    contenders: Mapping[str, tuple[Callable[[Any], None], Sequence[object]]],
    rounds: int,
    warmup: Mapping[str, Sequence[object]],
) -> dict[str, list[float]]:
    """Warm each contender up, then run all ``rounds`` times in a rotating order."""
    for name, (loop, _) in contenders.items():
        loop(warmup[name])
    times: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            loop, items = contenders[name]
            times[name].append(_timed(loop, items))
    return times


def retained_memory(parse: Callable[[Any, str], object], pairs: Pairs) -> int:
    """Bytes still allocated while the parsed locations of ``pairs`` are kept alive."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = [parse(cls, uri) for cls, uri in pairs]
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del kept
    return after - before


def _ref_parse(cls: Any, uri: str) -> object:
    loc = cls({}, None)
    loc.parse_uri(uri)
    return loc


def _ours_parse(cls: Any, uri: str) -> object:
    return cls.from_uri(uri)


def import_times(modules: Iterable[str], runs: int) -> dict[str, list[float]]:
    """Seconds to import each module in a fresh interpreter, ``runs`` times interleaved."""
    code = (
        "import sys, time\n"
        "{stub}"
        "start = time.perf_counter()\n"
        "import {module}\n"
        "print(time.perf_counter() - start)\n"
    )
    names = list(modules)
    times: dict[str, list[float]] = {name: [] for name in names}

    def once(module: str) -> float:
        script = code.format(module=module, stub="")
        out = subprocess.run(  # noqa: S603 (our own interpreter, our own code)
            [sys.executable, "-c", script], check=True, capture_output=True, text=True
        )
        return float(out.stdout)

    for name in names:  # the first import compiles the bytecode: not counted
        once(name)
    for index in range(runs):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(once(name))
    return times


# Scaling: one URI per shape, with one part (path or credential) of SIZE and of 10 x SIZE.
SCALE_SIZE = 4000
SCALE_SHAPES: dict[str, tuple[type[StoreLocation], Callable[[str], str]]] = {
    "http path": (
        BUILTIN_STORES["http"],
        lambda part: f"https://images.example.com/{part}",
    ),
    "http password": (
        BUILTIN_STORES["http"],
        lambda part: f"https://user:{part}@images.example.com/image",
    ),
    "swift key": (
        BUILTIN_STORES["swift"],
        lambda part: f"swift+https://user:{part}@auth.example.com/v3/glance/obj",
    ),
    "swift path": (
        BUILTIN_STORES["swift"],
        lambda part: f"swift+https://auth.example.com/v1/{part}/glance/obj",
    ),
    "s3 secret key": (
        BUILTIN_STORES["s3"],
        lambda part: f"s3+https://access:{part}@s3.example.com/bucket/key",
    ),
    "file path": (BUILTIN_STORES["file"], lambda part: f"file:///var/lib/glance/{part}"),
    "rbd image": (BUILTIN_STORES["rbd"], lambda part: f"rbd://fsid/pool/{part}/snap"),
    "vsphere path": (
        BUILTIN_STORES["vmware"],
        lambda part: f"vsphere://vcenter.example.com/folder/{part}?dsName=ds1",
    ),
}


def _long_part(size: int, variant: int, slashes: bool) -> str:
    """``size`` characters, unique per ``variant``; path-like segments if ``slashes``."""
    unit = "abcdefg/" if slashes else "abcdefgh"
    tag = f"v{variant:05d}"
    body = (unit * (size // len(unit) + 1))[: size - len(tag)]
    return body.rstrip("/") + tag


def scaling(rounds: int, variants: int) -> dict[str, dict[str, object]]:
    """time(10x) / time(1x) of parse + render, per shape."""
    results: dict[str, dict[str, object]] = {}
    for shape, (cls, make) in SCALE_SHAPES.items():
        slashes = "path" in shape
        contenders: dict[str, tuple[Callable[[Any], None], Sequence[object]]] = {}
        warm: dict[str, Sequence[object]] = {}
        for label, size in (("1x", SCALE_SIZE), ("10x", 10 * SCALE_SIZE)):
            uris = [make(_long_part(size, n, slashes)) for n in range(2 * variants)]
            assert cls.from_uri(uris[0]).get_uri() == uris[0], shape
            contenders[label] = (ours_parse_render, [(cls, uri) for uri in uris[:variants]])
            warm[label] = [(cls, uri) for uri in uris[variants:]]
        times = interleaved(contenders, rounds, warm)
        one, ten = statistics.median(times["1x"]), statistics.median(times["10x"])
        results[shape] = {"1x": times["1x"], "10x": times["10x"], "ratio": ten / one}
    return results


# ---------------------------------------------------------------------------------------
# The run.


def _corpus_stats(corpus: Sequence[tuple[str, str]]) -> dict[str, int]:
    counts = dict.fromkeys(MIX, 0)
    for store, _ in corpus:
        counts[store] += 1
    return counts


def _specs_pairs(
    corpus: Sequence[tuple[str, str]], reference: Mapping[str, type[Any]] | None
) -> tuple[list[tuple[Any, Mapping[str, object]]], list[tuple[Any, Mapping[str, object]]], dict[str, str]]:
    """The corpus as specs dicts, on both sides; stores glance_store cannot build are out."""
    ours: list[tuple[Any, Mapping[str, object]]] = []
    ref: list[tuple[Any, Mapping[str, object]]] = []
    left_out: dict[str, str] = {}
    for store, uri in corpus:
        if store in left_out:
            continue
        cls = BUILTIN_STORES[store]
        loc = cls.from_uri(uri)
        specs = loc.to_specs()
        try:
            built = cls.from_specs(specs)
        except Exception as exc:  # noqa: BLE001 (reported, and the store is left out)
            left_out[store] = f"ours: {type(exc).__name__}: {exc}"
            continue
        if reference is not None:
            try:
                theirs = reference[store](dict(specs), None).get_uri()
            except Exception as exc:  # noqa: BLE001
                left_out[store] = f"glance_store: {type(exc).__name__}: {exc}"
                continue
            if theirs != built.get_uri():
                left_out[store] = "glance_store renders these specs differently"
                continue
            ref.append((reference[store], specs))
        ours.append((cls, specs))
    kept = {store for store in MIX if store not in left_out}
    ours = [pair for pair in ours if _store_of(pair[0]) in kept]
    ref = [pair for pair in ref if _store_of(pair[0], reference) in kept]
    return ours, ref, left_out


def _store_of(cls: type[Any], reference: Mapping[str, type[Any]] | None = None) -> str:
    table = reference if reference is not None and cls not in BUILTIN_STORES.values() else BUILTIN_STORES
    return next(store for store, known in table.items() if known is cls)


def check_agreement(
    corpus: Sequence[tuple[str, str]], reference: Mapping[str, type[Any]] | None
) -> dict[str, int]:
    """Per store, how many URIs do not render back as themselves (0 expected)."""
    bad = dict.fromkeys(MIX, 0)
    for store, uri in corpus:
        ours = BUILTIN_STORES[store].from_uri(uri).get_uri()
        theirs = uri if reference is None else _ref_parse(reference[store], uri).get_uri()  # type: ignore[attr-defined]
        if not ours == theirs == uri:
            bad[store] += 1
    return bad


def run(args: argparse.Namespace) -> dict[str, object]:
    reference = None if args.no_reference else load_reference()
    corpus = build_corpus(args.count, args.seed)
    warm_corpus = build_corpus(max(1000, args.count // 20), args.seed + 1)
    stats = _corpus_stats(corpus)
    print(f"corpus: {len(corpus)} unique URIs, seed {args.seed}: {stats}", flush=True)
    disagree = check_agreement(corpus, reference)
    if any(disagree.values()):
        print(f"warning: URIs that do not render back as themselves: {disagree}")

    def ours_items(items: Sequence[tuple[str, str]]) -> list[tuple[Any, str]]:
        return [(BUILTIN_STORES[store], uri) for store, uri in items]

    def ref_items(items: Sequence[tuple[str, str]]) -> list[tuple[Any, str]]:
        assert reference is not None
        return [(reference[store], uri) for store, uri in items]

    rows: list[Row] = []

    # Parse + render, class pairing and registry pairing, and bare yarl.
    contenders: dict[str, tuple[Callable[[Any], None], Sequence[object]]] = {
        "ours": (ours_parse_render, ours_items(corpus)),
        "ours_registry": (ours_registry, ours_items(corpus)),
        "yarl": (yarl_parse_render, ours_items(corpus)),
    }
    warm: dict[str, Sequence[object]] = {
        "ours": ours_items(warm_corpus),
        "ours_registry": ours_items(warm_corpus),
        "yarl": ours_items(warm_corpus),
    }
    if reference is not None:
        contenders["ref"] = (ref_parse_render, ref_items(corpus))
        contenders["ref_registry"] = (ref_registry, ref_items(corpus))
        warm["ref"] = ref_items(warm_corpus)
        warm["ref_registry"] = ref_items(warm_corpus)
    print("timing parse + render ...", flush=True)
    times = interleaved(contenders, args.rounds, warm)
    rows.append(
        Row(
            "parse + render (store class)",
            "ns/URI",
            times["ours"],
            times.get("ref"),
            "glance_store",
            0.8,
            "cls.from_uri(u).get_uri() vs loc = cls({}, None); loc.parse_uri(u); loc.get_uri()",
        )
    )
    rows.append(
        Row(
            "parse + render (registry)",
            "ns/URI",
            times["ours_registry"],
            times.get("ref_registry"),
            "glance_store",
            None,
            "get_location_from_uri(u).get_store_uri() on both sides",
        )
    )

    # Per store (informative): where the time goes.
    per_store: dict[str, dict[str, list[float]]] = {}
    for store in MIX:
        sub = [pair for pair in corpus if pair[0] == store]
        sub_warm = [pair for pair in warm_corpus if pair[0] == store] or sub[:100]
        store_contenders: dict[str, tuple[Callable[[Any], None], Sequence[object]]] = {
            "ours": (ours_parse_render, ours_items(sub)),
            "yarl": (yarl_parse_render, ours_items(sub)),
        }
        store_warm: dict[str, Sequence[object]] = {
            "ours": ours_items(sub_warm),
            "yarl": ours_items(sub_warm),
        }
        if reference is not None:
            store_contenders["ref"] = (ref_parse_render, ref_items(sub))
            store_warm["ref"] = ref_items(sub_warm)
        if sub:
            per_store[store] = interleaved(store_contenders, args.rounds, store_warm)

    # Specs + render.
    print("timing specs + render ...", flush=True)
    ours_specs_items, ref_specs_items, left_out = _specs_pairs(corpus, reference)
    warm_ours_specs, warm_ref_specs, _ = _specs_pairs(warm_corpus, reference)
    specs_contenders: dict[str, tuple[Callable[[Any], None], Sequence[object]]] = {
        "ours": (ours_specs, ours_specs_items)
    }
    specs_warm: dict[str, Sequence[object]] = {"ours": warm_ours_specs}
    if reference is not None:
        specs_contenders["ref"] = (ref_specs, ref_specs_items)
        specs_warm["ref"] = warm_ref_specs
    specs_times = interleaved(specs_contenders, args.rounds, specs_warm)
    note = f"{len(ours_specs_items)} specs dicts"
    if left_out:
        note += "; left out: " + "; ".join(f"{k} ({v})" for k, v in sorted(left_out.items()))
    rows.append(
        Row(
            "specs + render",
            "ns/URI",
            specs_times["ours"],
            specs_times.get("ref"),
            "glance_store",
            1.0,
            note,
        )
    )

    rows.append(
        Row(
            "parse + render vs bare yarl",
            "ns/URI",
            times["ours"],
            times["yarl"],
            "yarl.URL(u) + str()",
            None,
            "our floor: yarl alone, no validation",
        )
    )

    # Retained memory.
    print("measuring memory ...", flush=True)
    sample = corpus[: args.memory_count]
    ours_mem = retained_memory(_ours_parse, ours_items(sample))
    ref_mem = None if reference is None else retained_memory(_ref_parse, ref_items(sample))
    rows.append(
        Row(
            f"retained memory of {len(sample)} locations",
            "bytes",
            [float(ours_mem)],
            None if ref_mem is None else [float(ref_mem)],
            "glance_store",
            0.6,
            "tracemalloc, the parsed locations kept in a list",
        )
    )

    # Import time.
    print("timing imports ...", flush=True)
    modules = ["glance_locations"] + ([] if reference is None else ["glance_store.location"])
    imports = import_times(modules, args.import_runs)
    rows.append(
        Row(
            "import in a fresh interpreter",
            "ms",
            [t * 1000 for t in imports["glance_locations"]],
            None if reference is None else [t * 1000 for t in imports["glance_store.location"]],
            "import glance_store.location",
            0.5,
            "import glance_locations",
        )
    )

    # Scaling.
    print("timing scaling ...", flush=True)
    scale = scaling(args.rounds, args.scale_variants)
    worst = max(scale, key=lambda shape: float(scale[shape]["ratio"]))  # type: ignore[arg-type]
    worst_times = scale[worst]
    rows.append(
        Row(
            f"scaling 10x (worst: {worst})",
            "ns/URI",
            worst_times["10x"],  # type: ignore[arg-type]
            worst_times["1x"],  # type: ignore[arg-type]
            f"the same URI at 1x ({SCALE_SIZE} chars)",
            12.0,
            "time(10x) / time(1x); every shape: "
            + ", ".join(f"{s} {float(r['ratio']):.2f}" for s, r in scale.items()),  # type: ignore[arg-type]
            {"shapes": scale},
        )
    )

    print()
    print(format_table(rows, per_store, reference is not None))
    return {
        "machine": {
            "python": sys.version,
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "versions": _versions(reference is not None),
        "corpus": {"count": len(corpus), "seed": args.seed, "stores": stats, "disagree": disagree},
        "rounds": args.rounds,
        "rows": [row.as_json() for row in rows],
        "per_store_parse_render": per_store,
    }


def _versions(with_reference: bool) -> dict[str, str]:
    from importlib.metadata import version  # noqa: PLC0415

    names = ["glance-locations", "attrs", "cattrs", "yarl"]
    if with_reference:
        names.append("glance-store")
    return {name: version(name) for name in names}


def _fmt(value: float, unit: str) -> str:
    if unit == "bytes":
        return f"{value / 1e6:.1f} MB"
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value / 1000:.2f} µs"


def format_table(
    rows: Sequence[Row], per_store: Mapping[str, Mapping[str, list[float]]], with_ref: bool
) -> str:
    lines = [
        "| measure | ours | reference | ratio | target | met |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        ours = _fmt(statistics.median(row.ours), row.unit)
        ref = "-" if not row.reference else _fmt(statistics.median(row.reference), row.unit)
        ratio = row.ratio
        ratio_text = "-" if ratio is None else f"{ratio:.2f}"
        target = "-" if row.target is None else f"<= {row.target:g}"
        met = "" if ratio is None or row.target is None else ("yes" if ratio <= row.target else "NO")
        lines.append(
            f"| {row.name} ({row.reference_name}) | {ours} | {ref} | {ratio_text} | {target} | {met} |"
        )
    lines += ["", "parse + render per store (median per URI):", ""]
    lines.append(
        "| store | ours | glance_store | ours / glance_store | yarl | ours / yarl |"
        if with_ref
        else "| store | ours | yarl | ours / yarl |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|" if with_ref else "|---|---:|---:|---:|")
    for store, times in per_store.items():
        ours_m = statistics.median(times["ours"])
        yarl_m = statistics.median(times["yarl"])
        cells = [store, _fmt(ours_m, "ns")]
        if with_ref:
            ref_m = statistics.median(times["ref"])
            cells += [_fmt(ref_m, "ns"), f"{ours_m / ref_m:.2f}"]
        cells += [_fmt(yarl_m, "ns"), f"{ours_m / yarl_m:.2f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="corpus size (100000)")
    parser.add_argument("--seed", type=int, default=20240607, help="corpus seed")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved runs (7)")
    parser.add_argument(
        "--memory-count", type=int, default=100_000, help="locations kept for memory (100000)"
    )
    parser.add_argument("--import-runs", type=int, default=11, help="fresh interpreters (11)")
    parser.add_argument("--scale-variants", type=int, default=50, help="URIs per scale size")
    parser.add_argument("--no-reference", action="store_true", help="leave glance_store out")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON results")
    args = parser.parse_args(argv)
    results = run(args)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nraw numbers: {args.output}  (glance_locations {glance_locations.__name__})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
