"""The abstract base class of every store location, and its public hooks.

Every instance is valid, however it was made: construction runs the store's component
checks (``FIELD_CHECKS``) and its cross-field rules (:meth:`StoreLocation.location_problems`)
once, and raises :class:`BadStoreLocation` naming every bad field at once. ``from_uri``
lexes a URI and constructs; ``from_specs`` structures a dict with cattrs and constructs;
``attrs.evolve`` constructs. The rules live in one place.

A store class of one's own subclasses :class:`StoreLocation` with ``@attrs.frozen(kw_only=True,
slots=True)`` and provides the hooks: ``SCHEMES``, :meth:`parse` (a checked string to an
instance), :meth:`render` (an instance to its URI), ``FIELD_CHECKS``, optionally
:meth:`location_problems`, :meth:`exposure` and :meth:`normalize_specs`; secret fields are
declared with :func:`glance_locations.fields.secret_field`. See docs/extending.md.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeVar, cast

import attrs

from glance_locations import _lex, components
from glance_locations._redact import MASK, mask_uri
from glance_locations.components import Check, Problem, name
from glance_locations.config import StoreConfig
from glance_locations.exceptions import BadStoreLocation, BadStoreSpecs, BadStoreUri
from glance_locations.fields import secret_fields

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


# One entry per field: (name, whether it must be a str, whether None is allowed, check).
_Plan = tuple[tuple[str, bool, bool, "Check | None"], ...]
_PLANS: dict[type[StoreLocation], _Plan] = {}
_STR_TYPES = frozenset({"str", "str | None", "None | str", "Optional[str]", str})


def _plan(cls: type[StoreLocation]) -> _Plan:
    """How to check each field of ``cls``, worked out once per class."""
    plan = _PLANS.get(cls)
    if plan is None:
        checks: dict[str, Check] = {}
        for klass in reversed(cls.__mro__):
            checks.update(getattr(klass, "FIELD_CHECKS", {}))
        entries: list[tuple[str, bool, bool, Check | None]] = []
        for field in attrs.fields(cls):
            if field.name.startswith("_"):
                continue  # private state, derived by the class itself
            declared = (
                field.type if isinstance(field.type, str) else getattr(field.type, "__name__", "")
            )
            is_str = field.type in _STR_TYPES or declared in _STR_TYPES
            optional = "None" in str(field.type) or "Optional" in str(field.type)
            check = checks.get(field.name) or (name(field.name) if is_str else None)
            entries.append((field.name, is_str, optional, check))
        plan = _PLANS[cls] = tuple(entries)
    return plan


def _odd_value(
    field: str, is_str: bool, optional: bool, check: Check | None, value: object
) -> Problem | None:
    """The problem of a value that is not a ``str`` (``None``, another type)."""
    if value is None and optional:
        return None
    if is_str:
        allowed = "a string or None" if optional else "a string"
        return Problem(field, f"expected {allowed}, not {type(value).__name__}")
    return None  # a field of another type is the store's own business (location_problems)


_VALIDATORS: dict[type[StoreLocation], Callable[[StoreLocation], None]] = {}


class _Builder(Protocol):
    def __call__(self, data: Mapping[str, object], backend_group: str | None) -> StoreLocation: ...


_BUILDERS: dict[type[StoreLocation], _Builder] = {}


def _check_lines(
    cls: type[StoreLocation], namespace: dict[str, object], local: bool, result: str = ""
) -> list[str]:
    """The validation of ``cls``'s fields as straight-line code, for a function whose
    instance is ``self``: each value read from ``self`` (``local=False``) or from the
    local variable named as the field's ``__init__`` parameter (``local=True``). Where
    the instance is valid the function returns ``result`` (an expression, or nothing).

    As attrs writes an ``__init__`` per class, this writes the field checks of the
    class's plan out (no loop over the plan, no ``getattr``), and sums the lengths for
    the length limit once every field passed. A check of ``components`` has the test of
    its common case written inline (:func:`components.fast_path`, and for a
    :func:`components.repeated` check the values it has seen valid), so a valid value
    costs no call; the cross-field rules run when the class has any. What is left on
    failure (naming every problem, the error) is :func:`_finish`. Only names of this
    module, the plan's own objects and the fast-path tests of ``components`` appear in
    the code: nothing of a user's class is put into the text but field names, which are
    Python identifiers.
    """
    namespace.update(_finish=_finish, _odd_value=_odd_value)
    aliases = {field.name: field.alias for field in attrs.fields(cls)}
    lines = ["    problems = None", "    typed = True", "    total = 0"]
    lengths: list[str] = []
    for index, (field, is_str, optional, check) in enumerate(_plan(cls)):
        # attrs refuses names that are not identifiers: never true
        if not field.isidentifier() or not aliases[field].isidentifier():  # pragma: no cover
            raise TypeError(f"field name {field!r} is not an identifier")
        namespace[f"check{index}"] = check
        if local:
            value = aliases[field]  # the __init__ parameter itself
        else:
            value = f"v{index}"
            lines.append(f"    {value} = self.{field}")
        # An optional field is most often None: that test first, then the string's.
        outer = "    " if optional else ""
        if optional:
            lines.append(f"    if {value} is not None:")
        lines.append(f"{outer}    if type({value}) is str:")
        indent = f"{outer}        "
        if optional or not is_str:  # its length counted here, when it has one
            lines.append(f"{indent}total += len({value})")
        lines += _call_lines(index, field, value, check, indent, namespace)
        lines += [
            f"{outer}    else:",
            f"{outer}        problem = _odd_value({field!r}, {is_str!r}, {optional!r},"
            f" check{index}, {value})",
            f"{outer}        if problem is not None:",
            f"{outer}            typed = False",
            f"{outer}            problems = [*(problems or ()), ({field!r}, problem)]",
        ]
        # Once no field has a problem, a required string field holds a str.
        if is_str and not optional:
            lengths.append(f"len({value})")
    # The common case, at once: every field fine, short, no cross-field rule broken.
    lines += [
        "    if problems is None:",
        f"        total += {' + '.join(lengths) or '0'}",
        f"        if total <= {_lex.MAX_URI_LENGTH // 12}:",
    ]
    if cls.location_problems is not StoreLocation.location_problems:
        lines += [
            "            for _ in self.location_problems():",
            "                break",
            "            else:",
            f"                return {result}".rstrip(),
        ]
    else:
        lines.append(f"            return {result}".rstrip())
    lines.append("    _finish(self, problems, typed, total)")
    return lines


def _call_lines(
    index: int,
    field: str,
    value: str,
    check: Check | None,
    indent: str,
    namespace: dict[str, object],
) -> list[str]:
    """The lines that check a ``str`` value (the variable ``value``): the check called
    unless its inline test (a value seen valid before, the common case) passes."""
    if check is None:
        return [f"{indent}pass"]
    fast = components.fast_path(check)
    known = components.known_values(check)
    if known is not None:
        namespace[f"known{index}"] = known
        fast = f"value in known{index}" + ("" if fast is None else f" or ({fast})")
    lines: list[str] = []
    if fast is not None:
        if value != "value":  # the test is an expression over ``value``
            lines.append(f"{indent}value = {value}")
        lines.append(f"{indent}if not ({fast}):")
        indent += "    "
    return [
        *lines,
        f"{indent}problem = check{index}({value})",
        f"{indent}if problem is not None:",
        f"{indent}    problems = [*(problems or ()), ({field!r}, problem)]",
    ]


def _compiled(
    cls: type[StoreLocation], name: str, lines: list[str], namespace: dict[str, object]
) -> Callable[..., None]:
    text = "\n".join(lines)
    exec(compile(text, f"<{name} {cls.__qualname__}>", "exec"), namespace)  # noqa: S102 (our own text, as attrs does)
    function: Callable[..., None] = namespace[name]  # type: ignore[assignment]  # the def above
    return function


def _make_validator(cls: type[StoreLocation]) -> Callable[[StoreLocation], None]:
    """The validation run by the construction of ``cls`` (see :func:`_check_lines`)."""
    namespace: dict[str, object] = {"_validate": _validate, "cls": cls}
    lines = [
        "def validate(self):",
        "    if type(self) is not cls:",  # an instance of a subclass: its own validator
        "        return _validate(self)",
        *_check_lines(cls, namespace, local=False),
    ]
    return _compiled(cls, "validate", lines, namespace)


# What _make_init and _make_builder write for a class: the namespace of the generated
# code, the parameters (positional, keyword-only; each ``(alias, default expression)``,
# the default ``None`` for a required one), and the lines that convert and set each field.
_Parameter = tuple[str, "str | None"]
_Parts = tuple[dict[str, object], list[_Parameter], list[_Parameter], list[str]]


def _init_parts(cls: type[StoreLocation]) -> _Parts | None:
    """What an ``__init__`` doing what attrs' does for ``cls`` is made of, or ``None``
    for a class that attrs' ``__init__`` does more for (see :func:`_make_init`)."""
    attrs_init = cls.__dict__.get("__init__")
    code = getattr(attrs_init, "__code__", None)
    if code is None or not code.co_filename.startswith("<attrs generated"):
        return None  # an __init__ of the class's own making
    if hasattr(cls, "__attrs_pre_init__"):
        return None
    if not _validating_post_init(cls):
        return None
    if any("_attrs_cached_hash" in getattr(klass, "__slots__", ()) for klass in cls.__mro__):
        return None
    namespace: dict[str, object] = {"_validate": _validate, "cls": cls, "_NOTHING": attrs.NOTHING}
    positional: list[_Parameter] = []
    keywords: list[_Parameter] = []
    body: list[str] = []
    for index, field in enumerate(attrs.fields(cls)):
        owner = next((k for k in cls.__mro__ if field.name in k.__dict__), None)
        descriptor = None if owner is None else owner.__dict__[field.name]
        if (
            not field.init
            or field.validator is not None
            or isinstance(field.converter, attrs.Converter)
            or type(descriptor).__name__ != "member_descriptor"
        ):
            return None
        alias = field.alias
        default = field.default
        expression: str | None = None
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]  # attrs.Factory is a class at run time
            if default.takes_self:
                return None
            namespace[f"_factory{index}"] = default.factory
            expression = "_NOTHING"
            body.append(f"    if {alias} is _NOTHING:")
            body.append(f"        {alias} = _factory{index}()")
        elif default is not attrs.NOTHING:
            namespace[f"_default{index}"] = default
            expression = f"_default{index}"
        if field.converter is not None:
            namespace[f"_convert{index}"] = field.converter
            body.append(f"    {alias} = _convert{index}({alias})")
        namespace[f"_set{index}"] = descriptor.__set__  # type: ignore[union-attr]  # a slot's member descriptor
        body.append(f"    _set{index}(self, {alias})")
        (keywords if field.kw_only else positional).append((alias, expression))
    return namespace, positional, keywords, body


