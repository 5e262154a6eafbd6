"""Identity and rewriting of store locations: for tools that audit and migrate Glance.

:func:`identity` says what a location points at, credentials left out, so that two rows
naming the same bytes are found however they are spelled. A :class:`Rule` is any
``Callable[[StoreLocation], StoreLocation]`` that returns its argument (the very object)
when it does not apply, and raises :class:`RewriteRefused` when it applies but cannot
rewrite; the built-in rules are frozen attrs classes that subclass ``Rule``.
:func:`rewrite` streams ``(key, uri)`` rows through a sequence of rules and yields one
:class:`Change` per row, never raising for a bad row.

One module per idea: ``_identity``, ``_rule`` (the rule type), one module per built-in
rule with its parameter checks (``_rbd``, ``_hosts``, ``_credentials``, ``_swift``,
``_cinder``; ``_maps`` holds what the map-holding ones share) and ``_stream``
(``rewrite`` and ``Change``). The decisions behind every store's identity and every rule
are in docs/rewriting.md.
"""

from __future__ import annotations

from glance_locations.exceptions import RewriteRefused
from glance_locations.rewrite._cinder import CinderBackend
from glance_locations.rewrite._credentials import StripCredentials
from glance_locations.rewrite._hosts import HostRename
from glance_locations.rewrite._identity import identity, same_location
from glance_locations.rewrite._rbd import RbdRemap
from glance_locations.rewrite._rule import Rule
from glance_locations.rewrite._stream import Change, Status, rewrite
from glance_locations.rewrite._swift import SwiftToConfig

__all__ = [
    "Change",
    "CinderBackend",
    "HostRename",
    "RbdRemap",
    "RewriteRefused",
    "Rule",
    "Status",
    "StripCredentials",
    "SwiftToConfig",
    "identity",
    "rewrite",
    "same_location",
]


def __dir__() -> list[str]:
    return __all__
