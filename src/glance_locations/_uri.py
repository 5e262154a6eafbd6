"""Lexing shared by the store parsers: input checks, the split, and the authority.

URIs with an authority (http, swift, s3, vsphere) are split into authority, path and
query, raw: the text is kept byte for byte, nothing is re-quoted or lower-cased. The
split refuses what yarl's split refuses (a backslash in the authority, misplaced
brackets, characters that NFKC normalisation turns into delimiters), without building a
``yarl.URL`` (which costs four times as much as this split). The functions here check the
parts that every store with a host shares. The file, rbd and cinder grammars have no
authority (an absolute path, ``/``-separated names), so their modules split the text
directly. Each store module applies its grammar.

Grammar (RFC 3986, restricted to what Glance writes)::

    uri       = scheme "://" authority path [ "?" query ]
    authority = [ userinfo "@" ] host [ ":" port ]
    host      = "[" IPv6address "]" / reg-name        ; reg-name: ASCII, no "%"
    port      = 1*5DIGIT                             ; 1 .. 65535
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from glance_locations.exceptions import BadStoreUri

if TYPE_CHECKING:
    from yarl import URL

#: The size of Glance's ``locations.value`` column; longer input is refused unparsed.
MAX_URI_LENGTH = 65536

# Control characters (C0, DEL, C1) and every Unicode white space.
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f]|\s")
# The same, but a plain space is allowed (file and vsphere paths hold directory names).
_CONTROL_OR_NON_SPACE_WS = re.compile(r"[\x00-\x1f\x7f-\x9f]|[^\S ]")
# Lone surrogates: not Unicode text (no UTF-8 form), so no database column can hold them.
_SURROGATE = re.compile("[\ud800-\udfff]")
_REG_NAME = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=]+")


def coerce(uri: object) -> str:
    """Return ``uri`` as text; anything but ``str`` or :class:`yarl.URL` is a TypeError."""
    if isinstance(uri, str):
        return uri
    if isinstance(uri, url_class()):
        return str(uri)
    raise TypeError(f"a store URI must be str or yarl.URL, not {type(uri).__name__}")


def check_text(text: str, *, allow_space: bool = False) -> None:
    """Refuse over-long input, lone surrogates, control characters, white space and
    fragments."""
    if len(text) > MAX_URI_LENGTH:
        raise BadStoreUri(f"URI is longer than {MAX_URI_LENGTH} characters ({len(text)})")
    # Fast path: printable text holds no control character and no white space but " ".
    clean = text.isprintable() and (allow_space or " " not in text)
    bad = None
    if not clean:
        pattern = _CONTROL_OR_NON_SPACE_WS if allow_space else _CONTROL_OR_SPACE
        bad = pattern.search(text)
        surrogate = _SURROGATE.search(text)
        if surrogate is not None:
            raise BadStoreUri(
                f"URI contains the lone surrogate {surrogate.group()!r} at offset "
                f"{surrogate.start()} (not valid Unicode)",
                text,
            )
    if bad is not None:
        raise BadStoreUri(
            f"URI contains the control or white-space character {bad.group()!r} "
            f"at offset {bad.start()}",
            text,
        )
    if "#" in text:
        raise BadStoreUri("a fragment ('#') is not allowed in a store URI", text)


def scheme_of(text: str, valid: tuple[str, ...]) -> str:
    """Return the scheme of ``text`` if it is one of ``valid``, else raise BadStoreUri.

    The string returned is the one in ``valid``, shared by every location of the scheme.
    """
    sep = text.find("://")
    scheme = text[:sep] if sep > 0 else ""
    if scheme not in valid:
        accepted = ", ".join(f"{s}://" for s in valid)
        raise BadStoreUri(f"URI must start with one of the following schemas: {accepted}", text)
    return valid[valid.index(scheme)]


@functools.cache
def url_class() -> type[URL]:
    """yarl's URL class, imported on first use: rbd, file and cinder URIs never need it."""
    from yarl import URL  # noqa: PLC0415

    return URL


# yarl's error messages, by a word they contain, and what we say instead. yarl's own
# message is never passed on nor chained: urllib's NFKC check quotes the whole netloc,
# credentials included, and the port check chains int()'s error, which quotes the port.
_YARL_ERRORS = (
    ("backslash", "authority: a backslash is not allowed"),
    ("IPv", "authority: the brackets do not hold a valid IP literal"),
    ("port", "port: must be a decimal number from 1 to 65535"),
    ("NFKC", "authority: holds characters that change under NFKC normalisation"),
)


