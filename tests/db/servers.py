"""Throwaway PostgreSQL and MariaDB servers for the tests, on 127.0.0.1 and a free port.

Each server lives in a temporary folder and is stopped (and the folder removed) when the
test session ends, whatever happened. A missing binary is a failure with a message
saying what to install, never a skip: a run without a server must not look green.
Run as root (CI, this machine), the servers run as their ``postgres`` and ``mysql``
users, as Debian's packages expect.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Generator
from pathlib import Path

import attrs
import sqlalchemy as sa

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PASSWORD = "s3cret-Db-pa55word"  # the tests check that no message ever shows it
USER = "glance"
START_TIMEOUT = 60.0


class ServerError(RuntimeError):
    """A test server could not be set up."""


@attrs.frozen
class Server:
    """A running server: ``url(database)`` gives a SQLAlchemy URL as user ``glance``."""

    driver: str
    port: int
    admin: sa.URL

    def url(self, database: str, *, password: str = PASSWORD) -> str:
        url = sa.URL.create(
            self.driver,
            username=USER,
            password=password,
            host="127.0.0.1",
            port=self.port,
            database=database,
        )
        return url.render_as_string(hide_password=False)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _binary(path: Path | str, package: str) -> str:
    found = shutil.which(str(path))
    if found is None:
        raise ServerError(
            f"{path} not found: install Debian's {package} package "
            f"(apt-get install -y {package}); .ci/run does it on CI"
        )
    return found


def _as_user(user: str) -> list[str]:
    """The command prefix that runs a server as ``user`` (when we are root)."""
    return ["runuser", "-u", user, "--"] if os.geteuid() == 0 else []


def _user_option(user: str) -> list[str]:
    """MariaDB's ``--user``, which only root may give."""
    return [f"--user={user}"] if os.geteuid() == 0 else []


def _own(path: Path, user: str) -> None:
    if os.geteuid() == 0:
        entry = pwd.getpwnam(user)
        for folder, _, files in os.walk(path):
            os.chown(folder, entry.pw_uid, entry.pw_gid)
            for name in files:
                os.chown(os.path.join(folder, name), entry.pw_uid, entry.pw_gid)


def _wait_for_port(port: int, process: subprocess.Popen[bytes] | None, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ServerError(
                f"the server exited ({process.returncode}): {log.read_text()[-2000:]}"
            )
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise ServerError(
        f"no server on port {port} after {START_TIMEOUT} s: {log.read_text()[-2000:]}"
    )


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 (server binaries found by the tests)
    if result.returncode != 0:
        raise ServerError(f"{what} failed ({result.returncode}): {result.stderr[-2000:]}")


@contextlib.contextmanager
def postgresql() -> Generator[Server]:
    """A PostgreSQL 15 cluster with a password-protected superuser ``glance``."""
    initdb = _binary(PG_BIN / "initdb", "postgresql")
    pg_ctl = _binary(PG_BIN / "pg_ctl", "postgresql")
    user = "postgres"
    base = Path(tempfile.mkdtemp(prefix="glance-locations-pg-"))
    try:
        data, log, pwfile = base / "data", base / "server.log", base / "pw"
        pwfile.write_text(PASSWORD)
        os.chmod(base, 0o700)
        _own(base, user)
        _run(
            [
                *_as_user(user),
                initdb,
                "-D",
                str(data),
                "-U",
                USER,
                "-A",
                "scram-sha-256",
                f"--pwfile={pwfile}",
                "-E",
                "UTF8",
                "--no-instructions",
            ],
            "initdb",
        )
        port = free_port()
        options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
        _run(
            [
                *_as_user(user),
                pg_ctl,
                "-D",
                str(data),
                "-l",
                str(log),
                "-o",
                options,
                "-w",
                "-t",
                str(int(START_TIMEOUT)),
                "start",
            ],
            "pg_ctl start",
        )
        try:
            admin = sa.URL.create(
                "postgresql+psycopg",
                username=USER,
                password=PASSWORD,
                host="127.0.0.1",
                port=port,
                database="postgres",
            )
            yield Server("postgresql+psycopg", port, admin)
        finally:
            subprocess.run(  # noqa: S603 (pg_ctl found by the tests)
                [*_as_user(user), pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
                capture_output=True,
                check=False,
            )
    finally:
        shutil.rmtree(base, ignore_errors=True)


@contextlib.contextmanager
def mariadb() -> Generator[Server]:
    """A MariaDB server with a password-protected user ``glance`` that may do anything."""
    install_db = _binary("mariadb-install-db", "mariadb-server")
    mariadbd = _binary("mariadbd", "mariadb-server")
    user = "mysql"
    base = Path(tempfile.mkdtemp(prefix="glance-locations-mariadb-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        data, log, sock = base / "data", base / "server.log", base / "mysql.sock"
        # The server's own temporary folder: in a folder shared with everything else its
        # temporary tables collide with another run's ("Error on delete of '#sql-temptable").
        tmp = base / "tmp"
        tmp.mkdir()
        os.chmod(base, 0o700)
        _own(base, user)
        _run(
            [
                install_db,
                "--no-defaults",
                *_user_option(user),
                f"--datadir={data}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ],
            "mariadb-install-db",
        )
        port = free_port()
        with open(log, "wb") as out:
            process = subprocess.Popen(  # noqa: S603 (mariadbd found by the tests)
                [
                    mariadbd,
                    "--no-defaults",
                    *_user_option(user),
                    f"--datadir={data}",
                    f"--socket={sock}",
                    f"--port={port}",
                    "--bind-address=127.0.0.1",
                    f"--pid-file={base / 'mariadbd.pid'}",
                    f"--tmpdir={tmp}",
                    "--skip-log-bin",
                    "--innodb-flush-log-at-trx-commit=0",
                    "--character-set-server=utf8mb4",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait_for_port(port, process, log)
        root = sa.create_engine(
            sa.URL.create("mysql+pymysql", username="root", query={"unix_socket": str(sock)}),
            poolclass=sa.pool.NullPool,
            isolation_level="AUTOCOMMIT",
        )
        with root.connect() as connection:
            for host in ("127.0.0.1", "localhost"):
                connection.execute(
                    sa.text(f"CREATE USER '{USER}'@'{host}' IDENTIFIED BY :password"),
                    {"password": PASSWORD},
                )
                connection.exec_driver_sql(
                    f"GRANT ALL ON *.* TO '{USER}'@'{host}' WITH GRANT OPTION"
                )
        root.dispose()
        admin = sa.URL.create(
            "mysql+pymysql",
            username=USER,
            password=PASSWORD,
            host="127.0.0.1",
            port=port,
            database="mysql",
        )
        yield Server("mysql+pymysql", port, admin)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(base, ignore_errors=True)
