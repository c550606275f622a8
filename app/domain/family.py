"""Family-registration filings (가족관계등록 신고): deadlines, late fines, registrar checks and guidance.

Periods follow the civil code (민법 제157·160·161조):

- the day of the event is not counted (초일 불산입), so counting starts the next day (기산일);
- a period of N months ends on the day before the day N months after the 기산일 that has the 기산일's
  number; where that month has no such day, on its last day (제160조 ②·③). In practice that is the
  same-numbered day as the event (DOMAIN.md: born 1 March → due 1 April), except that an event on the
  last day of a month puts the 기산일 on the 1st and the period is whole calendar months: born 30
  April → due 31 May; born 29 February 2028 → due 31 March 2028; born 31 January → due the last day
  of February (see :func:`period_end` for why the statute, not DOMAIN.md's shorthand, decides);
- a last day falling on a Saturday, Sunday or public holiday moves to the next working day (제161조).

Late-filing fines (과태료) come from the 부과기준 table in ``resources/data/family.toml``; lateness is
counted from the (moved) last day: filing the next day is 1 day late. Bands: "7일 미만" is 1–6 days
late; "7일 이상 1개월 미만" runs from 7 days up to, not including, the day a full month of lateness
is reached (the same-numbered day one month after the deadline, by the civil-code rule above); "1개월
이상 3개월 미만", "3개월 이상 6개월 미만" and "6개월 이상" likewise by calendar months after the deadline.
Every figure lives in the data files; this module only counts.
"""

from __future__ import annotations

import unicodedata
from calendar import monthrange
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from app.domain.calendar import next_working_day, seoul_today
from app.domain.effective import pick_in_force
from app.domain.identity import full_years, mask_text
from app.resources import load_data

NATURE_REPORTING = "reporting"  # 보고적 신고: has a period
NATURE_CREATING = "creating"  # 창설적 신고: the filing itself creates the status, no period
NATURE_OTHER = "other"  # 기타: the period depends on the case; the registrar decides

ON_LATE_FINE = "fine"
ON_LATE_REFUSE = "refuse"

_WEEKDAYS = "월화수목금토일"


class FilingLapsed(ValueError):
    """The filing came after a period whose lapse voids its basis (협의이혼 확인): refuse it."""


# ---------------------------------------------------------------------------
# Plain values handed to services and the UI
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FilingKind:
    """One kind of filing (신고 종류) as the data table describes it on a given day."""

    code: str
    name: str
    group: str
    group_name: str
    nature: str
    period_months: int | None
    counted_from: str
    on_late: str
    fee: int
    guidance: str | None
    basis: str
    source: str
    valid_from: date | None
    verified: bool
    lapse_message: str | None

    @property
    def is_creating(self) -> bool:
        return self.nature == NATURE_CREATING

    @property
    def has_deadline(self) -> bool:
        return self.nature == NATURE_REPORTING and self.period_months is not None


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


@dataclass(frozen=True, slots=True)
class FilerEligibility:
    """May this person file (신고인 자격), and are they the one obliged to (신고의무자)?"""

    code: str
    name: str
    allowed: bool
    obliged: bool
    rank: int | None
    condition: str
    source: str
    verified: bool


@dataclass(frozen=True, slots=True)
class GuidanceItem:
    text: str
    benefit: str | None = None
    verified: bool = True


@dataclass(frozen=True, slots=True)
class GuidanceSection:
    heading: str
    paragraphs: tuple[str, ...]
    items: tuple[GuidanceItem, ...]
    where: str | None
    verified: bool


@dataclass(frozen=True, slots=True)
class Guidance:
    """A follow-up guidance sheet (후속절차 안내문); holds no personal data, the document adds the name.

    ``deadline`` is the first date computed into the text (안심상속 신청 기한, 아동수당·부모급여 신청
    시기), ``benefit_codes`` the codes of ``benefits.toml`` whose amounts the document adds, ``verified``
    False when any part printed is marked unconfirmed in the data.
    """

    kind: str
    title: str
    sections: tuple[GuidanceSection, ...]
    deadline: date | None
    benefit_codes: tuple[str, ...]
    sources: tuple[str, ...]
    verified: bool


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def korean_date(day: date) -> str:
    """``2026년 3월 31일(화)``: how the guidance sheet and messages write a date."""
    return f"{day.year}년 {day.month}월 {day.day}일({_WEEKDAYS[day.weekday()]})"


