from typing import TypedDict

from oslo_config.cfg import ConfigOpts

class StoreLocation:
    conf: ConfigOpts
    specs: dict[str, object]
    backend_group: str | None
    def __init__(
        self, store_specs: dict[str, object], conf: ConfigOpts, backend_group: str | None = None
    ) -> None: ...
    def process_specs(self) -> None: ...
    def get_uri(self) -> str: ...
    def parse_uri(self, uri: str) -> None: ...

class _Store:
    url_prefix: str | None

class _SchemeInfo(TypedDict):
    store: _Store
    location_class: type[StoreLocation]
    store_entry: str

SCHEME_TO_CLS_BACKEND_MAP: dict[str, dict[str, _SchemeInfo]]
