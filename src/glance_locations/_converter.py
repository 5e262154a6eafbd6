"""store_specs dicts to typed locations and back, through cattrs.

``from_specs`` is: the store's normalisation of the dict (``normalize_specs``, what
glance_store converts), then cattrs structures it into the location class (unknown keys,
missing keys and value types), and the class's construction runs the store's rules.
Nothing is rendered or parsed back.

A first, fast attempt uses a converter without detailed validation; only when it fails is
the dict structured again with detailed validation, so that every problem is named at once.

Private converters, made by :func:`make_converter`: nothing is registered on cattrs'
global converter, so users' converters are left alone. Strict: unknown keys are errors,
and a string field takes only a ``str`` (cattrs would otherwise call ``str()`` on
anything). Imported on first use: importing cattrs is most of what
``import glance_locations`` would otherwise cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Optional, Protocol, TypeVar, cast

import attrs
import cattrs
from attrs import AttrsInstance
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from glance_locations.exceptions import BadStoreLocation, BadStoreSpecs

if TYPE_CHECKING:
    from glance_locations.base import StoreLocation
    from glance_locations.components import Problem
    from glance_locations.config import StoreConfig

__all__ = [
    "check_keys",
    "describe",
    "make_converter",
    "structure",
    "structure_specs",
    "unstructure_specs",
]

_L = TypeVar("_L", bound="StoreLocation")
_A = TypeVar("_A", bound=AttrsInstance)


def _strict_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, not {type(value).__name__}")
    return value


def _strict_optional_str(value: object, _: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"expected a string or None, not {type(value).__name__}")


def make_converter(*, detailed_validation: bool = True) -> cattrs.Converter:
    """A strict converter: unknown keys are errors, a ``str`` field takes only a ``str``
    (and a ``str | None`` field a ``str`` or ``None``: one call, not cattrs' union
    dispatch, which costs three times as much)."""
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed_validation)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(Optional[str], _strict_optional_str)  # noqa: UP045 (the hook's key: str | None matches it)
    return converter


#: The converter that collects every problem (the slow path, and other dicts).
converter = make_converter()
_fast = make_converter(detailed_validation=False)

_StructureFn = Callable[[Mapping[str, object], type[AttrsInstance]], AttrsInstance]
_UnstructureFn = Callable[[AttrsInstance], dict[str, object]]
# The cattrs generators take the overrides as keyword arguments built at run time.
_make_structure: Callable[..., _StructureFn] = make_dict_structure_fn
_make_unstructure: Callable[..., _UnstructureFn] = make_dict_unstructure_fn


def _omitted(cls: type[AttrsInstance]) -> dict[str, object]:
    return {
        field.name: override(omit=True)
        for field in attrs.fields(cls)
        if field.name == "backend_group" or field.name.startswith("_")
    }


#: How many classes' structure and unstructure functions are kept (least recently used
#: out): derived from the classes alone, no value of any location.
CLASSES_KEPT = 128


@lru_cache(maxsize=CLASSES_KEPT)
def _structure_fn(cls: type[AttrsInstance], detailed: bool) -> _StructureFn:
    """Structures a dict into ``cls``: private fields read from ``_name`` keys, which
    only the store's own normalisation may add."""
    return _make_structure(cls, converter if detailed else _fast, _cattrs_forbid_extra_keys=True)


@lru_cache(maxsize=CLASSES_KEPT)
def _unstructure_fn(cls: type[AttrsInstance]) -> _UnstructureFn:
    return _make_unstructure(cls, converter, **_omitted(cls))


@lru_cache(maxsize=CLASSES_KEPT)
def spec_keys(cls: type[AttrsInstance]) -> frozenset[str]:
    """The keys a specs dict of ``cls`` may hold: its public fields but backend_group."""
    return frozenset(attrs.fields_dict(cls)) - frozenset(_omitted(cls))


def structure(
    data: Mapping[str, object],
    cls: type[_A],
    store: str,
    field_problems: Callable[[Mapping[str, object]], list[tuple[str, Problem]]] | None = None,
) -> _A:
    """Structure ``data`` into ``cls`` (an attrs class), or raise :class:`BadStoreSpecs`
    with every problem: unknown and missing keys, value types, and the construction's
    own problems (a ``BadStoreLocation``), keyed by the dict's keys."""
    try:
        return cast("_A", _structure_fn(cls, False)(data, cls))
    except BadStoreLocation as exc:
        raise BadStoreSpecs(store, exc.problems, components=exc.components) from None
    except _FAST_FAILURES:
        pass  # again with detailed validation, to name every problem
    raise _detailed_failure(data, cls, store, field_problems)


# What the fast converter raises for a dict that is wrong: the detailed one says why.
_FAST_FAILURES = (
    cattrs.BaseValidationError,
    cattrs.ForbiddenExtraKeysError,
    TypeError,
    ValueError,
    KeyError,
)


