"""The filing list of the 가족관계등록 tab: its columns, the result messages' columns and the detail text."""

from __future__ import annotations

from app.formatting import date_time, won
from app.services import outbox
from app.views.family import FilingView
from ui.models import Column
from ui.i18n import N_, tr


def _deadline_text(view: FilingView) -> str:
    if view.deadline is None:
        return tr("기한 없음")
    return f"{view.deadline:%Y-%m-%d}" + (tr(" ({days_late}일 지연)", days_late=view.days_late) if view.days_late else "")


FILING_COLUMNS: tuple[Column[FilingView], ...] = (
    Column(N_("신고번호"), lambda v: v.number),
    Column(N_("종류"), lambda v: v.kind_name),
    Column(N_("대상"), lambda v: v.subject_name),
    Column(N_("상태"), lambda v: v.status_label),
    Column(N_("접수일"), lambda v: f"{v.filed_on:%Y-%m-%d}"),
    Column(N_("기한"), _deadline_text),
    Column(N_("예상 과태료"), lambda v: won(v.estimated_fine) if v.estimated_fine else "-", align_right=True),
    Column(N_("문자"), lambda v: tr("동의") if v.sms_consent else "-"),
    Column(N_("신고인"), lambda v: v.filer_name),
)
MESSAGE_COLUMNS: tuple[Column[outbox.MessageView], ...] = (
    Column(N_("상태"), lambda m: m.state_label),
    Column(N_("받는 번호"), lambda m: m.recipient_masked),
    Column(N_("시도"), lambda m: str(m.attempts), align_right=True),
    Column(N_("만든 시각"), lambda m: date_time(m.created_at)),
    Column(N_("보낸 시각"), lambda m: date_time(m.sent_at) if m.sent_at else "-"),
    Column(N_("오류"), lambda m: m.last_error or "-"),
)


def detail_html(view: FilingView) -> str:
    """The detail under the list: status, period, people (numbers masked), filer, SMS and particulars."""
    people = " · ".join(
        f"{p.role_label} {p.name}" + (f" ({p.rrn_masked})" if p.rrn_masked else "") for p in view.parties
    )
    extra = " · ".join(f"{k}: {v}" for k, v in view.detail_lines)
    flags = "".join([" · 최고 후" if view.after_demand else "", " · 현장납부" if view.paid_now else ""])
    result = tr("<br>결과: {status_label} {result_note}", status_label=view.status_label, result_note=view.result_note) if view.status != "received" else ""
    return (
        tr(
            "<b>{number}</b> {kind_name} — <b>{status_label}</b><br>{counted_from}: "
            "{event_date:%Y-%m-%d} · {assessment}{flags}<br>{people}<br>신고인: {filer_name} "
            "({filer_relation_label})",
            number=view.number,
            kind_name=view.kind_name,
            status_label=view.status_label,
            counted_from=view.counted_from,
            event_date=view.event_date,
            assessment=view.assessment,
            flags=flags,
            people=people,
            filer_name=view.filer_name,
            filer_relation_label=view.filer_relation_label,
        )
        + (tr(" · 문자알림 {sms_phone_masked}", sms_phone_masked=view.sms_phone_masked) if view.sms_consent else tr(" · 문자알림 미동의"))
        + (f"<br>{extra}" if extra else "")
        + result
    )
