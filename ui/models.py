"""The one table model of the program: read-only rows of plain view values shown through ``Column`` accessors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.i18n import translate

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class Column(Generic[Row]):
    """A header and how a row shows in it: its text, and optionally alignment, colour and tooltip."""

    def __init__(
        self,
        title: str,
        value: Callable[[Row], Any],
        *,
        align_right: bool = False,
        background: Callable[[Row], str | None] | None = None,
        tooltip: Callable[[Row], str] | None = None,
    ) -> None:
        self.title = title
        self.value = value
        self.align_right = align_right
        self.background = background
        self.tooltip = tooltip

    def text(self, row: Row) -> str:
        """The cell's text; a value that is a text of the catalogs (a status, a kind) in the UI language."""
        value = self.value(row)
        if value is None:
            return ""
        return translate(value) if isinstance(value, str) else str(value)


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Rows of any plain objects; ``set_rows`` replaces them. ``row_background`` colours a whole row."""

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        parent: Any = None,
        *,
        row_background: Callable[[Row], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Row] = []
        self.row_background = row_background

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, index: int) -> Row:
        return self.rows[index]

    def get(self, index: int) -> Row | None:
        """The row at ``index``, or None when there is none (an empty or shrunk list)."""
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def find(self, predicate: Callable[[Row], bool]) -> int:
        """The index of the first row for which ``predicate`` holds, or -1."""
        return next((i for i, row in enumerate(self.rows) if predicate(row)), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = column.background(row) if column.background is not None else None
            if colour is None and self.row_background is not None:
                colour = self.row_background(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip is not None else column.text(row)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return translate(self.columns[section].title)
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None
