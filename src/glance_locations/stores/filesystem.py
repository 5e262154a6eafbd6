"""``file://`` locations: an image file on a filesystem of the Glance host.

Grammar::

    file-uri = ( "file" / "filesystem" ) "://" path   ; absolute, raw, no query
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import ClassVar

import attrs

from glance_locations import _lex, components
from glance_locations.base import Exposure, StoreLocation
from glance_locations.config import StoreConfig
from glance_locations.fields import rule

__all__ = ["FilesystemStoreLocation"]

_SCHEMES = ("file", "filesystem")


def _file_scheme(scheme: str) -> str:
    return "file" if scheme == "filesystem" else scheme


@attrs.frozen(kw_only=True, slots=True)
class FilesystemStoreLocation(StoreLocation):
    """An image file, by absolute path. ``filesystem://`` is read as ``file://``.

    The path is kept raw, as glance_store keeps it: no percent-decoding. A plain space may
    appear inside it (configured directory names are written verbatim).
    """

    SCHEMES: ClassVar[tuple[str, ...]] = _SCHEMES
    ALLOWS_SPACE: ClassVar[bool] = True

    scheme: str = attrs.field(
        default="file",
        converter=_file_scheme,
        metadata=rule(components.one_of("scheme", ("file",), "must be 'file' (or 'filesystem')")),
    )
    path: str = attrs.field(metadata=rule(components.file_path))

    @classmethod
    def parse(
        cls, text: str, *, conf: StoreConfig | None, backend_group: str | None
    ) -> FilesystemStoreLocation:
        if text.startswith("file://") and cls.SCHEMES is _SCHEMES:
            scheme = "file"  # the common case, at once
        else:
            scheme = _lex.scheme_in(text, cls.SCHEMES)
        _lex.no_query(text)
        return cls(path=text[len(scheme) + 3 :], backend_group=backend_group)

    def render(self, *, redact: bool) -> str:
        """The URI (a file URI holds no secret: an ``@`` in it is a name)."""
        return f"file://{self.path}"

    def identity_key(self) -> Hashable:
        """The path (``filesystem://`` is ``file://``)."""
        return ("file", self.path)

    def exposure(self) -> Exposure:
        return Exposure(scheme=self.scheme, file_path=self.path)
