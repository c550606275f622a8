"""How numbers, money and times are written for people (babel, Korean first).

Each function writes in the UI language (``set_locale``) unless given ``lang``: a printed document keeps its own
language whatever the screen's (a Korean receipt says ``400원`` and ``2026년 …`` also under ``--lang en``)."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from typing import Any

from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import format_decimal
from babel.units import format_unit

from app.domain.calendar import SEOUL
from app.domain.josa import josa, particle
from app.i18n import N_, SOURCE, language, text_in, translate

log = logging.getLogger(__name__)

__all__ = [
    "clock",
    "date_time",
    "josa",
    "local",
    "long_date",
    "number",
    "particle",
    "set_locale",
    "short_date",
    "won",
    "written_date",
]

_locale = "ko_KR"


def set_locale(lang: str) -> None:
    global _locale
    _locale = _LOCALES.get(lang, "ko_KR")


_LOCALES = {"ko": "ko_KR", "en": "en_US"}


def _loc(lang: str | None) -> str:
    return _locale if lang is None else _LOCALES.get(lang, "ko_KR")


def won(amount: int, lang: str | None = None) -> str:
    """``53,000원`` (``KRW 53,000`` in English)."""
    locale = _loc(lang)
    written = format_decimal(amount, locale=locale)
    return f"{written}원" if locale.startswith("ko") else f"KRW {written}"


def number(value: int, lang: str | None = None) -> str:
    return format_decimal(value, locale=_loc(lang))


def local(moment: datetime) -> datetime:
    return moment.astimezone(SEOUL)


def date_time(moment: datetime, lang: str | None = None) -> str:
    """``2026년 11월 25일 (수) 21:41`` in Asia/Seoul (24-hour clock, as counters write it)."""
    locale = _loc(lang)
    pattern = "yyyy년 M월 d일 (EEE) HH:mm" if locale.startswith("ko") else "EEE, d MMM yyyy HH:mm"
    return format_datetime(moment, pattern, locale=locale, tzinfo=SEOUL)


def clock(moment: datetime, lang: str | None = None) -> str:
    """The status-bar clock: ``2026년 11월 25일 (수) 21:41:05``."""
    locale = _loc(lang)
    pattern = "yyyy년 M월 d일 (EEE) HH:mm:ss" if locale.startswith("ko") else "EEE, d MMM yyyy HH:mm:ss"
    return format_datetime(moment, pattern, locale=locale, tzinfo=SEOUL)


def long_date(day: date, lang: str | None = None) -> str:
    """``2026년 11월 25일 수요일``."""
    return format_date(day, format="full", locale=_loc(lang))


def written_date(day: date, lang: str | None = None) -> str:
    """``2026년 11월 25일`` (``November 25, 2026``): the date under a document's closing sentence."""
    return format_date(day, format="long", locale=_loc(lang))


IMMEDIATE = N_("즉시")  # a period of the data tables: done at once, at the counter
_PERIOD = re.compile(r"^\s*(\d+)\s*(일|시간|개월|년|분)\s*$")
_PERIOD_UNITS = {"일": "duration-day", "시간": "duration-hour", "개월": "duration-month", "년": "duration-year",
                 "분": "duration-minute"}


def period(text: str, lang: str | None = None) -> str:
    """A period as the data tables write it (``14일``, ``3시간``, ``2개월``, ``즉시``) in the UI language
    (``14 days``, ``3 hours``, ``2 months``, ``immediately``); Korean as written."""
    locale = _loc(lang)
    if locale.startswith("ko"):
        return text
    found = _PERIOD.match(text)
    if found is None:
        return translate(text, "en" if locale.startswith("en") else None)
    return format_unit(int(found.group(1)), _PERIOD_UNITS[found.group(2)], length="long", locale=locale)


_SKELETONS = {"month": "yMMMM", "quarter": "yQQQ", "year": "y"}


def period_name(kind: str, start: date, korean: str, lang: str | None = None) -> str:
    """A reporting period's name (``kind`` day, month, quarter or year, starting on ``start``) in the UI
    language: ``korean`` (the report's own wording, ``app.views.statistics.Period.label``) in Korean, babel's
    ``December 2026``, ``Q4 2026``, ``2026``, ``Dec 3, 2026`` in English."""
    locale = _loc(lang)
    if locale.startswith("ko"):
        return korean
    if kind == "day":
        return short_date(start, lang)
    return format_skeleton(_SKELETONS[kind], start, locale=locale)


def short_date(day: date, lang: str | None = None) -> str:
    return format_date(day, format="medium", locale=_loc(lang))


# --- a petition's history note in a language (app.services.petitions.records.note_args) -------------


def event_note(note: str, args: dict[str, Any] | None, lang: str | None = None) -> str:
    """A history note in ``lang`` (the UI language when None): in Korean as stored, byte for byte; in another
    language from what it is made of (``args``): its template translated, its dates, times and periods written
    for the language (this module), a clerk's words as typed. An old row (no ``args``) as stored."""
    lang = lang or language()
    if lang == SOURCE or not args:
        return note
    try:
        return _rendered(args, lang)
    except (KeyError, TypeError, ValueError, AttributeError):
        log.error("history note %r does not fit its template", args.get("template"))
        return note


class _Shown(str):
    """A value already written for the language: whatever format spec its field has (``{due:%Y-%m-%d}``)."""

    __slots__ = ()

    def __format__(self, format_spec: str) -> str:
        return str(self)


def _rendered(args: dict[str, Any], lang: str) -> str:
    params = {key: _value(value, lang) for key, value in dict(args.get("params") or {}).items()}
    return text_in(lang, str(args["template"]), **params)


def _value(value: Any, lang: str) -> Any:
    if not isinstance(value, dict):
        return value
    if "datetime" in value:
        return _Shown(date_time(datetime.fromisoformat(value["datetime"]), lang))
    if "date" in value:
        return _Shown(short_date(date.fromisoformat(value["date"]), lang))
    if "period" in value:
        return _Shown(period(str(value["period"]), lang))
    return _Shown(_rendered(value, lang))
