"""Print, as JSON, the location rows Glance 33.0.0's parallel import writes first.

Run as ``python -m tests.glance_rows.placeholders IMAGE_ID STORE...`` where Glance is
installed: ``glance/async_/flows/parallel_api_image_import.py``
``_ParallelStoreImportTask._create_pending_location_rows`` runs against a database API
that records each ``image_location_add`` call (the rows it would insert) and has no
location to give back. A process of its own: importing Glance warns (eventlet, its
dependencies), which the test session turns into errors.
"""

from __future__ import annotations

import json
import sys
import warnings


class _RecordingDb:
    """The two database calls the task makes: record additions, return no locations."""

    def __init__(self) -> None:
        self.added: list[dict[str, object]] = []

    def image_location_add(
        self, context: object, image_id: str, location: dict[str, object]
    ) -> None:
        del context
        self.added.append({"image_id": image_id, **location})

    def image_get(self, context: object, image_id: str) -> dict[str, object]:
        del context, image_id
        return {"locations": []}


def main(image_id: str, stores: list[str]) -> None:
    warnings.simplefilter("ignore")
    from glance.async_.flows import parallel_api_image_import as flow  # noqa: PLC0415

    task = flow._ParallelStoreImportTask(  # pyright: ignore[reportPrivateUsage]
        "task-id", "api_image_import", None, None, None, stores, False, "glance-direct", None, None
    )
    db = _RecordingDb()
    task._create_pending_location_rows(db, image_id)
    json.dump(db.added, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
