"""The UI's view of the languages (``app.i18n``): one language for the whole window, set at start."""

from __future__ import annotations

from app.i18n import N_, language, set_language, tr

__all__ = ["N_", "ROLE_NAMES", "language", "night_hours_text", "role_name", "set_language", "tr"]

# The roles as the status bar names them in another language. In Korean the services' own label is shown
# (``Actor.role_label``); the clerk's Korean label "민원창구" is also the program's name, so its message id here
# is a text of its own.
ROLE_NAMES = {
    "clerk": N_("민원창구 직원"),
    "night": N_("야간 민원실"),
    "guide": N_("여권 안내 도우미"),
    "supervisor": N_("팀장·과장"),
    "admin": N_("관리자"),
}


def role_name(actor: object) -> str:
    """The signed-in user's role as the screen names it (the services' Korean label in Korean)."""
    label = str(getattr(actor, "role_label", ""))
    code = str(getattr(actor, "role", ""))
    if language() == "ko" or code not in ROLE_NAMES:
        return label
    return tr(ROLE_NAMES[code])


def night_hours_text() -> str:
    """The night window's days and hours ("월·목요일 18:00–20:00"; "Mon, Thu 18:00–20:00" in English)."""
    from app.services.roles import night_window_hours, night_window_text

    if language() == "ko":
        return night_window_text()
    from babel.dates import get_day_names

    weekdays, start, end = night_window_hours()
    names = get_day_names("abbreviated", locale=language())
    days = ", ".join(str(names[d]) for d in sorted(weekdays))
    return f"{days} {start:%H:%M}–{end:%H:%M}"
