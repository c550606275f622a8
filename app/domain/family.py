"""Family-registration filings (가족관계등록 신고): the kinds and their filing periods (신고기간).

Filing periods count from the day of the event itself (가족관계의 등록 등에 관한 법률 제37조①: 신고기간은
신고사건 발생일부터 기산한다 — an exception to 민법 제157조's rule that the first day is not counted), by
the calendar (민법 제160조; 가족관계등록예규 제411호):

- the event day is day 1, so a period of N months ends on the day before the day N months later that
  has the event's number: born 1 October → due 31 October; born 15 January → due 14 February;
- where the last month has no such day, on that month's last day (제160조③): learned of a death on
  31 March → due 30 April; born 30 January → due 28 (29) February;
- a judgment that became final before it was served (or handed over) counts from the day of service
  (제37조②): pass ``served_on``;
- a last day falling on a Saturday, Sunday or public holiday moves to the next working day (민법 제161조).

The arithmetic is :mod:`app.domain.periods`, the program's one implementation of 민법 제157~161조.
Events before the first rule of the data file (the act took effect on 2008-01-01; a late registration of
a birth in 1990) are assessed with the earliest rule, marked as estimated, and the fine is left to the
registrar (see :func:`FilingKind.historical`).

The floor of the family rules: the kinds (신고 종류), their periods and the data files. Fines are in
``family_fines``, the registrar's checks in ``family_checks``, what the filer is told afterwards in
``family_guidance``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from app.domain import periods
from app.domain.effective import pick_in_force
from app.domain.messages import Refusal
from app.resources import load_data

NATURE_REPORTING = "reporting"  # 보고적 신고: has a period
NATURE_CREATING = "creating"  # 창설적 신고: the filing itself creates the status, no period
NATURE_OTHER = "other"  # 기타: the period depends on the case; the registrar decides

ON_LATE_FINE = "fine"
ON_LATE_REFUSE = "refuse"

_WEEKDAYS = "월화수목금토일"


class FilingLapsed(Refusal):
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
    # True when the event lies before the first rule of the data file (a birth in 1990, before the act
    # of 2008): the earliest rule is used as an estimate and the registrar decides the fine.
    historical: bool = False
    # Counted from a judgment becoming final: a judgment final before service counts from the service
    # (가족관계등록법 제37조②), so the form asks for the day of service.
    from_judgment: bool = False

    @property
    def is_creating(self) -> bool:
        return self.nature == NATURE_CREATING

    @property
    def has_deadline(self) -> bool:
        return self.nature == NATURE_REPORTING and self.period_months is not None


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def as_date(value: Any) -> date | None:
    """A date of the data files (a TOML date or ISO text); None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def korean_date(day: date) -> str:
    """``2026년 3월 31일(화)``: how the guidance sheet and messages write a date."""
    return f"{day.year}년 {day.month}월 {day.day}일({_WEEKDAYS[day.weekday()]})"


def family_data() -> dict[str, Any]:
    """``family.toml``: kinds, fine tables, filer tables, name and marriage rules, SMS wording."""
    return load_data("family")


def pick_rule(entries: Sequence[Mapping[str, Any]], on: date, what: str) -> Mapping[str, Any]:
    """The entry in force on ``on``, as a ValueError (bad input, Korean message) when there is none."""
    try:
        return pick_in_force(entries, on, what=what)
    except LookupError as exc:
        raise ValueError(f"{exc} 자료 파일을 확인하거나 등록관이 직접 판단하세요.") from None


def end_of_month(day: date) -> date:
    return periods.month_end(day)


def filing_period_end(event_date: date, months: int) -> date:
    """Last day of a filing period of ``months`` months from ``event_date`` (가족관계등록법 제37조①: the
    event day is day 1; 민법 제160조), before any move for a Saturday or holiday (제161조)."""
    return periods.period_end(event_date, months, "month", first_day_counts=True, roll_to_working_day=False)


def period_end(anchor: date, months: int) -> date:
    """Last day of a period of ``months`` months counted after ``anchor`` (민법 제157조 본문: ``anchor``
    itself not counted; 제160조), no move for a Saturday or holiday.

    Not the filing period (that counts the event day: :func:`filing_period_end`); this is the civil-code
    default, used for periods "from" a day already under way: how long a filing is late (the fine
    bands: a full month of lateness after a deadline of 30 April is reached on 31 May) and the
    안심상속 period from the end of the month of death.
    """
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise ValueError("기간(개월 수)은 1 이상이어야 합니다.")
    return periods.period_end(anchor, months, "month", first_day_counts=False, roll_to_working_day=False)


def inheritance_deadline_after_declaration(declared_on: date, *, years: int = 1) -> date:
    """Last day to apply for 안심상속 원스톱서비스 after a 실종선고 (the rule since 2025-06-23): ``years``
    (one) from the 선고일, not from the end of a month (민법 제157조 본문: the 선고일 itself not counted;
    제160조). Like the period after a death, printed as is (정부24 takes applications on any day).
    The length and the date the rule took effect belong in the guidance data of the caller."""
    return periods.period_end(declared_on, years, "year", first_day_counts=False, roll_to_working_day=False)


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
        valid_from=as_date(entry.get("valid_from")),
        verified=bool(entry.get("verified", False)),
        lapse_message=entry.get("lapse_message"),
        from_judgment=bool(entry.get("from_judgment", False)),
    )


