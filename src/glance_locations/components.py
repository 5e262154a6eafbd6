"""The rules of URI components: one small check per component, shared by every path.

Each check takes the value of one component (decoded where the store decodes it) and
returns ``None`` when it is valid, or a :class:`Problem` naming the component and saying
what is wrong. A check knows nothing of the whole URI and never quotes the value, so a
problem can be shown whatever the value holds.

A store location class declares the check of each field with the field
(``attrs.field(metadata=fields.rule(check))``); its construction runs the checks, so
parsing, ``from_specs``, direct construction, ``attrs.evolve``, copies and pickles share
them. A store class of one's own uses the same functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from glance_locations._text import bad_character, ipv6_problem, is_ipv6

__all__ = [
    "Check",
    "Problem",
    "address",
    "bad_character",
    "credential",
    "datastore_name",
    "file_path",
    "host_name",
    "http_path",
    "http_query",
    "name",
    "netloc",
    "one_of",
    "segment",
    "unreserved",
    "userinfo_part",
    "volume_id",
    "vsphere_path",
]


def __dir__() -> list[str]:
    return __all__


class Problem(NamedTuple):
    """What is wrong with one component: its name (``"port"``) and the reason."""

    component: str
    reason: str

    def __str__(self) -> str:
        return f"{self.component}: {self.reason}"


#: A component check: ``None`` when the value is valid, else the problem.
Check = Callable[[str], Problem | None]

# RFC 3986 reg-name without percent-encoding (Glance writes host names as configured).
_REG_NAME = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=]+")
#: RFC 3986 unreserved characters: what ``quote(value, safe="")`` leaves as it is.
UNRESERVED = re.compile(r"[A-Za-z0-9\-._~]+")
# glance_store accepts a volume id only if ``str(uuid.UUID(v)) == v``: lower case, hyphenated.
_UUID = re.compile(r"[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}")
# What a half of the userinfo cannot hold: the delimiters of the authority.
_USERINFO_DELIMITERS = re.compile(r"[:/?#@\[\]\\]")


def name(component: str, *, allow_space: bool = True) -> Check:
    """A check of a decoded name (an rbd pool, a swift user): non-empty, text only."""

    def check(value: str) -> Problem | None:
        if not value:
            return Problem(component, "empty")
        if value.isprintable() and (allow_space or " " not in value):
            return None  # the common case, without a call
        reason = bad_character(value, allow_space=allow_space)
        return None if reason is None else Problem(component, reason)

    return check


def one_of(component: str, values: tuple[str, ...], reason: str) -> Check:
    """A check that the value is one of ``values`` (a scheme a store writes); ``reason``
    says what it must be."""
    allowed = frozenset(values)

    def check(value: str) -> Problem | None:
        return None if value in allowed else Problem(component, reason)

    return check


def unreserved(component: str, what: str, hint: str = "") -> Check:
    """A check of a name written raw: letters, digits and ``-._~`` only."""
    hint = f" ({hint})" if hint else ""

    def check(value: str) -> Problem | None:
        if not value:
            return Problem(component, "empty")
        if UNRESERVED.fullmatch(value) is None:
            return Problem(component, f"{what} may hold only letters, digits and '-._~'{hint}")
        return None

    return check


def segment(component: str, *, allow_space: bool = False, forbid: str = "") -> Check:
    """A check of one raw path segment (a container, a bucket): non-empty, no ``/``,
    no ``?``, no ``#``, none of ``forbid``."""
    refused = (
        ("/", "'/'"),
        ("?", "'?' (a query)"),
        ("#", "'#' (a fragment)"),
        *((char, repr(char)) for char in forbid),
    )
    extra = tuple(forbid)

    def check(value: str) -> Problem | None:
        if not value:
            return Problem(component, "empty")
        if (
            value.isprintable()
            and (allow_space or " " not in value)
            and "/" not in value
            and "?" not in value
            and "#" not in value
            and (not extra or not any(char in value for char in extra))
        ):
            return None  # the common case, str methods only
        reason = bad_character(value, allow_space=allow_space)
        if reason is not None:
            return Problem(component, reason)
        for char, what in refused:
            if char in value:
                return Problem(component, f"contains {what}")
        return None

    return check


