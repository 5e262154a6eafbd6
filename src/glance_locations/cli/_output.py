"""Everything a command prints goes through here, made terminal-safe on the way.

What the command line prints may come from its input (URIs, ids, CSV headers, JSON
paths, backend and image names). :func:`terminal_safe` is the one place that decides
what reaches a terminal: every character that is not printable (control characters,
ESC and CSI/OSC sequences with it, BEL, CR, backspace, DEL, C1 controls, Unicode
bidirectional formatting characters such as U+202E, other format, separator,
unassigned and private characters, lone surrogates) is shown escaped, ``\\x1b``,
``\\u202e``, ``\\U000e0001``. :func:`write_line` and :func:`warn` apply it to every line;
:func:`json_line` escapes the same characters as JSON does (``\\u001b``, ``\\u202e``),
so a JSON line is valid JSON and terminal-safe at once. ``redact``, a filter that copies
bytes, writes them unchanged into a file or pipe and escaped on a terminal
(:func:`write_bytes`; tabs and line ends kept).
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from typing import TextIO

__all__ = [
    "PROG",
    "OutputError",
    "flush_output",
    "json_line",
    "terminal_safe",
    "terminal_safe_bytes",
    "warn",
    "write_bytes",
    "write_line",
]

PROG = "glance-locations"


class OutputError(Exception):
    """Standard output cannot be written (closed, a full disk): exit status 2."""


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def terminal_safe(text: str) -> str:
    """``text`` with every character that is not printable escaped (see the module)."""
    if text.isprintable():  # the common case, at C speed
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


_KEPT_BYTES = frozenset("\t\n")


def terminal_safe_bytes(data: bytes) -> bytes:
    """Bytes of text made terminal-safe; a byte that is not UTF-8 shows as ``\\xNN``.

    Tabs and line ends are kept (the text is copied, line by line).
    """
    text = data.decode("utf-8", "surrogateescape")
    if text.isprintable():
        return data
    parts: list[str] = []
    for char in text:
        if char.isprintable() or char in _KEPT_BYTES:
            parts.append(char)
        elif 0xDC80 <= ord(char) <= 0xDCFF:  # a byte that was not UTF-8
            parts.append(f"\\x{ord(char) - 0xDC00:02x}")
        else:
            parts.append(_escape(char))
    return "".join(parts).encode("utf-8")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON writes characters beyond the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_line(obj: object) -> str:
    """``obj`` as one line of JSON, terminal-safe: printable UTF-8 as is, every other
    character as a JSON ``\\u`` escape."""
    text = json.dumps(obj, ensure_ascii=False)
    if text.isprintable():
        return text
    return re.sub(
        r"[^ -~]", lambda m: m.group() if m.group().isprintable() else _json_escape(m), text
    )


def _stdout() -> TextIO:
    if sys.stdout is None:  # started with file descriptor 1 closed
        raise OutputError("cannot write to standard output: it is closed")
    return sys.stdout


def write_line(text: str) -> None:
    """Write one line to standard output, terminal-safe (a line end in ``text`` too).

    :raises BrokenPipeError: the reader went away (``| head``); the command stops quietly.
    :raises OutputError: any other write failure (``/dev/full``: no space left).
    """
    stream = _stdout()
    try:
        stream.write(f"{terminal_safe(text)}\n")
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write to standard output: {exc.strerror}") from None


def write_bytes(data: bytes) -> None:
    """Write bytes to standard output, as they are, or terminal-safe on a terminal.

    A command writes either text or bytes: the two are buffered apart.
    """
    stream = _stdout()
    try:
        if stream.isatty():
            data = terminal_safe_bytes(data)
        stream.buffer.write(data)
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:
        raise OutputError(
            f"cannot write to standard output: {getattr(exc, 'strerror', None) or exc}"
        ) from None


def flush_output() -> None:
    """Flush standard output (where a full disk shows), as :func:`write_line` writes."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write to standard output: {exc.strerror}") from None


def warn(message: str) -> None:
    """One line on stderr, prefixed with the program's name, terminal-safe; never fails."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"{PROG}: {terminal_safe(message)}\n")
        sys.stderr.flush()
