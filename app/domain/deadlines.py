"""Legal deadlines of time-limited petitions (유기한 민원 처리기한) and the working time left before them.

The rules are those of 민원 처리에 관한 법률 제19조 and its decree, with the figures (8 working hours
a day, 3 hours for ``즉시``, the 5-day limit of hour counting, office hours) read from
``resources/data/office_hours.toml``:

* ``즉시`` is 3 working hours; ``N시간`` is N working hours; ``N일`` with N <= 5 is N x 8 working hours.
  They run from the moment of receipt, inside the working blocks (09:00-12:00, 13:00-18:00) of working
  days; Saturdays, Sundays, public holidays and office closures do not count.
* ``N일`` with N >= 6 is counted in working days, the day of receipt being day 1; the petition is due at
  the end of the N-th working day (18:00).
* ``N주``, ``N개월``, ``N년`` are counted by the calendar (민법 제159~161조) with the day of receipt as
  the first day: the period ends on the day before the same-numbered day (same weekday for weeks) of
  the last week, month or year; if that month has no such day, on its last day; if the end falls on a
  Saturday, Sunday, public holiday or office closure, on the next working day; due at 18:00.

Choices the law leaves open, made here once for every rule:

* **Receipt outside working hours.** A petition received outside working hours (before 09:00, during
  lunch, after 18:00, on a non-working day) is treated as received at the next working moment. So a
  petition received on a Sunday or at 19:00 has the next working day as its day 1 (day counting) and as
  the first day of its calendar period (weeks, months, years); one received at 08:00 or 12:30 on a
  working day keeps that day. 18:00 sharp is already outside working hours.
* **Supplement pauses (보완).** Time waiting for the applicant does not count. For periods counted in
  working hours (5 days or less) the clock stops when the request is sent and resumes when the
  supplement arrives: the deadline moves by exactly the working time spent paused. For periods counted
  in days (6 days or more, weeks, months, years) the period is first expressed as the number of working
  days from day 1 to its end; then every day a pause touches is left out whole, the day the request
  was sent and the day the supplement arrived included (민원처리법 시행령 제20조 → 행정절차법 시행령
  제11조 제1호), and the count runs on over the days after. A pause still open is counted up to ``now``.
* **Calendar arithmetic** goes through :mod:`app.domain.periods`, the one implementation of
  민법 제157~161조 (here with the first day counted, 민원처리법 제19조③).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Literal

from app.domain.calendar import SEOUL, is_working_day, next_working_day, seoul_today
from app.domain.effective import pick_in_force
from app.domain.josa import josa, particle
from app.domain.periods import Unit, period_end
from app.domain.working_time import working_time_between as closed_form_working_time
from app.domain.messages import Text
from app.resources import DataFileError, load_data

PeriodKind = Literal["immediate", "hours", "days", "weeks", "months", "years"]
CountingUnit = Literal["working_hours", "working_days", "calendar"]
Pause = tuple[datetime, datetime | None]

# How far ahead the calendar is searched for working time before giving up: a closure list that
# blocks every day would otherwise loop for ever.
_SEARCH_LIMIT_DAYS = 366 * 20

_WEEKDAYS_KO = {"월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6}


# --- periods -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A processing period as the petition handbook writes it (``즉시``, ``3시간``, ``7일``, ``1개월``)."""

    kind: PeriodKind
    amount: int  # 0 for ``즉시``
    text: str  # normalised spelling, e.g. "5일"

    def __str__(self) -> str:
        return self.text


_UNIT_KINDS: dict[str, PeriodKind] = {
    "시간": "hours",
    "일": "days",
    "주": "weeks",
    "주일": "weeks",
    "개월": "months",
    "년": "years",
}
_KIND_UNITS: dict[PeriodKind, str] = {
    "hours": "시간",
    "days": "일",
    "weeks": "주",
    "months": "개월",
    "years": "년",
}
_PERIOD_RE = re.compile(r"^(\d+)\s*(시간|일|주일|주|개월|년)$")


