"""Field markers for store location classes: which fields are secret.

One marker serves every reader: ``repr`` (``'***'``), redaction, error messages and the
command line all ask :func:`secret_fields`.
"""

from __future__ import annotations

import functools

import attrs
from attrs import AttrsInstance

from glance_locations._redact import secret_repr

__all__ = ["SECRET", "secret_field", "secret_fields"]


def __dir__() -> list[str]:
    return __all__


#: The attrs metadata key that marks a field as secret (see :func:`secret_field`).
SECRET = "glance_locations.secret"  # noqa: S105 (a metadata key, not a password)


def secret_field(*, default: str | None = None) -> str | None:
    """Declare an optional secret field (a password, a key) of an attrs class.

    ``repr`` shows it as ``'***'`` when set. A field declared another way is secret when
    its metadata holds ``{SECRET: True}`` (give it ``repr=secret_repr`` too).
    """
    field: str | None = attrs.field(default=default, repr=secret_repr, metadata={SECRET: True})
    return field


@functools.cache
def secret_fields(cls: type[AttrsInstance]) -> tuple[str, ...]:
    """The names of the secret fields of an attrs class, in declaration order."""
    return tuple(field.name for field in attrs.fields(cls) if field.metadata.get(SECRET))
