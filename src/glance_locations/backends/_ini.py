"""Reading an INI file as oslo.config reads glance-api.conf.

oslo.config's parser (``oslo_config/iniparser.py``, ``oslo_config/cfg.py``
``ConfigParser``): a line is split at its first ``=`` or ``:`` (whichever comes first);
a value wrapped in matching quotes loses them; a line starting with whitespace continues
the value before it (joined with a newline); a blank line ends a value; ``#`` and ``;``
start a comment only at the start of a line; a key may repeat, and every occurrence is
kept (the last one counts for a single-valued option, all of them for a multi-valued one);
section names other than ``DEFAULT`` are case-insensitive.

Problems are returned as text naming the file, the line and the section, never a line's
text: a line may hold a secret.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from glance_locations._files import read_utf8

__all__ = ["IniFile", "read_ini", "shown"]


def shown(text: str) -> str:
    """``text`` quoted and escaped (``repr``): safe to print, whatever it holds."""
    return repr(text)


@attrs.frozen(kw_only=True, slots=True)
class IniFile:
    """A parsed file: per section (normalised name), per key, every value in file order."""

    path: str
    """The file's path as given (for messages)."""
    sections: Mapping[str, Mapping[str, tuple[str, ...]]] = attrs.field(repr=False)

    def values(self, section: str, key: str) -> tuple[str, ...]:
        """Every value of ``key`` in ``section`` (none when absent)."""
        return self.sections.get(normalise_section(section), {}).get(key, ())

    def has_section(self, section: str) -> bool:
        """Whether the file has ``section`` (case-insensitive but for ``DEFAULT``)."""
        return normalise_section(section) in self.sections

    def where(self, section: str, key: str | None = None) -> str:
        """``'<file>' [section] key``: where an option lives, for messages."""
        place = f"{shown(self.path)} [{shown(section)[1:-1]}]"
        return place if key is None else f"{place} {key}"


def normalise_section(name: str) -> str:
    """oslo.config's group name of a section: lower case, but ``DEFAULT`` as is."""
    return name if name == "DEFAULT" else name.lower()


def read_ini(path: str | os.PathLike[str], *, what: str) -> IniFile | str:
    """Read and parse the file at ``path``; return it, or what is wrong (no line text).

    ``what`` names the file in messages (``"glance-api.conf"``).
    """
    name = os.fspath(path)
    text = read_utf8(name, what, shown(name))
    if isinstance(text, tuple):
        return text[0]
    sections = _parse(text.splitlines())
    if isinstance(sections, str):
        return f"cannot parse {what} {shown(name)}: {sections}"
    return IniFile(
        path=name,
        sections=MappingProxyType(
            {
                section: MappingProxyType({key: tuple(v) for key, v in keys.items()})
                for section, keys in sections.items()
            }
        ),
    )


def _parse(lines: list[str]) -> dict[str, dict[str, list[str]]] | str:
    """The sections of ``lines`` (oslo.config's grammar), or the problem and its line."""
    sections: dict[str, dict[str, list[str]]] = {}
    section: str | None = None
    key: str | None = None
    key_line = 0
    value: list[str] = []

    def flush() -> str | None:
        nonlocal key, value
        if key is None:
            return None
        if section is None:
            return f"line {key_line}: an option before the first [section] header"
        sections[section].setdefault(key, []).append("\n".join(value))
        key, value = None, []
        return None

    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        if not line:
            problem = flush()
        elif line.startswith((" ", "\t")):
            if key is None:
                return f"line {number}: a continuation line with no option before it"
            value.append(line.lstrip())
            continue
        else:
            problem = flush()
            if problem is None and line.startswith("["):
                if not line.endswith("]") or len(line) <= 2:
                    return f"line {number}: a section header must be '[name]'"
                section = normalise_section(line[1:-1])
                sections.setdefault(section, {})
            elif problem is None and not line.startswith(("#", ";")):
                split = _split(line)
                if split is None:
                    return f"line {number}: not 'key = value', a [section] header or a comment"
                key, first = split
                key_line, value = number, [first]
        if problem is not None:
            return problem
    return flush() or sections


def _split(line: str) -> tuple[str, str] | None:
    """``key = value`` or ``key: value`` (the first of ``=`` and ``:`` splits), quotes
    stripped from the value; ``None`` when there is no separator or no key."""
    equal, colon = line.find("="), line.find(":")
    if equal < 0 and colon < 0:
        return None
    at = equal if colon < 0 or 0 <= equal < colon else colon
    key, value = line[:at].strip(), line[at + 1 :].strip()
    if not key:
        return None
    if value and value[0] == value[-1] and value.startswith(('"', "'")):
        value = value[1:-1]
    return key, value
