"""A store class of one's own for the tests of identity, rewriting and the audit.

Kept minimal on purpose (fields, ``SCHEMES``, ``parse``, ``render``, one secret field):
whatever it gets beyond those (identity, duplicates in ``db audit``) comes from the
defaults of ``StoreLocation``, as it would for a user's class (docs/extending.md).
"""

from __future__ import annotations

from typing import ClassVar

import attrs
import pytest

import glance_locations as gl
from glance_locations.registry import default_registry

__all__ = ["NfsStoreLocation", "register_nfs"]


@attrs.frozen(kw_only=True, slots=True)
class NfsStoreLocation(gl.StoreLocation):
    """``nfs://[token@]server/path``: an image file on an NFS export."""

    SCHEMES: ClassVar[tuple[str, ...]] = ("nfs",)

    server: str
    path: str
    token: str | None = gl.secret_field()

    @classmethod
    def parse(
        cls, text: str, *, conf: gl.StoreConfig | None, backend_group: str | None
    ) -> NfsStoreLocation:
        authority, slash, path = text.removeprefix("nfs://").partition("/")
        token, at, server = authority.rpartition("@")
        return cls(
            server=server,
            path=slash + path,
            token=token if at else None,
            backend_group=backend_group,
        )

    def render(self, *, redact: bool) -> str:
        token = "" if self.token is None else f"{'***' if redact else self.token}@"
        return f"nfs://{token}{self.server}{self.path}"


def register_nfs(
    monkeypatch: pytest.MonkeyPatch, cls: type[gl.StoreLocation] = NfsStoreLocation
) -> None:
    """Register ``nfs`` (store name ``"nfs"``) in the default registry for one test.

    The registry publishes a new snapshot of its map on every registration, so putting
    the old snapshot back at the end of the test undoes it exactly (the public API has
    no way to unregister a scheme).
    """
    monkeypatch.setattr(default_registry, "_schemes", default_registry.schemes)
    gl.register_scheme_map({"nfs": gl.SchemeInfo(location_class=cls, store="nfs")})
