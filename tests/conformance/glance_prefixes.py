"""Print the stores glance_store 5.7.0 registers for a glance-api.conf, with their prefixes.

Run as ``python -m tests.conformance.glance_prefixes GLANCE_API_CONF`` in a fresh
interpreter (glance_store registers options on oslo.config's global ``CONF``, as
glance-api does): it does what glance-api does at start (``glance/common/wsgi_app.py``):
``register_store_opts`` and ``create_multi_stores`` with Glance's reserved stores, then
prints ``location.SCHEME_TO_CLS_BACKEND_MAP`` as JSON: per scheme, ``[store, url_prefix]``
pairs in registration order.

Two services are stood in for, since none is reachable here: librados (a cluster that
answers ``get_fsid()`` with the ``[global] fsid`` of the ceph.conf it is given, as a
cluster deployed with that file does) and vCenter (a session that connects nowhere; every
configured datastore exists). Everything else, prefixes included, is glance_store's code.
"""

from __future__ import annotations

import configparser
import importlib.util
import json
import logging
import sys
import types
import warnings


class _RadosError(Exception):
    pass


class _Cluster:
    """librados' ``Rados``: connects nowhere, knows its fsid from its ceph.conf."""

    def __init__(self, conffile: str, rados_id: str | None) -> None:
        del rados_id
        self.conffile = conffile or "/etc/ceph/ceph.conf"

    def conf_set(self, key: str, value: str) -> None:
        del key, value

    def connect(self) -> None:
        pass

    def shutdown(self) -> None:
        pass

    def get_fsid(self) -> str:
        parser = configparser.ConfigParser(inline_comment_prefixes=("#", ";"))
        parser.read(self.conffile)
        return parser["global"]["fsid"]


class _Session:
    """oslo.vmware's ``VMwareAPISession``: connects nowhere."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        del args, kwargs


def _setup(conf: object) -> None:
    """os_brick.setup: nothing to set up for a driver that attaches no volume."""
    del conf


def _stand_ins() -> None:
    if importlib.util.find_spec("os_brick") is None:
        # The cinder driver imports os_brick at module level (_drivers/cinder/base.py);
        # its prefix (set in Store.__init__) needs none of it.
        brick = types.ModuleType("os_brick", "stand-in: no volume is attached here")
        brick.setup = _setup  # type: ignore[attr-defined]
        initiator = types.ModuleType("os_brick.initiator")
        connector = types.ModuleType("os_brick.initiator.connector")
        initiator.connector = connector  # type: ignore[attr-defined]
        brick.initiator = initiator  # type: ignore[attr-defined]
        sys.modules.update(
            {"os_brick": brick, "os_brick.initiator": initiator, connector.__name__: connector}
        )
    rados = types.ModuleType("rados", "stand-in for librados' Python binding")
    rados.Rados = _Cluster  # type: ignore[attr-defined]
    rados.Error = _RadosError  # type: ignore[attr-defined]
    rados.ObjectNotFound = _RadosError  # type: ignore[attr-defined]
    sys.modules["rados"] = rados
    sys.modules["rbd"] = types.ModuleType("rbd", "stand-in for librbd's Python binding")


def main(path: str) -> None:
    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    _stand_ins()
    from glance_store import location, multi_backend  # noqa: PLC0415 (after the stand-ins)
    from glance_store._drivers import vmware_datastore  # noqa: PLC0415
    from oslo_config import cfg  # noqa: PLC0415

    vmware_datastore.api = types.SimpleNamespace(VMwareAPISession=_Session)
    # Every configured datastore exists (the lookup asks vCenter).
    vmware_datastore.Store._get_datastore = lambda self, dc, name: object()  # type: ignore[attr-defined]

    conf = cfg.CONF
    # Glance's option (glance/common/config.py), registered by Glance, not glance_store.
    conf.register_opt(cfg.DictOpt("enabled_backends"))
    conf(args=[], default_config_files=[path], default_config_dirs=[])
    reserved = {"os_glance_staging_store": "file", "os_glance_tasks_store": "file"}
    multi_backend.register_store_opts(conf, reserved_stores=reserved)
    multi_backend.create_multi_stores(conf, reserved_stores=reserved)
    table = {
        scheme: [[name, info["store"].url_prefix] for name, info in stores.items()]
        for scheme, stores in location.SCHEME_TO_CLS_BACKEND_MAP.items()
    }
    json.dump(table, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
