"""The 가족관계등록 tab: one intake form per kind with live deadline and fine, the filing list, status and SMS.

Keyboard: Ctrl+N new filing, Ctrl+S or Enter save, Esc clear, Ctrl+P print the guidance sheet, Ctrl+B open
복지 조회 for a birth or death filing. Every field is reached with Tab in reading order.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.formatting import date_time, won
from app.services import family as svc
from app.services import outbox
from app.services.output import output_path
from ui.context import UiContext
from ui.errors import show_error
from ui.widgets import ResidentNumberEdit, present_pdf

Row = TypeVar("Row")
_DATE = re.compile(r"^(\d{4})[-./ ]?(\d{1,2})[-./ ]?(\d{1,2})\.?$")


# ---------------------------------------------------------------------------
# Small widgets
# ---------------------------------------------------------------------------


class DateEdit(QLineEdit):
    """A date typed as digits (20260301, 2026-03-01 or 2026.3.1): faster at the counter than a spin box."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.setPlaceholderText("예: 2026-03-01")
        self.setMaxLength(12)

    def set_date(self, day: date | None) -> None:
        self.setText(day.isoformat() if day else "")

    def value(self) -> date | None:
        """The date, None when empty; ValueError (Korean) when the text is not a real date."""
        text = self.text().strip()
        if not text:
            return None
        match = _DATE.match(text)
        if match is None:
            raise ValueError(f"{self.label}: 날짜를 2026-03-01 또는 20260301처럼 입력하세요 (입력: {text}).")
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise ValueError(f"{self.label}: 없는 날짜입니다 ({text}).") from None


def _row(parent: QWidget, *widgets: QWidget, stretch_last: bool = False) -> QWidget:
    """Several fields on one form row (keeps the form short enough to see whole)."""
    holder = QWidget(parent)
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if stretch_last and i == len(widgets) - 1 else 0)
    if not stretch_last:
        layout.addStretch(1)
    return holder


class PersonFields(QWidget):
    """Name and resident number of one person on one row."""

    def __init__(self, label: str, *, rrn_required: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("성명")
        self.name.setMaximumWidth(130)
        self.rrn = ResidentNumberEdit(self, required=False)
        self.rrn.edit.setPlaceholderText("주민등록번호" + ("" if rrn_required else " (있으면)"))
        layout.addWidget(self.name, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.rrn, 1)
        # The hint under the number takes room only when it says something.
        self.rrn.hint.setVisible(False)
        self.rrn.changed.connect(lambda: self.rrn.hint.setVisible(bool(self.rrn.hint.text())))
        self.setFocusProxy(self.name)

    def value(self) -> svc.PersonInput | None:
        if self.rrn.edit.text().strip() and self.rrn.parsed() is None:
            raise ValueError(f"{self.label}의 주민등록번호: {self.rrn.error()}")
        if not self.name.text().strip() and not self.rrn.edit.text().strip():
            return None
        return svc.PersonInput(self.name.text(), self.rrn.value())

    def clear(self) -> None:
        self.name.clear()
        self.rrn.clear()


class RowsModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of plain rows, each column a header and a function giving its text."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[Row], str]]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[Row]:
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._columns[index.column()][1](self._rows[index.row()])
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section][0]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None


# ---------------------------------------------------------------------------
# One page per form
# ---------------------------------------------------------------------------


class KindPage(QWidget):
    """A form page: what the filing of its kinds needs; ``event_edit`` is the date the period counts from."""

    form = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.event_edit: DateEdit | None = None
        self.event_label: QLabel | None = None

    def set_kind(self, kind: str) -> None:
        if self.event_edit is not None and self.event_label is not None:
            name = svc.counted_from(kind)
            self.event_edit.label = name
            self.event_label.setText(f"{name}")

    def _event_row(self, text: str) -> DateEdit:
        edit = DateEdit(text, self)
        self.event_label = QLabel(text, self)
        self.event_label.setWordWrap(True)
        self.layout_.addRow(self.event_label, edit)
        self.event_edit = edit
        return edit

    def event_date(self) -> date | None:
        return self.event_edit.value() if self.event_edit is not None else None

    def collect(self) -> tuple[dict[str, svc.PersonInput], dict[str, Any]]:
        raise NotImplementedError

    def clear(self) -> None:
        for edit in self.findChildren(QLineEdit):
            edit.clear()
        for text in self.findChildren(QPlainTextEdit):
            text.clear()
        for people in self.findChildren(PersonFields):
            people.clear()

    @staticmethod
    def persons(fields: dict[str, PersonFields]) -> dict[str, svc.PersonInput]:
        result: dict[str, svc.PersonInput] = {}
        for role, widget in fields.items():
            value = widget.value()
            if value is not None:
                result[role] = value
        return result


