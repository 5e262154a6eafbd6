"""read_locations on real databases: rows, joins, deleted rows, streaming, errors."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Generator
from pathlib import Path
from typing import cast

import pytest
import sqlalchemy as sa

import glance_locations
from glance_locations.db import DatabaseError, LocationRow, read_locations
from glance_locations.db._engine import run
from glance_locations.db._schema import locations
from tests.db.conftest import CREATED, GlanceDb

RBD = "rbd://fsid/images/0d6c1b7e/snap"
SWIFT = "swift://account%3Auser:pa55word@authurl.com/v1/glance/obj"


def test_rows_in_id_order_with_their_image(glance_db: GlanceDb) -> None:
    image = glance_db.add_image(status="queued")
    first = glance_db.add(RBD, image_id=image, meta={"store": "ceph"})
    second = glance_db.add("file:///var/lib/glance/images/x", meta=None)
    rows = list(read_locations(glance_db.url))
    assert rows == [
        LocationRow(
            id=first,
            image_id=image,
            value=RBD,
            meta_data={"store": "ceph"},
            deleted=False,
            status="active",
            image_status="queued",
        ),
        LocationRow(
            id=second,
            image_id=rows[1].image_id,
            value="file:///var/lib/glance/images/x",
            meta_data={},
            deleted=False,
            status="active",
            image_status="active",
        ),
    ]


def test_deleted_rows_and_rows_of_deleted_images_only_on_request(glance_db: GlanceDb) -> None:
    live = glance_db.add(RBD)
    gone = glance_db.add(RBD, deleted=True, status="deleted")
    dead_image = glance_db.add_image(status="deleted", deleted=True)
    orphan = glance_db.add(RBD, image_id=dead_image)
    assert [row.id for row in read_locations(glance_db.url)] == [live]
    everything = list(read_locations(glance_db.url, include_deleted=True))
    assert [(row.id, row.deleted) for row in everything] == [
        (live, False),
        (gone, True),
        (orphan, True),
    ]


def test_null_meta_data_is_an_empty_object(glance_db: GlanceDb) -> None:
    row_id = glance_db.add(RBD)
    with glance_db.engine.begin() as connection:
        connection.execute(sa.update(locations).values(meta_data=None))
    assert [row.meta_data for row in read_locations(glance_db.url)] == [{}]
    assert row_id


def test_meta_data_that_is_not_an_object_is_an_error_naming_the_row(sqlite_db: GlanceDb) -> None:
    row_id = sqlite_db.add(RBD, meta="[1, 2]")
    with pytest.raises(DatabaseError, match=rf"^row {row_id}: meta_data is not a JSON object$"):
        list(read_locations(sqlite_db.url))


def test_repr_masks_credentials() -> None:
    row = LocationRow(
        id=1,
        image_id="i",
        value=SWIFT,
        meta_data={},
        deleted=False,
        status="active",
        image_status="active",
    )
    assert "pa55word" not in repr(row)
    assert "***" in repr(row)
    unparsable = LocationRow(
        id=1,
        image_id="i",
        value="http://user:pa55word@host/x?token=t0ken#frag",
        meta_data={},
        deleted=False,
        status="active",
        image_status="active",
    )
    assert "pa55word" not in repr(unparsable)
    assert "t0ken" not in repr(unparsable)


def test_rows_are_immutable_and_hashable() -> None:
    row = LocationRow(
        id=1,
        image_id="i",
        value=RBD,
        meta_data={"store": "a"},
        deleted=False,
        status="active",
        image_status="active",
    )
    with pytest.raises(AttributeError):
        row.value = "x"  # type: ignore[misc]  # the point: frozen
    assert hash(row) == hash(
        LocationRow(
            id=1,
            image_id="i",
            value=RBD,
            meta_data={"store": "a"},
            deleted=False,
            status="active",
            image_status="active",
        )
    )


def test_reading_is_streamed_in_batches(glance_db: GlanceDb) -> None:
    """More rows than one batch come out whole, and a reader that stops early is fine."""
    image = glance_db.add_image()
    with glance_db.engine.begin() as connection:
        connection.execute(
            locations.insert(),
            [
                {
                    "image_id": image,
                    "value": f"rbd://f/images/img-{n}/snap",
                    "created_at": CREATED,
                    "deleted": False,
                    "meta_data": "{}",
                    "status": "active",
                }
                for n in range(2500)
            ],
        )
    values = [row.value for row in read_locations(glance_db.url)]
    assert values == [f"rbd://f/images/img-{n}/snap" for n in range(2500)]
    rows = read_locations(glance_db.url)
    assert isinstance(rows, Generator)
    rows = cast("Generator[LocationRow, None, None]", rows)  # (isinstance: Unknown)
    assert next(rows).value == "rbd://f/images/img-0/snap"
    rows.close()  # ends the transaction: the database can be dropped afterwards


def test_the_read_transaction_is_read_only(glance_db: GlanceDb) -> None:
    glance_db.add(RBD)

    def write(connection: sa.Connection) -> None:
        connection.execute(sa.update(locations).values(value="rbd://x"))

    with pytest.raises(DatabaseError, match=r"read.only|readonly|query_only|READ ONLY"):
        run(glance_db.url, write, write=False)
    assert [row.value for row in read_locations(glance_db.url)] == [RBD]


STREAM_CHECK = """
import resource, sys
from glance_locations.db import read_locations

def peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux

from glance_locations.db._engine import run

run(sys.argv[1], lambda connection: None, write=False)  # driver and dialect loaded
before = peak()
count = sum(1 for _ in read_locations(sys.argv[1]))
print(count, peak() - before)
"""


def test_memory_does_not_grow_with_the_table(glance_db: GlanceDb) -> None:
    """80 MB of rows read in a process whose peak memory grows by far less than that:
    the rows are streamed (a buffered cursor would hold them all)."""
    image = glance_db.add_image()
    padding = "x" * 10_000
    with glance_db.engine.begin() as connection:
        for start in range(0, 8000, 500):
            connection.execute(
                locations.insert(),
                [
                    {
                        "image_id": image,
                        "value": f"file:///var/lib/glance/images/{n}-{padding}",
                        "created_at": CREATED,
                        "deleted": False,
                        "meta_data": "{}",
                        "status": "active",
                    }
                    for n in range(start, start + 500)
                ],
            )
    env = dict(os.environ, PYTHONPATH=str(Path(glance_locations.__file__).parents[1]))
    done = subprocess.run(  # noqa: S603 (our interpreter, our script)
        [sys.executable, "-c", STREAM_CHECK, glance_db.url],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    count, growth_kib = map(int, done.stdout.split())
    assert count == 8000
    assert growth_kib < 20 * 1024  # the table holds 80 MB of values; a batch 10 MB
