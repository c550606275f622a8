"""The filing list of the 가족관계등록 tab: its columns, the result messages' columns and the detail text."""

from __future__ import annotations

from html import escape

from app.formatting import date_time, number, short_date, won
from app.services import outbox
from app.views.family import FilingView
from ui.i18n import N_, tr
from ui.models import Column


def _deadline_text(view: FilingView) -> str:
    if view.deadline is None:
        return tr("기한 없음")
    late = tr(" ({days}일 지연)", days=number(view.days_late)) if view.days_late else ""
    return short_date(view.deadline) + late


FILING_COLUMNS: tuple[Column[FilingView], ...] = (
    Column(N_("신고번호"), lambda v: v.number),
    Column(N_("종류"), lambda v: v.kind_name),
    Column(N_("사건본인"), lambda v: v.subject_name),
    Column(N_("상태"), lambda v: v.status_label),
    Column(N_("접수일"), lambda v: short_date(v.filed_on)),
    Column(N_("기한"), _deadline_text),
    Column(N_("예상 과태료"), lambda v: won(v.estimated_fine) if v.estimated_fine else "-", align_right=True),
    Column(N_("문자"), lambda v: tr("동의") if v.sms_consent else "-"),
    Column(N_("신고인"), lambda v: v.filer_name),
)
MESSAGE_COLUMNS: tuple[Column[outbox.MessageView], ...] = (
    Column(N_("상태"), lambda m: m.state_label),
    Column(N_("받는 번호"), lambda m: m.recipient_masked),
    Column(N_("시도"), lambda m: number(m.attempts), align_right=True),
    Column(N_("만든 시각"), lambda m: date_time(m.created_at)),
    Column(N_("보낸 시각"), lambda m: date_time(m.sent_at) if m.sent_at else "-"),
    Column(N_("오류"), lambda m: m.last_error or "-"),
)


def detail_html(view: FilingView) -> str:
    """The detail under the list: status, period, people (numbers masked), filer, SMS and particulars.

    Labels and statuses from the service are catalog texts (translated here); names and what was typed are not."""
    people = " · ".join(
        escape(f"{tr(p.role_label)} {p.name}" + (f" ({p.rrn_masked})" if p.rrn_masked else "")) for p in view.parties
    )
    extra = " · ".join(escape(f"{tr(k)}: {tr(v)}") for k, v in view.detail_lines)
    flags = "".join([tr(" · 최고 후") if view.after_demand else "", tr(" · 현장납부") if view.paid_now else ""])
    result = (
        tr("<br>결과: {status} {note}", status=view.status_label, note=escape(view.result_note))
        if view.status != "received"
        else ""
    )
    sms = tr(" · 문자알림 {phone}", phone=view.sms_phone_masked) if view.sms_consent else tr(" · 문자알림 미동의")
    return (
        tr(
            "<b>{number}</b> {kind} — <b>{status}</b><br>{date_name}: {event_date} · {assessment}{flags}<br>"
            "{people}<br>신고인: {filer} ({relation})",
            number=view.number,
            kind=view.kind_name,
            status=view.status_label,
            date_name=view.counted_from,
            event_date=short_date(view.event_date) if view.event_date else "-",
            assessment=view.assessment,
            flags=flags,
            people=people,
            filer=escape(view.filer_name),
            relation=view.filer_relation_label,
        )
        + sms
        + (f"<br>{extra}" if extra else "")
        + result
    )
