"""The help panel (Shift+F1) and the printable shortcut sheet (단축키표).

The panel is a non-modal dock at the right of the main window with the current tab's help text (from
``resources/data/help.toml``) and its shortcuts. The shortcut list is read when the panel is shown, from the
widgets themselves: every ``QShortcut`` of the tab, every button and action with a ``shortcut()`` and every
``&`` mnemonic, so it never goes stale. A key is worded by the screen's own texts first (the button
"저장 (Ctrl+S)", the section "증명 발급 (Ctrl+1)", the label "F7 민원인 조회"), then by ``help.toml``.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.resources import load_data
from app.views.help import ShortcutRow, ShortcutSection, ShortcutSheet
from ui import ops
from ui.i18n import N_, language, role_name, tr
from ui.keymap import declared_keys
from ui.widgets import enter_button, leave_with_tab

HELP_KEY = "Shift+F1"
NO_WORDING = N_("(설명 없음)")
_PORTABLE = QKeySequence.SequenceFormat.PortableText
_MNEMONIC = re.compile(r"&(?!&)")


def key_text(sequence: QKeySequence | str) -> str:
    """One spelling for a key: ``Return`` and ``Enter`` are both ``Enter``; ``Delete`` is ``Del``."""
    text = QKeySequence(sequence).toString(_PORTABLE) if isinstance(sequence, str) else sequence.toString(_PORTABLE)
    return re.sub(r"\bReturn\b", "Enter", text)


def _plain(text: str) -> str:
    return _MNEMONIC.sub("", text).replace("&&", "&").strip()


def _texts(root: QWidget) -> list[str]:
    """Every text the screen shows that may name a key: buttons, tooltips, tab titles, labels, group titles."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QAbstractButton):
            texts.append(_plain(widget.text()))
        elif isinstance(widget, QLabel) and not widget.textFormat() == Qt.TextFormat.RichText:
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QGroupBox):
            texts.append(_plain(widget.title()))
        elif isinstance(widget, QTabWidget):
            texts += [_plain(widget.tabText(i)) for i in range(widget.count())]
        if widget.toolTip():
            texts.append(widget.toolTip())
    return [text for text in texts if text]


_NAMED = r"(?:F\d{1,2}|Esc|Del|Delete|Enter|Return|Space|Home|End|PgUp|PgDown)"
# a key as the screen's texts write it: a named key, or a letter or digit with Ctrl/Shift/Alt (a bare "3" is a number)
_KEY = rf"(?:(?:(?:Ctrl|Shift|Alt)\+)*{_NAMED}|(?:(?:Ctrl|Shift|Alt)\+)+[A-Z0-9])"
_KEYS = rf"{_KEY}(?:/{_KEY})*"
_WORDS_THEN_KEYS = re.compile(rf"^(?P<words>[^()]+?)\s*\((?P<keys>{_KEYS}(?:,\s*{_KEYS})*)\)")
_KEYS_THEN_WORDS = re.compile(rf"^(?P<keys>{_KEYS})\s*:?\s+(?P<words>\S.*)$")
_WORDS_THEN_KEY = re.compile(rf"^(?P<words>\S.*?)\s+(?P<keys>{_KEYS})$")
_SEGMENTS = re.compile(r"\n| · |, |[()]")


def _wording(texts: list[str]) -> dict[str, str]:
    """key -> what the screen says it does, from texts like "저장 (Ctrl+S)", "F7 민원인 조회",
    "(Enter/Ctrl+S 발급, Esc 지우기)", "Ctrl+E: 긴급여권" and "새 신청 Ctrl+N"."""
    found: dict[str, str] = {}

    def put(keys: str, words: str) -> None:
        words = words.strip().rstrip(":").strip()
        if words:
            for key in re.split(r"[/,]\s*", keys):
                found.setdefault(key_text(key.strip()), words)

    for text in texts:
        for line in text.split("\n"):
            for part in re.split(r" · ", line):
                match = _WORDS_THEN_KEYS.match(part.strip())
                if match:
                    put(match.group("keys"), match.group("words"))
        for segment in _SEGMENTS.split(text):
            segment = segment.strip()
            match = _KEYS_THEN_WORDS.match(segment) or _WORDS_THEN_KEY.match(segment)
            if match and not re.fullmatch(_KEYS, match.group("words")):
                put(match.group("keys"), match.group("words"))
    return found


def _screen(obj: QObject, root: QWidget) -> tuple[str, QWidget]:
    """The screen inside the tab that ``obj`` belongs to: (title of its inner tab, its page), or ("", root)."""
    widget = obj if isinstance(obj, QWidget) else obj.parent()
    while isinstance(widget, QWidget) and widget is not root:
        parent = widget.parentWidget()
        tabs = parent.parentWidget() if isinstance(parent, QStackedWidget) else None
        if isinstance(tabs, QTabWidget):
            index = tabs.indexOf(widget)
            if index >= 0:
                return re.sub(r"\s*\([^()]*\)$", "", _plain(tabs.tabText(index))), widget
        widget = parent
    return "", root


