"""Our side of the comparison: parse with glance_locations, map to an :data:`Outcome`."""

from __future__ import annotations

import re
from collections.abc import Mapping

from glance_locations import BadStoreSpecs, BadStoreUri, StoreLocation
from tests.conformance.model import Accepted, Outcome, Rejected
from tests.conformance.stores import StoreSpec


def _password(uri: str) -> str | None:
    """The likely secret of ``uri``: its authority's userinfo after the first ``:``.

    ``None`` when there is none, or when it is too short or appears elsewhere in the URI
    for a substring search to mean anything.
    """
    authority = re.split(r"[/?#]", uri.partition("://")[2], maxsplit=1)[0]
    userinfo, at, _ = authority.rpartition("@")
    password = userinfo.partition(":")[2]
    if not at or len(password) < 4 or uri.count(password) != 1:
        return None
    return password


def parse(spec: StoreSpec, uri: str) -> Outcome:
    """Parse ``uri`` with our class for ``spec``; any exception becomes :class:`Rejected`.

    Only ``BadStoreUri`` is a legitimate rejection: the classifier fails every other
    ``error``. So these become one too: a location that does not round-trip through
    ``get_uri()`` (``"round trip"``), and the URI's password showing in an error message
    or a location's ``repr`` (``"secret shown"``).
    """
    password = _password(uri) if spec.credentials else None
    try:
        loc = spec.location_class.from_uri(uri, conf=spec.conf)
    except BadStoreUri as exc:
        if password is not None and password in f"{exc} {exc!r}":
            return Rejected("secret shown", "the password is in the error message")
        return Rejected("BadStoreUri", exc.reason)
    except Exception as exc:  # a crash is a finding, recorded as such
        return Rejected(type(exc).__name__, str(exc))
    return _accepted(spec, loc, [] if password is None else [password])


def parse_specs(spec: StoreSpec, specs: Mapping[str, object]) -> Outcome:
    """Build our location from a store_specs dict; as :func:`parse`, with ``BadStoreSpecs``
    the legitimate rejection, and ``from_specs(loc.to_specs()) == loc`` checked too."""
    others = " ".join(str(v) for k, v in specs.items() if k not in spec.secrets)
    secrets = [
        v
        for k, v in specs.items()
        if k in spec.secrets and isinstance(v, str) and len(v) >= 4 and v not in others
    ]
    try:
        loc = spec.location_class.from_specs(specs, conf=spec.conf)
    except BadStoreSpecs as exc:
        if any(secret in f"{exc} {exc!r}" for secret in secrets):
            return Rejected("secret shown", "a secret value is in the error message")
        return Rejected("BadStoreSpecs", str(exc))
    except Exception as exc:  # a crash is a finding, recorded as such
        return Rejected(type(exc).__name__, str(exc))
    try:
        again = spec.location_class.from_specs(loc.to_specs(), conf=spec.conf)
    except BadStoreSpecs as exc:
        return Rejected("round trip", f"to_specs() does not build back: {exc}")
    if again != loc:
        return Rejected("round trip", f"to_specs() builds {again!r}")
    return _accepted(spec, loc, secrets)


def _accepted(spec: StoreSpec, loc: StoreLocation, secrets: list[str]) -> Outcome:
    if any(secret in repr(loc) for secret in secrets):
        return Rejected("secret shown", "a secret is in the repr")
    rendered = loc.get_uri()
    cls = spec.location_class
    try:
        again = cls.from_uri(rendered, conf=spec.conf, backend_group=loc.backend_group)
    except BadStoreUri as exc:
        return Rejected("round trip", f"get_uri() {rendered!r} does not parse: {exc.reason}")
    if again != loc:
        return Rejected("round trip", f"get_uri() {rendered!r} parses to {again!r}")
    return Accepted({name: getattr(loc, name) for name in spec.compared_fields}, rendered)