def _make_init(cls: type[StoreLocation], parts: _Parts) -> Callable[..., None]:
    """An ``__init__`` for ``cls`` doing what attrs' does, with the validation of
    :func:`_make_validator` run on the arguments as they are set (the same checks; the
    fields are not read back, no ``__attrs_post_init__`` call): a third less time to
    construct a location. Only for a class of :func:`_init_parts`: not one that attrs'
    ``__init__`` does more for (field validators, ``init=False`` fields, converters or
    factories that take the instance, ``__attrs_pre_init__`` or a post-init of its own, a
    cached hash, fields that are not slots).
    """
    namespace, positional, keywords, body = parts
    namespace = dict(namespace)

    def parameter(alias: str, expression: str | None) -> str:
        return alias if expression is None else f"{alias}={expression}"

    signature = ", ".join(
        [
            *(parameter(*item) for item in positional),
            *(["*", *(parameter(*item) for item in keywords)] if keywords else []),
        ]
    )
    lines = [
        f"def __init__(self{', ' if signature else ''}{signature}):",
        *body,
        "    if type(self) is not cls:",  # an instance of a plain subclass: its own rules
        "        return _validate(self)",
        *_check_lines(cls, namespace, local=True),
    ]
    attrs_init = cls.__dict__["__init__"]
    init = _compiled(cls, "__init__", lines, namespace)
    init.__annotations__ = dict(getattr(attrs_init, "__annotations__", {}))
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__doc__ = attrs_init.__doc__
    return init


