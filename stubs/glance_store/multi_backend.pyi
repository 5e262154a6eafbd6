from collections.abc import Mapping

from oslo_config.cfg import ConfigOpts

def register_store_opts(
    conf: ConfigOpts, reserved_stores: Mapping[str, str] | None = None
) -> None: ...
def create_multi_stores(
    conf: ConfigOpts = ..., reserved_stores: Mapping[str, str] | None = None
) -> int: ...
