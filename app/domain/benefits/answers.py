"""The answer for one benefit: verdict, amount, deadline and the reasons that decided them (판단 이유)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from app.domain.benefits.ages import add_months_civil, month_end
from app.domain.benefits.amounts import amount_for, figures_day, figures_on, figures_summary, money
from app.domain.benefits.catalog import as_date
from app.domain.benefits.rules import Context, Subject, evaluate_rule, is_household_rule, subjects_of
from app.domain.benefits.values import (
    VERDICT_CHECK,
    VERDICT_ELIGIBLE,
    VERDICT_NOT_ELIGIBLE,
    VERDICTS,
    BenefitAnswer,
    joined,
)
from app.domain.calendar import next_working_day
from app.domain.effective import in_force
from app.domain.messages import Text

# Why a benefit has nobody to look at; words for the counter, not figures.
_NO_SUBJECT = {
    "child": Text("대상 아동 없음 — 가구에 자녀와 생년월일을 입력하면 판단합니다"),
    "newborn": Text("대상 아동 없음 — 출생 사건이나 자녀와 생년월일을 입력하면 판단합니다"),
    "student": Text("입학 사건 없음 — 입학과 학교급을 입력하면 판단합니다"),
    "deceased": Text("사망 사건 없음 — 사망과 사망일을 입력하면 판단합니다"),
}


@dataclass
class Outcome:
    """The verdict for one subject (a child, the household) while the answer is put together."""

    subject: Subject
    verdict: str
    lines: list[str] = field(default_factory=list)
    amount: int | None = None
    amount_text: str | None = None
    deadline: date | None = None
    verified: bool = True
    unverified: list[str] = field(default_factory=list)


def _deadline_date(spec: Mapping[str, Any], subject: Subject, ctx: Context) -> date | None:
    anchor = spec["anchor"]
    if anchor == "birth":
        base = subject.birth_date
    elif ctx.event is None:
        base = None
    else:
        base = ctx.event.date if anchor == "event" else month_end(ctx.event.date)
    if base is None:
        return None
    if "days" in spec:
        days = int(spec["days"]) - (1 if spec.get("count_first_day", False) else 0)
        due = base + timedelta(days=days)
    else:
        due = add_months_civil(base, int(spec.get("months", 0)) + 12 * int(spec.get("years", 0)))
    if spec.get("roll_to_working_day", False):
        due = next_working_day(due)
    return due


def _apply_deadline(entry: Mapping[str, Any], outcome: Outcome, ctx: Context) -> None:
    spec = entry.get("deadline")
    if spec is None or outcome.verdict == VERDICT_NOT_ELIGIBLE:
        return
    verified = bool(spec["verified"])
    text = spec["text"]
    due = _deadline_date(spec, outcome.subject, ctx)
    outcome.deadline = due
    if not verified:
        outcome.unverified.append(Text("신청기한({text})", text=text))
    if due is None:
        outcome.lines.append(Text("신청기한: {text} (기준일을 알 수 없음)", text=text))
        return
    if ctx.on <= due:
        outcome.lines.append(Text("신청기한: {day}까지 ({text})", day=due.isoformat(), text=text))
        return
    if not spec.get("hard", False):
        late = spec.get("late_text", "")
        if late:
            line = Text("신청기한: {day}까지였음 ({text}) — {late}", day=due.isoformat(), text=text, late=late)
        else:
            line = Text("신청기한: {day}까지였음 ({text})", day=due.isoformat(), text=text)
        outcome.lines.append(line)
        return
    if verified:
        outcome.verdict = VERDICT_NOT_ELIGIBLE
        outcome.lines.insert(0, Text("신청기한 지남: {day}까지였음 ({text})", day=due.isoformat(), text=text))
        outcome.amount = None
        outcome.amount_text = None
        return
    # An unverified deadline must not refuse anyone: it asks the clerk to check.
    if outcome.verdict == VERDICT_ELIGIBLE:
        outcome.verdict = VERDICT_CHECK
    outcome.verified = False
    outcome.lines.insert(
        0,
        Text(
            "확인 필요: 신청기한({text})이 {day}에 지났을 수 있음 — 기한이 맞는지 확인", text=text, day=due.isoformat()
        ),
    )


def _evaluate_subject(
    entry: Mapping[str, Any], subject: Subject, rules: Sequence[Mapping[str, Any]], ctx: Context
) -> Outcome:
    results = [r for r in (evaluate_rule(rule, subject, ctx) for rule in rules) if r.status != "skip"]
    fails = [r for r in results if r.status == "fail"]
    if fails:
        return Outcome(
            subject,
            VERDICT_NOT_ELIGIBLE,
            lines=[r.line for r in fails],
            verified=all(r.verified for r in fails),
            unverified=[r.label for r in fails if not r.verified],
        )
    pending = [r for r in results if r.status in ("unknown", "check")]
    passed = [r for r in results if r.status == "pass"]
    notes = [r for r in results if r.status == "note"]
    outcome = Outcome(
        subject,
        VERDICT_CHECK if pending else VERDICT_ELIGIBLE,
        lines=[r.line for r in (*pending, *passed)],
        verified=all(r.verified for r in (*pending, *passed)),
        unverified=[r.label for r in (*pending, *passed, *notes) if not r.verified],
    )
    day = figures_day(entry, subject, ctx)
    fig, stale = figures_on(entry, day) if day is not None else (None, False)
    amount = amount_for(entry, fig, subject, ctx)
    if amount.status == "unknown" and outcome.verdict == VERDICT_ELIGIBLE:
        outcome.verdict = VERDICT_CHECK
    if amount.line:
        outcome.lines.append(amount.line)
    outcome.amount = amount.amount
    outcome.amount_text = amount.text
    if fig is not None:
        if stale:
            period = f"{as_date(fig['valid_from']).isoformat()}~{as_date(fig['valid_to']).isoformat()}"
            outcome.lines.append(
                Text(
                    "참고: 조회일에 시행 중인 금액 자료가 없어 {period} 금액을 참고로 표시 — 현재 금액 확인",
                    period=period,
                )
            )
            outcome.verified = False
            outcome.unverified.append(Text("금액({period} 자료)", period=period))
        elif not fig["verified"]:
            outcome.verified = False
            outcome.unverified.append(Text("금액"))
    _apply_deadline(entry, outcome, ctx)
    outcome.lines.extend(r.line for r in notes)
    return outcome


def _top_verdict(verdicts: Iterable[str]) -> str:
    found = set(verdicts)
    for verdict in VERDICTS:
        if verdict in found:
            return verdict
    return VERDICT_NOT_ELIGIBLE


def answer_for(entry: Mapping[str, Any], ctx: Context, version: str) -> BenefitAnswer:
    """The answer for one catalog entry: household rules first, then each subject, then the amount."""
    rules = in_force(entry.get("rules", []), ctx.on)
    subject_kind = entry["subject"]
    if subject_kind == "household":
        household_rules, subject_rules = [], rules
    else:
        household_rules = [r for r in rules if is_household_rule(r)]
        subject_rules = [r for r in rules if not is_household_rule(r)]
    general_fig, _ = figures_on(entry, ctx.on)
    general_text = figures_summary(entry, general_fig)
    deadline_text = str(entry.get("deadline", {}).get("text", ""))
    entry_verified = bool(entry["verified"])

    def build(
        verdict: str,
        lines: list[str],
        *,
        amount: int | None,
        amount_text: str,
        deadline: date | None,
        verified: bool,
        unverified: list[str],
    ) -> BenefitAnswer:
        labels = ([Text("혜택 정보 전체")] if not entry_verified else []) + list(dict.fromkeys(unverified))
        if labels:
            lines = [*lines, Text("※ 확인되지 않은 자료: {what} — 담당 부서에 확인", what=joined(", ", labels))]
        return BenefitAnswer(
            code=entry["code"],
            name=entry["name"],
            audience=entry["audience"],
            verdict=verdict,
            amount=amount,
            amount_text=amount_text,
            reasons=tuple(lines),
            apply_where=entry["apply_where"],
            documents=tuple(entry.get("documents", [])),
            deadline=deadline,
            verified=entry_verified and verified,
            source=str(entry["source"]),
            catalog_version=version,
            deadline_text=deadline_text,
        )

    household = [r for r in (evaluate_rule(rule, ctx.whole, ctx) for rule in household_rules) if r.status != "skip"]
    household_fails = [r for r in household if r.status == "fail"]
    if household_fails:
        return build(
            VERDICT_NOT_ELIGIBLE,
            [r.line for r in household_fails],
            amount=None,
            amount_text=general_text,
            deadline=None,
            verified=all(r.verified for r in household_fails),
            unverified=[r.label for r in household_fails if not r.verified],
        )
    subjects = subjects_of(entry, ctx)
    if not subjects:
        return build(
            VERDICT_NOT_ELIGIBLE,
            [_NO_SUBJECT[subject_kind]],
            amount=None,
            amount_text=general_text,
            deadline=None,
            verified=True,
            unverified=[],
        )
    outcomes = [_evaluate_subject(entry, subject, subject_rules, ctx) for subject in subjects]
    subject_verdict = _top_verdict(o.verdict for o in outcomes)
    verdict = subject_verdict
    household_pending = [r for r in household if r.status in ("unknown", "check")]
    household_passed = [r for r in household if r.status == "pass"]
    household_notes = [r for r in household if r.status == "note"]
    lines: list[str] = []
    unverified: list[str] = []
    verified = True
    if verdict != VERDICT_NOT_ELIGIBLE:
        if household_pending and verdict == VERDICT_ELIGIBLE:
            verdict = VERDICT_CHECK
        decisive = [*household_pending, *household_passed]
        lines.extend(r.line for r in decisive)
        verified = all(r.verified for r in decisive)
        unverified.extend(r.label for r in (*decisive, *household_notes) if not r.verified)
    top = [o for o in outcomes if o.verdict == subject_verdict]
    for outcome in outcomes:
        if outcome.subject.is_person:
            lines.extend(Text("[{who}] {line}", who=outcome.subject.label, line=line) for line in outcome.lines)
        else:
            lines.extend(outcome.lines)
        unverified.extend(outcome.unverified)
    verified = verified and all(o.verified for o in top)
    if verdict != VERDICT_NOT_ELIGIBLE:
        lines.extend(r.line for r in household_notes)
    amount, amount_text = _combined_amount(entry, top, general_text)
    # A deadline already passed is explained in the reasons; the field shows what is still ahead.
    upcoming = [o.deadline for o in top if o.deadline is not None and o.deadline >= ctx.on]
    return build(
        verdict,
        lines,
        amount=amount,
        amount_text=amount_text,
        deadline=min(upcoming) if upcoming else None,
        verified=verified,
        unverified=unverified,
    )


def _combined_amount(entry: Mapping[str, Any], top: Sequence[Outcome], general_text: str) -> tuple[int | None, str]:
    if not top or top[0].verdict == VERDICT_NOT_ELIGIBLE:
        return None, general_text
    if entry.get("per_household", False) or len(top) == 1:
        first = top[0]
        return first.amount, first.amount_text or general_text
    amounts = [o.amount for o in top]
    texts = {o.amount_text or general_text for o in top}
    if all(a is None for a in amounts) and len(texts) == 1:
        return None, texts.pop()
    parts = joined(", ", (joined(" ", (o.subject.label, o.amount_text or general_text)) for o in top))
    if all(a is not None for a in amounts):
        total = sum(a for a in amounts if a is not None)
        return total, Text("{total} ({parts})", total=money(total, entry["per"]), parts=parts)
    return None, parts
