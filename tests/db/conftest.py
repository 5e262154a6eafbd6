"""Fixtures: a fresh Glance database per test on SQLite, PostgreSQL 15 and MariaDB.

The servers are started once per test session (per xdist worker) by ``tests/db/servers``
and stopped at its end; each test gets its own database in them, holding Glance's two
tables as ``glance_locations.db._schema`` declares them (which
``glance_schema_check.py`` compares with Glance's own, in ``nox -s conformance``).
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
import sqlalchemy as sa

from glance_locations.db._schema import images, locations, metadata
from tests.db import servers

BACKENDS = ("sqlite", "postgresql", "mariadb")
CREATED = datetime.datetime(2024, 5, 1, 12, 0, 0)


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[servers.Server]:
    with servers.postgresql() as server:
        yield server


@pytest.fixture(scope="session")
def mariadb_server() -> Iterator[servers.Server]:
    with servers.mariadb() as server:
        yield server


@attrs.define
class GlanceDb:
    """A Glance database for one test: its URL, and helpers to fill and read it."""

    backend: str
    url: str
    engine: sa.Engine
    admin: sa.Engine | None = None  # for triggers on MariaDB (needs the server's root)
    _images: set[str] = attrs.Factory(set[str])

    def add_image(
        self, image_id: str | None = None, *, status: str = "active", deleted: bool = False
    ) -> str:
        image_id = image_id or str(uuid.uuid4())
        with self.engine.begin() as connection:
            connection.execute(
                images.insert().values(
                    id=image_id,
                    status=status,
                    created_at=CREATED,
                    deleted=deleted,
                    min_disk=0,
                    min_ram=0,
                )
            )
        self._images.add(image_id)
        return image_id

    def add(
        self,
        value: str,
        *,
        image_id: str | None = None,
        meta: dict[str, object] | str | None = None,
        deleted: bool = False,
        status: str = "active",
    ) -> int:
        """Insert a location (and its image when new); return the row id."""
        if image_id is None or image_id not in self._images:
            image_id = self.add_image(image_id)
        meta_text = json.dumps({} if meta is None else meta) if not isinstance(meta, str) else meta
        with self.engine.begin() as connection:
            result = connection.execute(
                locations.insert().values(
                    image_id=image_id,
                    value=value,
                    created_at=CREATED,
                    deleted=deleted,
                    meta_data=meta_text,
                    status=status,
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            row_id: int = key[0]
        return row_id

    def rows(self) -> list[tuple[object, ...]]:
        """Every column of every location row, in id order: to compare row by row."""
        with self.engine.connect() as connection:
            statement = sa.select(locations).order_by(locations.c.id)
            return [tuple(row) for row in connection.execute(statement)]

    def row(self, row_id: int) -> sa.Row[tuple[object, ...]]:
        with self.engine.connect() as connection:
            statement = sa.select(locations).where(locations.c.id == row_id)
            return connection.execute(statement).one()


def _sqlite(tmp_path: Path) -> Iterator[GlanceDb]:
    url = f"sqlite:///{tmp_path / 'glance.db'}"
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    metadata.create_all(engine)
    yield GlanceDb("sqlite", url, engine)
    engine.dispose()


def _server_db(server: servers.Server, backend: str) -> Iterator[GlanceDb]:
    name = f"glance_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(
        server.admin, poolclass=sa.pool.NullPool, isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    url = server.url(name)
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        metadata.create_all(engine)
        yield GlanceDb(backend, url, engine, admin)
    finally:
        engine.dispose()
        with admin.connect() as connection:
            if backend == "postgresql":
                connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
            else:
                connection.exec_driver_sql(f"DROP DATABASE {name}")
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def glance_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GlanceDb]:
    """A fresh, empty Glance database on each of SQLite, PostgreSQL and MariaDB."""
    backend: str = request.param
    if backend == "sqlite":
        yield from _sqlite(tmp_path)
    else:
        server: servers.Server = request.getfixturevalue(f"{backend}_server")
        yield from _server_db(server, backend)


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[GlanceDb]:
    """A fresh Glance database on SQLite only (for what does not depend on the server)."""
    yield from _sqlite(tmp_path)
