"""Masking of credentials in URI text, for messages and logs.

Works on any text, well formed or not, so that an error about a malformed URI can quote it
without leaking what may be a password:

- everything between the scheme separator and the last ``@`` is replaced by ``***``;
- with no ``@`` after the scheme separator, an authority holding a ``:`` not followed by a
  decimal port (a password whose ``@`` went missing: ``http://user:secret/path``) keeps
  the text up to that ``:`` and loses the rest of the authority.

That over-masks (a user name, a path holding ``@``) by design: a message may lose detail,
never a secret.
"""

from __future__ import annotations

MASK = "***"


def mask_uri(text: str) -> str:
    """Return ``text`` with any userinfo-like part replaced by ``***``."""
    at = text.rfind("@")
    sep = text.find("://")
    if 0 <= sep < at:
        start = sep + 3
    elif sep >= 0:  # no '@' after the scheme: a password may have lost its '@'
        return _mask_bad_port(text, sep + 3)
    elif at >= 0:
        colon = text.find(":")
        start = colon + 1 if 0 <= colon < at else 0
    else:
        return text
    return f"{text[:start]}{MASK}{text[at:]}"


def _mask_bad_port(text: str, start: int) -> str:
    """Mask what follows a ``:`` of the authority at ``start`` when it is not a port."""
    end = len(text)
    for delimiter in "/?#":
        found = text.find(delimiter, start)
        if 0 <= found < end:
            end = found
    authority = text[start:end]
    # An IPv6 literal's colons are not separators; look after its closing bracket.
    host_end = authority.find("]") + 1 if authority.startswith("[") else 0
    colon = authority.find(":", host_end)
    if colon < 0:
        return text
    port = authority[colon + 1 :]
    if not port or (port.isascii() and port.isdigit()):
        return text
    return f"{text[: start + colon + 1]}{MASK}{text[end:]}"


def secret_repr(value: object) -> str:
    """attrs ``repr`` hook of a secret field: ``'***'`` when set, ``None`` when not."""
    return "None" if value is None else repr(MASK)
