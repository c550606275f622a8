"""Views of the office's statistics (issue 17): the report tables in the work plan's layout, the petition
statistics by type and department, and the series behind the charts. Plain data, no database, no Qt."""

from __future__ import annotations

import calendar as _stdcal
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from app.i18n import N_, SOURCE, render

PeriodKind = Literal["day", "month", "quarter", "year"]
PERIOD_KINDS: dict[str, str] = {"day": N_("일"), "month": N_("월"), "quarter": N_("분기"), "year": N_("연")}


def period_label(kind: str, start: date) -> str:
    """The Korean name of the period that starts on ``start`` ("2026년 3월"): the work plan's wording, which the
    printed report keeps (the screen names it in its own language: ``app.formatting.period_name``)."""
    if kind == "day":
        return f"{start.year}. {start.month}. {start.day}."
    if kind == "month":
        return f"{start.year}년 {start.month}월"
    if kind == "quarter":
        return f"{start.year}년 {(start.month - 1) // 3 + 1}분기"
    return f"{start.year}년"


def _korean(msgid: str, /, **params: Any) -> str:
    return render(msgid, params, SOURCE)


@dataclass(frozen=True)
class Period:
    """A reporting period, both ends included."""

    start: date
    end: date
    label: str
    kind: str = "day"

    @classmethod
    def of(cls, kind: str, day: date) -> Period:
        """The day, month, quarter or year that contains ``day``."""
        if kind == "day":
            return cls(day, day, period_label(kind, day), kind)
        if kind == "month":
            days = _stdcal.monthrange(day.year, day.month)[1]
            return cls(day.replace(day=1), day.replace(day=days), period_label(kind, day), kind)
        if kind == "quarter":
            q = (day.month - 1) // 3
            first = date(day.year, q * 3 + 1, 1)
            end_month = q * 3 + 3
            last = date(day.year, end_month, _stdcal.monthrange(day.year, end_month)[1])
            return cls(first, last, period_label(kind, first), kind)
        if kind == "year":
            return cls(date(day.year, 1, 1), date(day.year, 12, 31), period_label(kind, day), kind)
        raise ValueError(f"기간 종류는 일·월·분기·연 중 하나여야 합니다: {kind!r}")

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        return Period.of(self.kind, self.start - timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def change_pct(current: float, previous: float) -> float | None:
    """The change against the previous period in percent (None when the previous period had none)."""
    if not previous:
        return None
    return round(100 * (current - previous) / previous, 1)


@dataclass(frozen=True)
class StatTable:
    """One report table laid out as the work plan does: the categories across, the period below them.

    ``groups`` are the spanned header cells above ``columns`` ((name, span) pairs, empty for a flat header);
    ``percent`` marks the columns that are rates (their 1일 평균 is blank, their change in points)."""

    title: str
    columns: tuple[str, ...]
    current: tuple[float, ...]
    previous: tuple[float, ...]
    working_days: int
    previous_working_days: int
    groups: tuple[tuple[str, int], ...] = ()
    percent: frozenset[int] = field(default_factory=frozenset)
    note: str = ""
    # the note as a template and its fields, for the screen to translate (``note`` is the Korean filled in)
    note_template: str = ""
    note_fields: tuple[tuple[str, str], ...] = ()

    def note_text(self, translate: Any = _korean) -> str:
        """The note in the language of ``translate`` (``tr`` on the screen; Korean by default)."""
        if self.note_template:
            return str(translate(self.note_template, **dict(self.note_fields)))
        return str(translate(self.note)) if self.note else ""

    def value(self, name: str, *, previous: bool = False) -> float:
        return (self.previous if previous else self.current)[self.columns.index(name)]

    def daily(self, index: int) -> float | None:
        if index in self.percent or not self.working_days:
            return None
        return round(self.current[index] / self.working_days)

    def change(self, index: int) -> float:
        delta = self.current[index] - self.previous[index]
        return round(delta, 1) if index in self.percent else delta

    def change_pct(self, index: int) -> float | None:
        return None if index in self.percent else change_pct(self.current[index], self.previous[index])

    def headers(self) -> tuple[str, ...]:
        """The column headers under their groups (a group's "소계" reads just 소계, as in the work plan)."""
        return tuple(N_("소계") if c.endswith(" 소계") else c for c in self.columns)

    def lines(self, label: str, previous_label: str, translate: Any = _korean) -> tuple[TableLine, ...]:
        """The table's rows as the work plan prints them, then the previous period and the change; the row
        names in the language of ``translate`` (``tr`` on the screen; Korean, as printed, by default)."""
        n = range(len(self.columns))
        return (
            TableLine(label, tuple(self.current), "value"),
            TableLine(translate(N_("1일 평균")), tuple(self.daily(i) for i in n), "value"),
            TableLine(translate(N_("전기 ({period})"), period=previous_label), tuple(self.previous), "value"),
            TableLine(translate(N_("증감")), tuple(self.change(i) for i in n), "change"),
            TableLine(translate(N_("증감률")), tuple(self.change_pct(i) for i in n), "percent"),
        )


@dataclass(frozen=True)
class TableLine:
    """One printed row: ``kind`` value (counts; rate columns as percent), change (counts or %p), percent."""

    label: str
    values: tuple[float | None, ...]
    kind: str


@dataclass(frozen=True)
class BreakdownTable:
    """Counts of one table's columns by office, counter or clerk (the current period)."""

    title: str
    by: str  # 기관 / 창구 / 담당자
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]
    table_title: str = ""  # the title of the table broken down (``title`` is "<table_title> (<by>별)")

    def title_text(self, translate: Any = _korean) -> str:
        if not self.table_title:
            return str(translate(self.title))
        return str(translate(N_("{table} ({by}별)"), table=self.table_title, by=self.by))


@dataclass(frozen=True)
class PetitionStatRow:
    department: str
    type_name: str
    received: int
    resolved: int
    on_time: int
    late: int
    open_overdue: int
    extensions: int
    supplements: int
    average_days: float | None  # working days from receipt to decision

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.resolved, 1) if self.resolved else None


@dataclass(frozen=True)
class ChartSeries:
    """Daily volume by service (day → counts per service), the hour-of-day load, on-time rate by department."""

    services: tuple[str, ...]
    daily: tuple[tuple[date, tuple[int, ...]], ...]
    hours: tuple[tuple[int, int], ...]
    on_time: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class OfficeReport:
    period: Period
    previous: Period
    tables: tuple[StatTable, ...]
    petitions: tuple[PetitionStatRow, ...]
    departments: tuple[PetitionStatRow, ...]
    breakdowns: tuple[BreakdownTable, ...] = ()
    charts: ChartSeries | None = None
    office_name: str = ""


PETITION_HEADERS = (
    N_("부서"),
    N_("민원 종류"),
    N_("접수"),
    N_("처리"),
    N_("기한 내"),
    N_("기한 경과"),
    N_("미처리 경과"),
    N_("연장"),
    N_("보완"),
    N_("기한 내 처리율"),
    N_("평균 처리일수"),
)


def format_value(table: StatTable, kind: str, index: int, value: float | None) -> str:
    """The printed text of one cell (shared by the PDF and the screen)."""
    if value is None:
        return "-"
    if kind == "percent":
        return f"{value:+.1f}%"
    if index in table.percent:
        return f"{value:+.1f}%p" if kind == "change" else f"{value:.1f}%"
    return f"{int(value):+,}" if kind == "change" and value else f"{int(value):,}"
