"""Connections to a Glance database, and errors that never show a secret.

Every SQLAlchemy or driver error is turned into :class:`DatabaseError` with one line of
text: the database URL with its password masked, the driver's first line (PostgreSQL's
``DETAIL`` lines, which quote whole rows, are dropped), store URIs in it masked, and the
password replaced if a driver ever echoes it. The error is raised outside the ``except``
block, so its ``__context__`` does not keep the original (which holds the SQL
parameters: old and new store URIs).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sqlite3
import urllib.parse
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
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
    "LOCK_TIMEOUT",
    "CommitUnknown",
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

#: How long a statement waits for a lock another transaction holds (a row Glance is
#: writing, a table ``glance-manage db sync`` is altering) before the command gives up,
#: in seconds: ``lock_timeout`` on PostgreSQL, ``innodb_lock_wait_timeout`` and
#: ``lock_wait_timeout`` on MariaDB and MySQL, the busy timeout on SQLite.
LOCK_TIMEOUT = 10.0

#: The ``sql_mode`` of every MariaDB/MySQL session (oslo.db's default): a value a
#: column cannot hold fails the statement instead of being cut short.
MYSQL_SQL_MODE = "TRADITIONAL"

#: A SQLite text that is not UTF-8 is read with its bad bytes as lone surrogates (the
#: row is then reported, by id) instead of stopping the whole read.
_SQLITE_TEXT = functools.partial(str, encoding="utf-8", errors="surrogateescape")

# Driver errors that mean "a row or the database is locked by someone else".
_LOCKED = re.compile(
    r"could not obtain lock|lock\(s\) could not be acquired|lock wait timeout|"
    r"database is locked|lock timeout",
    re.IGNORECASE,
)


class DatabaseError(GlanceStoreException):
    """The database cannot be read or written: unreachable, wrong URL, not Glance's schema,
    a locked row, a failed transaction. The message is one line and holds no secret."""


class JournalError(DatabaseError):
    """A journal is missing, malformed, or does not describe this database's rows."""


class CommitUnknown(DatabaseError):
    """The COMMIT was sent but its answer never came (the connection was lost, Ctrl-C):
    whether the server committed is unknown."""


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


def _userinfo(text: str) -> tuple[str, str | None, str | None]:
    """``text`` without its userinfo, and the user and password it held (decoded).

    The userinfo runs to the last ``@`` before the query: a password holding a raw
    ``@``, ``:`` or ``/`` stays whole in the password (SQLAlchemy would cut it at its
    first ``@`` and take the rest for the host, which messages show).
    """
    scheme, separator, rest = text.partition("://")
    if not separator:
        return text, None, None
    head, question, query = rest.partition("?")
    userinfo, at, address = head.rpartition("@")
    if not at:
        return text, None, None
    user, colon, password = userinfo.partition(":")
    unquote = urllib.parse.unquote
    return (
        f"{scheme}://{address}{question}{query}",
        unquote(user),
        unquote(password) if colon else None,
    )


def parse_url(text: str) -> URL:
    """Parse a SQLAlchemy URL; the error never quotes it (it holds the password)."""
    if not isinstance(text, str):
        raise TypeError(f"url must be str, not {type(text).__name__}")
    bare, user, password = _userinfo(text)
    try:
        url = sa.make_url(bare)
        if user is not None:
            url = url.set(username=user, password=password)
        return url
    except (exc.ArgumentError, ValueError, TypeError):
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
            first = f"locked by another transaction, waited too long ({first})"
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


def _engine(url: URL, *, write: bool, lock_timeout: float) -> Engine:
    if url.get_backend_name() == "sqlite":
        _sqlite_file_check(url)
        engine = sa.create_engine(
            url, poolclass=pool.NullPool, connect_args={"timeout": lock_timeout}
        )

        # pysqlite's own transaction handling begins late (at the first write) and never
        # for a SELECT; take it over so that a transaction covers every statement, and a
        # write takes the database's write lock at once (BEGIN IMMEDIATE).
        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: object, _record: object) -> None:
            dbapi_connection.isolation_level = None  # type: ignore[attr-defined]  # sqlite3.Connection
            dbapi_connection.text_factory = _SQLITE_TEXT  # type: ignore[attr-defined]  # sqlite3.Connection
            if not write:
                dbapi_connection.execute("PRAGMA query_only = ON")  # type: ignore[attr-defined]  # sqlite3.Connection

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    return sa.create_engine(url, poolclass=pool.NullPool)


def _open(parsed: URL, *, write: bool, lock_timeout: float) -> Engine:
    failure: DatabaseError | None = None
    try:
        return _engine(parsed, write=write, lock_timeout=lock_timeout)
    except (exc.SQLAlchemyError, ImportError) as error:
        failure = database_error(error, parsed)
    raise failure


