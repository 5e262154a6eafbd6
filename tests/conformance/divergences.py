"""Every deliberate difference from glance_store, as a named rule.

A case where the two libraries disagree is allowed only when a rule matches it. A rule has
an identifier (the heading of its entry in ``docs/divergences.md``), the stores it covers,
the kind of disagreement, and a small predicate over the case:

- ``WE_REJECT``: glance_store accepts, we raise ``BadStoreUri`` and our reason must match
  the rule's ``reason`` pattern (so a rule cannot excuse a rejection for another cause);
- ``THEY_REJECT``: we accept, glance_store raises (or crashes in ``get_uri()``);
- ``RENDER``: both accept, and only the rule's ``differ`` fields (``"uri"`` for
  ``get_uri()``) differ.

The predicate looks at the URI text itself, independently of either parser. Rules are
tried in order; the first that matches names the case.
"""

from __future__ import annotations

import enum
import ipaddress
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar
from urllib.parse import unquote, unquote_to_bytes

import attrs

from glance_locations import BadStoreUri
from tests.conformance.model import Accepted, Case, Rejected
from tests.conformance.stores import STORES


class Kind(enum.Enum):
    """The shape of a disagreement."""

    WE_REJECT = "glance_store accepts, we reject"
    THEY_REJECT = "we accept, glance_store rejects"
    RENDER = "both accept; fields or get_uri() differ"


Predicate = Callable[[Case], bool]
_P = TypeVar("_P", bound=Predicate)


@attrs.frozen
class Rule:
    """One documented divergence."""

    id: str
    stores: frozenset[str]
    kind: Kind
    applies: Predicate
    reason: re.Pattern[str] | None = None
    differ: frozenset[str] = frozenset()
    source: str = "uri"

    def matches(self, case: Case) -> bool:
        """Whether this rule allows ``case``."""
        if case.store not in self.stores or self.source not in (case.source, "any"):
            return False
        return self._shape(case) and self.applies(case)

    def _reason_matches(self, message: str) -> bool:
        """The reason, at the start of the message or after its component's name."""
        assert self.reason is not None
        tail = message.partition(": ")[2]
        return bool(self.reason.match(message) or self.reason.match(tail))

    def _shape(self, case: Case) -> bool:
        ours, theirs = case.ours, case.theirs
        if self.kind is Kind.WE_REJECT:
            return (
                isinstance(ours, Rejected)
                and ours.error == case.legit_error
                and isinstance(theirs, Accepted)
                and self.reason is not None
                and self._reason_matches(ours.message)
            )
        if self.kind is Kind.THEY_REJECT:
            return isinstance(ours, Accepted) and isinstance(theirs, Rejected)
        differing = case.differing_fields()
        return bool(differing) and differing <= self.differ


#: Every rule, by identifier, in the order they are tried.
RULES: dict[str, Rule] = {}

ALL_STORES = ("file", "http", "rbd", "cinder", "swift", "s3", "vsphere")
#: Stores whose URIs have an authority (``[userinfo@]host[:port]``).
AUTHORITY_STORES = ("http", "swift", "s3", "vsphere")


def rule(
    rule_id: str,
    *,
    stores: Iterable[str] = ALL_STORES,
    kind: Kind,
    reason: str | None = None,
    differ: Iterable[str] = (),
    source: str = "uri",
) -> Callable[[_P], _P]:
    """Register the decorated predicate as the rule ``rule_id``."""

    def register(applies: _P) -> _P:
        if rule_id in RULES:
            raise ValueError(f"duplicate divergence rule {rule_id!r}")
        RULES[rule_id] = Rule(
            id=rule_id,
            stores=frozenset(stores),
            kind=kind,
            applies=applies,
            reason=None if reason is None else re.compile(reason),
            differ=frozenset(differ),
            source=source,
        )
        return applies

    return register


def find_rule(case: Case) -> Rule | None:
    """Return the first rule that allows ``case``, or ``None``."""
    return next((r for r in RULES.values() if r.matches(case)), None)


# Helpers: naive, independent looks at the URI text.


def _after_scheme(uri: str) -> str:
    return uri.partition("://")[2]


def _authority(uri: str) -> str:
    """The authority: up to the first ``/``, ``?`` or ``#`` (s3: the credentials may hold
    ``/``, so up to the first of them after the last ``@``)."""
    rest = _after_scheme(uri)
    userinfo, at, hostport = rest.rpartition("@") if uri.startswith("s3") else ("", "", rest)
    if at and re.search(r"[?#]", userinfo) is not None:
        userinfo, at, hostport = "", "", rest
    return userinfo + at + re.split(r"[/?#]", hostport, maxsplit=1)[0]


