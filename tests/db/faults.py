"""Faults for the tests: a command stopped at a known point, a proxy that loses the
answer to a COMMIT, a full disk (a small tmpfs), many rows at once.

A point of a running command is found from outside it, never by a hook in the code:
blocked writing its plan to a pipe nobody reads (``/proc/PID/wchan``), waiting for a lock
(the server's own view of its sessions), the COMMIT seen passing through the proxy.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Generator
from pathlib import Path

import attrs
import sqlalchemy as sa

from glance_locations.db._schema import locations
from tests.db.conftest import CREATED, GlanceDb
from tests.db.servers import free_port

#: How long a test waits for a command to reach a point before it fails: a guard
#: against a hang, not a measure of speed.
REACH_TIMEOUT = 120.0

#: Time between two looks. Not shorter than 0.1 s: MariaDB fills
#: ``information_schema.innodb_trx`` from a cache it refreshes only once nobody has read
#: it for 0.1 s, so a faster poll sees the first answer for ever (a lock wait never shows).
POLL_INTERVAL = 0.25


def wait_until(check: Callable[[], bool], what: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + REACH_TIMEOUT
    while time.monotonic() < deadline:
        if check():
            return
        if process.poll() is not None:
            stderr = process.stderr.read().decode() if process.stderr else ""
            raise AssertionError(
                f"the command ended ({process.returncode}) before {what}: {stderr}"
            )
        time.sleep(POLL_INTERVAL)
    raise AssertionError(f"the command did not reach the point: {what}")


def blocked_writing_output(process: subprocess.Popen[bytes]) -> Callable[[], bool]:
    """True once the process sleeps in a write to its full stdout pipe."""

    def check() -> bool:
        try:
            return "pipe_write" in Path(f"/proc/{process.pid}/wchan").read_text()
        except OSError:
            return False

    return check


def waiting_for_a_lock(db: GlanceDb) -> Callable[[], bool]:
    """True once some session of the database's server waits for a lock."""
    assert db.admin is not None
    if db.backend == "postgresql":
        query = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
    else:
        query = "SELECT count(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'"
    admin = db.admin

    def check() -> bool:
        with admin.connect() as connection:
            return bool(connection.exec_driver_sql(query).scalar())

    return check


def fill(db: GlanceDb, count: int, value: Callable[[int], str]) -> None:
    """``count`` location rows of one image, inserted 500 at a time."""
    image = db.add_image()
    with db.engine.begin() as connection:
        for start in range(0, count, 500):
            connection.execute(
                locations.insert(),
                [
                    {
                        "image_id": image,
                        "value": value(n),
                        "created_at": CREATED,
                        "deleted": False,
                        "meta_data": "{}",
                        "status": "active",
                    }
                    for n in range(start, min(count, start + 500))
                ],
            )


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Generator[Path]:
    """A tmpfs of ``size`` mounted at ``path`` (the tests run as root), unmounted after."""
    path.mkdir()
    subprocess.run(  # noqa: S603 (fixed arguments)
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],  # noqa: S607
        check=True,
        capture_output=True,
    )
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False, capture_output=True)  # noqa: S603, S607


#: A COMMIT as each protocol sends it: PostgreSQL's simple Query message, MySQL's
#: COM_QUERY packet (not ``SET AUTOCOMMIT``, which ends otherwise).
_COMMITS = (b"Q\x00\x00\x00\x0bCOMMIT\x00", b"\x07\x00\x00\x00\x03COMMIT")


@attrs.define
class CommitProxy:
    """A TCP proxy to a database server that sees each COMMIT go by.

    ``mode="drop"``: the COMMIT reaches the server, its answer is read and thrown away and
    the client's connection is cut: the client never learns that the server committed.
    ``mode="hold"``: the answer is kept back (the client waits) until the test ends.
    ``committed`` is set once the server's answer to a COMMIT has come back.
    """

    upstream: int
    mode: str
    port: int = attrs.field(factory=free_port)
    committed: threading.Event = attrs.Factory(threading.Event)
    _stop: threading.Event = attrs.Factory(threading.Event)
    _threads: list[threading.Thread] = attrs.Factory(list[threading.Thread])
    _sockets: list[socket.socket] = attrs.Factory(list[socket.socket])

    def url(self, url: str) -> str:
        return sa.make_url(url).set(port=self.port).render_as_string(hide_password=False)

    def __enter__(self) -> CommitProxy:
        listener = socket.create_server(("127.0.0.1", self.port))
        self._sockets.append(listener)
        self._start(self._accept, listener)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.close()
        for thread in self._threads:
            thread.join(10)

    def _start(self, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept(self, listener: socket.socket) -> None:
        while not self._stop.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.upstream))
            self._sockets += [client, server]
            self._start(self._pipe, client, server)

    def _pipe(self, client: socket.socket, server: socket.socket) -> None:
        """Both directions in one thread, so that what follows a COMMIT is in order."""
        commit_sent = False
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([client, server], [], [], 0.2)
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    if sock is client:
                        server.sendall(data)
                        commit_sent = commit_sent or data.endswith(_COMMITS)
                    elif commit_sent:
                        self.committed.set()  # the server's answer: it committed
                        if self.mode == "drop":
                            client.shutdown(socket.SHUT_RDWR)
                            client.close()
                            return
                        self._stop.wait()  # hold: the client waits for an answer
                        return
                    else:
                        client.sendall(data)
            except OSError:
                return


def kill_9(process: subprocess.Popen[bytes]) -> None:
    process.kill()  # SIGKILL: no handler, no finally, no rollback by the command
    process.wait(60)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def pid_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
