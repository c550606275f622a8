"""The shortcut sheet as plain values: what the help panel shows and the printed sheet lays out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ShortcutRow:
    keys: str  # "Ctrl+S"
    action: str  # "발급"
    where: str = ""  # the screen inside the tab ("증명 발급"), empty for the whole tab


@dataclass(frozen=True, slots=True)
class ShortcutSection:
    title: str  # "증명·민원 (F1)"
    text: str  # the tab's help prose
    rows: tuple[ShortcutRow, ...]


@dataclass(frozen=True, slots=True)
class ShortcutSheet:
    title: str  # "단축키표"
    subtitle: str  # "민원창구 · 김민원 (민원 담당)"
    sections: tuple[ShortcutSection, ...]
