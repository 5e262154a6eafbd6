"""The progress line of a long ``check``: on a terminal only, cleared before any output."""

from __future__ import annotations

import os
import time
from typing import IO

from glance_locations.cli._output import PROG

__all__ = ["Progress"]


class Progress:
    """Records done and rate, redrawn in place on stderr; erased when done.

    Drawn only when stderr is a terminal. A problem line printed to the same screen must
    not share a line with it: :meth:`clear` erases it first. ``TERM=dumb`` (an editor's
    shell, a serial console) gets no escape codes: the line is blanked with spaces.
    """

    EVERY = 10_000  # records between looks at the clock: large inputs only
    INTERVAL = 0.2  # seconds between redraws

    def __init__(self, stream: IO[str] | None, *, unit: str, enabled: bool = True) -> None:
        self._unit = unit
        tty = enabled and stream is not None and stream.isatty()
        self._stream = stream if tty else None
        self._dumb = os.environ.get("TERM", "") == "dumb"
        self._start = time.monotonic()
        self._drawn: float | None = None
        self._shown = 0  # characters on screen, 0 when nothing is

    def update(self, records: int) -> None:
        """Redraw after ``records`` records, now and then."""
        if self._stream is None or records % self.EVERY:
            return
        now = time.monotonic()
        if self._drawn is not None and now - self._drawn < self.INTERVAL:
            return
        self._drawn = now
        rate = records / max(now - self._start, 1e-9)
        text = f"{PROG}: {records:,} {self._unit} checked, {rate:,.0f} {self._unit}/s"
        if self._dumb:
            self._write(f"\r{text.ljust(self._shown)}")
        else:
            self._write(f"\r{text}\x1b[K")
        self._shown = len(text)

    def clear(self) -> None:
        """Erase the line, if shown (it comes back at the next redraw)."""
        if self._stream is None or not self._shown:
            return
        self._write(f"\r{' ' * self._shown}\r" if self._dumb else "\r\x1b[K")
        self._shown = 0

    def finish(self) -> None:
        """Erase the line for good."""
        self.clear()
        self._stream = None

    def _write(self, text: str) -> None:
        if self._stream is None:
            return
        try:
            self._stream.write(text)
            self._stream.flush()
        except OSError:  # stderr went away: no progress, the work goes on
            self._stream = None
