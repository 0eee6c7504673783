"""Numbers read from ``NEWSMON_*`` environment variables: one parser for all of them, so a bad
value is one line naming the variable and the fix, never a traceback and never a default taken
in silence (a tester's ``NEWSMON_DIGEST_TOP_STORIES=abc`` ended ``newsmon digest`` with a
traceback, and ``-1`` gave 11 top stories). Pure: the environment only."""
from __future__ import annotations

import os

__all__ = ["SettingError", "env_flag", "env_number"]


class SettingError(ValueError):
    """An environment variable's value that is not a number of the kind and range asked."""


def env_number(name: str, default: float, minimum: float | None = None, integer: bool = False) -> float:
    """The number in ``$name`` (``default`` when unset or blank); an ``int`` when ``integer``.
    Raises SettingError when it is not a number, not whole where it must be, or below
    ``minimum``."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    kind = "a whole number" if integer else "a number"
    try:
        value = int(raw) if integer else float(raw)
    except ValueError:
        raise SettingError(f"{name}={raw!r}: give {kind}, e.g. {default:g}") from None
    if minimum is not None and value < minimum:
        raise SettingError(f"{name}={raw!r}: give {kind} of at least {minimum:g}, e.g. {default:g}")
    return value


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def env_flag(name: str, default: bool) -> bool:
    """The switch in ``$name`` (1/true/yes/on or 0/false/no/off, any case; ``default`` when
    unset or blank). Raises SettingError for another value."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in _TRUE or raw in _FALSE:
        return raw in _TRUE
    raise SettingError(f"{name}={os.environ[name].strip()!r}: give 1 or 0 (true or false)")
