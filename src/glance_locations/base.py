"""The immutable base class of every store location."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, ClassVar, TypeVar

import attrs
from attrs import AttrsInstance

from glance_locations import _uri
from glance_locations._redact import mask_uri
from glance_locations.config import StoreConfig
from glance_locations.exceptions import BadStoreUri
from glance_locations.fields import SECRET, secret_field, secret_fields

if TYPE_CHECKING:
    from yarl import URL

_L = TypeVar("_L", bound="StoreLocation")

__all__ = ["SECRET", "Exposure", "StoreLocation", "secret_field", "secret_fields"]


@attrs.frozen(kw_only=True, slots=True)
class Exposure:
    """What a location exposes, as a ``LocationPolicy`` needs to know it.

    Each store class describes its own locations (``StoreLocation.exposure``), so the
    policy holds the rules and no knowledge of any store.
    """

    scheme: str
    """The scheme, as :meth:`StoreLocation.get_uri` renders it."""
    hosts: tuple[tuple[str, str], ...] = ()
    """``(component, host)`` for each host the URI names; hosts without IPv6 brackets."""
    credentials: tuple[str, ...] = ()
    """The names of the credential components embedded in the URI."""
    tls: bool | None = None
    """Whether the transport uses TLS; ``None`` when the URI names no such transport."""
    file_path: str | None = None
    """The path of a file on the Glance host, raw as in the URI."""


@attrs.frozen(kw_only=True, slots=True)
class StoreLocation:
    """Where an image's bytes live in one backend: one subclass per kind of store.

    Instances are immutable, hashable, compared by value and picklable; their ``repr``
    never shows a secret. Build them with :meth:`from_uri` (or ``from_specs``), change
    them with :func:`attrs.evolve`.
    """

    #: The URI schemes this class parses, the first being its default.
    SCHEMES: ClassVar[tuple[str, ...]] = ()
    #: Whether a plain space may appear (in the path only) of this store's URIs.
    ALLOWS_SPACE: ClassVar[bool] = False

    backend_group: str | None = None
    """The multi-backend store name this location belongs to, if any."""

    @classmethod
    def from_uri(
        cls: type[_L],
        uri: str | URL,
        *,
        conf: StoreConfig | None = None,
        backend_group: str | None = None,
    ) -> _L:
        """Parse and validate a store URI.

        :raises BadStoreUri: the URI is not a valid URI of this store.
        :raises TypeError: ``uri`` is neither ``str`` nor :class:`yarl.URL`.
        """
        text = uri if type(uri) is str else _uri.coerce(uri)
        if backend_group is not None and not isinstance(backend_group, str):
            raise TypeError(
                f"backend_group must be str or None, not {type(backend_group).__name__}"
            )
        if conf is not None and not isinstance(conf, StoreConfig):
            raise TypeError(f"conf must be a StoreConfig or None, not {type(conf).__name__}")
        if not cls.SCHEMES:
            raise TypeError(
                f"{cls.__name__} is abstract: use a store class or get_location_from_uri()"
            )
        _uri.check_text(text, allow_space=cls.ALLOWS_SPACE)
        location = cls._parse(text, conf, backend_group)
        # get_uri() may quote what the input had raw: a code point takes up to 4 UTF-8
        # bytes, each rendered %XX, so at most 12 characters for 1. The canonical form
        # must fit the limit too, or it could not be parsed back.
        limit = _uri.MAX_URI_LENGTH
        if len(text) > limit // 12:
            size = len(location.get_uri())
            if size > limit:
                raise BadStoreUri(
                    f"URI: its canonical form (get_uri()) is longer than {limit} characters "
                    f"({size})"
                )
        return location

    @classmethod
    def _parse(
        cls: type[_L], text: str, conf: StoreConfig | None, backend_group: str | None
    ) -> _L:
        """Parse ``text``, already checked for length and forbidden characters."""
        raise NotImplementedError

    @classmethod
    def from_specs(
        cls: type[_L],
        specs: Mapping[str, object],
        *,
        conf: StoreConfig | None = None,
        backend_group: str | None = None,
    ) -> _L:
        """Build a location from a glance_store-style ``store_specs`` dict.

        Strict where glance_store is loose: unknown keys, missing keys, values of the
        wrong type and values that break the store's URI rules are all refused.

        :raises BadStoreSpecs: listing every problem of ``specs``, each with its key.
        :raises TypeError: ``specs`` is not a mapping.
        """
        # cattrs is imported on the first use of specs, not with the package.
        from glance_locations._specs import from_specs  # noqa: PLC0415

        return from_specs(cls, specs, conf, backend_group)

    def to_specs(self) -> dict[str, object]:
        """Return the JSON-compatible ``store_specs`` dict (glance_store's keys).

        ``Cls.from_specs(loc.to_specs()) == loc``. The dict holds any credentials:
        never log or show it.
        """
        from glance_locations._specs import to_specs  # noqa: PLC0415 (see from_specs)

        return to_specs(self)

    # Hooks of the specs conversion (see _specs.py); a store whose specs keys are not
    # its fields overrides all four.

    @classmethod
    def _coerce_specs(cls, specs: Mapping[str, object]) -> Mapping[str, object]:
        """Conversions glance_store applies to specs values before reading them: none."""
        return specs

    @classmethod
    def _spec_type(cls) -> type[AttrsInstance]:
        """The attrs class a specs dict is structured into: the location class itself."""
        return cls

    @classmethod
    def _spec_template(cls) -> AttrsInstance:
        """A known-good spec, on which each key is tried alone to name the bad ones."""
        raise NotImplementedError

    @classmethod
    def _location_from_spec(cls: type[_L], spec: AttrsInstance, backend_group: str | None) -> _L:
        """The location a structured spec describes, normalised as glance_store does."""
        assert isinstance(spec, cls)
        if spec.backend_group == backend_group:
            return spec  # the common case: no copy
        return attrs.evolve(spec, backend_group=backend_group)

    def _spec_from_location(self) -> AttrsInstance:
        """The spec object to unstructure into a specs dict."""
        return self

    def get_uri(self) -> str:
        """Return the store URI, byte-compatible with glance_store.

        The result may contain credentials: store it, never log or show it
        (use :meth:`get_redacted_uri` for that).
        """
        raise NotImplementedError

    def get_redacted_uri(self) -> str:
        """Return the store URI with every secret replaced by ``***``: safe to log or show.

        This default masks any userinfo-like part of :meth:`get_uri` (see ``mask_uri``), so
        a store class of one's own is safe without overriding it; the built-in classes
        override it to mask exactly their secret fields.
        """
        return mask_uri(self.get_uri())

    def exposure(self) -> Exposure:
        """Describe this location for a ``LocationPolicy``; each store class overrides it.

        This default serves store classes the library does not know: it reads the scheme
        off the URI and counts any userinfo-like part as a credential. It knows no host.
        """
        uri = self.get_uri()
        embeds = mask_uri(uri) != uri
        return Exposure(
            scheme=uri.partition(":")[0].lower(), credentials=("userinfo",) if embeds else ()
        )

    @staticmethod
    def validate_schemas(uri: str, valid_schemas: Iterable[str]) -> None:
        """Return if ``uri`` starts with one of ``valid_schemas`` (e.g. ``"file://"``).

        :raises BadStoreUri: naming the accepted schemas.
        """
        schemas = tuple(valid_schemas)
        if not uri.startswith(schemas):
            raise BadStoreUri(
                "Location URI must start with one of the following schemas: " + ", ".join(schemas),
                uri,
            )
