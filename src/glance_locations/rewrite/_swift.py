"""``SwiftToConfig``: swift credentials moved from the URIs into a swift configuration."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from glance_locations._addresses import endpoint
from glance_locations._redact import mask_uri
from glance_locations.base import StoreLocation
from glance_locations.config import StoreConfig, SwiftReference
from glance_locations.exceptions import BadStoreUri, RewriteRefused
from glance_locations.rewrite._rule import Rule
from glance_locations.stores import SwiftStoreLocation

__all__ = ["SwiftToConfig"]

_CONFIG = "swift+config"
#: An auth address as identity compares it: ``(https, host, port, path)``.
_Endpoint = tuple[bool, str, int | None, str]


def _endpoint_of_reference(ref: SwiftReference) -> _Endpoint | None:
    """A reference's auth address as a swift+config location resolves it; ``None`` for
    an address that cannot be resolved."""
    address = ref.auth_address
    https = not address.startswith("http://")
    for prefix in ("http://", "https://"):
        if address.startswith(prefix):
            address = address[len(prefix) :]
            break
    address = address.rstrip("/")
    if not address or "://" in address:
        return None
    return (https, *endpoint(address, 443 if https else 80))


def _check_conf(_: object, __: attrs.Attribute[StoreConfig], conf: object) -> None:
    if not isinstance(conf, StoreConfig):
        raise TypeError(f"SwiftToConfig: conf must be a StoreConfig, not {type(conf).__name__}")


@attrs.frozen(slots=True)
class SwiftToConfig(Rule):
    """Move the credentials of swift URIs into references of a swift configuration.

    A ``swift``/``swift+http``/``swift+https`` location with a user and key becomes
    ``swift+config://<reference>/<container>/<obj>`` when one reference of ``conf`` has
    the same auth address (same transport, host case-insensitively, port, path) and the
    same user and key. When several match, ``conf.default_swift_reference`` wins, else the
    first by name. Locations without credentials in the URI are left alone.

    :raises RewriteRefused: (on call) no reference matches.
    :raises TypeError: (at construction) ``conf`` is not a :class:`StoreConfig`.
    """

    conf: StoreConfig = attrs.field(validator=_check_conf)
    _index: Mapping[_Endpoint, tuple[tuple[str, SwiftReference], ...]] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        default = self.conf.default_swift_reference
        index: dict[_Endpoint, list[tuple[str, SwiftReference]]] = {}
        names = sorted(self.conf.swift_references, key=lambda name: (name != default, name))
        for name in names:
            ref = self.conf.swift_references[name]
            address = _endpoint_of_reference(ref)
            # A reference with application credentials resolves to them, never to a key.
            uses_key = ref.user and ref.key and not ref.application_credential_id
            if address is not None and uses_key:
                index.setdefault(address, []).append((name, ref))
        frozen = MappingProxyType({key: tuple(refs) for key, refs in index.items()})
        object.__setattr__(self, "_index", frozen)

    def __reduce__(self) -> tuple[object, ...]:
        return (SwiftToConfig, (self.conf,))

    def __call__(self, loc: StoreLocation) -> StoreLocation:
        # A rule about one store: swift's references are what it moves credentials to.
        if not isinstance(loc, SwiftStoreLocation) or loc.scheme == _CONFIG:
            return loc
        if not (loc.user and loc.key):
            return loc
        https = loc.swift_url.startswith("https:")
        key = (https, *endpoint(loc.auth_or_store_url, 443 if https else 80))
        candidates = self._index.get(key, ())
        for name, ref in candidates:
            assert ref.user is not None  # indexed with both
            assert ref.key is not None
            if ref.user == loc.user and hmac.compare_digest(
                ref.key.encode("utf-8", "surrogatepass"), loc.key.encode("utf-8", "surrogatepass")
            ):
                return self._config_location(name, loc)
        address = mask_uri(loc.swift_url)
        if candidates:
            raise RewriteRefused(
                f"no swift reference has these credentials for the auth address {address}"
            )
        raise RewriteRefused(f"no swift reference has the auth address {address}")

    def _config_location(self, name: str, loc: SwiftStoreLocation) -> SwiftStoreLocation:
        uri = f"{_CONFIG}://{name}/{loc.container}/{loc.obj}"
        try:
            return SwiftStoreLocation.from_uri(
                uri, conf=self.conf, backend_group=loc.backend_group
            )
        except BadStoreUri as exc:
            reason = exc.reason
        raise RewriteRefused(f"swift reference {name!r}: {reason}")
