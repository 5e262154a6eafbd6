"""The options several commands share, and what they ask for."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from glance_locations.cli._errors import CommandError
from glance_locations.policy import LocationPolicy
from glance_locations.registry import default_registry

if TYPE_CHECKING:
    # What add_parser of a command module takes; argparse names its class privately.
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]  # pyright: ignore[reportPrivateUsage]

__all__ = [
    "add_backend_option",
    "add_policy_options",
    "add_secrets_option",
    "add_swift_config_option",
    "policy_from",
]


def add_swift_config_option(command: argparse.ArgumentParser) -> None:
    """``--swift-config FILE``: the references of ``swift+config://`` URIs."""
    command.add_argument(
        "--swift-config",
        metavar="FILE",
        help="glance-swift.conf with the references that swift+config:// URIs name",
    )


def add_secrets_option(command: argparse.ArgumentParser) -> None:
    """``--show-secrets``: print passwords and keys instead of ``***``."""
    command.add_argument(
        "--show-secrets",
        action="store_true",
        help="print passwords, keys and query credentials instead of ***",
    )


def add_backend_option(command: argparse.ArgumentParser, what: str) -> None:
    """``--backend NAME``: the multi-backend store (backend group) of the locations."""
    command.add_argument(
        "--backend",
        metavar="NAME",
        help=f"the multi-backend store name (backend group) {what}",
    )


def add_policy_options(command: argparse.ArgumentParser) -> None:
    """The ``LocationPolicy`` flags, in their own help group; none is on by default."""
    policy = command.add_argument_group(
        "policy", "refuse valid locations that an untrusted user must not give (LocationPolicy)"
    )
    policy.add_argument(
        "--allow-scheme",
        action="append",
        metavar="S",
        help="accept only this scheme (repeatable)",
    )
    policy.add_argument(
        "--file-root",
        action="append",
        metavar="DIR",
        help="file URIs must lie under DIR (repeatable)",
    )
    policy.add_argument(
        "--no-credentials",
        action="store_true",
        help="refuse credentials in URIs (userinfo, keys, credential query parameters)",
    )
    policy.add_argument(
        "--no-private-hosts",
        action="store_true",
        help="refuse loopback, private and other non-global hosts",
    )
    policy.add_argument(
        "--require-tls", action="store_true", help="refuse http, swift+http and s3+http"
    )


def policy_from(args: argparse.Namespace) -> LocationPolicy:
    """The policy the flags of :func:`add_policy_options` ask for (permissive by default)."""
    schemes = None
    if args.allow_scheme is not None:
        schemes = frozenset(scheme.lower() for scheme in args.allow_scheme)
        unknown = sorted(schemes - set(default_registry.schemes))
        if unknown:
            known = ", ".join(sorted(default_registry.schemes))
            raise CommandError(
                f"--allow-scheme: unknown scheme {unknown[0]!r} (known schemes: {known})"
            )
    try:
        return LocationPolicy(
            allowed_schemes=schemes,
            file_roots=tuple(args.file_root or ()),
            allow_credentials_in_uri=not args.no_credentials,
            allow_private_hosts=not args.no_private_hosts,
            require_tls=args.require_tls,
        )
    except ValueError as exc:  # the message names the option and the value, no secret
        raise CommandError(f"policy: {exc}") from None