def _path(uri: str) -> str:
    """The path of a URI with an authority (up to ``?`` or ``#``)."""
    tail = _after_scheme(uri)[len(_authority(uri)) :]
    return re.split(r"[?#]", tail, maxsplit=1)[0]


_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f]|\s")


# Rules for every store.


@rule(
    "over-long",
    kind=Kind.WE_REJECT,
    reason=r"URI( is|: its canonical form \(get_uri\(\)\) is) longer than 65536 characters",
)
def _over_long(case: Case) -> bool:
    """A URI longer than Glance's location column (65,536 characters) is refused unparsed,
    and so is one whose ``get_uri()`` would be (quoting lengthens it at most threefold)."""
    return len(case.uri) > 65536 // 3


@rule(
    "control-or-space",
    kind=Kind.WE_REJECT,
    reason=r"URI contains the control or white-space character",
)
def _control_or_space(case: Case) -> bool:
    """Control characters and white space are refused (file paths may hold a plain space)."""
    return _CONTROL_OR_SPACE.search(case.uri) is not None


@rule("lone-surrogate", kind=Kind.WE_REJECT, reason=r"URI contains the lone surrogate")
def _lone_surrogate(case: Case) -> bool:
    """A lone surrogate (not Unicode text: it has no UTF-8 form) is refused."""
    return any("\ud800" <= char <= "\udfff" for char in case.uri)


@rule("fragment", kind=Kind.WE_REJECT, reason=r"a fragment \('#'\) is not allowed")
def _fragment(case: Case) -> bool:
    """A fragment (``#``) is refused in every store URI."""
    return "#" in case.uri


@rule(
    "query",
    stores=("file", "rbd", "cinder", "swift", "s3"),
    kind=Kind.WE_REJECT,
    reason=r"a query is not allowed",
)
def _query(case: Case) -> bool:
    """A query is refused where the store has none (glance_store drops it or keeps it)."""
    return "?" in case.uri


# file


@rule("file-filesystem-scheme", stores=("file",), kind=Kind.RENDER, differ=("scheme",))
def _filesystem_scheme(case: Case) -> bool:
    """``filesystem://`` is read as ``file://``: our ``scheme`` field is ``"file"``."""
    return case.uri.startswith("filesystem://")


@rule(
    "file-relative-path",
    stores=("file",),
    kind=Kind.WE_REJECT,
    reason=r"path: must be absolute",
)
def _file_relative(case: Case) -> bool:
    """A file URI must be ``file:///<absolute path>``: no host, no relative path."""
    return not _after_scheme(case.uri).startswith("/")


@rule("file-root-path", stores=("file",), kind=Kind.WE_REJECT, reason=r"path: empty")
def _file_root(case: Case) -> bool:
    """``file:///`` names no file."""
    return _after_scheme(case.uri).rstrip("?") == "/"


@rule(
    "file-directory-path",
    stores=("file",),
    kind=Kind.WE_REJECT,
    reason=r"path: names a directory",
)
def _file_directory(case: Case) -> bool:
    """A path ending in ``/`` names a directory, not an image file."""
    return _after_scheme(case.uri).endswith("/")


@rule(
    "file-edge-space",
    stores=("file",),
    kind=Kind.WE_REJECT,
    reason=r"path: leading or trailing space",
)
def _file_edge_space(case: Case) -> bool:
    """A path with a leading or trailing space (glance_store strips it) is refused."""
    path = _after_scheme(case.uri)
    return path.startswith(" ") or path.endswith(" ")


# URIs with an authority


def _hostport(uri: str) -> str:
    return _authority(uri).rpartition("@")[2]


@rule(
    "userinfo",
    stores=AUTHORITY_STORES,
    kind=Kind.WE_REJECT,
    # decoding problems of swift credentials have their own rule
    reason=r"userinfo: (?!invalid percent-escape|percent-escapes are not|the (user|key) contains)",
)
def _userinfo(case: Case) -> bool:
    """Credentials must be ``user:password``, both non-empty (http: exactly one ``:``),
    with ``[`` and ``]`` percent-encoded; a vsphere URI has none."""
    return "@" in _authority(case.uri)