def _start(connection: Connection, parsed: URL, *, write: bool, lock_timeout: float) -> None:
    """First statements of a transaction: read-only mode, the session's settings (a
    bounded wait for locks, MariaDB's strict ``sql_mode``), then the schema check."""
    backend = parsed.get_backend_name()
    if not write and backend != "sqlite":
        connection.exec_driver_sql("SET TRANSACTION READ ONLY")
    if backend == "postgresql":
        connection.exec_driver_sql(
            f"SET LOCAL lock_timeout = {max(1, round(lock_timeout * 1000))}"
        )
    elif backend in {"mysql", "mariadb"}:
        seconds = max(1, round(lock_timeout))
        connection.exec_driver_sql(f"SET SESSION sql_mode = '{MYSQL_SQL_MODE}'")
        connection.exec_driver_sql(f"SET SESSION innodb_lock_wait_timeout = {seconds}")
        connection.exec_driver_sql(f"SET SESSION lock_wait_timeout = {seconds}")
    _check_tables(connection, parsed)


def run(
    url: str,
    work: Callable[[Connection], _T],
    *,
    write: bool,
    lock_timeout: float = LOCK_TIMEOUT,
) -> _T:
    """Run ``work`` in one transaction on the Glance database at ``url``; commit at the end.

    Read-only (``write=False``): the database refuses writes (``SET TRANSACTION READ
    ONLY`` on PostgreSQL and MariaDB, ``PRAGMA query_only`` on SQLite). A write
    transaction is rolled back, all of it, if ``work`` raises (Ctrl-C included). Checks
    first that both tables exist with the columns read. A lock held by another
    transaction is waited for ``lock_timeout`` seconds at most.

    :raises DatabaseError: for any database error (with no exception chain).
    :raises CommitUnknown: the COMMIT was sent to a server but no answer came back.
    """
    parsed = parse_url(url)
    engine = _open(parsed, write=write, lock_timeout=lock_timeout)
    failure: DatabaseError | None = None
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            try:
                _start(connection, parsed, write=write, lock_timeout=lock_timeout)
                result = work(connection)
            except BaseException:
                with contextlib.suppress(exc.SQLAlchemyError):
                    transaction.rollback()
                raise
            failure = _commit(transaction, parsed)
            if failure is None:
                return result
    except (exc.SQLAlchemyError, ImportError) as error:
        failure = database_error(error, parsed)
    finally:
        engine.dispose()
    raise failure


def _commit(transaction: sa.RootTransaction, parsed: URL) -> DatabaseError | None:
    """Commit; the error if it failed. On a server, a COMMIT whose answer is lost (the
    connection dropped, Ctrl-C) may have been carried out: :class:`CommitUnknown`."""
    server = parsed.get_backend_name() != "sqlite"
    try:
        transaction.commit()
    except (exc.SQLAlchemyError, KeyboardInterrupt) as error:
        if not server and isinstance(error, exc.SQLAlchemyError):
            return database_error(error, parsed)  # SQLite answers in-process: not written
        what = "interrupted" if isinstance(error, KeyboardInterrupt) else _describe(error, parsed)
        return CommitUnknown(
            f"{what}: the COMMIT was sent but its answer never came;"
            " whether the transaction was written is unknown"
        )
    return None


def stream(
    url: str, statement: Executable, *, batch: int, lock_timeout: float = LOCK_TIMEOUT
) -> Iterator[Sequence[Any]]:
    """Yield the rows of ``statement``, read in batches of ``batch`` rows.

    One read-only transaction; a server-side cursor on PostgreSQL and MariaDB
    (``yield_per`` implies ``stream_results``), SQLite's own cursor, which steps through
    the table: memory does not grow with it. Closing the iterator ends the transaction.
    On SQLite the rows are the driver's own tuples, as it returns them (no type
    conversion: a boolean column reads as 0 or 1).

    :raises DatabaseError: for any database error (with no exception chain).
    """
    parsed = parse_url(url)
    engine = _open(parsed, write=False, lock_timeout=lock_timeout)
    failure: DatabaseError | None = None
    closed = False  # the caller stopped reading (close(), or the iterator collected)
    try:
        with engine.begin() as connection:
            _start(connection, parsed, write=False, lock_timeout=lock_timeout)
            driver = connection.connection.driver_connection
            rows: Generator[Sequence[Any]] | None = None
            result = None
            if isinstance(driver, sqlite3.Connection) and isinstance(statement, ClauseElement):
                compiled = statement.compile(dialect=connection.dialect)
                if isinstance(compiled, SQLCompiler):
                    rows = _sqlite_rows(driver, compiled, batch)
            if rows is None:
                result = connection.execution_options(yield_per=batch).execute(statement)
                rows = (row for partition in result.partitions() for row in partition)
            try:
                for row in rows:
                    try:
                        yield row
                    except GeneratorExit:
                        closed = True
                        break
            finally:
                if closed:
                    # What ending the cursor raises now (the database gone first, when
                    # the iterator is collected late) is not the reader's to hear.
                    with contextlib.suppress(Exception):
                        rows.close()
                        if result is not None:
                            result.close()
                elif result is not None:
                    result.close()  # a server-side cursor is closed before its connection
    except (exc.SQLAlchemyError, ImportError, sqlite3.Error) as error:
        failure = database_error(error, parsed)
    finally:
        engine.dispose()
    # Ending a read the caller stopped is no failure of the caller's: an error of the
    # rollback then (the database already closed, say) is not raised into close().
    if failure is not None and not closed:
        raise failure


def _sqlite_rows(
    driver: sqlite3.Connection, compiled: SQLCompiler, batch: int
) -> Generator[tuple[object, ...]]:
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
