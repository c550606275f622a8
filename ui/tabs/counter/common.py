"""What the screens of the 증명·민원 tab share: the urgency colours of the lists and the short time format."""

from __future__ import annotations

from datetime import datetime

from app.domain.calendar import SEOUL

URGENCY_COLOURS = {"overdue": "#f8d7da", "day": "#ffd8a8", "three_days": "#fff3cd", "paused": "#e2e3e5"}


def short_time(moment: datetime | None) -> str:
    """``11-25 14:00`` in Seoul time, or "" for no moment."""
    return moment.astimezone(SEOUL).strftime("%m-%d %H:%M") if moment else ""