@rule(
    "authority-multiple-at",
    stores=("http", "s3", "vsphere"),  # glance_store's swift refuses it too
    kind=Kind.WE_REJECT,
    reason=r"authority: more than one '@'",
)
def _multiple_at(case: Case) -> bool:
    """An authority holds at most one ``@``."""
    return _after_scheme(case.uri).count("@") > 1


@rule("authority-port", stores=AUTHORITY_STORES, kind=Kind.WE_REJECT, reason=r"port: ")
def _port(case: Case) -> bool:
    """A port must be ASCII decimal digits with a value from 1 to 65535 (vsphere: none)."""
    hostport = _hostport(case.uri)
    if hostport.startswith("["):
        hostport = hostport.partition("]")[2]
    if ":" not in hostport:
        return False
    digits = hostport.partition(":")[2]
    valid = digits.isascii() and digits.isdigit() and 1 <= int(digits) <= 65535
    return case.store == "vsphere" or not valid


_REG_NAME = r"[A-Za-z0-9\-._~!$&'()*+,;=]+"


@rule("authority-host", stores=AUTHORITY_STORES, kind=Kind.WE_REJECT, reason=r"host: ")
def _host(case: Case) -> bool:
    """A host must be a non-empty ASCII registered name, an IPv4 address or ``[IPv6]``
    without a zone id."""
    if _after_scheme(case.uri).startswith("/"):
        return True  # an empty authority, then a path
    hostport = _hostport(case.uri)
    if " " in hostport:
        return True
    if hostport.startswith("["):
        literal = hostport.partition("]")[0][1:]
        if "%" in literal:
            return True  # an IPv6 zone id: a link of one machine, no host others can reach
        try:
            ipaddress.IPv6Address(literal)
        except ValueError:
            return True
        return False
    return re.fullmatch(_REG_NAME, hostport.partition(":")[0]) is None


_AUTHORITY = re.compile(
    r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:%]*@)?"
    rf"(?:\[[0-9A-Fa-f:.]+(?:%25[A-Za-z0-9\-._~]+)?\]|{_REG_NAME})(?::[0-9]*)?"
)


@rule(
    "authority-syntax",
    stores=AUTHORITY_STORES,
    kind=Kind.WE_REJECT,
    reason=r"authority: ",
)
def _authority_syntax(case: Case) -> bool:
    """An authority outside RFC 3986's syntax (stray brackets, ``\\``, non-ASCII) is refused."""
    return _AUTHORITY.fullmatch(_authority(case.uri)) is None


# http


@rule("http-path-params", stores=("http",), kind=Kind.RENDER, differ=("path", "uri"))
def _http_path_params(case: Case) -> bool:
    """``;params`` in the last path segment are kept (glance_store's urlparse drops them)."""
    return ";" in _path(case.uri).rpartition("/")[2]


# rbd


@rule(
    "rbd-short-form-characters",
    stores=("rbd",),
    kind=Kind.WE_REJECT,
    reason=r"image: a one-component rbd URI may hold only",
)
def _rbd_short_form(case: Case) -> bool:
    """``rbd://<image>`` may hold only unreserved characters (it is neither quoted nor
    unquoted by glance_store)."""
    image = _after_scheme(case.uri)
    return "/" not in image and re.fullmatch(r"[A-Za-z0-9\-._~]+", image) is None


@rule(
    "rbd-invalid-escape",
    stores=("rbd",),
    kind=Kind.WE_REJECT,
    reason=r"(fsid|pool|image|snapshot): invalid percent-escape",
)
def _rbd_invalid_escape(case: Case) -> bool:
    """A ``%`` not followed by two hex digits is refused in the four-component form."""
    return re.search(r"%(?![0-9A-Fa-f]{2})", case.uri) is not None


@rule(
    "rbd-escape-not-utf8",
    stores=("rbd",),
    kind=Kind.WE_REJECT,
    reason=r"(fsid|pool|image|snapshot): percent-escapes are not valid UTF-8",
)
def _rbd_not_utf8(case: Case) -> bool:
    """Percent-escapes must decode to UTF-8 (glance_store substitutes U+FFFD)."""
    try:
        unquote_to_bytes(case.uri).decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


@rule(
    "rbd-escape-control",
    stores=("rbd",),
    kind=Kind.WE_REJECT,
    reason=r"(fsid|pool|image|snapshot): contains the control character",
)
def _rbd_escape_control(case: Case) -> bool:
    """A percent-escape that decodes to a control character or white space is refused."""
    decoded = unquote(case.uri).replace(" ", "")
    return _CONTROL_OR_SPACE.search(decoded) is not None


