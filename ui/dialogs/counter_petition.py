"""Small keyboard-first dialogs for the petition actions of the 증명·민원 tab (Enter confirms, Esc cancels).

A dialog given a ``submit`` callback stays open until the page reports the outcome: a refusal is shown in
the dialog and everything typed stays, so the clerk corrects a reason instead of typing it again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.calendar import SEOUL, seoul_today
from app.services.petitions import (
    CLOSE_REASONS,
    DECISIONS,
    EXTENSION_NOTICE_METHODS,
    NOTIFY_METHODS,
    PetitionView,
    workflow_rules,
)
from ui.errors import message_for, show_error
from ui.widgets import qdate

TITLES = {
    "supplement": "보완 요청",
    "resume": "보완 도착",
    "extend": "처리기간 연장",
    "transfer": "이송",
    "decide": "처리완료",
    "notify": "통지·교부",
    "close": "종결 (결정 없이)",
}
# Only what the form proposes; the clerk sets the date the request letter names.
SUPPLEMENT_DAYS_PROPOSED = 7


class PetitionActionDialog(QDialog):
    """Asks what an action needs (a reason, a department, a decision time …); ``values()`` returns it."""

    def __init__(
        self,
        action: str,
        petition: PetitionView,
        *,
        departments: list[str],
        parent: QWidget | None = None,
        submit: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.action = action
        self.petition = petition
        self._submit = submit
        self._busy = False
        self.setObjectName("counterActionDialog")
        self.setWindowTitle(f"{TITLES[action]} — {petition.number}")
        layout = QVBoxLayout(self)
        header = QLabel(
            f"<b>{petition.number}</b> {petition.type_name} · {petition.department} · {petition.status_label}"
        )
        header.setWordWrap(True)
        layout.addWidget(header)
        form = QFormLayout()
        layout.addLayout(form)
        self.fields: dict[str, QWidget] = {}
        today = seoul_today()

        def line(key: str, label: str, text: str = "", placeholder: str = "") -> QLineEdit:
            edit = QLineEdit(text)
            edit.setObjectName(f"action_{key}")
            edit.setPlaceholderText(placeholder)
            form.addRow(label, edit)
            self.fields[key] = edit
            return edit

        def combo(key: str, label: str, items: list[tuple[str, str]]) -> QComboBox:
            box = QComboBox()
            box.setObjectName(f"action_{key}")
            for text, data in items:
                box.addItem(text, data)
            form.addRow(label, box)
            self.fields[key] = box
            return box

        if action == "supplement":
            line("note", "보완할 내용", placeholder="예: 위임장 원본 제출")
            due = QDateEdit(qdate(today + timedelta(days=SUPPLEMENT_DAYS_PROPOSED)))
            due.setObjectName("action_supplement_due")
            due.setCalendarPopup(True)
            due.setDisplayFormat("yyyy-MM-dd")
            form.addRow("보완 기한", due)
            self.fields["supplement_due"] = due
        elif action == "resume":
            line("note", "메모 (선택)")
        elif action == "extend":
            line("reason", "연장 사유", placeholder="업무량·인력 부족은 사유가 될 수 없습니다")
            line("period", "연장 기간", petition.period)
            combo("notice_method", "민원인 통지", [(m, m) for m in EXTENSION_NOTICE_METHODS])
            consent = QCheckBox("민원인이 다시 연장하는 데 동의함")
            consent.setObjectName("action_consent")
            form.addRow("동의", consent)
            self.fields["consent"] = consent
            note = line("consent_note", "동의 기록", placeholder="예: 11/25 전화로 동의")
            most = int(workflow_rules(today)["max_extensions"])
            if petition.extension_count == 0:
                consent.setEnabled(False)
                note.setEnabled(False)
            elif petition.extension_count >= most:
                layout.addWidget(
                    QLabel(f"이미 {petition.extension_count}번 연장했습니다: 더는 연장할 수 없습니다 ({most}번까지).")
                )
            else:
                layout.addWidget(QLabel(f"이미 {petition.extension_count}번 연장했습니다: 민원인 동의가 필요합니다."))
        elif action == "transfer":
            combo("to_department", "받을 부서", [(d, d) for d in departments if d != petition.department])
            line("reason", "이송 사유")
        elif action == "decide":
            combo("decision", "처리 결과", [(d, d) for d in DECISIONS])
            # Seoul's wall clock as the field shows it, whatever the PC's own zone; values() reads the
            # fields back as Seoul time.
            now = datetime.now(SEOUL)
            when = QDateTimeEdit(QDateTime(qdate(now.date()), QTime(now.hour, now.minute)))
            when.setObjectName("action_decided_at")
            when.setDisplayFormat("yyyy-MM-dd HH:mm")
            form.addRow("실제 처리(결재) 시각", when)
            self.fields["decided_at"] = when
            self._decided_default = when.dateTime()
            line("reason", "앞당긴 사유", placeholder="지금보다 이른 시각일 때만")
        elif action == "notify":
            combo("method", "방법", [(m, m) for m in NOTIFY_METHODS])
        elif action == "close":
            combo("reason_code", "종결 사유", [(label, code) for code, label in CLOSE_REASONS.items()])
            line("note", "내용", placeholder="반송 일자, 미수령 안내 내역 등")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(f"{TITLES[action]} (Enter)")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("취소 (Esc)")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.message = QLabel()
        self.message.setObjectName("actionMessage")
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        first = next(iter(self.fields.values()), None)
        if first is not None:
            first.setFocus()

    def accept(self) -> None:
        """Enter/OK: hand the values to ``submit`` and wait for ``finish`` or ``refuse``."""
        if self._submit is None:
            super().accept()
            return
        if self._busy:
            return  # one Enter, one submission
        self._busy = True
        self.ok_button.setEnabled(False)
        self.message.clear()
        self._submit(self.values())

    def finish(self) -> None:
        """The action went through: close as accepted."""
        self._busy = False
        self.ok_button.setEnabled(True)
        super().accept()

    def refuse(self, exc: BaseException) -> None:
        """The action was refused: say why here and keep what was typed."""
        self._busy = False
        self.ok_button.setEnabled(True)
        text, is_bug = message_for(exc)
        if is_bug:
            show_error(self, exc)
            return
        self.message.setText(text)
        first = next(iter(self.fields.values()), None)
        if first is not None:
            first.setFocus()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                out[key] = widget.text()
            elif isinstance(widget, QComboBox):
                out[key] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            elif isinstance(widget, QDateTimeEdit) and not isinstance(widget, QDateEdit):
                value = widget.dateTime()
                if value == self._decided_default:
                    out[key] = None  # untouched: the decision is now
                    continue
                d, t = value.date(), value.time()
                out[key] = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=SEOUL)
            elif isinstance(widget, QDateEdit):
                d = widget.date()
                out[key] = date(d.year(), d.month(), d.day())
        return out
