from collections.abc import Sequence

class Opt:
    name: str

class StrOpt(Opt):
    def __init__(self, name: str) -> None: ...

class ConfigOpts:
    def __init__(self) -> None: ...
    def __call__(
        self,
        args: Sequence[str] | None = None,
        *,
        default_config_files: Sequence[str] | None = None,
        default_config_dirs: Sequence[str] | None = None,
    ) -> None: ...
    def register_opt(self, opt: Opt, group: str | None = None) -> bool: ...
    def set_override(self, name: str, override: object, group: str | None = None) -> None: ...

class DictOpt(Opt):
    def __init__(self, name: str) -> None: ...

CONF: ConfigOpts