def credential(what: str, *, colon: bool = True) -> Check:
    """A decoded credential (a swift user or key): non-empty text; ``colon``: whether a
    ``:`` may appear (a swift key may not: the userinfo is split at its last ``:``)."""

    def check(value: str) -> Problem | None:
        if not value:
            return Problem("userinfo", f"the {what} is empty")
        if not value.isprintable():
            reason = bad_character(value, allow_space=True)
            if reason is not None:
                return Problem("userinfo", f"the {what} {reason}")
        if not colon and ":" in value:
            return Problem("userinfo", f"the {what} holds ':' (the userinfo ends at its last ':')")
        return None

    return check


def host_name(value: str) -> Problem | None:
    """A host without brackets: an IPv6 address, or a reg-name (a name or IPv4 address)."""
    if not value:
        return Problem("host", "empty")
    if ":" in value:
        if not is_ipv6(value):
            return Problem("host", ipv6_problem(value))
        return None
    if not value.isascii() or _REG_NAME.fullmatch(value) is None:
        return Problem("host", "not a valid host name or IPv4 address")
    return None


def netloc(value: str) -> Problem | None:
    """``host[:port]``: IPv6 in brackets, a port of decimal 1..65535."""
    if not value:
        return Problem("host", "empty")
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return Problem("host", "'[' without ']'")
        host, rest = value[1:end], value[end + 1 :]
        if not is_ipv6(host):
            return Problem("host", ipv6_problem(host))
    else:
        host, colon, port_text = value.partition(":")
        rest = colon + port_text
        if not host:
            return Problem("host", "empty")
        if not host.isascii() or _REG_NAME.fullmatch(host) is None:
            return Problem("host", "not a valid host name or IPv4 address")
    if rest:
        port_text = rest[1:]
        if (
            rest[0] != ":"
            or not (port_text.isascii() and port_text.isdigit())
            or len(port_text) > 5
            or not 1 <= int(port_text) <= 65535
        ):
            return Problem("port", "must be a decimal number from 1 to 65535")
    return None


def address(component: str, *, at: bool = True) -> Check:
    """``host[:port][/prefix]``: a service's address without scheme (a swift auth
    address, an s3 service URL). Prefix segments are raw and non-empty; ``at``: whether
    an ``@`` may appear in them (not where the parser splits the credentials off at the
    URI's only ``@``, as for s3)."""
    refused = "?#" if at else "?#@"

    def check(value: str) -> Problem | None:
        if "://" in value:
            return Problem(component, "more than one '://' (a scheme inside the address)")
        head, slash, prefix = value.partition("/")
        problem = netloc(head)
        if problem is not None:
            return problem
        if slash:
            if not prefix or prefix.endswith("/") or "//" in prefix or prefix[0] == "/":
                return Problem("path", "empty segment ('//')")
            if not prefix.isprintable() or " " in prefix:
                reason = bad_character(prefix)
                if reason is not None:
                    return Problem("path", reason)
            for char in refused:
                if char in prefix:
                    return Problem("path", f"contains {char!r}")
        return None

    return check


