"""``vsphere://`` locations: an image file in a VMware vSphere datastore.

Grammar::

    vsphere-uri = "vsphere://" host "/folder/" *( segment "/" ) image-id "?" query
    query       = param *( "&" param )       ; form-encoded, each key at most once
    param       = "dsName=" value / "dcPath=" value               ; dsName required

``host`` is the configured vCenter host (IPv6 in brackets), without userinfo or port. The
path holds configured directory names verbatim, so a plain space may appear in it (and
nowhere else). The query is kept raw and renders back byte for byte; ``datastore_name``
and ``datacenter_path`` hold its decoded values.
"""

from __future__ import annotations

import posixpath
import sys
from collections.abc import Callable, Hashable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, cast

import attrs

from glance_locations import _lex, components
from glance_locations._addresses import host_key
from glance_locations.base import Exposure, StoreLocation
from glance_locations.components import Problem
from glance_locations.config import StoreConfig
from glance_locations.exceptions import BadStoreLocation, BadStoreSpecs, BadStoreUri
from glance_locations.fields import rule

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["VMwareStoreLocation"]

_PREFIX = "vsphere://"
_SCHEMES = ("vsphere",)
_FOLDER = "/folder/"
_PARAMS = ("dsName", "dcPath")
# The rule of each query parameter's decoded value: the query's parser and the fields
# that hold the values (datastore_name, datacenter_path) share it.
_PARAMETER_CHECKS = {name: components.datastore_name(name) for name in _PARAMS}


def _parse_query(query: str) -> Mapping[str, str] | Problem:
    """Decode ``dsName`` (required) and ``dcPath``; no other key, no key twice."""
    if not query:
        return Problem("query", "missing; a vsphere URI ends with ?dsName=<datastore>")
    reason = components.bad_character(query)
    if " " in query:
        return Problem("query", "contains a space (write '+' or %20)")
    if reason is not None:
        return Problem("query", reason)
    if "#" in query:
        return Problem("query", "contains '#' (a fragment)")
    params: dict[str, str] = {}
    for param in query.split("&"):
        name, equals, raw = param.partition("=")
        if not equals:
            return Problem("query", "every parameter must be name=value ('=' missing)")
        if name not in _PARAMS:
            return Problem("query", "only the dsName and dcPath parameters are allowed")
        if name in params:
            return Problem("query", f"{name} given more than once")
        # Form encoding: '+' is a space, then strict percent-decoding.
        try:
            value = _lex.unquote(raw.replace("+", " "), name)
        except BadStoreUri as exc:
            return Problem(name, exc.reason.partition(": ")[2])
        problem = _PARAMETER_CHECKS[name](value)
        if problem is not None:
            return problem
        params[name] = sys.intern(value)
    if "dsName" not in params:
        return Problem("query", "dsName (the datastore name) is required")
    return MappingProxyType(params)


