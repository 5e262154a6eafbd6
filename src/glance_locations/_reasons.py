"""Why a URI was refused, as the commands tell an operator: the library's reason,
without the URI (the caller shows it redacted), and for a ``swift+config`` URI read
without a configuration, what to pass."""

from __future__ import annotations

from glance_locations._lex import scheme_of
from glance_locations.config import StoreConfig
from glance_locations.exceptions import BadStoreUri, GlanceStoreException, UnknownScheme

__all__ = ["SWIFT_CONFIG_HINT", "reason", "swift_config_hint"]

SWIFT_CONFIG_HINT = "pass --swift-config FILE, the glance-swift.conf that defines it"


def swift_config_hint(scheme: object, conf: StoreConfig | None) -> str:
    """``" (pass --swift-config FILE ...)"`` for a swift+config location without config."""
    if conf is None and isinstance(scheme, str) and scheme.lower() == "swift+config":
        return f" ({SWIFT_CONFIG_HINT})"
    return ""


def reason(exc: GlanceStoreException, text: str, conf: StoreConfig | None) -> str:
    """Why the URI ``text`` was refused, without the URI."""
    if isinstance(exc, BadStoreUri):
        return exc.reason + swift_config_hint(scheme_of(text), conf)
    if isinstance(exc, UnknownScheme) and not exc.scheme:
        return "not a URI: no 'scheme://' prefix"
    return str(exc)
