"""만족도 조사 screen: surveys waiting for answers, answers by hand or from the ARS CSV, rates by period,
department and clerk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.calendar import seoul_today
from app.formatting import number as formatted_number
from app.services import surveys
from app.views.surveys import ImportResult, RateRow, SurveyRates, SurveyView
from ui import ops
from ui.context import UiContext
from ui.errors import FieldError, show_error
from ui.forms import FormBuilder
from ui.i18n import N_, tr
from ui.keymap import declare_keys
from ui.models import Column, RowsModel
from ui.tabs.counter.common import short_time
from ui.widgets import date_field, enter_button, table_view

NO_ANSWER = N_("— 고르세요 —")
SCORE_CHOICES = [
    (N_("5 (매우 만족)"), 5),
    (N_("4 (만족)"), 4),
    (N_("3 (보통)"), 3),
    (N_("2 (불만)"), 2),
    (N_("1 (매우 불만)"), 1),
]


def rate_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


class SurveysPage(QWidget):
    """만족도 조사: surveys waiting for answers, answers by hand or CSV, rates by period/department/clerk."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.keys = ops.RetryKeys()
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.pending_model: RowsModel[SurveyView] = RowsModel(
            [
                Column(tr("민원번호"), lambda s: s.number),
                Column(tr("부서"), lambda s: s.department),
                Column(tr("상태"), lambda s: s.state_label),
                Column(tr("ARS 예정"), lambda s: short_time(s.ars_due_at)),
            ]
        )
        self.pending = table_view("surveyPending", self.pending_model)
        left.addWidget(QLabel(tr("응답 기다리는 조사")))
        left.addWidget(self.pending)
        answer = QGroupBox(tr("응답 입력 (Enter 저장)"))
        form = FormBuilder(answer)
        self.number = QLineEdit()
        self.number.setObjectName("surveyNumber")
        self.number.setPlaceholderText(tr("민원-YYYYMMDD-0001"))
        self.kindness = QComboBox()
        self.kindness.setObjectName("surveyKindness")
        self.satisfaction = QComboBox()
        self.satisfaction.setObjectName("surveySatisfaction")
        for box in (self.kindness, self.satisfaction):
            # No default answer: a score the clerk did not choose must not be saved as 매우 만족.
            box.addItem(tr(NO_ANSWER), None)
            for text, value in SCORE_CHOICES:
                box.addItem(tr(text), value)
        self.save_button = enter_button(tr("저장"))
        self.save_button.setObjectName("surveySave")
        self.csv_path = QLineEdit()
        self.csv_path.setObjectName("surveyCsv")
        self.csv_path.setPlaceholderText(tr("ARS 결과 CSV 경로 (민원번호,친절도,만족도[,응답일시])"))
        self.import_button = enter_button(tr("CSV 가져오기"))
        self.import_button.setObjectName("surveyImport")
        form.row(tr("민원번호"), self.number)
        form.row(tr("친절도"), self.kindness)
        form.row(tr("만족도"), self.satisfaction)
        form.row("", self.save_button)
        form.row("CSV", self.csv_path)
        form.row("", self.import_button)
        form.finish()
        left.addWidget(answer)
        self.status = QLabel()
        self.status.setObjectName("surveyStatus")
        self.status.setWordWrap(True)
        left.addWidget(self.status)
        layout.addLayout(left, 1)
        layout.addLayout(self._rates_panel(), 1)

        self.save_button.clicked.connect(self.save)
        self.number.returnPressed.connect(self.save)
        self.import_button.clicked.connect(self.import_csv)
        declare_keys(self, ("Enter", N_("점수 칸에서: 응답 저장")))  # keyPressEvent below
        self.csv_path.returnPressed.connect(self.import_csv)
        self.rates_button.clicked.connect(self.load_rates)
        self.pending.doubleClicked.connect(self._pick)
        self.pending.activated.connect(self._pick)
        self.refresh()

    def _rates_panel(self) -> QVBoxLayout:
        right = QVBoxLayout()
        row = QHBoxLayout()
        today = seoul_today()
        self.start = date_field(today.replace(day=1), name="surveyStart")
        self.end = date_field(today, name="surveyEnd")
        self.rates_button = enter_button(tr("만족도 조회"))
        self.rates_button.setObjectName("surveyRates")
        for widget in (QLabel(tr("기간")), self.start, QLabel("~"), self.end, self.rates_button):
            row.addWidget(widget)
        row.addStretch(1)
        right.addLayout(row)
        self.overall = QLabel()
        self.overall.setObjectName("surveyOverall")
        right.addWidget(self.overall)
        columns: list[Column[RateRow]] = [
            Column(tr("구분"), lambda r: r.group),
            Column(tr("조사"), lambda r: r.queued, align_right=True),
            Column(tr("응답"), lambda r: r.answered, align_right=True),
            Column(tr("친절도"), lambda r: rate_text(r.kindness_rate), align_right=True),
            Column(tr("만족도"), lambda r: rate_text(r.satisfaction_rate), align_right=True),
        ]
        self.dept_model: RowsModel[RateRow] = RowsModel(columns)
        self.clerk_model: RowsModel[RateRow] = RowsModel(columns)
        right.addWidget(QLabel(tr("부서별")))
        right.addWidget(table_view("surveyByDepartment", self.dept_model))
        right.addWidget(QLabel(tr("담당자별")))
        right.addWidget(table_view("surveyByClerk", self.clerk_model))
        return right

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        # Enter on a score saves, as on the number field ("응답 입력 (Enter 저장)").
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            self.kindness.hasFocus() or self.satisfaction.hasFocus()
        ):
            self.save()
            return
        super().keyPressEvent(event)

    def _pick(self, index: Any) -> None:
        survey = self.pending_model.get(index.row())
        if survey is not None:
            self.number.setText(survey.number)
            self.kindness.setFocus()

    def refresh(self) -> None:
        ctx = self.ctx
        ops.load(self, ctx, lambda: surveys.list_surveys(ctx.uow(), ctx.actor), done=self.pending_model.set_rows)
        self.load_rates()

    def save(self) -> None:
        ctx = self.ctx
        number, k, s = self.number.text(), self.kindness.currentData(), self.satisfaction.currentData()
        for value, field, label in ((k, "kindness", tr("친절도")), (s, "satisfaction", tr("만족도"))):
            if value is None:
                refusal = FieldError(tr("{label:을/를} 고르세요 (1~5, ↑↓ 또는 숫자).", label=label), field=field)
                show_error(self, refusal)
                ops.focus_wrong_field(refusal, {"kindness": self.kindness, "satisfaction": self.satisfaction})
                return

        request = ("answer", number, k, s)
        client_uuid = self.keys.key(*request)

        def done(view: SurveyView) -> None:
            self.keys.settled(*request)
            self.status.setText(
                tr(
                    "저장했습니다: {number} 친절도 {kindness} · 만족도 {satisfaction}",
                    number=view.number,
                    kindness=view.kindness,
                    satisfaction=view.satisfaction,
                )
            )
            self.number.clear()
            self.refresh()

        ops.run(
            self,
            ctx,
            lambda: surveys.record_answer(
                ctx.uow(), ctx.actor, number=number, kindness=k, satisfaction=s, client_uuid=client_uuid
            ),
            done=done,
        )

    def import_csv(self) -> None:
        ctx = self.ctx
        path = Path(self.csv_path.text().strip())

        def done(result: ImportResult) -> None:
            recorded = formatted_number(result.recorded)
            if result.errors:
                text = tr(
                    "가져왔습니다: {recorded}건, 오류 {errors}건 — {first_errors}",
                    recorded=recorded,
                    errors=formatted_number(len(result.errors)),
                    first_errors="; ".join(tr(e) for e in result.errors[:5]),
                )
            else:
                text = tr("가져왔습니다: {recorded}건", recorded=recorded)
            self.status.setText(text)
            self.refresh()

        ops.run(self, ctx, lambda: surveys.import_answers_csv(ctx.uow(), ctx.actor, path=path), done=done)

    def load_rates(self) -> None:
        ctx = self.ctx
        start, end = self.start.value(), self.end.value()
        assert start is not None and end is not None  # required fields

        def done(rates: SurveyRates) -> None:
            o = rates.overall
            self.overall.setText(
                tr(
                    "<b>전체</b> 조사 {queued}건 · 응답 {answered}건 · 친절도 {kindness_rate} · "
                    "만족도 {satisfaction_rate} (4~5점 비율)",
                    queued=formatted_number(o.queued),
                    answered=formatted_number(o.answered),
                    kindness_rate=rate_text(o.kindness_rate),
                    satisfaction_rate=rate_text(o.satisfaction_rate),
                )
            )
            self.dept_model.set_rows(rates.by_department)
            self.clerk_model.set_rows(rates.by_clerk)

        ops.load(self, ctx, lambda: surveys.survey_rates(ctx.uow(), ctx.actor, start=start, end=end), done=done)
