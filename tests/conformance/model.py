"""What one library made of one URI, and the pair of outcomes that the rules look at."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Union

import attrs


@attrs.frozen
class Accepted:
    """The URI parsed: the mapped fields (our names) and what ``get_uri()`` rendered."""

    fields: Mapping[str, object]
    uri: str


@attrs.frozen
class Rejected:
    """The URI was refused (or crashed the parser): exception class name and message.

    For our side ``message`` is ``BadStoreUri.reason``, which starts with the component.
    """

    error: str
    message: str


Outcome = Union[Accepted, Rejected]  # noqa: UP007 (a runtime alias, Python 3.10 too)


@attrs.frozen
class Case:
    """One URI (or, when ``specs`` is set, one store_specs dict) of one store, as both
    libraries saw it. A specs case has ``uri == ""``."""

    store: str
    uri: str
    ours: Outcome
    theirs: Outcome
    specs: Mapping[str, object] | None = None

    @property
    def source(self) -> str:
        """``"uri"`` or ``"specs"``."""
        return "uri" if self.specs is None else "specs"

    @property
    def legit_error(self) -> str:
        """The one exception type our side may reject this input with."""
        return "BadStoreUri" if self.specs is None else "BadStoreSpecs"

    def differing_fields(self) -> frozenset[str]:
        """Names of the fields that differ when both accepted (``"uri"`` for get_uri())."""
        if not (isinstance(self.ours, Accepted) and isinstance(self.theirs, Accepted)):
            return frozenset()
        ours, theirs = self.ours, self.theirs
        names = {name for name in ours.fields if ours.fields[name] != theirs.fields.get(name)}
        if ours.uri != theirs.uri:
            names.add("uri")
        return frozenset(names)
