"""User-side code that must FAIL to type-check: ``test_checkers.py`` asserts each error.

Every line that must be reported ends with ``# error: <tag> <word>...``: the test maps
the tag to the mypy error code and the pyright rule that report it, and each word must
be in both checkers' messages. The project's whole runs exclude this folder (mypy.ini,
pyproject.toml); ``pyrightconfig.json`` here gives pyright the project's settings.
"""

from __future__ import annotations

from typing_extensions import assert_never

from glance_locations import (
    BuiltinStoreLocation,
    CinderStoreLocation,
    FilesystemStoreLocation,
    HttpStoreLocation,
    RbdStoreLocation,
    S3StoreLocation,
    SchemeMapEntry,
    StoreConfig,
    StoreLocation,
    SwiftStoreLocation,
)
from glance_locations.entries import LocationEntry


class NoRender(StoreLocation):
    """A store class of one's own that forgot ``render``."""

    @classmethod
    def parse(cls, text: str, *, conf: StoreConfig | None, backend_group: str | None) -> NoRender:
        return cls(backend_group=backend_group)


class NoParse(StoreLocation):
    """... and one that forgot ``parse``."""

    def render(self, *, redact: bool) -> str:
        return "nfs://x"


StoreLocation()  # error: abstract parse render
NoRender()  # error: abstract render
NoParse()  # error: abstract parse

bad_entry: SchemeMapEntry = {"location_class": int}  # error: entry StoreLocation

# Covariance goes one way: any entry is not an rbd entry.
any_entry = LocationEntry.from_api({"url": "rbd://f/p/i/s", "metadata": {}})
rbd_entry: LocationEntry[RbdStoreLocation] = any_entry  # error: variance LocationEntry


def incomplete(loc: BuiltinStoreLocation) -> str:
    match loc:
        case FilesystemStoreLocation() | HttpStoreLocation() | RbdStoreLocation():
            return "a"
        case CinderStoreLocation() | SwiftStoreLocation() | S3StoreLocation():
            return "b"
        case _:
            assert_never(loc)  # error: never VMwareStoreLocation
