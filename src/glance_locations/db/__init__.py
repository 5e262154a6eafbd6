"""Read and rewrite the locations of a real Glance database (the ``db`` extra).

Glance keeps each image's store URIs in its ``image_locations`` table. This package reads
them, streamed (:func:`read_locations`), and writes rewritten ones back in one
transaction with a journal (:func:`apply_changes`), which :func:`undo` plays backwards.
It needs SQLAlchemy 2 (``pip install 'glance-locations[db]'``) and the database's driver
(``psycopg`` for PostgreSQL, ``PyMySQL`` for MySQL and MariaDB; SQLite needs none).
It never creates or migrates Glance's schema.
"""

from __future__ import annotations

try:
    # Imported first, only to give the message below when it is missing.
    import sqlalchemy  # noqa: F401  # pyright: ignore[reportUnusedImport]
except ImportError as _missing:  # pragma: no cover (the test suite has the db extra)
    raise ImportError(
        "glance_locations.db needs SQLAlchemy: pip install 'glance-locations[db]'",
        name="sqlalchemy",
    ) from _missing

from glance_locations.db._apply import UndoReport, apply_changes, undo
from glance_locations.db._engine import CommitUnknown, DatabaseError, JournalError
from glance_locations.db._rows import LocationRow, read_locations

__all__ = [
    "CommitUnknown",
    "DatabaseError",
    "JournalError",
    "LocationRow",
    "UndoReport",
    "apply_changes",
    "read_locations",
    "undo",
]


def __dir__() -> list[str]:
    return __all__
