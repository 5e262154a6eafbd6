"""Masking the credentials of every URI in free text (logs, dumps): :func:`redact`.

A URI is found by its ``://`` in any encoding (plain, JSON-escaped once or twice,
percent-encoded); each word holding one is decoded the same way (a :class:`_View`), its
credentials found in the decoded text and masked in the word. The rules are in
:func:`redact`'s docstring.
"""

from __future__ import annotations

import bisect
import re

from glance_locations._masking import NOT_A_PORT, check_str, mask_spans, parameter_spans

__all__ = ["redact", "redact_bytes"]

#: A URI's ``://``: plain, JSON-escaped (``:\/\/``, ``\u002f``; also escaped again, as
#: the ``repr`` of a JSON text shows it: ``:\\/\\/``) or percent-encoded.
_MARKER = re.compile(r"(?::|%3[aA])(?:/|%2[fF]|\\+/|\\+u002[fF]){2}")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
#: Text is cut into words at ASCII white space, which no URI holds; a URI's credentials
#: never extend past the word they start in.
_SPACES = " \t\n\r\f\v"
#: The rest of a word from a position (a match at a position is one loop: fast).
_WORD_REST = re.compile(r"[^ \t\n\r\f\v]*")

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
        for match in NOT_A_PORT.finditer(text, start, authority_end)
    ]


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
        spans += parameter_spans(text, question)  # never empty spans
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
        return mask_spans(word, _decoded_spans(word, [(after_marker, len(word))]))
    markers = list(_MARKER.finditer(word))
    # Each URI's region runs from its ``://`` to the scheme of the next one (or the end).
    begins = [_scheme_start(word, marker.start()) for marker in markers[1:]] + [len(word)]
    if not encoded:  # plain text only: the word is its own decoded view
        regions = [(marker.end(), end) for marker, end in zip(markers, begins, strict=True)]
        return mask_spans(word, _decoded_spans(word, regions))
    by_kind: dict[str, list[tuple[int, int]]] = {}
    for marker, end in zip(markers, begins, strict=True):
        by_kind.setdefault(_marker_kind(marker.group()), []).append((marker.end(), end))
    spans: list[tuple[int, int]] = []
    for kind, kind_regions in by_kind.items():
        view = _View(word, kind)
        regions = [(view.from_word(start), view.from_word(end)) for start, end in kind_regions]
        spans += [view.to_word(start, end) for start, end in _decoded_spans(view.text, regions)]
    return mask_spans(word, spans)


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
        check_str(text, "text")
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
