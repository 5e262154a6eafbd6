"""mypy and pyright, strict, over user-side code: what must check does, what must fail fails.

Run by ``nox -s typecheck`` (``pytest tests/typing``: the folder is not collected by plain
runs, as the checkers are the typecheck group's, not the test group's). Each checker runs
from this interpreter's environment.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PASSING = ("user_locations.py", "user_rewrite_db.py", "user_entries_logging.py")
FAILING = HERE / "fails" / "abstract.py"

#: A tag of ``# error: <tag>`` in the failing file: (mypy error code, pyright rule).
CODES = {
    "abstract": ("abstract", "reportAbstractUsage"),
    "entry": ("typeddict-item", "reportAssignmentType"),
    "never": ("arg-type", "reportArgumentType"),
    "variance": ("assignment", "reportAssignmentType"),
}


def _expected() -> dict[int, tuple[str, list[str]]]:
    """Line number -> (tag, words its message must hold), from the failing file."""
    expected: dict[int, tuple[str, list[str]]] = {}
    lines = FAILING.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        found = re.search(r"# error: (\w+)((?: \w+)*)$", line)
        if found:
            expected[number] = (found[1], found[2].split())
    return expected


def _pyright() -> str:
    """The pyright of this environment (never one found elsewhere on PATH)."""
    found = shutil.which("pyright", path=str(Path(sys.executable).parent))
    assert found is not None, "pyright is not installed next to this python"
    return found


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    # MYPYPATH: a development checkout (PYTHONPATH=src) resolves glance_locations from src.
    env = {**os.environ, "MYPYPATH": str(ROOT / "src")}
    return subprocess.run(  # noqa: S603 (our own checkers on our own files)
        command, cwd=ROOT, capture_output=True, text=True, check=False, env=env
    )


def test_expected_errors_are_listed() -> None:
    """The failing file's tags are the ones this test knows (a typo would test nothing)."""
    tags = [tag for tag, _ in _expected().values()]
    assert sorted(tags) == ["abstract", "abstract", "abstract", "entry", "never", "variance"]


def test_mypy(tmp_path: Path) -> None:
    """mypy --strict (mypy.ini): the user files check clean, the failing one fails as
    expected, and nowhere else."""
    result = _run(
        sys.executable,
        "-m",
        "mypy",
        "--config-file",
        str(ROOT / "mypy.ini"),
        "--cache-dir",
        str(tmp_path / "mypy-cache"),
        "--show-error-codes",
        "--no-error-summary",
        "--hide-error-context",
        *(str(HERE / name) for name in PASSING),
        str(FAILING),
    )
    errors: dict[int, tuple[str, str]] = {}
    for line in result.stdout.splitlines():
        found = re.fullmatch(r"(.+?):(\d+): error: (.*)  \[([\w-]+)\]", line)
        assert found, f"an unexpected mypy line: {line}\n{result.stderr}"
        assert Path(found[1]).resolve() == FAILING, f"a user file fails to check: {line}"
        errors[int(found[2])] = (found[4], found[3])
    assert result.returncode == 1, result.stdout + result.stderr
    expected = _expected()
    assert sorted(errors) == sorted(expected), result.stdout
    for number, (tag, words) in expected.items():
        code, message = errors[number]
        assert code == CODES[tag][0], f"line {number}: {message}"
        for word in words:
            assert word in message, f"line {number}: {message}"


def _pyright_diagnostics(*arguments: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """pyright's JSON report (its documented ``--outputjson`` shape: JSON values)."""
    # --pythonpath: the packages of this environment, whatever python is first on PATH.
    result = _run(_pyright(), "--pythonpath", sys.executable, "--outputjson", *arguments)
    report = json.loads(result.stdout)
    return report["summary"], report["generalDiagnostics"]


def test_pyright_passing_files() -> None:
    """pyright strict (pyproject.toml) finds nothing in the user files."""
    summary, diagnostics = _pyright_diagnostics(*(str(HERE / name) for name in PASSING))
    assert diagnostics == []
    assert summary["filesAnalyzed"] == len(PASSING)
    assert summary["errorCount"] == 0


def test_pyright_failing_file() -> None:
    """pyright strict (the same settings, fails/pyrightconfig.json) reports each error."""
    summary, diagnostics = _pyright_diagnostics("--project", str(FAILING.parent))
    assert summary["filesAnalyzed"] == 1
    errors: dict[int, tuple[str, str]] = {}
    for diagnostic in diagnostics:
        assert diagnostic["severity"] == "error", diagnostic
        line = int(diagnostic["range"]["start"]["line"]) + 1
        errors[line] = (str(diagnostic.get("rule")), str(diagnostic["message"]))
    expected = _expected()
    assert sorted(errors) == sorted(expected), diagnostics
    for number, (tag, words) in expected.items():
        rule, message = errors[number]
        assert rule == CODES[tag][1], f"line {number}: {message}"
        for word in words:
            assert word in message, f"line {number}: {message}"


@pytest.mark.parametrize("module", ["user_locations", "user_rewrite_db", "user_entries_logging"])
def test_user_code_runs(module: str) -> None:
    """What the user files assert about values holds at run time too (each ``check_*``)."""
    loaded = importlib.import_module(f"tests.typing.{module.removesuffix('.py')}")
    checks = [name for name in dir(loaded) if name.startswith("check_")]
    assert checks
    for name in checks:
        getattr(loaded, name)()
