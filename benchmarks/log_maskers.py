"""Recall of log maskers on one corpus: ours, oslo.utils' ``mask_password``, detect-secrets.

    PYTHONPATH=src python benchmarks/log_maskers.py

The corpus is ``tests/credential_corpus.py``: every store's credential forms (userinfo,
pre-signed and token query parameters), written plainly, as ``repr``, JSON-escaped and
percent-encoded, in a record's message, argument, exception text and stack text. A sample
is masked when none of its secrets' marks is left in the formatted record. Ours is
``RedactingFilter`` on the record; the others get the formatted record's text, the best
they can be given:

- ``mask_password``: oslo.utils' ``strutils.mask_password(text)``;
- detect-secrets: every secret a plugin reports in the text is replaced by ``***``, with
  the basic-auth plugin alone (``BasicAuthDetector``), and with every default plugin and
  filter (``SecretsCollection.scan_file`` of the text, default settings).

oslo.utils and detect-secrets are measured only where they are installed (never
dependencies of ours); a missing one is reported as such.
"""

from __future__ import annotations

import argparse
import collections
import importlib
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import cast

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the corpus lives with the tests

from tests.credential_corpus import Sample, formatted, leaked, record, samples  # noqa: E402

from glance_locations.log import RedactingFilter  # noqa: E402 (after the path)

Masker = Callable[[str], str]


def _ours(sample: Sample) -> str:
    made = record(sample)
    RedactingFilter().filter(made)
    return formatted(made)


def _masked_by(masker: Masker) -> Callable[[Sample], str]:
    return lambda sample: masker(formatted(record(sample)))


def _module(name: str) -> ModuleType | None:
    """An optional module, measured only where installed (never a dependency of ours)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _oslo() -> Masker | None:
    strutils = _module("oslo_utils.strutils")
    return None if strutils is None else cast("Masker", strutils.mask_password)


def _replace(text: str, secrets: set[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, "***")
    return text


def _detect_secrets_basic_auth() -> Masker | None:
    plugin = _module("detect_secrets.plugins.basic_auth")
    if plugin is None:
        return None
    detector = plugin.BasicAuthDetector()

    def mask(text: str) -> str:
        found = {
            str(secret.secret_value)
            for number, line in enumerate(text.splitlines(), start=1)
            for secret in detector.analyze_line(filename="log", line=line, line_number=number)
        }
        return _replace(text, found)

    return mask


def _detect_secrets_default() -> Masker | None:
    collections_module = _module("detect_secrets.core.secrets_collection")
    settings = _module("detect_secrets.settings")
    if collections_module is None or settings is None:
        return None

    def mask(text: str) -> str:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "glance-api.log"
            path.write_text(text, encoding="utf-8")
            with settings.default_settings():
                collection = collections_module.SecretsCollection()
                collection.scan_file(str(path))
            found = {str(secret.secret_value) for _, secret in collection}
        return _replace(text, found)

    return mask


def measure(corpus: Sequence[Sample]) -> dict[str, tuple[int, dict[str, int]] | None]:
    """Per masker: how many samples it masked fully, and its misses per form and place."""
    maskers: dict[str, Callable[[Sample], str] | None] = {"RedactingFilter": _ours}
    for name, make in (
        ("oslo.utils mask_password", _oslo),
        ("detect-secrets BasicAuthDetector", _detect_secrets_basic_auth),
        ("detect-secrets default plugins", _detect_secrets_default),
    ):
        masker = make()
        maskers[name] = None if masker is None else _masked_by(masker)
    results: dict[str, tuple[int, dict[str, int]] | None] = {}
    for name, run in maskers.items():
        if run is None:
            results[name] = None
            continue
        misses: collections.Counter[str] = collections.Counter()
        masked = 0
        for sample in corpus:
            if leaked(sample, run(sample)):
                misses[sample.store] += 1
                misses[f"form {sample.form}"] += 1
                misses[f"place {sample.place}"] += 1
            else:
                masked += 1
        results[name] = (masked, dict(misses))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.parse_args(argv)
    corpus = samples()
    print(f"corpus: {len(corpus)} samples")
    for name, result in measure(corpus).items():
        if result is None:
            print(f"{name}: not installed")
            continue
        masked, misses = result
        recall = 100 * masked / len(corpus)
        detail = ", ".join(f"{key}: {count}" for key, count in sorted(misses.items()))
        print(f"{name}: recall {recall:.1f} % ({masked}/{len(corpus)})")
        if detail:
            print(f"    misses by store, form, place: {detail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