def _detailed_failure(
    data: Mapping[str, object],
    cls: type[AttrsInstance],
    store: str,
    field_problems: Callable[[Mapping[str, object]], list[tuple[str, Problem]]] | None,
) -> BadStoreSpecs:
    """Every problem of ``data``, which the fast converter refused, as one error."""
    try:
        _structure_fn(cls, True)(data, cls)
    except (cattrs.BaseValidationError, TypeError, ValueError) as exc:
        problems = _problems(exc)
    else:  # pragma: no cover (the fast converter refused what the detailed one takes)
        problems = [("$", "refused by the converter")]
    # The values cattrs found fine may break the store's rules too: name them as well.
    field_problems = field_problems or getattr(cls, "field_problems", None)
    if field_problems is not None:
        named = {key for key, _ in problems}
        fine = {key: value for key, value in data.items() if key not in named}
        problems += [(key, str(problem)) for key, problem in field_problems(fine)]
    return BadStoreSpecs(store, problems)


@lru_cache(maxsize=CLASSES_KEPT)
def _fast_structure(cls: type[AttrsInstance]) -> tuple[frozenset[str], _StructureFn]:
    """The keys a specs dict of ``cls`` may hold, and its fast structure function; that
    one does not look for unknown keys: structure_specs has looked before normalisation
    (which adds only the class's own fields), and sends a dict with any to the detailed
    one."""
    return spec_keys(cls), _make_structure(cls, _fast, _cattrs_forbid_extra_keys=False)


class Cached(Protocol):
    """A function cached by ``functools.lru_cache``, as ``_caches`` reads it."""

    __name__: str

    def cache_info(self) -> tuple[int, int, int | None, int]: ...

    def cache_clear(self) -> None: ...


def cache_functions() -> tuple[Cached, ...]:
    """The per-class caches of this module (for ``glance_locations.cache_info``)."""
    return (_structure_fn, _unstructure_fn, spec_keys, _fast_structure)


def structure_specs(
    cls: type[_L],
    specs: Mapping[str, object],
    conf: StoreConfig | None,
    backend_group: str | None,
) -> _L:
    """Build a ``cls`` location from ``specs`` (see the module docstring)."""
    keys, fast = _fast_structure(cls)
    if not keys.issuperset(specs):
        # A key that is no field (cattrs names it), or one never allowed: say which.
        check_keys(specs, cls.store_name())
        every = {**cls.normalize_specs(specs, conf=conf), "backend_group": backend_group}
        raise _detailed_failure(every, cls, cls.store_name(), None)
    data = cls.normalize_specs(specs, conf=conf)  # read, never changed: no copy
    if backend_group is not None:
        data = {**data, "backend_group": backend_group}
    try:
        return cast("_L", fast(data, cls))
    except BadStoreLocation as exc:
        raise BadStoreSpecs(cls.store_name(), exc.problems, components=exc.components) from None
    except _FAST_FAILURES:
        pass  # again with detailed validation, to name every problem
    data = {**data, "backend_group": backend_group}
    raise _detailed_failure(data, cls, cls.store_name(), None)


def check_keys(specs: Mapping[str, object], store: str) -> None:
    """Refuse keys that are not strings, private names and ``backend_group`` (an
    argument of ``from_specs``, never a key)."""
    keys: Iterable[object] = specs  # the annotation says str; a caller may pass anything
    bad = [
        key
        for key in keys
        if not isinstance(key, str) or key.startswith("_") or key == "backend_group"
    ]
    if bad:
        if not all(isinstance(key, str) for key in bad):
            raise BadStoreSpecs(store, [("$", "every key must be a string")])
        raise BadStoreSpecs(store, [(str(key), "unknown key") for key in bad])


def unstructure_specs(location: StoreLocation) -> dict[str, object]:
    """The JSON-compatible specs of ``location``: its keys, ``None``s left out."""
    data = _unstructure_fn(type(location))(location)
    return {key: value for key, value in data.items() if value is not None}


def _problems(exc: BaseException) -> list[tuple[str, str]]:
    """``(key, reason)`` pairs out of a cattrs error; the key is the top-level one."""
    problems: list[tuple[str, str]] = []
    subs = exc.exceptions if isinstance(exc, cattrs.ClassValidationError) else (exc,)
    for sub in subs:
        if isinstance(sub, cattrs.ForbiddenExtraKeysError):
            problems.extend((key, "unknown key") for key in sorted(sub.extra_fields))
        elif isinstance(sub, BadStoreLocation):
            problems.extend(sub.problems)
    for line in describe(exc):
        reason, _, path = line.rpartition(" @ ")
        if path == "$" and (reason.startswith(("unknown keys", "Invalid "))):
            continue  # named one by one above
        key = path.removeprefix("$.").partition(".")[0].partition("[")[0] or "$"
        problems.append((key, reason or line))
    return problems


def _format(exc: BaseException, _: object) -> str:
    if isinstance(exc, KeyError):
        return "required key missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return "unknown keys " + ", ".join(repr(key) for key in sorted(exc.extra_fields))
    return str(exc)


def describe(exc: BaseException) -> list[str]:
    """Every problem of a cattrs structuring error, each as ``"<reason> @ $.<path>"``."""
    if isinstance(exc, cattrs.BaseValidationError):
        return cattrs.transform_error(exc, format_exception=_format)
    return [str(exc)]
