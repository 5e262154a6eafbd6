"""Masking of credentials in URI text, for messages and logs.

Works on any text, well formed or not, so that an error about a malformed URI can quote it
without leaking what may be a password:

- after the scheme (``http://``, ``http:``, or none), everything up to the last ``@`` is
  userinfo and becomes ``***``;
- after that, every ``:`` not followed by a port number may start a password whose ``@``
  went missing (``http://user:secret/path``): it keeps the ``:`` and loses the text up to
  the next ``/``, ``?`` or ``#``. An IPv6 literal's colons are left alone.

That over-masks (a user name, a path holding ``@`` or ``:``) by design: a message may lose
detail, never a secret.
"""

from __future__ import annotations

import re

MASK = "***"

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:(?://)?")
# A ':' not followed by a port (digits, then a delimiter or the end), and what follows it.
_NOT_A_PORT = re.compile(r":(?!\d*(?:[/?#]|$))[^/?#]*")


def mask_uri(text: str) -> str:
    """Return ``text`` with any userinfo-like part replaced by ``***``."""
    scheme = _SCHEME.match(text)
    start = scheme.end() if scheme is not None else 0
    at = text.rfind("@")
    if at >= start:
        return f"{text[:start]}{MASK}@{_mask_colons(text[at + 1 :])}"
    return text[:start] + _mask_colons(text[start:])


def _mask_colons(rest: str) -> str:
    """Mask what follows each ``:`` of ``rest`` that is not a port."""
    head = ""
    if rest.startswith("["):  # an IPv6 literal's colons are not separators
        end = rest.find("]") + 1
        head, rest = rest[:end], rest[end:]
    return head + _NOT_A_PORT.sub(":" + MASK, rest)


def secret_repr(value: object) -> str:
    """attrs ``repr`` hook of a secret field: ``'***'`` when set, ``None`` when not."""
    return "None" if value is None else repr(MASK)
