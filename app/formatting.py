"""How numbers, money and times are written for people (babel, Korean first).

Each function writes in the UI language (``set_locale``) unless given ``lang``: a printed document keeps its own
language whatever the screen's (a Korean receipt says ``400원`` and ``2026년 …`` also under ``--lang en``)."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from app.domain.calendar import SEOUL
from app.domain.josa import josa, particle

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


def short_date(day: date, lang: str | None = None) -> str:
    return format_date(day, format="medium", locale=_loc(lang))
