"""The filing list of the 가족관계등록 tab: its columns, the result messages' columns and the detail text."""

from __future__ import annotations

from app.formatting import date_time, won
from app.services import outbox
from app.views.family import FilingView
from ui.models import Column


def _deadline_text(view: FilingView) -> str:
    if view.deadline is None:
        return "기한 없음"
    return f"{view.deadline:%Y-%m-%d}" + (f" ({view.days_late}일 지연)" if view.days_late else "")


FILING_COLUMNS: tuple[Column[FilingView], ...] = (
    Column("신고번호", lambda v: v.number),
    Column("종류", lambda v: v.kind_name),
    Column("대상", lambda v: v.subject_name),
    Column("상태", lambda v: v.status_label),
    Column("접수일", lambda v: f"{v.filed_on:%Y-%m-%d}"),
    Column("기한", _deadline_text),
    Column("예상 과태료", lambda v: won(v.estimated_fine) if v.estimated_fine else "-", align_right=True),
    Column("문자", lambda v: "동의" if v.sms_consent else "-"),
    Column("신고인", lambda v: v.filer_name),
)
MESSAGE_COLUMNS: tuple[Column[outbox.MessageView], ...] = (
    Column("상태", lambda m: m.state_label),
    Column("받는 번호", lambda m: m.recipient_masked),
    Column("시도", lambda m: str(m.attempts), align_right=True),
    Column("만든 시각", lambda m: date_time(m.created_at)),
    Column("보낸 시각", lambda m: date_time(m.sent_at) if m.sent_at else "-"),
    Column("오류", lambda m: m.last_error or "-"),
)


def detail_html(view: FilingView) -> str:
    """The detail under the list: status, period, people (numbers masked), filer, SMS and particulars."""
    people = " · ".join(
        f"{p.role_label} {p.name}" + (f" ({p.rrn_masked})" if p.rrn_masked else "") for p in view.parties
    )
    extra = " · ".join(f"{k}: {v}" for k, v in view.detail_lines)
    flags = "".join([" · 최고 후" if view.after_demand else "", " · 현장납부" if view.paid_now else ""])
    result = f"<br>결과: {view.status_label} {view.result_note}" if view.status != "received" else ""
    return (
        f"<b>{view.number}</b> {view.kind_name} — <b>{view.status_label}</b><br>"
        f"{view.counted_from}: {view.event_date:%Y-%m-%d} · {view.assessment}{flags}<br>"
        f"{people}<br>신고인: {view.filer_name} ({view.filer_relation_label})"
        + (f" · 문자알림 {view.sms_phone_masked}" if view.sms_consent else " · 문자알림 미동의")
        + (f"<br>{extra}" if extra else "")
        + result
    )
