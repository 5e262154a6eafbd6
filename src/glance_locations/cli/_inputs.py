"""The inputs ``check`` reads: the URIs of a file, one record at a time.

- ``lines``: one URI per line (blank lines and lines starting with ``#`` skipped);
- ``csv`` / ``tsv``: a header row, then rows; a column holds the URI (``value``, the
  column of Glance's ``image_locations`` table) and another may name the row (``id``);
- ``json``: one JSON document (``openstack image show -f json``, ``image list --long
  -f json``) or JSON lines; every string under a key ``url``, ``direct_url`` or ``value``.

Each reader yields :class:`Record` objects; a record that cannot be checked (bytes that
are not UTF-8, a line too long to be a URI, malformed JSON, a short CSV row) comes with
its ``problem`` and no text, so that the report stays complete.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from collections.abc import Generator, Iterator, Sequence
from typing import IO, NamedTuple, cast

from glance_locations._lex import MAX_URI_LENGTH
from glance_locations._redact import mask_uri, redact
from glance_locations.cli._errors import CommandError
from glance_locations.cli._reading import read_lines, undecodable
from glance_locations.entries import entry_problems

__all__ = ["FORMATS", "JSON_KEYS", "LINE_LIMIT", "Record", "read_records"]

#: A line is read up to this many bytes: more than any valid URI can take (4 bytes per
#: character in UTF-8), so a longer line is invalid and is skipped unread.
LINE_LIMIT = 4 * (MAX_URI_LENGTH + 1) + 2
#: The largest CSV field read (a URI column, a ``meta_data`` JSON text).
FIELD_LIMIT = 4 * LINE_LIMIT
FORMATS = ("lines", "csv", "tsv", "json")
#: In JSON input, the strings under these keys are checked.
JSON_KEYS = frozenset({"url", "direct_url", "value"})
_LINE_SPACE = " \t\r\n\f\v"  # around a URI on a line: ASCII white space only
_URI_START = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")


class Record(NamedTuple):
    """One URI to check, and where it was found (a tuple: made once per line of input,
    it costs a fifth of what an attrs class does)."""

    #: The line it was found on (where its CSV row or JSON document starts).
    line: int
    #: The URI; ``None`` when the record cannot be checked (see ``problem``).
    text: str | None
    #: Why the record cannot be checked.
    problem: str | None = None
    #: What of an uncheckable record may be shown (redacted), if anything.
    shown: str | None = None
    #: The row's id (``--id-column``): a number when it is written as one.
    row_id: int | str | None = None
    #: The JSON path of the string (``$.locations[1].url``).
    path: str | None = None

    @property
    def label(self) -> str | None:
        """How a problem line names the record beyond its line: ``id=42``, a JSON path."""
        if self.row_id is not None:
            return f"id={self.row_id}"
        return self.path


def read_records(
    stream: IO[bytes],
    name: str,
    form: str,
    *,
    column: str = "value",
    id_column: str | None = None,
) -> Generator[Record]:
    """The records of one input in the format ``form`` (one of :data:`FORMATS`)."""
    if form == "lines":
        return _line_records(stream, name)
    if form in {"csv", "tsv"}:
        delimiter = "," if form == "csv" else "\t"
        return _table_records(stream, name, delimiter, column, id_column)
    return _json_records(stream, name)


# --- lines ---------------------------------------------------------------------------


def _line_records(stream: IO[bytes], name: str) -> Generator[Record]:
    for number, raw, complete in read_lines(stream, name, LINE_LIMIT):
        if not complete:
            prefix = mask_uri(raw.decode("utf-8", "replace")).lstrip(_LINE_SPACE)
            shown = prefix if _URI_START.match(prefix) else None  # not a URI: not shown
            problem = f"URI is longer than {MAX_URI_LENGTH} characters (line skipped unread)"
            yield Record(number, None, problem, shown)
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Record(number, None, undecodable(raw, exc))
            continue
        if number == 1:
            text = text.removeprefix("\ufeff")  # a byte order mark, from an editor
        text = text.strip(_LINE_SPACE)
        if text and not text.startswith("#"):
            yield Record(number, text)


# --- csv and tsv ---------------------------------------------------------------------


#: An id column of more digits than this is kept as text (no database id is that long;
#: ``int()`` refuses more than 4,300 digits).
_ID_DIGITS = 40


def _row_id(value: str) -> int | str:
    if value.isascii() and value.isdecimal() and len(value) <= _ID_DIGITS:
        return int(value)
    return value


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _table_records(
    stream: IO[bytes], name: str, delimiter: str, column: str, id_column: str | None
) -> Generator[Record]:
    # Bytes that are not UTF-8 are kept as lone surrogates: the row is then reported
    # (its value cannot be a URI), and the rows after it are still read.
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="surrogateescape", newline="")
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    reader = csv.reader(text, delimiter=delimiter, strict=True)
    try:
        yield from _rows(reader, name, column, id_column)
    except csv.Error as exc:
        raise CommandError(f"{name}:{reader.line_num}: not valid CSV: {exc}") from None
    except OSError as exc:
        raise CommandError(f"cannot read {name}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(ValueError, OSError):  # closed by the caller already
            text.detach()  # the stream belongs to the caller


def _column(header: Sequence[str], wanted: str, name: str, option: str) -> int:
    try:
        return header.index(wanted)
    except ValueError:
        columns = redact(", ".join(header))
        raise CommandError(
            f"{name}: {option}: no column {wanted!r} in the header (columns: {columns})"
        ) from None


def _rows(
    reader: Iterator[list[str]], name: str, column: str, id_column: str | None
) -> Iterator[Record]:
    header = next(reader, None)
    if header is None:
        return
    if header:
        header[0] = header[0].removeprefix("\ufeff")
    value_at = _column(header, column, name, "--column")
    id_at: int | None = None
    if id_column is not None:
        id_at = _column(header, id_column, name, "--id-column")
    elif "id" in header:
        id_at = header.index("id")
    line = getattr(reader, "line_num", 1) + 1
    for row in reader:
        start, line = line, getattr(reader, "line_num", line) + 1
        if not row:
            continue  # a blank line
        row_id = None
        if id_at is not None and id_at < len(row) and not _has_surrogates(row[id_at]):
            row_id = _row_id(row[id_at])
        if len(row) != len(header):
            problem = f"the row has {len(row)} fields, the header {len(header)}"
            yield Record(start, None, problem, row_id=row_id)
            continue
        value = row[value_at]
        if _has_surrogates(value):
            raw = value.encode("utf-8", "surrogateescape")
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Record(start, None, undecodable(raw, exc), row_id=row_id)
                continue
        yield Record(start, value, row_id=row_id)


# --- json ----------------------------------------------------------------------------


def _key_path(path: str, key: str) -> str:
    return f"{path}.{key}" if key.isidentifier() else f"{path}[{json.dumps(key)}]"


def _strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    """Every ``(JSON path, string)`` under a key of :data:`JSON_KEYS` in ``value``."""
    if isinstance(value, dict):
        # Parsed JSON: objects have str keys (isinstance leaves the parameters unknown).
        for key, item in cast("dict[str, object]", value).items():
            where = _key_path(path, key)
            if key in JSON_KEYS and isinstance(item, str):
                yield where, item
            elif key in JSON_KEYS and isinstance(item, list):
                for index, element in enumerate(cast("list[object]", item)):
                    if isinstance(element, str):
                        yield f"{where}[{index}]", element
                    else:
                        yield from _strings(element, f"{where}[{index}]")
            else:
                yield from _strings(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(cast("list[object]", value)):
            yield from _strings(item, f"{path}[{index}]")


def _document(text: str, line: int) -> Iterator[Record]:
    """The records of one JSON document that starts on ``line``."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        # The position, never the text: it may hold a secret.
        where = line + exc.lineno - 1
        yield Record(where, None, f"not valid JSON: {exc.msg} (column {exc.colno})")
        return
    except RecursionError:
        yield Record(line, None, "not valid JSON: nested too deeply")
        return
    except ValueError:  # an integer of more digits than int() converts
        yield Record(line, None, "not valid JSON: a number too large to convert")
        return
    # Location entries (a locations item, an add-location body) whose validation_data or
    # metadata is wrong: their url is reported with those problems (glance_locations.entries).
    entries = entry_problems(document)
    for path, string in _strings(document, "$"):
        problem = entries.get(path)
        if problem is None:
            yield Record(line, string, path=path)
        else:
            shown = mask_uri(string) if _URI_START.match(string) else None
            yield Record(line, None, problem, shown, path=path)


def _json_records(stream: IO[bytes], name: str) -> Generator[Record]:
    """One document, or JSON lines: decided by whether the first line is a whole one."""
    lines = read_lines(stream, name)
    first = 0
    for number, raw, _ in lines:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Record(number, None, undecodable(raw, exc))
            continue
        if number == 1:
            text = text.removeprefix("\ufeff")
        line = text.strip()
        if not line:
            continue
        if not first:
            first = number
            try:
                json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                yield from _whole_document(text, number, lines)
                return
            except ValueError:  # a whole JSON value with a number too large: JSON lines
                pass
        yield from _document(line, number)


def _whole_document(
    head: str, line: int, rest: Iterator[tuple[int, bytes, bool]]
) -> Iterator[Record]:
    """The document that starts with ``head`` on ``line`` and runs to the end."""
    parts = [head]
    for number, raw, _ in rest:
        try:
            parts.append(raw.decode("utf-8"))  # a line never splits a UTF-8 sequence
        except UnicodeDecodeError as exc:
            yield Record(number, None, undecodable(raw, exc))
            return
    yield from _document("".join(parts), line)
