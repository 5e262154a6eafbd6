"""Reading a configuration file as UTF-8 text, with errors that never quote its bytes."""

from __future__ import annotations

import os

__all__ = ["read_utf8"]


def read_utf8(path: str | os.PathLike[str], what: str, shown: str) -> str | tuple[str]:
    """The text of the file at ``path``, or ``(problem,)``: why it cannot be read.

    ``what`` names the kind of file and ``shown`` the path, as messages write them. A
    ``UnicodeDecodeError`` holds the file's bytes (a key, perhaps): the problem names the
    line and column only.
    """
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return (f"cannot read {what} {shown}: {exc.strerror}",)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return (f"{what} {shown} is not valid UTF-8 (line {line}, column {column})",)
