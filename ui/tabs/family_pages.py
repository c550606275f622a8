"""The intake form pages of the 가족관계등록 tab, one per form: what a filing of its kinds needs.

Each page is built with ``FormBuilder``, so Tab walks its fields in the order the clerk reads them; the page's
``event_edit`` is the date the filing period counts from (its label follows the kind chosen).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.i18n import ordinal_suffix
from app.services import family as svc
from ui.forms import FormBuilder
from ui.i18n import N_, tr
from ui.tabs.family_fields import PersonFields, optional_date
from ui.widgets import DateField, counted_suffix

# 성별 as the service takes it (svc.SEXES) → as the form shows it
SEX_LABELS = {"남": N_("남"), "여": N_("여")}


class KindPage(QWidget):
    """A form page; subclasses add their rows in ``build`` and say what they collect."""

    form = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.event_edit: DateField | None = None
        self.event_label: QLabel | None = None
        self.served_edit: DateField | None = None
        rows = FormBuilder(layout=self.layout_)
        self.build(rows)
        rows.finish()

    def build(self, rows: FormBuilder) -> None:
        raise NotImplementedError

    def set_kind(self, kind: str) -> None:
        if self.event_label is not None:
            self.event_label.setText(tr(svc.counted_from(kind)))
        if self.served_edit is not None:
            shown = svc.counts_from_judgment(kind)
            self.layout_.setRowVisible(self.served_edit, shown)
            if not shown:
                self.served_edit.clear_value()

    def served_row(self, rows: FormBuilder) -> DateField:
        """The day of service of a judgment final before it was served (가족관계등록법 제37조②): optional,
        shown only for kinds counted from a judgment."""
        edit = optional_date(self, name="familyServedOn", hint=tr("송달 전에 확정된 경우에만"))
        edit.setToolTip(
            tr("재판이 송달(교부) 전에 확정되었으면 신고기간은 송달일부터 셉니다 (가족관계등록법 제37조 제2항).")
        )
        rows.row(tr("판결 송달일"), edit)
        self.served_edit = edit
        return edit

    def served_on(self) -> date | None:
        return self.served_edit.value() if self.served_edit is not None else None

    def event_row(self, rows: FormBuilder, text: str, *, hint: str = " ") -> DateField:
        edit = optional_date(self, hint=hint)
        rows.row(text, edit)
        label = self.layout_.labelForField(edit)
        assert isinstance(label, QLabel)
        label.setWordWrap(True)
        self.event_label = label
        self.event_edit = edit
        return edit

    def event_date(self) -> date | None:
        return self.event_edit.value() if self.event_edit is not None else None

    def collect(self) -> tuple[dict[str, svc.PersonInput], dict[str, Any]]:
        raise NotImplementedError

    def clear(self) -> None:
        for edit in self.findChildren(QLineEdit):
            if not isinstance(edit.parent(), QAbstractSpinBox):  # a date's or a number's own line
                edit.clear()
        for text in self.findChildren(QPlainTextEdit):
            text.clear()
        for people in self.findChildren(PersonFields):
            people.clear()
        for day in self.findChildren(DateField):
            day.clear_value()

    @staticmethod
    def persons(fields: dict[str, PersonFields]) -> dict[str, svc.PersonInput]:
        result: dict[str, svc.PersonInput] = {}
        for role, widget in fields.items():
            value = widget.value()
            if value is not None:
                result[role] = value
        return result


def _line(parent: QWidget, placeholder: str, *, width: int | None = None) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setPlaceholderText(placeholder)
    if width is not None:
        edit.setMaximumWidth(width)
    return edit


class BirthPage(KindPage):
    form = "birth"

    def build(self, rows: FormBuilder) -> None:
        self.surname = _line(self, tr("성"), width=60)
        self.given = _line(self, tr("이름 (한글)"))
        self.hanja = _line(self, tr("한자 성명 (있으면)"))
        rows.row_of(tr("출생아 성명"), self.surname, self.given, self.hanja, stretch_last=True)
        self.sex = QComboBox(self)
        for sex in svc.SEXES:  # the code goes to the service, the label is shown
            self.sex.addItem(tr(SEX_LABELS.get(sex, sex)), sex)
        self.order = QSpinBox(self)
        self.order.setRange(1, 20)
        counted_suffix(self.order, lambda n: ordinal_suffix(N_("째"), n))
        self.order.setToolTip(tr("모의 몇째 자녀인지 (첫째 = 1): 안내문의 급여 금액이 달라집니다"))
        rows.row_of(tr("성별 · 출생 순위"), self.sex, self.order)
        self.event_row(rows, tr("출생일"))
        self.time = _line(self, tr("24시간제, 예: 14:05"))
        rows.row(tr("출생 시각"), self.time)
        self.place = _line(self, tr("병원 이름과 주소"))
        rows.row(tr("출생 장소"), self.place)
        self.mother = PersonFields(tr("모"), parent=self)
        rows.row(tr("모"), self.mother)
        self.father = PersonFields(tr("부"), parent=self)
        rows.row(tr("부"), self.father)
        self.in_wedlock = QCheckBox(tr("혼인 중 출생"), self)
        self.in_wedlock.setToolTip(tr("혼인 중 출생자는 부를 적습니다"))
        self.in_wedlock.setChecked(True)
        self.certificate = QCheckBox(tr("출생증명서 첨부"), self)
        self.certificate.setChecked(True)
        rows.row_of("", self.in_wedlock, self.certificate)
        self.substitute = _line(self, tr("출생증명서가 없을 때 대신 낸 서류 (예: 가정법원 출생확인서)"))
        rows.row(tr("대체 서류"), self.substitute)

    def collect(self) -> tuple[dict[str, svc.PersonInput], dict[str, Any]]:
        details = {
            "child_surname": self.surname.text(),
            "child_given": self.given.text(),
            "child_hanja": self.hanja.text(),
            "sex": self.sex.currentData(),
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

    def build(self, rows: FormBuilder) -> None:
        self.deceased = PersonFields(tr("사망자"), parent=self)
        rows.row(tr("사망자"), self.deceased)
        self.death_date = optional_date(self)
        rows.row(tr("사망 일자"), self.death_date)
        self.time = _line(self, tr("24시간제, 예: 03:40 (모르면 비움)"))
        rows.row(tr("사망 시각"), self.time)
        self.place = _line(self, tr("예: 자택, 고려대학교 안암병원"))
        rows.row(tr("사망 장소"), self.place)
        self.event_row(rows, tr("사망 사실을 안 날"), hint=tr("비우면 사망 일자"))
        self.proof = QComboBox(self)
        for code, label in svc.DEATH_PROOFS.items():
            self.proof.addItem(tr(label), code)
        rows.row(tr("증명 서류"), self.proof)
        self.guarantor1 = PersonFields(tr("보증인 1"), parent=self)
        self.guarantor2 = PersonFields(tr("보증인 2"), parent=self)
        rows.row(tr("보증인 1"), self.guarantor1)
        rows.row(tr("보증인 2"), self.guarantor2)
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

    def build(self, rows: FormBuilder) -> None:
        self.people = {
            role: PersonFields(tr(svc.ROLE_LABELS[role]), parent=self)
            for role in ("spouse1", "spouse2", "witness1", "witness2")
        }
        for role, widget in self.people.items():
            label = tr(svc.ROLE_LABELS[role])
            rows.row(tr("{role} (성년)", role=label) if role.startswith("witness") else label, widget)
        self.consent = QCheckBox(tr("미성년 당사자의 부모 동의서 확인"), self)
        rows.row("", self.consent)
        rows.note(tr("혼인신고는 신고로 혼인이 성립하는 창설적 신고입니다 (신고기한 없음).")).setStyleSheet(
            "color: #555"
        )

    def collect(self) -> tuple[dict[str, svc.PersonInput], dict[str, Any]]:
        return self.persons(self.people), {"parental_consent": self.consent.isChecked()}

    def clear(self) -> None:
        super().clear()
        self.consent.setChecked(False)


class DivorcePage(KindPage):
    form = "divorce"

    def build(self, rows: FormBuilder) -> None:
        self.people = {role: PersonFields(tr(svc.ROLE_LABELS[role]), parent=self) for role in ("spouse1", "spouse2")}
        for role, widget in self.people.items():
            rows.row(tr(svc.ROLE_LABELS[role]), widget)
        self.event_row(rows, tr("협의이혼의사 확인서 등본 교부(송달)일"))
        self.served_row(rows)
        self.court = _line(self, tr("예: 서울가정법원"))
        rows.row(tr("법원"), self.court)
        self.case = _line(self, tr("예: 2026호4567 (있으면)"))
        rows.row(tr("사건번호"), self.case)

    def collect(self) -> tuple[dict[str, svc.PersonInput], dict[str, Any]]:
        details: dict[str, Any] = {"court": self.court.text(), "case_number": self.case.text()}
        if self.served_on() is not None:
            details["served_on"] = self.served_on()
        return self.persons(self.people), details


class NameChangePage(KindPage):
    form = "name_change"

    def build(self, rows: FormBuilder) -> None:
        self.person = PersonFields(tr("사건본인"), parent=self)
        rows.row(tr("현재 이름"), self.person)
        self.new_name = _line(self, tr("성을 포함한 새 이름, 예: 김서연"))
        rows.row(tr("새 이름"), self.new_name)
        self.new_hanja = _line(self, tr("새 이름(성 제외)의 한자 (있으면)"))
        rows.row(tr("새 이름 한자"), self.new_hanja)
        self.court = _line(self, tr("예: 서울북부지방법원"))
        rows.row(tr("허가 법원"), self.court)
        self.event_row(rows, tr("법원 허가서 등본 수령일"))

    def collect(self) -> tuple[dict[str, svc.PersonInput], dict[str, Any]]:
        details = {"new_name": self.new_name.text(), "new_hanja": self.new_hanja.text(), "court": self.court.text()}
        return self.persons({"person": self.person}), details


class OtherPage(KindPage):
    form = "other"

    def build(self, rows: FormBuilder) -> None:
        self.person = PersonFields(tr("사건본인"), rrn_required=False, parent=self)
        rows.row(tr("사건본인"), self.person)
        self.event_row(rows, tr("사건 날짜"))
        self.served_row(rows)
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(
            tr("무엇을 왜 신고하는지 (예: 등록부 정정 — 출생일 오기, 허가 재판서 첨부)")
        )
        self.description.setFixedHeight(70)
        rows.row(tr("신고 내용"), self.description)

    def set_kind(self, kind: str) -> None:
        super().set_kind(kind)
        assert self.event_edit is not None
        self.event_edit.setSpecialValueText(" " if svc.has_deadline(kind) else tr("신고기한이 없으면 비움"))

    def collect(self) -> tuple[dict[str, svc.PersonInput], dict[str, Any]]:
        details: dict[str, Any] = {"description": self.description.toPlainText()}
        if self.served_on() is not None:
            details["served_on"] = self.served_on()
        return self.persons({"person": self.person}), details


PAGES: tuple[type[KindPage], ...] = (BirthPage, DeathPage, MarriagePage, DivorcePage, NameChangePage, OtherPage)
