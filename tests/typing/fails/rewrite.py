"""User-side code of ``glance_locations.rewrite`` that must FAIL to type-check.

Each line that must be reported ends with ``# error: <tag> <word>...`` (see
``abstract.py`` and ``test_checkers.py``). What must pass is in ``user_rewrite_db.py``:
there, a list of built-in rules is a list of rules and ``Change`` is covariant; here,
what that must not let through.
"""

from __future__ import annotations

from glance_locations.rewrite import Change, RbdRemap, Rule, rewrite

ROWS = [(1, "rbd://image")]


def narrowed(change: Change[object]) -> Change[int]:
    """Covariant, not bivariant: a change of any key is not a change of an int key."""
    return change  # error: returned Change object


def not_a_location_rule(loc: str) -> str:
    return loc


rewrite(ROWS, [RbdRemap(), "StripCredentials"])  # error: notrule str Rule
rewrite(ROWS, [RbdRemap(), not_a_location_rule])  # error: notrule str Rule


class Unfinished(Rule):
    """A rule class that subclasses ``Rule`` and forgot ``__call__``."""


Unfinished()  # error: abstract __call__
