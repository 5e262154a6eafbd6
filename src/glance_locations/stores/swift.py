"""``swift://`` locations: an object in OpenStack Swift.

Grammar::

    swift-uri  = ( "swift" / "swift+http" / "swift+https" ) "://"
                 [ user ":" key "@" ] host [ ":" port ] *( "/" segment ) "/" container "/" obj
    config-uri = "swift+config://" reference "/" container "/" obj

``user`` and ``key`` are percent-encoded; the decoded userinfo is split at its last ``:``,
so a user may contain ``:`` and a key may not. Everything before the container (host,
port and any path prefix such as ``/v1``) is the auth address or, for a multi-tenant
store, the storage URL. A ``swift+config`` URI names an account reference of the swift
configuration (glance-swift.conf), which holds the auth address and the credentials.
"""

from __future__ import annotations

import sys
from collections.abc import Hashable, Iterator, Mapping
from typing import ClassVar, NamedTuple

import attrs

from glance_locations import _lex, components
from glance_locations._addresses import endpoint
from glance_locations._redact import MASK
from glance_locations.base import Exposure, StoreLocation
from glance_locations.components import Problem
from glance_locations.config import StoreConfig
from glance_locations.exceptions import BadStoreSpecs
from glance_locations.fields import rule, secret_field

__all__ = ["SwiftStoreLocation"]

_CONFIG = "swift+config"
_NAMES = ("container", "object")
_TWO_SCHEMES = (
    "to reach the auth address over http or https write swift+http:// or swift+https:// "
    "(e.g. swift+http://user:key@authurl.com/v1/container/obj)"
)
_REFERENCE = components.segment("reference", forbid="@:")
# The fields a swift+config location takes from its reference, never from a URI or specs.
_FROM_REFERENCE = (
    "user",
    "key",
    "application_credential_id",
    "application_credential_secret",
    "project_name",
    "project_id",
)
# The specs of a swift+config location: the reference, and where it points.
_CONFIG_SPECS = frozenset({"scheme", "reference", "container", "obj", "auth_or_store_url"})


