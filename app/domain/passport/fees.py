"""Passport fees (여권 수수료) by period: issuance fee and contribution, validity by age, the options at an age.

Every figure comes from ``resources/data/passport_fees.toml``. The fee table is picked by the moment of
application, not only its date: the 2026 increase applies from 09:00 on 2026-03-01 ("3월 1일 오전 9시
접수분부터"), the 2024 change from 00:00 on 2024-07-01 (see ``app.domain.effective``). A plain date for the
moment means the start of that day in Seoul (00:00): a date cannot tell 08:59 from 09:00, so on 2026-03-01
it gets the earlier table. The validity rules (by age) go by the date in Seoul.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from app.domain.calendar import SEOUL
from app.domain.effective import pick_in_force
from app.domain.identity import full_years
from app.domain.josa import josa
from app.domain.messages import N_
from app.domain.passport.common import (
    PassportRuleError,
    aware_seoul,
    check_age,
    entries,
    int_field,
    pick_entry,
    seoul_day,
    str_field,
)
from app.resources import DataFileError, load_data

KIND_MULTIPLE = N_("복수")
KIND_SINGLE = N_("단수")
KIND_EMERGENCY = N_("긴급")
KIND_REMAINING = N_("잔여유효기간")
# 유효기간 5년 미만의 복수여권 (여권법 시행령 제6조②: 여권을 자주 잃어버린 사람, 병역의무자 등 제한 대상).
KIND_SHORT_MULTIPLE = N_("5년미만복수")
KINDS: tuple[str, ...] = (KIND_MULTIPLE, KIND_SINGLE, KIND_EMERGENCY, KIND_REMAINING, KIND_SHORT_MULTIPLE)

_KIND_NAMES = {
    KIND_MULTIPLE: N_("복수여권"),
    KIND_SINGLE: N_("단수여권"),
    KIND_EMERGENCY: N_("긴급여권"),
    KIND_REMAINING: N_("잔여유효기간 부여 여권"),
    KIND_SHORT_MULTIPLE: N_("5년 미만 복수여권"),
}
# What the counter's kind field shows for each kind (the intake form and the guide's calculator).
KIND_LABELS = {
    KIND_MULTIPLE: N_("복수"),
    KIND_SINGLE: N_("단수"),
    KIND_EMERGENCY: N_("긴급"),
    KIND_REMAINING: N_("잔여유효기간 부여"),
    KIND_SHORT_MULTIPLE: N_("복수 5년 미만 (상습분실자 등)"),
}

_FEES = "passport_fees"


@dataclass(frozen=True, slots=True)
class PassportFee:
    """The fee for one passport: issuance fee (발급수수료) and contribution (국제교류기여금).

    ``total`` = ``fee`` + ``contribution``; ``table`` names the fee table it came from.
    """

    kind: str
    validity_years: int | None
    pages: int | None
    reduced: bool
    fee: int
    contribution: int
    total: int
    table: str  # the name of the fee table it came from
    label: str  # e.g. "복수여권 10년 58면"
    verified: bool


@dataclass(frozen=True, slots=True)
class PassportOption:
    """One passport the applicant may ask for (for the intake form's choices)."""

    kind: str
    validity_years: int | None
    pages: int | None
    label: str


@dataclass(frozen=True, slots=True)
class _FeeRow:
    kind: str
    validity_years: int | None
    pages: int | None
    any_pages: tuple[int, ...]  # ``pages = [58, 26]``: the same fee whatever the page count (or none given)
    min_age: int | None
    max_age: int | None
    reduced: bool
    fee: int
    contribution: int
    total: int
    label: str
    verified: bool

    def fits_age(self, age: int) -> bool:
        return (self.min_age is None or age >= self.min_age) and (self.max_age is None or age <= self.max_age)

    @property
    def page_choices(self) -> tuple[int, ...]:
        return (self.pages,) if self.pages is not None else self.any_pages

    def fits_pages(self, pages: int | None) -> bool:
        if pages is None:
            return self.pages is None
        return pages == self.pages or pages in self.any_pages


@dataclass(frozen=True, slots=True)
class _FeeTable:
    name: str
    verified: bool
    rows: tuple[_FeeRow, ...]


@dataclass(frozen=True, slots=True)
class _ValidityRule:
    name: str
    ten_year_min_age: int
    five_year_max_age: int
    military_pending_five_year: bool
    verified: bool


def _parse_row(raw: Mapping[str, Any], where: str) -> _FeeRow:
    kind = raw.get("kind")
    if kind not in KINDS:
        raise DataFileError(f"{where}: 알 수 없는 여권 종류 {kind!r}")
    fee = int_field(raw, "fee", where)
    contribution = int_field(raw, "contribution", where)
    total = int_field(raw, "total", where)
    assert fee is not None and contribution is not None and total is not None
    if fee < 0 or contribution < 0 or fee + contribution != total:
        raise DataFileError(
            f"{where}: 발급수수료 {fee} + 국제교류기여금 {josa(contribution, '이/가')} "
            f"합계 {josa(total, '과/와')} 다릅니다."
        )
    reduced = raw.get("reduced", False)
    if not isinstance(reduced, bool) or (reduced and kind != KIND_EMERGENCY):
        raise DataFileError(f"{where}: 감면(reduced)은 긴급여권 행에만 둘 수 있습니다.")
    raw_pages = raw.get("pages")
    any_pages: tuple[int, ...] = ()
    if isinstance(raw_pages, list):
        if not raw_pages or not all(isinstance(p, int) and not isinstance(p, bool) and p > 0 for p in raw_pages):
            raise DataFileError(f"{where}: 'pages' 목록은 면수(양의 정수)여야 합니다 (값: {raw_pages!r}).")
        any_pages = tuple(raw_pages)
        pages = None
    else:
        pages = int_field(raw, "pages", where, optional=True)
    return _FeeRow(
        kind=kind,
        validity_years=int_field(raw, "validity_years", where, optional=True),
        pages=pages,
        any_pages=any_pages,
        min_age=int_field(raw, "min_age", where, optional=True),
        max_age=int_field(raw, "max_age", where, optional=True),
        reduced=reduced,
        fee=fee,
        contribution=contribution,
        total=total,
        label=str_field(raw, "label", where),
        verified=bool(raw.get("verified", True)),
    )


@lru_cache(maxsize=1)
def _fee_data() -> tuple[
    list[Mapping[str, Any]], dict[int, _FeeTable], list[Mapping[str, Any]], dict[int, _ValidityRule]
]:
    """Raw entries (for pick_in_force) and their parsed, checked forms keyed by ``id(raw)``."""
    data = load_data(_FEES)
    raw_tables = entries(data, "tables", _FEES)
    tables: dict[int, _FeeTable] = {}
    for raw in raw_tables:
        name = str_field(raw, "name", f"{_FEES}.toml [[tables]]")
        rows = raw.get("rows")
        if not isinstance(rows, list) or not rows:
            raise DataFileError(f"{_FEES}.toml '{name}': 행(rows)이 없습니다.")
        parsed = tuple(_parse_row(r, f"{_FEES}.toml '{name}' {i + 1}번째 행") for i, r in enumerate(rows))
        tables[id(raw)] = _FeeTable(name=name, verified=bool(raw.get("verified", False)), rows=parsed)
    raw_rules = entries(data, "validity_rules", _FEES)
    rules: dict[int, _ValidityRule] = {}
    for raw in raw_rules:
        where = f"{_FEES}.toml [[validity_rules]]"
        ten = int_field(raw, "ten_year_min_age", where)
        five = int_field(raw, "five_year_max_age", where)
        assert ten is not None and five is not None
        rules[id(raw)] = _ValidityRule(
            name=str_field(raw, "name", where),
            ten_year_min_age=ten,
            five_year_max_age=five,
            military_pending_five_year=bool(raw.get("military_pending_five_year", False)),
            verified=bool(raw.get("verified", False)),
        )
    return raw_tables, tables, raw_rules, rules


def application_moment(applied_at: date | datetime, what: str = "신청 시각") -> datetime:
    """The moment of application in Seoul: an aware datetime as is; a plain date is 00:00 that day (see the
    module text); a naive datetime is refused (it cannot say which 09:00 it means)."""
    if isinstance(applied_at, datetime):
        return aware_seoul(applied_at, what)
    if isinstance(applied_at, date):
        return datetime.combine(applied_at, time(0), tzinfo=SEOUL)
    raise PassportRuleError(N_("{what:은/는} 날짜 또는 날짜와 시각이어야 합니다."), what=what)


def _fee_table_at(moment: datetime) -> _FeeTable:
    """The fee table in force at ``moment`` (an aware datetime: a table may start at a time of day)."""
    raw_tables, tables, _, _ = _fee_data()
    try:
        return tables[id(pick_in_force(raw_tables, moment, what="여권 수수료표"))]
    except LookupError as exc:
        raise PassportRuleError(str(exc)) from None


def _validity_rule_on(day: date) -> _ValidityRule:
    _, _, raw_rules, rules = _fee_data()
    return rules[id(pick_entry(raw_rules, day, "여권 유효기간 규칙"))]


def _validity_allowed(rule: _ValidityRule, years: int, age: int, military_service_pending: bool) -> bool | None:
    """True/False for a 복수 validity at this age; None when allowed only through the military exception."""
    if years == 10:
        return age >= rule.ten_year_min_age
    if years == 5:
        if age <= rule.five_year_max_age:
            return True
        if military_service_pending and rule.military_pending_five_year:
            return None
        return False
    return False


def _validity_refusal(rule: _ValidityRule, years: int, age: int) -> tuple[str, dict[str, Any]]:
    """The refusal's template and fields."""
    if years == 10:
        return (
            N_(
                "10년 복수여권은 만 {min_age}세 이상만 발급받을 수 있습니다 "
                "(여권법 시행령 제6조). 만 {age}세는 5년 복수여권을 신청하세요."
            ),
            {"min_age": rule.ten_year_min_age, "age": age},
        )
    return (
        N_("만 {from_age}세 이상은 복수여권을 10년으로만 발급받습니다 (여권법 시행령 제6조; 입력: 만 {age}세, 5년)."),
        {"from_age": rule.five_year_max_age + 1, "age": age},
    )


def _fmt_choices(values: Iterable[int | None], unit: str) -> str:
    shown = sorted({v for v in values if v is not None}, reverse=True)
    return " 또는 ".join(f"{v}{unit}" for v in shown)


def passport_fee(
    kind: str,
    *,
    validity_years: int | None = None,
    pages: int | None = None,
    age: int,
    applied_at: datetime | date,
    reduced: bool = False,
    military_service_pending: bool = False,
) -> PassportFee:
    """The fee in force at ``applied_at`` for this passport and the applicant's age in full years.

    ``applied_at`` is the moment of application (an aware datetime; the table may change at a time of day,
    as at 09:00 on 2026-03-01). A plain date is taken as 00:00 that day in Seoul; a naive datetime is refused.
    ``kind`` is one of 복수, 단수, 긴급, 잔여유효기간, 5년미만복수. 복수여권 needs ``validity_years`` (10 from
    age 18, 5 under 18: 여권법 시행령 제6조) and ``pages`` (58 or 26); 잔여유효기간 costs the same for 58 and
    26 pages, so ``pages`` may be None (or 58/26, kept on the answer); the 5년 미만 복수여권 is made with 26
    pages only (None means 26); 단수 and 긴급 take neither (단수 may say ``validity_years=1``). ``reduced``
    is the 긴급여권 rate for a relative's death or critical illness. ``military_service_pending`` lets an
    adult who has not done military service take a 5-year passport while the rule in force allowed that
    (until 2025-04-30). Raises PassportRuleError (a ValueError) with a Korean message for a combination that
    does not exist.
    """
    moment = application_moment(applied_at)
    day = moment.date()
    if kind not in KINDS:
        raise PassportRuleError(
            N_("알 수 없는 여권 종류입니다: {kind!r}. {choices} 중에서 고르세요."), kind=kind, choices="·".join(KINDS)
        )
    age = check_age(age)
    if reduced and kind != KIND_EMERGENCY:
        raise PassportRuleError(N_("친족 사망·위독 감면 수수료는 긴급여권에만 적용됩니다."))
    name = _KIND_NAMES[kind]

    table = _fee_table_at(moment)
    rows = [r for r in table.rows if r.kind == kind and r.reduced == reduced]
    if not rows:
        raise PassportRuleError(N_("'{table}'에 {kind} 수수료가 없습니다."), table=table.name, kind=name)

    valid_years = {r.validity_years for r in rows}
    if kind == KIND_SINGLE and validity_years == 1:
        validity_years = None  # 단수여권 is "1년 이내": saying 1 is the same request
    if validity_years not in valid_years:
        if valid_years == {None}:
            raise PassportRuleError(
                N_("{kind:은/는} 유효기간을 고를 수 없습니다 (입력: {years}년)."), kind=name, years=validity_years
            )
        if validity_years is None:
            raise PassportRuleError(
                N_("{kind}의 유효기간을 고르세요: {choices}."), kind=name, choices=_fmt_choices(valid_years, "년")
            )
        raise PassportRuleError(
            N_("{kind}의 유효기간은 {choices}입니다 (입력: {years}년)."),
            kind=name,
            choices=_fmt_choices(valid_years, "년"),
            years=validity_years,
        )
    rows = [r for r in rows if r.validity_years == validity_years]

    valid_pages = {p for r in rows for p in r.page_choices}
    if not valid_pages:
        if pages is not None:
            raise PassportRuleError(
                N_("{kind:은/는} 면수를 고를 수 없습니다 (입력: {pages}면)."), kind=name, pages=pages
            )
    elif pages is None:
        if len(valid_pages) == 1 and all(r.pages is not None for r in rows):
            pages = next(iter(valid_pages))  # made with one page count only (5년 미만 복수여권: 26면)
        elif not any(r.any_pages for r in rows):
            raise PassportRuleError(
                N_("{kind}의 면수를 고르세요: {choices}."), kind=name, choices=_fmt_choices(valid_pages, "면")
            )
    elif pages not in valid_pages:
        raise PassportRuleError(
            N_("여권 면수는 {choices}입니다 (입력: {pages}면)."), choices=_fmt_choices(valid_pages, "면"), pages=pages
        )
    rows = [r for r in rows if r.fits_pages(pages)]

    verified = table.verified
    if kind == KIND_MULTIPLE and validity_years is not None:
        rule = _validity_rule_on(day)
        allowed = _validity_allowed(rule, validity_years, age, military_service_pending)
        if allowed is False:
            template, params = _validity_refusal(rule, validity_years, age)
            raise PassportRuleError(template, **params)
        if allowed is None:
            verified = verified and rule.verified

    matching = [r for r in rows if r.fits_age(age)]
    if not matching:
        raise PassportRuleError(
            N_("만 {age}세에 해당하는 {kind} 수수료가 '{table}'에 없습니다."), age=age, kind=name, table=table.name
        )
    row = matching[0]
    label = f"{row.label} {pages}면" if row.any_pages and pages is not None else row.label
    return PassportFee(
        kind=kind,
        validity_years=validity_years,
        pages=pages,
        reduced=reduced,
        fee=row.fee,
        contribution=row.contribution,
        total=row.total,
        table=table.name,
        label=label,
        verified=verified and row.verified,
    )


def age_at(birth_date: date, applied_at: datetime | date) -> int:
    """만 나이 on the day of application (the day in Seoul when ``applied_at`` is a datetime)."""
    day = seoul_day(applied_at, "신청 시각")
    if isinstance(birth_date, datetime) or not isinstance(birth_date, date):
        raise PassportRuleError(N_("생년월일은 날짜로 입력하세요."))
    if birth_date > day:
        raise PassportRuleError(
            N_("생년월일({born})이 신청일({day})보다 뒤입니다."), born=birth_date.isoformat(), day=day.isoformat()
        )
    return full_years(birth_date, day)


def validity_options(age: int, *, on: date | datetime, military_service_pending: bool = False) -> list[PassportOption]:
    """The passports (kind, validity, pages) someone of ``age`` may apply for at ``on``, in table order.

    The reduced emergency rate is not a separate option: it is ``reduced=True`` on 긴급. A row that costs
    the same for several page counts (잔여유효기간 부여) is one option per page count. ``on`` is a moment
    (aware datetime) or a date (00:00 that day in Seoul), as for ``passport_fee``.
    """
    age = check_age(age)
    moment = application_moment(on, "기준일")
    day = moment.date()
    table = _fee_table_at(moment)
    rule = _validity_rule_on(day)
    seen: set[tuple[str, int | None, int | None]] = set()
    options: list[PassportOption] = []
    for row in table.rows:
        if row.reduced or not row.fits_age(age):
            continue
        if row.kind == KIND_MULTIPLE and row.validity_years is not None:
            if _validity_allowed(rule, row.validity_years, age, military_service_pending) is False:
                continue
        for pages in row.page_choices or (None,):
            key = (row.kind, row.validity_years, pages)
            if key in seen:
                continue
            seen.add(key)
            label = f"{row.label} {pages}면" if row.any_pages else row.label
            options.append(PassportOption(row.kind, row.validity_years, pages, label))
    return options
