"""``file://`` locations: an image file on a filesystem of the Glance host.

Grammar::

    file-uri = ( "file" / "filesystem" ) "://" path   ; absolute, raw, no query
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from glance_locations import _uri
from glance_locations.base import Exposure, StoreLocation
from glance_locations.config import StoreConfig
from glance_locations.exceptions import BadStoreUri

__all__ = ["FilesystemStoreLocation"]


def _file_scheme(scheme: str) -> str:
    return "file" if scheme == "filesystem" else scheme


@attrs.frozen(kw_only=True, slots=True)
class FilesystemStoreLocation(StoreLocation):
    """An image file, by absolute path. ``filesystem://`` is read as ``file://``.

    The path is kept raw, as glance_store keeps it: no percent-decoding. A plain space may
    appear inside it (configured directory names are written verbatim).
    """

    SCHEMES: ClassVar[tuple[str, ...]] = ("file", "filesystem")
    ALLOWS_SPACE: ClassVar[bool] = True

    scheme: str = attrs.field(default="file", converter=_file_scheme)
    path: str

    @classmethod
    def _parse(
        cls, text: str, conf: StoreConfig | None, backend_group: str | None
    ) -> FilesystemStoreLocation:
        scheme = _uri.scheme_of(text, cls.SCHEMES)
        _uri.no_query(text)
        path = text[len(scheme) + 3 :]
        if path and not path.startswith("/"):
            raise BadStoreUri(
                "path: must be absolute ('file:///...'); a host or relative path is not allowed",
                text,
            )
        return cls(path=_check_path(path, text), backend_group=backend_group)

    @classmethod
    def _spec_template(cls) -> FilesystemStoreLocation:
        return _TEMPLATE

    def get_uri(self) -> str:
        return f"file://{self.path}"

    def get_redacted_uri(self) -> str:
        """Return :meth:`get_uri`: a file URI holds no secret (an ``@`` in it is a name)."""
        return self.get_uri()

    def exposure(self) -> Exposure:
        return Exposure(scheme=self.scheme, file_path=self.path)


def _check_path(path: str, text: str) -> str:
    if not path or path == "/":
        raise BadStoreUri("path: empty", text)
    if path.endswith("/"):
        raise BadStoreUri("path: names a directory (ends with '/')", text)
    if path.startswith(" ") or path.endswith(" "):
        raise BadStoreUri("path: leading or trailing space", text)
    return path


_TEMPLATE = FilesystemStoreLocation(path="/var/lib/glance/images/image")
