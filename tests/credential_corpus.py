"""Every store's credential forms, in log text: the corpus maskers are measured on.

Each secret is built of *marks* (``Qk7a``, ``Qk7b``, ...) joined by the characters that
trip maskers (``/``, ``+``, ``=``, ``:``): a masker leaked when any mark of a sample's
secrets is left in its output, so masking half a secret counts as a leak. A sample is
one store URI (or pre-signed URL) in one *form* (plain, JSON-escaped, percent-encoded,
quoted by ``%r``) and one *place* of a log record (message, argument, exception text,
stack text).

Used by ``tests/test_log_filter.py`` (the recall of ``RedactingFilter``) and
``benchmarks/log_maskers.py`` (oslo.utils' ``mask_password`` and detect-secrets on the
same samples).
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import urllib.parse
from collections.abc import Callable, Iterator

import attrs

__all__ = ["FORMS", "PLACES", "Sample", "formatted", "leaked", "record", "samples", "store_uris"]

_MARK = re.compile(r"Qk7[a-z]{2}")


def _secret(*separators: str) -> Callable[[Iterator[str]], str]:
    """A secret of marks joined by ``separators`` (one more mark than separators)."""

    def build(marks: Iterator[str]) -> str:
        pieces = [next(marks)]
        for separator in separators:
            pieces += [separator, next(marks)]
        return "".join(pieces)

    return build


# (store, template): each "{}" is a secret, filled with a secret made of marks.
_TEMPLATES: tuple[tuple[str, str, tuple[Callable[[Iterator[str]], str], ...]], ...] = (
    # http(s): userinfo, a token as user name, passwords with '+', '=', '/'.
    ("http", "http://alice:{}@images.example.com/x.img", (_secret("+", "="),)),
    ("http", "https://{}:@images.example.com:8443/x.img", (_secret(),)),
    ("http", "https://{}:x-oauth-basic@git.example.com/o/r", (_secret("-"),)),
    ("http", "https://bob:{}@[2001:db8::7]/x.img", (_secret("/", "="),)),
    ("http", "http://carol:{}@images.example.com/a/b", (_secret("@", "!"),)),
    # pre-signed and temporary URLs, token parameters.
    (
        "http",
        "https://b.s3.example.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={}"
        "&X-Amz-Date=20240101T000000Z&X-Amz-Signature={}",
        (_secret("/", "/"), _secret()),
    ),
    (
        "http",
        "https://b.s3.example.com/k?X-Amz-Security-Token={}&token={}",
        (_secret("+", "/"), _secret()),
    ),
    (
        "http",
        "https://storage.example.com/b/o?X-Goog-Credential={}&X-Goog-Signature={}",
        (_secret("/"), _secret()),
    ),
    (
        "http",
        "https://swift.example.com/v1/AUTH_a/c/o?temp_url_sig={}&temp_url_expires=1700000000",
        (_secret(),),
    ),
    ("http", "https://acct.blob.example.net/c/b?sv=2022-11-02&sig={}", (_secret("%2B", "%3D"),)),
    ("http", "https://h.example.com/o?access_token={}&a=1", (_secret("."),)),
    ("http", "https://h.example.com/o?api_key={};apikey={}", (_secret(), _secret())),
    (
        "http",
        "https://h.example.com/o?password={}&secret={}&auth={}&key={}",
        (_secret("="), _secret(), _secret(), _secret()),
    ),
    # swift: account:user:key, a quoted account, IPv6, keystone v3.
    ("swift", "swift://account:user:{}@auth.example.com/v2.0/glance/obj-1", (_secret("+"),)),
    (
        "swift",
        "swift+https://account%3Auser:{}@auth.example.com:5000/v3/glance/obj-1",
        (_secret("/", "="),),
    ),
    ("swift", "swift+http://user:{}@[::1]:8080/v1/AUTH_x/glance/obj-1", (_secret(),)),
    ("swift", "swift://tenant%3Auser:{}@keystone.example.com/v3/c/o", (_secret("@"),)),
    # s3: a secret holding '/', '+', '='.
    ("s3", "s3://AKIAIOSFODNN7EXAMPLE:{}@s3.amazonaws.com/bucket/key-1", (_secret("/", "/"),)),
    ("s3", "s3+https://{}:{}@s3.example.com:9000/v1/bucket/key-1", (_secret(), _secret("+", "="))),
    ("s3", "s3+http://AKIA:{}@10.0.0.5:8080/bucket/key-1", (_secret("/", "+", "="),)),
)


def _json_slashes(text: str) -> str:
    """``json.dumps`` with ``/`` escaped, as some encoders write it (``https:\\/\\/``)."""
    return json.dumps(text).replace("/", "\\/")


def _json_unicode(text: str) -> str:
    return json.dumps(text).replace("/", "\\u002f")


#: How a URI is written in the text: each function writes the whole URI.
FORMS: dict[str, Callable[[str], str]] = {
    "plain": lambda uri: uri,
    "repr": repr,
    "json": json.dumps,
    "json-slash": _json_slashes,
    "json-u002f": _json_unicode,
    "percent": lambda uri: urllib.parse.quote(uri, safe=""),
    "percent-lower": lambda uri: re.sub(
        r"%[0-9A-F]{2}", lambda m: m.group().lower(), urllib.parse.quote(uri, safe="")
    ),
}
#: Where in a log record the text is.
PLACES = ("message", "argument", "exception", "stack")


@attrs.frozen
class Sample:
    """One URI in one form and place; ``marks`` are its secrets' marks."""

    id: str
    store: str
    form: str
    place: str
    text: str
    written: str
    marks: tuple[str, ...]