# cinder


@rule(
    "cinder-backend-group",
    stores=("cinder",),
    kind=Kind.RENDER,
    differ=("backend_group", "uri"),
)
def _cinder_backend_group(case: Case) -> bool:
    """``cinder://<group>/<volume id>`` keeps ``<group>`` as ``backend_group``."""
    return _after_scheme(case.uri).count("/") == 1


@rule(
    "cinder-extra-segments",
    stores=("cinder",),
    kind=Kind.WE_REJECT,
    reason=r"path: at most one segment",
)
def _cinder_extra_segments(case: Case) -> bool:
    """At most one segment (the backend group) may precede the volume id."""
    return _after_scheme(case.uri).count("/") > 1


@rule(
    "cinder-backend-group-name",
    stores=("cinder",),
    kind=Kind.WE_REJECT,
    reason=r"backend group: ",
)
def _cinder_group_name(case: Case) -> bool:
    """A backend group is a non-empty name of unreserved characters."""
    group = _after_scheme(case.uri).partition("/")[0]
    return re.fullmatch(r"[A-Za-z0-9\-._~]+", group) is None


# swift


def _both_fields(case: Case) -> tuple[Mapping[str, object], Mapping[str, object]]:
    assert isinstance(case.ours, Accepted)
    assert isinstance(case.theirs, Accepted)
    return case.ours.fields, case.theirs.fields


@rule("swift-config-uri", stores=("swift",), kind=Kind.RENDER, differ=("uri",))
def _swift_config_uri(case: Case) -> bool:
    """A ``swift+config`` URI renders as itself, never with the reference's credentials."""
    return case.uri.startswith("swift+config://")


@rule(
    "swift-config-auth-address",
    stores=("swift",),
    kind=Kind.RENDER,
    differ=("auth_or_store_url", "uri"),
)
def _swift_config_auth_address(case: Case) -> bool:
    """The trailing ``/`` of a reference's auth address is not part of ``auth_or_store_url``."""
    ours, theirs = _both_fields(case)
    return case.uri.startswith("swift+config://") and (
        theirs["auth_or_store_url"] == f"{ours['auth_or_store_url']}/"
    )


@rule(
    "swift-credentials-quoting",
    stores=("swift",),
    kind=Kind.RENDER,
    differ=("uri",),
    source="any",
)
def _swift_credentials_quoting(case: Case) -> bool:
    """A ``/`` in the user or key renders as ``%2F``."""
    ours, _ = _both_fields(case)
    return "/" in f"{ours['user']}{ours['key']}"


@rule("swift-http-host", stores=("swift",), kind=Kind.THEY_REJECT)
def _swift_http_host(case: Case) -> bool:
    """A host name that starts with ``http`` is a host like any other."""
    return (
        _hostport(case.uri).startswith("http")
        and isinstance(case.theirs, Rejected)
        and (case.theirs.error == "(get_uri) AttributeError")
    )


@rule(
    "swift-credentials-escapes",
    stores=("swift",),
    kind=Kind.WE_REJECT,
    reason=r"userinfo: (invalid percent-escape|percent-escapes are not valid UTF-8"
    r"|the (user|key) contains the control character)",
)
def _swift_credentials_escapes(case: Case) -> bool:
    """The percent-encoded credentials must decode strictly (valid escapes, UTF-8, no
    control character)."""
    return "%" in _authority(case.uri).rpartition("@")[0]


@rule(
    "swift-config-path",
    stores=("swift",),
    kind=Kind.WE_REJECT,
    reason=r"path: a swift\+config URI has exactly",
)
def _swift_config_path(case: Case) -> bool:
    """A ``swift+config`` URI has exactly ``<container>/<object>`` after the reference."""
    return case.uri.startswith("swift+config://") and _after_scheme(case.uri).count("/") > 2


@rule(
    "object-path",
    stores=("swift", "s3"),
    kind=Kind.WE_REJECT,
    reason=r"(container|object|bucket|key): empty|path: (empty segment|must end with)",
)
def _object_path(case: Case) -> bool:
    """The path ends with ``/<container>/<object>`` (``/<bucket>/<key>``), no segment empty."""
    path = _path(case.uri)
    return "//" in path or path.endswith("/") or path.count("/") < 2


# s3


