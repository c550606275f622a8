"""Keeping and proof periods: how long an issued passport waits, and when the reduced-fee proof is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.domain.passport.common import entries, int_field, months_after, pick_entry, seoul_day, str_field
from app.resources import DataFileError, load_data

_RULES = "passport_rules"


@dataclass(frozen=True, slots=True)
class KeepingRule:
    """How long an issued passport waits at the counter, and when it counts as uncollected (미수령)."""

    name: str
    keeping_months: int
    uncollected_notice_days: int
    reduced_proof_months: int
    source: str
    verified: bool


def keeping_rule(on: date | datetime) -> KeepingRule:
    """The keeping rule in force on ``on`` (from ``resources/data/passport_rules.toml``)."""
    day = seoul_day(on, "기준일")
    raw = pick_entry(entries(load_data(_RULES), "keeping", _RULES), day, "여권 보관 기준")
    where = f"{_RULES}.toml [[keeping]]"
    months = int_field(raw, "keeping_months", where)
    notice = int_field(raw, "uncollected_notice_days", where)
    proof = int_field(raw, "reduced_proof_months", where)
    assert months is not None and notice is not None and proof is not None
    if months <= 0 or notice <= 0 or proof <= 0:
        raise DataFileError(f"{where}: 기간은 1 이상이어야 합니다.")
    return KeepingRule(
        name=str_field(raw, "name", where),
        keeping_months=months,
        uncollected_notice_days=notice,
        reduced_proof_months=proof,
        source=str(raw.get("source", "")),
        verified=bool(raw.get("verified", False)),
    )


def keeping_ends_on(issued_on: date | datetime) -> date:
    """The last day an issued passport may still be collected (발급일부터 6개월; the issue day not counted)."""
    day = seoul_day(issued_on, "발급일")
    return months_after(day, keeping_rule(day).keeping_months)


def past_keeping_period(issued_on: date | datetime, today: date | datetime) -> bool:
    """True once the passport has lost effect for not being collected (여권법 제13조 제1항 제2호)."""
    return seoul_day(today, "기준일") > keeping_ends_on(issued_on)


def reduced_proof_due(received_at: date | datetime) -> date:
    """The last day the proof for the reduced emergency fee may be brought (접수일부터 6개월)."""
    day = seoul_day(received_at, "접수일")
    return months_after(day, keeping_rule(day).reduced_proof_months)
