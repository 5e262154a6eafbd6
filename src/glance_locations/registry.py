"""Which store location class parses which URI scheme, globally and per backend.

A :class:`SchemeRegistry` is thread-safe: writers serialise on a lock and publish a new
snapshot of the maps (copy on write); readers take the current snapshot without locking.
The module functions work on :data:`default_registry`, which knows every built-in scheme.

Installed packages add stores through entry points in the group
:data:`ENTRY_POINT_GROUP` (``glance_locations.stores``; see ``_entry_points``): loaded
with a registry's first lookup, never hiding a built-in scheme.
"""

from __future__ import annotations

import functools
import threading
import warnings
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, TypedDict, cast

import attrs

from glance_locations import _lex
from glance_locations._location import Location, located
from glance_locations.base import StoreLocation
from glance_locations.config import StoreConfig
from glance_locations.exceptions import BadStoreConfiguration, UnknownBackend, UnknownScheme

if TYPE_CHECKING:
    import logging

    import cattrs
    from yarl import URL

__all__ = [
    "ENTRY_POINT_GROUP",
    "SchemeInfo",
    "SchemeMapEntry",
    "SchemeMapValue",
    "SchemeRegistry",
    "default_registry",
    "get_location_from_uri",
    "get_location_from_uri_and_backend",
    "register_scheme_backend_map",
    "register_scheme_map",
]


@functools.cache
def _log() -> logging.Logger:
    """This module's logger; logging is imported with the first registration to log."""
    import logging  # noqa: PLC0415

    return logging.getLogger(__name__)


def _location_class(value: object) -> type[StoreLocation]:
    if isinstance(value, type) and issubclass(value, StoreLocation):
        return value
    raise TypeError(f"location_class must be a StoreLocation subclass, not {value!r}")


def _check_location_class(
    _: object, __: attrs.Attribute[type[StoreLocation]], value: type[StoreLocation]
) -> None:
    _location_class(value)


@attrs.frozen(kw_only=True, slots=True)
class SchemeInfo:
    """What a scheme maps to: the store location class, and the store's name."""

    location_class: type[StoreLocation] = attrs.field(validator=_check_location_class)
    store: str | None = None


class _SchemeMapEntryRequired(TypedDict):
    location_class: type[StoreLocation]


class SchemeMapEntry(_SchemeMapEntryRequired, total=False):
    """A scheme map value in glance_store's shape: ``{"location_class": cls, "store": name,
    "store_entry": entry_point}``; only ``location_class`` is required, and
    ``store_entry`` (the entry point the store came from) is accepted and ignored.
    """

    store: str | None
    store_entry: str


#: What a scheme map maps a scheme to: a :class:`SchemeInfo`, or a glance_store-shaped
#: mapping such as a :class:`SchemeMapEntry` (checked at run time: a malformed one raises
#: ``BadStoreConfiguration``). Any ``Mapping[str, object]`` is accepted, as the contract
#: says: a ``dict[str, object]`` built at run time type-checks too.
SchemeMapValue = SchemeInfo | Mapping[str, object]

#: The entry point group of stores from installed packages: name, the scheme; value, a
#: ``StoreLocation`` subclass or a callable returning a scheme map.
ENTRY_POINT_GROUP = "glance_locations.stores"  # (_entry_points.GROUP)


def _scheme_info(scheme: str, value: object) -> SchemeInfo:
    """Check one entry of a scheme map; structure a glance_store-shaped dict.

    ``value`` is an object: callers that do not type-check pass anything.
    """
    if not _is_scheme(scheme):
        raise BadStoreConfiguration(f"scheme map: {scheme!r} is not a valid URI scheme")
    if isinstance(value, SchemeInfo):
        return value
    if not isinstance(value, Mapping):
        raise BadStoreConfiguration(
            f"scheme map: the value of {scheme!r} must be a SchemeInfo or a mapping"
        )
    mapping = cast("Mapping[object, object]", value)  # (isinstance: Mapping[Unknown, ...])
    # glance_store's "store_entry" names the entry point the store came from: not needed.
    entry = mapping.get("store_entry")
    if entry is not None and not isinstance(entry, str):
        raise BadStoreConfiguration(f"scheme map: {scheme!r}: store_entry must be a string")
    data = {key: item for key, item in mapping.items() if key != "store_entry"}
    # cattrs is imported on first use (a dict in a scheme map), not with the package.
    import cattrs  # noqa: PLC0415

    from glance_locations._converter import describe  # noqa: PLC0415

    try:
        return _converter().structure(data, SchemeInfo)
    except (cattrs.BaseValidationError, TypeError, ValueError) as exc:
        problems = "; ".join(describe(exc))
        raise BadStoreConfiguration(f"scheme map: {scheme!r}: {problems}") from exc


@functools.cache
def _converter() -> cattrs.Converter:
    """The strict converter of scheme-map dicts, made on first use (cattrs' import time)."""
    from glance_locations._converter import make_converter  # noqa: PLC0415

    converter = make_converter()
    converter.register_structure_hook_func(
        lambda t: t == type[StoreLocation], lambda value, _: _location_class(value)
    )
    return converter