def kind_code(kind: str) -> str:
    """The data file's code for ``kind``, given as the code (``"birth"``) or the Korean name (``"출생"``)."""
    if not isinstance(kind, str) or not kind.strip():
        raise ValueError("신고 종류를 고르세요.")
    wanted = kind.strip()
    entries = family_data()["kinds"]
    for entry in entries:
        if entry["code"] == wanted:
            return wanted
    compact = "".join(wanted.split())
    for entry in entries:
        if "".join(str(entry["name"]).split()) == compact:
            return str(entry["code"])
    raise ValueError(f"알 수 없는 신고 종류입니다: {kind!r}")


def filing_kind(kind: str, on: date) -> FilingKind:
    """The rule for ``kind`` (code or Korean name) in force on ``on`` (for deadlines: the day of the event).

    An event before the earliest rule of the data file (a late registration of a birth long ago) gets
    the earliest rule with ``historical=True`` and ``verified=False``: the filing can be taken, the
    deadline is an estimate by today's rule, and the fine is for the registrar to decide.
    """
    code = kind_code(kind)
    entries = [e for e in family_data()["kinds"] if e["code"] == code]
    name = entries[0]["name"]
    starts = [as_date(e.get("valid_from")) for e in entries]
    if all(start is not None and on < start for start in starts):
        earliest = min(range(len(entries)), key=lambda i: starts[i] or date.min)
        return replace(_kind_from_entry(entries[earliest]), historical=True, verified=False)
    return _kind_from_entry(pick_rule(entries, on, what=f"'{name}' 신고 규정"))


def filing_kinds(on: date) -> list[FilingKind]:
    """Every kind in force on ``on``, in the data file's order (for the intake form's list)."""
    seen: list[str] = []
    for entry in family_data()["kinds"]:
        if entry["code"] not in seen:
            seen.append(entry["code"])
    kinds: list[FilingKind] = []
    for code in seen:
        try:
            kinds.append(filing_kind(code, on))
        except ValueError:
            continue  # not in force that day
    return kinds


def counting_start(event_date: date, served_on: date | None = None) -> date:
    """The day a period counts from: the event, or the day of service when a judgment became final before
    it was served or handed over (가족관계등록법 제37조②)."""
    if served_on is not None and served_on > event_date:
        return served_on
    return event_date


def deadline_for(
    rule: FilingKind, event_date: date, closures: Collection[date], *, served_on: date | None = None
) -> date | None:
    """The last day of ``rule``'s period for ``event_date``, moved past holidays; None without a period.

    가족관계등록법 제37조①: the event day is day 1 (민법 제157조 does not apply); 민법 제160조 by the
    calendar; 제161조 for a last day on a Saturday, Sunday, public holiday or one of ``closures``.
    """
    if not rule.has_deadline:
        return None
    assert rule.period_months is not None
    return periods.period_end(
        counting_start(event_date, served_on),
        rule.period_months,
        "month",
        first_day_counts=True,
        roll_to_working_day=True,
        closures=closures,
    )


def filing_deadline(
    kind: str, event_date: date, *, served_on: date | None = None, closures: Collection[date] = ()
) -> date | None:
    """Last day to file ``kind`` for an event on ``event_date``; None when there is no period.

    ``event_date`` is the day the period counts from: the birth, the day the filer learned of the
    death, the day the court's permission or confirmation was received, the day a judgment became
    final; that day is day 1 (가족관계등록법 제37조①). ``served_on``: the day a judgment that became final
    before it was served was served (제37조②); the period then counts from it. ``closures`` are extra
    days the office was shut by decree (e.g. a 임시공휴일 the holiday list does not know yet), treated
    like public holidays for 민법 제161조.
    """
    return deadline_for(filing_kind(kind, event_date), event_date, closures, served_on=served_on)


def check_order(rule: FilingKind, event_date: date, filed_on: date) -> None:
    """ValueError (Korean) when the filing day lies before the day the period counts from."""
    if filed_on < event_date:
        raise ValueError(
            f"신고일({filed_on.isoformat()})이 {rule.counted_from}({event_date.isoformat()})보다 "
            "앞설 수 없습니다. 날짜를 확인하세요."
        )


def count_days_late(
    rule: FilingKind, event_date: date, filed_on: date, closures: Collection[date], *, served_on: date | None = None
) -> int:
    """Days after ``rule``'s deadline (0 in time), for a rule already looked up."""
    check_order(rule, event_date, filed_on)
    deadline = deadline_for(rule, event_date, closures, served_on=served_on)
    if deadline is None or filed_on <= deadline:
        return 0
    return (filed_on - deadline).days


def days_late(
    kind: str, event_date: date, filed_on: date, *, served_on: date | None = None, closures: Collection[date] = ()
) -> int:
    """Days after the deadline (0 when in time; a filing on the last day is in time)."""
    return count_days_late(filing_kind(kind, event_date), event_date, filed_on, closures, served_on=served_on)
