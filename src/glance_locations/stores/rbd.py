"""``rbd://`` locations: a Ceph RBD image, or a snapshot of one.

Grammar::

    rbd-uri   = "rbd://" image                                  ; unreserved characters only
              / "rbd://" fsid "/" pool "/" image "/" snapshot    ; each percent-quoted
"""

from __future__ import annotations

import re
import sys
from collections.abc import Hashable, Mapping
from typing import ClassVar

import attrs

from glance_locations import _lex, components
from glance_locations.base import Exposure, StoreLocation
from glance_locations.components import Problem
from glance_locations.config import StoreConfig
from glance_locations.fields import rule

__all__ = ["RbdStoreLocation"]

_PREFIX = "rbd://"
_SCHEMES = ("rbd",)
# Four components of unreserved characters: what the cluster form renders unquoted.
_UNQUOTED_CLUSTER = re.compile(r"[A-Za-z0-9\-._~]+(?:/[A-Za-z0-9\-._~]+){3}")
# glance_store neither unquotes nor quotes the one-component form, so only names that
# quoting leaves unchanged are unambiguous there.
_SHORT_IMAGE = components.unreserved(
    "image",
    "a one-component rbd URI",
    "use rbd://fsid/pool/image/snapshot for other names",
)
_CLUSTER = ("fsid", "pool", "snapshot")


@attrs.frozen(kw_only=True, slots=True)
class RbdStoreLocation(StoreLocation):
    """An RBD image: by name alone, or by cluster fsid, pool, image and snapshot.

    Fields hold the decoded names; ``fsid``, ``pool`` and ``snapshot`` are all set or
    all ``None``.
    """

    SCHEMES: ClassVar[tuple[str, ...]] = _SCHEMES

    fsid: str | None = attrs.field(default=None, metadata=rule(components.name("fsid")))
    pool: str | None = attrs.field(default=None, metadata=rule(components.name("pool")))
    image: str = attrs.field(metadata=rule(components.name("image")))
    snapshot: str | None = attrs.field(default=None, metadata=rule(components.name("snapshot")))

    @property
    def scheme(self) -> str:
        """Always ``"rbd"``."""
        return "rbd"

    def location_problems(self) -> list[tuple[str, Problem]]:
        cluster = (self.fsid, self.pool, self.snapshot)
        if cluster == (None, None, None):
            # An empty image is the image field's own problem: said once, by its check.
            problem = _SHORT_IMAGE(self.image) if self.image else None
            return [] if problem is None else [("image", problem)]
        return [
            (part, Problem(part, "missing (fsid, pool and snapshot go together)"))
            for part, value in zip(_CLUSTER, cluster, strict=True)
            if value is None
        ]

    @classmethod
    def parse(
        cls, text: str, *, conf: StoreConfig | None, backend_group: str | None
    ) -> RbdStoreLocation:
        if not text.startswith(_PREFIX) or cls.SCHEMES is not _SCHEMES:  # else: "rbd", at once
            _lex.scheme_in(text, cls.SCHEMES)
        _lex.no_query(text)
        pieces = text[len(_PREFIX) :].split("/")
        if len(pieces) == 1:
            return cls(image=pieces[0], backend_group=backend_group)
        if len(pieces) != 4:
            raise _lex.fail(
                "path", f"URI must have exactly 1 or 4 components, not {len(pieces)}", prefix=False
            )
        if "%" in text:
            pieces = [
                _lex.unquote(piece, part) for piece, part in zip(pieces, _NAMES, strict=True)
            ]
        fsid, pool, image, snapshot = pieces
        # A cluster's fsid, its pools and snapshot names repeat in every row: share them.
        return cls(
            fsid=sys.intern(fsid),
            pool=sys.intern(pool),
            image=image,
            snapshot=sys.intern(snapshot),
            backend_group=backend_group,
        )

    @classmethod
    def normalize_specs(
        cls, specs: Mapping[str, object], *, conf: StoreConfig | None
    ) -> Mapping[str, object]:
        """glance_store passes every rbd specs value through ``str()``; so do we (not None)."""
        for value in specs.values():
            if value is not None and type(value) is not str:
                break
        else:
            return specs  # the common case: nothing to convert, no copy
        return {
            key: value if value is None or isinstance(value, str) else str(value)
            for key, value in specs.items()
        }

    def render(self, *, redact: bool) -> str:
        """The URI (an rbd URI holds no secret)."""
        if self.fsid is not None and self.pool is not None and self.snapshot is not None:
            parts = (self.fsid, self.pool, self.image, self.snapshot)
            joined = "/".join(parts)
            if _UNQUOTED_CLUSTER.fullmatch(joined):
                return _PREFIX + joined  # nothing to quote: the common case, done at once
            return _PREFIX + "/".join(map(_lex.quote_component, parts))
        return _PREFIX + self.image

    def identity_key(self) -> Hashable:
        """fsid, pool, image and snapshot; a one-name ``rbd://image`` (no cluster) is its
        image name alone and never equals a four-part location."""
        if self.fsid is None or self.pool is None or self.snapshot is None:
            return ("rbd", self.image)
        return ("rbd", self.fsid, self.pool, self.image, self.snapshot)

    def exposure(self) -> Exposure:
        return Exposure(scheme=self.scheme)


_NAMES = ("fsid", "pool", "image", "snapshot")
