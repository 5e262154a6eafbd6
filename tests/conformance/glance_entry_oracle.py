"""Glance 33's own validation of location entries, as a process of its own.

    python tests/conformance/glance_entry_oracle.py < cases.jsonl > verdicts.jsonl

Each input line is a case, ``{"path": "add_location" | "locations", "body": ...,
"hashing_algorithm": "sha512"}``; each output line its verdict, ``{"accepted": bool,
"why": "..."}``. The functions are Glance's (glance 33.0.0, glance_store 5.7.0):

- ``add_location``: ``RequestDeserializer.add_location`` (the JSON schema of
  ``get_location_schema()``) on a ``POST /v2/images/{id}/locations`` request holding the
  body, then ``ImagesController._validate_hashing_data`` on its ``validation_data``, as
  ``ImagesController.add_location`` calls it (``glance/api/v2/images.py``);
- ``locations``: ``RequestDeserializer.update`` on a JSON-patch request adding the body
  as a ``locations`` item (``_validate_change``: the image schema), then
  ``ImagesController._validate_validation_data`` for a new image (status ``queued``,
  nothing set yet: every value is checked), as ``_do_add_locations`` calls it, then
  glance_store's ``check_location_metadata`` on its ``metadata``, as
  ``glance/location.py``'s ``_check_image_location`` does.

A process of its own: Glance registers its options on oslo.config's global ``CONF`` and
its dependencies warn on import; the test process sees neither.
"""

from __future__ import annotations

import importlib
import json
import sys
import warnings
from typing import Any

warnings.simplefilter("ignore")  # Glance's dependencies (eventlet, ...) warn on import

# Imported by name: Glance has no type information (nor stubs here), its objects are Any.
domain = importlib.import_module("glance.domain")
images = importlib.import_module("glance.api.v2.images")
wsgi = importlib.import_module("glance.common.wsgi")
webob_exc = importlib.import_module("webob.exc")
backend = importlib.import_module("glance_store.backend")
store_exceptions = importlib.import_module("glance_store.exceptions")
cfg = importlib.import_module("oslo_config.cfg")

CONF: Any = cfg.CONF
CONF([], project="glance", default_config_files=[])
DESERIALIZER = images.RequestDeserializer()
# The two methods use no state of the controller: no database, no store, no policy.
CONTROLLER = images.ImagesController.__new__(images.ImagesController)


def _request(method: str, path: str, content_type: str, body: object) -> Any:
    request = wsgi.Request.blank(path, method=method)
    request.body = json.dumps(body).encode()
    request.content_type = content_type
    return request


def add_location(body: object) -> None:
    """Raise as Glance does for an add-location body it refuses."""
    request = _request("POST", "/v2/images/1/locations", "application/json", body)
    checked = DESERIALIZER.add_location(request)["body"]
    validation_data = checked.get("validation_data", {})
    if validation_data is not None:
        CONTROLLER._validate_hashing_data(validation_data)


def locations(item: object) -> None:
    """Raise as Glance does for a locations item it refuses."""
    patch = [{"op": "add", "path": "/locations/-", "value": item}]
    content_type = "application/openstack-images-v2.1-json-patch"
    request = _request("PATCH", "/v2/images/1", content_type, patch)
    value = DESERIALIZER.update(request)["changes"][0]["value"]
    image = domain.ImageFactory().new_image(image_id="1", owner="o")
    CONTROLLER._validate_validation_data(image, [value])
    backend.check_location_metadata(value["metadata"])


def verdict(case: dict[str, Any]) -> dict[str, object]:
    CONF.set_override("hashing_algorithm", case["hashing_algorithm"])
    check = add_location if case["path"] == "add_location" else locations
    try:
        check(case["body"])
    except (webob_exc.HTTPException, store_exceptions.BackendException) as exc:
        return {"accepted": False, "why": f"{type(exc).__name__}: {str(exc)[:300]}"}
    except Exception as exc:  # Glance would answer 500: not accepted either
        return {"accepted": False, "why": f"error {type(exc).__name__}: {str(exc)[:300]}"}
    return {"accepted": True, "why": ""}


def main() -> int:
    for line in sys.stdin:
        if line.strip():
            sys.stdout.write(json.dumps(verdict(json.loads(line))) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
