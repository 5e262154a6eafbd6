"""What a location exposes to a ``LocationPolicy``: each store describes its own."""

from __future__ import annotations

import attrs

__all__ = ["Exposure"]


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
