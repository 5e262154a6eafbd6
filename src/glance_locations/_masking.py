"""What every masking tool shares: the credential parameters of a query, where their
values are, and spans of text replaced by ``***``.

Used by :mod:`glance_locations._redact` (one URI, a query) and
:mod:`glance_locations._redact_text` (free text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "MASK",
    "NOT_A_PORT",
    "PRESIGNED_PARAMETERS",
    "TOKEN_PARAMETERS",
    "check_str",
    "is_credential_name",
    "mask_spans",
    "parameter_spans",
]

MASK = "***"

#: Parameters of pre-signed and temporary URLs (S3, GCS, Swift, Azure).
PRESIGNED_PARAMETERS = (
    "X-Amz-Signature",
    "X-Amz-Credential",
    "X-Amz-Security-Token",
    "X-Goog-Signature",
    "X-Goog-Credential",
    "temp_url_sig",
    "sig",
)
#: Parameters that carry a token or a password.
TOKEN_PARAMETERS = (
    "token",
    "access_token",
    "auth",
    "password",
    "secret",
    "api_key",
    "apikey",
    "key",
)
_CREDENTIAL_NAMES = frozenset(name.lower() for name in PRESIGNED_PARAMETERS + TOKEN_PARAMETERS)

_PERCENT_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


def is_credential_name(name: str) -> bool:
    """Whether a parameter name as written (maybe percent-encoded) names a credential."""
    if "%" in name:
        name = _PERCENT_ESCAPE.sub(lambda match: chr(int(match[1], 16)), name)
    return name.lower() in _CREDENTIAL_NAMES


def check_str(value: object, what: str) -> None:
    """Raise ``TypeError`` naming ``what`` unless ``value`` is a ``str``."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")


# A ':' not followed by a port (digits, then a delimiter or the end), and what follows it.
NOT_A_PORT = re.compile(r":(?!\d*(?:[/?#]|$))[^/?#]*")


#: A parameter name after a separator, up to its ``=``.
_PARAMETER = re.compile(r"[?&;#]([^=&;#?]*)=")
#: A credential parameter's name (plain ASCII), after a separator, up to its ``=``.
_CREDENTIAL_PARAMETER = re.compile(
    "[?&;#](?:" + "|".join(map(re.escape, sorted(_CREDENTIAL_NAMES))) + ")=",
    re.IGNORECASE | re.ASCII,
)
#: A parameter value: up to a separator, or a character no URI holds unencoded.
_VALUE = re.compile(r"[^&;#\"<>`{}|\\^\s]*")


def parameter_spans(text: str, start: int) -> list[tuple[int, int]]:
    """The values of credential parameters after position ``start`` (a ``?``) of ``text``.

    A parameter starts after any of ``?&;#`` (a value holding ``?token=`` is searched
    too) and its value runs to the next ``&``, ``;``, ``#``, white space, or character
    that a URI cannot hold unencoded.
    """
    if text.find("%", start) < 0 and text.isascii():
        # Names written plainly in ASCII: the credential names are looked for at once
        # (the same names, compared as str.lower compares ASCII).
        matches = _CREDENTIAL_PARAMETER.finditer(text, start)
    else:
        found = _PARAMETER.finditer(text, start)
        matches = (match for match in found if is_credential_name(match[1]))
    spans: list[tuple[int, int]] = []
    for match in matches:
        value_start = match.end()
        value = _VALUE.match(text, value_start)  # always matches (maybe nothing)
        value_end = value_start if value is None else value.end()
        if value_end > value_start:
            spans.append((value_start, value_end))
    return spans


def mask_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with each span (merged when they overlap or touch) replaced by ``***``."""
    if len(spans) == 1:
        start, end = spans[0]
        return f"{text[:start]}{MASK}{text[end:]}"
    if len(spans) == 2 and spans[0][1] < spans[1][0]:  # two apart, in order (queries)
        (start, end), (second_start, second_end) = spans
        return f"{text[:start]}{MASK}{text[end:second_start]}{MASK}{text[second_end:]}"
    pieces: list[str] = []
    done = 0
    merged_start = merged_end = -1
    for start, end in sorted(spans):
        if start <= merged_end:
            merged_end = max(merged_end, end)
            continue
        if merged_end >= 0:
            pieces += [text[done:merged_start], MASK]
            done = merged_end
        merged_start, merged_end = start, end
    if merged_end >= 0:
        pieces += [text[done:merged_start], MASK]
        done = merged_end
    pieces.append(text[done:])
    return "".join(pieces)
