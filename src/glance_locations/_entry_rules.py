"""The rules of Glance 33's images API for location entries, as functions of plain data.

Read from glance 33.0.0 and glance_store 5.7.0 (docs/entries.md cites each):

- ``glance/api/v2/images.py``, ``get_add_location_properties()``: the add-location body
  (API 2.17) ``{"url", "validation_data"}``; ``validation_data`` is an object with no
  other keys than ``os_hash_algo`` (one of ``sha1``, ``sha256``, ``sha512``, ``md5``) and
  ``os_hash_value`` (a string of at most 128 characters), each requiring the other
  (``dependentRequired``); then ``ImagesController._validate_hashing_data``: the value is
  hexadecimal (``bytearray.fromhex``) of the algorithm's digest size.
- the same file, ``get_base_properties()["locations"]``: a ``locations`` item is an object
  with ``url`` (a string of at most 255 characters) and ``metadata`` (an object), both
  required, and ``validation_data`` (``checksum``: a string of 32 characters;
  ``os_hash_algo``, ``os_hash_value`` required; no other key); then
  ``ImagesController._validate_validation_data``: ``checksum`` hexadecimal of 16 bytes,
  ``os_hash_algo`` the deployment's ``hashing_algorithm`` (``glance/common/config.py``,
  default ``sha512``), ``os_hash_value`` hexadecimal of its digest size.
- ``glance_store/backend.py``, ``check_location_metadata`` (called by
  ``glance/location.py``, ``_check_image_location``): metadata values are objects, arrays
  or strings, all the way down.

Stricter than Glance (docs/divergences.md): hexadecimal must be lower-case with nothing
between the digits (``bytearray.fromhex`` takes upper case and skips white space between
bytes), and keys Glance ignores are refused.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import cast

__all__ = [
    "ADD_LOCATION_ALGORITHMS",
    "DEFAULT_HASHING_ALGORITHM",
    "digest_size",
    "frozen_json",
    "key_path",
    "metadata_problems",
    "thawed_json",
    "validation_problems",
]

#: ``os_hash_algo`` of the add-location call (glance 33 schema's ``enum``).
ADD_LOCATION_ALGORITHMS = ("sha1", "sha256", "sha512", "md5")
#: Glance's ``hashing_algorithm`` option's default.
DEFAULT_HASHING_ALGORITHM = "sha512"
#: A ``locations`` item's ``url`` is at most this long (glance 33 schema's ``maxLength``).
MAX_LOCATIONS_URL = 255

_LOWER_HEX = re.compile(r"[0-9a-f]*")
_NUMBER = "a number"
_TYPE_NAMES: dict[type, str] = {
    bool: "a boolean",
    int: _NUMBER,
    float: _NUMBER,
    type(None): "null",
    str: "a string",
}

Problem = tuple[str, str]


def key_path(path: str, key: str) -> str:
    """``$.a`` for an identifier key, ``$["a b"]`` for any other (as ``check`` writes it)."""
    return f"{path}.{key}" if key.isidentifier() else f"{path}[{json.dumps(key)}]"


def json_type(value: object) -> str:
    """What a JSON value is, in words (never its content)."""
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "an array"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def digest_size(algorithm: str) -> int | None:
    """The digest size of a hashlib algorithm, in bytes; ``None`` when hashlib has no such
    algorithm of a fixed size (Glance would fail on it: ``hashlib.new(algo).digest_size``)."""
    try:
        size = hashlib.new(algorithm).digest_size
    except (ValueError, TypeError):
        return None
    return size or None  # shake_128 and shake_256: no fixed size


def _hex_problem(value: str, size: int | None) -> str | None:
    """Why ``value`` is not the lower-case hex of ``size`` bytes (any size: ``None``)."""
    if _LOWER_HEX.fullmatch(value) is None:
        return "must be lower-case hexadecimal digits only"
    if size is not None and len(value) != 2 * size:
        return f"must be {2 * size} hexadecimal digits ({size} bytes), not {len(value)}"
    if size is None and len(value) % 2:
        return "must be an even number of hexadecimal digits"
    return None


def validation_problems(
    checksum: object, algo: object, value: object, hashing_algorithm: str | None
) -> list[Problem]:
    """The problems of validation data, each keyed by field name.

    ``hashing_algorithm`` set: the rules of a ``locations`` item of a deployment with
    that ``hashing_algorithm``; ``None``: the add-location call's rules.
    """
    problems: list[Problem] = []
    given = {"checksum": checksum, "os_hash_algo": algo, "os_hash_value": value}
    for name, item in given.items():
        if item is not None and not isinstance(item, str):
            problems.append((name, f"must be a string, not {json_type(item)}"))
    if problems:
        return problems
    if hashing_algorithm is None:
        problems += _add_location_problems(checksum, algo, value)
    else:
        problems += _locations_problems(checksum, algo, value, hashing_algorithm)
    return problems


def _add_location_problems(checksum: object, algo: object, value: object) -> list[Problem]:
    problems: list[Problem] = []
    if checksum is not None:
        problems.append(("checksum", "not accepted by the add-location call"))
    if algo is not None and algo not in ADD_LOCATION_ALGORITHMS:
        allowed = ", ".join(sorted(ADD_LOCATION_ALGORITHMS))
        problems.append(("os_hash_algo", f"must be one of {allowed}"))
    if algo is None and value is not None:
        problems.append(("os_hash_algo", "required with os_hash_value"))
    if value is None and algo is not None:
        problems.append(("os_hash_value", "required with os_hash_algo"))
    if isinstance(value, str):
        size = digest_size(algo) if algo in ADD_LOCATION_ALGORITHMS else None
        why = _hex_problem(value, size)
        if why is not None:
            problems.append(("os_hash_value", why))
    return problems


def _locations_problems(
    checksum: object, algo: object, value: object, hashing_algorithm: str
) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(checksum, str):
        why = _hex_problem(checksum, 16)
        if why is not None:
            problems.append(("checksum", f"{why} (an MD5 digest)"))
    if algo is None:
        problems.append(("os_hash_algo", "required in a locations item"))
    elif algo != hashing_algorithm:
        problems.append(
            ("os_hash_algo", f"must be the deployment's hashing_algorithm, {hashing_algorithm}")
        )
    if value is None:
        problems.append(("os_hash_value", "required in a locations item"))
    else:
        why = _hex_problem(cast("str", value), digest_size(hashing_algorithm))
        if why is not None:
            problems.append(("os_hash_value", why))
    return problems


def metadata_problems(metadata: object, path: str) -> Iterator[Problem]:
    """The problems of a location's metadata, keyed by JSON path from ``path``.

    glance_store's rule (``check_location_metadata``): objects, arrays and strings only,
    all the way down; ours too: ``store`` (the backend), when present, a non-empty string.
    """
    if not isinstance(metadata, Mapping):
        yield path, f"must be an object, not {json_type(metadata)}"
        return
    mapping = cast("Mapping[object, object]", metadata)
    store = mapping.get("store")
    if "store" in mapping and not (isinstance(store, str) and store):
        yield key_path(path, "store"), "must be a backend name (a non-empty string)"
        mapping = {key: item for key, item in mapping.items() if key != "store"}
    yield from _leaf_problems(mapping, path)


def _leaf_problems(value: object, path: str) -> Iterator[Problem]:
    if isinstance(value, str):
        return
    if isinstance(value, Mapping):
        for key, item in cast("Mapping[object, object]", value).items():
            if not isinstance(key, str):
                yield path, f"keys must be strings, not {type(key).__name__}"
                continue
            yield from _leaf_problems(item, key_path(path, key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(cast("Sequence[object]", value)):
            yield from _leaf_problems(item, f"{path}[{index}]")
    else:
        yield path, f"must be an object, an array or a string, not {json_type(value)}"


def frozen_json(value: object) -> object:
    """``value`` made immutable: objects as read-only mappings, arrays as tuples."""
    if isinstance(value, Mapping):
        items = cast("Mapping[object, object]", value).items()
        return MappingProxyType({key: frozen_json(item) for key, item in items})
    if isinstance(value, (list, tuple)):
        return tuple(frozen_json(item) for item in cast("Sequence[object]", value))
    return value


def thawed_json(value: object) -> object:
    """The JSON-ready copy of a :func:`frozen_json` value: dicts and lists."""
    if isinstance(value, Mapping):
        items = cast("Mapping[object, object]", value).items()
        return {key: thawed_json(item) for key, item in items}
    if isinstance(value, tuple):
        return [thawed_json(item) for item in cast("tuple[object, ...]", value)]
    return value
