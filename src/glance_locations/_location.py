"""``Location``: a store location together with the image it holds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Generic, TypeVar, cast

import attrs

from glance_locations import _lex
from glance_locations.base import StoreLocation
from glance_locations.config import StoreConfig
from glance_locations.exceptions import BadStoreUri

if TYPE_CHECKING:
    from yarl import URL

T_co = TypeVar("T_co", bound=StoreLocation, covariant=True)


@attrs.frozen(init=False, slots=True)
class Location(Generic[T_co]):
    """Where one image lives: the store's name, its typed store location, the image id.

    Immutable, hashable and picklable; its ``repr`` never shows a secret. Covariant: a
    ``Location[RbdStoreLocation]`` is a ``Location[StoreLocation]``.
    """

    store_name: str
    # Frozen, so read-only and covariance is sound; mypy's attrs plugin still checks the
    # generated __attrs_init__ parameter as if the field could be set.
    store_location: T_co  # type: ignore[misc]
    image_id: str | None = None
    backend: str | None = None

    if TYPE_CHECKING:
        # attrs generates it (init=False); declared for pyright, which does not synthesize
        # it. Its parameters are the fields in order, but a covariant T_co may not be one.
        def __attrs_init__(self, *fields: object) -> None: ...

    def __init__(
        self,
        store_name: str,
        store_location_class: type[T_co] | None = None,
        conf: StoreConfig | None = None,
        uri: str | URL | None = None,
        image_id: str | None = None,
        store_specs: Mapping[str, object] | None = None,
        backend: str | None = None,
        *,
        store_location: T_co | None = None,
    ) -> None:
        """Build the store location from ``uri``, or else from ``store_specs``; or take
        an already built ``store_location`` (then ``store_location_class``, ``conf``,
        ``uri`` and ``store_specs`` may be omitted, and ``attrs.evolve`` works).

        ``backend`` is the store location's ``backend_group``: passed on to the parser,
        or, with ``store_location``, set on it (validated), so the two never disagree
        (``attrs.evolve(location, backend=...)`` included); left out (``None``) with
        ``store_location``, it is the store location's own.

        :raises BadStoreUri: none of ``uri``, ``store_specs``, ``store_location`` is
            given, or ``uri`` is bad.
        :raises BadStoreSpecs: ``store_specs`` is bad.
        :raises BadStoreLocation: ``backend`` is not a valid backend group of the store.
        :raises TypeError: ``store_location`` is not a store location, or not of
            ``store_location_class``; ``store_name``, ``image_id`` or ``backend`` is not
            a string (``image_id`` and ``backend`` may be ``None``).
        """
        _check_str("store_name", store_name, optional=False)
        _check_str("image_id", image_id, optional=True)
        _check_str("backend", backend, optional=True)
        if store_location is not None:
            if not isinstance(store_location, store_location_class or StoreLocation):
                raise TypeError(
                    "store_location must be a StoreLocation"
                    + (f" of {store_location_class.__name__}" if store_location_class else "")
                    + f", not {type(store_location).__name__}"
                )
            location = store_location
            if backend is None:
                backend = location.backend_group  # one value: the store location's
            elif location.backend_group != backend:
                location = attrs.evolve(location, backend_group=backend)
        elif store_location_class is None:
            raise TypeError("a Location needs a store_location_class or a store_location")
        elif uri is not None:
            location = store_location_class.from_uri(uri, conf=conf, backend_group=backend)
        elif store_specs is not None:
            location = store_location_class.from_specs(
                store_specs, conf=conf, backend_group=backend
            )
        else:
            raise BadStoreUri("a Location needs a uri or store_specs")
        self.__attrs_init__(store_name, location, image_id, backend)

    def get_store_uri(self) -> str:
        """Return the internal store URI. It may hold credentials: never log or show it."""
        return self.store_location.get_uri()

    def get_uri(self, api_endpoint: str | URL | None = None) -> str | None:
        """Return the public image URI ``<api_endpoint>/images/<image_id>``.

        The endpoint's path is kept; the image id is percent-quoted. ``None`` when the
        endpoint or the image id is missing.

        :raises ValueError: the endpoint is not an absolute http(s) URL, or it carries
            userinfo, a query or a fragment.
        """
        if api_endpoint is None or self.image_id is None:
            return None
        endpoint = _endpoint(api_endpoint)
        if endpoint.scheme not in {"http", "https"} or not endpoint.host:
            raise ValueError("api_endpoint must be an absolute http(s) URL")
        if endpoint.raw_user is not None or endpoint.raw_password is not None:
            raise ValueError("api_endpoint must not carry userinfo")
        if endpoint.raw_query_string or endpoint.raw_fragment:
            raise ValueError("api_endpoint must not carry a query or a fragment")
        base = str(endpoint).rstrip("/")
        return f"{base}/images/{_lex.quote_component(self.image_id)}"


def _check_str(what: str, value: object, *, optional: bool) -> None:
    if isinstance(value, str) or (optional and value is None):
        return
    expected = "str or None" if optional else "str"
    raise TypeError(f"{what} must be {expected}, not {type(value).__name__}")


def _endpoint(api_endpoint: str | URL) -> URL:
    """The endpoint as a URL; a malformed one is a ValueError that does not quote it."""
    url = _lex.url_class()
    if isinstance(api_endpoint, url):
        return api_endpoint
    given: object = api_endpoint
    if not isinstance(given, str):
        raise TypeError(f"api_endpoint must be str or yarl.URL, not {type(given).__name__}")
    try:
        return url(api_endpoint)
    except (ValueError, TypeError, IndexError) as exc:
        detail = str(exc)  # never passed on: yarl's words may quote credentials
    component, reason = _lex.yarl_problem(detail)
    raise ValueError(f"api_endpoint: {component}: {reason}")


_S = TypeVar("_S", bound=StoreLocation)


def located(store_name: str, store_location: _S, backend: str | None = None) -> Location[_S]:
    """``Location(store_name, store_location=store_location, backend=backend)`` for a store
    location the caller has just built (the registry): without ``__init__``'s argument
    checks, which cost as much as a fifth of parsing a URI."""
    location = cast("Location[_S]", object.__new__(Location))
    location.__attrs_init__(store_name, store_location, None, backend)
    return location
