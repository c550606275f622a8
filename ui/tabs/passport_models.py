"""The passport tab's lists, as columns of the one table model: applications, uncollected, countdown, checklist."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from app.domain import passport as pp
from app.domain.calendar import SEOUL
from app.domain.passport.emergency import due_label
from app.domain.passport.status import DELIVERED
from app.formatting import short_date, won
from app.views.passport import ApplicationView, EmergencyCountdown, UncollectedView
from ui.models import Column, RowsModel
from ui.widgets import table_view
from ui.i18n import tr

WARN_SECONDS = 30 * 60
WARN_COLOUR = "#ffe0b2"
LATE_COLOUR = "#ffcdd2"
EMERGENCY_COLOUR = "#fff8e1"


def hm(moment: datetime | None) -> str:
    return moment.astimezone(SEOUL).strftime("%m-%d %H:%M") if moment else ""


def due_text(due: datetime) -> str:
    """The clock-time target beside the countdown: ``마감 12-03(목) 10:00``."""
    return due_label(due)


def time_left_text(seconds: int) -> str:
    """``2:41:07`` left, ``임박 0:25:00`` in the last half hour, or ``기한 경과 0:05:00`` once past (the row's
    colour says it too, never alone)."""
    sign = tr("기한 경과 ") if seconds < 0 else (tr("임박 ") if seconds <= WARN_SECONDS else "")
    seconds = abs(seconds)
    return f"{sign}{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def application_note(view: ApplicationView) -> str:
    notes = []
    if view.emergency and view.due_at and view.status != DELIVERED:
        notes.append(tr("긴급 {SEOUL:%H:%M}까지", SEOUL=view.due_at.astimezone(SEOUL)))
    if view.delivered_late:
        notes.append(tr("처리기한 경과"))
    if view.reduced_claim == "pending":
        notes.append(tr("감면 증빙 대기(~{reduced_proof_due})", reduced_proof_due=view.reduced_proof_due))
    if view.refunded:
        notes.append(tr("환급 {refunded}", refunded=won(view.refunded)))
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
            Column(tr("여권"), lambda v: v.label),
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
            Column(tr("대기"), lambda v: tr("{days_waiting}일", days_waiting=v.days_waiting), align_right=True),
            Column(tr("보관 마지막 날"), lambda v: v.keeping_ends_on.isoformat()),
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
            Column(tr("서류"), lambda i: i.text + ("" if i.verified else tr(" (확인 중)"))),
            Column(tr("구분"), lambda i: tr("필수") if i.required else tr("해당 시")),
            Column(tr("이유"), lambda i: i.why),
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
