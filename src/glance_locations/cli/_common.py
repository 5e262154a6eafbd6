"""What every command shares, gathered from the modules that hold it, by concern.

- ``_output``: everything printed, terminal-safe (:func:`write_line`, :func:`warn`,
  :func:`json_line`);
- ``_errors``: exit statuses, :class:`CommandError`, the boundary ``main`` runs a command
  through (one line on stderr, exit status 2);
- ``_reading``: files and standard input, line by line;
- ``_locations``: store names, parsing, reasons, secrets masked;
- ``_options``: the options several commands share;
- ``_progress``: the progress line of long work.

A command module (``parse.py``, ``check.py``, ...) has ``add_parser(subparsers)``, which
adds its subcommand and sets ``run`` (``Callable[[argparse.Namespace], int]``, returning
the exit status) as the parser's default. This module only re-exports (for the command
modules, and for code written against it before the split).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from glance_locations.cli._errors import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    CommandError,
    CommandInterrupted,
)
from glance_locations.cli._locations import (
    UNKNOWN_STORE,
    load_config,
    locator,
    reason,
    shown_fields,
    shown_input,
    shown_specs,
    shown_uri,
    store_names,
    store_of,
    swift_config_hint,
)
from glance_locations.cli._options import (
    add_backend_option,
    add_policy_options,
    add_secrets_option,
    add_swift_config_option,
    policy_from,
)
from glance_locations.cli._output import (
    PROG,
    OutputError,
    flush_output,
    json_line,
    terminal_safe,
    warn,
    write_bytes,
    write_line,
)
from glance_locations.cli._reading import (
    check_argument,
    decode_line,
    open_input,
    read_lines,
    stdin,
    undecodable,
    uri_arguments,
)

if TYPE_CHECKING:
    from glance_locations.cli._options import SubParsers

__all__ = [
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "PROG",
    "UNKNOWN_STORE",
    "CommandError",
    "CommandInterrupted",
    "OutputError",
    "SubParsers",
    "add_backend_option",
    "add_policy_options",
    "add_secrets_option",
    "add_swift_config_option",
    "check_argument",
    "decode_line",
    "flush_output",
    "json_line",
    "load_config",
    "locator",
    "open_input",
    "policy_from",
    "read_lines",
    "reason",
    "shown_fields",
    "shown_input",
    "shown_specs",
    "shown_uri",
    "stdin",
    "store_names",
    "store_of",
    "swift_config_hint",
    "terminal_safe",
    "undecodable",
    "uri_arguments",
    "warn",
    "write_bytes",
    "write_line",
]
