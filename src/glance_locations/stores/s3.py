"""``s3://`` locations: an object in an S3-compatible service.

Grammar::

    s3-uri = ( "s3" / "s3+http" / "s3+https" ) "://" [ accesskey ":" secretkey "@" ]
             host [ ":" port ] *( "/" segment ) "/" bucket "/" key

Nothing is percent-decoded: glance_store writes every part raw. The credentials are
split at the first ``:`` (an access key has none), and the secret key may hold ``/`` and
``:``, so the credentials end at the URI's only ``@``. Everything before the bucket (host,
port and any path prefix such as ``/v1``) is the service URL.

An ``@`` in the key (glance_store 5.7.0 writes keys raw, and no credentials): the URI's
only ``@`` is part of the key when a ``/`` and no ``:`` come before it and no ``/`` after
it; otherwise it ends the credentials. Credentials always hold a ``:`` before their
``@``, so text without one cannot be credentials, and text with one is never read as a
host and path: a secret key is never taken for a name. (docs/rewriting.md, "s3: an
``@`` in the key".)
"""

from __future__ import annotations

import sys
from collections.abc import Hashable, Iterator, Mapping
from typing import ClassVar

import attrs

from glance_locations import _lex, components
from glance_locations._addresses import endpoint
from glance_locations._redact import MASK
from glance_locations.base import Exposure, StoreLocation
from glance_locations.components import Problem
from glance_locations.config import StoreConfig
from glance_locations.fields import rule, secret_field

__all__ = ["S3StoreLocation"]

_TWO_SCHEMES = (
    "to reach the service over http or https write s3+http:// or s3+https:// "
    "(e.g. s3+https://accesskey:secretkey@s3.amazonaws.com/bucket/key-id)"
)
_CREDENTIALS = ("access key", "secret key")
_AT_AFTER_COLON = (
    "the '@' cannot end credentials (no /<bucket>/<key> follows it) nor be part of the "
    "key (a ':' comes before it: a port, an IPv6 host or credentials)"
)


