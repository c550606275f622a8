"""The passport tab's lists, as columns of the one table model: applications, uncollected, countdown, checklist."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from app.domain import passport as pp
from app.domain.calendar import SEOUL
from app.domain.passport.emergency import due_label
from app.domain.passport.status import DELIVERED
from app.formatting import date_time, number, short_date, won
from app.views.passport import ApplicationView, EmergencyCountdown, UncollectedView
from ui.i18n import language, tr
from ui.models import Column, RowsModel
from ui.widgets import table_view

WARN_SECONDS = 30 * 60
WARN_COLOUR = "#ffe0b2"
LATE_COLOUR = "#ffcdd2"
EMERGENCY_COLOUR = "#fff8e1"


def hm(moment: datetime | None) -> str:
    """A moment of the day's lists in the UI language (Asia/Seoul): ``2026년 11월 25일 (수) 09:12``."""
    return date_time(moment) if moment else ""


def due_text(due: datetime) -> str:
    """The clock-time target beside the countdown: ``마감 12-03(목) 10:00`` (the domain's counter wording in
    Korean; ``Due Thu, 3 Dec 2026 10:00`` in another language)."""
    if language() == "ko":
        return due_label(due)
    return tr("마감 {due_at}", due_at=date_time(due))


def time_left_text(seconds: int) -> str:
    """``2:41:07`` left, ``임박 0:25:00`` in the last half hour, or ``기한 경과 0:05:00`` once past (the row's
    colour says it too, never alone)."""
    left = abs(seconds)
    clock = f"{left // 3600}:{left % 3600 // 60:02d}:{left % 60:02d}"
    if seconds < 0:
        return tr("기한 경과 {time_over}", time_over=clock)
    if seconds <= WARN_SECONDS:
        return tr("임박 {time_left}", time_left=clock)
    return clock


def application_note(view: ApplicationView) -> str:
    notes = []
    if view.emergency and view.due_at and view.status != DELIVERED:
        notes.append(tr("긴급 {due_at}까지", due_at=date_time(view.due_at)))
    if view.delivered_late:
        notes.append(tr("처리기한 경과"))
    if view.reduced_claim == "pending":
        proof_due = short_date(view.reduced_proof_due) if view.reduced_proof_due else "-"
        notes.append(tr("감면 증빙 대기(~{proof_due})", proof_due=proof_due))
    if view.refunded:
        notes.append(tr("환급 {amount}", amount=won(view.refunded)))
    if view.sms_consent:
        notes.append(tr("문자"))
    return " · ".join(notes)


def applications_model(parent: QWidget | None = None) -> RowsModel[ApplicationView]:
    """Today's applications; an open emergency application stands out."""
    return RowsModel(
        [
            Column(tr("접수번호"), lambda v: v.number),
            Column(tr("성명"), lambda v: v.applicant_name),
            Column(tr("주민등록번호"), lambda v: v.rrn_masked),
            Column(tr("여권 종류"), lambda v: v.label),
            Column(tr("수수료"), lambda v: won(v.total), align_right=True),
            Column(tr("단계"), lambda v: v.status_label),
            Column(tr("접수"), lambda v: hm(v.received_at)),
            Column(tr("비고"), application_note),
        ],
        parent,
        row_background=lambda v: EMERGENCY_COLOUR if v.emergency and v.status != DELIVERED else None,
    )


def uncollected_model(parent: QWidget | None = None) -> RowsModel[UncollectedView]:
    """Arrived passports not collected; one past the keeping period in red."""
    return RowsModel(
        [
            Column(tr("접수번호"), lambda v: v.number),
            Column(tr("성명"), lambda v: v.applicant_name),
            Column(tr("주민등록번호"), lambda v: v.rrn_masked),
            Column(tr("연락처"), lambda v: v.phone_masked),
            Column(tr("도착"), lambda v: short_date(v.arrived_at.astimezone(SEOUL).date())),
            Column(tr("대기"), lambda v: tr("{days}일", days=number(v.days_waiting)), align_right=True),
            Column(tr("보관 마지막 날"), lambda v: short_date(v.keeping_ends_on)),
            Column(tr("상태"), lambda v: tr("보관기간 경과(효력 상실)") if v.past_keeping else tr("보관 중")),
        ],
        parent,
        row_background=lambda v: LATE_COLOUR if v.past_keeping else None,
    )


class CountdownModel(RowsModel[EmergencyCountdown]):
    """Open emergency applications with the time left; redrawn every second from ``now``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.now = datetime.now(UTC)
        super().__init__(
            [
                Column(tr("접수번호"), lambda e: e.number),
                Column(tr("신청인"), lambda e: e.name_masked),
                Column(tr("단계"), lambda e: e.status_label),
                Column(tr("접수"), lambda e: hm(e.received_at)),
                Column(tr("마감"), lambda e: due_text(e.due_at)),
                Column(tr("남은 시간"), lambda e: time_left_text(e.seconds_left(self.now)), align_right=True),
            ],
            parent,
            row_background=self._colour,
        )

    def _colour(self, row: EmergencyCountdown) -> str | None:
        left = row.seconds_left(self.now)
        if left < 0:
            return LATE_COLOUR
        if left <= WARN_SECONDS:
            return WARN_COLOUR
        return None

    def set_now(self, now: datetime) -> None:
        self.now = now
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))


def checklist_model(parent: QWidget | None = None) -> RowsModel[pp.ChecklistItem]:
    return RowsModel(
        [
            Column(tr("서류"), lambda i: tr(i.text) if i.verified else tr("{document} (확인 중)", document=i.text)),
            Column(tr("구분"), lambda i: tr("필수") if i.required else tr("해당 시")),
            Column(tr("이유"), lambda i: tr(i.why)),
        ],
        parent,
    )


def passport_table(model: QAbstractItemModel, name: str, parent: QWidget, *, fit_on_reset: bool = True) -> QTableView:
    """A read-only list whose columns the clerk may widen; sized to the contents each time the rows change."""
    view = table_view(name, model, parent)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if fit_on_reset:
        model.modelReset.connect(view.resizeColumnsToContents)
    return view
