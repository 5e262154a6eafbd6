"""Masking of credentials: in one URI (messages), in a query, and in free text (logs).

Three tools, from the most to the least informed about their input:

- :func:`mask_query` and :func:`query_credentials` work on a raw query string and know the
  credential parameters by name (pre-signed URLs, tokens);
- :func:`mask_uri` works on one URI, well formed or not, so that an error about a
  malformed URI can quote it without leaking what may be a password: after the scheme
  (``http://``, ``http:``, or none), everything up to the last ``@`` is userinfo and
  becomes ``***``; after that, every ``:`` not followed by a port number may start a
  password whose ``@`` went missing (``http://user:secret/path``): it keeps the ``:`` and
  loses the text up to the next ``/``, ``?`` or ``#``; an IPv6 literal's colons are left
  alone. Credential parameters after a ``?`` lose their value too;
- :func:`redact` (:mod:`glance_locations._redact_text`) works on any text and masks the
  credentials of every ``scheme://`` URI in it, written plainly, JSON-escaped
  (``https:\\/\\/``) or percent-encoded (``https%3A%2F%2F``); see its docstring.

All of them over-mask (a user name, a path holding ``@`` or ``:``) by design: a message
may lose detail, never a secret.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from glance_locations._masking import (
    MASK,
    NOT_A_PORT,
    PRESIGNED_PARAMETERS,
    TOKEN_PARAMETERS,
    check_str,
    is_credential_name,
    mask_spans,
    parameter_spans,
)
from glance_locations._redact_text import redact, redact_bytes

__all__ = [
    "MASK",
    "PRESIGNED_PARAMETERS",
    "TOKEN_PARAMETERS",
    "mask_arguments",
    "mask_query",
    "mask_uri",
    "query_credentials",
    "redact",
    "redact_bytes",
    "secret_repr",
]


_QUERY_SEPARATOR = re.compile(r"([&;])")


def _credential_parameters(query: str) -> Iterable[tuple[int, str, str]]:
    """Yield ``(index, name, value)`` of each credential parameter holding a value.

    ``index`` counts the pieces of ``query`` split on ``&`` and ``;`` (separators
    included). Both separate parameters here: some servers split on ``;`` too, and
    treating it as one can only find more credentials.
    """
    for index, piece in enumerate(_QUERY_SEPARATOR.split(query)):
        name, equals, value = piece.partition("=")
        if equals and value and is_credential_name(name):
            yield index, name, value


def query_credentials(query: str) -> tuple[str, ...]:
    """The names, as written, of the credential parameters of a raw query string.

    A credential parameter is a pre-signed URL's (``X-Amz-Signature``, ``sig``, ...) or a
    token's (``token``, ``key``, ...), compared case-insensitively, also when the name is
    percent-encoded (``%74oken``), and holding a non-empty value (``token=`` holds
    nothing). Parameters are separated by ``&`` or ``;``.

    :raises TypeError: ``query`` is not a ``str``.
    """
    check_str(query, "query")
    return tuple(name for _, name, _ in _credential_parameters(query))


def mask_query(query: str) -> str:
    """``query`` with the value of each credential parameter replaced by ``***``.

    Everything else is kept byte for byte: ``a=1&token=abc`` becomes ``a=1&token=***``.
    The parameters are those :func:`query_credentials` names.

    :raises TypeError: ``query`` is not a ``str``.
    """
    check_str(query, "query")
    pieces = _QUERY_SEPARATOR.split(query)
    for index, name, _ in _credential_parameters(query):
        pieces[index] = f"{name}={MASK}"
    return "".join(pieces)


# --- one URI, for messages -----------------------------------------------------------

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:(?://)?")


def mask_uri(text: str) -> str:
    """Return ``text`` with any userinfo-like part and query credential replaced by ``***``."""
    scheme = _SCHEME.match(text)
    start = scheme.end() if scheme is not None else 0
    at = text.rfind("@")
    if at >= start:
        masked = f"{text[:start]}{MASK}@{_mask_colons(text[at + 1 :])}"
    else:
        masked = text[:start] + _mask_colons(text[start:])
    question = masked.find("?")
    if question < 0:
        return masked
    return mask_spans(masked, parameter_spans(masked, question))


def _mask_colons(rest: str) -> str:
    """Mask what follows each ``:`` of ``rest`` that is not a port."""
    head = ""
    end = rest.find("]") + 1 if rest.startswith("[") else 0
    # An IPv6 literal's colons are not separators; a "literal" holding a delimiter is none
    # (and its ']' may be masked away: masking must give the same text when run again).
    if end and not any(char in rest[:end] for char in "/?#"):
        head, rest = rest[:end], rest[end:]
    return head + NOT_A_PORT.sub(":" + MASK, rest)


def mask_arguments(message: str, arguments: Iterable[str]) -> str:
    """A message about command-line ``arguments``, with what may be secret in them masked.

    Each argument quoted in the message that :func:`mask_uri` would change (a URI with a
    password, JSON with a key, ``user:secret@host``) is shown masked, then the message is
    :func:`redact`-ed: it names arguments, never their secrets.
    """
    for argument in sorted(set(arguments), key=len, reverse=True):
        if argument and argument in message:
            masked = mask_uri(argument)
            if masked != argument:
                message = message.replace(argument, masked)
    return redact(message)


def secret_repr(value: object) -> str:
    """attrs ``repr`` hook of a secret field: ``'***'`` when set, ``None`` when not."""
    return "None" if value is None else repr(MASK)
