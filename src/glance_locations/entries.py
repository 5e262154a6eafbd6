"""What Glance's images API carries per location: location entries.

Two shapes (glance 33.0.0, ``glance/api/v2/images.py``):

- an image's ``locations`` item, ``{"url": ..., "metadata": {...}}``, with an optional
  ``validation_data`` when a client sets locations (``PATCH /v2/images/{id}``);
- the body of the add-location call (API 2.17, ``POST /v2/images/{id}/locations``),
  ``{"url": ..., "validation_data": {...}}``.

:meth:`LocationEntry.from_api` reads either one (an object with ``metadata`` is a
``locations`` item), with Glance 33's own rules (``_entry_rules`` cites them) and a few
stricter ones (docs/divergences.md); every problem is reported at once, keyed by JSON path.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Generic, TypeAlias, TypeVar, cast

import attrs

from glance_locations._entry_rules import (
    DEFAULT_HASHING_ALGORITHM,
    MAX_LOCATIONS_URL,
    digest_size,
    frozen_json,
    json_type,
    key_path,
    metadata_problems,
    thawed_json,
    validation_problems,
)
from glance_locations.base import StoreLocation
from glance_locations.exceptions import BadLocationEntry, BadStoreUri, GlanceStoreException

if TYPE_CHECKING:
    from glance_locations.config import StoreConfig
    from glance_locations.registry import SchemeRegistry

__all__ = ["JSON", "LocationEntry", "ValidationData", "entry_problems"]


def __dir__() -> list[str]:
    return __all__


#: A JSON value as a location's metadata holds it (Glance allows objects, arrays and
#: strings in metadata; the other JSON types are refused there, by name).
JSON: TypeAlias = "str | int | float | bool | Sequence[JSON] | Mapping[str, JSON] | None"

T_co = TypeVar("T_co", bound=StoreLocation, covariant=True)

_WHAT = "images API"
_VALIDATION_KEYS = ("checksum", "os_hash_algo", "os_hash_value")
_ITEM_KEYS = frozenset({"url", "metadata", "validation_data"})
_BODY_KEYS = frozenset({"url", "validation_data"})


@attrs.frozen(kw_only=True, slots=True)
class ValidationData:
    """The ``validation_data`` of a location entry: the image's checksum and multihash.

    Which rules apply (glance 33.0.0's own, read from its source; see docs/entries.md):

    - ``hashing_algorithm`` set: a ``locations`` item's, for a deployment with that
      ``hashing_algorithm``: ``os_hash_algo`` is it, ``os_hash_value`` its digest in
      lower-case hex, both required; ``checksum`` optional, an MD5 digest (32 lower-case
      hex digits);
    - else, with a ``checksum``: the same with the default algorithm, ``sha512``;
    - else: the add-location call's: ``os_hash_algo`` one of ``md5``, ``sha1``,
      ``sha256``, ``sha512`` and ``os_hash_value`` its digest, both or neither.

    :raises BadLocationEntry: every problem, keyed by JSON path (``$.os_hash_value``).

    .. versionadded:: 0.2
    """

    checksum: str | None = None
    os_hash_algo: str | None = None
    os_hash_value: str | None = None
    #: The deployment's ``hashing_algorithm`` a ``locations`` item is checked against
    #: (``None``: decided by ``checksum``, as above); not part of the API's data.
    hashing_algorithm: str | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        problems = [(key_path("$", key), reason) for key, reason in self._problems()]
        if problems:
            raise BadLocationEntry(_WHAT, problems)

    def _problems(self) -> list[tuple[str, str]]:
        rules = self.hashing_algorithm
        given: object = rules  # callers that do not type-check pass anything
        if given is not None and (not isinstance(given, str) or digest_size(given) is None):
            return [("hashing_algorithm", "must name a hashlib algorithm of a fixed size")]
        if rules is None and self.checksum is not None:
            rules = DEFAULT_HASHING_ALGORITHM
        return validation_problems(self.checksum, self.os_hash_algo, self.os_hash_value, rules)

    @property
    def for_locations(self) -> bool:
        """Whether the ``locations`` item rules apply (else the add-location call's)."""
        return self.hashing_algorithm is not None or self.checksum is not None

    def to_api(self) -> dict[str, str]:
        """The ``validation_data`` object: the fields that are set."""
        fields = {
            "checksum": self.checksum,
            "os_hash_algo": self.os_hash_algo,
            "os_hash_value": self.os_hash_value,
        }
        return {key: value for key, value in fields.items() if value is not None}


def _frozen_metadata(metadata: Mapping[str, JSON]) -> Mapping[str, JSON]:
    """Metadata made immutable (read-only mappings, tuples), as the field keeps it."""
    return cast("Mapping[str, JSON]", frozen_json(metadata))


@attrs.frozen(kw_only=True, slots=True)
class LocationEntry(Generic[T_co]):
    """A location entry of the images API: the parsed location, its metadata, its
    validation data.

    Immutable; covariant like ``Location``: a ``LocationEntry[RbdStoreLocation]`` is a
    ``LocationEntry[StoreLocation]``. Its ``repr`` never shows a secret (the store
    location's is redacted); :meth:`to_api` gives the URL with its credentials.

    :raises BadLocationEntry: (built directly) ``metadata`` breaks Glance's rules
        (objects, arrays and strings only; ``store`` a backend name), or a field is of
        the wrong type; every problem, keyed by JSON path (``$.metadata.store``).

    .. versionadded:: 0.2
    """

    # Frozen, so read-only and covariance is sound; mypy's attrs plugin still checks the
    # generated __init__ parameter as if the field could be set (as for Location).
    location: T_co
    metadata: Mapping[str, JSON] = attrs.field(
        factory=dict[str, "JSON"], converter=_frozen_metadata, hash=False
    )
    validation_data: ValidationData | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[tuple[str, str]] = []
        # Callers that do not type-check pass anything.
        location: object = self.location
        validation_data: object = self.validation_data
        if not isinstance(location, StoreLocation):
            found = type(location).__name__
            problems.append(("$.url", f"location must be a StoreLocation, not {found}"))
        problems += metadata_problems(self.metadata, "$.metadata")
        if validation_data is not None and not isinstance(validation_data, ValidationData):
            found = type(validation_data).__name__
            problems.append(("$.validation_data", f"must be a ValidationData, not {found}"))
        if problems:
            raise BadLocationEntry(_WHAT, problems)

    def __reduce__(self) -> tuple[object, ...]:
        # Through the class (its checks run again); the read-only metadata as plain JSON.
        return (_entry, (self.location, thawed_json(self.metadata), self.validation_data))

    @property
    def store(self) -> str | None:
        """The backend (``metadata["store"]``, multi-store Glance), or ``None``."""
        store = self.metadata.get("store")
        return store if isinstance(store, str) else None

    @classmethod
    def from_api(
        cls,
        obj: Mapping[str, object],
        *,
        registry: SchemeRegistry | None = None,
        conf: StoreConfig | None = None,
        hashing_algorithm: str = DEFAULT_HASHING_ALGORITHM,
    ) -> LocationEntry[StoreLocation]:
        """Read a ``locations`` item (it has ``metadata``) or an add-location body.

        ``registry`` parses the URL (the default registry when ``None``); ``conf``
        resolves ``swift+config`` URLs; ``hashing_algorithm`` is the deployment's, which
        a ``locations`` item's ``os_hash_algo`` must be.

        :raises BadLocationEntry: every problem, keyed by JSON path (``$.url``,
            ``$.validation_data.os_hash_value``, ``$.metadata.store``): a missing or
            unknown key, a value of the wrong type, a URL that does not parse (its
            reason, never the URL), validation data or metadata breaking the rules.
        :raises ValueError: ``hashing_algorithm`` is no hashlib algorithm of a fixed size.
        """
        if digest_size(hashing_algorithm) is None:
            raise ValueError("hashing_algorithm must name a hashlib algorithm of a fixed size")
        given: object = obj
        if not isinstance(given, Mapping):
            raise BadLocationEntry(_WHAT, [("$", f"must be an object, not {json_type(given)}")])
        body = cast("Mapping[object, object]", given)
        is_item = "metadata" in body
        problems = _unknown_keys(body, _ITEM_KEYS if is_item else _BODY_KEYS, "$")
        location = _location(body, is_item, registry, conf, problems)
        metadata = body.get("metadata", {})
        if is_item:
            problems += metadata_problems(metadata, "$.metadata")
        validation_data = None
        if "validation_data" in body:
            rules = hashing_algorithm if is_item else None
            validation_data = _validation_data(body["validation_data"], rules, problems)
        if problems or location is None:
            raise BadLocationEntry(_WHAT, problems)
        return LocationEntry(
            location=location,
            metadata=cast("Mapping[str, JSON]", metadata),
            validation_data=validation_data,
        )

    def to_api(self) -> dict[str, object]:
        """The entry as the API writes it: ``url`` (with its credentials: never log it),
        ``metadata`` (unless it is an add-location body: validation data of its rules and
        no metadata) and ``validation_data`` when set."""
        api: dict[str, object] = {"url": self.location.get_uri()}
        data = self.validation_data
        if self.metadata or data is None or data.for_locations:
            api["metadata"] = thawed_json(self.metadata)
        if data is not None:
            api["validation_data"] = data.to_api()
        return api


def _entry(
    location: StoreLocation, metadata: Mapping[str, JSON], validation_data: ValidationData | None
) -> LocationEntry[StoreLocation]:
    """Unpickle a :class:`LocationEntry`."""
    return LocationEntry(location=location, metadata=metadata, validation_data=validation_data)


def _unknown_keys(
    obj: Mapping[object, object], known: frozenset[str], path: str
) -> list[tuple[str, str]]:
    return [
        (key_path(path, str(key)), "unknown key (Glance ignores it; refused here)")
        for key in obj
        if key not in known
    ]


def _location(
    body: Mapping[object, object],
    is_item: bool,
    registry: SchemeRegistry | None,
    conf: StoreConfig | None,
    problems: list[tuple[str, str]],
) -> StoreLocation | None:
    """The parsed ``url``, or ``None`` with its problem added to ``problems``."""
    if "url" not in body:
        problems.append(("$.url", "required"))
        return None
    url = body["url"]
    if not isinstance(url, str):
        problems.append(("$.url", f"must be a string, not {json_type(url)}"))
        return None
    if is_item and len(url) > MAX_LOCATIONS_URL:
        problems.append(
            ("$.url", f"longer than {MAX_LOCATIONS_URL} characters (a locations item's limit)")
        )
    if registry is None:
        from glance_locations.registry import default_registry  # noqa: PLC0415 (import time)

        registry = default_registry
    try:
        return registry.get_location_from_uri(url, conf).store_location
    except GlanceStoreException as exc:
        problems.append(("$.url", exc.reason if isinstance(exc, BadStoreUri) else str(exc)))
        return None


def _validation_data(
    raw: object, rules: str | None, problems: list[tuple[str, str]]
) -> ValidationData | None:
    """The ``validation_data`` object read, or ``None`` with its problems added."""
    path = "$.validation_data"
    if not isinstance(raw, Mapping):
        problems.append((path, f"must be an object, not {json_type(raw)}"))
        return None
    data = cast("Mapping[object, object]", raw)
    found = _unknown_keys(data, frozenset(_VALIDATION_KEYS), path)
    found += [
        (key_path(path, str(key)), "must be a string, not null")
        for key in data
        if data[key] is None
    ]
    checksum, algo, value = (data.get(key) for key in _VALIDATION_KEYS)
    rule_problems = validation_problems(checksum, algo, value, rules)
    found += [(key_path(path, key), why) for key, why in rule_problems]
    if found:
        problems += found
        return None
    checksum, algo, value = (cast("str | None", item) for item in (checksum, algo, value))
    return ValidationData(
        checksum=checksum, os_hash_algo=algo, os_hash_value=value, hashing_algorithm=rules
    )


def _entries(document: object, path: str) -> Iterator[tuple[str, Mapping[object, object]]]:
    """Every object of ``document`` that is a location entry, with its JSON path."""
    if isinstance(document, Mapping):
        mapping = cast("Mapping[object, object]", document)
        if isinstance(mapping.get("url"), str) and (
            "metadata" in mapping or "validation_data" in mapping
        ):
            yield path, mapping
        for key, item in mapping.items():
            yield from _entries(item, key_path(path, str(key)))
    elif isinstance(document, list):
        for index, item in enumerate(cast("list[object]", document)):
            yield from _entries(item, f"{path}[{index}]")


def entry_problems(
    document: object, *, hashing_algorithm: str = DEFAULT_HASHING_ALGORITHM
) -> dict[str, str]:
    """For ``glance-locations check --input json``: each location entry of a parsed JSON
    document whose ``validation_data`` or ``metadata`` breaks the rules of
    :meth:`LocationEntry.from_api`, by the JSON path of its ``url`` (``$.locations[0].url``,
    as ``check`` names the URL), with its problems in one reason (JSON paths, never a
    value). An entry is an object with a string ``url`` and a ``metadata`` (a
    ``locations`` item) or a ``validation_data`` (an add-location body).
    """
    found: dict[str, str] = {}
    for path, entry in _entries(document, "$"):
        is_item = "metadata" in entry
        problems: list[tuple[str, str]] = []
        if is_item:
            problems += metadata_problems(entry["metadata"], "$.metadata")
        if "validation_data" in entry:
            rules = hashing_algorithm if is_item else None
            _validation_data(entry["validation_data"], rules, problems)
        if problems:
            reasons = (f"{path}{where[1:]}: {why}" for where, why in problems)
            found[key_path(path, "url")] = "; ".join(reasons)
    return found
