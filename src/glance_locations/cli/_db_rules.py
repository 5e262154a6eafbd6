"""The rules ``db rewrite`` takes as flags, checked before any row is planned.

Each ``OLD=NEW`` flag is checked on its own: ``NEW`` must be a valid value for its
component (an fsid is a UUID, as Ceph makes every cluster's; a pool is a name an rbd
location can hold, without ``/``; a host is checked by ``HostRename``), and ``OLD``
must be held by some row (:func:`glance_locations.db._rewrite.unmatched`, which
``db.py`` calls once the journal path is taken).
"""

from __future__ import annotations

import argparse
import uuid
from typing import TYPE_CHECKING

from glance_locations._redact import mask_uri, redact
from glance_locations.cli._errors import CommandError
from glance_locations.config import StoreConfig
from glance_locations.exceptions import BadStoreLocation, GlanceStoreException
from glance_locations.registry import default_registry

if TYPE_CHECKING:
    from glance_locations.rewrite import Rule

__all__ = ["any_rule", "pairs", "rule_olds", "rules", "shown"]


def holds_credentials(flags: list[str] | None) -> bool:
    """Whether a value of these flags holds credentials (a URI with a password given by
    mistake): then no part of them is quoted, for a part may be one."""
    return any(mask_uri(flag) != flag or redact(flag) != flag for flag in flags or ())


def shown(part: str, flags: list[str] | None) -> str:
    """``part`` of a flag's value, quoted, or a note when the flags hold credentials."""
    return "(not shown: the flag holds credentials)" if holds_credentials(flags) else repr(part)


def pairs(values: list[str] | None, option: str) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value in values or ():
        old, equals, new = value.partition("=")
        if not equals or not old or not new:
            raise CommandError(f"{option}: expected OLD=NEW, not {value!r}")
        if old in mapping and mapping[old] != new:
            raise CommandError(f"{option}: {shown(old, values)} is mapped twice")
        mapping[old] = new
    return mapping


def _rbd_field(option: str, field: str, value: str, flags: list[str]) -> None:
    """Refuse a value an rbd location cannot hold in ``field`` (``fsid`` or ``pool``)."""
    specs = {"fsid": "fsid", "pool": "images", "image": "image", "snapshot": "snap", field: value}
    cls = default_registry.schemes["rbd"].location_class
    problem: str | None = None
    try:
        cls.from_specs(specs)
    except (BadStoreLocation, GlanceStoreException, ValueError) as exc:
        problem = str(exc)
    new = shown(value, flags)
    if problem is not None:
        if new != repr(value):
            problem = "refused by the rbd store"  # its reason may quote the value
        raise CommandError(f"{option}: NEW {new} is not a valid {field}: {problem}")
    if field == "fsid":
        try:
            uuid.UUID(value)
        except ValueError:
            raise CommandError(
                f"{option}: NEW {new} is not a valid fsid (a Ceph cluster's fsid is a UUID)"
            ) from None
    elif "/" in value or not value.isprintable() or value != value.strip():
        raise CommandError(
            f"{option}: NEW {new} is not a valid pool name (no '/', no white space at its"
            " ends, no control character)"
        )


def rules(args: argparse.Namespace, conf: StoreConfig | None) -> list[Rule]:
    """The rules the flags ask for, in a fixed order (see the command's help)."""
    from glance_locations import rewrite  # noqa: PLC0415 (only db rewrite needs it)

    fsids = pairs(args.rbd_fsid, "--rbd-fsid")
    pools = pairs(args.rbd_pool, "--rbd-pool")
    hosts = pairs(args.host, "--host")
    for new in fsids.values():
        _rbd_field("--rbd-fsid", "fsid", new, args.rbd_fsid)
    for new in pools.values():
        _rbd_field("--rbd-pool", "pool", new, args.rbd_pool)
    found: list[Rule] = []
    option = ""
    try:
        if fsids or pools:
            option = "--rbd-fsid/--rbd-pool"
            found.append(rewrite.RbdRemap(fsids=fsids, pools=pools))
        if hosts:
            option = "--host"
            found.append(rewrite.HostRename(hosts))
        if args.swift_to_config:
            option = "--swift-to-config"
            if conf is None:
                raise CommandError("--swift-to-config needs --swift-config FILE")
            found.append(rewrite.SwiftToConfig(conf))
        if args.strip_credentials:
            option = "--strip-credentials"
            # The stores named, each once (StripCredentials(stores=...), the revised contract).
            stores = tuple(dict.fromkeys(args.strip_credentials))
            found.append(rewrite.StripCredentials(stores=stores))
        if args.cinder_backend is not None:
            option = "--cinder-backend"
            found.append(rewrite.CinderBackend(args.cinder_backend))
    except (GlanceStoreException, ValueError, TypeError) as exc:
        flags = args.host if option == "--host" else None
        why = (
            str(exc)
            if shown("", flags) == "''"
            else "refused (not shown: the flag holds credentials)"
        )
        raise CommandError(f"{option}: {why}") from None
    if not found and not args.assign_backends:
        raise CommandError(
            "no rule given (--rbd-fsid, --rbd-pool, --host, --strip-credentials STORE, "
            "--swift-to-config, --cinder-backend, --assign-backends)"
        )
    return found


def any_rule(args: argparse.Namespace) -> bool:
    """Whether a rule flag of the value rules, or --assign-backends, is given."""
    return bool(
        args.rbd_fsid or args.rbd_pool or args.host or args.strip_credentials
        or args.swift_to_config or args.cinder_backend is not None or args.assign_backends
    )  # fmt: skip


def rule_olds(args: argparse.Namespace) -> dict[str, list[str]]:
    """The OLD values of each OLD=NEW flag, for the check that some row holds them."""
    return {
        option: list(pairs(values, option))
        for option, values in (
            ("--rbd-fsid", args.rbd_fsid),
            ("--rbd-pool", args.rbd_pool),
            ("--host", args.host),
        )
        if values
    }