def _known(known: dict[str, Any], where: str) -> dict[str, str]:
    """help.toml's wording: a key of the whole tab, or of one screen in a sub-table named by its title."""
    words = {key_text(k): str(v) for k, v in known.items() if not isinstance(v, dict)}
    words.update({key_text(k): str(v) for k, v in dict(known.get(where, {})).items()} if where else {})
    return words


def collect_shortcuts(root: QWidget, *, known: dict[str, Any] | None = None) -> list[ShortcutRow]:
    """The keys of everything under ``root`` (the root's own ``QShortcut`` objects included), each once per
    screen, worded by the texts of that screen, then of the whole tab, then by ``known`` (help.toml)."""
    tab_wording = _wording(_texts(root))
    wordings: dict[int, dict[str, str]] = {}
    rows: dict[tuple[str, str], ShortcutRow] = {}

    def add(sequence: QKeySequence, owner: QObject, own_text: str = "") -> None:
        if sequence.isEmpty():
            return
        keys = key_text(sequence)
        where, screen = _screen(owner, root)
        if id(screen) not in wordings:
            wordings[id(screen)] = _wording(_texts(screen)) if screen is not root else {}
        wording = wordings[id(screen)]
        action = (
            _plain(own_text)
            or wording.get(keys)
            or _known(known or {}, where).get(keys)
            or tab_wording.get(keys)
            or tr(NO_WORDING)
        )
        action = _without_keys(action)
        rows.setdefault((keys, where), ShortcutRow(keys, action, where))

    for shortcut in root.findChildren(QShortcut):
        owner = shortcut.parent()
        if shortcut.isEnabled() and owner is not None:
            add(shortcut.key(), owner)
    for button in root.findChildren(QAbstractButton):
        add(button.shortcut(), button, button.text())
        mnemonic = QKeySequence.mnemonic(button.text())
        if not mnemonic.isEmpty() and mnemonic != button.shortcut():
            add(mnemonic, button, button.text())
    for action in root.findChildren(QAction):
        add(action.shortcut(), action.parent() or root, action.text())
    for widget in [root, *root.findChildren(QWidget)]:  # keys a widget handles itself (ui.keymap)
        for key, words in declared_keys(widget):
            add(QKeySequence(key), widget, tr(words))
    return sorted(rows.values(), key=lambda row: (row.where, _order(row.keys)))


def _without_keys(action: str) -> str:
    """ "저장 (Ctrl+S)" -> "저장"; a bracket that says something else stays ("저장 (양식에서)")."""
    # also a mnemonic's letter left after the "&" ("처리완료(&D)" reads "처리완료(D)")
    return re.sub(rf"\s*\((?:(?:{_KEYS})(?:[,/]\s*{_KEYS})*|[A-Z0-9])\)$", "", action) or action


def _order(keys: str) -> tuple[int, str]:
    match = re.fullmatch(r"F(\d+)", keys)
    return (int(match.group(1)), "") if match else (100 + keys.count("+"), keys)


def window_shortcuts(window: QMainWindow) -> list[ShortcutRow]:
    """The keys of the window itself (F1–F6 to the tabs, F7, F12, Ctrl+Shift+Q, Shift+F1), not of a tab."""
    texts = _texts(window.statusBar())
    tabs: QTabWidget = window.tabs  # type: ignore[attr-defined]
    texts += [_plain(tabs.tabText(i)) for i in range(tabs.count())]
    wording = _wording(texts)
    known = {key_text(k): v for k, v in _keys("global").items()}
    keys = {key_text(s.key()) for s in window.findChildren(QShortcut) if s.parent() is window and s.isEnabled()}
    keys |= {k for k in wording if k == "F12"}  # the lock key is read by the window's event filter
    rows = [ShortcutRow(k, wording.get(k) or known.get(k) or tr(NO_WORDING)) for k in keys]
    for owner in (window, window.statusBar()):  # keys the window handles itself (ui.keymap), e.g. the busy sign's
        rows += [ShortcutRow(key_text(key), _without_keys(tr(words))) for key, words in declared_keys(owner)
                 if key_text(key) not in keys]
    return sorted(rows, key=lambda row: _order(row.keys))


def _data(section: str) -> dict[str, Any]:
    return dict(load_data("help").get(section, {}))


def _keys(name: str) -> dict[str, Any]:
    """help.toml's wording of the keys of one tab in the UI language: ``[<tab>.keys]`` is Korean,
    ``[<tab>.keys_<lang>]`` another language's (a key it lacks keeps the Korean wording)."""
    data = _data(name)
    words = dict(data.get("keys", {}))
    if language() != "ko":
        words.update(dict(data.get(f"keys_{language()}", {})))
    return words


def tab_help(name: str) -> str:
    data = _data(name)
    return str(data.get(language(), data.get("ko", "")))


def tab_name(window: QMainWindow) -> str:
    """The module name of the window's current tab ("counter")."""
    current = window.tabs.currentWidget()  # type: ignore[attr-defined]
    for name, page in window.pages.items():  # type: ignore[attr-defined]
        if page is current:
            return str(name)
    return ""


def tab_names(window: QMainWindow) -> list[str]:
    """Every tab this user has, in F-key order (built or not: the window may build tabs when first shown)."""
    pages = window.pages  # type: ignore[attr-defined]
    return list(getattr(pages, "names", pages))


