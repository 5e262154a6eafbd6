"""Shared helpers of the tests: the vector tables' field check, running our scripts,
running a command on a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from glance_locations import StoreLocation

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def assert_fields(loc: StoreLocation, expected: Mapping[str, object]) -> None:
    """Every expected field (or property) of ``loc`` has the expected value."""
    actual = {name: getattr(loc, name) for name in expected}
    assert actual == dict(expected)


def run_script(script: Path, *args: str) -> str:
    """Run one of our scripts with this interpreter; its standard output, once it has
    exited with 0 (else the test fails with its standard error)."""
    done = subprocess.run(  # noqa: S603 (our interpreter, our script)
        [sys.executable, str(script), *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def run_on_a_terminal(
    command: Sequence[str],
    *,
    terminal: Literal["stdout", "stderr", "both"],
    env: Mapping[str, str],
    input: bytes | None = None,
) -> tuple[subprocess.CompletedProcess[bytes], bytes]:
    """Run ``command`` with the streams named by ``terminal`` on a pseudo-terminal (the
    others piped); the finished process and every byte the terminal showed."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(  # noqa: S603 (our own command)
            list(command),
            input=input,
            stdin=subprocess.DEVNULL if input is None else None,
            stdout=subprocess.PIPE if terminal == "stderr" else follower,
            stderr=subprocess.PIPE if terminal == "stdout" else follower,
            env=dict(env),
            timeout=300,
            check=False,
        )
        os.close(follower)
        follower = -1
        chunks: list[bytes] = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the other end is closed
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    return done, b"".join(chunks)