def split(text: str) -> tuple[str, str, str]:
    """Split ``scheme://authority path [?query]`` with yarl into ``(authority, path,
    query)``, raw (``encoded=True``: nothing re-quoted or lower-cased).

    ``text`` has passed :func:`check_text` and its store's :func:`scheme_of`. ``path`` is
    ``""`` or starts with ``/`` (yarl reports an empty path as ``/``: the text decides);
    ``query`` is ``""`` when absent.
    """
    try:
        url = url_class()(text, encoded=True)
    # IndexError: yarl indexes an empty host after a bracketed authority's last '@'.
    except (ValueError, TypeError, IndexError) as exc:
        detail = str(exc)
    else:
        authority = url.raw_authority
        path_start = text.find("://") + 3 + len(authority)
        path = url.raw_path if text.startswith("/", path_start) else ""
        return authority, path, url.raw_query_string
    raise BadStoreUri(yarl_reason(detail), text)


def yarl_reason(detail: str) -> str:
    """Our words for the yarl error whose message is ``detail`` (never passed on)."""
    return next(
        (ours for word, ours in _YARL_ERRORS if word in detail),
        "authority: not a valid URI authority",
    )


def no_query(text: str) -> None:
    """Refuse a query (glance_store drops it or folds it into a name)."""
    if "?" in text:
        raise BadStoreUri("a query is not allowed in this store URI", text)


_UNRESERVED = re.compile(r"[A-Za-z0-9\-._~]*")
# Each byte as quote(safe="") writes it: itself if unreserved, else %XX.
_QUOTED_BYTES = tuple(
    chr(byte) if _UNRESERVED.fullmatch(chr(byte)) else f"%{byte:02X}" for byte in range(256)
)


def quote_component(value: str) -> str:
    """``urllib.parse.quote(value, safe="")``: UTF-8, every byte but the unreserved ones
    percent-encoded. (urllib.parse is not imported: it costs a twentieth of the
    package's import time, for ``ipaddress``.)"""
    if _UNRESERVED.fullmatch(value):
        return value
    return "".join(map(_QUOTED_BYTES.__getitem__, value.encode("utf-8")))


def host_of(address: str) -> str:
    """The host of a checked ``host[:port][/path]``, without IPv6 brackets."""
    netloc = address.partition("/")[0]
    if netloc.startswith("["):
        return netloc[1 : netloc.find("]")]
    return netloc.partition(":")[0]


def parse_authority(raw: str, text: str) -> tuple[str | None, str, str, int | None]:
    """Split and check ``[userinfo@]host[:port]``.

    Returns ``(userinfo, netloc, host, port)``, all raw: ``netloc`` is the host (IPv6 in
    brackets) and optional ``:port`` without the userinfo, ``host`` has no brackets.
    """
    userinfo: str | None = None
    netloc = raw
    if "@" in raw:
        if raw.count("@") > 1:
            raise BadStoreUri("authority: more than one '@'", text)
        userinfo, _, netloc = raw.partition("@")
        no_brackets(userinfo, text)
    if not netloc:
        raise BadStoreUri("host: empty", text)
    if netloc.startswith("["):
        end = netloc.find("]")
        host = netloc[1:end]  # split() has checked the brackets, not the address
        rest = netloc[end + 1 :]
        if not _is_ipv6(host):
            raise BadStoreUri("host: not a valid IPv6 address", text)
    else:
        host, colon, port_text = netloc.partition(":")
        rest = colon + port_text
        if not host:
            raise BadStoreUri("host: empty", text)
        if not host.isascii() or _REG_NAME.fullmatch(host) is None:
            raise BadStoreUri("host: not a valid host name or IPv4 address", text)
    port: int | None = None
    if rest:
        port_text = rest[1:]
        if not (port_text.isascii() and port_text.isdigit()) or len(port_text) > 5:
            raise BadStoreUri("port: must be a decimal number from 1 to 65535", text)
        port = int(port_text)
        if not 1 <= port <= 65535:
            raise BadStoreUri("port: must be a decimal number from 1 to 65535", text)
    return userinfo, netloc, host, port


