"""``cinder://`` locations: a Cinder volume holding the image.

Grammar::

    cinder-uri = "cinder://" [ backend-group "/" ] volume-id    ; volume-id: a lower-case UUID
"""

from __future__ import annotations

import re
from typing import ClassVar

import attrs

from glance_locations import _uri
from glance_locations.base import Exposure, StoreLocation
from glance_locations.config import StoreConfig
from glance_locations.exceptions import BadStoreUri

__all__ = ["CinderStoreLocation"]

# glance_store accepts a volume id only if ``str(uuid.UUID(v)) == v``: lower case, hyphenated.
_UUID = re.compile(r"[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}")
_GROUP = re.compile(r"[A-Za-z0-9\-._~]+")


@attrs.frozen(kw_only=True, slots=True)
class CinderStoreLocation(StoreLocation):
    """A Cinder volume, by UUID.

    In a multi-backend deployment the URI names the backend group before the volume id
    (``cinder://<backend_group>/<volume_id>``); that segment is ``backend_group``.
    """

    SCHEMES: ClassVar[tuple[str, ...]] = ("cinder",)

    scheme: str = "cinder"
    volume_id: str

    @classmethod
    def _parse(
        cls, text: str, conf: StoreConfig | None, backend_group: str | None
    ) -> CinderStoreLocation:
        _uri.scheme_of(text, cls.SCHEMES)
        _uri.no_query(text)
        pieces = text[len("cinder://") :].split("/")
        if len(pieces) > 2:
            raise BadStoreUri(
                "path: at most one segment (the backend group) may precede the volume id",
                text,
            )
        volume_id = pieces[-1]
        if _UUID.fullmatch(volume_id) is None:
            raise BadStoreUri("volume id: must be a UUID (8-4-4-4-12 lower-case hex digits)", text)
        if len(pieces) == 2:
            group = pieces[0]
            if _GROUP.fullmatch(group) is None:
                raise BadStoreUri(
                    "backend group: must be a non-empty name of letters, digits and '-._~'",
                    text,
                )
            if backend_group is not None and backend_group != group:
                raise BadStoreUri(
                    f"backend group: the URI names {group!r} but {backend_group!r} was given",
                    text,
                )
            backend_group = group
        return cls(volume_id=volume_id, backend_group=backend_group)

    @classmethod
    def _spec_template(cls) -> CinderStoreLocation:
        return _TEMPLATE

    def get_uri(self) -> str:
        if self.backend_group:
            return f"cinder://{self.backend_group}/{self.volume_id}"
        return f"cinder://{self.volume_id}"

    def exposure(self) -> Exposure:
        return Exposure(scheme=self.scheme)


_TEMPLATE = CinderStoreLocation(volume_id="00000000-0000-4000-8000-000000000000")
