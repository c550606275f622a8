"""Small keyboard-first dialogs for the petition actions of the 증명·민원 tab (Enter confirms, Esc cancels).

Each is a ``ui.ops.SubmitDialog`` run with ``ui.ops.run_dialog``: it stays open until the action went through;
a refusal is shown in the dialog and everything typed stays, so the clerk corrects a reason instead of typing
it again."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.calendar import SEOUL, seoul_today
from app.domain.deadlines import parse_period
from app.domain.petition_rules import (
    ACTION_LABELS,
    CLOSE_REASONS,
    DECISIONS,
    EXTENSION_NOTICE_METHODS,
    NOTIFY_METHODS,
    workflow_rules,
)
from app.i18n import ntr
from app.services.petitions.workflow import EXTENSION_AMOUNT_MAX, EXTENSION_UNITS
from app.views.petitions import PetitionView
from ui.forms import FormBuilder
from ui.i18n import N_, tr
from ui.ops import SubmitDialog
from ui.widgets import DateField, date_field, qdate

# the dialog of each step is titled by the step's own name; closing asks for no decision, and says so
TITLES = {
    **{action: ACTION_LABELS[action] for action in ("supplement", "resume", "extend", "transfer", "decide", "notify")},
    "close": N_("종결 (결정 없이)"),
}
# Only what the form proposes; the clerk sets the date the request letter names.
SUPPLEMENT_DAYS_PROPOSED = 7
PLACEHOLDER_MAX_WIDTH = 420


def unit_label(unit: str, count: int) -> str:
    """The name of an extension's unit for ``count`` of it (``일`` / ``day``, ``days``)."""
    if unit == "hours":
        return ntr(" 시간", " 시간", count).strip()
    if unit == "months":
        return ntr(" 개월", " 개월", count).strip()
    return ntr(" 일", " 일", count).strip()


def proposed_period(period: str) -> tuple[int, str]:
    """(amount, unit) the extension dialog proposes: the petition's own period where it is in a unit an
    extension is given in, else a day."""
    try:
        own = parse_period(period)
    except ValueError:
        return 1, "days"
    if own.kind in EXTENSION_UNITS and own.amount >= 1:
        return min(own.amount, EXTENSION_AMOUNT_MAX), own.kind
    return 1, "days"


