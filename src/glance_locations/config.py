"""Store configuration: the swift account references behind ``swift+config://`` URIs."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from glance_locations._files import read_utf8
from glance_locations.exceptions import BadStoreConfiguration
from glance_locations.fields import secret_field

if TYPE_CHECKING:
    import configparser

    from typing_extensions import Self

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


# Declared: attrs' stub leaves the mapping type of deep_mapping unsolved (pyright: Unknown).
_check_references: Callable[
    [object, attrs.Attribute[Mapping[str, SwiftReference]], Mapping[str, SwiftReference]], None
] = attrs.validators.deep_mapping(
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
    ) -> Self:
        """Read a glance-swift.conf INI file: one section per account reference.

        Values may be wrapped in matching single or double quotes, and ``%`` starts an
        interpolation (``%%`` is a literal ``%``), as glance_store reads the file.
        ``auth_version`` is accepted and ignored; any other unknown key is an error.

        :raises BadStoreConfiguration: the file cannot be read or is malformed; the
            message names the line, section and key, never a value, and nothing chained
            to it (``__cause__``, ``__context__``) holds one either.
        """
        # The helpers return a problem rather than raise it: the error is raised here,
        # from a frame holding no value of the file, with no exception chained to it.
        parsed = _parse(path)
        if isinstance(parsed, str):
            raise BadStoreConfiguration(parsed)
        references: dict[str, SwiftReference] = {}
        for section in parsed.sections():
            reference = _reference(section, parsed[section])
            if isinstance(reference, str):
                raise BadStoreConfiguration(reference)
            references[section] = reference
        return cls(swift_references=references, default_swift_reference=default_swift_reference)


def _parse(path: str | os.PathLike[str]) -> configparser.ConfigParser | str:
    """Read and parse the file; return the parser, or what is wrong.

    The low-level errors quote what they could not read (``UnicodeDecodeError`` holds the
    file's bytes, configparser's errors the offending line), which may be a key: none
    leaves this function, and what is returned names lines, never their text.
    """
    import configparser  # noqa: PLC0415 (loaded on first use: most users never read one)

    shown = repr(os.fspath(path))
    text = read_utf8(path, "swift config", shown)
    if isinstance(text, tuple):
        return text[0]
    parser = configparser.ConfigParser()
    try:
        parser.read_string(text, source="<swift config>")
    except configparser.Error as exc:
        return f"cannot parse swift config {shown}: {_parse_problem(exc)}"
    return parser


def _parse_problem(exc: configparser.Error) -> str:
    """What is wrong, by line, section and key: never the text of a line."""
    import configparser  # noqa: PLC0415 (see _parse)

    if isinstance(exc, configparser.MissingSectionHeaderError):
        return f"line {exc.lineno}: a line before the first [section] header"
    if isinstance(exc, configparser.DuplicateOptionError):
        return f"line {exc.lineno}: section [{exc.section}] repeats key {exc.option!r}"
    if isinstance(exc, configparser.DuplicateSectionError):
        return f"line {exc.lineno}: section [{exc.section}] appears twice"
    if isinstance(exc, configparser.ParsingError):
        lines = ", ".join(str(error[0]) for error in exc.errors)
        return f"line {lines}: not 'key = value', a [section] header or a comment"
    return type(exc).__name__


def _reference(section: str, values: configparser.SectionProxy) -> SwiftReference | str:
    """The reference a section describes, or what is wrong with it (never a value)."""
    import configparser  # noqa: PLC0415 (see _parse)

    from glance_locations._converter import converter  # noqa: PLC0415 (cattrs: on first use)

    where = f"swift config section [{section}]"
    fields: dict[str, str | None] = {}
    for key in values:
        if key in _IGNORED_KEYS:
            continue
        if key not in _REFERENCE_KEYS:
            return f"{where}: unknown key {key!r}"
        try:
            raw = values[key]
        except configparser.Error:  # its message quotes the value
            return f"{where} key {key!r}: bad '%' interpolation (write '%%' for a literal '%')"
        value = raw.strip()
        if value[:1] in {'"', "'"}:
            if len(value) < 2 or value[-1] != value[0]:
                return f"{where} key {key!r}: unclosed quote"
            value = value[1:-1]
        fields[key] = value or None  # an empty value means unset
    if not fields.get("auth_address"):
        return f"{where}: 'auth_address' is missing or empty"
    # Every key is a field name (checked above).
    return converter.structure(fields, SwiftReference)


def _rebuild(references: dict[str, SwiftReference], default: str) -> StoreConfig:
    return StoreConfig(swift_references=references, default_swift_reference=default)
