"""Coverage-guided fuzzing of every location parser with atheris (run: ``nox -s fuzz``).

Each input is read as UTF-8 text (invalid bytes replaced) and fed to
``get_location_from_uri`` and to every built-in class's ``from_uri``. A crash is any of:

- an exception other than ``BadStoreUri`` or ``UnknownScheme``;
- a ``BadStoreUri`` whose ``uri`` is not the masked input, that chains another error,
  or whose message shows the marker ``S3CR3T`` standing in the password position;
- an accepted location that does not round-trip through ``get_uri()`` and through
  ``to_specs()``, or whose redacted URI, ``repr`` or policy reasons show the marker
  held by a secret field only;
- a policy (every rule on) raising anything.

A crash does not stop the run: the first input of each distinct one is written to
``$FUZZ_CRASH_DIR`` (default ``fuzz-crashes/``) and its traceback printed. libFuzzer's
options pass through: ``python fuzz/fuzz_locations.py -help=1``.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["glance_locations", "yarl"]):
    import attrs

    from glance_locations import (
        BadStoreUri,
        LocationPolicy,
        StoreConfig,
        StoreLocation,
        SwiftReference,
        UnknownScheme,
        get_location_from_uri,
    )
    from glance_locations._redact import mask_uri
    from glance_locations.fields import secret_fields
    from glance_locations.stores import BUILTIN_STORES

#: Where the first input of each distinct crash is kept.
CRASH_DIR = Path(os.environ.get("FUZZ_CRASH_DIR", "fuzz-crashes"))
CLASSES = tuple(BUILTIN_STORES.values())
# A swift+config reference, so that those URIs parse; its key is never in the input, so
# it must never show anywhere.
CONFIG_KEY = "K3Y-0f-the-c0nfiguration"
CONF = StoreConfig(
    swift_references={
        "ref1": SwiftReference(
            auth_address="https://keystone.example.com/v3", user="tenant:user", key=CONFIG_KEY
        )
    }
)
POLICY = LocationPolicy(
    allowed_schemes=frozenset({"file", "https"}),
    file_roots=("/var/lib/glance/images",),
    allow_credentials_in_uri=False,
    allow_private_hosts=False,
    require_tls=True,
)
# The seeds and the dictionary put this marker where secrets go; no message of ours holds
# it, so finding it where it must not be is a leak, never a coincidence.
MARKER = "S3CR3T"


def _marked_password(text: str) -> bool:
    """Whether the marker is in ``text`` once, after the first ``:`` of the userinfo."""
    sep, at = text.find("://"), text.rfind("@")
    if text.count(MARKER) != 1 or not 0 <= sep < at:
        return False
    _, colon, password = text[sep + 3 : at].partition(":")
    return bool(colon) and MARKER in password


def _check_refusal(err: BadStoreUri | UnknownScheme, text: str) -> None:
    if isinstance(err, UnknownScheme):
        return
    # The URI shown (the input, or the part of it that failed) has nothing left to mask.
    assert err.uri is None or err.uri == mask_uri(err.uri), "BadStoreUri.uri is not masked"
    assert err.__cause__ is None, "a BadStoreUri chains a lower-level error"
    assert CONFIG_KEY not in str(err), "an error shows the configuration's key"
    if _marked_password(text):
        assert MARKER not in str(err), "an error shows the password"


def _check_accepted(loc: StoreLocation) -> None:
    uri = loc.get_uri()
    again = type(loc).from_uri(uri, conf=CONF, backend_group=loc.backend_group)
    assert again == loc, "get_uri() does not round-trip"
    specs = loc.to_specs()
    assert type(loc).from_specs(specs, conf=CONF, backend_group=loc.backend_group) == loc
    reasons = POLICY.violations(loc)
    shown = [uri, repr(loc), loc.get_redacted_uri(), repr(specs), *reasons]
    assert not any(CONFIG_KEY in text for text in shown), "the configuration's key shows"
    # Secret fields are those marked by secret_field().
    secret = public = False
    for field in attrs.fields(type(loc)):
        if MARKER in str(getattr(loc, field.name)):
            if field.name in secret_fields(type(loc)):
                secret = True
            else:
                public = True
    if secret and not public:
        for text in (loc.get_redacted_uri(), repr(loc), *reasons):
            assert MARKER not in text, "a secret shows"


def _run(text: str) -> None:
    mask_uri(text)
    parsers: list[Callable[[str], StoreLocation]] = [
        lambda t: get_location_from_uri(t, conf=CONF).store_location
    ]
    parsers.extend(functools.partial(cls.from_uri, conf=CONF) for cls in CLASSES)
    for parse in parsers:
        try:
            loc = parse(text)
        except (BadStoreUri, UnknownScheme) as err:
            _check_refusal(err, text)
        else:
            _check_accepted(loc)


def _record(exc: Exception, data: bytes) -> None:
    """Keep the first input of each distinct crash (type and place) in CRASH_DIR."""
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    signature = f"{type(exc).__name__}:{frame.filename}:{frame.lineno}"
    path = CRASH_DIR / f"crash-{hashlib.sha256(signature.encode()).hexdigest()[:16]}"
    if not path.exists():
        CRASH_DIR.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"\n=== new crash, input kept in {path}: {data!r}", file=sys.stderr)
        traceback.print_exception(exc, file=sys.stderr)


def test_one_input(data: bytes) -> None:
    """Parse ``data`` as a store URI every way there is; check every invariant.

    A crash is recorded and fuzzing goes on, so that one run finds every distinct crash
    (atheris cannot run libFuzzer's fork mode, which would do that for us).
    """
    try:
        _run(data.decode("utf-8", errors="replace"))
    except Exception as exc:  # any escape is a finding: record it, go on
        _record(exc, data)


def main() -> None:
    """Hand the arguments (corpus directories, libFuzzer options) to atheris."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