def _make_builder(cls: type[StoreLocation], parts: _Parts) -> _Builder:
    """``build(data, backend_group)``: the instance of ``cls`` whose ``__init__``
    arguments are the values of ``data`` (by alias) and ``backend_group``, built as the
    generated ``__init__`` builds it but without a call through ``type.__call__`` and
    without binding a dict as keyword arguments (0.73 against 0.83 µs for a file
    location's specs here; 1.84 against 1.86 for swift's, whose 13 reads cost what the
    binding did). A key missing for a required field raises ``KeyError``; the caller has
    made sure ``data`` holds no other keys. Not made for a class with a ``__new__`` of
    its own, which only the class's call runs.
    """
    namespace, positional, keywords, body = parts
    namespace = {**namespace, "_new": object.__new__}
    reads = ["    get = data.get", "    self = _new(cls)"]
    for alias, expression in [*positional, *keywords]:
        if alias == "backend_group":
            continue  # the argument
        if expression is None:
            reads.append(f"    {alias} = data[{alias!r}]")
        else:
            reads.append(f"    {alias} = get({alias!r}, {expression})")
    lines = [
        "def build(data, backend_group):",
        *reads,
        *body,
        *_check_lines(cls, namespace, local=True, result="self"),
        "    return self",
    ]
    return cast("_Builder", _compiled(cls, "build", lines, namespace))


