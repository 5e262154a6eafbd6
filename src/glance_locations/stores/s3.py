"""``s3://`` locations: an object in an S3-compatible service.

Grammar::

    s3-uri = ( "s3" / "s3+http" / "s3+https" ) "://" [ accesskey ":" secretkey "@" ]
             host [ ":" port ] *( "/" segment ) "/" bucket "/" key

Nothing is percent-decoded: glance_store writes every part raw. The credentials are
split at the first ``:`` (an access key has none), and the secret key may hold ``/`` and
``:``, so the credentials end at the URI's only ``@``. Everything before the bucket (host,
port and any path prefix such as ``/v1``) is the service URL.
"""

from __future__ import annotations

import sys
from typing import ClassVar

import attrs
from attrs import AttrsInstance

from glance_locations import _uri
from glance_locations._redact import MASK
from glance_locations.base import Exposure, StoreLocation
from glance_locations.config import StoreConfig
from glance_locations.exceptions import BadStoreUri
from glance_locations.fields import secret_field

__all__ = ["S3StoreLocation"]

_TWO_SCHEMES = (
    "to reach the service over http or https write s3+http:// or s3+https:// "
    "(e.g. s3+https://accesskey:secretkey@s3.amazonaws.com/bucket/key-id)"
)


@attrs.frozen(kw_only=True, slots=True)
class S3StoreLocation(StoreLocation):
    """An S3 object: service URL, bucket and key, with optional legacy credentials.

    ``s3serviceurl`` is ``host[:port][/path]`` without a scheme. Every part is kept raw.
    """

    SCHEMES: ClassVar[tuple[str, ...]] = ("s3", "s3+http", "s3+https")

    scheme: str = "s3"
    accesskey: str | None = None
    secretkey: str | None = secret_field()
    s3serviceurl: str
    bucket: str
    key: str

    @classmethod
    def _parse(
        cls, text: str, conf: StoreConfig | None, backend_group: str | None
    ) -> S3StoreLocation:
        scheme = _uri.scheme_of(text, cls.SCHEMES)
        _uri.one_scheme(text, _TWO_SCHEMES)
        rest = text[len(scheme) + 3 :]
        accesskey = secretkey = None
        if rest.count("@") > 1:
            raise BadStoreUri("authority: more than one '@'", text)
        if rest.startswith("/"):
            raise BadStoreUri("host: empty (a third '/' after the scheme)", text)
        if "@" in rest:
            userinfo, _, rest = rest.partition("@")
            if "?" in userinfo:
                raise BadStoreUri("a query is not allowed in this store URI", text)
            _uri.no_brackets(userinfo, text)
            accesskey, secretkey = _uri.split_userinfo(
                userinfo, text, names=("access key", "secret key")
            )
        authority, path, _ = _uri.split(f"{scheme}://{rest}")
        _uri.no_query(text)
        _, netloc, _, _ = _uri.parse_authority(authority, text)
        prefix, bucket, key = _uri.split_tail(path, ("bucket", "key"), text)
        # Service URLs, buckets and access keys repeat across rows: share them.
        return cls(
            scheme=scheme,
            accesskey=None if accesskey is None else sys.intern(accesskey),
            secretkey=secretkey,
            s3serviceurl=sys.intern(netloc + prefix),
            bucket=sys.intern(bucket),
            key=key,
            backend_group=backend_group,
        )

    @classmethod
    def _spec_template(cls) -> S3StoreLocation:
        return _TEMPLATE

    @classmethod
    def _location_from_spec(
        cls, spec: AttrsInstance, backend_group: str | None
    ) -> S3StoreLocation:
        """An ``https://`` service URL selects ``s3+https``; ``http://`` is dropped, as
        glance_store does; so are surrounding ``/``."""
        assert isinstance(spec, S3StoreLocation)
        url, removed = _uri.strip_web_scheme(spec.s3serviceurl)
        scheme = "s3+https" if removed == "https" else spec.scheme
        url = url.strip("/")
        if (scheme, url, backend_group) == (spec.scheme, spec.s3serviceurl, spec.backend_group):
            return spec  # the common case: no copy
        return attrs.evolve(spec, scheme=scheme, s3serviceurl=url, backend_group=backend_group)

    def _render(self, secretkey: str | None) -> str:
        creds = f"{self.accesskey}:{secretkey}@" if self.accesskey and secretkey else ""
        return f"{self.scheme}://{creds}{self.s3serviceurl}/{self.bucket}/{self.key}"

    def get_uri(self) -> str:
        """Return the URI, credentials included: never log or show it."""
        return self._render(self.secretkey)

    def get_redacted_uri(self) -> str:
        return self._render(MASK if self.secretkey else None)

    def exposure(self) -> Exposure:
        return Exposure(
            scheme=self.scheme,
            hosts=(("s3serviceurl host", _uri.host_of(self.s3serviceurl)),),
            credentials=("accesskey", "secretkey") if self.accesskey and self.secretkey else (),
            # glance_store's client uses TLS for s3+https only (use_ssl), not for s3.
            tls=self.scheme == "s3+https",
        )


_TEMPLATE = S3StoreLocation(  # a known-good spec for naming bad keys, not a credential
    accesskey="accesskey",
    secretkey="secretkey",
    s3serviceurl="s3.example.com",
    bucket="glance",
    key="image",
)
