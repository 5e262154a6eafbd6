"""The abstract base class of every store location, and its public hooks.

Every instance is valid, however it was made. A field's rule is declared with the field
(:func:`glance_locations.fields.rule`); attrs writes ``__init__``, and its
``__attrs_post_init__`` runs every field's rule, then the store's cross-field rules
(:meth:`StoreLocation.location_problems`), and raises :class:`BadStoreLocation` naming
every problem at once. Each path is a call of the class: ``from_uri`` checks the text,
cuts it and constructs; ``from_specs`` normalises the dict, structures it with a private
cattrs converter and constructs; ``attrs.evolve``, ``copy`` and ``pickle`` construct
(:meth:`StoreLocation.__reduce__`).

A store class of one's own subclasses :class:`StoreLocation` with ``@attrs.frozen(kw_only=True,
slots=True)`` and provides the hooks: ``SCHEMES``, :meth:`parse` (a checked string to an
instance), :meth:`render` (an instance to its URI), fields declared with their rules,
optionally :meth:`location_problems`, :meth:`exposure`, :meth:`identity_key` and
:meth:`normalize_specs`. See docs/extending.md.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeVar, cast

import attrs

from glance_locations import _lex
from glance_locations._redact import MASK, mask_uri
from glance_locations.components import Problem, name
from glance_locations.config import StoreConfig
from glance_locations.exceptions import BadStoreLocation, BadStoreUri
from glance_locations.fields import FieldRule, describe, rule, secret_fields

if TYPE_CHECKING:
    from typing_extensions import Self
    from yarl import URL

__all__ = ["Exposure", "StoreLocation"]


def __dir__() -> list[str]:
    return __all__


@attrs.frozen(kw_only=True, slots=True)
class Exposure:
    """What a location exposes, as a ``LocationPolicy`` needs to know it.

    Each store class describes its own locations (:meth:`StoreLocation.exposure`), so the
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


#: The most a store's :meth:`StoreLocation.render` may add to its fields' text: its
#: scheme and delimiters. A field's value is written at most percent-encoded (12
#: characters for one of 4 UTF-8 bytes); a location whose fields are short enough for
#: that bound to stay under the URI length limit is not rendered to measure it.
RENDER_OVERHEAD = 1024


def value_problem(field: FieldRule, value: object) -> Problem | None:
    """What construction says of one field's value on its own (the field's rule)."""
    if field.kind == "other":
        if not field.types or isinstance(value, field.types):
            return None
        expected = " or ".join(kind.__name__ for kind in field.types)
        return Problem(field.name, f"expected {expected}, not {type(value).__name__}")
    if type(value) is str:
        return None if field.check is None else field.check(value)
    if value is None and field.kind == "optional text":
        return None
    expected = "a string or None" if field.kind == "optional text" else "a string"
    return Problem(field.name, f"expected {expected}, not {type(value).__name__}")


def _restore(cls: type[StoreLocation], values: Mapping[str, object]) -> StoreLocation:
    """Rebuild a pickled or copied location: a call of its class, so its rules run."""
    given: tuple[object, object] = (cls, values)  # a pickle may hold anything
    if not isinstance(given[0], type) or not issubclass(given[0], StoreLocation):
        raise TypeError(f"not a store location class: {type(given[0]).__name__}")
    if not isinstance(given[1], Mapping):
        raise TypeError(f"a store location's state is a mapping, not {type(given[1]).__name__}")
    construct = cast("Callable[..., StoreLocation]", cls)  # the values' types: it checks
    return construct(**values)


