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
- :func:`redact` works on any text and masks the credentials of every ``scheme://`` URI
  in it, written plainly, JSON-escaped (``https:\\/\\/``) or percent-encoded
  (``https%3A%2F%2F``); see its docstring for the rules.

All of them over-mask (a user name, a path holding ``@`` or ``:``) by design: a message
may lose detail, never a secret.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

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


def _is_credential_name(name: str) -> bool:
    """Whether a parameter name as written (maybe percent-encoded) names a credential."""
    if "%" in name:
        name = _PERCENT_ESCAPE.sub(lambda match: chr(int(match[1], 16)), name)
    return name.lower() in _CREDENTIAL_NAMES


def _check_str(value: object, what: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")


_QUERY_SEPARATOR = re.compile(r"([&;])")


def _credential_parameters(query: str) -> Iterable[tuple[int, str, str]]:
    """Yield ``(index, name, value)`` of each credential parameter holding a value.

    ``index`` counts the pieces of ``query`` split on ``&`` and ``;`` (separators
    included). Both separate parameters here: some servers split on ``;`` too, and
    treating it as one can only find more credentials.
    """
    for index, piece in enumerate(_QUERY_SEPARATOR.split(query)):
        name, equals, value = piece.partition("=")
        if equals and value and _is_credential_name(name):
            yield index, name, value


def query_credentials(query: str) -> tuple[str, ...]:
    """The names, as written, of the credential parameters of a raw query string.

    A credential parameter is a pre-signed URL's (``X-Amz-Signature``, ``sig``, ...) or a
    token's (``token``, ``key``, ...), compared case-insensitively, also when the name is
    percent-encoded (``%74oken``), and holding a non-empty value (``token=`` holds
    nothing). Parameters are separated by ``&`` or ``;``.

    :raises TypeError: ``query`` is not a ``str``.
    """
    _check_str(query, "query")
    return tuple(name for _, name, _ in _credential_parameters(query))


def mask_query(query: str) -> str:
    """``query`` with the value of each credential parameter replaced by ``***``.

    Everything else is kept byte for byte: ``a=1&token=abc`` becomes ``a=1&token=***``.
    The parameters are those :func:`query_credentials` names.

    :raises TypeError: ``query`` is not a ``str``.
    """
    _check_str(query, "query")
    pieces = _QUERY_SEPARATOR.split(query)
    for index, name, _ in _credential_parameters(query):
        pieces[index] = f"{name}={MASK}"
    return "".join(pieces)


# --- one URI, for messages -----------------------------------------------------------

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:(?://)?")
# A ':' not followed by a port (digits, then a delimiter or the end), and what follows it.
_NOT_A_PORT = re.compile(r":(?!\d*(?:[/?#]|$))[^/?#]*")


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
    return _masked(masked, _parameter_spans(masked, question))


def _mask_colons(rest: str) -> str:
    """Mask what follows each ``:`` of ``rest`` that is not a port."""
    head = ""
    end = rest.find("]") + 1 if rest.startswith("[") else 0
    # An IPv6 literal's colons are not separators; a "literal" holding a delimiter is none
    # (and its ']' may be masked away: masking must give the same text when run again).
    if end and not any(char in rest[:end] for char in "/?#"):
        head, rest = rest[:end], rest[end:]
    return head + _NOT_A_PORT.sub(":" + MASK, rest)


# --- free text, for logs -------------------------------------------------------------

#: A URI's ``://``: plain, JSON-escaped (``:\/\/``, ``\u002f``; also escaped again, as
#: the ``repr`` of a JSON text shows it: ``:\\/\\/``) or percent-encoded.
_MARKER = re.compile(r"(?::|%3[aA])(?:/|%2[fF]|\\+/|\\+u002[fF]){2}")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
#: Text is cut into words at ASCII white space, which no URI holds; a URI's credentials
#: never extend past the word they start in.
_SPACES = " \t\n\r\f\v"
#: The rest of a word from a position (a match at a position is one loop: fast).
_WORD_REST = re.compile(r"[^ \t\n\r\f\v]*")

#: A parameter name after a separator, up to its ``=``.
_PARAMETER = re.compile(r"[?&;#]([^=&;#?]*)=")
#: A credential parameter's name (plain ASCII), after a separator, up to its ``=``.
_CREDENTIAL_PARAMETER = re.compile(
    "[?&;#](?:" + "|".join(map(re.escape, sorted(_CREDENTIAL_NAMES))) + ")=",
    re.IGNORECASE | re.ASCII,
)
#: A parameter value: up to a separator, or a character no URI holds unencoded.
_VALUE = re.compile(r"[^&;#\"<>`{}|\\^\s]*")
_JSON_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_JSON_TOKEN = re.compile(r"\\u[0-9A-Fa-f]{4}|\\.|.", re.DOTALL)
_PERCENT_TOKEN = re.compile(r"%[0-9A-Fa-f]{2}|.", re.DOTALL)

_PLAIN, _JSON, _JSON_TWICE, _PERCENT = "plain", "json", "json-twice", "percent"


def _decoded(text: str, kind: str) -> tuple[str, list[int]]:
    """``text`` decoded one way, and where in ``text`` each decoded character starts."""
    pattern = _PERCENT_TOKEN if kind == _PERCENT else _JSON_TOKEN
    chars: list[str] = []
    starts: list[int] = []
    for token in pattern.finditer(text):
        chars.append(_decode_token(token.group(), kind))
        starts.append(token.start())
    return "".join(chars), starts


class _View:
    """A word decoded one way (plain, JSON string escapes, the same escaped again as a
    ``repr`` shows JSON text, percent-encoding), with the position in the word of each
    decoded character, so spans map back to the word."""

    def __init__(self, word: str, kind: str) -> None:
        self.length = len(word)
        self.starts: list[int] | None = None  # None: the identity (plain text)
        if kind == _PLAIN:
            self.text = word
            return
        self.text, self.starts = _decoded(word, kind)
        if kind == _JSON_TWICE:
            self.text, again = _decoded(self.text, _JSON)
            self.starts = [self.starts[index] for index in again]

    def from_word(self, position: int) -> int:
        """The decoded index of the first character at or after ``position`` in the word."""
        if self.starts is None:
            return position
        return bisect.bisect_left(self.starts, position)

    def to_word(self, start: int, end: int) -> tuple[int, int]:
        """The word span of decoded span ``[start, end)``."""
        if self.starts is None:
            return start, end
        word_end = self.starts[end] if end < len(self.starts) else self.length
        return self.starts[start], word_end


def _decode_token(token: str, kind: str) -> str:
    if len(token) == 1:
        return token
    if kind == _PERCENT:
        return chr(int(token[1:], 16))
    if len(token) == 6:  # \uXXXX (a lone "\u" is the escape of "u", as any other)
        return chr(int(token[2:], 16))
    return _JSON_ESCAPES.get(token[1], token[1])


def _marker_kind(marker: str) -> str:
    if "%" in marker:
        return _PERCENT
    if "\\\\" in marker:
        return _JSON_TWICE
    return _JSON if "\\" in marker else _PLAIN


def _scheme_start(word: str, marker_start: int) -> int:
    """Where the scheme before a marker begins (the marker itself if there is none)."""
    start = marker_start
    while start > 0 and word[start - 1] in _SCHEME_CHARS:
        start -= 1
    return start


def _colon_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """In ``text[start:end]`` (after a ``://`` with no ``@`` anywhere after it), what
    follows a ``:`` of the authority that is not a port: a password whose ``@`` is lost."""
    if text.startswith("[", start, end):  # an IPv6 literal's colons are not separators
        close = text.find("]", start, end)
        start = close + 1 if close >= 0 else start
    authority_end = end
    for delimiter in "/?#":
        found = text.find(delimiter, start, authority_end)
        if found >= 0:
            authority_end = found
    if text.find(":", start, authority_end) < 0:
        return []  # no ':' at all: the common case, without the regular expression
    return [
        (match.start() + 1, match.end())
        for match in _NOT_A_PORT.finditer(text, start, authority_end)
    ]


def _parameter_spans(text: str, start: int) -> list[tuple[int, int]]:
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
        matches = (match for match in found if _is_credential_name(match[1]))
    spans: list[tuple[int, int]] = []
    for match in matches:
        value_start = match.end()
        value = _VALUE.match(text, value_start)  # always matches (maybe nothing)
        value_end = value_start if value is None else value.end()
        if value_end > value_start:
            spans.append((value_start, value_end))
    return spans


def _masked(text: str, spans: Sequence[tuple[int, int]]) -> str:
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


def _decoded_spans(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The credentials of the URIs whose regions (after their ``://``) are given, in
    ``text`` decoded one way."""
    last_at = text.rfind("@")
    spans: list[tuple[int, int]] = []
    for start, end in regions:
        if last_at >= start:
            # Userinfo runs to the last '@' of the word: a password may hold '@',
            # quotes, '/', even another 'scheme://'. Masking too much is the price.
            spans.append((start, last_at))
        else:
            spans += _colon_spans(text, start, end)
    question = text.find("?", regions[0][0])
    if question >= 0:
        spans += _parameter_spans(text, question)  # never empty spans
    return [(start, end) for start, end in spans if end > start] if last_at >= 0 else spans


def _redact_word(word: str, after_marker: int) -> str:
    """``word`` masked; its first marker ends at ``after_marker``."""
    encoded = "%" in word or "\\" in word  # JSON escapes, percent-encoding
    if not encoded and "@" not in word and "?" not in word and ":" not in word[after_marker:]:
        # Plain text only, no '@' or '?', no ':' after the '://': nothing to mask (a
        # shortcut taken by most URIs in logs: rbd, file, cinder, swift without userinfo).
        return word
    if not encoded and word.find("://", after_marker) < 0:
        # One URI in plain text (the common case): the word is its own decoded view.
        return _masked(word, _decoded_spans(word, [(after_marker, len(word))]))
    markers = list(_MARKER.finditer(word))
    # Each URI's region runs from its ``://`` to the scheme of the next one (or the end).
    begins = [_scheme_start(word, marker.start()) for marker in markers[1:]] + [len(word)]
    if not encoded:  # plain text only: the word is its own decoded view
        regions = [(marker.end(), end) for marker, end in zip(markers, begins, strict=True)]
        return _masked(word, _decoded_spans(word, regions))
    by_kind: dict[str, list[tuple[int, int]]] = {}
    for marker, end in zip(markers, begins, strict=True):
        by_kind.setdefault(_marker_kind(marker.group()), []).append((marker.end(), end))
    spans: list[tuple[int, int]] = []
    for kind, kind_regions in by_kind.items():
        view = _View(word, kind)
        regions = [(view.from_word(start), view.from_word(end)) for start, end in kind_regions]
        spans += [view.to_word(start, end) for start, end in _decoded_spans(view.text, regions)]
    return _masked(word, spans)


def redact(text: str) -> str:
    """``text`` with the credentials of every ``scheme://`` URI in it replaced by ``***``.

    A URI is found by its ``://``, whatever the scheme (``postgresql://``,
    ``mysql+pymysql://``, ``amqp://``, ...), written plainly, JSON-escaped
    (``https:\\/\\/``, ``\\u002f``) or percent-encoded (``https%3A%2F%2F``, any case); the
    rest of the URI is read in the same encoding. Its credentials are:

    - the userinfo: everything from the ``://`` to the last ``@`` of the same word
      (text between ASCII white space), user name included (a user name can be a token);
      a password may hold ``@``, ``/``, quotes, ``,``, ``;`` or ``scheme://``, so URIs
      listed without white space between them are masked together up to the last ``@``;
    - when no ``@`` follows: after a ``:`` of the authority that is not a port, a
      password whose ``@`` went missing (``http://user:secret/path``);
    - the value of every credential parameter (see :func:`query_credentials`) after the
      URI's first ``?``, up to ``&``, ``;``, ``#``, white space or a character a URI
      cannot hold unencoded (``"<>`{}|\\^``).

    Everything outside the masked spans is returned unchanged, character for character.
    """
    if type(text) is not str:
        _check_str(text, "text")
    marker = _MARKER.search(text)
    if marker is None:
        return text
    # Only the words holding a marker are looked at (a long message costs its search).
    pieces: list[str] = []
    done = 0
    other_spaces = "\n" in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text
    while marker is not None:
        before = marker.start()
        if other_spaces:
            start = max(text.rfind(space, done, before) for space in _SPACES) + 1
        else:
            start = text.rfind(" ", done, before) + 1
        rest = _WORD_REST.match(text, marker.end())  # always matches (maybe nothing)
        end = len(text) if rest is None else rest.end()
        pieces.append(text[done:start])
        pieces.append(_redact_word(text[start:end], marker.end() - start))
        done = end
        marker = _MARKER.search(text, end)
    pieces.append(text[done:])
    return "".join(pieces)


def redact_bytes(data: bytes) -> bytes:
    """:func:`redact` for bytes in any encoding: what is not UTF-8 passes through unchanged.

    Bytes that do not decode as UTF-8 are carried as lone surrogates (``surrogateescape``)
    and written back as they came.
    """
    text = data.decode("utf-8", "surrogateescape")
    return redact(text).encode("utf-8", "surrogateescape")


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
