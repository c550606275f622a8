"""The household editor of the 복지 조회 tab: people typed into a table, cell by cell, with a check box per flag.

This is an editor, not a list: it needs the editing roles (EditRole, CheckStateRole) and row insertion that
the read-only ``ui.models.RowsModel`` does not have, so it keeps its own model. What is typed is kept as typed
(a bad birth date stays in its cell, marked) until it is read as domain values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFocusEvent, QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView, QWidget

from app.domain.benefits import Person
from ui.errors import FieldError
from ui.i18n import N_, tr

# Relations are kept as the benefit catalog reads them (Korean words: its data, not the screen's text);
# the known ones are shown in the UI language and may be typed in it too.
SELF = "본인"
CHILD = "자녀"
RELATIONS = {
    SELF: N_("본인"),
    "배우자": N_("배우자"),
    CHILD: N_("자녀"),
    "부": N_("부"),
    "모": N_("모"),
    "사망자": N_("사망자"),
}
# Words a clerk may type for a child; the catalog counts only 자녀 as a child.
_CHILD_WORDS = {"아들", "딸", "자", "녀", "아이", "출생아", "자식", "son", "daughter", "kid"}
# the catalog's household flags (benefits.toml [vocabulary] flags) as the screen shows them
FLAG_LABELS = {
    "수급자": N_("수급자"),
    "한부모": N_("한부모"),
    "장애": N_("장애"),
    "다자녀": N_("다자녀"),
    "직원": N_("직원"),
}
_DATE_PARTS = re.compile(r"^\s*(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*일?\s*$")

Index = QModelIndex | QPersistentModelIndex


def parse_birth_date(text: str) -> date | None:
    """``2020-03-15``, ``2020.3.15``, ``20200315`` or empty (unknown); ValueError (Korean) otherwise."""
    raw = text.strip()
    if not raw:
        return None
    digits = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", raw)
    match = digits or _DATE_PARTS.match(raw)
    if match is None:
        raise FieldError("생년월일 {typed:을/를} 알아볼 수 없습니다. 예: 2020-03-15 또는 20200315", typed=raw)
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise FieldError("생년월일 {typed:은/는} 없는 날짜입니다.", typed=raw) from None


def relation_label(relation: str) -> str:
    """A relation as shown: a known one in the UI language, anything else as typed."""
    return tr(RELATIONS[relation]) if relation in RELATIONS else relation


def relation_code(typed: str) -> str:
    """What the clerk typed (Korean or the UI language) as the catalog reads it."""
    text = typed.strip()
    if text in _CHILD_WORDS or text.lower() in _CHILD_WORDS:
        return CHILD
    for code, label in RELATIONS.items():
        if text == code or text.casefold() == tr(label).casefold():
            return code
    return text


def flag_label(flag: str) -> str:
    return tr(FLAG_LABELS.get(flag, flag))


@dataclass
class PersonRow:
    """One person as typed: text as entered, so nothing the clerk typed is lost on a bad date."""

    name: str = ""
    birth: str = ""
    relation: str = CHILD
    flags: set[str] = field(default_factory=set)

    def error(self) -> str | None:
        """Why the birth date cannot be read, in the UI language; None when it can."""
        try:
            parse_birth_date(self.birth)
        except FieldError as exc:
            return exc.text()
        return None


class HouseholdModel(QAbstractTableModel):
    """The people of the household: name, birth date, relation, and a check box per flag."""

    TEXT_COLUMNS = (N_("이름"), N_("생년월일"), N_("관계"))

    def __init__(self, flags: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.flag_names = list(flags)
        self.rows: list[PersonRow] = []

    # -- Qt model -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.TEXT_COLUMNS) + len(self.flag_names)

    def _flag_of(self, column: int) -> str | None:
        i = column - len(self.TEXT_COLUMNS)
        return self.flag_names[i] if 0 <= i < len(self.flag_names) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        column = index.column()
        flag = self._flag_of(column)
        if flag is not None:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if flag in row.flags else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.ToolTipRole:
                return tr("{flag} (Space로 표시)", flag=flag_label(flag))
            return None
        if role == Qt.ItemDataRole.DisplayRole and column == 1 and row.error():
            return tr("{birth} (확인)", birth=row.birth)  # the pink cell is never the only sign of a wrong date
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (row.name, row.birth, relation_label(row.relation))[column]
        if column == 1 and row.error():
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor("#f8d7da"))
            if role == Qt.ItemDataRole.ToolTipRole:
                return row.error()
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                tr("이름 (안내문에 적힙니다)"),
                tr("생년월일 예: 2020-03-15"),
                tr("관계: 본인·배우자·자녀·부·모 등"),
            )[column]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._flag_of(index.column()) is not None:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return False
        row = self.rows[index.row()]
        flag = self._flag_of(index.column())
        if flag is not None:
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
            (row.flags.add if checked else row.flags.discard)(flag)
        elif role == Qt.ItemDataRole.EditRole:
            text = "" if value is None else str(value).strip()
            if index.column() == 0:
                row.name = text
            elif index.column() == 1:
                row.birth = text
            else:
                row.relation = relation_code(text)
        else:
            return False
        self.dataChanged.emit(index, index)
        return True

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section < len(self.TEXT_COLUMNS):
                return tr(self.TEXT_COLUMNS[section])
            flag = self._flag_of(section)
            return flag_label(flag) if flag is not None else None
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            if section == 2:
                return tr(
                    "관계가 '{child}'인 사람만 아동 혜택(아동수당 등)의 대상으로 봅니다", child=relation_label(CHILD)
                )
            flag = self._flag_of(section)
            return tr("{flag} (Space로 표시)", flag=flag_label(flag)) if flag is not None else None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    # -- editing the list -----------------------------------------------------------------------
    def add_person(self, row: PersonRow | None = None) -> int:
        if row is None:
            row = PersonRow(relation=SELF if not self.rows else CHILD)
        position = len(self.rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self.rows.append(row)
        self.endInsertRows()
        return position

    def remove_person(self, position: int) -> None:
        if 0 <= position < len(self.rows):
            self.beginRemoveRows(QModelIndex(), position, position)
            del self.rows[position]
            self.endRemoveRows()

    def set_people(self, rows: Sequence[PersonRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def people(self) -> tuple[Person, ...]:
        """The typed people as domain values; ValueError (Korean, with the row) for a bad birth date."""
        people = []
        for number, row in enumerate(self.rows, start=1):
            if not (row.name or row.birth):
                continue  # a blank row just added
            try:
                born = parse_birth_date(row.birth)
            except FieldError as exc:
                raise FieldError("{number}번째 사람: {problem}", number=number, problem=exc.text()) from None
            people.append(Person(row.name, born, row.relation or "", frozenset(row.flags)))
        return tuple(people)

    def names(self) -> list[str]:
        return [row.name for row in self.rows if row.name]


class HouseholdTable(QTableView):
    """Tab moves cell by cell and leaves the table after the last cell (and before the first)."""

    def _at_edge(self, forward: bool) -> bool:
        model = self.model()
        rows, columns = model.rowCount(), model.columnCount()
        current = self.currentIndex()
        if rows == 0 or not current.isValid():
            return True
        if forward:
            return current.row() == rows - 1 and current.column() == columns - 1
        return current.row() == 0 and current.column() == 0

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt naming
        if self.state() != QAbstractItemView.State.EditingState and self._at_edge(next):
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        """Typing into the empty table starts the first person at once (no Ctrl+Enter needed first); the key
        typed is the first letter of the name."""
        model = self.model()
        typed = event.text()
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if (
            isinstance(model, HouseholdModel)
            and model.rowCount() == 0
            and plain
            and typed
            and typed.isprintable()
            and not typed.isspace()
        ):
            model.add_person()
            self.setCurrentIndex(model.index(0, 0))
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 - Qt naming
        # Hangul arrives from the input method, not as a key press: the same first row for it.
        model = self.model()
        composing = bool(event.commitString() or event.preeditString())
        started = isinstance(model, HouseholdModel) and model.rowCount() == 0 and composing
        if started:
            model.add_person()
            self.setCurrentIndex(model.index(0, 0))
        super().inputMethodEvent(event)
        editor = QApplication.focusWidget()
        if started and editor is not None and editor is not self and self.isAncestorOf(editor):
            # the view opened the name cell but keeps the syllable for itself: hand it to the cell
            again = QInputMethodEvent(event.preeditString(), event.attributes())
            again.setCommitString(event.commitString(), event.replacementStart(), event.replacementLength())
            QApplication.sendEvent(editor, again)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt naming
        model = self.model()
        if model.rowCount() > 0:
            if event.reason() == Qt.FocusReason.BacktabFocusReason:
                self.setCurrentIndex(model.index(model.rowCount() - 1, model.columnCount() - 1))
            elif event.reason() == Qt.FocusReason.TabFocusReason:
                self.setCurrentIndex(model.index(0, 0))
        super().focusInEvent(event)
