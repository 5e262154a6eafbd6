"""``nfs://server/export/path``: a store of one's own, shipped as a package.

As simple as a store class can be: two fields, ``parse`` and ``render``.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from glance_locations import BadStoreUri, SchemeInfo, StoreConfig, StoreLocation


@attrs.frozen(kw_only=True, slots=True)
class NfsStoreLocation(StoreLocation):
    """``nfs://server/export/path``: an image file on an NFS export."""

    SCHEMES: ClassVar[tuple[str, ...]] = ("nfs", "nfs4")

    server: str
    path: str

    @classmethod
    def parse(
        cls, text: str, *, conf: StoreConfig | None, backend_group: str | None
    ) -> NfsStoreLocation:
        rest = text.partition("://")[2]
        server, slash, path = rest.partition("/")
        if not server:
            raise BadStoreUri("server: empty", component="server")
        if path.count("/") < 1:
            raise BadStoreUri("path: must name an export and a file in it", component="path")
        return cls(server=server, path=slash + path, backend_group=backend_group)

    def render(self, *, redact: bool) -> str:
        return f"nfs://{self.server}{self.path}"


def scheme_map() -> dict[str, object]:
    """The scheme map of the ``nfs4`` entry point (a callable's form)."""
    return {"nfs4": SchemeInfo(location_class=NfsStoreLocation, store="nfs")}
