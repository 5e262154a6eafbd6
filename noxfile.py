"""Developer tasks. ``nox`` runs the default sessions: tests, typecheck, lint, conformance."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "typecheck", "lint", "conformance"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

PYPROJECT = nox.project.load_toml("pyproject.toml")


def _group(name: str) -> list[str]:
    return list(nox.project.dependency_groups(PYPROJECT, name))


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite with branch coverage (the conformance suite has its own session)."""
    session.install(".", *_group("test"))
    session.run(
        "pytest",
        "--cov=glance_locations",
        "--cov-report=term",
        "--ignore=tests/conformance",
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


#: The glance_store release that docs/divergences.md was verified against; bump it on purpose.
GLANCE_STORE = "glance-store==5.7.0"


@nox.session
def conformance(session: nox.Session) -> None:
    """Compare with glance_store on a seeded corpus of URIs (tests/conformance)."""
    session.install(".", GLANCE_STORE, *_group("test"))
    session.run("pytest", "tests/conformance", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark against glance_store and bare yarl (not a default session; see README).

    glance-store comes from PyPI, with python-cinderclient for its cinder driver (os_brick
    is stubbed by the script). Arguments go to benchmarks/bench.py, e.g. ``-- --count 1000``.
    """
    session.install(".", GLANCE_STORE, "python-cinderclient")
    session.run("python", "benchmarks/bench.py", *session.posargs)
