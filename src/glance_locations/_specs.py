"""glance_store-style ``store_specs`` dicts to typed locations and back, through cattrs.

Three stages, so that the URI rules live in one place (the parsers):

1. cattrs structures the dict into the store's *spec type* (by default the location class
   itself, without ``backend_group``): unknown keys, missing keys and wrong value types
   are all collected at once.
2. The store turns the spec into a location (``_location_from_spec``), normalising what
   glance_store normalises (an ``https://`` prefix on a service URL, say).
3. The location is rendered and parsed back. A location that does not read back as
   itself breaks a URI rule; then each key is tried alone on a known-good spec, so that
   every bad key is named, each with the parser's reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from itertools import repeat
from typing import TYPE_CHECKING, TypeVar, cast

import attrs
import cattrs
from attrs import AttrsInstance
from cattrs.gen import (
    make_dict_structure_fn,
    make_dict_unstructure_fn,
    override,
)

from glance_locations._converter import converter, describe
from glance_locations.exceptions import BadStoreSpecs, BadStoreUri

if TYPE_CHECKING:
    from glance_locations.base import StoreLocation
    from glance_locations.config import StoreConfig

_L = TypeVar("_L", bound="StoreLocation")


SpecStructureFn = Callable[[Mapping[str, object], type[AttrsInstance]], AttrsInstance]
SpecUnstructureFn = Callable[[AttrsInstance], dict[str, object]]

# attrs.evolve and the cattrs generators, typed loosely: mypy's attrs plugin needs a
# concrete class for evolve, and the overrides are keyword arguments built at run time.
_evolve: Callable[..., AttrsInstance] = attrs.evolve
_make_structure: Callable[..., SpecStructureFn] = make_dict_structure_fn
_make_unstructure: Callable[..., SpecUnstructureFn] = make_dict_unstructure_fn


def _not_specs(spec_type: type[AttrsInstance]) -> dict[str, object]:
    """``backend_group`` and private fields are not keys of a specs dict."""
    return {
        field.name: override(omit=True)
        for field in attrs.fields(spec_type)
        if field.name == "backend_group" or field.name.startswith("_")
    }


@cache
def _structure_fn(spec_type: type[AttrsInstance]) -> SpecStructureFn:
    return _make_structure(
        spec_type, converter, _cattrs_forbid_extra_keys=True, **_not_specs(spec_type)
    )


@cache
def _unstructure_fn(spec_type: type[AttrsInstance]) -> SpecUnstructureFn:
    return _make_unstructure(spec_type, converter, **_not_specs(spec_type))


def _spec_keys(spec_type: type[AttrsInstance]) -> list[str]:
    omitted = _not_specs(spec_type)
    return [field.name for field in attrs.fields(spec_type) if field.name not in omitted]


def _problems(exc: BaseException) -> list[tuple[str, str]]:
    """``(key, reason)`` pairs out of a cattrs error; the key is the top-level one."""
    problems: list[tuple[str, str]] = []
    subs = exc.exceptions if isinstance(exc, cattrs.ClassValidationError) else ()
    for sub in subs:
        if isinstance(sub, cattrs.ForbiddenExtraKeysError):
            problems.extend((key, "unknown key") for key in sorted(sub.extra_fields))
    for line in describe(exc):
        reason, _, path = line.rpartition(" @ ")
        if path == "$" and reason.startswith("unknown keys"):
            continue  # named one by one above
        key = path.removeprefix("$.").partition(".")[0].partition("[")[0] or "$"
        problems.append((key, reason or line))
    return problems


@attrs.frozen
class _Failure:
    """Why a spec breaks a URI rule; ``fields`` are those that did not read back."""

    reason: str
    fields: tuple[str, ...] = ()


def from_specs(
    cls: type[_L],
    specs: Mapping[str, object],
    conf: StoreConfig | None,
    backend_group: str | None,
) -> _L:
    """Build a ``cls`` location from ``specs``; see the module docstring."""
    if not isinstance(specs, Mapping):
        raise TypeError(f"store_specs must be a mapping, not {type(specs).__name__}")
    store = cls.SCHEMES[0] if cls.SCHEMES else cls.__name__
    if not all(map(isinstance, cast("Mapping[object, object]", specs), repeat(str))):
        raise BadStoreSpecs(store, [("$", "every key must be a string")])
    specs = cls._coerce_specs(specs)
    spec_type = cls._spec_type()
    type_problems: list[tuple[str, str]] = []
    try:
        spec = _structure_fn(spec_type)(specs, spec_type)
    except (cattrs.BaseValidationError, TypeError, ValueError) as exc:
        # Report these, and go on to check the URI rules on the keys that were fine,
        # the others taking the template's values.
        type_problems = _problems(exc)
        skip = {key for key, _ in type_problems}
        known = _spec_keys(spec_type)
        fine = {key: value for key, value in specs.items() if key in known and key not in skip}
        spec = _evolve(cls._spec_template(), **fine)
    result = _check(cls, spec, conf, backend_group)
    if isinstance(result, _Failure):
        reported = {key for key, _ in type_problems}
        rule_problems = _blame(cls, spec, conf, backend_group, result)
        type_problems += [(key, why) for key, why in rule_problems if key not in reported]
    if type_problems or isinstance(result, _Failure):
        raise BadStoreSpecs(store, type_problems)
    return result


def _check(
    cls: type[_L], spec: AttrsInstance, conf: StoreConfig | None, backend_group: str | None
) -> _L | _Failure:
    """The location the spec describes, or why it breaks a URI rule."""
    try:
        location = cls._location_from_spec(spec, backend_group)
        parsed = cls.from_uri(location.get_uri(), conf=conf, backend_group=backend_group)
    except BadStoreUri as exc:
        return _Failure(exc.reason)
    # Compare what the specs say (a swift+config location's credentials come from the
    # configuration, not from its specs).
    wanted, got = location._spec_from_location(), parsed._spec_from_location()
    if got != wanted:
        differ = tuple(
            key for key in _spec_keys(type(wanted)) if getattr(got, key) != getattr(wanted, key)
        )
        return _Failure("cannot be written as a store URI that reads back the same", differ)
    return parsed


def _blame(
    cls: type[StoreLocation],
    spec: AttrsInstance,
    conf: StoreConfig | None,
    backend_group: str | None,
    failure: _Failure,
) -> list[tuple[str, str]]:
    """Name every key that breaks a rule alone, trying each on the store's template."""
    template = cls._spec_template()
    keys = _spec_keys(type(spec))
    differing = [key for key in keys if getattr(spec, key) not in (None, getattr(template, key))]
    problems = []
    for key in differing:
        alone = _check(cls, _evolve(template, **{key: getattr(spec, key)}), conf, backend_group)
        if isinstance(alone, _Failure):
            problems.append((key, alone.reason))
    if problems:
        # With the bad keys mended, is a combination of the others still wrong?
        mended = _evolve(spec, **{key: getattr(template, key) for key, _ in problems})
        rest = _check(cls, mended, conf, backend_group)
        if not isinstance(rest, _Failure):
            return problems
        failure, differing = rest, []
    # No key is wrong alone: a combination is. Blame the keys that did not read back,
    # else those that differ from the template.
    named = {key for key, _ in problems}
    blamed = [key for key in failure.fields if key in keys] or differing or ["$"]
    return problems + [(key, failure.reason) for key in blamed if key not in named]


def to_specs(location: StoreLocation) -> dict[str, object]:
    """The JSON-compatible specs of ``location``: glance_store's keys, ``None``s left out."""
    spec = location._spec_from_location()
    data = _unstructure_fn(type(spec))(spec)
    return {key: value for key, value in data.items() if value is not None}