def tab_shortcuts(window: QMainWindow, name: str) -> list[ShortcutRow]:
    page = window.pages[name]  # type: ignore[attr-defined]
    build_sections = getattr(page, "build_sections", None)  # a tab that builds its sections when first needed
    if callable(build_sections):
        build_sections()
    return collect_shortcuts(page, known=_keys(name))


def shortcut_sheet(window: QMainWindow) -> ShortcutSheet:
    """Every tab of this window with its help and keys, and the window's own keys first."""
    tabs: QTabWidget = window.tabs  # type: ignore[attr-defined]
    sections = [ShortcutSection(tr("공통"), tab_help("global"), tuple(window_shortcuts(window)))]
    for name in tab_names(window):
        page = window.pages[name]  # type: ignore[attr-defined]  # builds a tab not shown yet
        title = _plain(tabs.tabText(tabs.indexOf(page)))
        sections.append(ShortcutSection(title, tab_help(name), tuple(tab_shortcuts(window, name))))
    actor = window.ctx.actor  # type: ignore[attr-defined]
    subtitle = tr("민원창구 · {name} ({role})", name=actor.display_name, role=role_name(actor))
    return ShortcutSheet(tr("단축키표"), subtitle, tuple(sections))


class HelpPanel(QDockWidget):
    """The current tab's help and keys; follows the tab while open. Esc or Shift+F1 closes it."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(tr("도움말 (Shift+F1)"), window)
        self.setObjectName("helpPanel")
        self.window_ = window
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.title = QLabel(body)
        self.title.setObjectName("helpTitle")
        self.title.setStyleSheet("font-weight: bold; font-size: 14px")
        self.text = QLabel(body)
        self.text.setObjectName("helpText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.table = QTableWidget(0, 3, body)
        self.table.setObjectName("helpShortcuts")
        self.table.setAccessibleName(tr("단축키 목록"))
        self.table.setHorizontalHeaderLabels([tr("키"), tr("하는 일"), tr("화면")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        leave_with_tab(self.table)
        # Ctrl+P while the focus is in the panel: the tabs' own Ctrl+P works only with the focus in them
        self.print_button = enter_button(tr("단축키표 인쇄 (Ctrl+P)"), body)
        self.print_button.setObjectName("printShortcutSheet")
        self.print_button.clicked.connect(self.print_sheet)
        self.close_button = enter_button(tr("닫기 (Esc)"), body)
        self.close_button.setObjectName("closeHelp")
        self.close_button.clicked.connect(self.hide)
        ops.install_shortcuts(self, [("Esc", self.hide), ("Ctrl+P", self.print_sheet)])
        for widget in (self.title, self.text, self.table, self.print_button, self.close_button):
            layout.addWidget(widget)
        self.setWidget(body)
        self.setMinimumWidth(420)
        window.tabs.currentChanged.connect(self._tab_changed)  # type: ignore[attr-defined]
        self.rows: list[ShortcutRow] = []

    def _tab_changed(self, _index: int) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        window = self.window_
        name = tab_name(window)
        tabs: QTabWidget = window.tabs  # type: ignore[attr-defined]
        self.title.setText(_plain(tabs.tabText(tabs.currentIndex())))
        self.text.setText(tab_help(name) + "\n\n" + tab_help("global"))
        self.rows = tab_shortcuts(window, name) + window_shortcuts(window) if name else window_shortcuts(window)
        self.table.setRowCount(len(self.rows))
        for row, item in enumerate(self.rows):
            for column, value in enumerate((item.keys, item.action, item.where)):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    def print_sheet(self) -> None:
        from ui.printing import deliver

        window = self.window_
        ctx = window.ctx  # type: ignore[attr-defined]
        sheet = shortcut_sheet(window)
        settings = ctx.app.settings
        self.sheet_path = None

        def written(path: object) -> None:
            self.sheet_path = path
            deliver(window, ctx, path, paper="a4", title=tr("단축키표"))  # type: ignore[arg-type]

        # imported when asked for: reportlab is not needed to start the program
        from app.services.help_sheet import write_shortcut_sheet

        ops.run(
            window,
            ctx,
            lambda: write_shortcut_sheet(settings, sheet, name=ctx.actor.role_label),
            done=written,
            lane="io",
        )


def toggle_help(window: QMainWindow) -> HelpPanel:
    panel: HelpPanel | None = getattr(window, "help_panel", None)
    if panel is None:
        panel = HelpPanel(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
        window.help_panel = panel  # type: ignore[attr-defined]
        panel.hide()
    if panel.isVisible():
        panel.hide()
        window.tabs.currentWidget().setFocus()  # type: ignore[attr-defined]
    else:
        panel.refresh()
        panel.show()
        panel.table.setFocus()
    return panel


def install_help(window: QMainWindow) -> QShortcut:
    """Shift+F1 opens (and closes) the help panel from anywhere in the window."""
    shortcut = QShortcut(QKeySequence(HELP_KEY), window)
    shortcut.activated.connect(lambda: toggle_help(window))
    return shortcut
