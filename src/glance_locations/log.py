"""A logging filter that masks the credentials of store URIs in log records.

Attach :class:`RedactingFilter` to a *handler* (a filter on a logger sees only the records
logged on that very logger, not those its children propagate), in any stdlib setup,
``logging.config.dictConfig`` or oslo.log's (see docs/security.md)::

    handler.addFilter(RedactingFilter())

The masking is :func:`glance_locations._redact.redact`'s, the one the ``redact`` command
applies to text: the userinfo of every ``scheme://`` URI and the value of every
credential query parameter, written plainly, JSON-escaped or percent-encoded.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping

from glance_locations._redact import redact

__all__ = ["RedactedException", "RedactingFilter"]


def __dir__() -> list[str]:
    return __all__


#: What replaces a record the filter itself failed on (a bug of ours, never of the record).
UNMASKABLE = "[log record not shown: RedactingFilter could not mask it]"
# Arguments of these types are formatted as numbers; their text never holds a URI.
_PLAIN_TYPES = (int, float, bool, type(None))
# At most this many exceptions of a chain are stood in for (the rest is left out).
_CHAIN_LIMIT = 64

_Args = tuple[object, ...] | Mapping[str, object]


class RedactedException(Exception):
    """Stands in for a logged exception whose text held a credential.

    Its text is the original's last line (``ValueError: s3://***@host/b/k``), masked; it
    keeps the original's traceback and, in the same form, its cause and context. Formatters
    that format ``record.exc_info`` themselves (oslo.log's) show it in the original's
    place; the stdlib formatter shows the masked ``record.exc_text`` instead.
    """


def _masked_arg(value: object) -> object:
    """``value``, or its text masked when that text holds a credential."""
    if isinstance(value, _PLAIN_TYPES):
        return value
    try:
        text = value if isinstance(value, str) else str(value)
    except Exception:  # a __str__ that fails: the record can show no text of it
        return f"<unprintable {type(value).__name__}>"
    masked = redact(text)
    return value if masked == text else masked


def _masked_args(args: _Args | None) -> _Args | None:
    """The record's arguments, each one masked (a tuple, a mapping, or as they came)."""
    if isinstance(args, tuple):
        items = args
        masked = tuple(_masked_arg(item) for item in items)
        changed = any(new is not old for new, old in zip(masked, items, strict=True))
        return masked if changed else args
    if isinstance(args, Mapping):
        mapping = args
        masked_map = {key: _masked_arg(item) for key, item in mapping.items()}
        changed = any(masked_map[key] is not item for key, item in mapping.items())
        return masked_map if changed else args
    return args


def _shown_whole(args: _Args, message: str) -> bool:
    """Whether the message holds every argument's text, as it is: each is a string the
    message holds, or a number (an object may show another text than its ``str``)."""
    values = args.values() if isinstance(args, Mapping) else args
    return all(
        value in message if isinstance(value, str) else isinstance(value, _PLAIN_TYPES)
        for value in values
    )


def _stand_in(error: BaseException, made: dict[int, BaseException]) -> BaseException:
    """A :class:`RedactedException` in place of ``error``, its chain stood in for too
    (``made``: the stand-ins made so far, by original: a chain may loop or share links)."""
    found = made.get(id(error))
    if found is not None:
        return found
    lines = traceback.format_exception_only(type(error), error)
    stand_in = RedactedException(redact("".join(lines).rstrip("\n")))
    made[id(error)] = stand_in
    stand_in.__traceback__ = error.__traceback__
    stand_in.__suppress_context__ = error.__suppress_context__
    if len(made) < _CHAIN_LIMIT:
        if error.__cause__ is not None:
            stand_in.__cause__ = _stand_in(error.__cause__, made)
        if error.__context__ is not None:
            stand_in.__context__ = _stand_in(error.__context__, made)
    return stand_in


def _mask_exception(record: logging.LogRecord) -> None:
    """Mask the exception text; stand in for the exception when its text held a secret."""
    if isinstance(record.exc_info, tuple) and record.exc_info[1] is not None:
        exc_info = record.exc_info
        text = record.exc_text or logging.Formatter().formatException(exc_info)
        masked = redact(text)
        if masked != text:
            stand_in = _stand_in(exc_info[1], {})
            record.exc_info = (RedactedException, stand_in, exc_info[2])
            record.exc_text = masked
        return
    if record.exc_text:
        record.exc_text = redact(record.exc_text)


def _mask(record: logging.LogRecord) -> None:
    args = record.args
    try:
        # getMessage's own work, without its call when there is nothing to format.
        message = record.msg if not args and type(record.msg) is str else record.getMessage()
    except Exception:  # a record that cannot be formatted passes, its arguments masked
        record.args = _masked_args(args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
    else:
        # Masked after formatting: a credential may be split between the format string
        # and its arguments ("s3://%s:%s@%s"); then the masked message replaces both.
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, ()
        elif args and not _shown_whole(args, message):
            # An argument the message does not show whole (a mapping's unused value, a
            # "%.5s"), which a formatter may show (oslo.log's JSON one shows them all).
            record.args = _masked_args(args)
    _mask_exception(record)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


class RedactingFilter(logging.Filter):
    """Masks the credentials of store URIs in every record it passes; drops none.

    In the message, its arguments, the exception text and the stack text, the userinfo of
    every ``scheme://`` URI and the value of every credential query parameter (written
    plainly, JSON-escaped or percent-encoded) become ``***``, as the ``redact`` command
    masks them. The record keeps its level, name and ``extra`` attributes. When the
    formatted message changes, it replaces the format string and the arguments (a
    credential may be split between them). An argument whose text holds a credential is
    replaced by that text, masked; numbers are left alone. An exception whose text held
    a credential is replaced by a :class:`RedactedException` that keeps its traceback.

    It never raises: a record that cannot be formatted passes with its arguments masked;
    should masking itself fail, the record passes with its text replaced.

    .. versionadded:: 0.2
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask ``record`` in place; always ``True``."""
        try:
            _mask(record)
        except Exception:  # never raise in a logging call; never leak either
            record.msg, record.args = UNMASKABLE, ()
            record.exc_info = record.exc_text = record.stack_info = None
        return True
