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
FAILING = tuple(sorted((HERE / "fails").glob("*.py")))

#: A tag of ``# error: <tag>`` in the failing file: (mypy error code, pyright rule).
CODES = {
    "abstract": ("abstract", "reportAbstractUsage"),
    "entry": ("typeddict-item", "reportAssignmentType"),
    "never": ("arg-type", "reportArgumentType"),
    "returned": ("return-value", "reportReturnType"),
    "notrule": ("list-item", "reportArgumentType"),
    "variance": ("assignment", "reportAssignmentType"),
}


def _expected() -> dict[tuple[str, int], tuple[str, list[str]]]:
    """(file name, line number) -> (tag, words its message must hold), from the failing
    files."""
    expected: dict[tuple[str, int], tuple[str, list[str]]] = {}
    for path in FAILING:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            found = re.search(r"# error: (\w+)((?: \w+)*)$", line)
            if found:
                expected[path.name, number] = (found[1], found[2].split())
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
    """The failing files' tags are the ones this test knows (a typo would test nothing)."""
    tags: dict[str, list[str]] = {}
    for (name, _), (tag, _) in sorted(_expected().items()):
        tags.setdefault(name, []).append(tag)
    assert tags == {
        "abstract.py": ["abstract", "abstract", "abstract", "entry", "variance", "never"],
        "rewrite.py": ["returned", "notrule", "notrule", "abstract"],
    }


def test_mypy(tmp_path: Path) -> None:
    """mypy --strict (mypy.ini): the user files check clean, the failing ones fail as
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
        *map(str, FAILING),
    )
    errors: dict[tuple[str, int], tuple[str, str]] = {}
    for line in result.stdout.splitlines():
        if re.match(r".+?:\d+: note: ", line):  # the detail of the error above it
            continue
        found = re.fullmatch(r"(.+?):(\d+): error: (.*)  \[([\w-]+)\]", line)
        assert found, f"an unexpected mypy line: {line}\n{result.stderr}"
        path = Path(found[1]).resolve()
        assert path in FAILING, f"a user file fails to check: {line}"
        errors[path.name, int(found[2])] = (found[4], found[3])
    assert result.returncode == 1, result.stdout + result.stderr
    expected = _expected()
    assert sorted(errors) == sorted(expected), result.stdout
    for where, (tag, words) in expected.items():
        code, message = errors[where]
        assert code == CODES[tag][0], f"{where}: {message}"
        for word in words:
            assert word in message, f"{where}: {message}"


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
    summary, diagnostics = _pyright_diagnostics("--project", str(HERE / "fails"))
    assert summary["filesAnalyzed"] == len(FAILING)
    errors: dict[tuple[str, int], tuple[str, str]] = {}
    for diagnostic in diagnostics:
        assert diagnostic["severity"] == "error", diagnostic
        line = int(diagnostic["range"]["start"]["line"]) + 1
        name = Path(diagnostic["file"]).name
        errors[name, line] = (str(diagnostic.get("rule")), str(diagnostic["message"]))
    expected = _expected()
    assert sorted(errors) == sorted(expected), diagnostics
    for where, (tag, words) in expected.items():
        rule, message = errors[where]
        assert rule == CODES[tag][1], f"{where}: {message}"
        for word in words:
            assert word in message, f"{where}: {message}"


@pytest.mark.parametrize("module", ["user_locations", "user_rewrite_db", "user_entries_logging"])
def test_user_code_runs(module: str) -> None:
    """What the user files assert about values holds at run time too (each ``check_*``)."""
    loaded = importlib.import_module(f"tests.typing.{module.removesuffix('.py')}")
    checks = [name for name in dir(loaded) if name.startswith("check_")]
    assert checks
    for name in checks:
        getattr(loaded, name)()
