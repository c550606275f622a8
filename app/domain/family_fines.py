"""Late-filing fines (과태료) of family-registration filings and the assessment the intake form shows.

The fines come from the 부과기준 table in ``resources/data/family.toml``; lateness is
counted from the (moved) last day of the filing period (가족관계등록법 제37조: the event day is day 1):
filing the next day is 1 day late. Bands: "7일 미만" is 1–6 days late; "7일 이상 1개월 미만" runs from
7 days up to, not including, the day a full month of lateness is reached (a month counted after the
deadline by 민법 제157·160조, ``family.period_end``: deadline 1 April → 1 May, deadline 30 April → 31
May); "1개월 이상 3개월 미만", "3개월 이상 6개월 미만" and "6개월 이상" likewise by calendar months after
the deadline. Every figure lives in the data files; this module only counts.

An event before the first rule of the data file (``FilingKind.historical``: a birth in 1990 registered
now) is still assessed and can be filed; the fine is then not estimated but left to the registrar, and
the assessment says so in the registrar's words.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.calendar import seoul_today
from app.domain.family import (
    ON_LATE_FINE,
    ON_LATE_REFUSE,
    FilingKind,
    FilingLapsed,
    as_date,
    check_order,
    count_days_late,
    deadline_for,
    family_data,
    filing_kind,
    korean_date,
    period_end,
    pick_rule,
)
from app.domain.josa import josa
from app.domain.messages import N_


@dataclass(frozen=True, slots=True)
class FilingAssessment:
    """What the intake form shows before saving: deadline, lateness, estimated fine, or refusal."""

    kind: str
    kind_name: str
    counted_from: str
    event_date: date
    filed_on: date
    deadline: date | None
    in_time: bool
    days_late: int
    lapsed: bool
    message: str | None
    band: str | None
    base_fine: int
    fine: int
    after_demand: bool
    paid_now: bool
    label: str
    basis: str
    fine_table: str | None
    fine_source: str | None
    fine_table_valid_from: date | None
    verified: bool
    served_on: date | None = None  # 가족관계등록법 제37조②: the period counted from the day of service
    fine_by_registrar: bool = False  # no estimate: the registrar decides the fine (see ``note``)
    note: str | None = None  # what the form shows beside the label (e.g. why the fine is not estimated)


@dataclass(frozen=True, slots=True)
class _Fine:
    band: str | None
    base: int
    amount: int
    table: Mapping[str, Any] | None


def _fine_band(table: Mapping[str, Any], deadline: date, filed_on: date) -> Mapping[str, Any]:
    late = (filed_on - deadline).days
    for band in table["bands"]:
        if "below_days" in band:
            if late < int(band["below_days"]):
                return band
        elif "below_months" in band:
            # A full N months of lateness is reached on period_end(deadline, N); that day is "N개월 이상".
            if filed_on < period_end(deadline, int(band["below_months"])):
                return band
        else:
            return band
    raise ValueError("과태료 부과기준표의 마지막 구간에 상한이 있습니다. 자료 파일을 확인하세요.")


def historical_note(rule: FilingKind, event_date: date) -> str:
    """What the form says for an event before the first rule of the data file (registrar's terms)."""
    since = f"{korean_date(rule.valid_from)} 시행" if rule.valid_from else "현행"
    return (
        f"{josa(rule.counted_from, '이/가')} {korean_date(event_date)}로 현행 {rule.name} 신고 "
        f"규정({since}) 전입니다. 신고는 받을 수 있습니다. 신고기간은 현행 규정({rule.period_months}개월)으로 "
        "계산한 참고값이며, 기간 경과 과태료의 부과 여부와 금액은 가족관계등록관서(등록관)가 정합니다."
    )


def _reduce(amount: int, filed_on: date) -> int:
    rule = pick_rule(family_data()["on_the_spot_reduction"], filed_on, what="과태료 자진납부 감경 기준")
    reduced = amount * (100 - int(rule["percent"])) // 100
    unit = int(rule.get("rounding_unit", 1))
    return reduced - reduced % unit


def _lapse(rule: FilingKind, deadline: date) -> tuple[str, dict[str, Any]]:
    """The refusal of a lapsed filing: its template (the data file's own or the default) and fields."""
    template = rule.lapse_message or N_(
        "{counted_from}부터 {months}개월({deadline}까지)이 지나 신고를 수리할 수 없습니다."
    )
    return template, {
        "counted_from": rule.counted_from,
        "months": rule.period_months,
        "deadline": korean_date(deadline),
    }


def _lapse_message(rule: FilingKind, deadline: date) -> str:
    template, params = _lapse(rule, deadline)
    return template.format(**params)


def _fine(
    rule: FilingKind,
    event_date: date,
    filed_on: date,
    *,
    after_demand: bool,
    paid_now: bool,
    closures: Collection[date],
    served_on: date | None = None,
) -> _Fine:
    check_order(rule, event_date, filed_on)
    deadline = deadline_for(rule, event_date, closures, served_on=served_on)
    if deadline is None or filed_on <= deadline or rule.on_late != ON_LATE_FINE or rule.historical:
        return _Fine(band=None, base=0, amount=0, table=None)
    # The omission lasts until the filing, so the table in force on the filing day applies.
    table = pick_rule(family_data()["late_fines"], filed_on, what="가족관계등록 과태료 부과기준")
    band = _fine_band(table, deadline, filed_on)
    base = int(band["after_demand"] if after_demand else band["normal"])
    amount = _reduce(base, filed_on) if paid_now else base
    return _Fine(band=str(band["label"]), base=base, amount=amount, table=table)


def late_fine(
    kind: str,
    event_date: date,
    filed_on: date,
    *,
    after_demand: bool = False,
    paid_now: bool = False,
    served_on: date | None = None,
    closures: Collection[date] = (),
) -> int:
    """Estimated 과태료 in won for filing ``kind`` on ``filed_on``; 0 in time or without a period.

    ``after_demand``: the registrar had sent a demand (최고, 제38조·제108조) and its period also passed,
    so the 제121조 column applies. ``paid_now``: paid on the spot, reduced by the table's percentage
    (20%: 10,000 → 8,000) and rounded down to 10 won. The fine falls on the person obliged to file
    (see :attr:`FilerEligibility.obliged`); the registrar decides whether there was a just cause.
    Raises :class:`FilingLapsed` for a filing that must be refused instead (협의이혼 after 3 months).
    ``kind`` is the data code or the Korean name (``"birth"`` or ``"출생"``); ``served_on`` is the day of
    service of a judgment that became final before it (제37조②). An event before the first rule of the
    data file gives 0: no estimate, the registrar decides (:func:`assess_filing` says so).
    """
    rule = filing_kind(kind, event_date)
    if rule.on_late == ON_LATE_REFUSE:
        deadline = deadline_for(rule, event_date, closures, served_on=served_on)
        check_order(rule, event_date, filed_on)
        if deadline is not None and filed_on > deadline:
            template, params = _lapse(rule, deadline)
            raise FilingLapsed(template, **params)
    fine = _fine(
        rule, event_date, filed_on, after_demand=after_demand, paid_now=paid_now, closures=closures, served_on=served_on
    )
    return fine.amount


def assess_filing(
    kind: str,
    event_date: date,
    filed_on: date,
    *,
    after_demand: bool = False,
    paid_now: bool = False,
    served_on: date | None = None,
    closures: Collection[date] = (),
    today: date | None = None,
) -> FilingAssessment:
    """Everything the intake form shows about timeliness: "기한 내" or "N일 지연 (예상 과태료 M원)".

    A 협의이혼 filed after its period does not raise here: the assessment comes back with
    ``lapsed=True``, no fine and the refusal message, so that the form can show it. ``filed_on`` may
    lie ahead of ``today`` (a clerk telling someone what a filing next week would cost); the event may
    not. ``served_on``: the day of service of a judgment that became final before it was served
    (가족관계등록법 제37조②); it must not lie before the event nor after the filing.
    """
    rule = filing_kind(kind, event_date)
    today = today or seoul_today()
    if event_date > today:
        raise ValueError(
            f"{josa(rule.counted_from, '이/가')} 미래입니다 ({event_date.isoformat()}). "
            f"오늘({today.isoformat()}) 또는 그 전의 날짜를 입력하세요."
        )
    check_order(rule, event_date, filed_on)
    if served_on is not None:
        if served_on < event_date:
            raise ValueError(
                f"송달일({served_on.isoformat()})이 {rule.counted_from}({event_date.isoformat()})보다 앞섭니다. "
                "재판이 송달 전에 확정된 경우에만 송달일을 적으세요."
            )
        if served_on > filed_on:
            raise ValueError(f"송달일({served_on.isoformat()})이 신고일({filed_on.isoformat()})보다 뒤입니다.")
    deadline = deadline_for(rule, event_date, closures, served_on=served_on)
    late = count_days_late(rule, event_date, filed_on, closures, served_on=served_on)
    lapsed = rule.on_late == ON_LATE_REFUSE and late > 0
    message: str | None = None
    note = historical_note(rule, event_date) if rule.historical and rule.has_deadline else None
    by_registrar = False
    fine = _Fine(band=None, base=0, amount=0, table=None)
    if deadline is None:
        label = "신고기한 없음 (창설적 신고)" if rule.is_creating else "신고기한 확인 필요 (등록관 판단)"
    elif lapsed:
        message = _lapse_message(rule, deadline)
        label = f"{late}일 경과: {rule.name} 신고기간 만료 (수리 불가)"
    elif late == 0:
        label = "기한 내"
    elif rule.historical and rule.on_late == ON_LATE_FINE:
        by_registrar = True
        label = f"{late:,}일 지연 (현행 규정 시행 전 사건: 예상 과태료를 계산하지 않음)"
    else:
        fine = _fine(
            rule,
            event_date,
            filed_on,
            after_demand=after_demand,
            paid_now=paid_now,
            closures=closures,
            served_on=served_on,
        )
        label = f"{late}일 지연 (예상 과태료 {fine.amount:,}원)"
    table = fine.table
    return FilingAssessment(
        kind=rule.code,
        kind_name=rule.name,
        counted_from=rule.counted_from,
        event_date=event_date,
        filed_on=filed_on,
        deadline=deadline,
        in_time=late == 0,
        days_late=late,
        lapsed=lapsed,
        message=message,
        band=fine.band,
        base_fine=fine.base,
        fine=fine.amount,
        after_demand=after_demand,
        paid_now=paid_now,
        label=label,
        basis=rule.basis,
        fine_table=str(table["name"]) if table is not None else None,
        fine_source=str(table["source"]) if table is not None else None,
        fine_table_valid_from=as_date(table.get("valid_from")) if table is not None else None,
        verified=rule.verified and (table is None or bool(table.get("verified", False))),
        served_on=served_on if served_on is not None and served_on > event_date else None,
        fine_by_registrar=by_registrar,
        note=note,
    )