def _has_final_consonant(word: str) -> bool:
    for ch in reversed(word):
        if "가" <= ch <= "힣":
            return (ord(ch) - 0xAC00) % 28 != 0
        if ch.isdigit():
            # Sino-Korean readings: 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 end in a consonant.
            return ch in "013678"
    return True


def _josa(word: str, with_final: str, without_final: str) -> str:
    """``word`` plus the particle form that fits its last syllable (이/가, 은/는, 을/를)."""
    return word + (with_final if _has_final_consonant(word) else without_final)


def _family() -> dict[str, Any]:
    return load_data("family")


def _guidance_data() -> dict[str, Any]:
    return load_data("guidance")


def _pick(entries: Sequence[Mapping[str, Any]], on: date, what: str) -> Mapping[str, Any]:
    """The entry in force on ``on``, as a ValueError (bad input, Korean message) when there is none."""
    try:
        return pick_in_force(entries, on, what=what)
    except LookupError as exc:
        raise ValueError(f"{exc} 자료 파일을 확인하거나 등록관이 직접 판단하세요.") from None


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def end_of_month(day: date) -> date:
    return day.replace(day=monthrange(day.year, day.month)[1])


def period_end(event_date: date, months: int) -> date:
    """Last day of a period of ``months`` months counted after ``event_date`` (민법 제157·160조).

    No Saturday/holiday extension here (that is 제161조, applied by :func:`filing_deadline`).
    """
    # Why this is not simply "the same-numbered day next month" (DOMAIN.md's shorthand):
    # 제157조 leaves the event day out, so the period begins on the 기산일 = event + 1 day, and
    # 제160조 ② ends it on the day BEFORE the day bearing the 기산일's number N months on (제160조 ③:
    # that month has no such day → its last day). Born 1 March: 기산일 2 March → the day before
    # 2 April = 1 April, exactly DOMAIN.md's example; for every event that is not a month's last day
    # the two readings agree. They part only when the event IS a month's last day: the 기산일 is
    # then the 1st, the period is whole calendar months (제160조 ①), and it ends on the last day of
    # the last month. Born 30 April: 기산일 1 May → the day before 1 June = 31 May (the shorthand
    # would say 30 May, a day short, and a filing on 31 May would be fined though the law calls it
    # in time); born 28 February 2027 → 31 March; born 29 February 2028 → 31 March; born 31 January
    # → end of February by either reading. The statute prevails over the shorthand, so a registrar
    # never sees a fine the law does not allow. (제157조 단서, a period starting at 00:00, would
    # count a birth at exactly midnight from that day; the forms take dates only and the registrar
    # decides that rare case.)
    if months < 1:
        raise ValueError("기간(개월 수)은 1 이상이어야 합니다.")
    start = event_date + timedelta(days=1)  # 제157조: the first day is not counted
    year, month = _add_months(start.year, start.month, months)
    last = monthrange(year, month)[1]
    if start.day > last:
        return date(year, month, last)  # 제160조 ③: no such day → the last day of that month
    return date(year, month, start.day) - timedelta(days=1)  # 제160조 ②: the day before


# ---------------------------------------------------------------------------
# Kinds and deadlines
# ---------------------------------------------------------------------------