@attrs.frozen(kw_only=True, slots=True)
class StoreLocation(abc.ABC):
    """Where an image's bytes live in one backend: one subclass per kind of store.

    Instances are immutable, hashable, compared by value, picklable, and always valid;
    their ``repr`` never shows a secret. Build them with :meth:`from_uri`,
    :meth:`from_specs` or the constructor, change them with :func:`attrs.evolve`.
    """

    #: The URI schemes this class parses, the first being its default.
    SCHEMES: ClassVar[tuple[str, ...]] = ()
    #: Whether a plain space may appear (in the path only) of this store's URIs.
    ALLOWS_SPACE: ClassVar[bool] = False
    #: The rule of each public field, read from the fields' declarations when the class
    #: is made (:func:`glance_locations.fields.describe`); construction runs them.
    FIELD_RULES: ClassVar[tuple[FieldRule, ...]] = ()

    backend_group: str | None = attrs.field(
        default=None, metadata=rule(name("backend group", allow_space=False))
    )
    """The multi-backend store name this location belongs to, if any."""

    @classmethod
    def __attrs_init_subclass__(cls) -> None:
        # attrs calls it once the class is made: a declaration that cannot work fails now.
        own = cls.__dict__.get("__attrs_post_init__")
        code = getattr(own, "__code__", None)
        if own is not None and "__attrs_post_init__" not in getattr(code, "co_names", ()):
            raise TypeError(
                f"{cls.__qualname__}.__attrs_post_init__ must call "
                "super().__attrs_post_init__(): the location's rules run there"
            )
        cls.FIELD_RULES = describe(cls)

    def __attrs_post_init__(self) -> None:
        problems: list[tuple[str, Problem]] = []
        total = 0
        typed = True  # every value of its field's type: the cross-field rules can read them
        for field in self.FIELD_RULES:
            value = getattr(self, field.name)
            if field.check is not None and type(value) is str:  # a text field, text
                total += len(value)
                problem = field.check(value)
            elif value is None and field.kind == "optional text":
                continue
            else:
                problem = value_problem(field, value)
            if problem is not None:
                problems.append((field.name, problem))
                typed = typed and type(value) is str
        if typed:
            problems.extend(self.location_problems())
        if not problems and total * 12 + RENDER_OVERHEAD > _lex.MAX_URI_LENGTH:
            size = len(self.get_uri())
            if size > _lex.MAX_URI_LENGTH:
                reason = (
                    f"its canonical form (get_uri()) is longer than {_lex.MAX_URI_LENGTH} "
                    f"characters ({size})"
                )
                problems.append(("$", Problem("URI", reason)))
        if problems:
            raise BadStoreLocation(
                self.store_name(),
                [(field, str(problem)) for field, problem in problems],
                components=[problem.component for _, problem in problems],
            )

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle and copy through the constructor: a stale or crafted state is refused
        as any bad value is (:class:`BadStoreLocation`)."""
        values = {field.alias: getattr(self, field.name) for field in attrs.fields(type(self))}
        return _restore, (type(self), values)

    @classmethod
    def field_problems(cls, values: Mapping[str, object]) -> list[tuple[str, Problem]]:
        """Check each field value of ``values`` (by field name) on its own: what
        construction would say of each, without the cross-field rules."""
        return [
            (field.name, problem)
            for field in cls.FIELD_RULES
            if field.name in values
            for problem in [value_problem(field, values[field.name])]
            if problem is not None
        ]

    # --- hooks ----------------------------------------------------------------------

    def location_problems(self) -> Iterable[tuple[str, Problem]]:
        """The store's cross-field rules: ``(field, problem)`` for each broken one (a
        list, or a generator).

        Called by construction once every value is of its field's type. Default: none.
        """
        return ()

    @classmethod
    @abc.abstractmethod
    def parse(cls, text: str, *, conf: StoreConfig | None, backend_group: str | None) -> Self:
        """Build an instance from ``text``, a URI already checked for its length,
        control characters, white space and fragment.

        Cut the text into raw parts (the helpers of ``components`` say what each holds),
        decode what the store decodes, and construct: construction runs the rules. Raise
        :class:`BadStoreUri` (with ``component``) for a URI that cannot be cut.
        """

    @abc.abstractmethod
    def render(self, *, redact: bool) -> str:
        """Return the URI; with ``redact``, every secret written as ``***``."""

    def exposure(self) -> Exposure:
        """Describe this location for a ``LocationPolicy``; stores override it.

        This default serves store classes that do not: it reads the scheme off the URI
        and counts any set secret field, or userinfo-like part, as a credential. It
        knows no host.
        """
        uri = self.get_uri()
        held = tuple(field for field in secret_fields(type(self)) if getattr(self, field))
        if not held and mask_uri(uri) != uri:
            held = ("userinfo",)
        return Exposure(scheme=uri.partition(":")[0].lower(), credentials=held)

    def identity_key(self) -> Hashable:
        """What this location points at, credentials left out: a hashable value, equal
        for two locations that name the same bytes (``glance_locations.rewrite.identity``).

        Default: the class's qualified name and every field but the secret ones and
        ``backend_group``. A store overrides it to compare as its service does (host
        names case-insensitively, a default port left out).
        """
        cls = type(self)
        hidden = {*secret_fields(cls), "backend_group"}
        fields = tuple(
            (field.name, getattr(self, field.name))
            for field in attrs.fields(cls)
            if field.name not in hidden and not field.name.startswith("_")
        )
        return (f"{cls.__module__}.{cls.__qualname__}", fields)

    @classmethod
    def normalize_specs(
        cls, specs: Mapping[str, object], *, conf: StoreConfig | None
    ) -> Mapping[str, object]:
        """The conversions glance_store applies to a specs dict before reading it.

        Called before cattrs structures the dict into the class (keys are the public
        field names but ``backend_group``). Default: none.
        """
        return specs

    @classmethod
    def store_name(cls) -> str:
        """The store's name in messages: its first scheme, else the class name."""
        return cls.SCHEMES[0] if cls.SCHEMES else cls.__name__

    # --- the public API ---------------------------------------------------------------

    @classmethod
    def from_uri(
        cls,
        uri: str | URL,
        *,
        conf: StoreConfig | None = None,
        backend_group: str | None = None,
    ) -> Self:
        """Parse and validate a store URI.

        :raises BadStoreUri: the URI is not a valid URI of this store; ``component``
            names the part that is wrong.
        :raises TypeError: ``uri`` is neither ``str`` nor :class:`yarl.URL`.
        """
        text = uri if type(uri) is str else _lex.coerce(uri)
        if conf is not None or backend_group is not None or cls.__abstractmethods__:
            _check_arguments(conf, backend_group, cls)
        try:
            _lex.check_text(text, allow_space=cls.ALLOWS_SPACE)
            return cls.parse(text, conf=conf, backend_group=backend_group)
        except BadStoreLocation as exc:
            # The one boundary: a field's problem becomes the URI's, with the URI masked.
            reason = "; ".join(reason for _, reason in exc.problems)
            error = BadStoreUri(reason, text, component=exc.components[0])
        except BadStoreUri as exc:
            if exc.uri is not None:
                raise
            error = BadStoreUri(exc.reason, text, component=exc.component)
        raise error from None

    @classmethod
    def from_specs(
        cls,
        specs: Mapping[str, object],
        *,
        conf: StoreConfig | None = None,
        backend_group: str | None = None,
    ) -> Self:
        """Build a location from a glance_store-style ``store_specs`` dict.

        The store normalises the dict (:meth:`normalize_specs`), cattrs structures it
        (unknown keys, missing keys and wrong value types are problems), and the class
        is constructed, so the store's rules apply.

        :raises BadStoreSpecs: listing every problem of ``specs``, each with its key.
        :raises TypeError: ``specs`` is not a mapping.
        """
        given: object = specs  # the annotation says Mapping; a caller may pass anything
        if type(given) is not dict and not isinstance(given, Mapping):
            raise TypeError(f"store_specs must be a mapping, not {type(given).__name__}")
        if conf is not None or backend_group is not None or cls.__abstractmethods__:
            _check_arguments(conf, backend_group, cls)
        return cls.location_from_specs(specs, conf=conf, backend_group=backend_group)

    @classmethod
    def location_from_specs(
        cls, specs: Mapping[str, object], *, conf: StoreConfig | None, backend_group: str | None
    ) -> Self:
        """The hook behind :meth:`from_specs`, its arguments already checked: structure
        ``specs`` (after :meth:`normalize_specs`) into the class with cattrs and construct.

        A store whose specs keys are not its fields overrides it.
        """
        return (_specs or _load_specs()).structure_specs(cls, specs, conf, backend_group)

    def to_specs(self) -> dict[str, object]:
        """Return the JSON-compatible ``store_specs`` dict (glance_store's keys).

        ``Cls.from_specs(loc.to_specs()) == loc``. The dict holds any credentials:
        never log or show it.
        """
        return (_specs or _load_specs()).unstructure_specs(self)

    def get_uri(self) -> str:
        """Return the store URI, byte-compatible with glance_store.

        The result may contain credentials: store it, never log or show it
        (use :meth:`get_redacted_uri` for that).
        """
        return self.render(redact=False)

    def get_redacted_uri(self) -> str:
        """Return the store URI with every secret replaced by ``***``: safe to log or show.

        :meth:`render` masks the secrets; as a safety net for store classes of one's own,
        any secret field's value still in the text is masked too.
        """
        uri = self.render(redact=True)
        for field in secret_fields(type(self)):
            value = getattr(self, field)
            if value and value != MASK and value in uri and uri == self.render(redact=False):
                uri = uri.replace(value, MASK)  # render() ignored ``redact``
        return uri

    @staticmethod
    def validate_schemas(uri: str, valid_schemas: Iterable[str]) -> None:
        """Return if ``uri`` starts with one of ``valid_schemas`` (e.g. ``"file://"``).

        :raises BadStoreUri: naming the accepted schemas.
        :raises TypeError: ``uri`` is not a string, or a schema is not one.
        """
        given: object = uri
        if not isinstance(given, str):
            raise TypeError(f"uri must be a str, not {type(given).__name__}")
        if isinstance(valid_schemas, str):
            raise TypeError("valid_schemas must be an iterable of str, not one str")
        schemas = tuple(valid_schemas)
        for schema in schemas:
            if not isinstance(schema, str):
                raise TypeError(f"a schema must be a str, not {type(schema).__name__}")
        if not uri.startswith(schemas):
            raise BadStoreUri(
                "Location URI must start with one of the following schemas: " + ", ".join(schemas),
                uri,
                component="scheme",
            )


