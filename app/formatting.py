"""How numbers, money and times are written for people (babel, Korean first)."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from app.domain.calendar import SEOUL
from app.domain.josa import josa, particle

__all__ = ["clock", "date_time", "josa", "local", "long_date", "number", "particle", "set_locale", "short_date", "won"]

_locale = "ko_KR"


def set_locale(lang: str) -> None:
    global _locale
    _locale = "en_US" if lang == "en" else "ko_KR"


def won(amount: int) -> str:
    """``53,000원`` (``KRW 53,000`` in English)."""
    number = format_decimal(amount, locale=_locale)
    return f"{number}원" if _locale.startswith("ko") else f"KRW {number}"


def number(value: int) -> str:
    return format_decimal(value, locale=_locale)


def local(moment: datetime) -> datetime:
    return moment.astimezone(SEOUL)


def date_time(moment: datetime) -> str:
    """``2026년 11월 25일 (수) 21:41`` in Asia/Seoul (24-hour clock, as counters write it)."""
    pattern = "yyyy년 M월 d일 (EEE) HH:mm" if _locale.startswith("ko") else "EEE, d MMM yyyy HH:mm"
    return format_datetime(moment, pattern, locale=_locale, tzinfo=SEOUL)


def clock(moment: datetime) -> str:
    """The status-bar clock: ``2026년 11월 25일 (수) 21:41:05``."""
    pattern = "yyyy년 M월 d일 (EEE) HH:mm:ss" if _locale.startswith("ko") else "EEE, d MMM yyyy HH:mm:ss"
    return format_datetime(moment, pattern, locale=_locale, tzinfo=SEOUL)


def long_date(day: date) -> str:
    """``2026년 11월 25일 수요일``."""
    return format_date(day, format="full", locale=_locale)


def short_date(day: date) -> str:
    return format_date(day, format="medium", locale=_locale)
