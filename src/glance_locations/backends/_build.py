"""Each backend's record, from its options, as glance_store 5.7.0 configures the driver.

A problem that stops glance-api from starting (a value oslo.config refuses, an option the
driver reads before it can fail softly, a file that cannot be read) raises
``OptionProblem``. A problem that glance_store only logs (its ``configure_add`` raising
``BadStoreConfiguration``, caught by ``Store.configure``: the backend stays registered,
without a prefix) is kept in the record's ``disabled``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Mapping
from typing import NamedTuple, TypeVar

import attrs

from glance_locations.backends import _ceph, _prefix
from glance_locations.backends._ini import IniFile, shown
from glance_locations.backends._options import OptionProblem, Options
from glance_locations.backends._records import (
    Backend,
    CinderBackend,
    FileBackend,
    HttpBackend,
    RbdBackend,
    S3Backend,
    SwiftBackend,
    VMwareBackend,
)
from glance_locations.config import StoreConfig
from glance_locations.exceptions import BadStoreConfiguration

__all__ = ["BUILDERS", "build", "check_fsid", "file_backend"]

_B = TypeVar("_B", bound=Backend)


def file_backend(options: Options, *, reserved: bool = False) -> FileBackend:
    """``_drivers/filesystem.py`` ``configure_add`` and ``_set_url_prefix``."""
    name = options.section
    fdir = options.text("filesystem_store_datadir", "/var/lib/glance/images")
    fdirs = options.multi("filesystem_store_datadirs")

    def disabled(why: str) -> FileBackend:
        return FileBackend(name=name, type="file", disabled=why, reserved=reserved)

    if not fdir and not fdirs:
        return disabled("neither filesystem_store_datadir nor filesystem_store_datadirs is set")
    if fdir and fdirs:
        return disabled(
            "filesystem_store_datadirs is set while filesystem_store_datadir is not empty"
            " (its default counts: write 'filesystem_store_datadir =' to use datadirs)"
        )
    if fdir:
        return FileBackend(
            name=name,
            type="file",
            url_prefix=_prefix.file_prefix(fdir),
            datadirs=(fdir,),
            reserved=reserved,
        )
    by_priority: dict[int, list[str]] = {}
    seen: set[str] = set()
    for entry in fdirs:
        path, _, priority = (part.strip() for part in entry.rpartition(":"))
        if not _:  # no ':': the whole entry is the path
            path, priority = priority, ""
        try:
            rank = int(priority) if priority else 0
        except ValueError:
            return disabled("a filesystem_store_datadirs priority is not an integer")
        if not path:
            return disabled("a filesystem_store_datadirs entry has an empty path")
        if path in seen:
            return disabled("filesystem_store_datadirs names a directory twice")
        seen.add(path)
        by_priority.setdefault(rank, []).append(path)
    ordered = [path for rank in sorted(by_priority, reverse=True) for path in by_priority[rank]]
    top = by_priority[max(by_priority)]
    return FileBackend(
        name=name,
        type="file",
        url_prefix=_prefix.file_prefix(top[0]),
        datadirs=tuple(ordered),
        prefix_depends_on_free_space=len(top) > 1,
        reserved=reserved,
    )


def _rbd(options: Options, ceph_fsids: Mapping[str, str]) -> RbdBackend:
    """``_drivers/rbd.py`` ``configure_add`` and ``_set_url_prefix``."""
    name = options.section
    pool = options.text("rbd_store_pool", "images") or ""
    conf = options.text("rbd_store_ceph_conf", "") or ""
    fsid: str | None
    if name in ceph_fsids:
        fsid, source = ceph_fsids[name], "ceph_fsids"
    else:
        path = _ceph.ceph_conf_path(conf, base=os.path.dirname(options.ini.path))
        try:
            fsid, source = _ceph.fsid_of(path)
        except OSError as exc:
            if conf:
                raise OptionProblem(
                    f"{options.ini.where(name, 'rbd_store_ceph_conf')}: cannot read"
                    f" {shown(path)}: {exc.strerror}"
                ) from None
            fsid, source = None, f"{shown(path)} cannot be read ({exc.strerror})"
        except ValueError as exc:
            raise OptionProblem(
                f"{options.ini.where(name, 'rbd_store_ceph_conf')}: {exc}"
            ) from None
    return RbdBackend(
        name=name,
        type="rbd",
        url_prefix=None if fsid is None else _prefix.rbd_prefix(fsid, pool),
        pool=pool,
        ceph_conf=conf,
        fsid=fsid,
        fsid_source=source,
    )


def _swift(options: Options) -> SwiftBackend:
    """``_drivers/swift/store.py`` (``Store``, ``SingleTenantStore.configure_add``,
    ``_set_url_prefix``) and ``_drivers/swift/utils.py`` (``SwiftParams``)."""
    name = options.section
    container = options.text("swift_store_container", "glance") or ""
    seed = options.integer("swift_store_multiple_containers_seed", 0, low=0, high=32)
    # Store() and SwiftParams read these two from conf.<backend> itself: the backend's own
    # section or the option's default, never [backend_defaults].
    multi_tenant = options.boolean("swift_store_multi_tenant", False, shared=False)
    config_file = options.text("swift_store_config_file", None, shared=False)
    default_ref = options.text("default_swift_reference", "ref1") or ""
    record = SwiftBackend(
        name=name,
        type="swift",
        container=container,
        multiple_containers_seed=seed,
        multi_tenant=multi_tenant,
        config_file=config_file,
        default_reference=default_ref,
    )
    if multi_tenant:
        if config_file is not None:
            raise OptionProblem(
                f"{options.ini.where(name, 'swift_store_config_file')}: set together with"
                " swift_store_multi_tenant (glance_store refuses to start)"
            )
        # The prefix is the tenant's storage URL, set while serving a request.
        return record
    user, key, auth, app, names, addresses = _swift_account(options, config_file, default_ref)
    record = attrs.evolve(record, references=names, auth_addresses=addresses)
    if not auth:
        return _disabled(
            record, f"no auth address for the default swift reference {shown(default_ref)}"
        )
    if not ((user and key) or all(app)):
        return _disabled(
            record, "the default swift reference has no user and key, nor application credentials"
        )
    prefix = _prefix.swift_prefix(
        auth_address=auth,
        container=container,
        user=user,
        key=key,
        # _set_url_prefix reads the option from the backend's own group, whose default
        # BackendGroupConfiguration set to None: unset there, the prefix says 'None'.
        reference=(
            str(options.text("default_swift_reference", None, shared=False))
            if config_file is not None
            else None
        ),
    )
    return _with_prefix(record, prefix)


class _Account(NamedTuple):
    user: str | None
    key: str | None
    auth: str | None
    app: tuple[str | None, str | None]
    names: tuple[str, ...]
    addresses: tuple[str, ...]


def _swift_account(options: Options, config_file: str | None, default_ref: str) -> _Account:
    """The default reference's user, key, auth address and application credentials, the
    reference names and every auth address (``SwiftParams``: the references of
    ``swift_store_config_file``, else one formed from the ``swift_store_*`` options)."""
    if config_file is not None:
        config = _swift_references(options, config_file)
        references = config.swift_references
        ref = references.get(default_ref)
        addresses = tuple(
            _prefix.without_http_scheme(r.auth_address).strip("/") for r in references.values()
        )
        if ref is None:
            return _Account(None, None, None, (None, None), tuple(references), addresses)
        app = (ref.application_credential_id, ref.application_credential_secret)
        return _Account(ref.user, ref.key, ref.auth_address, app, tuple(references), addresses)
    user = options.text("swift_store_user", None)
    key = options.text("swift_store_key", None)
    auth = options.text("swift_store_auth_address", None)
    app = (
        options.text("swift_store_application_credential_id", None),
        options.text("swift_store_application_credential_secret", None),
    )
    if not (auth and (all(app) or (user and key))):
        return _Account(user, key, None, app, (), ())  # SwiftParams forms no reference
    return _Account(user, key, auth, app, (), (_prefix.without_http_scheme(auth).strip("/"),))


def _swift_references(options: Options, config_file: str) -> StoreConfig:
    path = config_file
    if not os.path.isabs(path):
        path = os.path.join(os.path.dirname(options.ini.path), path)
    try:
        return StoreConfig.from_swift_config(path)
    except BadStoreConfiguration as exc:
        message = exc.message
    raise OptionProblem(
        f"{options.ini.where(options.section, 'swift_store_config_file')}: {message}"
    )


def _s3(options: Options) -> S3Backend:
    """``_drivers/s3.py`` ``configure_add`` and ``_set_url_prefix``."""
    name = options.section
    host = options.text("s3_store_host", None) or ""
    bucket = options.text("s3_store_bucket", None) or ""
    chunk = options.integer("s3_store_large_object_chunk_size", 10, low=-(2**63))
    pools = options.integer("s3_store_thread_pools", 10, low=-(2**63))
    record = S3Backend(name=name, type="s3", host=_prefix.without_http_scheme(host), bucket=bucket)
    for option in (
        "s3_store_host",
        "s3_store_access_key",
        "s3_store_secret_key",
        "s3_store_bucket",
    ):
        if not options.text(option, None):
            return _disabled(record, f"{option} is missing or empty")
    if chunk < 5:
        return _disabled(record, "s3_store_large_object_chunk_size is below 5 (MB)")
    if pools <= 0:
        return _disabled(record, "s3_store_thread_pools is not positive")
    return _with_prefix(record, _prefix.s3_prefix(host, bucket))


def _vmware(options: Options) -> VMwareBackend:
    """``_drivers/vmware_datastore.py`` ``configure``, ``configure_add``,
    ``_set_url_prefix``: without a host, user or password glance-api does not start."""
    name = options.section
    options.integer("vmware_api_retry_count", 10, low=1)
    options.integer("vmware_task_poll_interval", 5, low=1)
    host = options.required("vmware_server_host")
    options.required("vmware_server_username")
    options.required("vmware_server_password")
    image_dir = options.text("vmware_store_image_dir", "/openstack_glance") or ""
    record = VMwareBackend(name=name, type="vmware", server_host=host, image_dir=image_dir)
    entries = options.multi("vmware_datastores")
    if not entries:
        return _disabled(record, "vmware_datastores is not set")
    stores: list[tuple[str, str]] = []
    for entry in entries:
        parts = [part.strip() for part in entry.rsplit(":", 2)]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            return _disabled(
                record, "a vmware_datastores entry is not datacenter:datastore[:weight]"
            )
        if len(parts) == 3 and parts[2] and not _is_int(parts[2]):
            return _disabled(record, "a vmware_datastores weight is not an integer")
        stores.append((parts[0], parts[1]))
    record = attrs.evolve(record, datastores=tuple(stores))
    return _with_prefix(record, _prefix.vmware_prefix(host, image_dir))


def _is_int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def _with_prefix(record: _B, prefix: str) -> _B:
    return attrs.evolve(record, url_prefix=prefix)


def _disabled(record: _B, why: str) -> _B:
    return attrs.evolve(record, disabled=why)


def _cinder(options: Options) -> CinderBackend:
    """``_drivers/cinder/store.py`` ``_set_url_prefix`` (in ``__init__``: always set)."""
    return CinderBackend(
        name=options.section, type="cinder", url_prefix=_prefix.cinder_prefix(options.section)
    )


def _http(options: Options) -> HttpBackend:
    """``_drivers/http.py`` ``_set_url_prefix``: ``http``, for http and https URIs."""
    return HttpBackend(name=options.section, type="http", url_prefix="http")


BUILDERS: Mapping[str, Callable[[Options, Mapping[str, str]], Backend]] = {
    "file": lambda options, _: file_backend(options),
    "rbd": _rbd,
    "swift": lambda options, _: _swift(options),
    "s3": lambda options, _: _s3(options),
    "cinder": lambda options, _: _cinder(options),
    "http": lambda options, _: _http(options),
    "vmware": lambda options, _: _vmware(options),
}


def build(ini: IniFile, name: str, kind: str, ceph_fsids: Mapping[str, str]) -> Backend:
    """The record of backend ``name`` of type ``kind``."""
    return BUILDERS[kind](Options(ini, name), ceph_fsids)


def check_fsid(name: str, fsid: object) -> str:
    """A ``ceph_fsids`` value: a UUID, lower-cased (as librados prints it)."""
    if not isinstance(fsid, str):
        raise TypeError(f"ceph_fsids[{name!r}] must be a str, not {type(fsid).__name__}")
    try:
        uuid.UUID(fsid)
    except ValueError:
        raise OptionProblem(f"ceph_fsids[{shown(name)}] is not a UUID") from None
    return fsid.lower()
