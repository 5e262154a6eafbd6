"""The rows Glance 33 leaves behind: placeholders, stale placeholders, orphans, rows
awaiting the scrubber, active images without a location."""

from __future__ import annotations

import datetime

import attrs
import pytest

from glance_locations.backends import (
    IMPORT_TAG,
    LocationRow,
    image_lacks_location,
    is_placeholder,
    placeholder_parts,
    row_findings,
)

IMAGE = "3a1f0c52-8a8e-4e4b-9c39-0d6a4b7e2f10"
NOW = datetime.datetime(2026, 12, 7, 12, 0, 0)
DAY = datetime.timedelta(hours=24)
PLACEHOLDER = f"pending://parallel-import/{IMAGE}/ceph_b"
TAGGED = {"store": "ceph_b", IMPORT_TAG: "pending"}


def _row(**changes: object) -> LocationRow:
    row = LocationRow(
        url=PLACEHOLDER,
        metadata=TAGGED,
        status="pending",
        deleted=False,
        image_id=IMAGE,
        image_status="importing",
        image_deleted=False,
        changed_at=NOW - datetime.timedelta(hours=1),
    )
    return attrs.evolve(row, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "image_id", "parts"),
    [
        pytest.param(PLACEHOLDER, IMAGE, (IMAGE, "ceph_b"), id="glance-form"),
        pytest.param(f"pending://parallel-import/{IMAGE}/_", None, (IMAGE, "_"), id="no-store"),
        pytest.param(PLACEHOLDER, "another-image", None, id="other-image"),
        pytest.param(f"pending://parallel-import/{IMAGE}", None, None, id="no-store-segment"),
        pytest.param(f"pending://parallel-import/{IMAGE}/a/b", None, None, id="extra-segment"),
        pytest.param(f"pending://other/{IMAGE}/ceph_b", None, None, id="other-kind"),
        pytest.param(f"rbd://{IMAGE}", None, None, id="real-location"),
    ],
)
def test_placeholder_parts(url: str, image_id: str | None, parts: tuple[str, str] | None) -> None:
    assert placeholder_parts(url, image_id) == parts


def test_placeholder_needs_glance_metadata() -> None:
    assert is_placeholder(PLACEHOLDER, TAGGED, image_id=IMAGE)
    assert not is_placeholder(PLACEHOLDER, {"store": "ceph_b"}, image_id=IMAGE)
    assert not is_placeholder(PLACEHOLDER, {**TAGGED, "store": "ceph_a"}, image_id=IMAGE)
    assert is_placeholder(f"pending://parallel-import/{IMAGE}/_", {IMPORT_TAG: "pending"})


@pytest.mark.parametrize(
    ("changes", "findings"),
    [
        pytest.param({}, ("placeholder",), id="fresh-import"),
        pytest.param({"status": "uploading"}, ("placeholder",), id="uploading"),
        pytest.param(
            {"changed_at": NOW - DAY - datetime.timedelta(seconds=1)},
            ("placeholder", "stale-placeholder"),
            id="older-than-stale-after",
        ),
        pytest.param(
            {"image_status": "active"},
            ("placeholder", "stale-placeholder"),
            id="image-already-active",
        ),
        pytest.param(
            {"image_status": "deleted", "image_deleted": True},
            ("placeholder", "stale-placeholder", "orphan"),
            id="image-deleted",
        ),
        pytest.param({"deleted": True, "status": "deleted"}, (), id="cleaned-up"),
        pytest.param(
            {
                "url": f"rbd://{IMAGE}",
                "metadata": {},
                "status": "active",
                "image_status": "active",
            },
            (),
            id="real-active-row",
        ),
        pytest.param(
            {"url": f"rbd://{IMAGE}", "metadata": {}, "status": "active", "image_deleted": True},
            ("orphan",),
            id="orphan",
        ),
        pytest.param(
            {
                "url": f"rbd://{IMAGE}",
                "metadata": {},
                "status": "pending_delete",
                "deleted": True,
                "image_status": "deleted",
                "image_deleted": True,
                "changed_at": NOW - 2 * DAY,
            },
            ("awaiting-scrubber",),
            id="awaiting-scrubber",
        ),
        pytest.param(
            {
                "url": f"rbd://{IMAGE}",
                "metadata": {},
                "status": "pending_delete",
                "deleted": True,
                "image_deleted": True,
            },
            (),
            id="recently-queued",
        ),
    ],
)
def test_row_findings(changes: dict[str, object], findings: tuple[str, ...]) -> None:
    assert row_findings(_row(**changes), now=NOW, stale_after=DAY) == findings


@pytest.mark.parametrize(
    ("status", "deleted", "rows", "lacks"),
    [
        pytest.param("active", False, [], True, id="no-rows"),
        pytest.param("active", False, [("active", False)], False, id="one-active"),
        pytest.param(
            "active", False, [("deleted", True), ("pending", False)], True, id="none-live"
        ),
        pytest.param("queued", False, [], False, id="not-active"),
        pytest.param("active", True, [], False, id="deleted-image"),
    ],
)
def test_image_lacks_location(
    status: str, deleted: bool, rows: list[tuple[str, bool]], lacks: bool
) -> None:
    assert image_lacks_location(rows, image_status=status, image_deleted=deleted) is lacks


def test_no_credential_in_repr() -> None:
    row = _row(url="s3://AKIAOLD:olds3cret@rgw.example.com/glance/obj", metadata={"k": "v"})
    text = repr(row)
    assert "olds3cret" not in text
    assert "rgw.example.com/glance/obj" in text
    assert "'k'" not in text