class _Specs(Protocol):
    """What base needs of ``_converter`` (the module is the implementation)."""

    def structure_specs(
        self,
        cls: type[_L],
        specs: Mapping[str, object],
        conf: StoreConfig | None,
        backend_group: str | None,
    ) -> _L: ...

    def unstructure_specs(self, location: StoreLocation) -> dict[str, object]: ...


_L = TypeVar("_L", bound=StoreLocation)

# cattrs is imported with the first specs dict, not with the package (it is most of what
# ``import glance_locations`` would cost); the module is kept here once imported.
_specs: _Specs | None = None


def _load_specs() -> _Specs:
    global _specs  # noqa: PLW0603 (set once, on first use)
    from glance_locations import _converter  # noqa: PLC0415 (see above)

    _specs = _converter
    return _converter


def _check_arguments(conf: object, backend_group: object, cls: type[StoreLocation]) -> None:
    if cls.__abstractmethods__:
        raise TypeError(
            f"{cls.__name__} is abstract (it lacks {', '.join(sorted(cls.__abstractmethods__))}):"
            " use a store class or get_location_from_uri()"
        )
    if backend_group is not None and not isinstance(backend_group, str):
        raise TypeError(f"backend_group must be str or None, not {type(backend_group).__name__}")
    if conf is not None and not isinstance(conf, StoreConfig):
        raise TypeError(f"conf must be a StoreConfig or None, not {type(conf).__name__}")
