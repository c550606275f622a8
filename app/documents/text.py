"""How a document writes amounts, dates and its own words: in the document's language, never the screen's.

A Korean receipt printed while the window is in English still says ``400원`` and ``2026년 12월 2일``. The
module-level functions write Korean (every document is Korean unless it offers another language); ``Words``
writes a document in a language of its own (the English receipt for foreign residents), its labels from the
same catalogs as the screens (``app.i18n``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from app import formatting
from app.i18n import SOURCE, text_in


class Words:
    """The words, amounts and dates of one document in one language."""

    def __init__(self, lang: str = SOURCE) -> None:
        self.lang = lang

    def tr(self, msgid: str, /, **params: Any) -> str:
        """``msgid`` in the document's language (a field that is a catalog text translated too)."""
        return text_in(self.lang, msgid, **params)

    def won(self, amount: int) -> str:
        return formatting.won(amount, self.lang)

    def number(self, value: int) -> str:
        return formatting.number(value, self.lang)

    def date_time(self, moment: datetime) -> str:
        return formatting.date_time(moment, self.lang)

    def long_date(self, day: date) -> str:
        return formatting.long_date(day, self.lang)

    def written_date(self, day: date) -> str:
        return formatting.written_date(day, self.lang)

    def short_date(self, day: date) -> str:
        return formatting.short_date(day, self.lang)


KOREAN = Words(SOURCE)
won = KOREAN.won
number = KOREAN.number
date_time = KOREAN.date_time
long_date = KOREAN.long_date
short_date = KOREAN.short_date