def store_uris() -> list[tuple[str, str, tuple[str, ...]]]:
    """``(store, uri, marks)`` for each template, filled with fresh marks."""
    marks = ("Qk7" + a + b for a, b in itertools.product("abcdefghijklmnopqrstuvwxyz", repeat=2))
    uris: list[tuple[str, str, tuple[str, ...]]] = []
    for store, template, builders in _TEMPLATES:
        secrets = [build(marks) for build in builders]
        uri = template.format(*secrets)
        uris.append((store, uri, tuple(_MARK.findall("".join(secrets)))))
    return uris


def samples() -> list[Sample]:
    """Every URI in every form and place."""
    found: list[Sample] = []
    for index, (store, uri, marks) in enumerate(store_uris()):
        for (form, write), place in itertools.product(FORMS.items(), PLACES):
            written = write(uri)
            text = f"Image location {written} could not be read"
            name = f"{store}{index}-{form}-{place}"
            found.append(Sample(name, store, form, place, text, written, marks))
    return found


def leaked(sample: Sample, output: str) -> tuple[str, ...]:
    """The marks of the sample's secrets left in ``output`` (none: fully masked)."""
    return tuple(mark for mark in sample.marks if mark in output)


def _raised(text: str) -> BaseException:
    """An exception whose message is ``text``, raised from another holding it too."""
    try:
        try:
            raise KeyError(text)
        except KeyError as cause:
            raise RuntimeError(text) from cause
    except RuntimeError as error:
        return error


def record(sample: Sample) -> logging.LogRecord:
    """A fresh log record holding the sample's text in its place."""
    msg = "reading an image"
    args: tuple[object, ...] = ()
    exc_info = stack_info = None
    if sample.place == "message":
        msg = sample.text
    elif sample.place == "argument":
        msg, args = "Image location %s could not be read", (sample.written,)
    elif sample.place == "exception":
        error = _raised(sample.text)
        exc_info = (type(error), error, error.__traceback__)
    else:
        stack_info = (
            "Stack (most recent call last):\n"
            '  File "/usr/lib/python3/dist-packages/glance/api/v2/images.py", line 1189, in add\n'
            f"    self._fetch({sample.text!r})"
        )
    made = logging.LogRecord("glance.api", logging.WARNING, __file__, 1, msg, args, exc_info)
    made.stack_info = stack_info
    return made


def formatted(made: logging.LogRecord) -> str:
    """The record as the stdlib formatter writes it (message, exception, stack)."""
    return logging.Formatter("%(levelname)s %(name)s %(message)s").format(made)
