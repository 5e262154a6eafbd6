"""Masking of credentials in URI text, for messages and logs.

Works on any text, well formed or not, so that an error about a malformed URI can quote it
without leaking what may be a password:

- everything between the scheme separator and the last ``@`` is replaced by ``***``;
- with no ``@`` after the scheme separator (a password whose ``@`` went missing:
  ``http://user:secret/path``), every ``:`` followed by anything but a port number keeps
  the ``:`` and loses the text up to the next ``/``, ``?`` or ``#``.

That over-masks (a user name, a path holding ``@`` or ``:``) by design: a message may lose
detail, never a secret.
"""

from __future__ import annotations

import re

MASK = "***"

# A ':' not followed by a port (digits, then a delimiter or the end), and what follows it.
_NOT_A_PORT = re.compile(r":(?!\d*(?:[/?#]|$))[^/?#]*")


def mask_uri(text: str) -> str:
    """Return ``text`` with any userinfo-like part replaced by ``***``."""
    at = text.rfind("@")
    sep = text.find("://")
    if 0 <= sep < at:
        start = sep + 3
    elif sep >= 0:
        return _mask_colons(text, sep + 3)
    elif at >= 0:
        colon = text.find(":")
        start = colon + 1 if 0 <= colon < at else 0
    else:
        return text
    return f"{text[:start]}{MASK}{text[at:]}"


def _mask_colons(text: str, start: int) -> str:
    """Mask what follows each ``:`` after ``start`` that is not a port."""
    if text.startswith("[", start):  # an IPv6 literal's colons are not separators
        start = max(text.find("]", start) + 1, start)
    return text[:start] + _NOT_A_PORT.sub(":" + MASK, text[start:])


def secret_repr(value: object) -> str:
    """attrs ``repr`` hook of a secret field: ``'***'`` when set, ``None`` when not."""
    return "None" if value is None else repr(MASK)