def _is_ipv6(host: str) -> bool:
    import ipaddress  # noqa: PLC0415 (rare: not worth its import time for every user)

    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        return False  # not chained into BadStoreUri: nothing of the input travels with it
    return True


def no_brackets(userinfo: str, text: str) -> None:
    """Refuse a raw ``[`` or ``]`` in userinfo: urllib (so glance_store) reads it as the
    start of an IPv6 host."""
    if "[" in userinfo or "]" in userinfo:
        raise BadStoreUri("userinfo: '[' and ']' must be percent-encoded", text)


def split_userinfo(
    userinfo: str,
    text: str,
    *,
    names: tuple[str, str] = ("user name", "password"),
    at_last_colon: bool = False,
) -> tuple[str, str]:
    """Split ``user:password`` at the first ``:`` (or the last); both halves non-empty.

    ``names`` are the two halves' names in messages (``("user", "key")`` for swift).
    """
    user, colon, password = userinfo.rpartition(":") if at_last_colon else userinfo.partition(":")
    if not colon:
        raise BadStoreUri(
            f"userinfo: credentials must be '<{names[0]}>:<{names[1]}>' (no ':' found)", text
        )
    if not user:
        raise BadStoreUri(f"userinfo: the {names[0]} is empty", text)
    if not password:
        raise BadStoreUri(f"userinfo: the {names[1]} is empty", text)
    return user, password


def strip_web_scheme(address: str) -> tuple[str, str | None]:
    """Remove one leading ``http://`` or ``https://`` (as glance_store does from swift auth
    addresses and s3 service URLs); return the rest and the scheme removed, if any."""
    for scheme in ("http", "https"):
        if address.startswith(f"{scheme}://"):
            return address[len(scheme) + 3 :], scheme
    return address, None


def one_scheme(text: str, advice: str) -> None:
    """Refuse a second ``://``: a scheme nested in the authority (``swift://u:k@http://h``)."""
    if text.count("://") > 1:
        raise BadStoreUri(f"URI: more than one '://' (a scheme inside the URI); {advice}", text)


def split_tail(raw_path: str, names: tuple[str, str], text: str) -> tuple[str, str, str]:
    """Split ``[/prefix...]/<first>/<last>`` into ``(prefix, first, last)``, all raw.

    ``prefix`` is ``""`` or ``/``-led segments; no segment may be empty.
    """
    head, slash, last = raw_path.rpartition("/")
    prefix, slash, first = head.rpartition("/") if slash else ("", "", "")
    if not slash or not raw_path.startswith("/"):
        raise BadStoreUri(f"path: must end with /<{names[0]}>/<{names[1]}>", text)
    if not first:
        raise BadStoreUri(f"{names[0]}: empty", text)
    if not last:
        raise BadStoreUri(f"{names[1]}: empty", text)
    if prefix.endswith("/") or "//" in prefix:
        raise BadStoreUri("path: empty segment ('//')", text)
    return prefix, first, last


# A '%' that does not start a two-hex-digit escape.
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _unescape(raw: str) -> bytes:
    """The UTF-8 bytes of ``raw`` with every ``%XX`` (all checked valid) decoded."""
    head, *escaped = raw.split("%")
    return head.encode("utf-8") + b"".join(
        bytes.fromhex(part[:2]) + part[2:].encode("utf-8") for part in escaped
    )


def unquote_component(raw: str, component: str, text: str) -> str:
    """Percent-decode one component strictly: valid escapes, UTF-8, no control characters."""
    if not raw:
        raise BadStoreUri(f"{component}: empty", text)
    if "%" not in raw:
        return raw
    if _BAD_ESCAPE.search(raw) is not None:
        raise BadStoreUri(f"{component}: invalid percent-escape", text)
    try:
        value = _unescape(raw).decode("utf-8")
    except UnicodeDecodeError:
        value = None  # not chained: the codec's error holds the decoded bytes
    if value is None:
        raise BadStoreUri(f"{component}: percent-escapes are not valid UTF-8", text)
    if not value.isprintable() and _CONTROL_OR_NON_SPACE_WS.search(value) is not None:
        raise BadStoreUri(f"{component}: decodes to a control character", text)
    return value