@attrs.frozen(kw_only=True, slots=True)
class VMwareStoreLocation(StoreLocation):
    """A file in a vSphere datastore, reached through a vCenter or ESXi host."""

    SCHEMES: ClassVar[tuple[str, ...]] = _SCHEMES
    ALLOWS_SPACE: ClassVar[bool] = True

    scheme: str = attrs.field(
        default="vsphere",
        metadata=rule(components.one_of("scheme", _SCHEMES, "must be 'vsphere'")),
    )
    server_host: str = attrs.field(metadata=rule(components.host_name))
    path: str = attrs.field(metadata=rule(components.vsphere_path))
    # Kept raw so that get_uri() renders byte-identical; compared by its meaning, the
    # datastore and datacenter below (a specs dict cannot carry parameter order).
    # Its rules (dsName required, dcPath, nothing else) with the cross-field rules, which
    # parse it once to compare it with datastore_name and datacenter_path.
    query: str = attrs.field(eq=False)
    datacenter_path: str | None = attrs.field(
        default=None, metadata=rule(_PARAMETER_CHECKS["dcPath"])
    )
    datastore_name: str = attrs.field(metadata=rule(_PARAMETER_CHECKS["dsName"]))

    @property
    def https_url(self) -> str:
        """The same URL with the ``https`` scheme, to reach the file over HTTPS."""
        return "https://" + self.get_uri()[len(_PREFIX) :]

    def location_problems(self) -> list[tuple[str, Problem]]:
        params = _parse_query(self.query)
        problems: list[tuple[str, Problem]] = []
        if isinstance(params, Problem):
            return [("query", params)]
        if params["dsName"] != self.datastore_name:
            problems.append(
                ("datastore_name", Problem("query", "dsName differs from datastore_name"))
            )
        if params.get("dcPath") != self.datacenter_path:
            problems.append(
                ("datacenter_path", Problem("query", "dcPath differs from datacenter_path"))
            )
        return problems

    @classmethod
    def parse(
        cls, text: str, *, conf: StoreConfig | None, backend_group: str | None
    ) -> VMwareStoreLocation:
        if not text.startswith(_PREFIX) or cls.SCHEMES is not _SCHEMES:  # else: at once
            _lex.scheme_in(text, cls.SCHEMES)
        authority, path, query = _lex.split(text, len(_PREFIX))
        if " " in authority.text:
            raise _lex.fail("host", "contains a space")
        userinfo, netloc = _lex.authority_parts(authority)
        if userinfo is not None:
            raise _lex.fail("userinfo", "not allowed in a vsphere URI")
        problem = components.netloc(netloc)
        if problem is not None:
            raise _lex.fail(problem.component, problem.reason)
        host = _lex.host_of(netloc)
        if len(host) + 2 * (":" in host) != len(netloc):
            raise _lex.fail(
                "port", "not allowed in a vsphere URI (glance writes the configured host only)"
            )
        query = query or ""
        params = _parse_query(query)
        if isinstance(params, Problem):
            raise _lex.fail(params.component, params.reason)
        # One host, a few datastores and datacenters for every row: share them.
        return cls(
            server_host=sys.intern(host),
            path=path,
            query=sys.intern(query),
            datacenter_path=params.get("dcPath"),
            datastore_name=params["dsName"],
            backend_group=backend_group,
        )

    @classmethod
    def location_from_specs(
        cls, specs: Mapping[str, object], *, conf: StoreConfig | None, backend_group: str | None
    ) -> Self:
        """Build from glance_store's vsphere specs: ``server_host``, ``image_dir``,
        ``image_id``, ``datastore_name``, optional ``datacenter_path`` and ``scheme``.

        The path is ``/folder/<image_dir>/<image_id>`` and the query
        ``dsName=..[&dcPath=..]``, built as glance_store builds them.
        """
        if _SPECS_KEYS.issuperset(specs) and _REQUIRED_KEYS.issubset(specs):
            for key, value in specs.items():
                if type(value) is not str and (value is not None or key != "datacenter_path"):
                    break
            else:  # the common case: every value a string, as cattrs would take them
                build = cast("Callable[..., _VMwareSpecs]", _VMwareSpecs)  # types: checked above
                spec = build(**specs)
                return cls._from_spec(spec, backend_group)
        from glance_locations import _converter  # noqa: PLC0415 (cattrs: on first use)

        if not _SPECS_KEYS.issuperset(specs):
            _converter.check_keys(specs, "vsphere")
        spec = _converter.structure(specs, _VMwareSpecs, "vsphere", cls.field_problems)
        return cls._from_spec(spec, backend_group)

    @classmethod
    def _from_spec(cls, spec: _VMwareSpecs, backend_group: str | None) -> Self:
        image_dir, image_id = spec.image_dir.strip("/"), spec.image_id
        if image_id.startswith("/"):  # os.path.join's rule, as glance_store joins them
            path = posixpath.join(_FOLDER, image_dir, image_id)
        else:
            path = f"{_FOLDER}{image_dir}/{image_id}" if image_dir else _FOLDER + image_id
        try:
            return cls(
                scheme=spec.scheme,
                server_host=spec.server_host,
                path=path,
                query=_form_query(spec.datastore_name, spec.datacenter_path or None),
                datacenter_path=spec.datacenter_path,
                datastore_name=spec.datastore_name,
                backend_group=backend_group,
            )
        except BadStoreLocation as exc:
            keys = [_spec_key(field, spec) for field in exc.keys]
            problems = [(key, reason) for key, (_, reason) in zip(keys, exc.problems, strict=True)]
            components = exc.components
        raise BadStoreSpecs("vsphere", problems, components=components) from None

    def to_specs(self) -> dict[str, object]:
        image_dir, _, image_id = self.path[len(_FOLDER) :].rpartition("/")
        specs: dict[str, object] = {
            "scheme": self.scheme,
            "server_host": self.server_host,
            "image_dir": image_dir,
            "image_id": image_id,
            "datastore_name": self.datastore_name,
        }
        if self.datacenter_path is not None:
            specs["datacenter_path"] = self.datacenter_path
        return specs

    def render(self, *, redact: bool) -> str:
        """The URI (a vsphere URI holds no secret: an ``@`` in it is a name)."""
        host = f"[{self.server_host}]" if ":" in self.server_host else self.server_host
        return f"{_PREFIX}{host}{self.path}?{self.query}"

    def identity_key(self) -> Hashable:
        """Host, path, datacenter and datastore (query order does not matter)."""
        host = host_key(self.server_host)
        return ("vsphere", host, self.path, self.datacenter_path, self.datastore_name)

    def exposure(self) -> Exposure:
        return Exposure(scheme=self.scheme, hosts=(("server_host", self.server_host),), tls=True)


@attrs.frozen(kw_only=True, slots=True)
class _VMwareSpecs:
    """The specs keys of a vsphere location (glance_store's)."""

    scheme: str = "vsphere"
    server_host: str
    image_dir: str
    image_id: str
    datacenter_path: str | None = None
    datastore_name: str


_SPECS_KEYS = frozenset(attrs.fields_dict(_VMwareSpecs))
_REQUIRED_KEYS = frozenset(
    field.name for field in attrs.fields(_VMwareSpecs) if field.default is attrs.NOTHING
)


def _form_query(datastore: str, datacenter: str | None) -> str:
    """``urlencode({"dsName": datastore, "dcPath": datacenter})``, as glance_store writes
    it (``dcPath`` left out when there is none)."""
    query = "dsName=" + _quote_plus(datastore)
    return query if datacenter is None else f"{query}&dcPath={_quote_plus(datacenter)}"


def _quote_plus(value: str) -> str:
    """``urllib.parse.quote_plus(value, safe="")``: spaces as ``+``, the rest quoted."""
    return "+".join(map(_lex.quote_component, value.split(" ")))


def _spec_key(field: str, spec: _VMwareSpecs) -> str:
    """The specs key behind a problem of the location's ``field``."""
    if field == "path":
        alone = components.vsphere_path(_FOLDER + spec.image_id)
        return "image_id" if alone is not None or not spec.image_dir.strip("/") else "image_dir"
    if field == "query":
        return "datastore_name"
    return field
