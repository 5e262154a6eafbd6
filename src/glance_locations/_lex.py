"""Lexing shared by the store parsers: input checks, the scheme, the yarl split, decoding.

This layer only cuts a URI into raw parts and decodes them; what each part may hold is
the business of ``components`` (the rules), run when the location is constructed. The
helpers never see the whole URI: they raise :class:`BadStoreUri` naming a component, and
``StoreLocation.from_uri`` (the one boundary) adds the masked URI to the error.

URIs with an authority (http, swift, s3, vsphere) are split by yarl
(``yarl.URL(uri, encoded=True)``), raw: the text is kept byte for byte, nothing is
re-quoted or lower-cased. The file, rbd and cinder grammars have no authority (an
absolute path, ``/``-separated names): their modules split the text with ``str`` methods.

Grammar (RFC 3986, restricted to what Glance writes)::

    uri       = scheme "://" authority path [ "?" query ]
    authority = [ userinfo "@" ] host [ ":" port ]
    host      = "[" IPv6address "]" / reg-name        ; reg-name: ASCII, no "%"
    port      = 1*5DIGIT                             ; 1 .. 65535
"""

from __future__ import annotations

import functools
import re
import sys
from typing import TYPE_CHECKING, NamedTuple

from glance_locations.components import UNRESERVED, bad_character
from glance_locations.exceptions import BadStoreUri

if TYPE_CHECKING:
    from yarl import URL

#: The size of Glance's ``locations.value`` column; longer input is refused unparsed.
MAX_URI_LENGTH = 65536

# A URI scheme (RFC 3986), lower case only: Glance writes schemes in lower case.
_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*")


def fail(component: str | None, reason: str, *, prefix: bool = True) -> BadStoreUri:
    """The error for ``component``: its reason prefixed with the component's name, unless
    the reason names it already (``prefix=False``)."""
    text = f"{component}: {reason}" if component is not None and prefix else reason
    return BadStoreUri(text, component=component)


def coerce(uri: object) -> str:
    """Return ``uri`` as text; anything but ``str`` or :class:`yarl.URL` is a TypeError."""
    if isinstance(uri, str):
        return uri
    if isinstance(uri, url_class()):
        return str(uri)
    raise TypeError(f"a store URI must be str or yarl.URL, not {type(uri).__name__}")


def check_text(text: str, *, allow_space: bool = False) -> None:
    """Refuse over-long input, lone surrogates, control characters, white space and
    fragments: the checks of the URI as a whole, before it is split."""
    if (
        len(text) <= MAX_URI_LENGTH
        and text.isprintable()
        and (allow_space or " " not in text)
        and "#" not in text
    ):
        return  # the common case, str methods only
    if len(text) > MAX_URI_LENGTH:
        raise fail(None, f"URI is longer than {MAX_URI_LENGTH} characters ({len(text)})")
    reason = bad_character(text, allow_space=allow_space)
    if reason is not None:
        if "surrogate" not in reason and "bidirectional" not in reason:
            reason = (
                "contains the control or white-space character" + reason.partition(" character")[2]
            )
        raise fail(None, f"URI {reason}")
    if "#" in text:
        raise fail(None, "a fragment ('#') is not allowed in a store URI")


def scheme_of(text: str) -> str:
    """The scheme of ``text`` (before its first ``:``), or ``""`` if it has none.

    The one place that says what a URI's scheme is: the registry looks it up, the store
    classes check it (followed by ``://``). Schemes are lower case, as Glance writes them.
    """
    scheme, colon, _ = text.partition(":")
    if not colon or _SCHEME.fullmatch(scheme) is None:
        return ""
    return scheme


def scheme_in(text: str, valid: tuple[str, ...]) -> str:
    """Return the scheme of ``text`` if it is one of ``valid``, else raise.

    The string returned is the one in ``valid``, shared by every location of the scheme.
    """
    scheme, separator, _ = text.partition("://")
    if separator:
        for known in valid:
            if known == scheme:
                return known
    accepted = ", ".join(f"{s}://" for s in valid)
    raise fail("scheme", f"URI must start with one of the following schemas: {accepted}")


