"""``cinder://`` locations: a Cinder volume holding the image.

Grammar::

    cinder-uri = "cinder://" [ backend-group "/" ] volume-id    ; volume-id: a lower-case UUID
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import ClassVar

import attrs

from glance_locations import _lex, components
from glance_locations.base import Exposure, StoreLocation
from glance_locations.config import StoreConfig
from glance_locations.fields import rule

__all__ = ["CinderStoreLocation"]

_SCHEMES = ("cinder",)

_GROUP = components.unreserved("backend group", "a backend group in a cinder URI")


@attrs.frozen(kw_only=True, slots=True)
class CinderStoreLocation(StoreLocation):
    """A Cinder volume, by UUID.

    In a multi-backend deployment the URI names the backend group before the volume id
    (``cinder://<backend_group>/<volume_id>``); that segment is ``backend_group``.
    """

    SCHEMES: ClassVar[tuple[str, ...]] = _SCHEMES

    # The URI holds the backend group raw: a cinder backend group is a stricter name.
    backend_group: str | None = attrs.field(default=None, metadata=rule(_GROUP))
    scheme: str = attrs.field(
        default="cinder",
        metadata=rule(components.one_of("scheme", ("cinder",), "must be 'cinder'")),
    )
    volume_id: str = attrs.field(metadata=rule(components.volume_id))

    @classmethod
    def parse(
        cls, text: str, *, conf: StoreConfig | None, backend_group: str | None
    ) -> CinderStoreLocation:
        if not text.startswith("cinder://") or cls.SCHEMES is not _SCHEMES:  # else: at once
            _lex.scheme_in(text, cls.SCHEMES)
        _lex.no_query(text)
        pieces = text[len("cinder://") :].split("/")
        if len(pieces) > 2:
            raise _lex.fail(
                "path", "at most one segment (the backend group) may precede the volume id"
            )
        if len(pieces) == 2:
            group = pieces[0]
            if backend_group is not None and backend_group != group:
                raise _lex.fail(
                    "backend group",
                    f"the URI names {group!r} but {backend_group!r} was given",
                )
            backend_group = group
        return cls(volume_id=pieces[-1], backend_group=backend_group)

    def render(self, *, redact: bool) -> str:
        """The URI (a cinder URI holds no secret)."""
        if self.backend_group:
            return f"cinder://{self.backend_group}/{self.volume_id}"
        return f"cinder://{self.volume_id}"

    def identity_key(self) -> Hashable:
        """The volume id (a UUID: the backend group is left out)."""
        return ("cinder", self.volume_id)

    def exposure(self) -> Exposure:
        return Exposure(scheme=self.scheme)