def _is_scheme(value: object) -> bool:
    return isinstance(value, str) and bool(value) and _lex.scheme_of(f"{value}://") == value


def _is_name(value: object) -> bool:
    return isinstance(value, str) and bool(value)


class SchemeRegistry:
    """An isolated, thread-safe map of schemes (and backends) to store location classes.

    ``entry_points``: load the stores of installed packages (entry points in the group
    :data:`ENTRY_POINT_GROUP`) with the first lookup; one that fails is warned about
    (``RuntimeWarning``) and skipped. :meth:`freeze` makes it refuse any registration.
    """

    def __init__(self, *, entry_points: bool = True) -> None:
        self._lock = threading.Lock()
        self._schemes: Mapping[str, SchemeInfo] = MappingProxyType({})
        self._backends: Mapping[str, Mapping[str, SchemeInfo]] = MappingProxyType({})
        self._frozen = False
        # The schemes it starts with, loaded on first use (the store classes are imported
        # with the first lookup, not the package): the built-in ones for the default
        # registry (see _builtin_registry), the installed packages' unless turned off.
        self._builtins: Callable[[], Mapping[str, SchemeInfo]] | None = None
        self._entry_points = entry_points
        self._initial: Callable[[], Mapping[str, SchemeInfo]] | None = (
            self._initial_schemes if entry_points else None
        )

    def _initial_schemes(self) -> Mapping[str, SchemeInfo]:
        """The built-in schemes (if any) and the installed packages' (warned about)."""
        builtins: Mapping[str, SchemeInfo] = {} if self._builtins is None else self._builtins()
        if not self._entry_points:
            return builtins
        self._entry_points = False  # loaded once, reported once
        from glance_locations._entry_points import installed_schemes  # noqa: PLC0415

        found, problems = installed_schemes(_scheme_info)
        for problem in problems:
            warnings.warn(f"{problem} (skipped)", RuntimeWarning, stacklevel=4)
        return {**found, **builtins}

    def _loaded(self) -> Mapping[str, SchemeInfo]:
        """The global scheme map, the initial schemes loaded if they were not yet."""
        if self._initial is not None:
            with self._lock:
                initial = self._initial
                if initial is not None:
                    self._schemes = MappingProxyType({**initial(), **self._schemes})
                    self._initial = None
        return self._schemes

    def load_entry_points(self) -> None:
        """Register the stores of installed packages now; all or nothing.

        Done by the first lookup otherwise (when the registry was made with
        ``entry_points=True``, the default), with a warning for each one that fails.

        :raises BadStoreConfiguration: an entry point fails to load, names something
            that is neither a ``StoreLocation`` subclass nor a callable returning a
            valid scheme map, or names a built-in scheme (never hidden); the registry is
            then left as it was. Also when the registry is frozen.
        """
        from glance_locations._entry_points import installed_schemes  # noqa: PLC0415

        found, problems = installed_schemes(_scheme_info)
        if problems:
            raise BadStoreConfiguration("; ".join(problems))
        with self._lock:
            self._check_not_frozen()
            self._entry_points = False  # the first lookup loads the built-in ones only
        self._loaded()
        with self._lock:
            self._check_not_frozen()
            self._schemes = MappingProxyType({**self._schemes, **found})

    def freeze(self) -> None:
        """Refuse every later registration (``BadStoreConfiguration``).

        What it would load on first lookup (built-in schemes, installed packages') is
        loaded now: a frozen registry's schemes never change.
        """
        self._loaded()
        with self._lock:
            self._frozen = True

    @property
    def frozen(self) -> bool:
        """Whether :meth:`freeze` was called."""
        return self._frozen

    def _check_not_frozen(self) -> None:
        """(Called holding the lock.)"""
        if self._frozen:
            raise BadStoreConfiguration("the scheme registry is frozen: no registration")

    @property
    def schemes(self) -> Mapping[str, SchemeInfo]:
        """A read-only snapshot of the global scheme map."""
        return self._loaded()

    @property
    def backends(self) -> Mapping[str, Mapping[str, SchemeInfo]]:
        """A read-only snapshot of the per-backend scheme map."""
        return self._backends

    def register_scheme_map(self, scheme_map: Mapping[str, SchemeMapValue]) -> None:
        """Add or override schemes; all or nothing.

        A dict value has glance_store's shape: ``{"location_class": cls, "store": name,
        "store_entry": ...}``.

        :raises BadStoreConfiguration: a scheme or a value is malformed, or the registry
            is frozen.
        """
        infos = {scheme: _scheme_info(scheme, value) for scheme, value in scheme_map.items()}
        self._loaded()
        with self._lock:
            self._check_not_frozen()
            self._schemes = MappingProxyType({**self._schemes, **infos})
        for scheme, info in infos.items():
            _log().debug("Registered scheme %s with %s", scheme, info.location_class.__name__)

    def register_scheme_backend_map(
        self, scheme_map: Mapping[str, Mapping[str, SchemeMapValue]]
    ) -> None:
        """Add or override schemes per backend name; all or nothing.

        :raises BadStoreConfiguration: a scheme, a backend name or a value is malformed,
            or the registry is frozen.
        """
        infos: dict[str, dict[str, SchemeInfo]] = {}
        for scheme, by_backend in scheme_map.items():
            if not isinstance(by_backend, Mapping):
                raise BadStoreConfiguration(
                    f"scheme backend map: the value of {scheme!r} must map backend names"
                )
            for backend, value in by_backend.items():
                if not _is_name(backend):
                    raise BadStoreConfiguration(
                        f"scheme backend map: {backend!r} is not a backend name"
                    )
                infos.setdefault(scheme, {})[backend] = _scheme_info(scheme, value)
        with self._lock:
            self._check_not_frozen()
            merged = dict(self._backends)
            for scheme, by_backend_info in infos.items():
                merged[scheme] = MappingProxyType({**merged.get(scheme, {}), **by_backend_info})
            self._backends = MappingProxyType(merged)
        for scheme, by_backend_info in infos.items():
            for backend, info in by_backend_info.items():
                _log().debug(
                    "Registered scheme %s for backend %s with %s",
                    scheme,
                    backend,
                    info.location_class.__name__,
                )

    def get_location_from_uri(
        self, uri: str | URL, conf: StoreConfig | None = None
    ) -> Location[StoreLocation]:
        """Parse ``uri`` with the class registered for its scheme.

        :raises UnknownScheme: the scheme is missing or not registered.
        :raises BadStoreUri: the URI is not valid for that store.
        """
        text = uri if type(uri) is str else _lex.coerce(uri)
        scheme = _lex.scheme_of(text)
        info = (self._schemes if self._initial is None else self._loaded()).get(scheme)
        if info is None:
            raise UnknownScheme(scheme)
        return located(scheme, info.location_class.from_uri(text, conf=conf))

    def get_location_from_uri_and_backend(
        self, uri: str | URL, backend: str, conf: StoreConfig | None = None
    ) -> Location[StoreLocation]:
        """Parse ``uri`` with the class registered for its scheme and ``backend``.

        :raises UnknownScheme: the scheme is missing or not registered for any backend.
        :raises UnknownBackend: (an ``UnknownScheme``) the scheme is not registered for
            ``backend``.
        :raises BadStoreUri: the URI is not valid for that store.
        """
        text = uri if type(uri) is str else _lex.coerce(uri)
        if not isinstance(backend, str):
            raise TypeError(f"backend must be str, not {type(backend).__name__}")
        scheme = _lex.scheme_of(text)
        by_backend = self._backends.get(scheme)
        if by_backend is None:
            raise UnknownScheme(scheme)
        info = by_backend.get(backend)
        if info is None:
            raise UnknownBackend(scheme, backend)
        store_location = info.location_class.from_uri(text, conf=conf, backend_group=backend)
        return located(scheme, store_location, backend)


