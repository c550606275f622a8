"""Pick the entry of a data table that is in force on a given date (valid_from / valid_to)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

T = TypeVar("T", bound=Mapping[str, Any])


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def is_in_force(entry: Mapping[str, Any], on: date) -> bool:
    """True when ``valid_from <= on`` and (no ``valid_to`` or ``on <= valid_to``); both ends inclusive."""
    start = _as_date(entry.get("valid_from"))
    end = _as_date(entry.get("valid_to"))
    if start is not None and on < start:
        return False
    return not (end is not None and on > end)


def in_force(entries: Iterable[T], on: date | datetime) -> list[T]:
    """All entries in force on ``on`` (a datetime is taken at its own calendar date)."""
    day = on.date() if isinstance(on, datetime) else on
    return [e for e in entries if is_in_force(e, day)]


def pick_in_force(entries: Iterable[T], on: date | datetime, *, what: str = "항목") -> T:
    """The single entry in force on ``on``; the latest ``valid_from`` wins if periods overlap.

    Raises LookupError with a Korean message when nothing is in force.
    """
    found = in_force(entries, on)
    if not found:
        day = on.date() if isinstance(on, datetime) else on
        raise LookupError(f"{day.isoformat()}에 적용되는 {what}이(가) 없습니다.")
    return max(found, key=lambda e: _as_date(e.get("valid_from")) or date.min)