@attrs.frozen(kw_only=True, slots=True)
class S3StoreLocation(StoreLocation):
    """An S3 object: service URL, bucket and key, with optional legacy credentials.

    ``s3serviceurl`` is ``host[:port][/path]`` without a scheme. Every part is kept raw.
    """

    SCHEMES: ClassVar[tuple[str, ...]] = ("s3", "s3+http", "s3+https")

    scheme: str = attrs.field(
        default="s3",
        metadata=rule(
            components.one_of(
                "scheme", ("s3", "s3+http", "s3+https"), "must be 's3', 's3+http' or 's3+https'"
            )
        ),
    )
    accesskey: str | None = attrs.field(
        default=None,
        metadata=rule(components.userinfo_part("access key", allowed="/\\", nfkc=False)),
    )
    secretkey: str | None = secret_field(
        components.userinfo_part("secret key", allowed=":/\\", nfkc=False)
    )
    s3serviceurl: str = attrs.field(metadata=rule(components.address("s3serviceurl", at=False)))
    bucket: str = attrs.field(metadata=rule(components.segment("bucket", forbid="@")))
    # An '@' in the key only as location_problems says.
    key: str = attrs.field(metadata=rule(components.segment("key")))

    def location_problems(self) -> Iterator[tuple[str, Problem]]:
        for field in ("accesskey", "secretkey"):
            value = getattr(self, field)
            if value is not None and "://" in value:
                yield (
                    field,
                    Problem(
                        "userinfo",
                        "more than one '://' in the URI (a scheme inside the credentials)",
                    ),
                )
        secret = self.secretkey
        if self.accesskey is not None and secret is not None and secret.startswith("//"):
            # "access:" then "//" writes a second "://": the URI would not parse back.
            yield (
                "secretkey",
                Problem(
                    "userinfo",
                    "the secret key starts with '//', which after the ':' of the "
                    "credentials reads as a second '://'",
                ),
            )
        if self.accesskey is not None and self.accesskey.startswith("/"):
            yield "accesskey", Problem("host", "empty (a third '/' after the scheme)")
        if "@" in self.key:
            if self.accesskey is not None or self.secretkey is not None:
                yield (
                    "key",
                    Problem(
                        "key", "contains '@', which needs a URI without credentials (one '@')"
                    ),
                )
            elif ":" in self.s3serviceurl:
                yield (
                    "key",
                    Problem(
                        "key",
                        "contains '@', which cannot follow a ':' (a port or an IPv6 host in "
                        "s3serviceurl): the text before it would read as credentials",
                    ),
                )
        if self.accesskey is None and self.secretkey is not None:
            yield "secretkey", Problem("userinfo", "a secret key without an access key")
        elif self.accesskey is not None and self.secretkey is None:
            yield "accesskey", Problem("userinfo", "an access key without a secret key")

    @classmethod
    def parse(
        cls, text: str, *, conf: StoreConfig | None, backend_group: str | None
    ) -> S3StoreLocation:
        scheme = _lex.scheme_in(text, cls.SCHEMES)
        _lex.one_scheme(text, _TWO_SCHEMES)
        start = len(scheme) + 3
        accesskey = secretkey = None
        if text.count("@", start) > 1:
            raise _lex.fail("authority", "more than one '@'")
        if text.startswith("/", start):
            raise _lex.fail("host", "empty (a third '/' after the scheme)")
        at = text.find("@", start)
        if at >= 0:
            before, after = text[start:at], text[at + 1 :]
            if "?" in before:
                raise _lex.fail("query", "a query is not allowed in this store URI")
            if ":" not in before and "/" in before and "/" not in after:
                pass  # the '@' is part of the key (see the module docstring)
            else:
                if ":" in before and "/" not in after:
                    raise _lex.fail("key", _AT_AFTER_COLON)
                if "[" in before or "]" in before:
                    # urllib (so glance_store) reads it as the start of an IPv6 host.
                    raise _lex.fail("userinfo", "'[' and ']' must be percent-encoded")
                accesskey, secretkey = _lex.split_userinfo(before, _CREDENTIALS)
                accesskey = sys.intern(accesskey)
                start = at + 1
        # The credentials are off: the authority parsed (and cached) is the host alone.
        authority, path, query = _lex.split(text, start)
        if query is not None:
            raise _lex.fail("query", "a query is not allowed in this store URI")
        if not authority.text:
            raise _lex.fail("host", "empty")
        prefix, bucket, key = _lex.split_tail(path, ("bucket", "key"))
        # Service URLs, buckets and access keys repeat across rows: share them.
        return cls(
            scheme=scheme,
            accesskey=accesskey,
            secretkey=secretkey,
            s3serviceurl=sys.intern(authority.netloc + prefix),
            bucket=sys.intern(bucket),
            key=key,
            backend_group=backend_group,
        )

    @classmethod
    def normalize_specs(
        cls, specs: Mapping[str, object], *, conf: StoreConfig | None
    ) -> Mapping[str, object]:
        """An ``https://`` service URL selects ``s3+https``; ``http://`` is dropped, as
        glance_store does; so are surrounding ``/``."""
        url = specs.get("s3serviceurl")
        if not isinstance(url, str) or not (
            url.startswith(("http://", "https://", "/")) or url.endswith("/")
        ):
            return specs  # the common case: nothing to strip
        stripped, removed = _lex.strip_web_scheme(url)
        stripped = stripped.strip("/")
        if stripped == url:
            return specs  # the common case: no copy
        normalized = {**specs, "s3serviceurl": stripped}
        if removed == "https":
            normalized["scheme"] = "s3+https"
        return normalized

    def render(self, *, redact: bool) -> str:
        creds = ""
        if self.accesskey and self.secretkey:
            creds = f"{self.accesskey}:{MASK if redact else self.secretkey}@"
        return f"{self.scheme}://{creds}{self.s3serviceurl}/{self.bucket}/{self.key}"

    def identity_key(self) -> Hashable:
        """Service host, port (a default one left out), path prefix, bucket and key."""
        default = 443 if self.scheme == "s3+https" else 80
        return ("s3", *endpoint(self.s3serviceurl, default), self.bucket, self.key)

    def exposure(self) -> Exposure:
        return Exposure(
            scheme=self.scheme,
            hosts=(("s3serviceurl host", _lex.host_of(self.s3serviceurl)),),
            credentials=("accesskey", "secretkey") if self.accesskey and self.secretkey else (),
            # glance_store's client uses TLS for s3+https only (use_ssl), not for s3.
            tls=self.scheme == "s3+https",
        )
