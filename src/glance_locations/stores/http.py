"""``http(s)://`` locations: an image served read-only by a web server.

Grammar::

    http-uri = ( "http" / "https" ) "://" [ user ":" password "@" ] host [ ":" port ]
               [ path ] [ "?" query ]
"""

from __future__ import annotations

import sys
from typing import ClassVar

import attrs

from glance_locations import _uri
from glance_locations._redact import MASK
from glance_locations.base import Exposure, StoreLocation
from glance_locations.config import StoreConfig
from glance_locations.exceptions import BadStoreUri
from glance_locations.fields import secret_field

__all__ = ["HttpStoreLocation"]


@attrs.frozen(kw_only=True, slots=True)
class HttpStoreLocation(StoreLocation):
    """An HTTP(S) URL. Every part is kept raw, as glance_store renders it.

    ``netloc`` is ``host[:port]`` (IPv6 in brackets) without the credentials.
    """

    SCHEMES: ClassVar[tuple[str, ...]] = ("http", "https")

    scheme: str = "http"
    netloc: str
    user: str | None = None
    password: str | None = secret_field()
    path: str = ""
    query: str = ""

    @property
    def host(self) -> str:
        """The host name or address, without IPv6 brackets."""
        return _uri.host_of(self.netloc)

    @property
    def port(self) -> int | None:
        """The explicit port, or ``None``."""
        netloc = self.netloc
        if netloc.startswith("["):
            netloc = netloc[netloc.find("]") + 1 :]
        port = netloc.rpartition(":")[2] if ":" in netloc else ""
        return int(port) if port else None

    @classmethod
    def _parse(
        cls, text: str, conf: StoreConfig | None, backend_group: str | None
    ) -> HttpStoreLocation:
        scheme = _uri.scheme_of(text, cls.SCHEMES)
        authority, path, query = _uri.split(text)
        userinfo, netloc, _, _ = _uri.parse_authority(authority, text)
        user = password = None
        if userinfo is not None:
            user, password = _uri.split_userinfo(userinfo, text)
            if ":" in password:  # glance_store's http driver refuses it too
                raise BadStoreUri(
                    "userinfo: credentials must be 'user:password' (more than one ':'; "
                    "percent-encode a ':' inside them as %3A)",
                    text,
                )
        # Hosts and user names repeat across rows: share them.
        return cls(
            scheme=scheme,
            netloc=sys.intern(netloc),
            user=None if user is None else sys.intern(user),
            password=password,
            path=path,
            query=query,
            backend_group=backend_group,
        )

    def _render(self, password: str | None) -> str:
        creds = f"{self.user}:{password}@" if self.user else ""
        query = f"?{self.query}" if self.query else ""
        return f"{self.scheme}://{creds}{self.netloc}{self.path}{query}"

    @classmethod
    def _spec_template(cls) -> HttpStoreLocation:
        return _TEMPLATE

    def get_uri(self) -> str:
        """Return the URI, credentials included: never log or show it."""
        return self._render(self.password)

    def get_redacted_uri(self) -> str:
        return self._render(MASK if self.password is not None else None)

    def exposure(self) -> Exposure:
        return Exposure(
            scheme=self.scheme,
            hosts=(("host", self.host),),
            credentials=("user", "password") if self.user else (),
            tls=self.scheme == "https",
        )


_TEMPLATE = HttpStoreLocation(  # a known-good spec for naming bad keys, not a credential
    netloc="example.com",
    user="user",
    password="password",  # noqa: S106
    path="/image",
)