def parse_period(text: str | Period) -> Period:
    """Parse a handbook period (``즉시``, ``3시간``, ``5일``, ``2주``, ``1개월``, ``1년``; spaces allowed).

    Raises ValueError with a Korean message for anything else, including zero amounts.
    """
    if isinstance(text, Period):
        return text
    if not isinstance(text, str):
        raise ValueError(f"처리기간은 문자열이어야 합니다: {text!r}")
    compact = text.strip()
    if re.fullmatch(r"즉\s*시", compact):
        return Period("immediate", 0, "즉시")
    match = _PERIOD_RE.match(compact)
    if match is None:
        raise ValueError(
            f"처리기간 '{text}'{particle(text, '을/를')} 알 수 없습니다. "
            "'즉시', '3시간', '5일', '2주', '1개월', '1년'과 같이 적어 주십시오."
        )
    amount = int(match.group(1))
    if amount < 1:
        raise ValueError(f"처리기간 '{text}'{particle(text, '은/는')} 1 이상이어야 합니다.")
    kind = _UNIT_KINDS[match.group(2)]
    return Period(kind, amount, f"{amount}{_KIND_UNITS[kind]}")


# --- office hours and statutory figures ----------------------------------------------------------


def _parse_hhmm(value: Any, *, what: str) -> time:
    try:
        hour, minute = str(value).split(":")
        return time(int(hour), int(minute))
    except ValueError as exc:
        raise DataFileError(
            f"office_hours.toml: {what}의 시각 '{value}'{particle(value, '이/가')} HH:MM 형식이 아닙니다."
        ) from exc


@dataclass(frozen=True)
class WorkingHours:
    """The working blocks of a working day, e.g. ((09:00, 12:00), (13:00, 18:00))."""

    blocks: tuple[tuple[time, time], ...]

    def __post_init__(self) -> None:
        if not self.blocks:
            raise ValueError("근무시간 구간이 하나 이상 있어야 합니다.")
        previous_end: time | None = None
        for start, end in self.blocks:
            if start >= end:
                raise ValueError(f"근무시간 구간 {start:%H:%M}~{end:%H:%M}의 시작이 끝보다 늦습니다.")
            if previous_end is not None and start < previous_end:
                raise ValueError("근무시간 구간은 시간 순서대로, 겹치지 않게 적어야 합니다.")
            previous_end = end

    @property
    def day_start(self) -> time:
        return self.blocks[0][0]

    @property
    def day_end(self) -> time:
        """The end of the working day (18:00): where day-counted deadlines fall."""
        return self.blocks[-1][1]

    def intervals_on(self, day: date) -> list[tuple[datetime, datetime]]:
        return [
            (datetime.combine(day, start, tzinfo=SEOUL), datetime.combine(day, end, tzinfo=SEOUL))
            for start, end in self.blocks
        ]


@dataclass(frozen=True)
class DeadlineRules:
    """The statutory figures of the deadline rules, with the table entry they came from."""

    hours_per_day: int
    immediate_hours: int
    max_days_in_hours: int
    status_notice_days: int
    valid_from: str
    source: str
    verified: bool


@dataclass(frozen=True)
class NightWindow:
    """The night window (야간 민원실): weekdays (0 = Monday), hours and what it offers."""

    weekdays: frozenset[int]
    start: time
    end: time
    services: tuple[str, ...]
    valid_from: str
    source: str
    verified: bool


def _today() -> date:
    return seoul_today()


def _entry(table: str, on: date | None) -> dict[str, Any]:
    entries = load_data("office_hours").get(table)
    if not entries:
        raise DataFileError(f"office_hours.toml에 [[{table}]] 표가 없습니다.")
    return pick_in_force(entries, on or _today(), what=f"근무시간 자료({table})")


@lru_cache(maxsize=8192)  # keyed by day: a list spans years of days (issue 17)
def _working_hours_cached(on: date) -> WorkingHours:
    entry = _entry("working_hours", on)
    try:
        blocks = tuple(
            (_parse_hhmm(start, what="근무시간"), _parse_hhmm(end, what="근무시간")) for start, end in entry["blocks"]
        )
        return WorkingHours(blocks)
    except (KeyError, TypeError, ValueError) as exc:
        raise DataFileError(f"office_hours.toml의 근무시간 표가 잘못되었습니다: {exc}") from exc


