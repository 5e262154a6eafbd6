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
from collections.abc import Mapping
from typing import ClassVar, NamedTuple

import attrs
from attrs import AttrsInstance

from glance_locations import _uri
from glance_locations._redact import MASK
from glance_locations.base import Exposure, StoreLocation
from glance_locations.config import StoreConfig, SwiftReference
from glance_locations.exceptions import BadStoreUri
from glance_locations.fields import secret_field

__all__ = ["SwiftStoreLocation"]

_CONFIG = "swift+config"
_NAMES = ("container", "object")
_TWO_SCHEMES = (
    "to reach the auth address over http or https write swift+http:// or swift+https:// "
    "(e.g. swift+http://user:key@authurl.com/v1/container/obj)"
)


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

    scheme: str = "swift"
    user: str | None = None
    key: str | None = secret_field()
    application_credential_id: str | None = None
    application_credential_secret: str | None = secret_field()
    project_name: str | None = None
    project_id: str | None = None
    auth_or_store_url: str
    container: str
    obj: str
    reference: str | None = None
    # Whether the reference's auth address uses https (swift+config only): the URI cannot
    # say, and ``swift_url`` needs it. Private, like glance_store's ``ssl_enabled``.
    _auth_https: bool = attrs.field(default=True, alias="_auth_https", repr=False)

    @property
    def swift_url(self) -> str:
        """The auth address (or storage URL) with its scheme, for a Swift client.

        https for ``swift`` and ``swift+https``, http for ``swift+http``; for
        ``swift+config`` the scheme of the reference's auth address (https if it has none).
        """
        https = self._auth_https if self.scheme == _CONFIG else self.scheme != "swift+http"
        return f"{'https' if https else 'http'}://{self.auth_or_store_url}"

    @classmethod
    def _parse(
        cls, text: str, conf: StoreConfig | None, backend_group: str | None
    ) -> SwiftStoreLocation:
        scheme = _uri.scheme_of(text, cls.SCHEMES)
        _uri.one_scheme(text, _TWO_SCHEMES)
        if scheme == _CONFIG:
            return cls._parse_config(text, conf, backend_group)
        authority, path, _ = _uri.split(text)
        _uri.no_query(text)
        userinfo, netloc, _, _ = _uri.parse_authority(authority, text)
        prefix, container, obj = _uri.split_tail(path, _NAMES, text)
        user = key = None
        if userinfo is not None:
            user, key = _credentials(userinfo, text)
        # Auth addresses (storage URLs: one per project) and user names repeat: share them.
        return cls(
            scheme=scheme,
            user=None if user is None else sys.intern(user),
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
        if "?" in rest:
            raise BadStoreUri("a query is not allowed in this store URI", text)
        name, slash, path = rest.partition("/")
        if not name:
            raise BadStoreUri("reference: empty", text)
        if "@" in name or ":" in name:
            raise BadStoreUri(
                "reference: a swift+config URI names an account reference, never "
                "credentials or a host ('@' or ':' found)",
                text,
            )
        prefix, container, obj = _uri.split_tail(slash + path, _NAMES, text)
        if prefix:
            raise BadStoreUri(
                "path: a swift+config URI has exactly <container>/<object> after the reference",
                text,
            )
        if conf is None:
            raise BadStoreUri(
                "reference: a swift+config URI needs a StoreConfig with its swift references",
                text,
            )
        ref = conf.swift_references.get(name)
        if ref is None:
            raise BadStoreUri("reference: not found in the swift configuration", text)
        creds = _reference_credentials(ref, text)
        address, removed = _uri.strip_web_scheme(ref.auth_address)
        https = removed != "http"
        address = address.rstrip("/")
        if not address or "://" in address:
            raise BadStoreUri(
                "reference: the auth address must be a host[:port][/path], "
                "optionally after http:// or https://",
                text,
            )
        return cls(
            scheme=_CONFIG,
            user=creds.user,
            key=creds.key,
            application_credential_id=creds.application_credential_id,
            application_credential_secret=creds.application_credential_secret,
            project_name=creds.project_name,
            project_id=creds.project_id,
            auth_or_store_url=address,
            container=container,
            obj=obj,
            reference=name,
            _auth_https=https,
            backend_group=backend_group,
        )

    @classmethod
    def _coerce_specs(cls, specs: Mapping[str, object]) -> Mapping[str, object]:
        """glance_store's default scheme for swift specs is swift+https."""
        return {"scheme": "swift+https", **specs}

    @classmethod
    def _spec_template(cls) -> SwiftStoreLocation:
        return _TEMPLATE

    @classmethod
    def _location_from_spec(
        cls, spec: AttrsInstance, backend_group: str | None
    ) -> SwiftStoreLocation:
        """Drop an ``http(s)://`` prefix and trailing ``/`` of the auth address, as
        glance_store's rendering does."""
        assert isinstance(spec, SwiftStoreLocation)
        address = spec.auth_or_store_url
        address = _uri.strip_web_scheme(address)[0].rstrip("/")
        if address == spec.auth_or_store_url and backend_group == spec.backend_group:
            return spec  # the common case: no copy
        return attrs.evolve(spec, auth_or_store_url=address, backend_group=backend_group)

    def _spec_from_location(self) -> SwiftStoreLocation:
        """A swift+config location's specs name the reference, never its credentials."""
        if self.scheme != _CONFIG:
            return self
        return attrs.evolve(
            self,
            user=None,
            key=None,
            application_credential_id=None,
            application_credential_secret=None,
            project_name=None,
            project_id=None,
            _auth_https=True,
        )

    def _render(self, *, redact: bool) -> str:
        if self.scheme == _CONFIG:
            return f"{_CONFIG}://{self.reference}/{self.container}/{self.obj}"
        creds = ""
        if self.user and self.key:
            # No safe characters: glance_store keeps '/', which makes the URI unparseable.
            key = MASK if redact else _uri.quote_component(self.key)
            creds = f"{_uri.quote_component(self.user)}:{key}@"
        return f"{self.scheme}://{creds}{self.auth_or_store_url}/{self.container}/{self.obj}"

    def get_uri(self) -> str:
        """Return the URI, credentials included: never log or show it.

        A ``swift+config`` URI renders as itself, without the reference's credentials.
        """
        return self._render(redact=False)

    def get_redacted_uri(self) -> str:
        return self._render(redact=True)

    def exposure(self) -> Exposure:
        tls = self.swift_url.startswith("https:")
        if self.scheme == _CONFIG:
            # The host and the credentials are the operator's configuration: the URI
            # names neither, and its author cannot point it anywhere else.
            return Exposure(scheme=self.scheme, tls=tls)
        return Exposure(
            scheme=self.scheme,
            hosts=(("auth_or_store_url host", _uri.host_of(self.auth_or_store_url)),),
            credentials=("user", "key") if self.user and self.key else (),
            tls=tls,
        )


def _credentials(userinfo: str, text: str) -> tuple[str, str]:
    """Decode ``user:key`` and split it at the last ``:``."""
    if ":" not in userinfo:
        # Checked on the raw text: an encoded ':' (%3A) belongs to a name.
        raise BadStoreUri("userinfo: credentials must be '<user>:<key>' (no ':' found)", text)
    decoded = _uri.unquote_component(userinfo, "userinfo", text)
    return _uri.split_userinfo(decoded, text, names=("user", "key"), at_last_colon=True)


class _Credentials(NamedTuple):
    user: str | None = None
    key: str | None = None
    application_credential_id: str | None = None
    application_credential_secret: str | None = None
    project_name: str | None = None
    project_id: str | None = None


def _reference_credentials(ref: SwiftReference, text: str) -> _Credentials:
    """The credentials of ``ref``: application credentials win when both halves are set,
    else user and key are required. A half pair is an error.
    """
    app_id, app_secret = ref.application_credential_id, ref.application_credential_secret
    if bool(app_id) != bool(app_secret):
        missing = "application_credential_secret" if app_id else "application_credential_id"
        raise BadStoreUri(f"reference: {missing} is missing (both halves are required)", text)
    if app_id and app_secret:
        return _Credentials(
            application_credential_id=app_id,
            application_credential_secret=app_secret,
            project_name=ref.project_name,
            project_id=ref.project_id,
        )
    if not ref.user or not ref.key:
        missing = "key is" if ref.user else "user is" if ref.key else "user and key are"
        raise BadStoreUri(
            f"reference: {missing} missing (a reference needs user and key, "
            "or application_credential_id and application_credential_secret)",
            text,
        )
    return _Credentials(user=ref.user, key=ref.key)


_TEMPLATE = SwiftStoreLocation(  # a known-good spec for naming bad keys, not a credential
    scheme="swift+https",
    user="user",
    key="key",
    auth_or_store_url="example.com/v1",
    container="glance",
    obj="image",
)
