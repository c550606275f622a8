"""Small widgets every tab uses: resident-number entry, money display, keyboard-first forms and dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QAbstractItemModel, QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.calendar import seoul_today
from app.domain.identity import InvalidResidentNumber, ResidentNumber, parse_resident_number
from app.formatting import won
from app.services.errors import shown
from ui.i18n import N_, tr
from ui.keymap import declare_keys

OLDEST_PLAUSIBLE_AGE = 120  # older than anyone living: the number is more likely mistyped


class ResidentNumberEdit(QWidget):
    """A resident-number field: typed as a password, checked as you type, shown masked once valid.

    ``value()`` gives the plain digits for the service call only; nothing else keeps them.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, required: bool = True) -> None:
        super().__init__(parent)
        self.required = required
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("rrnEdit")
        self.edit.setPlaceholderText(tr("예: 900101-1234567"))
        self.edit.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.edit.setMaxLength(16)
        self.hint = QLabel(self)
        self.hint.setObjectName("rrnHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._check)
        self._parsed: ResidentNumber | None = None
        self._error: str | None = None

    def _check(self) -> None:
        text = self.edit.text()
        self._parsed, self._error = None, None
        if not text.strip():
            self.hint.setText("")
        else:
            try:
                self._parsed = parse_resident_number(text)
            except InvalidResidentNumber as exc:
                self._error = str(shown(exc))  # the domain's refusal in the UI language
                self.hint.setStyleSheet("color: #b00020")
                self.hint.setText(self._error)
            else:
                # the checksum warning is a text of the catalogs: tr() shows it in the UI language as a field
                warnings = [self._parsed.checksum_warning] if self._parsed.checksum_warning else []
                age = self._parsed.age_on(seoul_today())
                if age > OLDEST_PLAUSIBLE_AGE:  # a warning, not a refusal: 1800s numbers (S = 9/0) do exist
                    warnings.append(
                        tr(
                            "만 {age}세입니다 ({year}년생). 성별 자리(뒤 첫 자리)와 생년을 다시 확인하세요.",
                            age=age,
                            year=self._parsed.birth_date.year,
                        )
                    )
                self.hint.setStyleSheet("color: #8a6d00" if warnings else "color: #1b5e20")
                sex = tr("남") if self._parsed.sex == "M" else tr("여")
                self.hint.setText(
                    tr("{masked} · {sex} · 만 {age}세", masked=self._parsed.masked(), sex=sex, age=age)
                    + "".join(tr("\n주의: {warning}", warning=warning) for warning in warnings)
                )
        self.changed.emit()

    def parsed(self) -> ResidentNumber | None:
        return self._parsed

    def error(self) -> str | None:
        """The Korean reason the current text is not acceptable, or None."""
        if self._error:
            return self._error
        if self.required and self._parsed is None:
            return tr("주민등록번호를 입력하세요.")
        return None

    def value(self) -> str | None:
        return self._parsed.digits if self._parsed else None

    def clear(self) -> None:
        self.edit.clear()


class MoneyLabel(QLabel):
    """An amount in won, right-aligned and bold."""

    def __init__(self, amount: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet("font-weight: bold; font-size: 14pt")
        self.set_amount(amount)

    def set_amount(self, amount: int | None) -> None:
        self.amount = amount
        self.setText("-" if amount is None else won(amount))


class EnterLineEdit(QLineEdit):
    """A line edit that moves to the next field on Enter unless it is the last one (then it submits)."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
            return
        super().keyPressEvent(event)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class DateField(QDateEdit):
    """The one date field of the program: typed as digits (20261125) or picked from a calendar (Alt+↓).

    Tab leaves it at once (a plain QDateEdit walks year, month and day first); the arrows move between the
    sections. ``value()`` gives a ``date``; an ``optional`` field can also be empty (its lowest date, shown
    blank; Delete or Backspace on a whole field empties it), and then gives None.
    """

    EMPTY = date(1900, 1, 1)

    def __init__(self, day: date | None, parent: QWidget | None = None, *, optional: bool = False) -> None:
        super().__init__(parent)
        self.optional = optional
        if optional:
            self.setMinimumDate(qdate(self.EMPTY))
            self.setSpecialValueText(" ")
        self.set_value(day)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt naming
        return QWidget.focusNextPrevChild(self, next)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        # An empty optional field shows its blank text, which Qt cannot parse digits into: start from today
        # with the year selected, so that typing 20260301 fills it as in any other date field.
        if self.optional and self.value() is None and event.text().isdigit():
            self.setDate(qdate(seoul_today()))
            self.setCurrentSection(QDateTimeEdit.Section.YearSection)
            self.setSelectedSection(QDateTimeEdit.Section.YearSection)
        super().keyPressEvent(event)

    def value(self) -> date | None:
        day = pydate(self.date())
        return None if self.optional and day == self.EMPTY else day

    def set_value(self, day: date | None) -> None:
        if day is None:
            if not self.optional:
                raise ValueError("a required date field cannot be empty")
            day = self.EMPTY
        self.setDate(qdate(day))

    def clear_value(self) -> None:
        self.set_value(None if self.optional else seoul_today())


def date_field(
    day: date | None, *, name: str = "", parent: QWidget | None = None, optional: bool = False
) -> DateField:
    """A date field showing ``day`` (None: empty, for an optional field), written 2026-11-25."""
    edit = DateField(day, parent, optional=optional)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setToolTip(tr("숫자로 입력 (예: 20261125), ←→ 년·월·일 이동, Alt+↓ 달력"))
    declare_keys(edit, ("Alt+Down", N_("날짜 칸에서: 달력 열기")))
    if name:
        edit.setObjectName(name)
    return edit


# The name the first tabs used.
date_edit = date_field


def enter_button(text: str, parent: QWidget | None = None) -> QPushButton:
    """A button that Enter presses when it has the focus, as Space does (outside dialogs Qt leaves Enter to
    the page, which would issue or take instead of what the focused button says)."""
    button = QPushButton(text, parent)
    button.setAutoDefault(True)
    return button


class ListTable(QTableView):
    """A list the keyboard can leave: Tab and Shift+Tab go to the next control (Ctrl+Tab and Ctrl+Shift+Tab
    move between cells inside), and the columns are sized to their first rows when rows arrive.

    ``QHeaderView.ResizeMode.ResizeToContents`` would measure every row on every change (a 10,000-row access
    log froze the screen); here a column only widens when the first ``SAMPLE_ROWS`` rows need it, once per
    load, and the clerk may still drag it.
    """

    SAMPLE_ROWS = 50

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabKeyNavigation(False)
        declare_keys(self, ("Ctrl+Tab", N_("표 안에서 다음 칸 (Tab은 표를 떠남)")), ("Ctrl+Shift+Tab", N_("표 안에서 앞 칸")))
        self._fitted = False
        header = self.horizontalHeader()
        header.setResizeContentsPrecision(self.SAMPLE_ROWS)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 - Qt naming
        old = self.model()
        if old is not None:
            for signal in (old.modelReset, old.rowsInserted, old.layoutChanged):
                try:
                    signal.disconnect(self.fit_columns)
                except (RuntimeError, TypeError):
                    pass
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self.fit_columns)
            model.rowsInserted.connect(self.fit_columns)
            model.layoutChanged.connect(self.fit_columns)
        self.fit_columns()

    def fit_columns(self, *_args: object) -> None:
        """On the first rows, every column to its header and first rows; later loads only widen a column
        that its rows no longer fit in (a column the clerk dragged wider stays so)."""
        model = self.model()
        if model is None:
            return
        header = self.horizontalHeader()
        first = not self._fitted and model.rowCount() > 0
        last = model.columnCount() - 1
        for column in range(model.columnCount()):
            if header.isSectionHidden(column) or (column == last and header.stretchLastSection()):
                continue
            wanted = max(self.sizeHintForColumn(column), header.sectionSizeHint(column))
            if first or wanted > header.sectionSize(column):
                header.resizeSection(column, wanted)
        self._fitted = self._fitted or first

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        control = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if control and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            backwards = event.key() == Qt.Key.Key_Backtab or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            move = QAbstractItemView.CursorAction
            action = move.MovePrevious if backwards else move.MoveNext
            index = self.moveCursor(action, event.modifiers())
            if index.isValid():
                self.setCurrentIndex(index)
            event.accept()
            return
        super().keyPressEvent(event)


def leave_with_tab(table: QTableView) -> QTableView:
    """For a table built by hand (an editor with its own Tab rules is not one): Tab leaves it."""
    table.setTabKeyNavigation(False)
    return table


def table_view(name: str, model: QAbstractItemModel, parent: QWidget | None = None) -> QTableView:
    """A read-only list: whole rows selected one at a time, columns sized to their contents (``ListTable``)."""
    table = ListTable(parent)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    table.setModel(model)
    return table


class FieldEnterDialog(QDialog):
    """A dialog whose fields handle Enter themselves (returnPressed): QDialog must not also press a button,
    which would, for example, count one wrong password twice or open a second dialog."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)


def counted_suffix(spin: QSpinBox, suffix: Callable[[int], str]) -> QSpinBox:
    """Keep ``spin``'s suffix fitting its count (``1 copy``, ``2 copies``): ``suffix(n)`` is the text after the
    number, e.g. ``lambda n: ntr(" 부", " 부", n)`` or ``lambda n: ordinal_suffix(N_("째"), n)``. The suffix is
    set only when it changes (Korean: once), so typing in the box is not disturbed."""

    def fit(count: int) -> None:
        text = suffix(count)
        if text != spin.suffix():
            spin.setSuffix(text)

    fit(spin.value())
    spin.valueChanged.connect(fit)
    return spin


class _FirstPaneFit(QObject):
    """See ``fit_first_pane``."""

    def __init__(self, splitter: QSplitter, content: QWidget, share: float) -> None:
        super().__init__(splitter)
        self.splitter, self.content, self.share = splitter, content, share
        splitter.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.splitter and event.type() == QEvent.Type.Show:
            self.splitter.removeEventFilter(self)
            QTimer.singleShot(0, self.fit)  # once the splitter has its width
        return False

    def fit(self) -> None:
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if len(sizes) < 2 or total <= 0:
            return
        # the form, a scroll bar beside it and the frames around it
        bar = self.splitter.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        wanted = self.content.sizeHint().width() + bar + 40
        first = min(max(sizes[0], wanted), int(total * self.share))
        if first > sizes[0]:
            self.splitter.setSizes([first, *sizes[1:-1], sizes[-1] - (first - sizes[0])])

def fit_first_pane(splitter: QSplitter, content: QWidget, *, share: float = 0.6) -> None:
    """A form beside a list: when first shown, the splitter's first pane is made as wide as ``content`` (the form
    inside its scroll area) asks, in the screen's language and font size, up to ``share`` of the whole; a fixed
    width in pixels would cut an English form (longer labels) or a large font. The clerk may still drag it."""
    _FirstPaneFit(splitter, content, share)
