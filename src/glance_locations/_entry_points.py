"""Stores from installed packages: the entry points of the group ``glance_locations.stores``.

A distribution declares, in its metadata (``pyproject.toml``)::

    [project.entry-points."glance_locations.stores"]
    nfs = "glance_nfs:NfsStoreLocation"          # a StoreLocation subclass: scheme nfs
    nfs4 = "glance_nfs:scheme_map"               # or a callable returning a scheme map

The name of an entry point whose value is a class is its scheme; a callable's scheme map
(``{"nfs4": SchemeInfo(...) or {"location_class": ...}}``) names its own schemes. An entry
point that fails to load, names anything else, returns a malformed map, or would take a
built-in scheme is a *problem*: reported, never registered, never hiding a built-in.

``importlib.metadata`` costs more to import than the whole first lookup without it, so
it is imported only when a distribution on ``sys.path`` may declare the group: its
``entry_points.txt`` names it, or ``sys.path`` holds something other than directories
(a zip, an egg) or a finder of distributions of its own (then the full search runs).
"""

from __future__ import annotations

import importlib.machinery
import os
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar, cast

from glance_locations._redact import redact
from glance_locations.base import StoreLocation
from glance_locations.exceptions import GlanceStoreException

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = ["GROUP", "installed_schemes"]

GROUP = "glance_locations.stores"
_Info = TypeVar("_Info")
#: A reason quotes at most this much of an error raised by a package's code.
_QUOTED = 200


def _builtin_schemes() -> frozenset[str]:
    from glance_locations.stores import BUILTIN_STORES  # noqa: PLC0415 (with the first lookup)

    return frozenset(scheme for cls in BUILTIN_STORES.values() for scheme in cls.SCHEMES)


def _quoted(error: BaseException) -> str:
    """An error of a package's code, as a reason can show it (redacted, cut)."""
    text = redact(str(error))
    text = text if len(text) <= _QUOTED else f"{text[:_QUOTED]}..."
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _entry_points_file(folder: str, name: str) -> str | None:
    """The ``entry_points.txt`` of a distribution's metadata folder on ``sys.path``."""
    if name.endswith((".dist-info", ".egg-info")):
        return os.path.join(folder, name, "entry_points.txt")
    if name.endswith(".egg"):
        return os.path.join(folder, name, "EGG-INFO", "entry_points.txt")
    return None


def _maybe_declared(group: str) -> bool:
    """Whether a distribution may declare entry points in ``group`` (``False``: surely
    none does, without importing ``importlib.metadata``)."""
    for finder in sys.meta_path:
        if finder is not importlib.machinery.PathFinder and hasattr(finder, "find_distributions"):
            return True  # distributions found some other way: look for them properly
    for entry in sys.path:
        folder = entry or os.curdir
        if not os.path.isdir(folder):
            if os.path.exists(folder):
                return True  # a zip or an egg file
            continue
        try:
            names = os.listdir(folder)
        except OSError:
            return True
        for name in names:
            path = _entry_points_file(folder, name)
            if path is None:
                continue
            try:
                with open(path, encoding="utf-8", errors="replace") as file:
                    if group in file.read():
                        return True
            except OSError:
                continue  # no entry points (or an egg-info file)
    return False


def _scheme_map(point: EntryPoint) -> Mapping[str, object]:
    """The scheme map an entry point gives.

    :raises ValueError: it is neither a StoreLocation subclass nor a callable returning a
        mapping (the reason, never quoting the package's values).
    """
    value: object = point.load()
    if isinstance(value, type) and issubclass(value, StoreLocation):
        return {point.name: {"location_class": value, "store": value.store_name()}}
    if isinstance(value, type) or not callable(value):
        raise ValueError(
            f"names a value of type {type(value).__name__}, neither a StoreLocation "
            "subclass nor a callable returning a scheme map"
        )
    made: object = value()
    if not isinstance(made, Mapping):
        raise ValueError(f"returned a value of type {type(made).__name__}, not a scheme map")
    return cast("Mapping[str, object]", made)


def installed_schemes(
    check: Callable[[str, object], _Info],
) -> tuple[dict[str, _Info], list[str]]:
    """The schemes of every entry point in :data:`GROUP`, each checked by ``check``
    (the registry's check of one scheme map entry), and the problems, one per failing
    entry point (named by its name, value and distribution)."""
    found: dict[str, _Info] = {}
    problems: list[str] = []
    if not _maybe_declared(GROUP):
        return found, problems
    from importlib.metadata import entry_points  # noqa: PLC0415 (see the module's docstring)

    builtins = _builtin_schemes()
    for point in sorted(entry_points(group=GROUP), key=lambda p: (p.name, p.value)):
        where = f"{point.name} = {point.value}"
        if point.dist is not None:
            where = f"{where} (from {point.dist.name})"
        try:
            scheme_map = _scheme_map(point)
            infos = {str(scheme): check(scheme, info) for scheme, info in scheme_map.items()}
        except (GlanceStoreException, ValueError) as exc:
            problems.append(f"store entry point {where}: {redact(str(exc))}")
            continue
        except Exception as exc:  # the package's own code failed: reported, never raised
            problems.append(f"store entry point {where}: cannot be loaded: {_quoted(exc)}")
            continue
        taken = sorted(set(infos) & builtins)
        if taken:
            problems.append(
                f"store entry point {where}: would hide the built-in scheme(s) "
                + ", ".join(map(repr, taken))
            )
            continue
        found.update(infos)
    return found, problems