def _kind_from_entry(entry: Mapping[str, Any]) -> FilingKind:
    months = entry.get("period_months")
    return FilingKind(
        code=str(entry["code"]),
        name=str(entry["name"]),
        group=str(entry["group"]),
        group_name=str(entry["group_name"]),
        nature=str(entry["nature"]),
        period_months=int(months) if months is not None else None,
        counted_from=str(entry["counted_from"]),
        on_late=str(entry["on_late"]),
        fee=int(entry.get("fee", 0)),
        guidance=entry.get("guidance"),
        basis=str(entry["basis"]),
        source=str(entry["source"]),
        valid_from=_as_date(entry.get("valid_from")),
        verified=bool(entry.get("verified", False)),
        lapse_message=entry.get("lapse_message"),
    )


def filing_kind(kind: str, on: date) -> FilingKind:
    """The rule for ``kind`` in force on ``on`` (for deadlines: the day of the event)."""
    entries = [e for e in _family()["kinds"] if e["code"] == kind]
    if not entries:
        raise ValueError(f"알 수 없는 신고 종류입니다: {kind!r}")
    return _kind_from_entry(_pick(entries, on, what=f"'{entries[0]['name']}' 신고 규정"))


def filing_kinds(on: date) -> list[FilingKind]:
    """Every kind in force on ``on``, in the data file's order (for the intake form's list)."""
    seen: list[str] = []
    for entry in _family()["kinds"]:
        if entry["code"] not in seen:
            seen.append(entry["code"])
    kinds: list[FilingKind] = []
    for code in seen:
        try:
            kinds.append(filing_kind(code, on))
        except ValueError:
            continue  # not in force that day
    return kinds


def _deadline(rule: FilingKind, event_date: date, closures: Collection[date]) -> date | None:
    if not rule.has_deadline:
        return None
    assert rule.period_months is not None
    return next_working_day(period_end(event_date, rule.period_months), closures)


def filing_deadline(kind: str, event_date: date, *, closures: Collection[date] = ()) -> date | None:
    """Last day to file ``kind`` for an event on ``event_date``; None when there is no period.

    ``event_date`` is the day the period counts from: the birth, the day the filer learned of the
    death, the day the court's permission or confirmation was received, the day a judgment became
    final. ``closures`` are extra days the office was shut by decree (e.g. a 임시공휴일 the holiday
    list does not know yet), treated like public holidays for 제161조.
    """
    return _deadline(filing_kind(kind, event_date), event_date, closures)


def _check_order(rule: FilingKind, event_date: date, filed_on: date) -> None:
    if filed_on < event_date:
        raise ValueError(
            f"신고일({filed_on.isoformat()})이 {rule.counted_from}({event_date.isoformat()})보다 "
            "앞설 수 없습니다. 날짜를 확인하세요."
        )


def _days_late(rule: FilingKind, event_date: date, filed_on: date, closures: Collection[date]) -> int:
    _check_order(rule, event_date, filed_on)
    deadline = _deadline(rule, event_date, closures)
    if deadline is None or filed_on <= deadline:
        return 0
    return (filed_on - deadline).days


def days_late(kind: str, event_date: date, filed_on: date, *, closures: Collection[date] = ()) -> int:
    """Days after the deadline (0 when in time; a filing on the last day is in time)."""
    return _days_late(filing_kind(kind, event_date), event_date, filed_on, closures)


# ---------------------------------------------------------------------------
# Fines
# ---------------------------------------------------------------------------


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


def _reduce(amount: int, filed_on: date) -> int:
    rule = _pick(_family()["on_the_spot_reduction"], filed_on, what="과태료 자진납부 감경 기준")
    reduced = amount * (100 - int(rule["percent"])) // 100
    unit = int(rule.get("rounding_unit", 1))
    return reduced - reduced % unit


def _lapse_message(rule: FilingKind, deadline: date) -> str:
    template = rule.lapse_message or (
        "{counted_from}부터 {months}개월({deadline}까지)이 지나 신고를 수리할 수 없습니다."
    )
    return template.format(counted_from=rule.counted_from, months=rule.period_months, deadline=korean_date(deadline))


