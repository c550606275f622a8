"""The answers of the 복지 조회 tab: the table's columns and colours, and the detail pane with the reasons."""

from __future__ import annotations

from html import escape

from app.domain.benefits import VERDICT_CHECK, VERDICT_ELIGIBLE, VERDICT_NOT_ELIGIBLE, BenefitAnswer
from app.formatting import short_date, won
from ui.i18n import N_, tr
from ui.models import Column

# how the domain marks a reason that rests on unconfirmed data (a prefix of its Korean text: logic, not shown)
_UNVERIFIED_PREFIX = "※ 확인되지 않은 자료"

# the domain's verdicts and audiences (its codes are Korean words) as the screen shows them
VERDICT_LABELS = {VERDICT_ELIGIBLE: N_("대상"), VERDICT_CHECK: N_("확인 필요"), VERDICT_NOT_ELIGIBLE: N_("비대상")}
AUDIENCE_NAMES = {"주민": N_("주민"), "직원": N_("직원"), "전체": N_("전체")}

VERDICT_BACKGROUND = {
    VERDICT_ELIGIBLE: "#c8e6c9",
    VERDICT_CHECK: "#ffe0a3",
    VERDICT_NOT_ELIGIBLE: "#e0e0e0",
}
VERDICT_TEXT = {
    VERDICT_ELIGIBLE: "#1b5e20",
    VERDICT_CHECK: "#8a5300",
    VERDICT_NOT_ELIGIBLE: "#616161",
}


def verdict_label(verdict: str) -> str:
    return tr(VERDICT_LABELS.get(verdict, verdict))


def audience_name(audience: str) -> str:
    return tr(AUDIENCE_NAMES.get(audience, audience))


def has_unverified(answer: BenefitAnswer) -> bool:
    """True when the answer rests, in any part, on data the departments have not confirmed."""
    return not answer.verified or any(r.startswith(_UNVERIFIED_PREFIX) for r in answer.reasons)


def detail_html(answer: BenefitAnswer) -> str:
    """The detail pane: verdict, amount, every reason, where to apply, documents, deadline, source."""
    colour = VERDICT_TEXT.get(answer.verdict, "#000000")
    parts = [
        f"<h3 style='margin:0'>{escape(tr(answer.name))} "
        f"<span style='color:{colour}'>[{escape(verdict_label(answer.verdict))}]</span>"
        f"<span style='color:#555555; font-weight:normal'> · {escape(audience_name(answer.audience))}</span></h3>"
    ]
    if has_unverified(answer):
        parts.append(
            tr(
                "<p style='background-color:#fff3cd; color:#8a5300'><b>※ 확인되지 않은 자료가 있습니다</b> — "
                "아래 ※ 줄을 보고 담당 부서에 확인하세요.</p>"
            )
        )
    amount = won(answer.amount) if answer.amount is not None else ""
    # the amount in figures (babel) and the catalog's own wording of it, when that says more
    in_korean = won(answer.amount, "ko") if answer.amount is not None else ""  # what the catalog's wording would repeat
    text = tr(answer.amount_text) if answer.amount_text and answer.amount_text != in_korean else ""
    joined = " — ".join(part for part in (amount, text) if part) or "-"
    parts.append(tr("<p><b>금액</b> {amount}</p>", amount=escape(joined)))
    reasons = "".join(
        f"<li style='color:#8a5300'>{escape(tr(r))}</li>"
        if r.startswith(_UNVERIFIED_PREFIX)
        else f"<li>{escape(tr(r))}</li>"
        for r in answer.reasons
    )
    parts.append(
        tr(
            "<p style='margin-bottom:0'><b>판단 이유</b></p><ul style='margin-top:0'>{reasons}</ul>",
            reasons=reasons,
        )
    )
    parts.append(tr("<p><b>신청</b> {where}</p>", where=escape(tr(answer.apply_where))))
    if answer.documents:
        docs = "".join(f"<li>{escape(tr(d))}</li>" for d in answer.documents)
        parts.append(
            tr("<p style='margin-bottom:0'><b>구비서류</b></p><ul style='margin-top:0'>{docs}</ul>", docs=docs)
        )
    if answer.deadline is not None:
        parts.append(
            tr("<p><b>신청기한</b> {deadline}까지", deadline=short_date(answer.deadline))
            + (f" ({escape(tr(answer.deadline_text))})" if answer.deadline_text else "")
            + "</p>"
        )
    elif answer.deadline_text:
        parts.append(tr("<p><b>신청기한</b> {deadline}</p>", deadline=escape(tr(answer.deadline_text))))
    parts.append(
        tr(
            "<p style='color:#555555'><small>근거: {source} · 혜택 목록 {version}판{unverified}</small></p>",
            source=escape(tr(answer.source)),
            version=escape(answer.catalog_version),
            unverified="" if answer.verified else tr(" · 미확인 자료"),
        )
    )
    return "".join(parts)


ANSWER_COLUMNS: tuple[Column[BenefitAnswer], ...] = (
    Column(
        N_("판정"),
        lambda a: verdict_label(a.verdict),
        background=lambda a: VERDICT_BACKGROUND.get(a.verdict),
        tooltip=lambda a: tr(a.reasons[0]) if a.reasons else "",
    ),
    Column(N_("혜택"), lambda a: tr(a.name), tooltip=lambda a: "\n".join(tr(r) for r in a.reasons)),
    Column(N_("구분"), lambda a: audience_name(a.audience)),
    Column(
        N_("금액"),
        lambda a: won(a.amount) if a.amount is not None else tr(a.amount_text),
        tooltip=lambda a: tr(a.amount_text),
    ),
    Column(
        N_("자료"),
        lambda a: tr("※ 미확인") if has_unverified(a) else tr("확인됨"),
        background=lambda a: "#fff3cd" if has_unverified(a) else None,
        tooltip=lambda a: (
            tr("확인되지 않은 자료에 기대는 부분이 있습니다 — 상세 참고") if has_unverified(a) else tr("확인된 자료")
        ),
    ),
)
