"""The package's one cattrs converter, built once and shared.

Private: nothing here is registered on cattrs' global converter, so users' converters
are left alone. Strict: unknown keys are errors, and a string field takes only a ``str``
(cattrs would otherwise call ``str()`` on anything).

Imported on first use (specs, scheme-map dicts, swift config files): importing cattrs
is most of what ``import glance_locations`` would otherwise cost.
"""

from __future__ import annotations

import cattrs

from glance_locations.base import StoreLocation
from glance_locations.registry import _location_class

__all__ = ["converter", "describe"]

converter = cattrs.Converter(forbid_extra_keys=True)


def _strict_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, not {type(value).__name__}")
    return value


converter.register_structure_hook(str, _strict_str)
converter.register_structure_hook_func(
    lambda t: t == type[StoreLocation], lambda value, _: _location_class(value)
)


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