class BirthPage(KindPage):
    form = "birth"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        f = self.layout_
        name_row = QWidget(self)
        row = QHBoxLayout(name_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.surname = QLineEdit(name_row)
        self.surname.setPlaceholderText("성")
        self.surname.setMaximumWidth(60)
        self.given = QLineEdit(name_row)
        self.given.setPlaceholderText("이름 (한글)")
        self.hanja = QLineEdit(name_row)
        self.hanja.setPlaceholderText("한자 성명 (있으면)")
        row.addWidget(self.surname)
        row.addWidget(self.given, 1)
        row.addWidget(self.hanja, 1)
        f.addRow("출생아 성명", name_row)
        self.sex = QComboBox(self)
        self.sex.addItems(["남", "여"])
        self.order = QSpinBox(self)
        self.order.setRange(1, 20)
        self.order.setSuffix("째")
        self.order.setToolTip("모의 몇째 자녀인지 (첫째 = 1): 안내문의 급여 금액이 달라집니다")
        f.addRow("성별 · 출생 순위", _row(self, self.sex, self.order))
        self._event_row("출생일")
        self.time = QLineEdit(self)
        self.time.setPlaceholderText("24시간제, 예: 14:05")
        f.addRow("출생 시각", self.time)
        self.place = QLineEdit(self)
        self.place.setPlaceholderText("병원 이름과 주소")
        f.addRow("출생 장소", self.place)
        self.mother = PersonFields("모", parent=self)
        f.addRow("모", self.mother)
        self.father = PersonFields("부", parent=self)
        f.addRow("부", self.father)
        self.in_wedlock = QCheckBox("혼인 중 출생", self)
        self.in_wedlock.setToolTip("혼인 중 출생자는 부를 적습니다")
        self.in_wedlock.setChecked(True)
        self.certificate = QCheckBox("출생증명서 첨부", self)
        self.certificate.setChecked(True)
        f.addRow("", _row(self, self.in_wedlock, self.certificate))
        self.substitute = QLineEdit(self)
        self.substitute.setPlaceholderText("출생증명서가 없을 때 대신 낸 서류 (예: 가정법원 출생확인서)")
        f.addRow("대체 서류", self.substitute)

    def collect(self) -> tuple[dict[str, svc.PersonInput], dict[str, Any]]:
        details = {
            "child_surname": self.surname.text(),
            "child_given": self.given.text(),
            "child_hanja": self.hanja.text(),
            "sex": self.sex.currentText(),
            "birth_time": self.time.text(),
            "birth_place": self.place.text(),
            "birth_order": self.order.value(),
            "in_wedlock": self.in_wedlock.isChecked(),
            "certificate_attached": self.certificate.isChecked(),
            "substitute_document": self.substitute.text(),
        }
        return self.persons({"mother": self.mother, "father": self.father}), details

    def clear(self) -> None:
        super().clear()
        self.sex.setCurrentIndex(0)
        self.order.setValue(1)
        self.in_wedlock.setChecked(True)
        self.certificate.setChecked(True)


class DeathPage(KindPage):
    form = "death"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        f = self.layout_
        self.deceased = PersonFields("사망자", parent=self)
        f.addRow("사망자", self.deceased)
        self.death_date = DateEdit("사망 일자", self)
        f.addRow("사망 일자", self.death_date)
        self.time = QLineEdit(self)
        self.time.setPlaceholderText("24시간제, 예: 03:40 (모르면 비움)")
        f.addRow("사망 시각", self.time)
        self.place = QLineEdit(self)
        self.place.setPlaceholderText("예: 자택, 고려대학교 안암병원")
        f.addRow("사망 장소", self.place)
        self._event_row("사망 사실을 안 날")
        assert self.event_edit is not None
        self.event_edit.setPlaceholderText("비우면 사망 일자")
        self.proof = QComboBox(self)
        for code, label in svc.DEATH_PROOFS.items():
            self.proof.addItem(label, code)
        f.addRow("증명 서류", self.proof)
        self.guarantor1 = PersonFields("보증인 1", parent=self)
        self.guarantor2 = PersonFields("보증인 2", parent=self)
        f.addRow("보증인 1", self.guarantor1)
        f.addRow("보증인 2", self.guarantor2)
        self.proof.currentIndexChanged.connect(self._proof_changed)
        self._proof_changed()

    def _proof_changed(self) -> None:
        by_guarantors = self.proof.currentData() == "보증"
        self.guarantor1.setEnabled(by_guarantors)
        self.guarantor2.setEnabled(by_guarantors)

    def event_date(self) -> date | None:
        learned = super().event_date()
        return learned if learned is not None else self.death_date.value()

    def collect(self) -> tuple[dict[str, svc.PersonInput], dict[str, Any]]:
        details = {
            "death_date": self.death_date.value(),
            "death_time": self.time.text(),
            "death_place": self.place.text(),
            "proof": self.proof.currentData(),
        }
        fields = {"deceased": self.deceased}
        if self.proof.currentData() == "보증":
            fields |= {"guarantor1": self.guarantor1, "guarantor2": self.guarantor2}
        return self.persons(fields), details

    def clear(self) -> None:
        super().clear()
        self.proof.setCurrentIndex(0)


class MarriagePage(KindPage):
    form = "marriage"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        f = self.layout_
        self.people = {
            role: PersonFields(svc.ROLE_LABELS[role], parent=self)
            for role in ("spouse1", "spouse2", "witness1", "witness2")
        }
        for role, widget in self.people.items():
            f.addRow(svc.ROLE_LABELS[role] + (" (성년)" if role.startswith("witness") else ""), widget)
        self.consent = QCheckBox("미성년 당사자의 부모 동의서 확인", self)
        f.addRow("", self.consent)
        note = QLabel("혼인신고는 신고로 혼인이 성립하는 창설적 신고입니다 (신고기한 없음).", self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555")
        f.addRow("", note)

    def collect(self) -> tuple[dict[str, svc.PersonInput], dict[str, Any]]:
        return self.persons(self.people), {"parental_consent": self.consent.isChecked()}

    def clear(self) -> None:
        super().clear()
        self.consent.setChecked(False)


class DivorcePage(KindPage):
    form = "divorce"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        f = self.layout_
        self.people = {role: PersonFields(svc.ROLE_LABELS[role], parent=self) for role in ("spouse1", "spouse2")}
        for role, widget in self.people.items():
            f.addRow(svc.ROLE_LABELS[role], widget)
        self._event_row("협의이혼의사 확인서 등본 교부(송달)일")
        self.court = QLineEdit(self)
        self.court.setPlaceholderText("예: 서울가정법원")
        f.addRow("법원", self.court)
        self.case = QLineEdit(self)
        self.case.setPlaceholderText("예: 2026호4567 (있으면)")
        f.addRow("사건번호", self.case)

    def collect(self) -> tuple[dict[str, svc.PersonInput], dict[str, Any]]:
        return self.persons(self.people), {"court": self.court.text(), "case_number": self.case.text()}


class NameChangePage(KindPage):
    form = "name_change"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        f = self.layout_
        self.person = PersonFields("사건본인", parent=self)
        f.addRow("현재 이름", self.person)
        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText("성을 포함한 새 이름, 예: 김서연")
        f.addRow("새 이름", self.new_name)
        self.new_hanja = QLineEdit(self)
        self.new_hanja.setPlaceholderText("새 이름(성 제외)의 한자 (있으면)")
        f.addRow("새 이름 한자", self.new_hanja)
        self.court = QLineEdit(self)
        self.court.setPlaceholderText("예: 서울북부지방법원")
        f.addRow("허가 법원", self.court)
        self._event_row("법원 허가서 등본 수령일")

    def collect(self) -> tuple[dict[str, svc.PersonInput], dict[str, Any]]:
        details = {"new_name": self.new_name.text(), "new_hanja": self.new_hanja.text(), "court": self.court.text()}
        return self.persons({"person": self.person}), details


class OtherPage(KindPage):
    form = "other"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        f = self.layout_
        self.person = PersonFields("사건본인", rrn_required=False, parent=self)
        f.addRow("사건본인", self.person)
        self._event_row("사건 날짜")
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText("무엇을 왜 신고하는지 (예: 등록부 정정 — 출생일 오기, 허가 재판서 첨부)")
        self.description.setFixedHeight(70)
        f.addRow("신고 내용", self.description)

    def set_kind(self, kind: str) -> None:
        super().set_kind(kind)
        assert self.event_edit is not None
        self.event_edit.setPlaceholderText("신고기한이 없으면 비움" if not svc.has_deadline(kind) else "")

    def collect(self) -> tuple[dict[str, svc.PersonInput], dict[str, Any]]:
        return self.persons({"person": self.person}), {"description": self.description.toPlainText()}


PAGES: tuple[type[KindPage], ...] = (BirthPage, DeathPage, MarriagePage, DivorcePage, NameChangePage, OtherPage)


# ---------------------------------------------------------------------------
# The tab
# ---------------------------------------------------------------------------


def _deadline_text(view: svc.FilingView) -> str:
    if view.deadline is None:
        return "기한 없음"
    return f"{view.deadline:%Y-%m-%d}" + (f" ({view.days_late}일 지연)" if view.days_late else "")


FILING_COLUMNS: tuple[tuple[str, Callable[[svc.FilingView], str]], ...] = (
    ("신고번호", lambda v: v.number),
    ("종류", lambda v: v.kind_name),
    ("대상", lambda v: v.subject_name),
    ("상태", lambda v: v.status_label),
    ("접수일", lambda v: f"{v.filed_on:%Y-%m-%d}"),
    ("기한", _deadline_text),
    ("예상 과태료", lambda v: won(v.estimated_fine) if v.estimated_fine else "-"),
    ("문자", lambda v: "동의" if v.sms_consent else "-"),
    ("신고인", lambda v: v.filer_name),
)
MESSAGE_COLUMNS: tuple[tuple[str, Callable[[outbox.MessageView], str]], ...] = (
    ("상태", lambda m: m.state_label),
    ("받는 번호", lambda m: m.recipient_masked),
    ("시도", lambda m: str(m.attempts)),
    ("만든 시각", lambda m: date_time(m.created_at)),
    ("보낸 시각", lambda m: date_time(m.sent_at) if m.sent_at else "-"),
    ("오류", lambda m: m.last_error or "-"),
)


class FamilyTab(QWidget):
    """Intake on the left, the list with status, SMS and follow-up actions on the right."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current: svc.FilingView | None = None
        self.last_pdf: str = ""
        self._client_uuid = uuid.uuid4()
        outer = QVBoxLayout(self)
        if not ctx.can(svc.PERMISSION):
            refusal = QLabel(
                f"<h3>가족관계등록</h3><p>'{ctx.actor.role_label}' 권한으로는 가족관계등록 신고를 접수할 수 없습니다. "
                "민원창구 담당자에게 안내해 주세요.</p>"
            )
            refusal.setObjectName("familyNoPermission")
            refusal.setWordWrap(True)
            outer.addWidget(refusal)
            outer.addStretch(1)
            return
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(splitter)
        splitter.addWidget(self._build_form())
        splitter.addWidget(self._build_list())
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setSizes([560, 680])
        self._shortcuts()
        self._kind_changed()
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        """Coming to the tab (F2) puts the cursor on the kind, ready to type a filing."""
        super().showEvent(event)
        focused = QApplication.focusWidget()
        if hasattr(self, "kind") and (focused is None or not self.isAncestorOf(focused)):
            self.kind.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- building -----------------------------------------------------------

    def _build_form(self) -> QWidget:
        self.form = QWidget(self)
        self.form.setObjectName("familyForm")
        outer = QVBoxLayout(self.form)
        outer.setContentsMargins(0, 0, 0, 0)
        top = QFormLayout()
        self.kind = QComboBox(self.form)
        self.kind.setObjectName("familyKind")
        for code, name, form in svc.kind_choices():
            self.kind.addItem(name, (code, form))
        self.kind.setToolTip("신고 종류 (↑↓ 또는 첫 글자). 새 신고: Ctrl+N")
        top.addRow("신고 종류", self.kind)
        outer.addLayout(top)

        scroll = QScrollArea(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget(scroll)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(0, 0, 4, 0)
        self.stack = QStackedWidget(inner)
        self.pages: dict[str, KindPage] = {}
        for page_type in PAGES:
            page = page_type(self.stack)
            page.setObjectName(f"familyPage_{page.form}")
            self.pages[page.form] = page
            self.stack.addWidget(page)
        group = QGroupBox("신고 사항", inner)
        group_layout = QVBoxLayout(group)
        group_layout.setContentsMargins(6, 6, 6, 6)
        group_layout.addWidget(self.stack)
        layout.addWidget(group)

        filer_box = QGroupBox("신고인 · 과태료 · 문자알림", inner)
        f = QFormLayout(filer_box)
        self.relation = QComboBox(filer_box)
        self.relation.setObjectName("familyRelation")
        f.addRow("신고인 자격", self.relation)
        self.filer = PersonFields("신고인", parent=filer_box)
        f.addRow("신고인", self.filer)
        self.filer_hint = QLabel(filer_box)
        self.filer_hint.setStyleSheet("color: #555")
        self.filer_hint.setWordWrap(True)
        f.addRow("", self.filer_hint)
        self.after_demand = QCheckBox("최고(독촉) 후 신고", filer_box)
        self.paid_now = QCheckBox("현장 자진납부 (20% 감경)", filer_box)
        f.addRow("과태료", _row(filer_box, self.after_demand, self.paid_now))
        self.sms_consent = QCheckBox("동의", filer_box)
        self.sms_consent.setToolTip("처리결과를 휴대전화 문자로 받는 데 동의 (동의와 번호를 기록합니다)")
        self.sms_phone = QLineEdit(filer_box)
        self.sms_phone.setObjectName("familySmsPhone")
        self.sms_phone.setPlaceholderText("휴대전화, 예: 010-1234-5678")
        f.addRow("문자알림", _row(filer_box, self.sms_consent, self.sms_phone, stretch_last=True))
        layout.addWidget(filer_box)
        layout.addStretch(1)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)

        self.assessment = QLabel(self.form)
        self.assessment.setObjectName("familyAssessment")
        self.assessment.setWordWrap(True)
        self.assessment.setMinimumHeight(36)
        outer.addWidget(self.assessment)

        buttons = QHBoxLayout()
        self.save_button = QPushButton("저장 (Ctrl+S, Enter)", self.form)
        self.save_button.setObjectName("familySave")
        self.save_button.setToolTip("신고를 접수합니다 (Ctrl+S 또는 Enter). 접수하면 후속절차 안내문을 출력합니다.")
        self.save_button.setDefault(True)
        self.new_button = QPushButton("새 신고 (Ctrl+N)", self.form)
        self.clear_button = QPushButton("지우기 (Esc)", self.form)
        for button in (self.save_button, self.new_button, self.clear_button):
            buttons.addWidget(button)
        outer.addLayout(buttons)
        self.status = QLabel(self.form)
        self.status.setObjectName("familyStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.status)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.relation.currentIndexChanged.connect(self._relation_changed)
        for page in self.pages.values():
            if page.event_edit is not None:
                page.event_edit.textChanged.connect(self.update_assessment)
        death = self.pages["death"]
        assert isinstance(death, DeathPage)
        death.death_date.textChanged.connect(self.update_assessment)
        self.after_demand.toggled.connect(self.update_assessment)
        self.paid_now.toggled.connect(self.update_assessment)
        self.sms_consent.toggled.connect(self.sms_phone.setEnabled)
        self.sms_phone.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.new_button.clicked.connect(self.new_filing)
        self.clear_button.clicked.connect(self.clear_form)
        return self.form

    def _build_list(self) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        filters = QHBoxLayout()
        self.filter_kind = QComboBox(panel)
        self.filter_kind.addItem("전체 종류", "")
        for code, name, _form in svc.kind_choices():
            self.filter_kind.addItem(name, code)
        self.filter_status = QComboBox(panel)
        self.filter_status.addItem("전체 상태", "")
        for code, label in svc.STATUS_LABELS.items():
            self.filter_status.addItem(label, code)
        today = svc.seoul_today()
        self.filter_start = DateEdit("조회 시작일", panel)
        self.filter_start.set_date(date(today.year, 1, 1))
        self.filter_start.setToolTip("접수일 기준 조회 시작일 (비우면 처음부터)")
        self.filter_end = DateEdit("조회 끝일", panel)
        self.filter_end.setPlaceholderText("오늘까지")
        self.filter_end.setToolTip("접수일 기준 조회 끝일 (비우면 오늘까지)")
        for edit in (self.filter_start, self.filter_end):
            edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("2026-00-00") + 18)

        self.search = QLineEdit(panel)
        self.search.setObjectName("familySearch")
        self.search.setPlaceholderText("이름 또는 신고번호 (Enter)")
        self.search.setMinimumWidth(150)
        self.refresh_button = QPushButton("조회", panel)
        filters.addWidget(self.filter_kind)
        filters.addWidget(self.filter_status)
        filters.addWidget(self.filter_start)
        filters.addWidget(QLabel("~", panel))
        filters.addWidget(self.filter_end)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.refresh_button)
        layout.addLayout(filters)

        self.model: RowsModel[svc.FilingView] = RowsModel(FILING_COLUMNS, panel)
        self.table = QTableView(panel)
        self.table.setObjectName("familyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 3)

        self.detail = QLabel(panel)
        self.detail.setObjectName("familyDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail.setMinimumHeight(90)
        layout.addWidget(self.detail, 2)

        actions = QHBoxLayout()
        self.process_button = QPushButton("처리완료(&D)", panel)
        self.process_button.setToolTip("선택한 신고를 처리완료로 (Alt+D); 동의한 신고인에게 문자를 보냅니다")
        self.refuse_reason = QLineEdit(panel)
        self.refuse_reason.setObjectName("familyRefuseReason")
        self.refuse_reason.setPlaceholderText("불수리 사유")
        self.refuse_button = QPushButton("불수리(&R)", panel)
        self.refuse_button.setToolTip("사유를 적고 불수리 (Alt+R)")
        self.print_button = QPushButton("안내문 (Ctrl+P)", panel)
        self.print_button.setToolTip("후속절차 안내문 PDF를 다시 출력합니다 (Ctrl+P)")
        self.welfare_button = QPushButton("복지 조회 (Ctrl+B)", panel)
        self.welfare_button.setToolTip("출생·사망 신고의 가구로 복지 조회를 엽니다 (Ctrl+B)")
        actions.addWidget(self.process_button)
        actions.addWidget(self.refuse_reason, 1)
        actions.addWidget(self.refuse_button)
        actions.addWidget(self.print_button)
        actions.addWidget(self.welfare_button)
        layout.addLayout(actions)

        layout.addWidget(QLabel("처리결과 문자알림", panel))
        self.messages: RowsModel[outbox.MessageView] = RowsModel(MESSAGE_COLUMNS, panel)
        self.message_table = QTableView(panel)
        self.message_table.setObjectName("familyMessages")
        self.message_table.setModel(self.messages)
        self.message_table.verticalHeader().setVisible(False)
        self.message_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.message_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.message_table.horizontalHeader().setStretchLastSection(True)
        self.message_table.setMaximumHeight(110)
        self.message_table.setVisible(self.ctx.can("sms.view"))
        layout.addWidget(self.message_table, 1)

        self.search.returnPressed.connect(self.refresh)
        self.filter_start.returnPressed.connect(self.refresh)
        self.filter_end.returnPressed.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.filter_kind.currentIndexChanged.connect(self.refresh)
        self.filter_status.currentIndexChanged.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.process_button.clicked.connect(lambda: self.process("processed"))
        self.refuse_button.clicked.connect(lambda: self.process("refused"))
        self.refuse_reason.returnPressed.connect(lambda: self.process("refused"))
        self.print_button.clicked.connect(self.print_guidance)
        self.welfare_button.clicked.connect(self.open_welfare)
        self._update_actions()
        return panel

    def _shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Ctrl+N", self.new_filing),
            ("Ctrl+S", self.save),
            ("Ctrl+P", self.print_guidance),
            ("Ctrl+B", self.open_welfare),
            ("Esc", self.clear_form),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        # Enter saves from anywhere in the form (the list has its own Enter: search).
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.form)
            shortcut.setContext(context)
            shortcut.activated.connect(self.save)

    # -- the form -----------------------------------------------------------

    def kind_code(self) -> str:
        return str(self.kind.currentData()[0])

    def page(self) -> KindPage:
        return self.pages[str(self.kind.currentData()[1])]

    def _kind_changed(self) -> None:
        kind = self.kind_code()
        page = self.page()
        page.set_kind(kind)
        for other in self.pages.values():
            # Only the page shown decides the height, so a short form is not padded to the longest one.
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(page)
        current = self.relation.currentData()
        self.relation.blockSignals(True)
        self.relation.clear()
        for code, label in svc.filer_options(kind):
            self.relation.addItem(label, code)
        index = self.relation.findData(current)
        self.relation.setCurrentIndex(max(index, 0))
        self.relation.blockSignals(False)
        self._relation_changed()
        self.update_assessment()

    def _relation_changed(self) -> None:
        relation = self.relation.currentData()
        party = svc.party_filer_role(self.kind_code(), str(relation or ""))
        self.filer.setEnabled(party is None)
        if party is not None:
            self.filer_hint.setText(f"신고인은 위에 적은 {svc.ROLE_LABELS[party]}입니다 (다시 적지 않습니다).")
        else:
            self.filer_hint.setText("신고인의 성명과 주민등록번호를 적습니다 (신분증 확인).")

    def update_assessment(self) -> None:
        """Show "기한 내" / "N일 지연 (예상 과태료 M원)" / the lapse message as the clerk types."""
        kind = self.kind_code()
        try:
            event = self.page().event_date()
        except ValueError as exc:
            self._show_assessment(str(exc), "#b00020")
            return
        if event is None:
            if not svc.has_deadline(kind):
                self._show_assessment("신고기한 없음 (창설적 신고이거나 등록관이 판단)", "#555555")
            else:
                self._show_assessment(
                    f"{svc.counted_from(kind)}을(를) 입력하면 기한과 예상 과태료를 보여 드립니다.", "#555555"
                )
            return
        try:
            result = svc.preview_assessment(
                kind, event, after_demand=self.after_demand.isChecked(), paid_now=self.paid_now.isChecked()
            )
        except Exception as exc:  # noqa: BLE001 - a ServiceError or ValueError: say why, keep typing
            self._show_assessment(getattr(exc, "message", str(exc)), "#b00020")
            return
        deadline = f" · 기한 {result.deadline:%Y-%m-%d}" if result.deadline else ""
        if result.lapsed:
            self._show_assessment(f"{result.label}\n{result.message}", "#b00020")
        elif result.days_late:
            self._show_assessment(f"{result.label}{deadline} (과태료는 등록관이 정합니다)", "#a15c00")
        else:
            self._show_assessment(f"{result.label}{deadline}", "#1b5e20")

    def _show_assessment(self, text: str, colour: str) -> None:
        self.assessment.setStyleSheet(f"color: {colour}; font-weight: bold")
        self.assessment.setText(text)

    def filing_input(self) -> svc.FilingInput:
        """What was typed, as the service takes it; ValueError (Korean) for text that is not a date/number."""
        page = self.page()
        persons, details = page.collect()
        relation = str(self.relation.currentData() or "")
        filer = self.filer.value() if svc.party_filer_role(self.kind_code(), relation) is None else None
        return svc.FilingInput(
            kind=self.kind_code(),
            event_date=page.event_date(),
            persons=persons,
            filer=filer,
            filer_relation=relation,
            details=details,
            after_demand=self.after_demand.isChecked(),
            paid_now=self.paid_now.isChecked(),
            sms_consent=self.sms_consent.isChecked(),
            sms_phone=self.sms_phone.text(),
        )

    def save(self) -> None:
        try:
            data = self.filing_input()
        except ValueError as exc:
            show_error(self, exc)
            return
        key = self._client_uuid
        self.status.setText("저장 중…")
        self.ctx.tasks.submit(
            lambda: svc.file_filing(self.ctx.uow(), self.ctx.actor, data, client_uuid=key),
            on_done=self._saved,
            on_error=self._failed,
        )

    def _error(self, exc: BaseException) -> None:
        show_error(self, exc)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText("")
        show_error(self, exc)

    def _saved(self, view: svc.FilingView) -> None:
        self.current = view
        self.status.setText(f"접수했습니다: {view.number} · {view.kind_name} · {view.assessment}")
        self.clear_form(keep_status=True)
        self.refresh(select_id=view.id)
        self.print_guidance()

    def clear_form(self, *, keep_status: bool = False) -> None:
        for page in self.pages.values():
            page.clear()
        self.filer.clear()
        self.after_demand.setChecked(False)
        self.paid_now.setChecked(False)
        self.sms_consent.setChecked(False)
        self.sms_phone.clear()
        self._client_uuid = uuid.uuid4()
        if not keep_status:
            self.status.setText("")
        self.update_assessment()

    def new_filing(self) -> None:
        self.clear_form()
        self.kind.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- the list -----------------------------------------------------------

    def refresh(self, *, select_id: int | None = None) -> None:
        try:
            start, end = self.filter_start.value(), self.filter_end.value()
        except ValueError as exc:
            show_error(self, exc)
            return
        kind = str(self.filter_kind.currentData() or "") or None
        status = str(self.filter_status.currentData() or "") or None
        text = self.search.text()
        keep = select_id if select_id is not None else (self.current.id if self.current else None)
        self.ctx.tasks.submit(
            lambda: svc.list_filings(
                self.ctx.uow(), self.ctx.actor, kind=kind, status=status, start=start, end=end, text=text
            ),
            on_done=lambda rows: self._listed(rows, keep),
            on_error=self._error,
        )

    def _listed(self, rows: list[svc.FilingView], keep: int | None) -> None:
        self.model.set_rows(rows)
        for i, row in enumerate(rows):
            if row.id == keep:
                self.table.selectRow(i)
                self.table.setCurrentIndex(self.model.index(i, 0))
                break
        else:
            self._show(self.current)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        view = self.model.row_at(current.row()) if current.isValid() else None
        if view is not None:
            self._show(view)

    def _show(self, view: svc.FilingView | None) -> None:
        self.current = view
        self._update_actions()
        if view is None:
            self.detail.setText("<i>목록에서 신고를 고르면 내용과 문자알림 상태가 여기에 나옵니다.</i>")
            self.messages.set_rows([])
            return
        people = " · ".join(
            f"{p.role_label} {p.name}" + (f" ({p.rrn_masked})" if p.rrn_masked else "") for p in view.parties
        )
        extra = " · ".join(f"{k}: {v}" for k, v in view.detail_lines)
        flags = "".join([" · 최고 후" if view.after_demand else "", " · 현장납부" if view.paid_now else ""])
        result = f"<br>결과: {view.status_label} {view.result_note}" if view.status != "received" else ""
        self.detail.setText(
            f"<b>{view.number}</b> {view.kind_name} — <b>{view.status_label}</b><br>"
            f"{view.counted_from}: {view.event_date:%Y-%m-%d} · {view.assessment}{flags}<br>"
            f"{people}<br>신고인: {view.filer_name} ({view.filer_relation_label})"
            + (f" · 문자알림 {view.sms_phone_masked}" if view.sms_consent else " · 문자알림 미동의")
            + (f"<br>{extra}" if extra else "")
            + result
        )
        self.load_messages()

    def load_messages(self) -> None:
        view = self.current
        if view is None or not self.ctx.can("sms.view"):
            return
        filing_id = view.id
        self.ctx.tasks.submit(
            lambda: outbox.list_messages(
                self.ctx.uow(), self.ctx.actor, record_type=svc.RECORD_TYPE, record_id=filing_id
            ),
            on_done=self.messages.set_rows,
            on_error=self._error,
        )

    def _update_actions(self) -> None:
        view = self.current
        open_ = view is not None and view.status == "received"
        self.process_button.setEnabled(open_)
        self.refuse_button.setEnabled(open_)
        self.refuse_reason.setEnabled(open_)
        self.print_button.setEnabled(view is not None)
        self.welfare_button.setEnabled(view is not None and view.form in ("birth", "death"))

    def process(self, outcome: str) -> None:
        view = self.current
        if view is None:
            self.status.setText("목록에서 신고를 먼저 고르세요.")
            return
        note = self.refuse_reason.text() if outcome == "refused" else ""
        self.ctx.tasks.submit(
            lambda: svc.process_filing(self.ctx.uow(), self.ctx.actor, filing_id=view.id, outcome=outcome, note=note),
            on_done=self._processed,
            on_error=self._error,
        )

    def _processed(self, view: svc.FilingView) -> None:
        self.refuse_reason.clear()
        self.status.setText(
            f"{view.number}: {view.status_label}"
            + (" · 처리결과 문자를 보낼 차례에 넣었습니다." if view.sms_consent else "")
        )
        self.current = view
        self.refresh(select_id=view.id)

    # -- follow-up ----------------------------------------------------------

    def print_guidance(self) -> None:
        view = self.current
        if view is None:
            self.status.setText("안내문을 출력할 신고를 목록에서 고르세요.")
            return
        path = output_path(self.ctx.app.settings, "후속절차안내", view.number)
        self.ctx.tasks.submit(
            lambda: svc.print_guidance(self.ctx.uow(), self.ctx.actor, filing_id=view.id, path=path),
            on_done=self._printed,
            on_error=self._error,
        )

    def _printed(self, path: Any) -> None:
        self.last_pdf = str(path)
        present_pdf(path)
        text = self.status.text()
        prefix = text + "\n" if text.startswith("접수했습니다") else ""
        self.status.setText(f"{prefix}후속절차 안내문: {path}")

    def open_welfare(self) -> None:
        """Ctrl+B: 복지 조회 with the household of this birth or death already filled in."""
        view = self.current
        if view is None or view.form not in ("birth", "death"):
            self.status.setText("복지 조회는 출생·사망 신고를 고른 뒤 Ctrl+B로 엽니다.")
            return
        try:
            household = svc.welfare_household(view)
        except Exception as exc:  # noqa: BLE001 - the benefit domain refused the household: say why
            show_error(self, exc)
            return
        window = self.window()
        show_tab = getattr(window, "show_tab", None)
        if not callable(show_tab):
            return
        page = show_tab("welfare")
        prefill = getattr(page, "prefill_household", None)
        if callable(prefill):
            prefill(household)
            self.status.setText(f"복지 조회에 {view.subject_name} 가구를 채웠습니다.")
        else:
            self.status.setText("복지 조회 탭을 열었습니다 (가구 자동 입력은 아직 지원되지 않습니다).")


def create_tab(ctx: UiContext) -> QWidget:
    return FamilyTab(ctx)
