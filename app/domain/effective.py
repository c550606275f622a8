"""Pick the entry of a data table that is in force on a given date or at a given moment (valid_from / valid_to).

Most entries are dated by day: ``valid_from = "2024-07-01"`` starts at 00:00 of that day in Seoul and
``valid_to = "2026-02-28"`` runs to the end of that day (both ends inclusive). A change that takes effect
at a time of day (the 2026 passport fees: "3월 1일 오전 9시 접수분부터") gives the moment instead: a TOML
date-time such as ``valid_from = 2026-03-01T09:00:00+09:00`` (a string in ISO form is read the same; one
without an offset is Seoul time). A ``valid_to`` that is a moment is the moment the entry stops (exclusive),
so the old entry's ``valid_to`` and its successor's ``valid_from`` are the same moment, with no gap.

Asked with a plain date, the question means the start of that day (00:00 in Seoul): a date cannot tell
08:59 from 09:00, so an entry that starts later that day is not yet in force. Callers for whom the time
matters pass an aware datetime.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from app.domain.josa import josa

T = TypeVar("T", bound=Mapping[str, Any])

_SEOUL = ZoneInfo("Asia/Seoul")


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value)
    return datetime.fromisoformat(text).date() if "T" in text else date.fromisoformat(text)


def as_bound(value: Any) -> date | datetime | None:
    """A ``valid_from``/``valid_to`` value as a date (a whole day) or an aware datetime (a moment in Seoul)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return value
    else:
        text = str(value).strip()
        if "T" not in text:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=_SEOUL) if moment.tzinfo is None else moment


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=_SEOUL)


def _moment(on: date | datetime) -> datetime:
    """The moment a question is asked for: a date is the start of that day in Seoul; naive is Seoul time."""
    if isinstance(on, datetime):
        return on.replace(tzinfo=_SEOUL) if on.tzinfo is None else on
    return _start_of(on)


def starts_at(entry: Mapping[str, Any]) -> datetime | None:
    """The first moment the entry is in force (None: since always)."""
    start = as_bound(entry.get("valid_from"))
    if start is None or isinstance(start, datetime):
        return start
    return _start_of(start)


def ends_before(entry: Mapping[str, Any]) -> datetime | None:
    """The first moment the entry is no longer in force (None: still in force)."""
    end = as_bound(entry.get("valid_to"))
    if end is None or isinstance(end, datetime):
        return end
    return _start_of(end + timedelta(days=1))


def is_in_force(entry: Mapping[str, Any], on: date | datetime) -> bool:
    """True when the entry is in force at ``on`` (a date: 00:00 that day in Seoul); see the module text."""
    moment = _moment(on)
    start = starts_at(entry)
    end = ends_before(entry)
    if start is not None and moment < start:
        return False
    return not (end is not None and moment >= end)


def in_force(entries: Iterable[T], on: date | datetime) -> list[T]:
    """All entries in force at ``on`` (a datetime is a moment; a date is the start of that day in Seoul)."""
    return [e for e in entries if is_in_force(e, on)]


def pick_in_force(entries: Iterable[T], on: date | datetime, *, what: str = "항목") -> T:
    """The single entry in force at ``on``; the latest ``valid_from`` wins if periods overlap.

    Raises LookupError with a Korean message when nothing is in force.
    """
    found = in_force(entries, on)
    if not found:
        shown = on.astimezone(_SEOUL).strftime("%Y-%m-%d %H:%M") if isinstance(on, datetime) else on.isoformat()
        raise LookupError(f"{shown}에 적용되는 {josa(what, '이/가')} 없습니다.")
    earliest = datetime.min.replace(tzinfo=_SEOUL)
    return max(found, key=lambda e: starts_at(e) or earliest)
