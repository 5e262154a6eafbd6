"""Developer tasks. ``nox`` runs the default sessions: tests, typecheck and lint."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "typecheck", "lint"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

PYPROJECT = nox.project.load_toml("pyproject.toml")


def _group(name: str) -> list[str]:
    return list(nox.project.dependency_groups(PYPROJECT, name))


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite with branch coverage."""
    session.install(".", *_group("test"))
    session.run(
        "pytest",
        "--cov=glance_locations",
        "--cov-report=term",
        *session.posargs,
    )


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check src, tests and this file with mypy --strict (see mypy.ini)."""
    session.install(".", "nox", *_group("typecheck"))
    session.run("mypy", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and check formatting with ruff."""
    session.install(*_group("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark against glance_store and bare yarl (not a default session; see README).

    glance-store comes from PyPI, with python-cinderclient for its cinder driver (os_brick
    is stubbed by the script). Arguments go to benchmarks/bench.py, e.g. ``-- --count 1000``.
    """
    session.install(".", "glance-store", "python-cinderclient")
    session.run("python", "benchmarks/bench.py", *session.posargs)
