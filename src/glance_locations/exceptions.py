"""Errors raised by glance_locations.

Every error derives from :class:`GlanceStoreException`. No message, ``str`` or ``repr`` of
an error ever holds a secret of the input: a URI shown in a message is always masked first.
"""

from __future__ import annotations

from collections.abc import Iterable

from glance_locations._redact import mask_uri

__all__ = [
    "BadLocationEntry",
    "BadStoreConfiguration",
    "BadStoreLocation",
    "BadStoreSpecs",
    "BadStoreUri",
    "ForbiddenLocation",
    "GlanceStoreException",
    "RewriteRefused",
    "UnknownBackend",
    "UnknownScheme",
]


def __dir__() -> list[str]:
    return __all__


class GlanceStoreException(Exception):
    """Base class of every error of this library."""

    message: str
    """The whole message; it never holds a secret."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"

    def __reduce__(self) -> tuple[object, ...]:
        # Pickle through the public constructor of each subclass.
        return (_rebuild, (type(self), self.__dict__.copy()))


def _rebuild(cls: type[GlanceStoreException], state: dict[str, object]) -> GlanceStoreException:
    err = cls.__new__(cls)
    Exception.__init__(err, state.get("message", ""))
    err.__dict__.update(state)
    return err


class UnknownScheme(GlanceStoreException):
    """No store location class is registered for a URI's scheme."""

    scheme: str
    """The scheme that is not registered (``""`` when the URI has none)."""

    def __init__(self, scheme: str, message: str | None = None) -> None:
        self.scheme = scheme
        super().__init__(message or f"Unknown scheme {scheme!r} found in URI")


class UnknownBackend(UnknownScheme):
    """The scheme is known, but not for the requested backend."""

    backend: str
    """The backend the scheme was looked up for."""

    def __init__(self, scheme: str, backend: str) -> None:
        self.backend = backend
        super().__init__(scheme, f"Scheme {scheme!r} is not registered for backend {backend!r}")


class BadStoreUri(GlanceStoreException, ValueError):
    """A store URI is malformed; ``reason`` says which component is wrong and why.

    ``component`` names that component as data (``"port"``, ``"host"``, ``"userinfo"``,
    ``"path"``, a store's own name such as ``"pool"``), or is ``None`` when the URI as a
    whole is wrong. ``uri`` is the offending URI with every possible credential masked,
    or ``None``.
    """

    reason: str
    """Why the URI is refused, starting with the component: ``"port: must be ..."``."""
    component: str | None
    """The URI component that is wrong, or ``None`` for the URI as a whole."""
    uri: str | None
    """The URI, masked (never a secret), or ``None``."""

    def __init__(
        self, reason: str, uri: str | None = None, *, component: str | None = None
    ) -> None:
        self.reason = reason
        self.component = component
        self.uri = None if uri is None else mask_uri(uri)
        message = f"Invalid store URI: {reason}"
        if self.uri is not None:
            message = f"{message} (in {self.uri!r})"
        super().__init__(message)


class BadStoreConfiguration(GlanceStoreException):
    """Store configuration (a scheme map, a glance-swift.conf file) is invalid."""


class BadStoreLocation(GlanceStoreException, ValueError):
    """A store location's fields break its store's rules; every problem at once.

    Raised by direct construction and :func:`attrs.evolve`. ``problems`` holds each
    problem as ``(field, reason)``; values are never shown, only field names.
    """

    store: str
    """The store (or class) whose rules were broken."""
    problems: tuple[tuple[str, str], ...]
    """Every problem, each as ``(field name, reason)``."""
    components: tuple[str | None, ...]
    """For each problem, the URI component it concerns (``"port"`` for a ``netloc``
    field), or ``None`` when not known."""

    def __init__(
        self,
        store: str,
        problems: Iterable[tuple[str, str]],
        *,
        components: Iterable[str | None] | None = None,
    ) -> None:
        self.store = store
        self.problems = tuple(problems)
        self.components = (
            tuple(components) if components is not None else (None,) * len(self.problems)
        )
        lines = "; ".join(f"{key!r}: {reason}" for key, reason in self.problems)
        super().__init__(f"Invalid {store} {self._what}: {lines}")

    _what = "store location"

    @property
    def keys(self) -> tuple[str, ...]:
        """The fields (or keys) named by the problems, in order."""
        return tuple(key for key, _ in self.problems)


class BadStoreSpecs(BadStoreLocation):
    """A ``store_specs`` dict has problems; ``problems`` lists each as ``(key, reason)``.

    Every problem of the dict is reported at once, keyed by specs key. Values are never
    shown, only keys.
    """

    _what = "store specs"


class BadLocationEntry(BadStoreLocation):
    """A location entry of the images API (a ``locations`` item, an add-location body, its
    ``validation_data``) has problems; ``problems`` lists each as ``(JSON path, reason)``.

    Every problem at once, keyed by JSON path (``$.validation_data.os_hash_value``).
    Values are never shown, only paths: a URL that does not parse gives its reason.

    .. versionadded:: 0.2
    """

    _what = "location entry"


class ForbiddenLocation(GlanceStoreException):
    """A location is well formed but refused by a :class:`LocationPolicy`."""

    reasons: tuple[str, ...]
    """Every rule the location broke, each naming the rule and the component."""

    def __init__(self, reasons: Iterable[str]) -> None:
        self.reasons = tuple(reasons)
        super().__init__("Location refused by policy: " + "; ".join(self.reasons))


class RewriteRefused(GlanceStoreException):
    """A rewrite rule applies to a location but cannot rewrite it; ``reason`` says why."""

    reason: str
    """Why the rule refused (never a secret)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"Rewrite refused: {reason}")
