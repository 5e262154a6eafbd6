"""Store configuration: the swift account references behind ``swift+config://`` URIs."""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from glance_locations.exceptions import BadStoreConfiguration
from glance_locations.fields import secret_field

if TYPE_CHECKING:
    import configparser

__all__ = ["StoreConfig", "SwiftReference"]


def __dir__() -> list[str]:
    return __all__


@attrs.frozen(kw_only=True, slots=True)
class SwiftReference:
    """One account reference of glance-swift.conf: where and how to authenticate.

    Secrets (``key``, ``application_credential_secret``) never show in ``repr``.
    """

    auth_address: str
    user: str | None = None
    key: str | None = secret_field()
    application_credential_id: str | None = None
    application_credential_secret: str | None = secret_field()
    project_name: str | None = None
    project_id: str | None = None
    user_domain_id: str | None = None
    user_domain_name: str | None = None
    project_domain_id: str | None = None
    project_domain_name: str | None = None


def _freeze(refs: Mapping[str, SwiftReference]) -> Mapping[str, SwiftReference]:
    return MappingProxyType(dict(refs))


_check_references = attrs.validators.deep_mapping(
    key_validator=attrs.validators.instance_of(str),
    value_validator=attrs.validators.instance_of(SwiftReference),
)


_REFERENCE_KEYS = frozenset(attrs.fields_dict(SwiftReference))
_IGNORED_KEYS = frozenset({"auth_version"})


@attrs.frozen(kw_only=True, slots=True)
class StoreConfig:
    """Configuration that parsing needs: swift references and the default one."""

    swift_references: Mapping[str, SwiftReference] = attrs.field(
        factory=dict, converter=_freeze, validator=_check_references, hash=False
    )
    default_swift_reference: str = "ref1"

    def __reduce__(self) -> tuple[object, ...]:
        # The read-only mapping cannot be pickled: pickle a plain copy of it.
        return (_rebuild, (dict(self.swift_references), self.default_swift_reference))

    @classmethod
    def from_swift_config(
        cls, path: str | os.PathLike[str], *, default_swift_reference: str = "ref1"
    ) -> StoreConfig:
        """Read a glance-swift.conf INI file: one section per account reference.

        Values may be wrapped in matching single or double quotes, and ``%`` starts an
        interpolation (``%%`` is a literal ``%``), as glance_store reads the file.
        ``auth_version`` is accepted and ignored; any other unknown key is an error.

        :raises BadStoreConfiguration: the file cannot be read or is malformed; the
            message names the section and key, never a value.
        """
        import configparser  # noqa: PLC0415 (loaded on first use: most users never read one)

        parser = configparser.ConfigParser()
        try:
            with open(path, encoding="utf-8") as handle:
                parser.read_file(handle)
        except OSError as exc:
            raise BadStoreConfiguration(
                f"cannot read swift config {os.fspath(path)!r}: {exc.strerror}"
            ) from exc
        except UnicodeDecodeError as exc:
            raise BadStoreConfiguration(
                f"swift config {os.fspath(path)!r} is not valid UTF-8"
            ) from exc
        except configparser.Error as exc:
            # configparser quotes the offending line, which may hold a key: say less.
            line = getattr(exc, "lineno", None)
            where = f" at line {line}" if line is not None else ""
            raise BadStoreConfiguration(
                f"cannot parse swift config {os.fspath(path)!r}{where}: {type(exc).__name__}"
            ) from None
        references = {
            section: _reference(section, parser[section]) for section in parser.sections()
        }
        return cls(swift_references=references, default_swift_reference=default_swift_reference)


def _unquote(section: str, key: str, value: str) -> str:
    if value[:1] in {'"', "'"}:
        if len(value) < 2 or value[-1] != value[0]:
            raise BadStoreConfiguration(
                f"swift config section [{section}] key {key!r}: unclosed quote"
            )
        return value[1:-1]
    return value


def _reference(section: str, values: configparser.SectionProxy) -> SwiftReference:
    import configparser  # noqa: PLC0415 (see from_swift_config)

    from glance_locations._converter import converter  # noqa: PLC0415 (cattrs: on first use)

    fields: dict[str, str] = {}
    for key in values:
        if key in _IGNORED_KEYS:
            continue
        if key not in _REFERENCE_KEYS:
            raise BadStoreConfiguration(f"swift config section [{section}]: unknown key {key!r}")
        try:
            raw = values[key]
        except configparser.InterpolationError:
            # configparser's message quotes the value, which may be a secret: say less.
            raise BadStoreConfiguration(
                f"swift config section [{section}] key {key!r}: bad '%' interpolation "
                "(write '%%' for a literal '%')"
            ) from None
        fields[key] = _unquote(section, key, raw.strip())
    if not fields.get("auth_address"):
        raise BadStoreConfiguration(
            f"swift config section [{section}]: 'auth_address' is missing or empty"
        )
    # Every key is a field name (checked above); an empty value means unset.
    return converter.structure(
        {key: value or None for key, value in fields.items()}, SwiftReference
    )


def _rebuild(references: dict[str, SwiftReference], default: str) -> StoreConfig:
    return StoreConfig(swift_references=references, default_swift_reference=default)
