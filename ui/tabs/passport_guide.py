"""The guide assistant's passport desk (여권 안내 도우미): a fee calculator and the checklist print-out.

No person and no money: nothing is typed about the applicant but age, sex and how they apply, and nothing
is written but the access-log entries of a print. The checklist print is shared with the counter's tab.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain import passport as pp
from app.domain.calendar import SEOUL
from app.domain.passport.status import REDUCED_NONE, REDUCED_WITH_PROOF
from app.formatting import number
from app.i18n import ntr
from app.services import passports as ps
from app.services.output import output_path
from app.views.passport import FeeRequest
from ui import ops
from ui.context import UiContext
from ui.errors import message_for, show_error
from ui.i18n import N_, tr
from ui.printing import deliver
from ui.tabs.passport_fields import FeeDisplay, PassportChoice, chain, group
from ui.tabs.passport_models import checklist_model, passport_table
from ui.widgets import counted_suffix


def print_checklist_sheet(
    parent: QWidget,
    ctx: UiContext,
    situation: pp.ApplicantSituation,
    request: FeeRequest | None,
    now: datetime,
    status: QLabel,
) -> None:
    """Print the checklist (with the fee quote) through the passport service; only the print is logged."""
    settings = ctx.app.settings

    def work() -> Path:
        path = output_path(settings, "여권구비서류", f"{now.astimezone(SEOUL):%H%M%S}")
        return ps.print_checklist(ctx.uow(), ctx.actor, situation=situation, fee_request=request, path=path, now=now)

    def done(path: Path) -> None:
        parent.setProperty("last_pdf", str(path))
        deliver(parent, ctx, path, paper="a4", title=tr("여권 구비서류 안내"))
        status.setText(tr("구비서류 안내를 출력했습니다: {path}", path=path))

    def refused(exc: BaseException) -> None:
        status.setText(message_for(exc)[0].splitlines()[0])
        show_error(parent, exc)

    ops.run(parent, ctx, work, done=done, refused=refused)


def situation_summary(s: pp.ApplicantSituation) -> list[str]:
    """The situation in words on the guide's screen, in the UI language (``pp.describe_situation`` writes the
    same in Korean for the printed sheet)."""
    sex = tr("남") if s.sex in ("M", "남") else tr("여")
    lines = [tr("만 {age}세 · {sex}", age=number(s.age), sex=sex)]
    if s.applying_in_person:
        lines.append(tr("본인이 직접 신청"))
    else:
        lines.append(tr("대리 신청 ({relation})", relation=s.proxy_relation or "-"))
    if s.illness_or_disability:
        lines.append(tr("질병·장애로 본인이 올 수 없음"))
    if s.has_valid_passport:
        lines.append(tr("유효기간이 남은 여권 있음"))
    if s.name_changed:
        lines.append(tr("개명함"))
    if s.emergency:
        lines.append(tr("긴급여권 (친족 사망·위독 감면 신청)") if s.reduced_fee_claim else tr("긴급여권"))
    return lines


class GuidePassportTab(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        outer = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(splitter, 1)

        self.form = QWidget(splitter)
        self.form.setObjectName("guideForm")
        column = QVBoxLayout(self.form)
        column.setContentsMargins(0, 0, 4, 0)
        box, form = group(tr("수수료 계산"), self.form)
        self.age = QSpinBox(box)
        self.age.setObjectName("guideAge")
        self.age.setRange(0, 120)
        self.age.setValue(30)
        counted_suffix(self.age, lambda n: ntr("세 (만 나이)", "세 (만 나이)", n))
        form.row(tr("신청일 현재 나이"), self.age)
        self.choice = PassportChoice(
            box, reduced_choices={REDUCED_NONE: N_("감면 없음"), REDUCED_WITH_PROOF: N_("친족 사망·위독 감면")}
        )
        self.choice.add_rows(form)
        self.fee_display = FeeDisplay(box)
        form.row(tr("수수료"), self.fee_display)
        column.addWidget(box)

        box, form = group(tr("신청인 상황 (구비서류)"), self.form)
        self.sex = QComboBox(box)
        self.sex.setObjectName("guideSex")
        self.sex.addItem(tr("남"), "M")
        self.sex.addItem(tr("여"), "F")
        self.applicant_kind = QComboBox(box)
        self.applicant_kind.setObjectName("guideWhoApplies")
        self.applicant_kind.addItem(tr("본인이 직접 신청"), None)
        for relation in pp.PROXY_RELATIONS:
            self.applicant_kind.addItem(tr("대리 신청: {relation}", relation=relation), relation)
        self.illness = QCheckBox(tr("질병·장애로 본인이 올 수 없음"), box)
        self.valid_passport = QCheckBox(tr("유효기간이 남은 여권이 있음"), box)
        self.name_changed = QCheckBox(tr("개명함"), box)
        form.row(tr("성별"), self.sex)
        form.row(tr("신청하는 사람"), self.applicant_kind)
        form.row("", self.illness)
        form.row("", self.valid_passport)
        form.row("", self.name_changed)
        column.addWidget(box)
        self.print_button = QPushButton(tr("구비서류 안내 출력 (Ctrl+P)"), self.form)
        self.print_button.setObjectName("printChecklist")
        column.addWidget(self.print_button)
        note = QLabel(
            tr(
                "안내 도우미 화면: 수수료 계산과 구비서류 안내만 합니다. 신청인 정보는 입력하지 않으며, "
                "접수·수납은 창구에서 합니다."
            ),
            self.form,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555")
        column.addWidget(note)
        column.addStretch(1)

        right = QWidget(splitter)
        layout = QVBoxLayout(right)
        self.summary = QLabel(right)
        self.summary.setObjectName("guideSummary")
        self.summary.setWordWrap(True)
        self.checklist_model = checklist_model(right)
        self.checklist_view = passport_table(self.checklist_model, "guideChecklist", right, fit_on_reset=False)
        self.checklist_view.setWordWrap(True)
        header = self.checklist_view.horizontalHeader()
        header.resizeSection(0, 340)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # wrapped rows are measured at the widths they get once shown, not at construction
        header.sectionResized.connect(lambda *_: self.checklist_view.resizeRowsToContents())
        layout.addWidget(QLabel(tr("<b>구비서류</b>"), right))
        layout.addWidget(self.summary)
        layout.addWidget(self.checklist_view, 1)
        splitter.addWidget(self.form)
        splitter.addWidget(right)
        splitter.setSizes([460, 800])

        self.status = QLabel(tr("Ctrl+P 구비서류 안내 출력 · Esc 처음으로"), self)
        self.status.setObjectName("passportStatus")
        outer.addWidget(self.status)

        self.age.valueChanged.connect(self._changed)
        self.choice.connect(self._changed)
        self.sex.currentIndexChanged.connect(self._changed)
        self.applicant_kind.currentIndexChanged.connect(self._changed)
        for check in (self.illness, self.valid_passport, self.name_changed):
            check.toggled.connect(self._changed)
        self.print_button.clicked.connect(self.print_checklist)
        ops.install_shortcuts(self, [("Ctrl+P", self.print_checklist), ("Esc", self.reset), ("Ctrl+N", self.reset)])
        chain(
            [
                self.age,
                self.choice.kind,
                self.choice.validity,
                self.choice.pages,
                self.choice.reduced,
                self.sex,
                self.applicant_kind,
                self.illness,
                self.valid_passport,
                self.name_changed,
                self.print_button,
            ]
        )
        self._changed()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        focused = QApplication.focusWidget()
        if focused is None or not self.isAncestorOf(focused):
            self.age.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, self, self.checklist_view.resizeRowsToContents)

    def situation(self) -> pp.ApplicantSituation:
        relation = self.applicant_kind.currentData()
        emergency = self.choice.kind_code() == pp.KIND_EMERGENCY
        return pp.ApplicantSituation(
            age=self.age.value(),
            sex=str(self.sex.currentData()),
            applying_in_person=relation is None,
            proxy_relation=relation,
            illness_or_disability=self.illness.isChecked(),
            has_valid_passport=self.valid_passport.isChecked(),
            name_changed=self.name_changed.isChecked(),
            emergency=emergency,
            reduced_fee_claim=emergency and self.choice.reduced_code() != REDUCED_NONE,
        )

    def _changed(self) -> None:
        age = self.age.value()
        self.choice.update_for(age)
        now = self.clock()
        try:
            self.fee_display.show_fee(ps.quote_fee(self.ctx.actor, self.choice.request(age), applied_at=now))
        except Exception as exc:  # noqa: BLE001 - shown where the fee would be
            self.fee_display.show_problem(message_for(exc)[0])
        situation = self.situation()
        self.summary.setText(" · ".join(situation_summary(situation)))
        try:
            self.checklist_model.set_rows(ps.checklist(self.ctx.actor, situation, on=now))
            self.summary.setStyleSheet("")
        except Exception as exc:  # noqa: BLE001 - a situation the rules do not allow
            self.checklist_model.set_rows([])
            self.summary.setStyleSheet("color: #b00020")
            self.summary.setText(message_for(exc)[0])
        self.checklist_view.resizeRowsToContents()

    def reset(self) -> None:
        self.age.setValue(30)
        self.choice.reset()
        self.sex.setCurrentIndex(0)
        self.applicant_kind.setCurrentIndex(0)
        for check in (self.illness, self.valid_passport, self.name_changed):
            check.setChecked(False)
        self._changed()
        self.age.setFocus()

    def print_checklist(self) -> None:
        request = self.choice.request(self.age.value()) if self.fee_display.fee is not None else None
        print_checklist_sheet(self, self.ctx, self.situation(), request, self.clock(), self.status)