def _fine(
    rule: FilingKind,
    event_date: date,
    filed_on: date,
    *,
    after_demand: bool,
    paid_now: bool,
    closures: Collection[date],
) -> _Fine:
    _check_order(rule, event_date, filed_on)
    deadline = _deadline(rule, event_date, closures)
    if deadline is None or filed_on <= deadline or rule.on_late != ON_LATE_FINE:
        return _Fine(band=None, base=0, amount=0, table=None)
    # The omission lasts until the filing, so the table in force on the filing day applies.
    table = _pick(_family()["late_fines"], filed_on, what="가족관계등록 과태료 부과기준")
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
    closures: Collection[date] = (),
) -> int:
    """Estimated 과태료 in won for filing ``kind`` on ``filed_on``; 0 in time or without a period.

    ``after_demand``: the registrar had sent a demand (최고, 제38조·제108조) and its period also passed,
    so the 제121조 column applies. ``paid_now``: paid on the spot, reduced by the table's percentage
    (20%: 10,000 → 8,000) and rounded down to 10 won. The fine falls on the person obliged to file
    (see :attr:`FilerEligibility.obliged`); the registrar decides whether there was a just cause.
    Raises :class:`FilingLapsed` for a filing that must be refused instead (협의이혼 after 3 months).
    """
    rule = filing_kind(kind, event_date)
    if rule.on_late == ON_LATE_REFUSE:
        deadline = _deadline(rule, event_date, closures)
        _check_order(rule, event_date, filed_on)
        if deadline is not None and filed_on > deadline:
            raise FilingLapsed(_lapse_message(rule, deadline))
    return _fine(rule, event_date, filed_on, after_demand=after_demand, paid_now=paid_now, closures=closures).amount


def assess_filing(
    kind: str,
    event_date: date,
    filed_on: date,
    *,
    after_demand: bool = False,
    paid_now: bool = False,
    closures: Collection[date] = (),
    today: date | None = None,
) -> FilingAssessment:
    """Everything the intake form shows about timeliness: "기한 내" or "N일 지연 (예상 과태료 M원)".

    A 협의이혼 filed after its period does not raise here: the assessment comes back with
    ``lapsed=True``, no fine and the refusal message, so that the form can show it. ``filed_on`` may
    lie ahead of ``today`` (a clerk telling someone what a filing next week would cost); the event may
    not.
    """
    rule = filing_kind(kind, event_date)
    today = today or seoul_today()
    if event_date > today:
        raise ValueError(
            f"{_josa(rule.counted_from, '이', '가')} 미래입니다 ({event_date.isoformat()}). "
            f"오늘({today.isoformat()}) 또는 그 전의 날짜를 입력하세요."
        )
    _check_order(rule, event_date, filed_on)
    deadline = _deadline(rule, event_date, closures)
    late = _days_late(rule, event_date, filed_on, closures)
    lapsed = rule.on_late == ON_LATE_REFUSE and late > 0
    message: str | None = None
    fine = _Fine(band=None, base=0, amount=0, table=None)
    if deadline is None:
        label = "신고기한 없음 (창설적 신고)" if rule.is_creating else "신고기한 확인 필요 (등록관 판단)"
    elif lapsed:
        message = _lapse_message(rule, deadline)
        label = f"{late}일 경과: {rule.name} 신고기간 만료 (수리 불가)"
    elif late == 0:
        label = "기한 내"
    else:
        fine = _fine(rule, event_date, filed_on, after_demand=after_demand, paid_now=paid_now, closures=closures)
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
        fine_table_valid_from=_as_date(table.get("valid_from")) if table is not None else None,
        verified=rule.verified and (table is None or bool(table.get("verified", False))),
    )


# ---------------------------------------------------------------------------
# Follow-up guidance (후속절차 안내문)
# ---------------------------------------------------------------------------


def _period_text(months: int) -> str:
    return f"{months // 12}년" if months % 12 == 0 else f"{months}개월"


def _inheritance_rule(on: date) -> Mapping[str, Any]:
    return _pick(_guidance_data()["inheritance_periods"], on, what="안심상속 신청 기간")