@functools.cache
def url_class() -> type[URL]:
    """yarl's URL class, imported on first use: rbd, file and cinder URIs never need it."""
    from yarl import URL  # noqa: PLC0415

    return URL


# yarl's error messages, by a word they contain, and what we say instead. yarl's own
# message is never passed on nor chained: urllib's NFKC check quotes the whole netloc,
# credentials included, and the port check chains int()'s error, which quotes the port.
_YARL_ERRORS = (
    ("backslash", ("authority", "a backslash is not allowed")),
    ("IPv", ("authority", "the brackets do not hold a valid IP literal")),
    ("port", ("port", "must be a decimal number from 1 to 65535")),
    ("NFKC", ("authority", "holds characters that change under NFKC normalisation")),
)


def yarl_problem(detail: str) -> tuple[str, str]:
    """Our ``(component, reason)`` for the yarl error whose message is ``detail``."""
    return next(
        (ours for word, ours in _YARL_ERRORS if word in detail),
        ("authority", "not a valid URI authority"),
    )


class Authority(NamedTuple):
    """A raw authority as yarl parsed it, cut at its ``@``."""

    text: str
    """The whole raw authority."""
    userinfo: str | None
    """The raw userinfo, or ``None`` without an ``@``."""
    netloc: str
    """``host[:port]``, raw (IPv6 in brackets); interned: it repeats across rows."""
    problem: tuple[str, str] | None
    """What the authority's form refuses (``(component, reason)``), if anything."""


def _parse_authority(raw: str) -> Authority:
    """yarl's parse of the authority ``raw`` (``//raw``, ``encoded=True``), cut at its ``@``."""
    try:
        authority = url_class()("//" + raw, encoded=True).raw_authority
    # IndexError: yarl indexes an empty host after a bracketed authority's last '@'.
    except (ValueError, TypeError, IndexError) as exc:
        detail = str(exc)  # never passed on (see _YARL_ERRORS)
    else:
        return _cut(authority)
    raise fail(*yarl_problem(detail))


def _cut(authority: str) -> Authority:
    """The raw authority cut at its one ``@``, or its problem."""
    if "@" not in authority:
        authority = sys.intern(authority)
        return Authority(authority, None, authority, None)
    if authority.count("@") > 1:
        return Authority(authority, None, authority, ("authority", "more than one '@'"))
    userinfo, _, netloc = authority.partition("@")
    if "[" in userinfo or "]" in userinfo:
        # urllib (so glance_store) reads it as the start of an IPv6 host.
        problem = ("userinfo", "'[' and ']' must be percent-encoded")
        return Authority(authority, None, netloc, problem)
    return Authority(authority, userinfo, sys.intern(netloc), None)


# What yarl has something to say of in an authority: an IP literal's brackets, a
# backslash, text NFKC normalisation changes (anything not ASCII), characters RFC 3986
# does not allow there. An authority of the other characters (a reg-name host, a port,
# userinfo of unreserved characters, sub-delimiters and percent-escapes) is cut at its
# '@' by str methods; the store's checks (components.netloc, userinfo_part) are its rules.
_NEEDS_YARL = re.compile(r"[^A-Za-z0-9\-._~!$&'()*+,;=:@%]")


def split(text: str, start: int) -> tuple[Authority, str, str | None]:
    """Split ``scheme://authority path [?query]`` into ``(authority, path, query)``, raw:
    ``start`` is the offset just after ``://``.

    The authority ends at the first ``/`` or ``?`` (as in yarl and urllib; a ``#`` is
    refused before) and is parsed by yarl only when it needs it (``_NEEDS_YARL``). ``path``
    is ``""`` or starts with ``/``; ``query`` is ``None`` without a ``?``.
    Each character is looked at once to find the delimiters; nothing is split twice.
    """
    question = text.find("?", start)
    slash = text.find("/", start, None if question < 0 else question)
    end = slash if slash >= 0 else question if question >= 0 else len(text)
    raw = text[start:end]
    needs_yarl = not raw or _NEEDS_YARL.search(raw) is not None
    authority = _parse_authority(raw) if needs_yarl else _cut(raw)
    if question < 0:
        return authority, text[end:], None
    return authority, text[end:question], text[question + 1 :]


