"""Each driver's ``url_prefix`` as glance_store 5.7.0 computes it, and Glance's rule.

Sources (glance_store 5.7.0, ``_set_url_prefix`` of each driver):
``_drivers/filesystem.py``, ``_drivers/rbd.py``, ``_drivers/s3.py``,
``_drivers/swift/store.py`` (``SingleTenantStore``), ``_drivers/cinder/store.py``,
``_drivers/http.py``, ``_drivers/vmware_datastore.py``. Glance 33.0.0's rule:
``glance/common/store_utils.py`` ``_get_store_id_from_uri``.

None of the prefixes ends at a delimiter that the rule checks: ``file:///images`` starts
``file:///images2/x``, ``cinder://ceph`` starts ``cinder://ceph2/...``, an s3 prefix ends
with the bucket name.
"""

from __future__ import annotations

import ipaddress
import posixpath
import urllib.parse
from collections.abc import Iterable

__all__ = [
    "cinder_prefix",
    "file_prefix",
    "first_match",
    "rbd_prefix",
    "s3_prefix",
    "s3_scheme",
    "swift_prefix",
    "vmware_prefix",
    "without_http_scheme",
]

#: glance_store's vSphere datastore path root (vmware_datastore.DS_URL_PREFIX).
DS_URL_PREFIX = "/folder"


def without_http_scheme(address: str) -> str:
    """``address`` without one leading ``http://`` or ``https://`` (case-sensitive, as
    glance_store strips them)."""
    for scheme in ("http://", "https://"):
        if address.startswith(scheme):
            return address[len(scheme) :]
    return address


def file_prefix(datadir: str) -> str:
    """``file://<datadir>``: the directory as written, with no closing ``/`` added."""
    return f"file://{datadir}"


def rbd_prefix(fsid: str, pool: str) -> str:
    """``rbd://<fsid>/<pool>/``, each quoted with no safe character; ``rbd://`` (every
    rbd URI) when the fsid or the pool is empty."""
    if fsid and pool:
        return f"rbd://{urllib.parse.quote(fsid, '')}/{urllib.parse.quote(pool, '')}/"
    return "rbd://"


def s3_scheme(host: str) -> str:
    """The scheme of the s3 driver's URIs and prefix: ``s3+https`` for an ``https://``
    host, else ``s3`` (an ``http://`` host too)."""
    return "s3+https" if host.startswith("https://") else "s3"


def s3_prefix(host: str, bucket: str) -> str:
    """``<scheme>://<host>/<bucket>``: no credentials, and nothing after the bucket."""
    return f"{s3_scheme(host)}://{without_http_scheme(host)}/{bucket}"


def swift_prefix(
    *,
    auth_address: str,
    container: str,
    user: str | None,
    key: str | None,
    reference: str | None,
) -> str:
    """A single-tenant swift backend's prefix.

    With account references configured (``reference`` given):
    ``swift+config://<default reference>/<container>/``. Without:
    ``swift+http(s)://[<user>:<key>@]<auth address>/<container>/``, the user and key
    quoted (``/`` kept) and left out when either is empty.
    """
    box = container.strip("/")
    if reference is not None:
        return f"swift+config://{reference}/{box}/"
    scheme = "swift+http" if auth_address.startswith("http://") else "swift+https"
    address = without_http_scheme(auth_address).strip("/")
    credentials = ""
    if user and key:
        credentials = f"{urllib.parse.quote(user)}:{urllib.parse.quote(key)}@"
    return f"{scheme}://{credentials}{address}/{box}/"


def cinder_prefix(name: str) -> str:
    """``cinder://<backend name>``: no ``/`` after the name."""
    return f"cinder://{name}"


def vmware_prefix(server_host: str, image_dir: str) -> str:
    """``vsphere://<host><os.path.join("/folder", image_dir)>``.

    The image directory is absolute by default (``/openstack_glance``), so the join drops
    ``/folder``, while the driver's URIs all start ``/folder/``: the default prefix
    matches none of them. An IPv6 host is bracketed.
    """
    path = posixpath.join(DS_URL_PREFIX, image_dir)
    host = f"[{server_host}]" if _is_ipv6(server_host) else server_host
    return f"vsphere://{host}{path}"


def _is_ipv6(host: str) -> bool:
    """oslo_utils.netutils.is_valid_ipv6: an IPv6 address, with a ``%zone`` of 1 to 15
    characters or none."""
    address, percent, zone = host.partition("%")
    if "%" in zone:  # netutils splits at the last '%': the address part then has one
        return False
    if percent and not 1 <= len(zone) <= 15:
        return False
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        return False
    return True


def first_match(uri: str, stores: Iterable[tuple[str, str | None]]) -> str | None:
    """The first store whose prefix starts ``uri``; ``stores`` are the (name, prefix)
    pairs registered for the URI's scheme, in registration order."""
    for name, prefix in stores:
        if prefix and uri.startswith(prefix):
            return name
    return None
