"""Masking of credentials in URI text, for messages and logs.

Works on any text, well formed or not, so that an error about a malformed URI can quote it
without leaking what may be a password: everything between the scheme separator and the
last ``@`` is replaced by ``***``. That over-masks (a user name, a path holding ``@``) by
design: a message may lose detail, never a secret.
"""

from __future__ import annotations

MASK = "***"


def mask_uri(text: str) -> str:
    """Return ``text`` with any userinfo-like part replaced by ``***``."""
    at = text.rfind("@")
    if at < 0:
        return text
    sep = text.find("://")
    if 0 <= sep < at:
        start = sep + 3
    else:
        colon = text.find(":")
        start = colon + 1 if 0 <= colon < at else 0
    return f"{text[:start]}{MASK}{text[at:]}"


def secret_repr(value: object) -> str:
    """attrs ``repr`` hook of a secret field: ``'***'`` when set, ``None`` when not."""
    return "None" if value is None else repr(MASK)