def _validating_post_init(cls: type[StoreLocation]) -> bool:
    """Whether the post-init attrs' ``__init__`` calls for ``cls`` only validates: the
    base's, or a validator of this module (one of a base class, which hands the instance
    to :func:`_validate`); not a post-init of the class's own or of a class it inherits."""
    post_init = getattr(cls, "__attrs_post_init__", None)
    return post_init is StoreLocation.__attrs_post_init__ or any(
        post_init is validator for validator in _VALIDATORS.values()
    )


def _validate(location: StoreLocation) -> None:
    """Validate ``location`` with the validator of its class (see :func:`_prepare`)."""
    cls = type(location)
    validate = _VALIDATORS.get(cls) or _prepare(cls)
    validate(location)


def _prepare(cls: type[StoreLocation]) -> Callable[[StoreLocation], None]:
    """The validator of ``cls``, made on first use (on its first instance, or its first
    ``from_specs``).

    The validator then becomes the class's ``__attrs_post_init__`` (unless the class has
    one of its own or inherits one, which calls :func:`_validate` through ``super()``), so
    that the next construction calls it at once; it hands an instance of a subclass back
    to :func:`_validate`. A class whose attrs ``__init__`` only sets the fields gets the
    ``__init__`` of :func:`_make_init` too, and the builder of :func:`_make_builder`.
    """
    validate = _VALIDATORS.get(cls)
    if validate is None:
        validate = _VALIDATORS[cls] = _make_validator(cls)
        parts = _init_parts(cls)
        if _validating_post_init(cls):
            setattr(cls, "__attrs_post_init__", validate)  # noqa: B010 (a method, set at run time)
        if parts is not None:
            setattr(cls, "__init__", _make_init(cls, parts))  # noqa: B010 (as attrs sets it, at run time)
            if cls.__new__ is object.__new__:  # a __new__ of its own: only through the class
                _BUILDERS[cls] = _make_builder(cls, parts)
    return validate