def authority_parts(authority: Authority) -> tuple[str | None, str]:
    """``(userinfo, netloc)`` of a parsed authority, or its problem raised."""
    if authority.problem is not None:
        raise fail(*authority.problem)
    return authority.userinfo, authority.netloc


def split_userinfo(
    userinfo: str, names: tuple[str, str], *, at_last_colon: bool = False
) -> tuple[str, str]:
    """Split ``user:password`` at its first ``:`` (or its last); a ``:`` is required."""
    user, colon, password = userinfo.rpartition(":") if at_last_colon else userinfo.partition(":")
    if not colon:
        raise fail("userinfo", f"credentials must be '<{names[0]}>:<{names[1]}>' (no ':' found)")
    return user, password


def no_query(text: str) -> None:
    """Refuse a query (glance_store drops it or folds it into a name)."""
    if "?" in text:
        raise fail("query", "a query is not allowed in this store URI")


def one_scheme(text: str, advice: str) -> None:
    """Refuse a second ``://``: a scheme nested in the authority (``swift://u:k@http://h``)."""
    if text.count("://") > 1:
        raise fail(None, f"URI: more than one '://' (a scheme inside the URI); {advice}")


def split_tail(raw_path: str, names: tuple[str, str]) -> tuple[str, str, str]:
    """Split ``[/prefix...]/<first>/<last>`` into ``(prefix, first, last)``, all raw."""
    head, slash, last = raw_path.rpartition("/")
    prefix, slash, first = head.rpartition("/") if slash else ("", "", "")
    if not slash or not raw_path.startswith("/"):
        raise fail("path", f"must end with /<{names[0]}>/<{names[1]}>")
    return prefix, first, last


def strip_web_scheme(address: str) -> tuple[str, str | None]:
    """Remove one leading ``http://`` or ``https://`` (as glance_store does from swift auth
    addresses and s3 service URLs); return the rest and the scheme removed, if any."""
    for scheme in ("http", "https"):
        if address.startswith(f"{scheme}://"):
            return address[len(scheme) + 3 :], scheme
    return address, None


def host_of(address: str) -> str:
    """The host of a checked ``host[:port][/path]``, without IPv6 brackets."""
    netloc = address.partition("/")[0]
    if netloc.startswith("["):
        return netloc[1 : netloc.find("]")]
    return netloc.partition(":")[0]


# A '%' that does not start a two-hex-digit escape.
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def unquote(raw: str, component: str) -> str:
    """Percent-decode one component strictly: valid escapes, UTF-8."""
    if "%" not in raw:
        return raw
    if _BAD_ESCAPE.search(raw) is not None:
        raise fail(component, "invalid percent-escape")
    head, *escaped = raw.split("%")
    data = head.encode("utf-8") + b"".join(
        bytes.fromhex(part[:2]) + part[2:].encode("utf-8") for part in escaped
    )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass  # not chained: the codec's error holds the decoded bytes
    raise fail(component, "percent-escapes are not valid UTF-8")


# Each byte as quote(safe="") writes it: itself if unreserved, else %XX.
_QUOTED_BYTES = tuple(
    chr(byte) if UNRESERVED.fullmatch(chr(byte)) else f"%{byte:02X}" for byte in range(256)
)


def quote_component(value: str) -> str:
    """``urllib.parse.quote(value, safe="")``: UTF-8, every byte but the unreserved ones
    percent-encoded. (urllib.parse is not imported: it costs a twentieth of the
    package's import time, for ``ipaddress``.) Total: a lone surrogate, which the
    component rules refuse, is written as the bytes ``surrogatepass`` gives it, so a
    value on its way to being refused (vsphere specs build the query first) raises
    nothing here."""
    if UNRESERVED.fullmatch(value):
        return value
    return "".join(map(_QUOTED_BYTES.__getitem__, value.encode("utf-8", "surrogatepass")))
