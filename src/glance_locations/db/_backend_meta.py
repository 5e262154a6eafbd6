"""``meta_data.store`` in ``db rewrite``: ``--assign-backends``, and the backend an s3
location needs before it loses its keys.

Glance records a location's backend in ``meta_data.store``; Glance 33 reads a
credential-free s3 location with the keys of that backend (``glance_store`` s3 driver,
``glance/location.py``). :func:`backend_meta` is the one step of a row's decision that
concerns that key, the same for the plan and ``--apply``: it takes the row's final value
(after the value rules) and ``meta_data`` text (after them too) and gives the text to
write, or why the row is refused.
"""

from __future__ import annotations

import attrs

from glance_locations._lex import scheme_of
from glance_locations.backends import BackendMap, S3Backend
from glance_locations.config import StoreConfig
from glance_locations.db._rows import parse_meta_data, with_store
from glance_locations.exceptions import GlanceStoreException
from glance_locations.registry import default_registry

__all__ = ["ASSIGN_RULE", "BackendStep", "backend_meta", "strips_s3_keys"]

#: The rule name ``--assign-backends`` shows in the plan and the journal's changes.
ASSIGN_RULE = "AssignBackends"

S3_SCHEMES = frozenset({"s3", "s3+http", "s3+https"})

_S3_NO_STORE = (
    "an s3 location keeps its keys unless its backend is known (meta_data.store, or"
    " --assign-backends): Glance 33 reads a credential-free s3 location with its"
    " backend's keys"
)


@attrs.frozen(kw_only=True)
class BackendStep:
    """What the step does to a row: the ``meta_data`` text to write (unchanged when it
    keeps it), whether ``--assign-backends`` changed it, or why the row is refused."""

    meta: str | None = None
    assigned: bool = False
    refusal: str | None = None


def _store(meta_text: str | None) -> str:
    meta = parse_meta_data(meta_text)
    store = None if meta is None else meta.get("store")
    return store if isinstance(store, str) else ""


def backend_meta(
    value: str,
    meta_text: str | None,
    *,
    backends: BackendMap | None,
    assign: bool,
    strips_s3: bool,
    conf: StoreConfig | None,
) -> BackendStep:
    """The ``meta_data`` of a row whose value is (or becomes) ``value``.

    - ``assign`` (``--assign-backends``, needs ``backends``): the backend that holds the
      location by its structure is written into ``meta_data.store`` when missing or
      wrong; a location no backend, or several, could hold is refused, naming them.
    - ``strips_s3`` (an s3 value the rules took the keys from): its backend must be known,
      ``meta_data.store`` set or assigned here; with ``backends`` it must name a
      configured s3 backend, the one that holds the location.
    """
    store = _store(meta_text)
    new_meta = meta_text
    assigned = False
    holder: str | None = None
    several = False
    if backends is not None and (assign or strips_s3):
        try:
            location = default_registry.get_location_from_uri(value, conf).store_location
        except GlanceStoreException as exc:
            return BackendStep(refusal=f"the location is not valid ({exc})")
        assignment = backends.assign(location)
        holder, several = assignment.backend, assignment.status == "ambiguous"
        if assign and assignment.status != "matched":
            names = ", ".join(repr(name) for name in assignment.candidates)
            which = f"{assignment.status}: {names}" if names else assignment.status
            return BackendStep(refusal=f"no backend assigned ({which}; {assignment.reason})")
        if assign and holder is not None and store != holder:
            new_meta, problem = with_store(meta_text, holder)
            if problem is not None:
                return BackendStep(refusal=problem)
            store, assigned = holder, True
    if strips_s3:
        refusal = _s3_refusal(store, holder, backends, several=several)
        if refusal is not None:
            return BackendStep(refusal=refusal)
    return BackendStep(meta=new_meta, assigned=assigned)


def _s3_refusal(
    store: str, holder: str | None, backends: BackendMap | None, *, several: bool
) -> str | None:
    if not store:
        return _S3_NO_STORE
    if backends is None:
        return None
    backend = backends.backends.get(store)
    if not isinstance(backend, S3Backend):
        return (
            f"meta_data.store {store!r} is no s3 backend of --glance-config: Glance 33 would"
            " find no keys for the credential-free location"
        )
    if holder != store:
        held = (
            f"belongs to {holder!r}"
            if holder is not None
            else "could belong to several backends"
            if several
            else "belongs to no backend"
        )
        return (
            f"meta_data.store is {store!r}, but by s3_store_host and s3_store_bucket the"
            f" location {held}: its keys would not read it"
        )
    return None


def strips_s3_keys(value: str, after: str, rule: str | None) -> bool:
    """Whether a change took the keys of an s3 location (``--strip-credentials s3``)."""
    return (
        "StripCredentials" in (rule or "")
        and scheme_of(value).lower() in S3_SCHEMES
        and after != value
    )
