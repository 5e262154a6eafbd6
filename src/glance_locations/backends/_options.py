"""One backend's options, looked up as glance_store 5.7.0 looks them up.

``glance_store/driver.py`` ``BackendGroupConfiguration``: a backend's option is read from
its own section; when that section does not set it, from ``[backend_defaults]``; when
neither does, the driver's default applies. Values are typed as oslo.config types them
(``oslo_config/types.py``): integers, booleans, multi-valued options (every occurrence of
the key). oslo.config substitutes ``$name`` and ``${group.name}`` in string values
(``$$`` is a literal ``$``); a substitution is refused here, not guessed.

Every problem is returned as text naming the file, section and option; never a value.
"""

from __future__ import annotations

import attrs

from glance_locations.backends._ini import IniFile

__all__ = ["SHARED", "OptionProblem", "Options"]

#: glance_store's section of defaults shared by every backend (driver.SHARED_CONF_GROUP).
SHARED = "backend_defaults"

_TRUE = frozenset({"true", "1", "on", "yes"})
_FALSE = frozenset({"false", "0", "off", "no"})


class OptionProblem(Exception):
    """An option's value is unusable; ``message`` names where, never the value.

    Internal: caught by ``BackendMap.from_glance_config`` and raised again as
    ``BadStoreConfiguration`` with no exception chained.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@attrs.frozen(slots=True)
class Options:
    """The options of backend ``section`` in ``ini``."""

    ini: IniFile
    section: str

    def _raw(self, key: str, *, shared: bool = True) -> tuple[str, tuple[str, ...]]:
        """The section that sets ``key`` (its own, else ``[backend_defaults]`` when
        ``shared``), and its values there; no values when none sets it."""
        own = self.ini.values(self.section, key)
        if own or not shared:
            return self.section, own
        return SHARED, self.ini.values(SHARED, key)

    def _text(self, section: str, key: str, value: str) -> str:
        if "$" not in value.replace("$$", ""):
            return value.replace("$$", "$")
        raise OptionProblem(
            f"{self.ini.where(section, key)}: oslo.config would substitute a '$' variable"
            " in this value; write '$$' for a literal '$' (variables are not supported)"
        )

    def text(self, key: str, default: str | None, *, shared: bool = True) -> str | None:
        """A string option: its last value, else ``default``. ``shared=False`` reads the
        backend's own section only, as glance_store does where it reads the option from
        ``conf.<backend>`` directly rather than through ``BackendGroupConfiguration``."""
        section, values = self._raw(key, shared=shared)
        return self._text(section, key, values[-1]) if values else default

    def multi(self, key: str) -> tuple[str, ...]:
        """A multi-valued string option: every value, in file order (none when unset)."""
        section, values = self._raw(key)
        return tuple(self._text(section, key, value) for value in values)

    def integer(self, key: str, default: int, *, low: int, high: int | None = None) -> int:
        """An integer option within ``low..high`` (oslo.config refuses others)."""
        section, values = self._raw(key)
        if not values:
            return default
        text = values[-1].strip()
        body = text[1:] if text[:1] in "+-" else text
        if not body.isdigit() or not body.isascii():
            raise OptionProblem(f"{self.ini.where(section, key)}: not an integer")
        number = int(text)
        if number < low or (high is not None and number > high):
            bounds = f"at least {low}" if high is None else f"between {low} and {high}"
            raise OptionProblem(f"{self.ini.where(section, key)}: must be {bounds}")
        return number

    def boolean(self, key: str, default: bool, *, shared: bool = True) -> bool:
        """A boolean option (oslo.config's spellings: true/false, on/off, yes/no, 1/0)."""
        section, values = self._raw(key, shared=shared)
        if not values:
            return default
        word = values[-1].strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise OptionProblem(
            f"{self.ini.where(section, key)}: not a boolean (true/false, on/off, yes/no, 1/0)"
        )

    def required(self, key: str) -> str:
        """A string option glance-api cannot start without: set and non-empty."""
        value = self.text(key, None)
        if not value:
            raise OptionProblem(
                f"{self.ini.where(self.section, key)}: missing or empty"
                f" (glance_store cannot start this backend without it)"
            )
        return value
