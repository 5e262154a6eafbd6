"""User-side code: location entries (covariant), the redacting filter in a ``dictConfig``,
scheme map values of any mapping type, a frozen registry.

Checked (not collected) by ``test_checkers.py``: every ``assert_type`` must hold under both
checkers in strict mode, and each ``check_*`` function runs.
"""

from __future__ import annotations

import io
import logging
import logging.config
from collections.abc import Mapping, Sequence

from typing_extensions import assert_type

from glance_locations import (
    BadLocationEntry,
    BadStoreConfiguration,
    RbdStoreLocation,
    SchemeInfo,
    SchemeRegistry,
    StoreLocation,
)
from glance_locations.entries import JSON, LocationEntry, ValidationData
from glance_locations.log import RedactingFilter

RBD = "rbd://6a1c5f6e/images/b2e0d9c4/snap"
SHA512 = "0" * 128


def rbd_entries(
    entries: Sequence[LocationEntry[StoreLocation]],
) -> list[LocationEntry[RbdStoreLocation]]:
    """The rbd entries, typed as such."""
    found: list[LocationEntry[RbdStoreLocation]] = []
    for entry in entries:
        location = entry.location
        if isinstance(location, RbdStoreLocation):
            found.append(
                LocationEntry(
                    location=location,
                    metadata=entry.metadata,
                    validation_data=entry.validation_data,
                )
            )
    return found


def backends(entries: Sequence[LocationEntry[StoreLocation]]) -> list[str | None]:
    """Takes entries of any store: rbd entries too (covariance)."""
    return [entry.store for entry in entries]


def check_entries_are_covariant() -> None:
    item: dict[str, object] = {
        "url": RBD,
        "metadata": {"store": "ceph"},
        "validation_data": {"os_hash_algo": "sha512", "os_hash_value": SHA512},
    }
    entry = LocationEntry.from_api(item)
    assert_type(entry, LocationEntry[StoreLocation])
    rbd = rbd_entries([entry])
    assert_type(rbd[0], LocationEntry[RbdStoreLocation])
    assert_type(rbd[0].location.pool, str | None)
    assert rbd[0].location.pool == "images"
    general: LocationEntry[StoreLocation] = rbd[0]  # a LocationEntry[Rbd...] is one of these
    assert backends(rbd) == ["ceph"]
    assert general.store == "ceph"
    assert_type(entry.metadata, Mapping[str, JSON])
    assert_type(entry.validation_data, ValidationData | None)
    assert_type(entry.to_api(), dict[str, object])
    assert entry.to_api() == item
    assert_type(
        ValidationData(os_hash_algo="md5", os_hash_value="0" * 32).to_api(), dict[str, str]
    )


def check_bad_entries_name_json_paths() -> None:
    try:
        LocationEntry.from_api({"url": RBD, "metadata": {"size": 1}})
    except BadLocationEntry as exc:
        problems = exc.problems
        assert_type(problems, tuple[tuple[str, str], ...])
        assert problems[0][0] == "$.metadata.size"
    else:
        raise AssertionError("not refused")


def check_filter_in_dict_config() -> None:
    stream = io.StringIO()
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "filters": {"redact": {"()": "glance_locations.log.RedactingFilter"}},
            "handlers": {
                "out": {"class": "logging.StreamHandler", "stream": stream, "filters": ["redact"]}
            },
            "loggers": {"user_entries_logging": {"handlers": ["out"], "propagate": False}},
        }
    )
    logger = logging.getLogger("user_entries_logging")
    try:
        logger.warning("copying %s", "s3://AKIA:se/cret@s3.example.com/b/k")
    finally:
        logger.handlers.clear()
    assert stream.getvalue() == "copying s3://***@s3.example.com/b/k\n"
    redacting: logging.Filter = RedactingFilter()
    record = logging.makeLogRecord({"msg": "https://u:p@h/x"})
    assert_type(redacting.filter(record), bool)
    assert record.getMessage() == "https://***@h/x"


def check_scheme_map_values_of_any_mapping_type() -> None:
    registry = SchemeRegistry(entry_points=False)
    value: dict[str, object] = {"location_class": RbdStoreLocation, "store": "rbd"}
    registry.register_scheme_map({"ceph": value})
    mixed: Mapping[str, SchemeInfo | Mapping[str, object]] = {
        "rbd": SchemeInfo(location_class=RbdStoreLocation, store="rbd"),
        "rbd2": value,
    }
    registry.register_scheme_map(mixed)
    registry.register_scheme_backend_map({"rbd": {"ceph-a": value}})
    assert sorted(registry.schemes) == ["ceph", "rbd", "rbd2"]
    registry.freeze()
    assert_type(registry.frozen, bool)
    try:
        registry.register_scheme_map({"rbd3": value})
    except BadStoreConfiguration:
        pass
    else:
        raise AssertionError("a frozen registry registered")