@attrs.frozen(kw_only=True, slots=True)
class SwiftStoreLocation(StoreLocation):
    """A Swift object: auth address (or storage URL), container and object name.

    ``user``/``key`` hold the decoded credentials of the URI, or of the account
    reference of a ``swift+config`` URI; a reference with application credentials sets
    ``application_credential_id``/``application_credential_secret`` (and the project)
    instead. ``auth_or_store_url`` is ``host[:port][/path]`` without a scheme; container
    and object names are kept raw, as glance_store keeps them.
    """

    SCHEMES: ClassVar[tuple[str, ...]] = ("swift", "swift+http", "swift+https", _CONFIG)

    scheme: str = attrs.field(default="swift")  # one of SCHEMES: location_problems
    user: str | None = attrs.field(default=None, metadata=rule(components.credential("user")))
    key: str | None = secret_field(components.credential("key"))
    application_credential_id: str | None = attrs.field(
        default=None, metadata=rule(components.name("application_credential_id"))
    )
    application_credential_secret: str | None = secret_field(
        components.credential("application credential secret")
    )
    project_name: str | None = None
    project_id: str | None = None
    auth_or_store_url: str = attrs.field(metadata=rule(components.address("auth_or_store_url")))
    container: str = attrs.field(metadata=rule(components.segment("container")))
    obj: str = attrs.field(metadata=rule(components.segment("object")))
    reference: str | None = attrs.field(default=None, metadata=rule(_REFERENCE))
    # Whether the reference's auth address uses https (swift+config only): the URI cannot
    # say, and ``swift_url`` needs it. Private, like glance_store's ``ssl_enabled``.
    _auth_https: bool = attrs.field(default=True, alias="_auth_https", repr=False)
    # The auth address the reference gave when the location was resolved (swift+config
    # parsed or built from specs): a location that changed it (``attrs.evolve``) would
    # render the same swift+config URI while ``swift_url`` points elsewhere.
    _resolved_address: str | None = attrs.field(
        default=None, alias="_resolved_address", repr=False, eq=False
    )

    @property
    def swift_url(self) -> str:
        """The auth address (or storage URL) with its scheme, for a Swift client.

        https for ``swift`` and ``swift+https``, http for ``swift+http``; for
        ``swift+config`` the scheme of the reference's auth address (https if it has none).
        """
        https = self._auth_https if self.scheme == _CONFIG else self.scheme != "swift+http"
        return f"{'https' if https else 'http'}://{self.auth_or_store_url}"

    def location_problems(self) -> Iterator[tuple[str, Problem]]:
        if self.scheme not in self.SCHEMES:
            yield "scheme", Problem("scheme", "must be one of " + ", ".join(self.SCHEMES))
            return
        if self.scheme == _CONFIG:
            yield from self._config_problems()
            return
        if self.reference is not None:
            yield "reference", Problem("reference", "only a swift+config location names one")
        if (
            self.application_credential_id is not None
            or self.application_credential_secret is not None
            or self.project_name is not None
            or self.project_id is not None
        ):
            for field in _FROM_REFERENCE[2:]:
                if getattr(self, field) is not None:
                    yield (
                        field,
                        Problem("userinfo", f"{field}: only a swift+config reference holds one"),
                    )
        if self.key is not None and ":" in self.key:
            yield (
                "key",
                Problem("userinfo", "the key holds ':' (the userinfo ends at its last ':')"),
            )
        if (self.user is None) != (self.key is None):
            missing = "user" if self.user is None else "key"
            yield (
                missing,
                Problem("userinfo", f"the {missing} is missing (user and key go together)"),
            )

    def _config_problems(self) -> Iterator[tuple[str, Problem]]:
        if self.reference is None:
            yield "reference", Problem("reference", "missing (a swift+config URI names one)")
        resolved = self._resolved_address
        if resolved is not None and resolved != self.auth_or_store_url:
            yield (
                "auth_or_store_url",
                Problem(
                    "auth_or_store_url",
                    "differs from the auth address of the reference (a swift+config "
                    "location takes it from the configuration)",
                ),
            )
        app = (self.application_credential_id, self.application_credential_secret)
        if (app[0] is None) != (app[1] is None):
            yield (
                "application_credential_secret" if app[1] is None else "application_credential_id",
                Problem("reference", "application credentials need both halves"),
            )
        elif app[0] is not None:
            if self.user is not None or self.key is not None:
                yield (
                    "user",
                    Problem("reference", "user and key go with no application credentials"),
                )
        elif self.user is None or self.key is None:
            yield (
                "user" if self.user is None else "key",
                Problem(
                    "reference",
                    "a reference needs user and key, or application_credential_id and "
                    "application_credential_secret",
                ),
            )

    @classmethod
    def parse(
        cls, text: str, *, conf: StoreConfig | None, backend_group: str | None
    ) -> SwiftStoreLocation:
        scheme = _lex.scheme_in(text, cls.SCHEMES)
        _lex.one_scheme(text, _TWO_SCHEMES)
        if scheme == _CONFIG:
            return cls._parse_config(text, conf, backend_group)
        authority, path, query = _lex.split(text, len(scheme) + 3)
        if query is not None:
            raise _lex.fail("query", "a query is not allowed in this store URI")
        userinfo, netloc = _lex.authority_parts(authority)
        if not netloc:
            raise _lex.fail("host", "empty")
        prefix, container, obj = _lex.split_tail(path, _NAMES)
        user = key = None
        if userinfo is not None:
            if ":" not in userinfo:
                # Checked on the raw text: an encoded ':' (%3A) belongs to a name.
                raise _lex.fail("userinfo", "credentials must be '<user>:<key>' (no ':' found)")
            decoded = _lex.unquote(userinfo, "userinfo")
            user, key = _lex.split_userinfo(decoded, ("user", "key"), at_last_colon=True)
            user = sys.intern(user)
        # Auth addresses (storage URLs: one per project) and user names repeat: share them.
        return cls(
            scheme=scheme,
            user=user,
            key=key,
            auth_or_store_url=sys.intern(netloc + prefix),
            container=container,
            obj=obj,
            backend_group=backend_group,
        )

    @classmethod
    def _parse_config(
        cls, text: str, conf: StoreConfig | None, backend_group: str | None
    ) -> SwiftStoreLocation:
        """``swift+config://<reference>/<container>/<obj>``, resolved through ``conf``."""
        rest = text[len(_CONFIG) + 3 :]
        _lex.no_query(rest)
        name, slash, path = rest.partition("/")
        prefix, container, obj = _lex.split_tail(slash + path, _NAMES)
        if prefix:
            raise _lex.fail(
                "path", "a swift+config URI has exactly <container>/<object> after the reference"
            )
        resolved = _resolve(name, conf)
        if isinstance(resolved, Problem):
            raise _lex.fail(resolved.component, resolved.reason)
        return cls(
            scheme=_CONFIG,
            user=resolved.user,
            key=resolved.key,
            application_credential_id=resolved.application_credential_id,
            application_credential_secret=resolved.application_credential_secret,
            project_name=resolved.project_name,
            project_id=resolved.project_id,
            auth_or_store_url=resolved.auth_or_store_url,
            container=container,
            obj=obj,
            reference=name,
            _auth_https=resolved.auth_https,
            _resolved_address=resolved.auth_or_store_url,
            backend_group=backend_group,
        )

    @classmethod
    def normalize_specs(
        cls, specs: Mapping[str, object], *, conf: StoreConfig | None
    ) -> Mapping[str, object]:
        """glance_store's default scheme for swift specs is swift+https, and its rendering
        drops an ``http(s)://`` prefix and trailing ``/`` of the auth address. The specs
        of a ``swift+config`` location name the reference, resolved through ``conf``."""
        scheme = specs.get("scheme", "swift+https")
        if scheme == _CONFIG:
            extra = sorted(set(specs) - _CONFIG_SPECS)
            if extra:
                raise BadStoreSpecs(
                    "swift",
                    [
                        (key, "not a key of swift+config specs (the configuration holds it)")
                        for key in extra
                    ],
                )
            reference = specs.get("reference")
            if not isinstance(reference, str):
                return specs  # cattrs names the problem
            resolved = _resolve(reference, conf)
            if isinstance(resolved, Problem):
                raise BadStoreSpecs("swift", [("reference", str(resolved))])
            given = specs.get("auth_or_store_url", resolved.auth_or_store_url)
            if isinstance(given, str):
                given = _lex.strip_web_scheme(given)[0].rstrip("/")
            if given != resolved.auth_or_store_url:
                raise BadStoreSpecs(
                    "swift",
                    [("auth_or_store_url", "differs from the auth address of the reference")],
                )
            return {**specs, **resolved.fields()}
        address = specs.get("auth_or_store_url")
        if isinstance(address, str) and (
            address.endswith("/") or address.startswith(("http://", "https://"))
        ):
            stripped = _lex.strip_web_scheme(address)[0].rstrip("/")
            if stripped != address:
                return {"scheme": scheme, **specs, "auth_or_store_url": stripped}
        return specs if "scheme" in specs else {"scheme": scheme, **specs}

    def to_specs(self) -> dict[str, object]:
        """A swift+config location's specs name the reference, never its credentials."""
        specs = StoreLocation.to_specs(self)
        if self.scheme != _CONFIG:
            return specs
        return {key: value for key, value in specs.items() if key in _CONFIG_SPECS}

    def render(self, *, redact: bool) -> str:
        """The URI; a ``swift+config`` URI renders as itself, without the reference's
        credentials."""
        if self.scheme == _CONFIG:
            return f"{_CONFIG}://{self.reference}/{self.container}/{self.obj}"
        creds = ""
        if self.user and self.key:
            # No safe characters: glance_store keeps '/', which makes the URI unparseable.
            key = MASK if redact else _lex.quote_component(self.key)
            creds = f"{_lex.quote_component(self.user)}:{key}@"
        return f"{self.scheme}://{creds}{self.auth_or_store_url}/{self.container}/{self.obj}"

    def identity_key(self) -> Hashable:
        """Service host, port, path prefix, container and object: the transport and a
        port equal to its default left out, so a ``swift+config`` location equals the
        resolved spelling of the same account."""
        https = self.swift_url.startswith("https:")
        return (
            "swift",
            *endpoint(self.auth_or_store_url, 443 if https else 80),
            self.container,
            self.obj,
        )

    def exposure(self) -> Exposure:
        tls = self.swift_url.startswith("https:")
        if self.scheme == _CONFIG:
            # The host and the credentials are the operator's configuration: the URI
            # names neither, and its author cannot point it anywhere else.
            return Exposure(scheme=self.scheme, tls=tls)
        return Exposure(
            scheme=self.scheme,
            hosts=(("auth_or_store_url host", _lex.host_of(self.auth_or_store_url)),),
            credentials=("user", "key") if self.user and self.key else (),
            tls=tls,
        )


