"""``BackendMap``: Glance's backends, read from glance-api.conf."""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from glance_locations.backends import _assign, _build
from glance_locations.backends._ini import IniFile, read_ini, shown
from glance_locations.backends._options import OptionProblem, Options
from glance_locations.backends._prefix import first_match
from glance_locations.backends._records import Backend, RbdBackend
from glance_locations.base import StoreLocation
from glance_locations.exceptions import BadStoreConfiguration

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["RESERVED_STORES", "SCHEMES", "BackendMap"]

#: The schemes each driver type registers (each driver's ``get_schemes``), in order.
SCHEMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "file": ("file", "filesystem"),
        "http": ("http", "https"),
        "rbd": ("rbd",),
        "cinder": ("cinder",),
        "s3": ("s3", "s3+http", "s3+https"),
        "swift": ("swift+https", "swift", "swift+http", "swift+config"),
        "vmware": ("vsphere",),
    }
)

#: Glance's reserved file stores, registered after the enabled backends
#: (glance/common/wsgi_app.py ``RESERVED_STORES``).
RESERVED_STORES = ("os_glance_staging_store", "os_glance_tasks_store")


def _freeze(backends: Mapping[str, Backend]) -> Mapping[str, Backend]:
    return MappingProxyType(dict(backends))


@attrs.frozen(kw_only=True, slots=True)
class BackendMap:
    """The backends of a multi-store Glance: what each holds, and its prefix."""

    backends: Mapping[str, Backend] = attrs.field(converter=_freeze, hash=False)
    """Every enabled backend by name, in ``enabled_backends`` order."""
    reserved: tuple[Backend, ...] = ()
    """Glance's reserved stores (file stores for staging and tasks), in registration
    order: they take part in Glance's prefix rule after the enabled backends."""
    default_backend: str
    """``[glance_store] default_backend``."""

    @classmethod
    def from_glance_config(
        cls, path: str | os.PathLike[str], *, ceph_fsids: Mapping[str, str] = {}
    ) -> Self:
        """Read glance-api.conf (as oslo.config reads it) and the files it names.

        ``ceph_fsids`` gives an rbd backend's cluster fsid by backend name; otherwise it
        is the ``[global] fsid`` of the file ``rbd_store_ceph_conf`` names
        (``/etc/ceph/ceph.conf`` when that is empty). A backend whose fsid is not known
        has ``fsid=None`` and no prefix (see :attr:`unknown_fsids`).

        :raises BadStoreConfiguration: a file is missing, unreadable or malformed, or an
            option is missing or wrong (the message names the file, section and option,
            never a value; no exception is chained to it).
        :raises TypeError: ``ceph_fsids`` is not a mapping of str to str.
        """
        if not isinstance(ceph_fsids, Mapping):
            raise TypeError(f"ceph_fsids must be a mapping, not {type(ceph_fsids).__name__}")
        built = _read(path, ceph_fsids)
        if isinstance(built, str):
            raise BadStoreConfiguration(built)
        backends, reserved, default = built
        return cls(backends=backends, reserved=reserved, default_backend=default)

    def __reduce__(
        self,
    ) -> tuple[
        Callable[[dict[str, Backend], tuple[Backend, ...], str], BackendMap],
        tuple[dict[str, Backend], tuple[Backend, ...], str],
    ]:
        """Pickled as the constructor's arguments (``db audit --jobs`` hands the map to
        its workers): the read-only mapping is made again when it is restored."""
        return _restored, (dict(self.backends), self.reserved, self.default_backend)

    @property
    def unknown_fsids(self) -> tuple[str, ...]:
        """The rbd backends whose cluster fsid is not known (and why is in each
        :attr:`RbdBackend.fsid_source`)."""
        return tuple(
            b.name for b in self.backends.values() if isinstance(b, RbdBackend) and b.fsid is None
        )

    def assign(self, location: StoreLocation) -> _assign.Assignment:
        """The backend that holds ``location``, from its structure (see docs/backends.md)."""
        if not isinstance(location, StoreLocation):
            raise TypeError(f"expected a StoreLocation, not {type(location).__name__}")
        return _assign.assign(location, tuple(self.backends.values()))

    def glance_prefix_match(self, uri: str) -> str | None:
        """The backend Glance 33 would record for ``uri`` when it fills ``meta_data.store``.

        Glance (``glance/common/store_utils.py`` ``_get_store_id_from_uri``) takes the
        URI's scheme as ``urllib.parse.urlparse`` reads it, and the first store registered
        for that scheme whose prefix starts the URI: the enabled backends in order, then
        the reserved stores (named here too). ``None`` when none does, and when
        ``urlparse`` refuses the URI (Glance then fails on it). An rbd backend whose fsid
        is not known matches nothing.
        """
        if not isinstance(uri, str):
            raise TypeError(f"uri must be a str, not {type(uri).__name__}")
        try:
            scheme = urllib.parse.urlparse(uri).scheme
        except ValueError:
            return None
        stores = [
            (backend.name, backend.url_prefix)
            for backend in (*self.backends.values(), *self.reserved)
            if scheme in SCHEMES[backend.type]
        ]
        return first_match(uri, stores)


