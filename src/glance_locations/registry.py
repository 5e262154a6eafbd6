"""Which store location class parses which URI scheme, globally and per backend.

A :class:`SchemeRegistry` is thread-safe: writers serialise on a lock and publish a new
snapshot of the maps (copy on write); readers take the current snapshot without locking.
The module functions work on :data:`default_registry`, which knows every built-in scheme.
"""

from __future__ import annotations

import functools
import threading
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
#: dict (checked again at run time: a malformed one raises ``BadStoreConfiguration``).
SchemeMapValue = SchemeInfo | SchemeMapEntry


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
    """An isolated, thread-safe map of schemes (and backends) to store location classes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._schemes: Mapping[str, SchemeInfo] = MappingProxyType({})
        self._backends: Mapping[str, Mapping[str, SchemeInfo]] = MappingProxyType({})
        # The schemes it starts with, loaded on first use (the default registry's built-in
        # ones: the store classes are imported with the first lookup, not the package).
        self._initial: Callable[[], Mapping[str, SchemeInfo]] | None = None

    def _loaded(self) -> Mapping[str, SchemeInfo]:
        """The global scheme map, the initial schemes loaded if they were not yet."""
        if self._initial is not None:
            with self._lock:
                initial = self._initial
                if initial is not None:
                    self._schemes = MappingProxyType({**initial(), **self._schemes})
                    self._initial = None
        return self._schemes

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

        :raises BadStoreConfiguration: a scheme or a value is malformed.
        """
        infos = {scheme: _scheme_info(scheme, value) for scheme, value in scheme_map.items()}
        self._loaded()
        with self._lock:
            self._schemes = MappingProxyType({**self._schemes, **infos})
        for scheme, info in infos.items():
            _log().debug("Registered scheme %s with %s", scheme, info.location_class.__name__)

    def register_scheme_backend_map(
        self, scheme_map: Mapping[str, Mapping[str, SchemeMapValue]]
    ) -> None:
        """Add or override schemes per backend name; all or nothing.

        :raises BadStoreConfiguration: a scheme, a backend name or a value is malformed.
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
    registry._initial = _builtin_schemes  # pyright: ignore[reportPrivateUsage]  (its own module)
    return registry


#: The registry the module functions use; it starts with every built-in scheme.
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