class PetitionActionDialog(SubmitDialog):
    """Asks what an action needs (a reason, a department, a decision time …); ``values()`` returns it."""

    def __init__(
        self,
        action: str,
        petition: PetitionView,
        *,
        departments: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.action = action
        self.petition = petition
        self.setObjectName("counterActionDialog")
        self.setWindowTitle(tr("{action} — {number}", action=tr(TITLES[action]), number=petition.number))
        layout = QVBoxLayout(self)
        header = QLabel(
            tr(
                "<b>{number}</b> {type_name} · {department} · {status}",
                number=petition.number,
                type_name=petition.type_name,
                department=petition.department,
                status=petition.status_label,
            )
        )
        header.setWordWrap(True)
        layout.addWidget(header)
        self.form = FormBuilder()
        layout.addLayout(self.form.layout)
        self.fields: dict[str, QWidget] = {}
        self._decided_default: QDateTime | None = None
        today = seoul_today()
        if action == "supplement":
            self._line("note", tr("보완할 내용"), placeholder=tr("예: 위임장 원본 제출"))
            proposed = today + timedelta(days=SUPPLEMENT_DAYS_PROPOSED)
            self._add("supplement_due", tr("보완 기한"), date_field(proposed, name="action_supplement_due"))
        elif action == "resume":
            self._line("note", tr("메모 (선택)"))
        elif action == "extend":
            self._line("reason", tr("연장 사유"), placeholder=tr("업무량·인력 부족은 사유가 될 수 없습니다"))
            self._period_row(petition.period)
            self._combo("notice_method", tr("민원인 통지"), [(tr(m), m) for m in EXTENSION_NOTICE_METHODS])
            consent = QCheckBox(tr("민원인이 다시 연장하는 데 동의함"))
            self._add("consent", tr("동의"), consent)
            note = self._line("consent_note", tr("동의 기록"), placeholder=tr("예: 11/25 전화로 동의"))
            most = workflow_rules(today).max_extensions
            if petition.extension_count == 0:
                consent.setEnabled(False)
                note.setEnabled(False)
            elif petition.extension_count >= most:
                layout.addWidget(
                    QLabel(
                        tr(
                            "이미 {extension_count}번 연장했습니다: 더는 연장할 수 없습니다 ({most}번까지).",
                            extension_count=petition.extension_count,
                            most=most,
                        )
                    )
                )
            else:
                layout.addWidget(
                    QLabel(
                        tr(
                            "이미 {extension_count}번 연장했습니다: 민원인 동의가 필요합니다.",
                            extension_count=petition.extension_count,
                        )
                    )
                )
        elif action == "transfer":
            self._combo("to_department", tr("받을 부서"), [(tr(d), d) for d in departments if d != petition.department])
            self._line("reason", tr("이송 사유"))
        elif action == "decide":
            self._combo("decision", tr("처리 결과"), [(tr(d), d) for d in DECISIONS])
            self._line(
                "decision_reason", tr("불가 사유·처리 내용"), placeholder=tr("불가이면 반드시 (통지서에 인쇄됩니다)")
            )
            # Seoul's wall clock as the field shows it, whatever the PC's own zone; values() reads the
            # fields back as Seoul time.
            now = datetime.now(SEOUL)
            when = QDateTimeEdit(QDateTime(qdate(now.date()), QTime(now.hour, now.minute)))
            when.setDisplayFormat("yyyy-MM-dd HH:mm")
            self._add("decided_at", tr("실제 처리(결재) 시각"), when)
            self._decided_default = when.dateTime()
            self._line("reason", tr("앞당긴 사유"), placeholder=tr("지금보다 이른 시각일 때만"))
        elif action == "notify":
            self._combo("method", tr("방법"), [(tr(m), m) for m in NOTIFY_METHODS])
        elif action == "close":
            self._combo("reason_code", tr("종결 사유"), [(tr(label), code) for code, label in CLOSE_REASONS.items()])
            self._line("note", tr("내용"), placeholder=tr("반송 일자, 미수령 안내 내역 등"))
        self.form.finish()
        self.ok_button.setText(tr("{action} (Enter)", action=tr(TITLES[action])))
        self.ok_button.setDefault(True)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText(tr("닫기 (Esc)"))
        layout.addWidget(self.buttons)
        self.message.setObjectName("actionMessage")
        layout.addWidget(self.message)
        first = self.first_field()
        if first is not None:
            first.setFocus()

    def _add(self, key: str, label: str, widget: QWidget) -> QWidget:
        if not widget.objectName():
            widget.setObjectName(f"action_{key}")
        self.form.row(label, widget)
        self.fields[key] = widget
        return widget

    def _period_row(self, period: str) -> None:
        """연장 기간 as a number and a unit (a structured value for the service, no text to parse)."""
        amount, unit = proposed_period(period)
        spin = QSpinBox()
        spin.setObjectName("action_period_amount")
        spin.setRange(1, EXTENSION_AMOUNT_MAX)
        spin.setValue(amount)
        spin.setAccessibleName(tr("연장 기간"))
        units = QComboBox()
        units.setObjectName("action_period_unit")
        units.setAccessibleName(tr("연장 기간의 단위"))
        for key in EXTENSION_UNITS:
            units.addItem(unit_label(key, amount), key)
        units.setCurrentIndex(max(0, units.findData(unit)))

        def relabel(count: int) -> None:  # "1 day", "2 days": the unit's name fits the number
            for i in range(units.count()):
                units.setItemText(i, unit_label(str(units.itemData(i)), count))

        spin.valueChanged.connect(relabel)
        self.form.row_of(tr("연장 기간"), spin, units)
        self.fields["period_amount"] = spin
        self.fields["period_unit"] = units

    def _line(self, key: str, label: str, text: str = "", placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(text)
        edit.setPlaceholderText(placeholder)
        if placeholder:  # the hint whole, in any language (English hints are longer than the Korean)
            edit.setMinimumWidth(min(PLACEHOLDER_MAX_WIDTH, edit.fontMetrics().horizontalAdvance(placeholder) + 16))
        self._add(key, label, edit)
        return edit

    def _combo(self, key: str, label: str, items: list[tuple[str, str]]) -> QComboBox:
        box = QComboBox()
        for text, data in items:
            box.addItem(text, data)
        self._add(key, label, box)
        return box

    def first_field(self) -> QWidget | None:
        return next(iter(self.fields.values()), None)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                out[key] = widget.text()
            elif isinstance(widget, QComboBox):
                out[key] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                out[key] = widget.value()
            elif isinstance(widget, DateField):
                out[key] = widget.value()
            elif isinstance(widget, QDateTimeEdit):
                value = widget.dateTime()
                if value == self._decided_default:
                    out[key] = None  # untouched: the decision is now
                    continue
                d, t = value.date(), value.time()
                out[key] = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=SEOUL)
        return out
