"""Connections to a Glance database, and errors that never show a secret.

Every SQLAlchemy or driver error is turned into :class:`DatabaseError` with one line of
text: the database URL with its password masked, the driver's first line (PostgreSQL's
``DETAIL`` lines, which quote whole rows, are dropped), store URIs in it masked, and the
password replaced if a driver ever echoes it. The error is raised outside the ``except``
block, so its ``__context__`` does not keep the original (which holds the SQL
parameters: old and new store URIs).
"""

from __future__ import annotations

import os
import re
import sqlite3
import urllib.parse
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event, exc, pool
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.expression import Executable

from glance_locations._redact import MASK, mask_query, mask_uri, redact
from glance_locations.db._schema import images, locations
from glance_locations.exceptions import GlanceStoreException

__all__ = [
    "DatabaseError",
    "JournalError",
    "mask_query_credentials",
    "masked_url",
    "parse_url",
    "redact_text",
    "redact_uri",
    "run",
    "stream",
]

_T = TypeVar("_T")

#: How long a write on SQLite waits for another writer before giving up, in seconds.
SQLITE_BUSY_TIMEOUT = 2.0

# Driver errors that mean "a row or the database is locked by someone else".
_LOCKED = re.compile(
    r"could not obtain lock|lock\(s\) could not be acquired|lock wait timeout|database is locked",
    re.IGNORECASE,
)


class DatabaseError(GlanceStoreException):
    """The database cannot be read or written: unreachable, wrong URL, not Glance's schema,
    a locked row, a failed transaction. The message is one line and holds no secret."""


class JournalError(DatabaseError):
    """A journal is missing, malformed, or does not describe this database's rows."""


def redact_text(text: str) -> str:
    """Mask the credentials of every URI in ``text`` (store URIs and database URLs)."""
    return redact(text)


def redact_uri(text: str) -> str:
    """Mask the userinfo and query credentials of a URI-like text that did not parse."""
    return mask_uri(text)


def mask_query_credentials(uri: str) -> str:
    """``uri`` with the value of each credential parameter of its query as ``***``."""
    head, question, query = uri.partition("?")
    return f"{head}?{mask_query(query)}" if question else uri


def parse_url(text: str) -> URL:
    """Parse a SQLAlchemy URL; the error never quotes it (it holds the password)."""
    if not isinstance(text, str):
        raise TypeError(f"url must be str, not {type(text).__name__}")
    try:
        return sa.make_url(text)
    except exc.ArgumentError:
        pass
    raise DatabaseError(
        "not a database URL: expected dialect[+driver]://user:password@host[:port]/database"
        " or sqlite:///path"
    )


def masked_url(url: URL) -> str:
    """The URL with its password as ``***`` (and its query, which may hold one), for messages."""
    text = url.set(query={}).render_as_string(hide_password=True)
    return f"{text}?{MASK}" if url.query else text


def _describe(error: BaseException, url: URL) -> str:
    """One line saying what went wrong, with no secret in it."""
    where = masked_url(url)
    if isinstance(error, exc.NoSuchModuleError):
        return f"{where}: unknown database dialect or driver {url.drivername!r}"
    if isinstance(error, ImportError):
        name = error.name or url.get_driver_name()
        return f"{where}: the database driver {name!r} is not installed"
    if isinstance(error, exc.DBAPIError):
        original = error.orig
        args: tuple[object, ...] = getattr(original, "args", ())
        if len(args) >= 2 and isinstance(args[0], int) and isinstance(args[1], str):
            text = f"({args[0]}) {args[1]}"  # PyMySQL: (errno, message)
        else:
            text = str(original)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        first = lines[0] if lines else type(original).__name__
        if _LOCKED.search(first):
            first = f"locked by another transaction ({first})"
        if error.connection_invalidated or isinstance(error, exc.InterfaceError):
            first = f"connection lost: {first}"
    else:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
    message = f"{where}: {redact_text(first)}"
    password = url.password
    if password:
        for form in {str(password), urllib.parse.quote(str(password), safe="")}:
            message = message.replace(form, MASK)
    return message


def database_error(error: BaseException, url: URL) -> DatabaseError:
    """The :class:`DatabaseError` for ``error`` (raise it outside the except block)."""
    return DatabaseError(_describe(error, url))


def _sqlite_file_check(url: URL) -> None:
    """Refuse a SQLite path that does not exist (sqlite3 would create an empty file)."""
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return
    if not os.path.isfile(database):
        raise DatabaseError(f"{masked_url(url)}: no such database file")


