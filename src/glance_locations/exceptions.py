"""Errors raised by glance_locations.

Every error derives from :class:`GlanceStoreException`. No message, ``str`` or ``repr`` of
an error ever holds a secret of the input: a URI shown in a message is always masked first.
"""

from __future__ import annotations

from collections.abc import Iterable

from glance_locations._redact import mask_uri

__all__ = [
    "BadStoreConfiguration",
    "BadStoreSpecs",
    "BadStoreUri",
    "ForbiddenLocation",
    "GlanceStoreException",
    "UnknownBackend",
    "UnknownScheme",
]


def __dir__() -> list[str]:
    return __all__


class GlanceStoreException(Exception):
    """Base class of every error of this library."""

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

    def __init__(self, scheme: str, message: str | None = None) -> None:
        self.scheme = scheme
        super().__init__(message or f"Unknown scheme {scheme!r} found in URI")


class UnknownBackend(UnknownScheme):
    """The scheme is known, but not for the requested backend."""

    def __init__(self, scheme: str, backend: str) -> None:
        self.backend = backend
        super().__init__(scheme, f"Scheme {scheme!r} is not registered for backend {backend!r}")


class BadStoreUri(GlanceStoreException, ValueError):
    """A store URI is malformed; ``reason`` says which component is wrong and why.

    ``uri`` is the offending URI with every possible credential masked, or ``None``.
    """

    def __init__(self, reason: str, uri: str | None = None) -> None:
        self.reason = reason
        self.uri = None if uri is None else mask_uri(uri)
        message = f"Invalid store URI: {reason}"
        if self.uri is not None:
            message = f"{message} (in {self.uri!r})"
        super().__init__(message)


class BadStoreConfiguration(GlanceStoreException):
    """Store configuration (a scheme map, a glance-swift.conf file) is invalid."""


class BadStoreSpecs(GlanceStoreException, ValueError):
    """A ``store_specs`` dict has problems; ``problems`` lists each as ``(key, reason)``.

    Every problem of the dict is reported at once. Values are never shown, only keys.
    """

    def __init__(self, store: str, problems: Iterable[tuple[str, str]]) -> None:
        self.store = store
        self.problems = tuple(problems)
        lines = "; ".join(f"{key!r}: {reason}" for key, reason in self.problems)
        super().__init__(f"Invalid {store} store specs: {lines}")

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys named by the problems, in order."""
        return tuple(key for key, _ in self.problems)


class ForbiddenLocation(GlanceStoreException):
    """A location is well formed but refused by a :class:`LocationPolicy`."""

    def __init__(self, reasons: Iterable[str]) -> None:
        self.reasons = tuple(reasons)
        super().__init__("Location refused by policy: " + "; ".join(self.reasons))
