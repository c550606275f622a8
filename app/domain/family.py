"""Family-registration filings (가족관계등록 신고): the kinds and their filing periods (신고기간).

Periods follow the civil code (민법 제157·160·161조):

- the day of the event is not counted (초일 불산입), so counting starts the next day (기산일);
- a period of N months ends on the day before the day N months after the 기산일 that has the 기산일's
  number; where that month has no such day, on its last day (제160조 ②·③). In practice that is the
  same-numbered day as the event (DOMAIN.md: born 1 March → due 1 April), except that an event on the
  last day of a month puts the 기산일 on the 1st and the period is whole calendar months: born 30
  April → due 31 May; born 29 February 2028 → due 31 March 2028; born 31 January → due the last day
  of February (see :func:`period_end` for why the statute, not DOMAIN.md's shorthand, decides);
- a last day falling on a Saturday, Sunday or public holiday moves to the next working day (제161조).

The floor of the family rules: the kinds (신고 종류), their periods and the data files. Fines are in
``family_fines``, the registrar's checks in ``family_checks``, what the filer is told afterwards in
``family_guidance``.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.domain.calendar import next_working_day
from app.domain.effective import pick_in_force
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


def has_final_consonant(word: str) -> bool:
    """Whether ``word`` ends in a consonant (받침) as read aloud, digits included."""
    for ch in reversed(word):
        if "가" <= ch <= "힣":
            return (ord(ch) - 0xAC00) % 28 != 0
        if ch.isdigit():
            # Sino-Korean readings: 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 end in a consonant.
            return ch in "013678"
    return True


def with_josa(word: str, with_final: str, without_final: str) -> str:
    """``word`` plus the particle form that fits its last syllable (이/가, 은/는, 을/를)."""
    return word + (with_final if has_final_consonant(word) else without_final)


def family_data() -> dict[str, Any]:
    """``family.toml``: kinds, fine tables, filer tables, name and marriage rules, SMS wording."""
    return load_data("family")


def pick_rule(entries: Sequence[Mapping[str, Any]], on: date, what: str) -> Mapping[str, Any]:
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
        valid_from=as_date(entry.get("valid_from")),
        verified=bool(entry.get("verified", False)),
        lapse_message=entry.get("lapse_message"),
    )


def filing_kind(kind: str, on: date) -> FilingKind:
    """The rule for ``kind`` in force on ``on`` (for deadlines: the day of the event)."""
    entries = [e for e in family_data()["kinds"] if e["code"] == kind]
    if not entries:
        raise ValueError(f"알 수 없는 신고 종류입니다: {kind!r}")
    return _kind_from_entry(pick_rule(entries, on, what=f"'{entries[0]['name']}' 신고 규정"))


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


def deadline_for(rule: FilingKind, event_date: date, closures: Collection[date]) -> date | None:
    """The last day of ``rule``'s period for ``event_date``, moved past holidays; None without a period."""
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
    return deadline_for(filing_kind(kind, event_date), event_date, closures)


def check_order(rule: FilingKind, event_date: date, filed_on: date) -> None:
    """ValueError (Korean) when the filing day lies before the day the period counts from."""
    if filed_on < event_date:
        raise ValueError(
            f"신고일({filed_on.isoformat()})이 {rule.counted_from}({event_date.isoformat()})보다 "
            "앞설 수 없습니다. 날짜를 확인하세요."
        )


def count_days_late(rule: FilingKind, event_date: date, filed_on: date, closures: Collection[date]) -> int:
    """Days after ``rule``'s deadline (0 in time), for a rule already looked up."""
    check_order(rule, event_date, filed_on)
    deadline = deadline_for(rule, event_date, closures)
    if deadline is None or filed_on <= deadline:
        return 0
    return (filed_on - deadline).days


def days_late(kind: str, event_date: date, filed_on: date, *, closures: Collection[date] = ()) -> int:
    """Days after the deadline (0 when in time; a filing on the last day is in time)."""
    return count_days_late(filing_kind(kind, event_date), event_date, filed_on, closures)