@rule(
    "s3-credentials",
    stores=("s3",),
    kind=Kind.RENDER,
    differ=("accesskey", "secretkey", "s3serviceurl"),
)
def _s3_credentials(case: Case) -> bool:
    """``accesskey:secretkey@`` are credentials, not part of ``s3serviceurl``."""
    ours, theirs = _both_fields(case)
    creds = f"{ours['accesskey']}:{ours['secretkey']}@"
    return theirs["s3serviceurl"] == f"{creds}{ours['s3serviceurl']}"


@rule(
    "s3-credential-slashes",
    stores=("s3",),
    kind=Kind.RENDER,
    differ=("accesskey", "secretkey", "s3serviceurl", "uri"),
)
def _s3_credential_slashes(case: Case) -> bool:
    """The credentials keep every ``/``: doubled, leading or trailing ones too."""
    ours, _ = _both_fields(case)
    keys = (str(ours["accesskey"]), str(ours["secretkey"]))
    return any("//" in k or k.startswith("/") or k.endswith("/") for k in keys)


@rule(
    "s3-at-sign",
    stores=("s3",),
    kind=Kind.WE_REJECT,
    reason=r"key: the '@' cannot end credentials",
)
def _s3_at_sign(case: Case) -> bool:
    """The URI's only ``@`` has a ``:`` before it and no ``/`` after it: not credentials
    (nothing after it is a service URL), and not part of the key (it may be a secret)."""
    before, at, after = _after_scheme(case.uri).partition("@")
    return bool(at) and ":" in before and "/" not in after


# vsphere


@rule("vsphere-ipv6-host", stores=("vsphere",), kind=Kind.RENDER, differ=("server_host",))
def _vsphere_ipv6_host(case: Case) -> bool:
    """``server_host`` holds an IPv6 address without its brackets."""
    ours, theirs = _both_fields(case)
    return theirs["server_host"] == f"[{ours['server_host']}]"


@rule(
    "vsphere-query",
    stores=("vsphere",),
    kind=Kind.WE_REJECT,
    reason=r"(query|dsName|dcPath): ",
)
def _vsphere_query(case: Case) -> bool:
    """The query is ``dsName=<datastore>[&dcPath=<datacenter>]`` (either order), each once,
    non-empty, form-encoded."""
    return "?" in case.uri


@rule("vsphere-path", stores=("vsphere",), kind=Kind.WE_REJECT, reason=r"path: ")
def _vsphere_path(case: Case) -> bool:
    """The path is ``/folder/<directories...>/<image id>``, no segment empty or with a
    leading or trailing space."""
    path = _path(case.uri)
    edge_space = any(seg != seg.strip(" ") for seg in path.split("/"))
    return not path.startswith("/folder/") or "//" in path or path.endswith("/") or edge_space


# store_specs dicts: our from_specs() against glance_store's process_specs()

#: Stores whose glance_store specs build a location at all (its http driver always crashes).
SPECS_STORES = ("file", "rbd", "cinder", "swift", "s3", "vsphere")

#: The specs keys each store knows (glance_store's, plus ours: s3 credentials, the swift
#: reference of a swift+config location).
SPECS_KEYS = {
    "file": {"scheme", "path"},
    "http": {"scheme", "netloc", "user", "password", "path", "query"},
    "rbd": {"fsid", "pool", "image", "snapshot"},
    "cinder": {"scheme", "volume_id"},
    "swift": {
        "scheme", "user", "key", "application_credential_id", "application_credential_secret",
        "project_name", "project_id", "auth_or_store_url", "container", "obj", "reference",
    },
    "s3": {"scheme", "accesskey", "secretkey", "s3serviceurl", "bucket", "key"},
    "vsphere": {
        "scheme", "server_host", "image_dir", "image_id", "datacenter_path", "datastore_name",
    },
}  # fmt: skip


def _specs(case: Case) -> Mapping[str, object]:
    assert case.specs is not None
    return case.specs


@rule("specs-http-crash", stores=("http",), kind=Kind.THEY_REJECT, source="specs")
def _specs_http_crash(case: Case) -> bool:
    """http specs build a location."""
    theirs = case.theirs
    return isinstance(theirs, Rejected) and "'spec'" in theirs.message


@rule(
    "specs-swift-config",
    stores=("swift",),
    kind=Kind.THEY_REJECT,
    source="specs",
)
def _specs_swift_config(case: Case) -> bool:
    """swift+config specs name the account reference (``reference``), never credentials."""
    return _specs(case).get("scheme") == "swift+config"


