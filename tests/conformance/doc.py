"""Read the entries of ``docs/divergences.md``: one per rule identifier, with an example.

Each entry is a ``### `<rule id>``` heading followed by, among other lines, one line
``- **Example** (`<store>`): `<uri>``` (the URI may not contain a backtick; ``\\t`` and
``\\n`` stand for a tab and a newline, ``{x*N}`` for ``N`` repetitions of ``x``).
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

DOC = Path(__file__).resolve().parents[2] / "docs" / "divergences.md"

_HEADING = re.compile(r"^### `([a-z0-9-]+)`$", re.MULTILINE)
_EXAMPLE = re.compile(r"^- \*\*Example\*\* \(`([a-z0-9]+)`\): `([^`]+)`$", re.MULTILINE)
_REPEAT = re.compile(r"\{(.)\*(\d+)\}")
_ESCAPES = {"\\t": "\t", "\\n": "\n", "\\ud800": "\ud800"}
_ESCAPE = re.compile(r"\\(?:[tn]|ud800)")


@attrs.frozen
class Entry:
    """One documented divergence."""

    rule_id: str
    store: str
    example: str


def _unescape(text: str) -> str:
    text = _REPEAT.sub(lambda m: m.group(1) * int(m.group(2)), text)
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group()], text)


def entries(text: str | None = None) -> list[Entry]:
    """Parse the document (``DOC`` unless ``text`` is given); every entry needs an example.

    :raises ValueError: an entry has no example line, or more than one.
    """
    if text is None:
        text = DOC.read_text(encoding="utf-8")
    headings = list(_HEADING.finditer(text))
    found: list[Entry] = []
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        examples = _EXAMPLE.findall(text, heading.end(), end)
        if len(examples) != 1:
            raise ValueError(
                f"entry {heading.group(1)!r} needs exactly one example line, has {len(examples)}"
            )
        store, example = examples[0]
        found.append(Entry(heading.group(1), store, _unescape(example)))
    return found
