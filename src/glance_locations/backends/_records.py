"""What glance-api.conf says about each backend: one frozen record per driver type.

No record holds a secret option (an s3 secret key, a swift key, a vSphere password).
``url_prefix`` may hold swift credentials (glance_store puts the user and key into a swift
prefix when no swift references are configured): it is never part of a ``repr``.
"""

from __future__ import annotations

import attrs

__all__ = [
    "Backend",
    "CinderBackend",
    "FileBackend",
    "HttpBackend",
    "RbdBackend",
    "S3Backend",
    "SwiftBackend",
    "VMwareBackend",
]


@attrs.frozen(kw_only=True, slots=True)
class Backend:
    """A backend of ``enabled_backends`` (or one of Glance's reserved stores)."""

    name: str
    """The backend's name: its section, and what ``meta_data.store`` holds."""
    type: str
    """Its driver type as ``enabled_backends`` names it: ``rbd``, ``file``, ``swift``,
    ``s3``, ``cinder``, ``http`` or ``vmware``."""
    url_prefix: str | None = attrs.field(default=None, repr=False)
    """The prefix glance_store 5.7.0 computes when Glance starts, or ``None`` when it
    computes none (the backend then matches no URI in Glance's prefix rule). A swift
    prefix may hold the user and key: never shown in ``repr``."""
    disabled: str | None = None
    """Why glance_store would fail to configure this backend at start (so that it has no
    prefix), or ``None``. Glance starts anyway and logs a warning."""
    reserved: bool = False
    """One of Glance's reserved stores (``os_glance_staging_store``,
    ``os_glance_tasks_store``): in Glance's prefix rule, never a row's backend."""


@attrs.frozen(kw_only=True, slots=True)
class FileBackend(Backend):
    """A ``file`` backend: its data directories."""

    datadirs: tuple[str, ...] = ()
    """``filesystem_store_datadir``, or the paths of ``filesystem_store_datadirs``
    (highest priority first, file order within a priority), as written."""
    prefix_depends_on_free_space: bool = False
    """Several data directories share the highest priority: glance_store's prefix is the
    one with the most free space when Glance starts, which a configuration file cannot
    tell; ``url_prefix`` names the first of them (the one picked when they share a file
    system)."""


@attrs.frozen(kw_only=True, slots=True)
class RbdBackend(Backend):
    """An ``rbd`` backend: its Ceph cluster and pool."""

    pool: str = "images"
    """``rbd_store_pool``."""
    ceph_conf: str = ""
    """``rbd_store_ceph_conf`` as written (empty: librados' default search)."""
    fsid: str | None = None
    """The cluster fsid, or ``None`` when it is not known (never guessed)."""
    fsid_source: str | None = None
    """Where the fsid came from: ``"ceph_fsids"`` or the ceph.conf path read; or why it is
    not known."""


@attrs.frozen(kw_only=True, slots=True)
class SwiftBackend(Backend):
    """A ``swift`` backend: its account(s) and container."""

    container: str = "glance"
    """``swift_store_container``."""
    multiple_containers_seed: int = 0
    """``swift_store_multiple_containers_seed``: 0 for one container, N for containers
    named ``<container>_<first N characters of the image id>``."""
    multi_tenant: bool = False
    """``swift_store_multi_tenant``: containers in each tenant's own account."""
    config_file: str | None = None
    """``swift_store_config_file`` (the account references), or ``None``."""
    default_reference: str = "ref1"
    """``default_swift_reference``."""
    references: tuple[str, ...] = ()
    """The account references of ``config_file``."""
    auth_addresses: tuple[str, ...] = ()
    """Every auth address this backend knows (its references', or
    ``swift_store_auth_address``), without ``http(s)://`` and outer ``/``."""


@attrs.frozen(kw_only=True, slots=True)
class S3Backend(Backend):
    """An ``s3`` backend: its endpoint and bucket (never its keys)."""

    host: str = ""
    """``s3_store_host`` without ``http://`` or ``https://``."""
    bucket: str = ""
    """``s3_store_bucket``."""


@attrs.frozen(kw_only=True, slots=True)
class CinderBackend(Backend):
    """A ``cinder`` backend: its rows are ``cinder://<name>/<volume id>``."""


@attrs.frozen(kw_only=True, slots=True)
class HttpBackend(Backend):
    """An ``http`` backend (read-only: any http or https URI)."""


@attrs.frozen(kw_only=True, slots=True)
class VMwareBackend(Backend):
    """A ``vmware`` backend: its vCenter or ESXi host and datastores (never its password)."""

    server_host: str = ""
    """``vmware_server_host``."""
    datastores: tuple[tuple[str, str], ...] = ()
    """``vmware_datastores`` as ``(datacenter path, datastore name)`` pairs."""
    image_dir: str = "/openstack_glance"
    """``vmware_store_image_dir``."""