@rule(
    "specs-unknown-key",
    stores=SPECS_STORES,
    kind=Kind.WE_REJECT,
    reason=r"Invalid \w+ store specs: .*unknown key",
    source="specs",
)
def _specs_unknown_key(case: Case) -> bool:
    """A key the store does not know is refused."""
    return bool(set(_specs(case)) - SPECS_KEYS[case.store])


@rule(
    "specs-value-type",
    stores=SPECS_STORES,
    kind=Kind.WE_REJECT,
    reason=r"Invalid \w+ store specs: .*expected a string",
    source="specs",
)
def _specs_value_type(case: Case) -> bool:
    """A value must be a string (rbd: anything ``str()`` turns into one); ``None`` is
    only allowed for an optional key."""
    return any(not isinstance(value, str) for value in _specs(case).values())


@rule(
    "specs-not-a-uri",
    stores=SPECS_STORES,
    kind=Kind.WE_REJECT,
    reason=r"Invalid \w+ store specs: ",
    source="specs",
)
def _specs_not_a_uri(case: Case) -> bool:
    """A specs dict is refused unless it renders to a store URI that our parser reads
    back to the same location: every URI rule applies to specs too."""
    theirs = case.theirs
    assert isinstance(theirs, Accepted)
    spec = STORES[case.store]
    try:
        loc = spec.location_class.from_uri(theirs.uri, conf=spec.conf)
    except BadStoreUri:
        return True
    return any(getattr(loc, name) != theirs.fields[name] for name in spec.compared_fields)


@rule(
    "specs-s3-credentials",
    stores=("s3",),
    kind=Kind.RENDER,
    differ=("accesskey", "secretkey", "uri"),
    source="specs",
)
def _specs_s3_credentials(case: Case) -> bool:
    """``accesskey`` and ``secretkey`` specs keys are credentials of the location."""
    return "accesskey" in _specs(case) or "secretkey" in _specs(case)


@rule(
    "specs-swift-auth-address",
    stores=("swift",),
    kind=Kind.RENDER,
    differ=("auth_or_store_url", "uri"),
    source="specs",
)
def _specs_swift_auth_address(case: Case) -> bool:
    """An ``http(s)://`` prefix and trailing ``/`` of ``auth_or_store_url`` are dropped
    (the URI may differ too, by ``swift-credentials-quoting`` only)."""
    ours, theirs = _both_fields(case)
    address = str(theirs["auth_or_store_url"])
    stripped = address.removeprefix("http://").removeprefix("https://").rstrip("/")
    quoting = "uri" not in case.differing_fields() or _swift_credentials_quoting(case)
    return stripped == ours["auth_or_store_url"] and quoting


@rule(
    "specs-swift-reference",
    stores=("swift",),
    kind=Kind.WE_REJECT,
    reason=r"Invalid swift store specs: .*'reference'",
    source="specs",
)
def _specs_swift_reference(case: Case) -> bool:
    """A ``reference`` key goes with the ``swift+config`` scheme only."""
    specs = _specs(case)
    return "reference" in specs and specs.get("scheme") != "swift+config"


@rule(
    "specs-s3-credential-checks",
    stores=("s3",),
    kind=Kind.WE_REJECT,
    reason=r"Invalid s3 store specs: .*'(accesskey|secretkey)'",
    source="specs",
)
def _specs_s3_credential_checks(case: Case) -> bool:
    """``accesskey`` and ``secretkey`` are checked as the URI's credentials are (both or
    neither, and the URI rules)."""
    return "accesskey" in _specs(case) or "secretkey" in _specs(case)


@rule(
    "specs-rbd-none",
    stores=("rbd",),
    kind=Kind.WE_REJECT,
    reason=r"Invalid rbd store specs: ",
    source="specs",
)
def _specs_rbd_none(case: Case) -> bool:
    """``None`` is an absent value, not the name ``"None"``."""
    return any(value is None for value in _specs(case).values())


@rule(
    "specs-vsphere-names",
    stores=("vsphere",),
    kind=Kind.RENDER,
    differ=("datacenter_path", "datastore_name"),
    source="specs",
)
def _specs_vsphere_names(case: Case) -> bool:
    """``datastore_name`` and ``datacenter_path`` keep the values of the specs."""
    _, theirs = _both_fields(case)
    return theirs["datacenter_path"] is None and theirs["datastore_name"] is None