def userinfo_part(
    what: str, *, allowed: str = "", empty: bool = False, nfkc: bool = True
) -> Check:
    """One half of a raw ``user:password``: none of the authority's delimiters
    (``:/?#@[]\\``) but those ``allowed`` (an s3 secret key, which its parser splits off
    by hand, may hold ``:`` and ``/``); ``empty``: whether it may be empty (an http
    password); ``nfkc``: refuse what NFKC normalisation turns into a delimiter (yarl
    splits the authority it stands in).
    """

    def check(value: str) -> Problem | None:
        if not value:
            return None if empty else Problem("userinfo", f"the {what} is empty")
        if value.isascii() and value.isalnum():
            return None  # the common case: no delimiter, nothing NFKC changes
        reason = bad_character(value)
        if reason is not None:
            return Problem("userinfo", f"the {what} {reason}")
        for bad in _USERINFO_DELIMITERS.findall(value):
            if bad not in allowed:
                if bad == ":":
                    return Problem(
                        "userinfo",
                        f"the {what} holds ':' (more than one ':'; percent-encode a ':' "
                        "inside it as %3A)",
                    )
                return Problem("userinfo", f"the {what} holds {bad!r} (percent-encode it)")
        if nfkc and not value.isascii() and _changes_into_delimiter(value):
            return Problem(
                "userinfo",
                f"the {what} holds characters that NFKC normalisation turns into delimiters",
            )
        return None

    return check


def _changes_into_delimiter(value: str) -> bool:
    """Whether NFKC normalisation turns a character of ``value`` into ``/?#@:`` (urllib,
    so yarl, refuses such an authority)."""
    import unicodedata  # noqa: PLC0415 (non-ASCII credentials only)

    normalised = unicodedata.normalize("NFKC", value)
    return any(normalised.count(char) > value.count(char) for char in "/?#@:")


def http_path(value: str) -> Problem | None:
    """An http path: empty (the root resource) or ``/...``, raw."""
    if value and not value.startswith("/"):
        return Problem("path", "must be empty or start with '/'")
    if not value.isprintable() or " " in value:
        reason = bad_character(value)
        if reason is not None:
            return Problem("path", reason)
    if "?" in value or "#" in value:
        return Problem("path", "contains '?' or '#'")
    return None


def http_query(value: str) -> Problem | None:
    """A raw query without its ``?``; ``""`` when there is none."""
    if not value.isprintable() or " " in value:
        reason = bad_character(value)
        if reason is not None:
            return Problem("query", reason)
    if "#" in value:
        return Problem("query", "contains '#' (a fragment)")
    return None


def file_path(value: str) -> Problem | None:
    """An absolute path of a file, raw; a plain space may appear inside it."""
    if not value or value == "/":
        return Problem("path", "empty")
    if not value.startswith("/"):
        return Problem(
            "path", "must be absolute ('file:///...'); a host or relative path is not allowed"
        )
    if value.endswith("/"):
        return Problem("path", "names a directory (ends with '/')")
    if value.startswith(" ") or value.endswith(" "):
        return Problem("path", "leading or trailing space")
    if not value.isprintable():
        reason = bad_character(value, allow_space=True)
        if reason is not None:
            return Problem("path", reason)
    if "?" in value:
        return Problem("query", "a query is not allowed in this store URI")
    if "#" in value:
        return Problem("path", "contains '#' (a fragment)")
    return None


def volume_id(value: str) -> Problem | None:
    """A Cinder volume id: a lower-case, hyphenated UUID."""
    if _UUID.fullmatch(value) is None:
        return Problem("volume id", "must be a UUID (8-4-4-4-12 lower-case hex digits)")
    return None


def vsphere_path(value: str) -> Problem | None:
    """``/folder/`` then at least one segment; no segment empty or space-padded."""
    if not value.startswith("/folder/"):
        return Problem("path", "must start with /folder/")
    if not value.isprintable():
        reason = bad_character(value, allow_space=True)
        if reason is not None:
            return Problem("path", reason)
    if "?" in value or "#" in value:
        return Problem("path", "contains '?' or '#'")
    for part in value[len("/folder/") :].split("/"):
        if not part:
            return Problem("path", "empty segment (or no image id after /folder/)")
        if part.startswith(" ") or part.endswith(" "):
            return Problem("path", "a segment starts or ends with a space")
    return None


def datastore_name(component: str) -> Check:
    """A decoded vSphere query value (``dsName``, ``dcPath``): non-empty text."""
    return name(component, allow_space=True)
