"""docs/security.md's oslo.log setup of ``RedactingFilter`` runs, in Glance's environment.

oslo.log is Glance's, not ours: the page's block runs in ``GLANCE_PYTHON`` (the venv of
glance==33.0.0 that ``nox -s conformance`` makes; see test_entries_differential.py) with
our source on its path (``glance_locations.log`` needs nothing but the standard library).
Its asserts are the checks: no secret in the log file, the masked forms there, with the
default ``ContextFormatter`` and with ``use_json`` (``JSONFormatter``).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conformance.test_entries_differential import GLANCE_PYTHON

ROOT = Path(__file__).resolve().parents[2]
SETUP = 'CONF(["--log-file", str(log_file)], project="glance")\n'


def _oslo_block() -> str:
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    section = text.split("## Logging: `RedactingFilter`", 1)[1].split("\n## ", 1)[0]
    blocks: list[str] = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 2
    assert "oslo_log" in blocks[1]
    assert SETUP in blocks[1]
    return blocks[1]


@pytest.mark.parametrize("use_json", [False, True], ids=["context-formatter", "json-formatter"])
def test_the_oslo_log_setup_of_the_security_page_masks(use_json: bool) -> None:
    code = _oslo_block()
    if use_json:
        code = code.replace(SETUP, SETUP + 'CONF.set_override("use_json", True)\n')
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(  # noqa: S603 (Glance's interpreter, our page's code)
        [GLANCE_PYTHON, "-c", code], capture_output=True, text=True, check=False, env=env
    )
    assert done.returncode == 0, done.stderr[-3000:]