def inheritance_deadline(death_date: date, *, on: date | None = None) -> date:
    """Last day to apply for 안심상속 원스톱서비스: the period from the end of the month of death.

    With the 1-year rule (from 2022-07-29) that is the last day of the same month a year later
    (died 10 March 2025 → 31 March 2026; any day of February 2023 → 29 February 2024), because the
    period counts from the 1st of the next month (민법 제157·160조). ``on`` picks the rule in force
    (default: today). The date is printed as is, without moving a weekend: 정부24 takes applications
    on any day.
    """
    rule = _inheritance_rule(on or seoul_today())
    return period_end(end_of_month(death_date), int(rule["months"]))


def _benefit_window_rule(on: date) -> Mapping[str, Any]:
    return _pick(_guidance_data()["birth_benefit_windows"], on, what="아동수당·부모급여 신청 기간")


def benefit_window_end(birth_date: date, *, on: date | None = None) -> date:
    """Last day to apply for 아동수당·부모급여 and still be paid from the month of birth.

    With ``counts_birth_day`` the birth day is day 1 (출생일 포함 60일: born 1 May → 29 June).
    """
    rule = _benefit_window_rule(on or seoul_today())
    days = int(rule["days"])
    return birth_date + timedelta(days=days - 1 if rule.get("counts_birth_day", True) else days)


def _block(code: str, on: date) -> Mapping[str, Any]:
    entries = [b for b in _guidance_data()["blocks"] if b["code"] == code]
    if not entries:
        raise ValueError(f"안내문 자료가 없습니다: {code!r} (guidance.toml을 확인하세요)")
    return _pick(entries, on, what=f"'{code}' 후속절차 안내문")


def _section(
    raw: Mapping[str, Any],
    *,
    event_date: date | None,
    birth_order: int | None,
    on: date,
) -> tuple[GuidanceSection, date | None]:
    paragraphs = [str(p) for p in raw.get("paragraphs", [])]
    computed = raw.get("computed")
    deadline: date | None = None
    if computed == "inheritance_deadline":
        period = _period_text(int(_inheritance_rule(on)["months"]))
        if event_date is not None:
            deadline = inheritance_deadline(event_date, on=on)
            paragraphs.append(str(raw["computed_template"]).format(deadline=korean_date(deadline), period=period))
        else:
            paragraphs.append(str(raw["computed_fallback"]).format(period=period))
    elif computed == "birth_benefit_window":
        days = int(_benefit_window_rule(on)["days"])
        if event_date is not None:
            deadline = benefit_window_end(event_date, on=on)
            paragraphs.append(str(raw["computed_template"]).format(deadline=korean_date(deadline), days=days))
        else:
            paragraphs.append(str(raw["computed_fallback"]).format(days=days))
    elif computed is not None:
        raise ValueError(f"안내문 자료의 계산 항목을 알 수 없습니다: {computed!r}")
    items: list[GuidanceItem] = []
    for item in raw.get("items", []):
        minimum = item.get("min_birth_order")
        if minimum is not None and birth_order is not None and birth_order < int(minimum):
            continue
        items.append(
            GuidanceItem(
                text=str(item["text"]),
                benefit=item.get("benefit"),
                verified=bool(item.get("verified", True)),
            )
        )
    section = GuidanceSection(
        heading=str(raw["heading"]),
        paragraphs=tuple(paragraphs),
        items=tuple(items),
        where=raw.get("where"),
        verified=bool(raw.get("verified", True)),
    )
    return section, deadline