def _builtin_schemes() -> Mapping[str, SchemeInfo]:
    """Every built-in scheme, with its class and store name."""
    # Imported on the first lookup: the store classes are most of the package's import time.
    from glance_locations.stores import BUILTIN_STORES  # noqa: PLC0415

    return {
        scheme: SchemeInfo(location_class=cls, store=store)
        for store, cls in BUILTIN_STORES.items()
        for scheme in cls.SCHEMES
    }


def _builtin_registry() -> SchemeRegistry:
    registry = SchemeRegistry()
    # Not through register_scheme_map: a debug line per built-in scheme would import
    # logging with the package, for nothing anyone asked.
    registry._builtins = _builtin_schemes  # pyright: ignore[reportPrivateUsage]  (its own module)
    return registry


#: The registry the module functions use; it starts with every built-in scheme and the
#: installed packages' stores.
default_registry: SchemeRegistry = _builtin_registry()


def register_scheme_map(scheme_map: Mapping[str, SchemeMapValue]) -> None:
    """Add or override schemes of the default registry (see :class:`SchemeRegistry`)."""
    default_registry.register_scheme_map(scheme_map)


def register_scheme_backend_map(
    scheme_map: Mapping[str, Mapping[str, SchemeMapValue]],
) -> None:
    """Add or override per-backend schemes of the default registry."""
    default_registry.register_scheme_backend_map(scheme_map)


def get_location_from_uri(
    uri: str | URL, conf: StoreConfig | None = None
) -> Location[StoreLocation]:
    """Parse ``uri`` with the default registry (see ``SchemeRegistry.get_location_from_uri``)."""
    return default_registry.get_location_from_uri(uri, conf)


def get_location_from_uri_and_backend(
    uri: str | URL, backend: str, conf: StoreConfig | None = None
) -> Location[StoreLocation]:
    """Parse ``uri`` for ``backend`` with the default registry."""
    return default_registry.get_location_from_uri_and_backend(uri, backend, conf)