def _read(
    path: str | os.PathLike[str], ceph_fsids: Mapping[str, str]
) -> tuple[dict[str, Backend], tuple[Backend, ...], str] | str:
    """The backends, reserved stores and default backend; or what is wrong."""
    ini = read_ini(path, what="glance-api.conf")
    if isinstance(ini, str):
        return ini
    try:
        enabled = _enabled(ini)
        fsids = {name: _build.check_fsid(name, fsid) for name, fsid in ceph_fsids.items()}
        for name in fsids:
            if enabled.get(name) != "rbd":
                where = ini.where("DEFAULT", "enabled_backends")
                return f"ceph_fsids names {shown(name)}, which is no rbd backend of {where}"
        backends = {name: _build.build(ini, name, kind, fsids) for name, kind in enabled.items()}
        reserved = tuple(
            _build.file_backend(Options(ini, name), reserved=True) for name in RESERVED_STORES
        )
        default = Options(ini, "glance_store").text("default_backend", None)
    except OptionProblem as problem:
        return problem.message
    if not default:
        return f"{ini.where('glance_store', 'default_backend')}: missing or empty"
    if default not in backends:
        return f"{ini.where('glance_store', 'default_backend')}: names no enabled backend"
    return backends, reserved, default


def _enabled(ini: IniFile) -> dict[str, str]:
    """``[DEFAULT] enabled_backends``: ``NAME:TYPE`` pairs (oslo.config's DictOpt)."""
    where = ini.where("DEFAULT", "enabled_backends")
    values = ini.values("DEFAULT", "enabled_backends")
    text = values[-1].strip() if values else ""
    if not text:
        raise OptionProblem(f"{where}: missing or empty (Glance is not multi-store)")
    enabled: dict[str, str] = {}
    for pair in text.split(","):
        name, colon, kind = (part.strip() for part in pair.partition(":"))
        if not colon:
            raise OptionProblem(f"{where}: not NAME:TYPE pairs separated by ','")
        if name in enabled:
            raise OptionProblem(f"{where}: names backend {shown(name)} twice")
        if kind not in SCHEMES:
            raise OptionProblem(
                f"{where}: backend {shown(name)} has type {shown(kind)}, not one of"
                f" {', '.join(SCHEMES)}"
            )
        if name.startswith("os_glance_"):
            raise OptionProblem(f"{where}: the 'os_glance_' prefix is reserved to Glance")
        if not name:
            raise OptionProblem(f"{where}: a backend name is empty")
        enabled[name] = kind
    return enabled


def _restored(
    backends: dict[str, Backend], reserved: tuple[Backend, ...], default_backend: str
) -> BackendMap:
    return BackendMap(backends=backends, reserved=reserved, default_backend=default_backend)