class _Resolved(NamedTuple):
    """What a swift+config location takes from its reference."""

    auth_or_store_url: str
    auth_https: bool
    user: str | None = None
    key: str | None = None
    application_credential_id: str | None = None
    application_credential_secret: str | None = None
    project_name: str | None = None
    project_id: str | None = None

    def fields(self) -> dict[str, object]:
        """As the location's field names (the private one included), for specs."""
        values: dict[str, object] = self._asdict()
        values["_auth_https"] = values.pop("auth_https")
        values["_resolved_address"] = self.auth_or_store_url
        return values


def _resolve(reference: str, conf: StoreConfig | None) -> _Resolved | Problem:
    """What a swift+config location takes from its reference, or the problem."""
    problem = _REFERENCE(reference)
    if problem is not None:
        if "@" in reference or ":" in reference:
            return Problem(
                "reference",
                "a swift+config URI names an account reference, never credentials or a "
                "host ('@' or ':' found)",
            )
        return problem
    if conf is None:
        return Problem(
            "reference", "a swift+config URI needs a StoreConfig with its swift references"
        )
    ref = conf.swift_references.get(reference)
    if ref is None:
        return Problem("reference", "not found in the swift configuration")
    address, removed = _lex.strip_web_scheme(ref.auth_address)
    address = address.rstrip("/")
    if not address or "://" in address:
        return Problem(
            "reference",
            "the auth address must be a host[:port][/path], optionally after http:// or https://",
        )
    app_id, app_secret = ref.application_credential_id, ref.application_credential_secret
    if bool(app_id) != bool(app_secret):
        missing = "application_credential_secret" if app_id else "application_credential_id"
        return Problem("reference", f"{missing} is missing (both halves are required)")
    https = removed != "http"
    if app_id and app_secret:
        # Application credentials win when both halves are set.
        return _Resolved(
            address,
            https,
            application_credential_id=app_id,
            application_credential_secret=app_secret,
            project_name=ref.project_name,
            project_id=ref.project_id,
        )
    if not ref.user or not ref.key:
        missing = "key is" if ref.user else "user is" if ref.key else "user and key are"
        return Problem(
            "reference",
            f"{missing} missing (a reference needs user and key, "
            "or application_credential_id and application_credential_secret)",
        )
    return _Resolved(address, https, user=ref.user, key=ref.key)
