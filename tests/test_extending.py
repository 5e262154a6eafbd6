"""docs/extending.md: the store class of one's own works as the page says."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from glance_locations import StoreLocation

DOC = Path(__file__).resolve().parents[1] / "docs" / "extending.md"


def load_example(tmp_path: Path) -> type[StoreLocation]:
    """Run the page's code as a module of its own (its asserts are checks); its class."""
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) == 1
    source = tmp_path / "extending_example.py"
    source.write_text(blocks[0], encoding="utf-8")
    spec = importlib.util.spec_from_file_location("extending_example", source)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # cattrs resolves the class's annotations through it
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    nfs = module.NfsStoreLocation
    assert isinstance(nfs, type)
    assert issubclass(nfs, StoreLocation)
    return nfs


def test_the_nfs_example_runs(tmp_path: Path) -> None:
    nfs = load_example(tmp_path)
    assert not getattr(nfs, "__abstractmethods__", None)  # every hook provided
