"""``db audit --jobs N`` (issue 29): worker processes, the same output as ``--jobs 1``."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glance_locations.db._audit_jobs import RANGE, id_ranges
from tests.db import faults
from tests.db.conftest import GlanceDb
from tests.db.test_commands import COMMAND, ENV, assert_one_error_line, db

FSID = "0b9e5c4e-3a1d-4f0e-9d6c-2b7a8e1f4c3d"
GLANCE_CONF = """\
[DEFAULT]
enabled_backends = ceph:rbd, fast:cinder

[glance_store]
default_backend = ceph

[ceph]
rbd_store_pool = images

[fast]
"""


def _fill(glance_db: GlanceDb, count: int) -> None:
    """Rows of every kind an audit reports, spread over the ids: duplicates of rows far
    before them (another worker's range), invalid rows, credentials, a meta_data that is
    no JSON object, backend findings, a placeholder, a deleted row."""
    for n in range(count):
        kind = n % 10
        if kind == 0:
            glance_db.add(f"rbd://{FSID}/images/img-{n}/snap", meta={"store": "ceph"})
        elif kind == 1:  # the location of row n - 1, from another image, spelled otherwise
            glance_db.add(f"rbd://{FSID}/images/%69mg-{n - 1}/snap", meta={"store": "ceph"})
        elif kind == 2:
            glance_db.add(f"rbd://{FSID}/images//snap", meta={"store": "ceph"})  # invalid
        elif kind == 3:  # duplicates of the first rows of the table, found late
            glance_db.add(f"rbd://{FSID}/images/img-{n % 30 // 10 * 10}/snap")
        elif kind == 4:
            glance_db.add(f"http://user:pa55-{n}@example.com/{n}")
        elif kind == 5:
            glance_db.add(f"cinder://fast/{n:08x}-0000-4000-8000-{n:012x}", meta="[1, 2]")
        elif kind == 6:
            glance_db.add(f"cinder://{n:08x}-0000-4000-8000-{n:012x}", meta={"store": "fast"})
        elif kind == 7:
            glance_db.add(f"s3://key:secret@s3.example.com/bucket/{n}", meta={"store": "nope"})
        elif kind == 8:
            glance_db.add(f"file:///var/lib/glance/images/{n}", deleted=n % 20 == 8)
        else:
            glance_db.add(f"ftp://example.com/{n}")  # an unknown scheme


def _audit(url: str, *flags: str) -> tuple[int, str]:
    result = db("audit", url, "--no-progress", *flags)
    assert result.stderr == ""
    return result.status, result.stdout


@pytest.mark.parametrize(
    "flags",
    [
        ("--json",),
        (),
        ("--json", "--no-credentials", "--glance-config", "GLANCE_CONF"),
    ],
    ids=["json", "text", "policy-and-backends"],
)
def test_jobs_give_the_same_output_as_one_process(
    sqlite_db: GlanceDb, tmp_path: Path, flags: tuple[str, ...]
) -> None:
    _fill(sqlite_db, 200)
    conf = tmp_path / "glance-api.conf"
    conf.write_text(GLANCE_CONF)
    flags = tuple(str(conf) if flag == "GLANCE_CONF" else flag for flag in flags)
    one = _audit(sqlite_db.url, *flags)
    assert one[0] == 1  # invalid rows
    assert "duplicate" in one[1]
    for jobs in ("2", "3"):
        assert _audit(sqlite_db.url, *flags, "--jobs", jobs) == one


def test_jobs_on_the_servers(glance_db: GlanceDb) -> None:
    _fill(glance_db, 60)
    one = _audit(glance_db.url, "--json")
    assert _audit(glance_db.url, "--json", "--jobs", "2") == one


def test_jobs_on_an_empty_table(sqlite_db: GlanceDb) -> None:
    status, out = _audit(sqlite_db.url, "--json", "--jobs", "2")
    assert status == 0
    assert '"rows": 0' in out


@pytest.mark.parametrize("jobs", ["0", "65", "two", "1.5"])
def test_jobs_must_be_a_small_whole_number(sqlite_db: GlanceDb, jobs: str) -> None:
    result = db("audit", sqlite_db.url, "--jobs", jobs)
    assert result.status == 2
    assert "--jobs" in result.stderr


def test_a_worker_that_cannot_read_says_so_in_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing.db'}"
    assert_one_error_line(db("audit", url, "--jobs", "2"), "missing.db")


def test_ctrl_c_stops_every_worker_with_one_line(sqlite_db: GlanceDb) -> None:
    faults.fill(sqlite_db, 20_000, lambda n: f"rbd://{FSID}/images/img-{n}/snap")
    process = subprocess.Popen(  # noqa: S603 (our own command)
        [*COMMAND, "db", "audit", sqlite_db.url, "--jobs", "2", "--no-progress"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENV,
        start_new_session=True,  # a group of its own, as a terminal's Ctrl-C reaches it
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not _workers_started(process.pid):
        time.sleep(0.01)
    assert _workers_started(process.pid), "the workers never started"
    workers = _children(process.pid)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    # None left behind (the resource tracker of multiprocessing ends at its pipe's end).
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    assert process.returncode == 2, stderr  # the command could not do its job
    assert stderr.decode().splitlines() == ["glance-locations: interrupted"]


def _workers_started(pid: int) -> bool:
    """The command has started its workers, and answers Ctrl-C again (it ignores it while
    it starts them, so that they start ignoring it)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    ignored = int(status.split("SigIgn:")[1].split()[0], 16)
    return len(_children(pid)) >= 2 and not ignored & (1 << (signal.SIGINT - 1))


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (the audit's workers)."""
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@given(
    low=st.integers(min_value=1, max_value=10**12),
    length=st.integers(min_value=1, max_value=500_000),
    jobs=st.integers(min_value=1, max_value=64),
)
def test_id_ranges_cover_every_id_once(low: int, length: int, jobs: int) -> None:
    high = low + length - 1
    ranges = id_ranges(low, high, jobs)
    assert ranges[0][0] == low
    assert ranges[-1][1] == high + 1
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
    assert all(0 < stop - start <= RANGE for start, stop in ranges)
    assert len(ranges) >= min(4 * jobs, length)