def guidance_for(
    kind: str,
    *,
    event_date: date | None = None,
    birth_order: int | None = None,
    on: date | None = None,
) -> Guidance:
    """The guidance sheet for ``kind``, with deadlines computed from ``event_date``.

    ``event_date``: for 출생 the date of birth; for 사망 the date of DEATH (the 안심상속 period runs
    from the month of death, not from the day the filer learned of it). ``birth_order``: the child's
    place among its mother's children (첫째 = 1); items for later children only are left out when it
    is lower. ``on``: the day the sheet is made (default today), which picks the texts in force.
    """
    day = on or seoul_today()
    if birth_order is not None and birth_order < 1:
        raise ValueError("출생 순위는 1(첫째) 이상이어야 합니다.")
    if event_date is not None and event_date > day:
        raise ValueError(f"사건 날짜({event_date.isoformat()})가 안내일({day.isoformat()})보다 뒤입니다.")
    rule = filing_kind(kind, event_date or day)
    common = _block("common", day)
    blocks = [_block(rule.guidance, day)] if rule.guidance else []
    title = str(blocks[0]["title"]) if blocks else str(common["default_title"])
    sections: list[GuidanceSection] = []
    deadline: date | None = None
    for block in [*blocks, common]:
        for raw in block.get("sections", []):
            section, computed = _section(raw, event_date=event_date, birth_order=birth_order, on=day)
            sections.append(section)
            deadline = deadline or computed
    benefit_codes = tuple(item.benefit for s in sections for item in s.items if item.benefit)
    verified = all(bool(b.get("verified", False)) for b in [*blocks, common]) and all(
        s.verified and all(i.verified for i in s.items) for s in sections
    )
    return Guidance(
        kind=rule.code,
        title=title,
        sections=tuple(sections),
        deadline=deadline,
        benefit_codes=benefit_codes,
        sources=tuple(str(b["source"]) for b in [*blocks, common]),
        verified=verified,
    )


# ---------------------------------------------------------------------------
# Result SMS (처리결과 문자알림)
# ---------------------------------------------------------------------------

RESULT_OUTCOMES = ("processed", "refused")


def result_sms(
    outcome: str,
    *,
    office: str,
    filer: str,
    kind_name: str,
    number: str,
    reason: str = "",
    phone: str = "",
    on: date,
) -> str:
    """The result SMS for a decision (처리완료 ``processed`` / 불수리 ``refused``) made on ``on``.

    The wording is the office's and lives in ``family.toml`` (``result_sms``); a resident number
    typed into the refusal reason (or anywhere else) is masked, so the text never carries one.
    """
    if outcome not in RESULT_OUTCOMES:
        raise ValueError("처리 결과는 처리완료(processed) 또는 불수리(refused)여야 합니다.")
    rule = _pick(_family()["result_sms"], on, what="처리결과 문자알림 문구")
    limit = int(rule.get("reason_max_chars", 80))
    values = {
        "office": office,
        "filer": filer,
        "kind": kind_name,
        "number": number,
        "reason": mask_text(" ".join(reason.split()))[:limit],
        "phone": phone,
    }
    try:
        text = str(rule[outcome]).format(**values)
        if phone:
            text += str(rule.get("contact", "")).format(**values)
    except (KeyError, IndexError) as exc:
        raise ValueError(f"문자알림 문구의 자리표시를 알 수 없습니다: {exc}. family.toml을 확인하세요.") from None
    return mask_text(text)


# ---------------------------------------------------------------------------
# Registrar checks: names
# ---------------------------------------------------------------------------

NamePart = Literal["given", "surname"]
_PART_NAMES: dict[str, str] = {"given": "이름", "surname": "성"}


def _name_rule(on: date | None) -> Mapping[str, Any]:
    return _pick(_family()["name_rules"], on or seoul_today(), what="이름 글자 수 기준")


def _length_bounds(part: str, on: date | None) -> tuple[int, int]:
    if part not in _PART_NAMES:
        raise ValueError(f"이름 구분은 'given'(이름) 또는 'surname'(성)이어야 합니다: {part!r}")
    rule = _name_rule(on)
    return int(rule[f"{part}_min"]), int(rule[f"{part}_max"])


