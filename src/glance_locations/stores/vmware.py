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
from typing import ClassVar

import attrs
from attrs import AttrsInstance

from glance_locations import _uri
from glance_locations.base import Exposure, StoreLocation
from glance_locations.config import StoreConfig
from glance_locations.exceptions import BadStoreUri

__all__ = ["VMwareStoreLocation"]

_PREFIX = "vsphere://"
_FOLDER = "/folder/"
_PARAMS = ("dsName", "dcPath")


@attrs.frozen(kw_only=True, slots=True)
class VMwareStoreLocation(StoreLocation):
    """A file in a vSphere datastore, reached through a vCenter or ESXi host."""

    SCHEMES: ClassVar[tuple[str, ...]] = ("vsphere",)
    ALLOWS_SPACE: ClassVar[bool] = True

    scheme: str = "vsphere"
    server_host: str
    path: str
    # Kept raw so that get_uri() renders byte-identical; compared by its meaning, the
    # datastore and datacenter below (a specs dict cannot carry parameter order).
    query: str = attrs.field(eq=False)
    datacenter_path: str | None = None
    datastore_name: str

    @property
    def https_url(self) -> str:
        """The same URL with the ``https`` scheme, to reach the file over HTTPS."""
        return "https://" + self.get_uri()[len(_PREFIX) :]

    @classmethod
    def _parse(
        cls, text: str, conf: StoreConfig | None, backend_group: str | None
    ) -> VMwareStoreLocation:
        _uri.scheme_of(text, cls.SCHEMES)
        authority, path, query = _uri.split(text)
        if " " in authority:
            raise BadStoreUri("host: contains a space", text)
        userinfo, _, host, port = _uri.parse_authority(authority, text)
        if userinfo is not None:
            raise BadStoreUri("userinfo: not allowed in a vsphere URI", text)
        if port is not None:
            raise BadStoreUri(
                "port: not allowed in a vsphere URI (glance writes the configured host only)",
                text,
            )
        path = _check_path(path, text)
        if not query:
            raise BadStoreUri("query: missing; a vsphere URI ends with ?dsName=<datastore>", text)
        params = _parse_query(query, text)
        datacenter_path = params.get("dcPath")
        # One host, a few datastores and datacenters for every row: share them.
        return cls(
            server_host=sys.intern(host),
            path=path,
            query=sys.intern(query),
            datacenter_path=None if datacenter_path is None else sys.intern(datacenter_path),
            datastore_name=sys.intern(params["dsName"]),
            backend_group=backend_group,
        )

    @classmethod
    def _spec_type(cls) -> type[AttrsInstance]:
        return _VMwareSpecs

    @classmethod
    def _spec_template(cls) -> _VMwareSpecs:
        return _TEMPLATE

    @classmethod
    def _location_from_spec(
        cls, spec: AttrsInstance, backend_group: str | None
    ) -> VMwareStoreLocation:
        """Path ``/folder/<image_dir>/<image_id>`` and query ``dsName=..[&dcPath=..]``,
        built as glance_store builds them."""
        from urllib.parse import urlencode  # noqa: PLC0415 (see _uri.quote_component)

        assert isinstance(spec, _VMwareSpecs)
        params = {"dsName": spec.datastore_name}
        if spec.datacenter_path:
            params["dcPath"] = spec.datacenter_path
        return cls(
            scheme=spec.scheme,
            server_host=spec.server_host,
            path=posixpath.join("/folder", spec.image_dir.strip("/"), spec.image_id),
            query=urlencode(params),
            datacenter_path=spec.datacenter_path,
            datastore_name=spec.datastore_name,
            backend_group=backend_group,
        )

    def _spec_from_location(self) -> _VMwareSpecs:
        image_dir, _, image_id = self.path[len(_FOLDER) :].rpartition("/")
        return _VMwareSpecs(
            scheme=self.scheme,
            server_host=self.server_host,
            image_dir=image_dir,
            image_id=image_id,
            datacenter_path=self.datacenter_path,
            datastore_name=self.datastore_name,
        )

    def get_uri(self) -> str:
        host = f"[{self.server_host}]" if ":" in self.server_host else self.server_host
        return f"{_PREFIX}{host}{self.path}?{self.query}"

    def get_redacted_uri(self) -> str:
        """Return :meth:`get_uri`: a vsphere URI holds no secret (an ``@`` in it is a name)."""
        return self.get_uri()

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


_TEMPLATE = _VMwareSpecs(
    server_host="vcenter.example.com",
    image_dir="openstack_glance",
    image_id="image",
    datastore_name="datastore1",
)


def _check_path(path: str, text: str) -> str:
    """``/folder/`` then at least one segment; no segment empty or space-padded."""
    if not path.startswith(_FOLDER):
        raise BadStoreUri("path: must start with /folder/", text)
    for segment in path[len(_FOLDER) :].split("/"):
        if not segment:
            raise BadStoreUri("path: empty segment (or no image id after /folder/)", text)
        if segment.startswith(" ") or segment.endswith(" "):
            raise BadStoreUri("path: a segment starts or ends with a space", text)
    return path


def _parse_query(query: str, text: str) -> dict[str, str]:
    """Decode ``dsName`` (required) and ``dcPath``; no other key, no key twice."""
    if " " in query:
        raise BadStoreUri("query: contains a space (write '+' or %20)", text)
    params: dict[str, str] = {}
    for param in query.split("&"):
        name, equals, raw = param.partition("=")
        if not equals:
            raise BadStoreUri("query: every parameter must be name=value ('=' missing)", text)
        if name not in _PARAMS:
            raise BadStoreUri("query: only the dsName and dcPath parameters are allowed", text)
        if name in params:
            raise BadStoreUri(f"query: {name} given more than once", text)
        # Form encoding: '+' is a space, then strict percent-decoding.
        params[name] = _uri.unquote_component(raw.replace("+", " "), name, text)
    if "dsName" not in params:
        raise BadStoreUri("query: dsName (the datastore name) is required", text)
    return params
