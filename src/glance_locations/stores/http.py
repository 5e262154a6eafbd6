"""``http(s)://`` locations: an image served read-only by a web server.

Grammar::

    http-uri = ( "http" / "https" ) "://" [ user ":" [ password ] "@" ] host [ ":" port ]
               [ path ] [ "?" query ]

An empty password is valid (``https://token:@example.com/x``, a bearer-token form that
glance_store renders back as given); an empty user is not.
"""

from __future__ import annotations

import sys
from collections.abc import Hashable
from typing import ClassVar

import attrs

from glance_locations import _lex, components
from glance_locations._addresses import host_key, strip_query_credentials
from glance_locations._redact import MASK, mask_query, query_credentials
from glance_locations.base import Exposure, StoreLocation
from glance_locations.components import Problem
from glance_locations.config import StoreConfig
from glance_locations.fields import rule, secret_field

__all__ = ["HttpStoreLocation"]

_SCHEMES = ("http", "https")


@attrs.frozen(kw_only=True, slots=True)
class HttpStoreLocation(StoreLocation):
    """An HTTP(S) URL. Every part is kept raw, as glance_store renders it.

    ``netloc`` is ``host[:port]`` (IPv6 in brackets) without the credentials.
    """

    SCHEMES: ClassVar[tuple[str, ...]] = _SCHEMES

    scheme: str = attrs.field(
        default="http",
        metadata=rule(components.one_of("scheme", _SCHEMES, "must be 'http' or 'https'")),
    )
    netloc: str = attrs.field(metadata=rule(components.netloc))
    user: str | None = attrs.field(
        default=None, metadata=rule(components.userinfo_part("user name"))
    )
    password: str | None = secret_field(components.userinfo_part("password", empty=True))
    path: str = attrs.field(default="", metadata=rule(components.http_path))
    # Pre-signed URLs and token parameters carry credentials in the query: masked in
    # repr and redaction, kept byte for byte by get_uri().
    query: str = attrs.field(
        default="",
        repr=lambda query: repr(mask_query(query)),
        metadata=rule(components.http_query),
    )

    @property
    def host(self) -> str:
        """The host name or address, without IPv6 brackets."""
        return _lex.host_of(self.netloc)

    @property
    def port(self) -> int | None:
        """The explicit port, or ``None``."""
        netloc = self.netloc
        if netloc.startswith("["):
            netloc = netloc[netloc.find("]") + 1 :]
        port = netloc.rpartition(":")[2] if ":" in netloc else ""
        return int(port) if port else None

    def location_problems(self) -> list[tuple[str, Problem]]:
        if self.user is None and self.password is not None:
            return [("password", Problem("userinfo", "a password without a user name"))]
        if self.user is not None and self.password is None:
            reason = "a user name without a password (write 'user:@')"
            return [("user", Problem("userinfo", reason))]
        return []

    @classmethod
    def parse(
        cls, text: str, *, conf: StoreConfig | None, backend_group: str | None
    ) -> HttpStoreLocation:
        if text.startswith("https://") and cls.SCHEMES is _SCHEMES:
            scheme = "https"  # the common case, at once
        else:
            scheme = _lex.scheme_in(text, cls.SCHEMES)
        authority, path, query = _lex.split(text, len(scheme) + 3)
        userinfo, netloc = _lex.authority_parts(authority)
        user = password = None
        if userinfo is not None:
            user, password = _lex.split_userinfo(userinfo, ("user name", "password"))
            user = sys.intern(user)
        # Hosts (interned by the split) and user names repeat across rows: share them.
        return cls(
            scheme=scheme,
            netloc=netloc,
            user=user,
            password=password,
            path=path,
            query=query or "",
            backend_group=backend_group,
        )

    def render(self, *, redact: bool) -> str:
        creds = ""
        if self.user is not None:
            password = MASK if redact and self.password else self.password
            creds = f"{self.user}:{password}@"
        query = ""
        if self.query:
            query = f"?{mask_query(self.query) if redact else self.query}"
        return f"{self.scheme}://{creds}{self.netloc}{self.path}{query}"

    def identity_key(self) -> Hashable:
        """Scheme, host (case-insensitive), port (the scheme's default if absent), path
        (``""`` is ``/``) and the query without its credential parameters."""
        port = self.port
        if port is None:
            port = 443 if self.scheme == "https" else 80
        query = strip_query_credentials(self.query)
        return ("http", self.scheme, host_key(self.host), port, self.path or "/", query)

    def exposure(self) -> Exposure:
        credentials: tuple[str, ...] = ("user", "password") if self.user else ()
        if self.query:
            credentials += tuple(
                f"query parameter {name!r}" for name in query_credentials(self.query)
            )
        return Exposure(
            scheme=self.scheme,
            hosts=(("host", self.host),),
            credentials=credentials,
            tls=self.scheme == "https",
        )
