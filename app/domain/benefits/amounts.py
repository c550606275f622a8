"""Amounts (지급액): the figures in force for a subject and what they come to, in won and in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.benefits.catalog import as_date
from app.domain.benefits.rules import Context, Subject, age_value, ordinal
from app.domain.benefits.values import joined
from app.domain.effective import in_force, pick_in_force
from app.domain.messages import N_, Text


def money(amount: int, per: str, suffix: str = "") -> str:
    """``월 100,000원``: an amount in won with how it is paid."""
    text = Text(_PER_TEMPLATES[per], amount=amount)
    return Text("{amount} {suffix}", amount=text, suffix=suffix) if suffix else text


# PERS as templates, so that the screen can say "100,000 won a month"
_PER_TEMPLATES = {
    "once": N_("{amount:,}원"),
    "month": N_("월 {amount:,}원"),
    "year": N_("연 {amount:,}원"),
    "meal": N_("1식 {amount:,}원"),
}


def figures_on(entry: Mapping[str, Any], day: date) -> tuple[Mapping[str, Any] | None, bool]:
    """The figures in force on ``day``; else the latest that ended before it, flagged as stale."""
    figures = entry.get("figures", [])
    if not figures:
        return None, False
    if in_force(figures, day):
        return pick_in_force(figures, day, what="금액"), False
    earlier = [f for f in figures if as_date(f["valid_from"]) <= day]
    if earlier:
        return max(earlier, key=lambda f: as_date(f["valid_from"])), True
    return None, False


def figures_day(entry: Mapping[str, Any], subject: Subject, ctx: Context) -> date | None:
    """The day whose figures count: the look-up day, the birth or the event (``figures_date``)."""
    which = entry.get("figures_date", "on")
    if which == "birth":
        return subject.birth_date
    if which == "event":
        return ctx.event.date if ctx.event is not None else ctx.on
    return ctx.on


def _row_range(row: Mapping[str, Any]) -> tuple[int, int | None]:
    return int(row["min"]), (int(row["max"]) if "max" in row else None)


def _in_row(row: Mapping[str, Any], value: int) -> bool:
    low, high = _row_range(row)
    return value >= low and (high is None or value <= high)


def figures_summary(entry: Mapping[str, Any], fig: Mapping[str, Any] | None) -> str:
    """The figures of a benefit in words, without a household (e.g. 첫째 … / 둘째 이상 …)."""
    kind, per = entry["kind"], entry["per"]
    if kind == "service":
        return str(entry["service_text"])
    if fig is None:
        return Text("금액 자료 없음")
    suffix = fig.get("suffix", "")
    if kind == "fixed":
        return money(fig["amount"], per, suffix)
    if kind in ("by_birth_order", "by_age"):
        return joined(" / ", (joined(" ", (row["text"], money(row["amount"], per, suffix))) for row in fig["table"]))
    if kind == "by_school_level":
        rows = (
            Text("{level}: {amount}", level=row["level"], amount=_row_amount_text(row, per, suffix))
            for row in fig["table"]
        )
        return joined(" / ", rows)
    if kind == "percent_cap":
        cap = Text(_PER_CAP_TEMPLATES[per], amount=fig["cap"])
        return Text("{what}의 {percent}% 감면 ({cap})", what=fig["of"], percent=fig["percent"], cap=cap)
    if kind == "up_to":
        cap = Text(_PER_UP_TO_TEMPLATES[per], amount=fig["cap"])
        return Text("{amount} {suffix}", amount=cap, suffix=suffix) if suffix else cap
    total = fig["cap_points"] * fig["point_value"]
    points = Text(_PER_POINTS_TEMPLATES[per], points=fig["cap_points"])
    return Text(
        "{points} (1포인트 = {value:,}원, 최대 {total:,}원 상당)", points=points, value=fig["point_value"], total=total
    )


_PER_CAP_TEMPLATES = {
    "once": N_("최대 {amount:,}원"),
    "month": N_("월 최대 {amount:,}원"),
    "year": N_("연 최대 {amount:,}원"),
    "meal": N_("1식 최대 {amount:,}원"),
}
_PER_UP_TO_TEMPLATES = {
    "once": N_("{amount:,}원 이내"),
    "month": N_("월 {amount:,}원 이내"),
    "year": N_("연 {amount:,}원 이내"),
    "meal": N_("1식 {amount:,}원 이내"),
}
_PER_POINTS_TEMPLATES = {
    "once": N_("최고 {points:,}포인트"),
    "month": N_("월 최고 {points:,}포인트"),
    "year": N_("연 최고 {points:,}포인트"),
    "meal": N_("1식 최고 {points:,}포인트"),
}


def _row_amount_text(row: Mapping[str, Any], per: str, suffix: str) -> str:
    if "parts" in row:
        return joined(", ", (joined(" ", (part["label"], money(part["amount"], per))) for part in row["parts"]))
    return money(row["amount"], per, suffix)


@dataclass(frozen=True, slots=True)
class Amount:
    """What the figures give for one subject, with the reason line that says so."""

    status: str  # ok (computed), info (described, no single amount), unknown (data missing)
    amount: int | None
    text: str
    line: str


def amount_for(entry: Mapping[str, Any], fig: Mapping[str, Any] | None, subject: Subject, ctx: Context) -> Amount:
    """The amount of ``entry`` for ``subject`` from the figures ``fig``."""
    kind, per = entry["kind"], entry["per"]
    if kind == "service":
        return Amount("info", None, str(entry["service_text"]), "")
    if fig is None:
        return Amount("unknown", None, Text("금액 자료 없음"), Text("금액 자료 없음 — 담당 부서에 금액 확인"))
    since = Text("{day} 시행", day=as_date(fig["valid_from"]).isoformat())
    suffix = fig.get("suffix", "")
    if kind == "fixed":
        text = money(fig["amount"], per, suffix)
        return Amount("ok", fig["amount"], text, Text("지급액: {amount} ({since})", amount=text, since=since))
    if kind == "by_birth_order":
        rows = fig["table"]
        order = subject.birth_order
        if order is None and len({row["amount"] for row in rows}) == 1 and _row_range(rows[0])[0] == 1:
            row = rows[0]
            text = money(row["amount"], per, suffix)
            return Amount("ok", row["amount"], text, _row_line(row["text"], text, since))
        if order is None:
            summary = figures_summary(entry, fig)
            line = Text("확인 필요: 출생순위 없음: 출생순위 확인 ({summary})", summary=summary)
            return Amount("unknown", None, summary, line)
        for row in rows:
            if _in_row(row, order):
                text = money(row["amount"], per, suffix)
                line = Text(
                    "{who}: {amount} ({order}, {since})",
                    who=row["text"],
                    amount=text,
                    order=ordinal(order),
                    since=since,
                )
                return Amount("ok", row["amount"], text, line)
        line = Text("확인 필요: {order}에 해당하는 금액 없음", order=ordinal(order))
        return Amount("unknown", None, figures_summary(entry, fig), line)
    if kind == "by_age":
        born = subject.birth_date
        if born is None or ctx.on < born:
            return Amount(
                "unknown", None, figures_summary(entry, fig), Text("확인 필요: 생년월일 없음 — 금액을 정할 수 없음")
            )
        value = age_value(fig["basis"], born, ctx.on)
        for row in fig["table"]:
            if _in_row(row, value):
                text = money(row["amount"], per, suffix)
                return Amount("ok", row["amount"], text, _row_line(row["text"], text, since))
        return Amount("unknown", None, figures_summary(entry, fig), Text("확인 필요: 이 나이에 해당하는 금액 없음"))
    if kind == "by_school_level":
        level = subject.school_level
        row_for = {row["level"]: row for row in fig["table"]}
        if level is None or level not in row_for:
            return Amount("unknown", None, figures_summary(entry, fig), Text("확인 필요: 학교급에 해당하는 금액 없음"))
        row = row_for[level]
        text = _row_amount_text(row, per, suffix)
        who = row.get("text", level)
        if "parts" in row:
            return Amount("info", None, text, _row_line(who, text, since))
        return Amount("ok", row["amount"], text, _row_line(who, text, since))
    text = figures_summary(entry, fig)
    return Amount("info", None, text, Text("내용: {amount} ({since})", amount=text, since=since))


def _row_line(who: str, text: str, since: str) -> Text:
    return Text("{who}: {amount} ({since})", who=who, amount=text, since=since)