def working_hours(*, on: date | None = None) -> WorkingHours:
    """The office working hours in force on ``on`` (default today), from office_hours.toml."""
    return _working_hours_cached(on or _today())


@lru_cache(maxsize=8192)  # keyed by day: a list spans years of days (issue 17)
def _rules_cached(on: date) -> DeadlineRules:
    entry = _entry("deadline_rules", on)
    try:
        rules = DeadlineRules(
            hours_per_day=int(entry["hours_per_day"]),
            immediate_hours=int(entry["immediate_hours"]),
            max_days_in_hours=int(entry["max_days_in_hours"]),
            status_notice_days=int(entry["status_notice_days"]),
            valid_from=str(entry["valid_from"]),
            source=str(entry["source"]),
            verified=bool(entry["verified"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataFileError(f"office_hours.toml의 처리기간 규칙 표가 잘못되었습니다: {exc}") from exc
    if min(rules.hours_per_day, rules.immediate_hours, rules.max_days_in_hours, rules.status_notice_days) < 1:
        raise DataFileError("office_hours.toml의 처리기간 규칙 값은 모두 1 이상이어야 합니다.")
    return rules


def deadline_rules(*, on: date | None = None) -> DeadlineRules:
    """The statutory figures (8 hours a day, 3 hours for 즉시, …) in force on ``on`` (default today)."""
    return _rules_cached(on or _today())


@lru_cache(maxsize=8192)  # keyed by day: a list spans years of days (issue 17)
def _night_cached(on: date) -> NightWindow:
    entry = _entry("night_window", on)
    try:
        weekdays = frozenset(_WEEKDAYS_KO[str(name)] for name in entry["weekdays"])
        return NightWindow(
            weekdays=weekdays,
            start=_parse_hhmm(entry["start"], what="야간 민원실"),
            end=_parse_hhmm(entry["end"], what="야간 민원실"),
            services=tuple(str(s) for s in entry.get("services", ())),
            valid_from=str(entry["valid_from"]),
            source=str(entry["source"]),
            verified=bool(entry["verified"]),
        )
    except (KeyError, TypeError) as exc:
        raise DataFileError(f"office_hours.toml의 야간 민원실 표가 잘못되었습니다: {exc}") from exc


def night_window(*, on: date | None = None) -> NightWindow:
    """The night-window schedule in force on ``on`` (default today)."""
    return _night_cached(on or _today())


def is_night_window(moment: datetime, *, closures: Collection[date] = ()) -> bool:
    """True while the night window is open: its weekdays, its hours, on a working day."""
    local = _aware(moment, what="시각").astimezone(SEOUL)
    window = night_window(on=local.date())
    return (
        local.weekday() in window.weekdays
        and is_working_day(local.date(), closures)
        and window.start <= local.time() < window.end
    )


# --- working time --------------------------------------------------------------------------------


def _aware(moment: datetime, *, what: str) -> datetime:
    if not isinstance(moment, datetime):
        raise ValueError(f"{josa(what, '은/는')} 날짜와 시각(datetime)이어야 합니다: {moment!r}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what}에 시간대가 없습니다. 서울 시간(Asia/Seoul)을 붙여 주십시오: {moment.isoformat()}")
    return moment


def _resolve_hours(hours: WorkingHours | None, moment: datetime) -> WorkingHours:
    return hours if hours is not None else working_hours(on=moment.astimezone(SEOUL).date())


def _working_intervals(
    start: datetime, closures: Collection[date], hours: WorkingHours
) -> Iterator[tuple[datetime, datetime]]:
    """Working intervals from ``start`` onwards, the first one clipped to begin at ``start``."""
    start = start.astimezone(SEOUL)
    day = start.date()
    for _ in range(_SEARCH_LIMIT_DAYS):
        if is_working_day(day, closures):
            for block_start, block_end in hours.intervals_on(day):
                if block_end > start:
                    yield max(block_start, start), block_end
        day += timedelta(days=1)
    raise ValueError("근무일을 찾을 수 없습니다. 휴무일(closures) 설정을 확인해 주십시오.")


def next_working_moment(
    moment: datetime, *, closures: Collection[date] = (), hours: WorkingHours | None = None
) -> datetime:
    """``moment`` itself inside working hours, else the start of the next working block (Asia/Seoul)."""
    moment = _aware(moment, what="시각")
    blocks = _resolve_hours(hours, moment)
    first_start, _ = next(_working_intervals(moment, closures, blocks))
    return first_start


def is_working_moment(moment: datetime, *, closures: Collection[date] = (), hours: WorkingHours | None = None) -> bool:
    """True when ``moment`` lies in a working block of a working day, both block ends included."""
    local = _aware(moment, what="시각").astimezone(SEOUL)
    if not is_working_day(local.date(), closures):
        return False
    blocks = _resolve_hours(hours, local)
    return any(s <= local <= e for s, e in blocks.intervals_on(local.date()))


def working_time_between(
    start: datetime,
    end: datetime,
    *,
    closures: Collection[date] = (),
    hours: WorkingHours | None = None,
) -> timedelta:
    """Working time between two moments (negative when ``end`` is before ``start``)."""
    start = _aware(start, what="시작 시각")
    end = _aware(end, what="끝 시각")
    if end < start:
        return -working_time_between(end, start, closures=closures, hours=hours)
    # Closed form (issue 17): the walk day by day cost 17 ms for a deadline ten years past.
    return closed_form_working_time(start, end, closures=closures, hours=_resolve_hours(hours, start))


# --- pauses --------------------------------------------------------------------------------------


def _normalise_pauses(
    pauses: Sequence[Pause], received_at: datetime, now: datetime | None
) -> list[tuple[datetime, datetime]]:
    """Closed, merged, sorted pause intervals; an open pause runs to ``now``."""
    closed: list[tuple[datetime, datetime]] = []
    for index, (start, end) in enumerate(pauses, start=1):
        start = _aware(start, what=f"{index}번째 보완 요청 시각")
        if start < received_at:
            raise ValueError(f"{index}번째 보완 요청 시각이 접수 시각보다 앞섭니다.")
        if end is None:
            if now is None:
                raise ValueError("보완 중인 민원은 현재 시각(now)을 함께 주어야 기한을 계산할 수 있습니다.")
            end = max(_aware(now, what="현재 시각"), start)
        else:
            end = _aware(end, what=f"{index}번째 보완 완료 시각")
            if end < start:
                raise ValueError(f"{index}번째 보완 완료 시각이 보완 요청 시각보다 앞섭니다.")
        closed.append((start.astimezone(SEOUL), end.astimezone(SEOUL)))
    closed.sort()
    merged: list[tuple[datetime, datetime]] = []
    for start, end in closed:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _minus_pauses(
    interval: tuple[datetime, datetime], pauses: Sequence[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime]]:
    pieces = [interval]
    for p_start, p_end in pauses:
        next_pieces: list[tuple[datetime, datetime]] = []
        for s, e in pieces:
            if p_end <= s or p_start >= e:
                next_pieces.append((s, e))
                continue
            if s < p_start:
                next_pieces.append((s, p_start))
            if p_end < e:
                next_pieces.append((p_end, e))
        pieces = next_pieces
    return pieces


# --- deadlines -----------------------------------------------------------------------------------


def counting_unit(period: str | Period, *, on: date | None = None) -> CountingUnit:
    """How a period is counted: in working hours, in working days, or by the calendar (민법)."""
    parsed = parse_period(period)
    if parsed.kind in ("immediate", "hours"):
        return "working_hours"
    if parsed.kind == "days":
        rules = deadline_rules(on=on)
        return "working_hours" if parsed.amount <= rules.max_days_in_hours else "working_days"
    return "calendar"


_CALENDAR_UNITS: dict[PeriodKind, Unit] = {"weeks": "week", "months": "month", "years": "year"}


def _calendar_end(first_day: date, period: Period, closures: Collection[date]) -> date:
    """민원처리법 제19조③ with 민법 제159~161조: the day of receipt is day 1; moved past holidays."""
    return period_end(
        first_day,
        period.amount,
        _CALENDAR_UNITS[period.kind],
        first_day_counts=True,
        roll_to_working_day=True,
        closures=closures,
    )


def _count_working_days(first: date, last: date, closures: Collection[date]) -> int:
    count, day = 0, first
    while day <= last:
        if is_working_day(day, closures):
            count += 1
        day += timedelta(days=1)
    return count


def _paused_days(pauses: Sequence[tuple[datetime, datetime]]) -> set[date]:
    """Every calendar day touched by a pause, the day the request was sent and the day the supplement
    arrived included (행정절차법 시행령 제11조 제1호, applied through 민원처리법 시행령 제20조)."""
    days: set[date] = set()
    for p_start, p_end in pauses:
        day, last = p_start.date(), p_end.date()
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return days


def _nth_counted_day(
    start: datetime,
    count: int,
    pauses: Sequence[tuple[datetime, datetime]],
    closures: Collection[date],
    hours: WorkingHours,
) -> datetime:
    """The end of the ``count``-th working day from ``start``'s day that no pause touches."""
    left_out = _paused_days(pauses)
    day = start.date()
    counted = 0
    for _ in range(_SEARCH_LIMIT_DAYS):
        if is_working_day(day, closures) and day not in left_out:
            counted += 1
            if counted == count:
                return datetime.combine(day, hours.day_end, tzinfo=SEOUL)
        day += timedelta(days=1)
    raise ValueError("기한을 계산할 수 없습니다. 보완 기간과 휴무일 설정을 확인해 주십시오.")


def _advance_working(
    start: datetime,
    duration: timedelta,
    pauses: Sequence[tuple[datetime, datetime]],
    closures: Collection[date],
    hours: WorkingHours,
) -> datetime:
    remaining = duration
    for interval in _working_intervals(start, closures, hours):
        for s, e in _minus_pauses(interval, pauses):
            available = e - s
            if remaining <= available:
                return s + remaining
            remaining -= available
    raise AssertionError("unreachable: _working_intervals raises when it runs out")


def add_working_time(
    start: datetime,
    duration: timedelta,
    *,
    closures: Collection[date] = (),
    hours: WorkingHours | None = None,
) -> datetime:
    """The moment ``duration`` of working time after ``start`` (Asia/Seoul), counted like every 민원
    period of 5 days or less (민원처리법 제19조①): only inside the working blocks of working days; a
    start outside working hours counts from the next working moment (19:00 → 09:00 the next working
    day). Used for targets given in hours, such as the emergency passport's 3 hours."""
    start = _aware(start, what="시작 시각").astimezone(SEOUL)
    if duration <= timedelta(0):
        raise ValueError("근무시간으로 더할 시간은 0보다 커야 합니다.")
    blocks = hours if hours is not None else working_hours(on=start.date())
    first = next_working_moment(start, closures=closures, hours=blocks)
    return _advance_working(first, duration, (), closures, blocks)


def due_at_with_pauses(
    received_at: datetime,
    period: str | Period,
    pauses: Sequence[Pause] = (),
    *,
    closures: Collection[date] = (),
    hours: WorkingHours | None = None,
    now: datetime | None = None,
) -> datetime:
    """The legal deadline (Asia/Seoul) with supplement pauses (보완) left out of the count.

    ``pauses`` are (request sent, supplement arrived) pairs; an arrival of None means still waiting,
    counted up to ``now`` (which is then required). See the module docstring for how pauses move
    day-counted periods.
    """
    received_at = _aware(received_at, what="접수 시각").astimezone(SEOUL)
    parsed = parse_period(period)
    rules = deadline_rules(on=received_at.date())
    blocks = hours if hours is not None else working_hours(on=received_at.date())
    paused = _normalise_pauses(pauses, received_at, now)
    start = next_working_moment(received_at, closures=closures, hours=blocks)

    unit = counting_unit(parsed, on=received_at.date())
    if unit == "working_hours":
        if parsed.kind == "immediate":
            duration = timedelta(hours=rules.immediate_hours)
        elif parsed.kind == "hours":
            duration = timedelta(hours=parsed.amount)
        else:
            duration = timedelta(hours=parsed.amount * rules.hours_per_day)
        return _advance_working(start, duration, paused, closures, blocks)

    if unit == "working_days":
        count = parsed.amount
    else:
        end = _calendar_end(start.date(), parsed, closures)
        if not paused:
            return datetime.combine(end, blocks.day_end, tzinfo=SEOUL)
        count = _count_working_days(start.date(), end, closures)
    return _nth_counted_day(start, count, paused, closures, blocks)


def due_at(
    received_at: datetime,
    period: str | Period,
    *,
    closures: Collection[date] = (),
    hours: WorkingHours | None = None,
) -> datetime:
    """The legal deadline of a petition received at ``received_at`` (aware) with ``period``, in Seoul."""
    return due_at_with_pauses(received_at, period, (), closures=closures, hours=hours)


# --- time left -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeLeft:
    """Working time left before a deadline, or past it when ``overdue``."""

    working_time: timedelta  # never negative: left, or exceeded when overdue
    days: int  # whole working days of ``hours_per_day`` hours in working_time
    hours: int
    minutes: int
    overdue: bool
    label: str  # "2일 3시간 남음", "1일 초과", "기한 경과"

    @property
    def working_hours(self) -> float:
        return self.working_time.total_seconds() / 3600


def _span_label(days: int, hours: int, minutes: int) -> Text:
    if days:
        return Text("{days}일 {hours}시간", days=days, hours=hours) if hours else Text("{days}일", days=days)
    if hours:
        return Text("{hours}시간 {minutes}분", hours=hours, minutes=minutes) if minutes else Text("{hours}시간", hours=hours)
    return Text("{minutes}분", minutes=minutes)


def time_left(
    due: datetime,
    now: datetime,
    *,
    closures: Collection[date] = (),
    hours: WorkingHours | None = None,
) -> TimeLeft:
    """Working time from ``now`` to ``due`` (or past it), split into 8-hour days, hours and minutes."""
    due = _aware(due, what="처리기한")
    now = _aware(now, what="현재 시각")
    overdue = now > due
    span = working_time_between(*(sorted((now, due))), closures=closures, hours=hours)
    per_day = deadline_rules(on=due.astimezone(SEOUL).date()).hours_per_day
    total_minutes = int(span.total_seconds() // 60)
    days, rest = divmod(total_minutes, per_day * 60)
    hours_part, minutes = divmod(rest, 60)
    if overdue:
        label = Text("기한 경과") if total_minutes == 0 else Text("{span} 초과", span=_span_label(days, hours_part, minutes))
    else:
        label = Text("{span} 남음", span=_span_label(days, hours_part, minutes))
    return TimeLeft(span, days, hours_part, minutes, overdue, label)


# --- status notices ------------------------------------------------------------------------------


def status_notice_dates(
    received_at: datetime,
    *,
    until: date | datetime,
    closures: Collection[date] = (),
) -> list[date]:
    """Dates of the status notices (처리 진행상황 통지) due by ``until``, inclusive.

    The first is due 30 calendar days after the day of receipt and then every 30 days, each counted
    from the day of receipt (not from a moved date) and moved to the next working day when it falls on
    a non-working day. The interval comes from office_hours.toml.
    """
    received_at = _aware(received_at, what="접수 시각").astimezone(SEOUL)
    if isinstance(until, datetime):
        last = _aware(until, what="조회 끝 시각").astimezone(SEOUL).date()
    else:
        last = until
    interval = deadline_rules(on=received_at.date()).status_notice_days
    found: list[date] = []
    step = 1
    while True:
        nominal = received_at.date() + timedelta(days=interval * step)
        if nominal > last:
            return found
        notice = next_working_day(nominal, closures)
        if notice <= last:
            found.append(notice)
        step += 1
