"""glance_store's side of the comparison: its driver ``StoreLocation`` classes.

Importing this module imports glance_store and fails loudly when it is missing (install it
with ``nox -s conformance``). glance_store's cinder driver imports ``os_brick`` and
``cinderclient`` at module level (``_drivers/cinder/base.py``, ``common/cinder_utils.py``)
although ``StoreLocation`` uses neither: empty stand-in modules take their place when they
are not installed, so the harness needs neither package.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
import types
from collections.abc import Mapping

from tests.conformance.model import Accepted, Outcome, Rejected
from tests.conformance.stores import StoreSpec

#: Modules the cinder driver imports but ``StoreLocation`` never uses, by package.
_STAND_INS = {
    "os_brick": ("os_brick.initiator", "os_brick.initiator.connector"),
    "cinderclient": (
        "cinderclient.apiclient",
        "cinderclient.apiclient.exceptions",
        "cinderclient.exceptions",
    ),
}


def _install_stand_ins() -> None:
    for package, submodules in _STAND_INS.items():
        if importlib.util.find_spec(package) is not None:
            continue  # the real package is installed: let the driver use it
        for name in (package, *submodules):
            module = types.ModuleType(name, "stand-in: glance_store's StoreLocation never uses it")
            sys.modules[name] = module
            parent, _, child = name.rpartition(".")
            if parent:
                setattr(sys.modules[parent], child, module)


_install_stand_ins()
# glance_store logs every URI it refuses (validate_schemas warns); tens of thousands here.
logging.getLogger("glance_store").setLevel(logging.CRITICAL)

# The imports must follow the stand-ins.
from glance_store._drivers import filesystem, http, rbd, s3, vmware_datastore  # noqa: E402
from glance_store._drivers.cinder import store as cinder  # noqa: E402
from glance_store._drivers.swift import store as swift  # noqa: E402
from glance_store.location import StoreLocation  # noqa: E402
from oslo_config import cfg  # noqa: E402

from tests.conformance.stores import SWIFT_CONFIG  # noqa: E402

#: glance_store's location class per store name.
CLASSES: dict[str, type[StoreLocation]] = {
    "file": filesystem.StoreLocation,
    "http": http.StoreLocation,
    "rbd": rbd.StoreLocation,
    "cinder": cinder.StoreLocation,
    "swift": swift.StoreLocation,
    "s3": s3.StoreLocation,
    "vsphere": vmware_datastore.StoreLocation,
}


def _conf() -> cfg.ConfigOpts:
    """The configuration glance_store reads: only swift+config does, through
    ``[glance_store] swift_store_config_file`` (the file our side reads too)."""
    conf = cfg.ConfigOpts()
    conf.register_opt(cfg.StrOpt("swift_store_config_file"), group="glance_store")
    conf(args=[], default_config_files=[], default_config_dirs=[])
    conf.set_override("swift_store_config_file", str(SWIFT_CONFIG), group="glance_store")
    return conf


CONF = _conf()


def parse(spec: StoreSpec, uri: str) -> Outcome:
    """Parse ``uri`` the way glance_store does; any exception becomes :class:`Rejected`.

    The fields are read before ``get_uri()``, which rewrites a swift+config location's
    scheme. A crash in ``get_uri()`` after a successful ``parse_uri()`` is a rejection too,
    with ``"(get_uri) "`` before the exception name.
    """
    loc = CLASSES[spec.name]({}, CONF)
    try:
        loc.parse_uri(uri)
    except Exception as exc:  # glance_store raises many types: all are data
        return Rejected(type(exc).__name__, str(exc))
    return _outcome(spec, loc)


def parse_specs(spec: StoreSpec, specs: Mapping[str, object]) -> Outcome:
    """Build glance_store's location from a store_specs dict (its constructor calls
    ``process_specs()``, on a copy: the rbd driver rewrites the dict), as :func:`parse`."""
    try:
        loc = CLASSES[spec.name](dict(specs), CONF)
    except Exception as exc:  # glance_store raises many types: all are data
        return Rejected(type(exc).__name__, str(exc))
    return _outcome(spec, loc)


def _outcome(spec: StoreSpec, loc: StoreLocation) -> Outcome:
    fields = {ours: getattr(loc, theirs, None) for ours, theirs in spec.compared_fields.items()}
    try:
        rendered = loc.get_uri()
    except Exception as exc:  # likewise
        return Rejected(f"(get_uri) {type(exc).__name__}", str(exc))
    return Accepted(fields, rendered)