def _clean(text: object, label: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{_josa(label, '을', '를')} 입력하세요.")
    cleaned = text.strip()
    if any(ch.isspace() for ch in cleaned):
        raise ValueError(f"{_josa(label, '은', '는')} 띄어쓰기 없이 입력하세요: '{cleaned}'")
    return cleaned


def validate_korean_name(text: str, *, part: NamePart = "given", on: date | None = None) -> str:
    """Check a Hangul surname or given name as the 출생신고서 asks for it; return it cleaned.

    Only complete Hangul syllables (가–힣), no spaces. Lengths come from ``name_rules``: a given
    name (성 제외) 1–5 syllables, a surname 1–2 (남궁, 제갈, 선우, 황보 …; a longer one, as some
    naturalised citizens create, is for the registrar to accept by hand). Text typed as separate
    jamo is composed first (NFC).
    """
    label = _PART_NAMES.get(part, "이름")
    low, high = _length_bounds(part, on)
    name = unicodedata.normalize("NFC", _clean(text, f"한글 {label}"))
    bad = sorted({ch for ch in name if not "가" <= ch <= "힣"})
    if bad:
        shown = ", ".join(f"'{ch}'" for ch in bad)
        raise ValueError(f"한글 {_josa(label, '은', '는')} 완성된 한글 글자로만 씁니다. 쓸 수 없는 글자: {shown}")
    if not low <= len(name) <= high:
        raise ValueError(
            f"한글 {_josa(label, '은', '는')} {low}자 이상 {high}자 이하입니다 (입력: '{name}', {len(name)}자)."
        )
    return name


def _is_ideograph(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def validate_hanja_name(
    text: str, *, hangul: str | None = None, part: NamePart = "given", on: date | None = None
) -> str:
    """Check a Hanja surname or given name: CJK ideographs only, one per Hangul syllable.

    Compatibility ideographs (U+F900…) are kept as typed, not normalised, because Korean names use
    them for readings such as 樂(락/낙). Whether each character is on the Supreme Court's list of
    characters for names (인명용 한자) is for the registrar to check against that list.
    """
    label = _PART_NAMES.get(part, "이름")
    low, high = _length_bounds(part, on)
    name = _clean(text, f"한자 {label}")
    bad = sorted({ch for ch in name if not _is_ideograph(ch)})
    if bad:
        shown = ", ".join(f"'{ch}'" for ch in bad)
        raise ValueError(f"한자 {_josa(label, '은', '는')} 한자로만 씁니다. 한자가 아닌 글자: {shown}")
    if not low <= len(name) <= high:
        raise ValueError(
            f"한자 {_josa(label, '은', '는')} {low}자 이상 {high}자 이하입니다 (입력: '{name}', {len(name)}자)."
        )
    if hangul is not None:
        reading = unicodedata.normalize("NFC", hangul.strip())
        if len(reading) != len(name):
            raise ValueError(
                f"한자 {label}의 글자 수({len(name)}자)가 한글 {label}의 글자 수({len(reading)}자)와 "
                "다릅니다. 한 글자에 한 음절씩 맞추어 쓰세요."
            )
    return name


# ---------------------------------------------------------------------------
# Registrar checks: who may file
# ---------------------------------------------------------------------------


def _filer(table: str, relation: str, on: date | None, *, in_wedlock: bool = True) -> FilerEligibility:
    entries = [e for e in _family()[table] if e["code"] == relation]
    if not entries:
        known = ", ".join(sorted({str(e["code"]) for e in _family()[table]}))
        raise ValueError(f"알 수 없는 신고인 자격입니다: {relation!r} (다음 중 하나: {known})")
    entry = _pick(entries, on or seoul_today(), what=f"신고인 자격 '{entries[0]['name']}'")
    obliged = bool(entry["obliged"])
    condition = str(entry["condition"])
    source = str(entry["source"])
    if not in_wedlock:
        obliged = bool(entry.get("out_of_wedlock_obliged", obliged))
        condition = str(entry.get("out_of_wedlock_condition", condition))
        source = str(entry.get("out_of_wedlock_source", source))
    rank = entry.get("rank")
    return FilerEligibility(
        code=str(entry["code"]),
        name=str(entry["name"]),
        allowed=bool(entry["allowed"]),
        obliged=obliged,
        rank=int(rank) if rank is not None else None,
        condition=condition,
        source=source,
        verified=bool(entry.get("verified", False)),
    )


def birth_filer_allowed(relation: str, *, in_wedlock: bool = True, on: date | None = None) -> FilerEligibility:
    """Who may file a birth (가족관계등록법 제46조, 제57조); ``relation`` is a ``birth_filers`` code.

    부·모 (혼인 외 출생자는 모; the father's filing then acknowledges the child), then 동거하는 친족,
    then the doctor or midwife at the delivery; 검사·지방자치단체의 장 only when the child's welfare is
    at risk. Anyone else cannot be the filer.
    """
    return _filer("birth_filers", relation, on, in_wedlock=in_wedlock)


def death_filer_allowed(relation: str, *, on: date | None = None) -> FilerEligibility:
    """Who may file a death (가족관계등록법 제85조); ``relation`` is a ``death_filers`` code.

    동거하는 친족 must file; 친족, 동거자, the manager of the place of death and the 동장·통장·이장 of
    that place may file.
    """
    return _filer("death_filers", relation, on)


def filer_choices(kind: Literal["birth", "death"], *, on: date | None = None) -> list[FilerEligibility]:
    """All filer relations for the intake form's list, in the data file's order."""
    table = {"birth": "birth_filers", "death": "death_filers"}.get(kind)
    if table is None:
        raise ValueError(f"신고인 자격 목록은 출생(birth)·사망(death)에만 있습니다: {kind!r}")
    codes: list[str] = []
    for entry in _family()[table]:
        if entry["code"] not in codes:
            codes.append(str(entry["code"]))
    return [_filer(table, code, on) for code in codes]


# ---------------------------------------------------------------------------
# Registrar checks: marriage
# ---------------------------------------------------------------------------


def _years(table: str, on: date, what: str) -> int:
    return int(_pick(_family()[table], on, what=what)["years"])


def check_marriage_witnesses(birth_dates: Sequence[date], on: date) -> None:
    """Raise ValueError unless there are the required witnesses, each an adult on the filing day.

    민법 제812조 ②: 성년자인 증인 2명. Every witness listed must be of age (만 나이 on ``on``), so a
    minor written in as a third witness is flagged too; the registrar strikes it out.
    """
    required = int(_pick(_family()["marriage_witnesses"], on, what="혼인 증인 기준")["count"])
    majority = _years("age_of_majority", on, "성년 나이")
    problems: list[str] = []
    if len(birth_dates) < required:
        problems.append(f"혼인신고에는 성년인 증인 {required}명이 필요합니다 (입력 {len(birth_dates)}명).")
    for number, born in enumerate(birth_dates, start=1):
        if born > on:
            problems.append(f"증인 {number}의 생년월일({born.isoformat()})이 신고일보다 뒤입니다.")
            continue
        age = full_years(born, on)
        if age < majority:
            problems.append(
                f"증인 {number}{'은' if _has_final_consonant(str(number)) else '는'} 신고일 현재 "
                f"만 {age}세로 성년(만 {majority}세 이상)이 아닙니다."
            )
    if problems:
        raise ValueError(" ".join(problems) + " (민법 제812조 제2항)")


def check_marriage_age(birth_date: date, on: date, *, who: str = "당사자") -> bool:
    """Raise ValueError below the marriage age (민법 제807조: 만 18세); else say if consent is needed.

    Returns True for a minor of marriageable age (18 while 성년 is 19): the parents' consent is
    required (민법 제808조 제1항).
    """
    if birth_date > on:
        raise ValueError(f"{who}의 생년월일({birth_date.isoformat()})이 신고일보다 뒤입니다.")
    minimum = _years("marriage_age", on, "혼인적령")
    majority = _years("age_of_majority", on, "성년 나이")
    age = full_years(birth_date, on)
    if age < minimum:
        raise ValueError(
            f"{_josa(who, '은', '는')} 신고일 현재 만 {age}세입니다. 만 {minimum}세가 되어야 혼인할 수 "
            "있습니다 (민법 제807조)."
        )
    return age < majority
