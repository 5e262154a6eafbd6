"""How a store location's field declares its rule: with the field itself.

A field of a store class is an attrs field whose metadata holds its component check and
whether it is secret; :func:`rule` writes that metadata, :func:`secret_field` declares an
optional secret at once::

    host: str = attrs.field(metadata=rule(components.netloc))
    token: str | None = secret_field(components.userinfo_part("token"))
    key: str = attrs.field(metadata=rule(components.name("key"), secret=True), repr=secret_repr)

Whether a field is text, optional text or of another type is read from its resolved
type (``str``, ``str | None``, ``Optional[str]`` are all the same to it), once, when the
class is made (:func:`describe`); a declaration that cannot work (a check that is not
callable, an unknown metadata key of ours, a secret whose ``repr`` would show it, a
type that does not resolve) raises ``TypeError`` then, not at the first instance.

One marker serves every reader of secrets: ``repr`` (``'***'``), redaction, error
messages and the command line all ask :func:`secret_fields`.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping

import attrs
from attrs import AttrsInstance

from glance_locations._redact import secret_repr
from glance_locations.components import Check, name

__all__ = [
    "CHECK",
    "SECRET",
    "FieldRule",
    "describe",
    "rule",
    "secret_field",
    "secret_fields",
    "secret_repr",
]


def __dir__() -> list[str]:
    return __all__


#: The attrs metadata key of a field's component check (see :func:`rule`).
CHECK = "glance_locations.check"
#: The attrs metadata key that marks a field as secret.
SECRET = "glance_locations.secret"  # noqa: S105 (a metadata key, not a password)
_KEYS = frozenset({CHECK, SECRET})


def rule(check: Check | None = None, *, secret: bool = False) -> Mapping[str, object]:
    """The metadata of a field checked by ``check`` (``None``: the default rule of its
    type: non-empty text without control characters for a text field); ``secret``:
    its value is a credential (then give the field ``repr=secret_repr`` too).

    :raises TypeError: ``check`` is not callable.
    """
    if check is not None and not callable(check):
        raise TypeError(f"a field's check must be callable, not {type(check).__name__}")
    return types.MappingProxyType({CHECK: check, SECRET: secret})


def secret_field(check: Check | None = None, *, default: str | None = None) -> str | None:
    """Declare an optional secret field (a password, a key), checked by ``check``.

    ``repr`` shows it as ``'***'`` when set. A required secret is declared with
    ``attrs.field(metadata=rule(check, secret=True), repr=secret_repr)``.
    """
    field: str | None = attrs.field(
        default=default, repr=secret_repr, metadata=rule(check, secret=True)
    )
    return field


Kind = typing.Literal["text", "optional text", "other"]


@attrs.frozen(slots=True)
class FieldRule:
    """How construction checks one field, read from its declaration."""

    name: str
    """The field's name (the attribute)."""
    kind: Kind
    """``"text"`` (``str``), ``"optional text"`` (``str | None``) or ``"other"``."""
    check: Check | None
    """The component check of a text value; ``None``: none beyond the type's."""
    types: tuple[type, ...]
    """For ``"other"``: the classes a value may be an instance of (empty: any)."""


def describe(cls: type[AttrsInstance]) -> tuple[FieldRule, ...]:
    """Read the rule of every public field of the attrs class ``cls`` from its
    declaration (private fields, ``_name``, are the class's own business).

    :raises TypeError: a declaration that cannot work, naming the field.
    """
    try:
        attrs.resolve_types(cls)
    except Exception as exc:
        raise TypeError(f"{cls.__qualname__}: a field's type does not resolve ({exc})") from None
    rules: list[FieldRule] = []
    for field in attrs.fields(cls):
        metadata: Mapping[str, object] = field.metadata
        ours = {key for key in metadata if key.startswith("glance_locations.")}
        if ours - _KEYS:
            raise TypeError(
                f"{cls.__qualname__}.{field.name}: unknown metadata key "
                f"{sorted(ours - _KEYS)[0]!r} (declare the rule with fields.rule())"
            )
        if metadata.get(SECRET) and field.repr is not secret_repr:
            raise TypeError(
                f"{cls.__qualname__}.{field.name}: a secret field needs repr=secret_repr "
                "(or secret_field()): its repr would show the secret"
            )
        if field.name.startswith("_"):
            continue
        check = metadata.get(CHECK)
        if check is not None and not callable(check):
            raise TypeError(f"{cls.__qualname__}.{field.name}: the check is not callable")
        kind, classes = _kind(field.type)
        if kind == "other" and check is not None:
            raise TypeError(
                f"{cls.__qualname__}.{field.name}: a check takes text, but the field is "
                f"{field.type!r}"
            )
        text_check = typing.cast("Check | None", check)
        if kind != "other" and text_check is None:
            text_check = name(field.name)  # non-empty text without control characters
        rules.append(FieldRule(field.name, kind, text_check, classes))
    return tuple(rules)


def _kind(annotation: object) -> tuple[Kind, tuple[type, ...]]:
    """What a resolved annotation says of a field's values."""
    if annotation is str:
        return "text", ()
    arguments = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        if set(arguments) == {str, type(None)}:
            return "optional text", ()
        if all(isinstance(argument, type) for argument in arguments):
            return "other", tuple(typing.cast("tuple[type, ...]", arguments))
        return "other", ()
    if isinstance(annotation, type):
        return "other", (annotation,)
    return "other", ()  # a generic alias, a TypeVar: the store's own rules check it


def secret_fields(cls: type[AttrsInstance]) -> tuple[str, ...]:
    """The names of the secret fields of an attrs class, in declaration order."""
    return tuple(field.name for field in attrs.fields(cls) if field.metadata.get(SECRET))
