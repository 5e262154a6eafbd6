"""Developer tasks. ``nox`` runs the default sessions: tests, typecheck, lint, conformance,
glance_schema."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import nox

nox.options.sessions = ["tests", "typecheck", "lint", "conformance", "glance_schema"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

PYPROJECT = nox.project.load_toml("pyproject.toml")


def _group(name: str) -> list[str]:
    return list(nox.project.dependency_groups(PYPROJECT, name))


def _install_if_changed(session: nox.Session, *requirements: str) -> None:
    """``session.install(*requirements)``, skipped when nothing it installs has changed.

    The stamp is a digest of the requirements, pyproject.toml and every file under src/
    (the package is installed as a wheel, as users get it); it lives in the session's
    virtualenv, so a recreated one installs again.
    """
    digest = hashlib.sha256("\0".join(requirements).encode())
    for path in [Path("pyproject.toml"), *sorted(Path("src").rglob("*"))]:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"\0{path}\0".encode())
            digest.update(path.read_bytes())
    location = getattr(session.virtualenv, "location", None)
    stamp = Path(location, ".installed-sha256") if location else None
    if stamp is not None and stamp.is_file() and stamp.read_text() == digest.hexdigest():
        session.log("nothing changed since the last install: not installing again")
        return
    session.install(*requirements)
    if stamp is not None:
        stamp.write_text(digest.hexdigest())


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite with branch coverage over every core (the conformance suite has
    its own session)."""
    _install_if_changed(session, ".[db]", *_group("test"), *_group("db-test"))
    session.run(
        "pytest",
        "--numprocesses=auto",  # pytest-xdist: the hypothesis properties fill every core
        "--dist=worksteal",  # an idle worker takes tests from a busy one: no long tail
        "--cov=glance_locations",
        "--cov-report=term",
        *session.posargs,
        # A fixed, moderate number of hypothesis examples (tests/conftest.py).
        env={"HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "ci")},
    )


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check src, tests and this file with mypy --strict (mypy.ini) and pyright strict
    (pyproject.toml); require pyright's type completeness of the public API to be 100 %;
    run the typing tests (tests/typing: user-side code that must check, and must fail).

    Arguments go to mypy.
    """
    session.install(".", "nox", *_group("typecheck"))
    session.run("mypy", *session.posargs)
    session.run("pyright")
    # Fails below 100 %: every public symbol's type is known, and the same to every checker.
    session.run("pyright", "--verifytypes", "glance_locations", "--ignoreexternal")
    session.run("pytest", "tests/typing", "-p", "no:cacheprovider")


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and check formatting with ruff."""
    session.install(*_group("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def fuzz(session: nox.Session) -> None:
    """Fuzz every parser with atheris for a bounded time (not part of the default run).

    ``nox -s fuzz -- SECONDS`` (or ``FUZZ_SECONDS``; default 300). Prints executions per
    second and the distinct crashes found, and fails if there is one; their inputs are
    kept in ``.nox/fuzz/tmp/crashes``. Extra arguments go to libFuzzer.
    """
    seconds = session.posargs[0] if session.posargs else os.environ.get("FUZZ_SECONDS", "300")
    if not seconds.isdigit():
        session.error(f"the fuzzing time must be a number of seconds, not {seconds!r}")
    session.install(".", "atheris")
    tmp = Path(session.create_tmp())
    corpus, crashes = tmp / "corpus", tmp / "crashes"
    corpus.mkdir(exist_ok=True)
    shutil.rmtree(crashes, ignore_errors=True)
    for seed in Path("fuzz/seeds.txt").read_text(encoding="utf-8").splitlines():
        name = hashlib.sha256(seed.encode()).hexdigest()[:16]
        (corpus / f"seed-{name}").write_text(seed, encoding="utf-8")
    output = session.run(
        "python",
        "fuzz/fuzz_locations.py",
        str(corpus),
        "-dict=fuzz/uri.dict",
        f"-max_total_time={seconds}",
        "-print_final_stats=1",
        *session.posargs[1:],
        env={"FUZZ_CRASH_DIR": str(crashes)},
        silent=True,
    )
    text = output if isinstance(output, str) else ""
    stats = dict(re.findall(r"^stat::(\w+):\s*(\S+)", text, re.MULTILINE))
    found = sorted(crashes.glob("crash-*")) if crashes.exists() else []
    for block in re.findall(
        r"^=== new crash.*?(?=^=== new crash|^#\d|^Done|\Z)", text, re.S | re.M
    ):
        session.log(block.rstrip())
    session.log(
        f"fuzz: {stats.get('number_of_executed_units', '?')} executions in {seconds} s, "
        f"{stats.get('average_exec_per_sec', '?')} exec/s, "
        f"{stats.get('new_units_added', '?')} new corpus units, "
        f"{len(found)} distinct crashes"
    )
    if found:
        session.error(f"fuzzing found {len(found)} crashes: {', '.join(map(str, found))}")


#: The glance_store release that docs/divergences.md was verified against; bump it on purpose.
GLANCE_STORE = "glance-store==5.7.0"


#: The Glance release whose database schema glance_locations.db reads; bump it on purpose.
GLANCE = "glance==33.0.0"


@nox.session
def conformance(session: nox.Session) -> None:
    """Compare with glance_store on a seeded corpus of URIs (tests/conformance), and the
    location entries with Glance's own validation.

    python-cinderclient as in the bench session: test_specs_floor.py runs
    benchmarks/specs_floor.py, which loads glance_store's cinder driver as bench.py does.
    boto3 and python-swiftclient: test_backends_prefix.py starts glance_store's s3 and swift
    drivers (each refuses to configure without its client library) to read their prefixes.
    Glance goes into a venv of its own (GLANCE_PYTHON, for test_entries_differential.py's
    oracle process): its eventlet would change how glance_store imports here.
    """
    session.install(
        ".[db]",
        GLANCE_STORE,
        "python-cinderclient",
        "boto3",
        "python-swiftclient",
        *_group("test"),
        *_group("db-test"),
    )
    glance_venv = Path(session.create_tmp()) / "glance-venv"
    if not (glance_venv / "bin" / "python").exists():
        session.run("python", "-m", "venv", str(glance_venv))
    glance_python = str(glance_venv / "bin" / "python")
    session.run(glance_python, "-m", "pip", "install", "--quiet", GLANCE, external=True)
    session.run(
        "pytest", "tests/conformance", *session.posargs, env={"GLANCE_PYTHON": glance_python}
    )


@nox.session
def glance_schema(session: nox.Session) -> None:
    """Our Glance tables against those ``glance-manage db sync`` creates, and the db
    commands on that database (tests/db/glance_schema_check.py); Glance's own import
    placeholder rows recognised (tests/glance_rows/placeholder_check.py).

    A venv of its own: Glance's dependencies (eventlet, webob, ...) warn on import, and the
    conformance suite must see glance_store as a deployment without Glance would.
    """
    session.install(".[db]", GLANCE, *_group("test"), *_group("db-test"))
    # Named on the command line: the files are not test_*.py ones, so plain runs leave them
    # out. placeholder_check.py: the import placeholders Glance's own code writes.
    session.run(
        "pytest",
        "tests/db/glance_schema_check.py",
        "tests/glance_rows/placeholder_check.py",
        *session.posargs,
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark against glance_store and bare yarl (not a default session; see README).

    glance-store comes from PyPI, with python-cinderclient for its cinder driver (os_brick
    is stubbed by the script). Arguments go to benchmarks/bench.py, e.g. ``-- --count 1000``.
    """
    session.install(".", GLANCE_STORE, "python-cinderclient")
    session.run("python", "benchmarks/bench.py", *session.posargs)
