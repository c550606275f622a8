"""Keys a widget handles itself (in ``keyPressEvent``, not as a ``QShortcut``), declared where they are handled so
that the help panel and the shortcut sheet list them too (``ui.help.collect_shortcuts`` reads them).

``declare_keys(widget, ("Del", N_("선택한 줄 지우기")), …)``: the key as Qt spells it, the wording as a catalog id
(translated when the help is shown)."""

from __future__ import annotations

from PySide6.QtCore import QObject

KEYS_PROPERTY = "minwonKeys"
_SEPARATOR = "\t"


def declare_keys(widget: QObject, *rows: tuple[str, str]) -> None:
    """Add ``(key, wording id)`` rows to the keys ``widget`` handles itself (once each)."""
    have = [str(v) for v in (widget.property(KEYS_PROPERTY) or [])]
    for key, words in rows:
        entry = f"{key}{_SEPARATOR}{words}"
        if entry not in have:
            have.append(entry)
    widget.setProperty(KEYS_PROPERTY, have)


def declared_keys(widget: QObject) -> list[tuple[str, str]]:
    """The ``(key, wording id)`` rows declared on ``widget`` (not its children)."""
    rows = []
    for entry in widget.property(KEYS_PROPERTY) or []:
        key, _, words = str(entry).partition(_SEPARATOR)
        rows.append((key, words))
    return rows