def _finish(
    location: StoreLocation, problems: list[tuple[str, Problem]] | None, typed: bool, total: int
) -> None:
    """The rest of the validation, once every field had its own check and something may
    be wrong: the cross-field rules (on values of the right types), the length limit,
    the error."""
    if typed:
        if problems is None:
            cross = list(location.location_problems())
        else:
            reported = {field for field, _ in problems}
            cross = [item for item in location.location_problems() if item[0] not in reported]
        if cross:
            problems = [*(problems or ()), *cross]
    if problems is None:
        # A code point renders as at most 12 characters (4 UTF-8 bytes, each ``%XX``):
        # only fields that long can make the URI too long.
        if total <= _lex.MAX_URI_LENGTH // 12:
            return
        size = len(location.get_uri())
        if size <= _lex.MAX_URI_LENGTH:
            return
        problems = [
            (
                "$",
                Problem(
                    "URI",
                    f"its canonical form (get_uri()) is longer than "
                    f"{_lex.MAX_URI_LENGTH} characters ({size})",
                ),
            )
        ]
    raise BadStoreLocation(
        location.store_name(),
        [(field, str(problem)) for field, problem in problems],
        components=[problem.component for _, problem in problems],
    )


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
    #: The component check of each ``str`` field (merged along the class hierarchy). A
    #: ``str`` field without one only has to be non-empty text; fields of other types
    #: are checked by :meth:`location_problems`.
    FIELD_CHECKS: ClassVar[Mapping[str, Check]] = {
        "backend_group": name("backend group", allow_space=False)
    }

    backend_group: str | None = None
    """The multi-backend store name this location belongs to, if any."""

    def __attrs_post_init__(self) -> None:
        _validate(self)

    @classmethod
    def field_problems(cls, values: Mapping[str, object]) -> list[tuple[str, Problem]]:
        """Check each field value of ``values`` (by field name) on its own: what
        construction would say of each, without the cross-field rules."""
        problems: list[tuple[str, Problem]] = []
        for field, is_str, optional, check in _plan(cls):
            if field in values:
                value = values[field]
                if type(value) is str:
                    problem = check(value) if check is not None else None
                else:
                    problem = _odd_value(field, is_str, optional, check, value)
                if problem is not None:
                    problems.append((field, problem))
        return problems

    # --- hooks ----------------------------------------------------------------------

    def location_problems(self) -> Iterator[tuple[str, Problem]]:
        """The store's cross-field rules: ``(field, problem)`` for each broken one.

        Called by construction once every field passed its own check. Default: none.
        """
        return iter(())

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

        cattrs structures the dict (unknown keys, missing keys and wrong value types are
        problems), then the location is constructed, so the store's rules apply.

        :raises BadStoreSpecs: listing every problem of ``specs``, each with its key.
        :raises TypeError: ``specs`` is not a mapping.
        """
        kind: object = type(specs)  # a dict at once; another mapping through the ABC
        if kind is not dict and not isinstance(specs, Mapping):
            raise TypeError(f"store_specs must be a mapping, not {type(specs).__name__}")
        path = _SPECS_PATHS.get(cls)
        if path is None:
            path = _SPECS_PATHS[cls] = _specs_path(cls)
        keys, normalize, build = path
        if conf is not None or backend_group is not None or not keys:
            _check_arguments(conf, backend_group, cls)
        if keys and keys.issuperset(specs):
            # The common case: every key a field's, the values the fields' own. The
            # construction checks every value (its type too), so cattrs is not needed;
            # whatever fails goes to the converter, which names every problem.
            data = specs if normalize is None else normalize(specs, conf=conf)
            try:
                if build is not None:
                    return cast("Self", build(data, backend_group))
                construct = cast("Callable[..., Self]", cls)  # the values' types: it checks
                if backend_group is None:
                    return construct(**data)
                return construct(**data, backend_group=backend_group)
            except BadStoreLocation as exc:
                if _typed(cls, data):
                    store, parts = cls.store_name(), exc.components
                    raise BadStoreSpecs(store, exc.problems, components=parts) from None
            except (TypeError, KeyError):
                pass  # a required key missing (or a store's own key): the converter says
        return cls.location_from_specs(specs, conf=conf, backend_group=backend_group)

    @classmethod
    def location_from_specs(
        cls, specs: Mapping[str, object], *, conf: StoreConfig | None, backend_group: str | None
    ) -> Self:
        """The hook behind :meth:`from_specs`, its arguments already checked: structure
        ``specs`` (after :meth:`normalize_specs`) into the class with cattrs and construct.

        A store whose specs keys are not its fields overrides it (and :meth:`from_specs`
        then always calls it).
        """
        return (_specs_module or _load_specs()).structure_specs(cls, specs, conf, backend_group)

    def to_specs(self) -> dict[str, object]:
        """Return the JSON-compatible ``store_specs`` dict (glance_store's keys).

        ``Cls.from_specs(loc.to_specs()) == loc``. The dict holds any credentials:
        never log or show it.
        """
        return (_specs_module or _load_specs()).unstructure_specs(self)

    def get_uri(self) -> str:
        """Return the store URI, byte-compatible with glance_store.

        The result may contain credentials: store it, never log or show it
        (use :meth:`get_redacted_uri` for that).
        """
        return self.render(redact=False)

    def get_redacted_uri(self) -> str:
        """Return the store URI with every secret replaced by ``***``: safe to log or show.

        :meth:`render` masks the secrets; as a safety net for store classes of one's own,
        any secret field's value (``secret_field``) still in the text is masked too.
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
        """
        schemas = tuple(valid_schemas)
        if not uri.startswith(schemas):
            raise BadStoreUri(
                "Location URI must start with one of the following schemas: " + ", ".join(schemas),
                uri,
                component="scheme",
            )


_L = TypeVar("_L", bound=StoreLocation)


class _Normalize(Protocol):
    def __call__(
        self, specs: Mapping[str, object], *, conf: StoreConfig | None
    ) -> Mapping[str, object]: ...


# Per class, the keys of a specs dict that the construction alone can take (the public
# fields but backend_group, every one a string field), the class's normalize_specs (None
# when it is the base's, which changes nothing), and its builder (:func:`_make_builder`;
# None for a class attrs' ``__init__`` does more for). No keys for a class that has its
# own location_from_specs, is abstract, or has a field of another type than str (which
# cattrs converts): its specs always go to location_from_specs.
_SpecsPath = tuple[frozenset[str], "_Normalize | None", "_Builder | None"]
_SPECS_PATHS: dict[type[StoreLocation], _SpecsPath] = {}


def _specs_path(cls: type[StoreLocation]) -> _SpecsPath:
    normalize = None if _own(cls, "normalize_specs") is None else cls.normalize_specs
    if cls.__dict__.get("_NORMALIZES_OTHER_TYPES_ONLY", False):
        # Its normalize_specs changes only values that are neither str nor None, which
        # the construction refuses: the dict goes to location_from_specs, which calls it.
        normalize = None
    if (
        cls.__abstractmethods__
        or _own(cls, "location_from_specs") is not None
        or not all(is_str for _, is_str, _, _ in _plan(cls))
    ):
        return frozenset(), normalize, None
    keys = frozenset(
        field.name
        for field in attrs.fields(cls)
        if field.name != "backend_group" and not field.name.startswith("_")
    )
    _prepare(cls)
    return keys, normalize, _BUILDERS.get(cls)


def _own(cls: type[StoreLocation], name: str) -> type | None:
    """The class below StoreLocation in ``cls``'s hierarchy that defines ``name``."""
    below = cls.__mro__[: cls.__mro__.index(StoreLocation)]
    return next((klass for klass in below if name in vars(klass)), None)


def _typed(cls: type[StoreLocation], data: Mapping[str, object]) -> bool:
    """Whether every value of ``data`` for a string field is what cattrs takes for it (a
    ``str``; or ``None`` where the field may be ``None``): then the construction's own
    problems are the dict's; else the converter names the values of the wrong type."""
    for field, _, optional, _ in _plan(cls):
        if field in data:
            value = data[field]
            if not isinstance(value, str) and not (optional and value is None):
                return False
    return True


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


# cattrs is imported on the first use of specs, not with the package: importing it is most
# of what ``import glance_locations`` would otherwise cost. Kept here once imported, as
# an import statement in a method costs half a microsecond on every call.
_specs_module: _Specs | None = None


def _load_specs() -> _Specs:
    global _specs_module  # noqa: PLW0603 (set once, on first use)
    from glance_locations import _converter  # noqa: PLC0415 (see above)

    _specs_module = _converter
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
