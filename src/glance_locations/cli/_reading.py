"""Reading a command's inputs: files or standard input, as bytes, one line at a time.

Every reading failure (an unreadable file, a directory, a closed standard input) is a
:class:`~glance_locations.cli._errors.CommandError` naming the input, never its content.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Generator, Iterator
from typing import IO

from glance_locations._redact import redact
from glance_locations.cli._errors import CommandError
from glance_locations.cli._output import warn

__all__ = [
    "NO_LOCATION",
    "check_argument",
    "decode_line",
    "open_input",
    "read_lines",
    "stdin",
    "undecodable",
    "uri_arguments",
]

_LINE_SPACE = " \t\r\n\f\v"  # around a URI on a line: ASCII white space only
#: Said on stderr of an input in which no location was found (exit status 1).
NO_LOCATION = "no location found in this input (nothing checked)"


def stdin() -> IO[bytes]:
    """Standard input, as bytes.

    :raises CommandError: the command was started with standard input closed.
    """
    if sys.stdin is None:  # started with file descriptor 0 closed
        raise CommandError("no standard input to read")
    return sys.stdin.buffer


@contextlib.contextmanager
def open_input(path: str) -> Generator[tuple[str, IO[bytes]]]:
    """Yield ``(name, binary stream)`` for a file name or ``-`` (standard input).

    The name is the one problem lines show: ``<stdin>``, or the path redacted.
    """
    if path == "-":
        yield "<stdin>", stdin()
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed by the with block below)
    except OSError as exc:
        raise CommandError(f"cannot read {path!r}: {exc.strerror}") from None
    with handle:
        yield redact(path), handle


def read_lines(stream: IO[bytes], name: str, limit: int = -1) -> Iterator[tuple[int, bytes, bool]]:
    """Yield ``(number, raw line, complete)`` one line at a time.

    With a ``limit``, a longer line is not kept: its first ``limit`` bytes are yielded
    with ``complete`` false and the rest is skipped, so memory stays bounded.

    :raises CommandError: reading failed.
    """
    number = 0
    try:
        while line := stream.readline(limit):
            number += 1
            if limit < 0 or len(line) < limit or line.endswith(b"\n"):
                yield number, line, True
                continue
            while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
                pass
            yield number, line, False
    except OSError as exc:
        raise CommandError(f"cannot read {name}: {exc.strerror}") from None


def undecodable(data: bytes, error: UnicodeDecodeError) -> str:
    """Why ``data`` is not UTF-8: the byte and its column, never the text."""
    return f"not valid UTF-8 (byte 0x{data[error.start]:02x} at column {error.start + 1})"


def decode_line(line: bytes, name: str, number: int) -> str:
    """Decode one line as UTF-8.

    :raises CommandError: not UTF-8; the message names the line, column and byte.
    """
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(f"{name}:{number}: {undecodable(line, exc)}") from None


def check_argument(value: str, what: str) -> str:
    """Refuse an argument that was not valid UTF-8 (Python passes it with surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise CommandError(f"{what} is not valid UTF-8") from None
    return value


def uri_arguments(uris: list[str]) -> Iterator[tuple[str | None, str | None]]:
    """Yield ``(text, problem)`` per URI: the arguments, and the lines of stdin for ``-``.

    A line of stdin that is not UTF-8 comes as ``(None, problem)``; blank lines are
    skipped, and white space around a URI. A standard input without a line to read is
    said so on stderr and comes as ``(None, NO_LOCATION)``.
    """
    for uri in uris:
        if uri != "-":
            yield check_argument(uri, "URI argument"), None
            continue
        found = False
        for number, raw, _ in read_lines(stdin(), "<stdin>"):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                found = True
                yield None, f"<stdin>:{number}: {undecodable(raw, exc)}"
                continue
            if number == 1:
                text = text.removeprefix("\ufeff")  # a byte order mark, from an editor
            text = text.strip(_LINE_SPACE)
            if text:
                found = True
                yield text, None
        if not found:
            warn(f"<stdin>: {NO_LOCATION}")
            yield None, NO_LOCATION
