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
from importlib import metadata
from pathlib import Path
from typing import Any

import yarl

from glance_locations import StoreLocation, get_location_from_uri
from glance_locations._redact import mask_uri
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
# Names that repeat across rows, as in a real database: projects (multi-tenant swift
# storage URLs), and the few service credentials that single-tenant stores write.
_NAMES = random.Random(0)  # noqa: S311 (fixed names, not secrets)
_PROJECTS = tuple(uuid.UUID(int=_NAMES.getrandbits(128)).hex for _ in range(1000))
_KEYS = tuple(
    "".join(_NAMES.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=40)) for _ in range(4)
)
_ACCESS_KEYS = tuple(f"AKIA{key[:16].upper()}" for key in _KEYS)
_USERS = ("glance", "mirror", "images-ro")


def _rbd(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return f"rbd://{_uuid(rng)}"
    return f"rbd://{rng.choice(_FSIDS)}/{rng.choice(_POOLS)}/{_uuid(rng)}/snap"


def _swift(rng: random.Random) -> str:
    image = _uuid(rng)
    if rng.random() < 0.6:  # multi-tenant: the project's storage URL
        project = rng.choice(_PROJECTS)
        return f"swift+https://swift.example.com/v1/AUTH_{project}/glance_{image}/{image}"
    # single tenant, credentials in the URI ("account:user", ':' quoted)
    creds = f"service%3Aglance:{rng.choice(_KEYS)[:24]}@"
    return f"{rng.choice(('swift', 'swift+https'))}://{creds}keystone.example.com:5000/v3/glance/{image}"


def _file(rng: random.Random) -> str:
    return f"file://{rng.choice(_FILE_DIRS)}/{_uuid(rng)}"


def _http(rng: random.Random) -> str:
    # Web servers: a few mirrors most rows point at, and one-off servers users named.
    host = rng.choice(_HTTP_HOSTS) if rng.random() < 0.6 else f"dl-{_word(rng, 8)}.example.net"
    roll = rng.random()
    if roll < 0.15:
        creds = f"{rng.choice(_USERS)}:{rng.choice(_KEYS)[:16]}@"
        return f"https://{creds}{host}/images/{_uuid(rng)}.qcow2"
    if roll < 0.3:
        return (
            f"https://{host}/download/{_uuid(rng)}?signature={_word(rng, 32)}&expires=1767225600"
        )
    return f"{rng.choice(('http', 'https'))}://{host}/ubuntu/noble/{_uuid(rng)}.img"


def _s3(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"s3://s3.amazonaws.com/glance-images/{_uuid(rng)}"
    if rng.random() < 0.2:  # a user's own keys, written once
        secret = _word(rng, 40)
        creds = f"AKIA{secret[:16].upper()}:{secret}@"
    else:  # the service's keys, in every row
        index = rng.randrange(len(_KEYS))
        creds = f"{_ACCESS_KEYS[index]}:{_KEYS[index]}@"
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
    rng = random.Random(seed)  # noqa: S311 (a reproducible corpus, not a secret)
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
        return paired_ratio(self.ours, self.reference)

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


def paired_ratio(ours: Sequence[float], reference: Sequence[float]) -> float:
    """ours / reference: the median of each round's own ratio when both were measured in
    the same rounds (interleaved: the two runs of a round are back to back, so a machine
    that slows down between rounds slows both), else the ratio of the medians."""
    if len(ours) == len(reference) > 1:
        pairs = zip(ours, reference, strict=True)
        return statistics.median(mine / theirs for mine, theirs in pairs)
    return statistics.median(ours) / statistics.median(reference)


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


def _ref_parse(cls: Any, uri: str) -> Any:
    loc = cls({}, None)
    loc.parse_uri(uri)
    return loc


def _ours_parse(cls: Any, uri: str) -> object:
    return cls.from_uri(uri)


def import_times(statements: Iterable[str], runs: int) -> dict[str, list[float]]:
    """Seconds to run each import statement in a fresh interpreter, ``runs`` times
    interleaved.

    The first run of each writes the bytecode and is not counted (the child's
    environment never has PYTHONDONTWRITEBYTECODE: an installed glance_store has its
    bytecode, a source checkout would otherwise be compiled on every run).
    """
    code = "import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    names = list(statements)
    times: dict[str, list[float]] = {name: [] for name in names}
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}

    def once(statement: str) -> float:
        out = subprocess.run(  # noqa: S603 (our own interpreter, our own code)
            [sys.executable, "-c", code.format(statement=statement)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        return float(out.stdout)

    for name in names:
        once(name)
    for index in range(runs):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(once(name))
    return times


# Scaling: one URI per shape, with one part (path or credential) of SIZE and of 10 x SIZE.
SCALE_SIZE = 2000
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


def scaling(rounds: int, variants: int) -> dict[str, dict[str, list[float]]]:
    """Per shape, the times of parse + render at 1x and 10x the size of the long part."""
    results = {}
    for shape, (cls, make) in SCALE_SHAPES.items():
        contenders: Contenders = {}
        for label, size in (("1x", SCALE_SIZE), ("10x", 10 * SCALE_SIZE)):
            uris = [make(_long_part(size, n, "path" in shape)) for n in range(2 * variants)]
            assert cls.from_uri(uris[0]).get_uri() == uris[0], shape
            items = [(cls, uri) for uri in uris]
            contenders[label] = (ours_parse_render, items[:variants], items[variants:])
        results[shape] = interleaved(contenders, rounds)
    return results


# ---------------------------------------------------------------------------------------
# The run.


# The stores whose URIs have an authority (parsed by yarl, through _lex's cache).
AUTHORITY_STORES = ("http", "swift", "s3", "vmware")


def authority_mix(corpus: Sequence[tuple[str, str]]) -> dict[str, int]:
    """How many URIs have an authority, how many distinct ones, how many seen once."""
    seen: dict[str, int] = {}
    for store, uri in corpus:
        if store in AUTHORITY_STORES:
            rest = uri.partition("://")[2]
            if store == "s3":  # the parser splits the credentials off first
                rest = rest.rpartition("@")[2]
            authority = rest.split("/", 1)[0].split("?", 1)[0]
            seen[authority] = seen.get(authority, 0) + 1
    return {
        "uris": sum(seen.values()),
        "distinct": len(seen),
        "seen_once": sum(1 for count in seen.values() if count == 1),
    }


def authority_cache(corpus: Sequence[tuple[str, str]]) -> dict[str, int] | None:
    """The authority cache's hits and misses over one cold pass of the corpus."""
    lex = importlib.import_module("glance_locations._lex")
    info = getattr(lex, "authority_cache_info", None)
    if info is None:
        return None  # a tree without the cache
    lex.authority_cache_clear()
    for store, uri in corpus:
        BUILTIN_STORES[store].from_uri(uri)
    stats = info()
    return {"hits": stats.hits, "misses": stats.misses, "maxsize": stats.maxsize}


def _corpus_stats(corpus: Sequence[tuple[str, str]]) -> dict[str, int]:
    counts = dict.fromkeys(MIX, 0)
    for store, _ in corpus:
        counts[store] += 1
    return counts


SpecsItems = list[tuple[Any, Mapping[str, object]]]


def specs_items(
    corpus: Sequence[tuple[str, str]], reference: Mapping[str, type[Any]] | None
) -> tuple[dict[str, SpecsItems], dict[str, SpecsItems], dict[str, dict[str, int | str]]]:
    """Per store, the corpus as specs dicts (``loc.to_specs()`` of each parsed URI).

    A specs dict is kept only if both sides build a location from it that renders the
    same URI; ``left_out`` counts the others per store, with the first reason.
    """
    ours: dict[str, SpecsItems] = {store: [] for store in MIX}
    ref: dict[str, SpecsItems] = {store: [] for store in MIX}
    left_out: dict[str, dict[str, int | str]] = {}
    for store, uri in corpus:
        cls = BUILTIN_STORES[store]
        specs = cls.from_uri(uri).to_specs()
        why = _specs_problem(cls, None if reference is None else reference[store], specs)
        if why is not None:
            entry = left_out.setdefault(store, {"count": 0, "reason": why})
            entry["count"] = int(entry["count"]) + 1
            continue
        ours[store].append((cls, specs))
        if reference is not None:
            ref[store].append((reference[store], specs))
    return ours, ref, left_out


def _specs_problem(cls: type[StoreLocation], ref_cls: Any, specs: dict[str, object]) -> str | None:
    """Why ``specs`` cannot be timed on both sides, or None."""
    try:
        ours = cls.from_specs(specs).get_uri()
    except Exception as exc:
        return f"ours: {type(exc).__name__}: {exc}"
    if ref_cls is None:
        return None
    try:
        theirs = ref_cls(dict(specs), None).get_uri()
    except Exception as exc:
        return f"glance_store: {type(exc).__name__}: {exc}"
    return None if theirs == ours else f"glance_store renders {mask_uri(theirs)!r}"


def check_agreement(
    corpus: Sequence[tuple[str, str]], reference: Mapping[str, type[Any]] | None
) -> dict[str, int]:
    """Per store, how many URIs do not render back as themselves on both sides (0)."""
    bad = dict.fromkeys(MIX, 0)
    for store, uri in corpus:
        ours = BUILTIN_STORES[store].from_uri(uri).get_uri()
        theirs = uri if reference is None else _ref_parse(reference[store], uri).get_uri()
        if not ours == theirs == uri:
            bad[store] += 1
    return bad


Contenders = dict[str, tuple[Callable[[Any], None], Sequence[Any], Sequence[Any]]]


def per_store(make: Callable[[str], Contenders], rounds: int) -> dict[str, dict[str, list[float]]]:
    """``interleaved`` on each store's share of the corpus alone."""
    results = {}
    for store in MIX:
        contenders = make(store)
        if all(items for _, items, _ in contenders.values()):
            results[store] = interleaved(contenders, rounds)
    return results


def interleaved(contenders: Contenders, rounds: int) -> dict[str, list[float]]:
    """Warm each contender up on its warm-up items, then run them all ``rounds`` times
    on their items, in a rotating order; nanoseconds per item of each run."""
    for loop, _, warmup in contenders.values():
        loop(warmup)
    times: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            loop, items, _ = contenders[name]
            times[name].append(_timed(loop, items))
    return times


def run(args: argparse.Namespace) -> dict[str, object]:  # noqa: PLR0915 (one step per row)
    """Measure every row; print the tables; return everything for the JSON file."""
    load_before = os.getloadavg()
    print(f"load average: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}")
    reference = None if args.no_reference else load_reference()
    corpus = build_corpus(args.count, args.seed)
    warm = build_corpus(max(1000, args.count // 20), args.seed + 1)
    stats = _corpus_stats(corpus)
    print(f"corpus: {len(corpus)} unique URIs (seed {args.seed}): {stats}", flush=True)
    mix = authority_mix(corpus)
    print(
        f"authorities: {mix['uris']} URIs with one, {mix['distinct']} distinct, "
        f"{mix['seen_once']} seen once",
        flush=True,
    )
    cache = authority_cache(corpus)
    if cache is not None:
        lookups = cache["hits"] + cache["misses"]
        print(
            f"authority cache (at most {cache['maxsize']} entries), one cold pass: "
            f"{cache['hits']} hits of {lookups} ({cache['hits'] / max(lookups, 1):.1%})",
            flush=True,
        )
    disagree = check_agreement(corpus, reference)
    if any(disagree.values()):
        print(f"warning: URIs that do not render back as themselves: {disagree}")

    def ours(items: Sequence[tuple[str, str]], store: str | None = None) -> list[tuple[Any, str]]:
        return [(BUILTIN_STORES[s], u) for s, u in items if store in {None, s}]

    def ref(items: Sequence[tuple[str, str]], store: str | None = None) -> list[tuple[Any, str]]:
        assert reference is not None
        return [(reference[s], u) for s, u in items if store in {None, s}]

    def parse_contenders(store: str | None) -> Contenders:
        contenders: Contenders = {
            "ours": (ours_parse_render, ours(corpus, store), ours(warm, store)),
            "yarl": (yarl_parse_render, ours(corpus, store), ours(warm, store)),
        }
        if reference is not None:
            contenders["ref"] = (ref_parse_render, ref(corpus, store), ref(warm, store))
        if store is None:
            contenders["ours_registry"] = (ours_registry, ours(corpus), ours(warm))
            if reference is not None:
                contenders["ref_registry"] = (ref_registry, ref(corpus), ref(warm))
        return contenders

    rows: list[Row] = []
    print("timing parse + render ...", flush=True)
    times = interleaved(parse_contenders(None), args.rounds)
    parse_by_store = per_store(parse_contenders, args.rounds)
    rows.append(
        Row(
            "parse + render, store class",
            "ns/URI",
            times["ours"],
            times.get("ref"),
            "glance_store",
            1.0,  # the contract's budget: no slower than glance_store
            "cls.from_uri(u).get_uri() vs loc = cls({}, None); loc.parse_uri(u); loc.get_uri()",
        )
    )
    rows.append(
        Row(
            "parse + render, registry",
            "ns/URI",
            times["ours_registry"],
            times.get("ref_registry"),
            "glance_store",
            None,
            "get_location_from_uri(u).get_store_uri() on both sides",
        )
    )

    print("timing specs + render ...", flush=True)
    ours_specs_by_store, ref_specs_by_store, left_out = specs_items(corpus, reference)
    warm_ours_specs, warm_ref_specs, _ = specs_items(warm, reference)

    def specs_contenders(store: str | None) -> Contenders:
        stores = list(MIX) if store is None else [store]
        contenders: Contenders = {
            "ours": (
                ours_specs,
                [item for s in stores for item in ours_specs_by_store[s]],
                [item for s in stores for item in warm_ours_specs[s]],
            )
        }
        if reference is not None:
            contenders["ref"] = (
                ref_specs,
                [item for s in stores for item in ref_specs_by_store[s]],
                [item for s in stores for item in warm_ref_specs[s]],
            )
        return contenders

    specs_times = interleaved(specs_contenders(None), args.rounds)
    specs_by_store = per_store(specs_contenders, args.rounds)
    kept = sum(len(items) for items in ours_specs_by_store.values())
    note = f"{kept} specs dicts"
    if left_out:
        note += "; left out: " + "; ".join(
            f"{store} {entry['count']} ({entry['reason']})" for store, entry in left_out.items()
        )
    rows.append(
        Row(
            "specs + render",
            "ns/URI",
            specs_times["ours"],
            specs_times.get("ref"),
            "glance_store",
            1.6,  # the contract's budget (glance_store's specs + render checks nothing)
            note,
            {"left_out": left_out},
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

    print("measuring memory ...", flush=True)
    sample = corpus[: args.memory_count]
    ours_mem = retained_memory(_ours_parse, ours(sample))
    ref_mem = None if reference is None else retained_memory(_ref_parse, ref(sample))
    rows.append(
        Row(
            f"retained memory, {len(sample)} locations",
            "bytes",
            [float(ours_mem)],
            None if ref_mem is None else [float(ref_mem)],
            "glance_store",
            0.6,
            "tracemalloc, the parsed locations kept in a list",
        )
    )

    print("timing imports ...", flush=True)
    # The same capability on both sides: the function that parses a URI into a location.
    ours_import = "from glance_locations import get_location_from_uri"
    ref_import = "from glance_store.location import get_location_from_uri"
    first_parse = f"{ours_import}; get_location_from_uri('rbd://fsid/pool/image/snap')"
    everything = (
        "import glance_locations; [getattr(glance_locations, n) for n in glance_locations.__all__]"
    )
    statements = [ours_import, first_parse, everything]
    if reference is not None:
        statements.append(ref_import)
    imports = import_times(statements, args.import_runs)
    rows.append(
        Row(
            "import get_location_from_uri",
            "ms",
            [t * 1000 for t in imports[ours_import]],
            None if reference is None else [t * 1000 for t in imports[ref_import]],
            "glance_store.location's",
            0.5,
            "fresh interpreter each time; the store classes load with the first lookup",
        )
    )
    rows.append(
        Row(
            "import get_location_from_uri and parse a first URI",
            "ms",
            [t * 1000 for t in imports[first_parse]],
            None if reference is None else [t * 1000 for t in imports[ref_import]],
            "glance_store.location's import",
            None,
            "every store class loaded",
        )
    )
    rows.append(
        Row(
            "import every public name of glance_locations",
            "ms",
            [t * 1000 for t in imports[everything]],
            None if reference is None else [t * 1000 for t in imports[ref_import]],
            "glance_store.location's get_location_from_uri",
            None,
            "the policy too",
        )
    )

    print("timing scaling ...", flush=True)
    scale = scaling(args.rounds, args.scale_variants)
    worst = max(
        scale,
        key=lambda shape: (
            statistics.median(scale[shape]["10x"]) / statistics.median(scale[shape]["1x"])
        ),
    )
    rows.append(
        Row(
            f"10x longer part, worst: {worst}",
            "ns/URI",
            scale[worst]["10x"],
            scale[worst]["1x"],
            f"the same at {SCALE_SIZE} chars",
            12.0,
            "time(10x) / time(1x); every shape: "
            + ", ".join(
                f"{shape} {statistics.median(t['10x']) / statistics.median(t['1x']):.2f}"
                for shape, t in scale.items()
            ),
            {"shapes": scale},
        )
    )

    load_after = os.getloadavg()
    print()
    print(format_table(rows, parse_by_store, specs_by_store))
    print(f"\nload average before: {load_before[0]:.2f}, after: {load_after[0]:.2f} (1 min)")
    return {
        "machine": {
            "python": sys.version,
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average": {"before": list(load_before), "after": list(load_after)},
        },
        "versions": _versions(reference is not None),
        "corpus": {
            "count": len(corpus),
            "seed": args.seed,
            "stores": stats,
            "disagree": disagree,
            "authorities": mix,
            "authority_cache": cache,
        },
        "rounds": args.rounds,
        "rows": [row.as_json() for row in rows],
        "parse_render_by_store": parse_by_store,
        "specs_render_by_store": specs_by_store,
    }


def _versions(with_reference: bool) -> dict[str, str]:
    names = ["glance-locations", "attrs", "cattrs", "yarl"]
    if with_reference:
        names.append("glance-store")
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed (run from a source tree)"
    return versions


def _fmt(value: float, unit: str) -> str:
    if unit == "bytes":
        return f"{value / 1e6:.1f} MB"
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value / 1000:.2f} µs"


def format_table(
    rows: Sequence[Row],
    parse_by_store: Mapping[str, Mapping[str, list[float]]],
    specs_by_store: Mapping[str, Mapping[str, list[float]]],
) -> str:
    """The rows, then the per-store times, as Markdown tables of medians (the ratios:
    :func:`paired_ratio`)."""
    lines = [
        "| measure | ours | reference | ratio | target | met |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        ours = _fmt(statistics.median(row.ours), row.unit)
        ref = "-" if not row.reference else _fmt(statistics.median(row.reference), row.unit)
        ratio = row.ratio
        met = "" if ratio is None or row.target is None else "yes" if ratio <= row.target else "NO"
        lines.append(
            f"| {row.name} (vs {row.reference_name}) | {ours} | {ref} | "
            f"{'-' if ratio is None else f'{ratio:.2f}'} | "
            f"{'-' if row.target is None else f'<= {row.target:g}'} | {met} |"
        )
    for title, by_store in (
        ("parse + render", parse_by_store),
        ("specs + render", specs_by_store),
    ):
        columns = [
            name for name in ("ours", "ref", "yarl") if any(name in t for t in by_store.values())
        ]
        lines += ["", f"{title}, per store (median per URI):", ""]
        lines.append(
            "| store | "
            + " | ".join(columns)
            + " | "
            + " | ".join(f"ours / {c}" for c in columns[1:])
            + " |"
        )
        lines.append("|---" * (2 * len(columns)) + "|")
        for store, times in by_store.items():
            medians = {name: statistics.median(times[name]) for name in columns}
            cells = [_fmt(medians[name], "ns") for name in columns]
            cells += [f"{paired_ratio(times['ours'], times[name]):.2f}" for name in columns[1:]]
            lines.append(f"| {store} | " + " | ".join(cells) + " |")
    return (
        "\n".join(lines)
        .replace("| ref |", "| glance_store |")
        .replace("ours / ref", "ours / glance_store")
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; ``--help`` lists the knobs (the defaults are the full run)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="corpus size")
    parser.add_argument("--seed", type=int, default=20240607, help="corpus seed")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved runs per row")
    parser.add_argument("--memory-count", type=int, default=100_000, help="locations kept")
    parser.add_argument("--import-runs", type=int, default=11, help="fresh interpreters")
    parser.add_argument("--scale-variants", type=int, default=400, help="URIs per scale size")
    parser.add_argument("--no-reference", action="store_true", help="leave glance_store out")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON results")
    args = parser.parse_args(argv)
    results = run(args)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nraw numbers: {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