def _engine(url: URL, *, write: bool) -> Engine:
    if url.get_backend_name() == "sqlite":
        _sqlite_file_check(url)
        engine = sa.create_engine(
            url, poolclass=pool.NullPool, connect_args={"timeout": SQLITE_BUSY_TIMEOUT}
        )

        # pysqlite's own transaction handling begins late (at the first write) and never
        # for a SELECT; take it over so that a transaction covers every statement, and a
        # write takes the database's write lock at once (BEGIN IMMEDIATE).
        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: object, _record: object) -> None:
            dbapi_connection.isolation_level = None  # type: ignore[attr-defined]  # sqlite3.Connection
            if not write:
                dbapi_connection.execute("PRAGMA query_only = ON")  # type: ignore[attr-defined]  # sqlite3.Connection

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    return sa.create_engine(url, poolclass=pool.NullPool)


def _open(parsed: URL, *, write: bool) -> Engine:
    failure: DatabaseError | None = None
    try:
        return _engine(parsed, write=write)
    except (exc.SQLAlchemyError, ImportError) as error:
        failure = database_error(error, parsed)
    raise failure


def _start(connection: Connection, parsed: URL, *, write: bool) -> None:
    """First statements of a transaction: read-only mode, then the schema check."""
    if not write and parsed.get_backend_name() != "sqlite":
        connection.exec_driver_sql("SET TRANSACTION READ ONLY")
    _check_tables(connection, parsed)


def run(url: str, work: Callable[[Connection], _T], *, write: bool) -> _T:
    """Run ``work`` in one transaction on the Glance database at ``url``; commit at the end.

    Read-only (``write=False``): the database refuses writes (``SET TRANSACTION READ
    ONLY`` on PostgreSQL and MariaDB, ``PRAGMA query_only`` on SQLite). A write
    transaction is rolled back, all of it, if ``work`` raises. Checks first that both
    tables exist with the columns read.

    :raises DatabaseError: for any database error (with no exception chain).
    """
    parsed = parse_url(url)
    engine = _open(parsed, write=write)
    failure: DatabaseError | None = None
    try:
        with engine.begin() as connection:
            _start(connection, parsed, write=write)
            return work(connection)
    except (exc.SQLAlchemyError, ImportError) as error:
        failure = database_error(error, parsed)
    finally:
        engine.dispose()
    raise failure


def stream(url: str, statement: Executable, *, batch: int) -> Iterator[Sequence[Any]]:
    """Yield the rows of ``statement``, read in batches of ``batch`` rows.

    One read-only transaction; a server-side cursor on PostgreSQL and MariaDB
    (``yield_per`` implies ``stream_results``), SQLite's own cursor, which steps through
    the table: memory does not grow with it. Closing the iterator ends the transaction.
    On SQLite the rows are the driver's own tuples, as it returns them (no type
    conversion: a boolean column reads as 0 or 1).

    :raises DatabaseError: for any database error (with no exception chain).
    """
    parsed = parse_url(url)
    engine = _open(parsed, write=False)
    failure: DatabaseError | None = None
    try:
        with engine.begin() as connection:
            _start(connection, parsed, write=False)
            driver = connection.connection.driver_connection
            if isinstance(driver, sqlite3.Connection) and isinstance(statement, ClauseElement):
                compiled = statement.compile(dialect=connection.dialect)
                if isinstance(compiled, SQLCompiler):
                    yield from _sqlite_rows(driver, compiled, batch)
                    return
            result = connection.execution_options(yield_per=batch).execute(statement)
            try:
                for partition in result.partitions():
                    yield from partition
            finally:
                result.close()  # a server-side cursor is closed before its connection
    except (exc.SQLAlchemyError, ImportError, sqlite3.Error) as error:
        failure = database_error(error, parsed)
    finally:
        engine.dispose()
    if failure is not None:
        raise failure


def _sqlite_rows(
    driver: sqlite3.Connection, compiled: SQLCompiler, batch: int
) -> Iterator[tuple[object, ...]]:
    """The rows of a compiled statement from the sqlite3 cursor itself, in the open
    transaction: half the time of SQLAlchemy's rows (a million rows of an audit read in
    0.8 s instead of 1.75 s here), where reading is a tenth of an audit's work."""
    values: Mapping[str, object] = compiled.params
    parameters = [values[name] for name in compiled.positiontup or ()]
    cursor = driver.cursor()
    try:
        cursor.execute(str(compiled), parameters)
        while rows := cursor.fetchmany(batch):
            yield from rows
    finally:
        cursor.close()


def _check_tables(connection: Connection, url: URL) -> None:
    inspector = sa.inspect(connection)
    for table in (images, locations):
        if not inspector.has_table(table.name):
            raise DatabaseError(
                f"{masked_url(url)}: no table {table.name!r} (not a Glance database?)"
            )
    for table in (images, locations):
        present = {column["name"] for column in inspector.get_columns(table.name)}
        missing = [name for name in ("id", "status", "deleted") if name not in present]
        if table is locations:
            wanted = ("image_id", "value", "meta_data", "updated_at")
            missing += [name for name in wanted if name not in present]
        if missing:
            raise DatabaseError(
                f"{masked_url(url)}: table {table.name!r} has no column {missing[0]!r}"
                " (not a Glance schema)"
            )
