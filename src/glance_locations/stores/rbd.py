"""``rbd://`` locations: a Ceph RBD image, or a snapshot of one.

Grammar::

    rbd-uri   = "rbd://" image                                  ; unreserved characters only
              / "rbd://" fsid "/" pool "/" image "/" snapshot    ; each percent-quoted
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from itertools import repeat
from typing import ClassVar

import attrs

from glance_locations import _uri
from glance_locations.base import Exposure, StoreLocation
from glance_locations.config import StoreConfig
from glance_locations.exceptions import BadStoreUri

__all__ = ["RbdStoreLocation"]

_PREFIX = "rbd://"
# glance_store neither unquotes nor quotes the one-component form, so only names that
# quoting leaves unchanged are unambiguous there.
_UNRESERVED = re.compile(r"[A-Za-z0-9\-._~]+")
_UNRESERVED_PATH = re.compile(r"[A-Za-z0-9\-._~/]+")
_NAMES = ("fsid", "pool", "image", "snapshot")


@attrs.frozen(kw_only=True, slots=True)
class RbdStoreLocation(StoreLocation):
    """An RBD image: by name alone, or by cluster fsid, pool, image and snapshot.

    Fields hold the decoded names; ``fsid``, ``pool`` and ``snapshot`` are all set or
    all ``None``.
    """

    SCHEMES: ClassVar[tuple[str, ...]] = ("rbd",)

    fsid: str | None = None
    pool: str | None = None
    image: str
    snapshot: str | None = None

    @property
    def scheme(self) -> str:
        """Always ``"rbd"``."""
        return "rbd"

    @classmethod
    def _parse(
        cls, text: str, conf: StoreConfig | None, backend_group: str | None
    ) -> RbdStoreLocation:
        _uri.scheme_of(text, cls.SCHEMES)
        _uri.no_query(text)
        pieces = text[len(_PREFIX) :].split("/")
        if len(pieces) == 1:
            image = pieces[0]
            if not image:
                raise BadStoreUri("image: empty", text)
            if _UNRESERVED.fullmatch(image) is None:
                raise BadStoreUri(
                    "image: a one-component rbd URI may hold only letters, digits and "
                    "'-._~' (use rbd://fsid/pool/image/snapshot for other names)",
                    text,
                )
            return cls(image=image, backend_group=backend_group)
        if len(pieces) != 4:
            raise BadStoreUri(f"URI must have exactly 1 or 4 components, not {len(pieces)}", text)
        if "%" in text or "" in pieces:
            pieces = list(map(_uri.unquote_component, pieces, _NAMES, repeat(text)))
        fsid, pool, image, snapshot = pieces  # else nothing to decode: the common case
        # A cluster's fsid, its pools and snapshot names repeat in every row: share them.
        return cls(
            fsid=sys.intern(fsid),
            pool=sys.intern(pool),
            image=image,
            snapshot=sys.intern(snapshot),
            backend_group=backend_group,
        )

    @classmethod
    def _coerce_specs(cls, specs: Mapping[str, object]) -> Mapping[str, object]:
        """glance_store passes every rbd specs value through ``str()``; so do we (not None)."""
        return {
            key: value if value is None or isinstance(value, str) else str(value)
            for key, value in specs.items()
        }

    @classmethod
    def _spec_template(cls) -> RbdStoreLocation:
        return _TEMPLATE

    def get_uri(self) -> str:
        if self.fsid and self.pool and self.snapshot:
            parts = (self.fsid, self.pool, self.image, self.snapshot)
            joined = "/".join(parts)
            if joined.count("/") == 3 and _UNRESERVED_PATH.fullmatch(joined):
                return _PREFIX + joined  # nothing to quote: the common case, done at once
            return _PREFIX + "/".join(_uri.quote_component(part) for part in parts)
        return _PREFIX + self.image

    def exposure(self) -> Exposure:
        return Exposure(scheme=self.scheme)


_TEMPLATE = RbdStoreLocation(fsid="fsid", pool="pool", image="image", snapshot="snap")
