"""Exit statuses, the errors that stop a command, and the one boundary that reports them.

A command's ``run`` raises :class:`CommandError` for anything that stops it;
:func:`run_command` (called by ``main``) turns every failure of the command's own into
one line on stderr and exit status 2, never a traceback: a :class:`CommandError`
(masked), output that cannot be written, a closed pipe (quiet), Ctrl-C (``interrupted``),
and, should a bug let one through, any other exception (its type only: its text may
quote the input).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence

from glance_locations._redact import mask_arguments
from glance_locations.cli._output import OutputError, flush_output, warn

__all__ = [
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "CommandError",
    "CommandInterrupted",
    "OutputError",
    "run_command",
]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_ERROR = 2
#: Ctrl-C is a failure of the command's own, as the contract lists it: exit status 2.
EXIT_INTERRUPTED = EXIT_ERROR


class CommandError(Exception):
    """A problem that stops the command: one line on stderr, exit status 2.

    The message may quote arguments and file names: :func:`run_command` masks what may
    be a secret in it, and makes it terminal-safe, before printing.
    """


class CommandInterrupted(CommandError):
    """Ctrl-C, with what the command knows of its effect (``nothing was written``)."""


def _silence_stdout() -> None:
    """Point file descriptor 1 at /dev/null: what is still buffered goes nowhere at exit."""
    if sys.stdout is not None:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def run_command(
    run: Callable[[argparse.Namespace], int], args: argparse.Namespace, arguments: Sequence[str]
) -> int:
    """Run a command; return its exit status, or 2 after one line on stderr."""
    try:
        status = run(args)
        flush_output()
    except CommandError as exc:
        with contextlib.suppress(OSError, OutputError):
            flush_output()  # what was found before the error, then the error
        prefix = "" if isinstance(exc, CommandInterrupted) else "error: "
        warn(f"{prefix}{mask_arguments(str(exc), arguments)}")
        return EXIT_ERROR
    except OutputError as exc:
        _silence_stdout()
        warn(f"error: {exc}")
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly; no flush at exit either.
        _silence_stdout()
        return EXIT_ERROR
    except KeyboardInterrupt:
        with contextlib.suppress(OSError, OutputError):
            flush_output()
        warn("interrupted")
        return EXIT_INTERRUPTED
    except RecursionError:
        warn("error: the input is nested too deeply")
        return EXIT_ERROR
    except MemoryError:
        warn("error: out of memory")
        return EXIT_ERROR
    except Exception as exc:  # the boundary: a bug is still one line, exit 2
        # The type only: the text of an unexpected error may quote the input (a secret).
        warn(
            f"error: unexpected {type(exc).__name__} (a bug of glance-locations: please report it)"
        )
        return EXIT_ERROR
    return status
