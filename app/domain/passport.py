"""Passport (여권) rules for the counter: fees by period, required documents, emergency-passport eligibility.

Every figure (fees, contributions, age limits, the 3-hour target, habitual-loss thresholds, texts)
comes from ``resources/data/passport_fees.toml`` and ``resources/data/passport_documents.toml``.
Times are timezone-aware; the date that picks a table is the date in Asia/Seoul.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from app.domain.calendar import SEOUL
from app.domain.effective import in_force, pick_in_force
from app.domain.identity import full_years
from app.resources import DataFileError, load_data

KIND_MULTIPLE = "복수"
KIND_SINGLE = "단수"
KIND_EMERGENCY = "긴급"
KIND_REMAINING = "잔여유효기간"
KINDS: tuple[str, ...] = (KIND_MULTIPLE, KIND_SINGLE, KIND_EMERGENCY, KIND_REMAINING)

_KIND_NAMES = {
    KIND_MULTIPLE: "복수여권",
    KIND_SINGLE: "단수여권",
    KIND_EMERGENCY: "긴급여권",
    KIND_REMAINING: "잔여유효기간 부여 여권",
}

PROXY_LEGAL_REP = "법정대리인"
PROXY_SPOUSE = "배우자"
PROXY_RELATIVE = "2촌 이내 친족"
PROXY_RELATIONS: tuple[str, ...] = (PROXY_LEGAL_REP, PROXY_SPOUSE, PROXY_RELATIVE)
_MINOR_PROXIES = (PROXY_LEGAL_REP, PROXY_RELATIVE)

_FEES = "passport_fees"
_DOCUMENTS = "passport_documents"


class PassportRuleError(ValueError):
    """A passport request that the rules do not allow, or bad input; the message is Korean."""


# --------------------------------------------------------------------------- shared helpers


def _aware_seoul(moment: datetime, what: str) -> datetime:
    if not isinstance(moment, datetime):
        raise PassportRuleError(f"{what}은(는) 날짜와 시각(datetime)이어야 합니다.")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise PassportRuleError(
            f"{what}에 시간대 정보가 없습니다. 서울 시각(Asia/Seoul) 등 시간대가 있는 시각으로 입력하세요."
        )
    return moment.astimezone(SEOUL)


def _seoul_day(value: date | datetime, what: str) -> date:
    """A plain date as is; an aware datetime at its date in Seoul; a naive datetime is refused."""
    if isinstance(value, datetime):
        return _aware_seoul(value, what).date()
    if isinstance(value, date):
        return value
    raise PassportRuleError(f"{what}은(는) 날짜여야 합니다.")


def _check_age(age: Any) -> int:
    if isinstance(age, bool) or not isinstance(age, int):
        raise PassportRuleError("나이는 만 나이(정수)로 입력하세요.")
    if age < 0:
        raise PassportRuleError(f"나이는 0세 이상이어야 합니다 (입력: {age}세).")
    return age


def _pick(entries: Sequence[Mapping[str, Any]], day: date, what: str) -> Mapping[str, Any]:
    try:
        return pick_in_force(entries, day, what=what)
    except LookupError as exc:
        raise PassportRuleError(str(exc)) from None


def _entries(data: Mapping[str, Any], key: str, name: str) -> list[Mapping[str, Any]]:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise DataFileError(f"자료 파일 {name}.toml에 [[{key}]] 항목이 없습니다.")
    return value


def _int_field(entry: Mapping[str, Any], key: str, where: str, *, optional: bool = False) -> int | None:
    value = entry.get(key)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise DataFileError(f"{where}: '{key}'는 정수여야 합니다 (값: {value!r}).")
    return value


def _str_field(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(f"{where}: '{key}' 문구가 없습니다.")
    return value


# --------------------------------------------------------------------------- fees


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
    fee = _int_field(raw, "fee", where)
    contribution = _int_field(raw, "contribution", where)
    total = _int_field(raw, "total", where)
    assert fee is not None and contribution is not None and total is not None
    if fee < 0 or contribution < 0 or fee + contribution != total:
        raise DataFileError(
            f"{where}: 발급수수료 {fee} + 국제교류기여금 {contribution} 이(가) 합계 {total}과(와) 다릅니다."
        )
    reduced = raw.get("reduced", False)
    if not isinstance(reduced, bool) or (reduced and kind != KIND_EMERGENCY):
        raise DataFileError(f"{where}: 감면(reduced)은 긴급여권 행에만 둘 수 있습니다.")
    return _FeeRow(
        kind=kind,
        validity_years=_int_field(raw, "validity_years", where, optional=True),
        pages=_int_field(raw, "pages", where, optional=True),
        min_age=_int_field(raw, "min_age", where, optional=True),
        max_age=_int_field(raw, "max_age", where, optional=True),
        reduced=reduced,
        fee=fee,
        contribution=contribution,
        total=total,
        label=_str_field(raw, "label", where),
        verified=bool(raw.get("verified", True)),
    )


@lru_cache(maxsize=1)
def _fee_data() -> tuple[
    list[Mapping[str, Any]], dict[int, _FeeTable], list[Mapping[str, Any]], dict[int, _ValidityRule]
]:
    """Raw entries (for pick_in_force) and their parsed, checked forms keyed by ``id(raw)``."""
    data = load_data(_FEES)
    raw_tables = _entries(data, "tables", _FEES)
    tables: dict[int, _FeeTable] = {}
    for raw in raw_tables:
        name = _str_field(raw, "name", f"{_FEES}.toml [[tables]]")
        rows = raw.get("rows")
        if not isinstance(rows, list) or not rows:
            raise DataFileError(f"{_FEES}.toml '{name}': 행(rows)이 없습니다.")
        parsed = tuple(_parse_row(r, f"{_FEES}.toml '{name}' {i + 1}번째 행") for i, r in enumerate(rows))
        tables[id(raw)] = _FeeTable(name=name, verified=bool(raw.get("verified", False)), rows=parsed)
    raw_rules = _entries(data, "validity_rules", _FEES)
    rules: dict[int, _ValidityRule] = {}
    for raw in raw_rules:
        where = f"{_FEES}.toml [[validity_rules]]"
        ten = _int_field(raw, "ten_year_min_age", where)
        five = _int_field(raw, "five_year_max_age", where)
        assert ten is not None and five is not None
        rules[id(raw)] = _ValidityRule(
            name=_str_field(raw, "name", where),
            ten_year_min_age=ten,
            five_year_max_age=five,
            military_pending_five_year=bool(raw.get("military_pending_five_year", False)),
            verified=bool(raw.get("verified", False)),
        )
    return raw_tables, tables, raw_rules, rules


def _fee_table_on(day: date) -> _FeeTable:
    raw_tables, tables, _, _ = _fee_data()
    return tables[id(_pick(raw_tables, day, "여권 수수료표"))]


def _validity_rule_on(day: date) -> _ValidityRule:
    _, _, raw_rules, rules = _fee_data()
    return rules[id(_pick(raw_rules, day, "여권 유효기간 규칙"))]


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


def _validity_refusal(rule: _ValidityRule, years: int, age: int) -> str:
    if years == 10:
        return (
            f"10년 복수여권은 만 {rule.ten_year_min_age}세 이상만 발급받을 수 있습니다 "
            f"(여권법 시행령 제6조). 만 {age}세는 5년 복수여권을 신청하세요."
        )
    return (
        f"만 {rule.five_year_max_age + 1}세 이상은 복수여권을 10년으로만 발급받습니다 "
        f"(여권법 시행령 제6조; 입력: 만 {age}세, 5년)."
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
    applied_at: datetime,
    reduced: bool = False,
    military_service_pending: bool = False,
) -> PassportFee:
    """The fee in force at ``applied_at`` for this passport and the applicant's age in full years.

    ``kind`` is one of 복수, 단수, 긴급, 잔여유효기간. 복수여권 needs ``validity_years`` (10 from age 18,
    5 under 18: 여권법 시행령 제6조) and ``pages`` (58 or 26); 잔여유효기간 needs ``pages``; 단수 and
    긴급 take neither (단수 may say ``validity_years=1``). ``reduced`` is the 긴급여권 rate for a
    relative's death or critical illness. ``military_service_pending`` lets an adult who has not done
    military service take a 5-year passport while the rule in force allowed that (until 2025-04-30).
    Raises PassportRuleError (a ValueError) with a Korean message for a combination that does not exist.
    """
    day = _aware_seoul(applied_at, "신청 시각").date()
    if kind not in KINDS:
        raise PassportRuleError(f"알 수 없는 여권 종류입니다: {kind!r}. 복수·단수·긴급·잔여유효기간 중에서 고르세요.")
    age = _check_age(age)
    if reduced and kind != KIND_EMERGENCY:
        raise PassportRuleError("친족 사망·위독 감면 수수료는 긴급여권에만 적용됩니다.")
    name = _KIND_NAMES[kind]

    table = _fee_table_on(day)
    rows = [r for r in table.rows if r.kind == kind and r.reduced == reduced]
    if not rows:
        raise PassportRuleError(f"'{table.name}'에 {name} 수수료가 없습니다.")

    valid_years = {r.validity_years for r in rows}
    if kind == KIND_SINGLE and validity_years == 1:
        validity_years = None  # 단수여권 is "1년 이내": saying 1 is the same request
    if validity_years not in valid_years:
        if valid_years == {None}:
            raise PassportRuleError(f"{name}은(는) 유효기간을 고를 수 없습니다 (입력: {validity_years}년).")
        if validity_years is None:
            raise PassportRuleError(f"{name}의 유효기간을 고르세요: {_fmt_choices(valid_years, '년')}.")
        raise PassportRuleError(
            f"{name}의 유효기간은 {_fmt_choices(valid_years, '년')}입니다 (입력: {validity_years}년)."
        )
    rows = [r for r in rows if r.validity_years == validity_years]

    valid_pages = {r.pages for r in rows}
    if pages not in valid_pages:
        if valid_pages == {None}:
            raise PassportRuleError(f"{name}은(는) 면수를 고를 수 없습니다 (입력: {pages}면).")
        if pages is None:
            raise PassportRuleError(f"{name}의 면수를 고르세요: {_fmt_choices(valid_pages, '면')}.")
        raise PassportRuleError(f"여권 면수는 {_fmt_choices(valid_pages, '면')}입니다 (입력: {pages}면).")
    rows = [r for r in rows if r.pages == pages]

    verified = table.verified
    if kind == KIND_MULTIPLE and validity_years is not None:
        rule = _validity_rule_on(day)
        allowed = _validity_allowed(rule, validity_years, age, military_service_pending)
        if allowed is False:
            raise PassportRuleError(_validity_refusal(rule, validity_years, age))
        if allowed is None:
            verified = verified and rule.verified

    matching = [r for r in rows if r.fits_age(age)]
    if not matching:
        raise PassportRuleError(f"만 {age}세에 해당하는 {name} 수수료가 '{table.name}'에 없습니다.")
    row = matching[0]
    return PassportFee(
        kind=kind,
        validity_years=validity_years,
        pages=pages,
        reduced=reduced,
        fee=row.fee,
        contribution=row.contribution,
        total=row.total,
        table=table.name,
        label=row.label,
        verified=verified and row.verified,
    )


def age_at(birth_date: date, applied_at: datetime | date) -> int:
    """만 나이 on the day of application (the day in Seoul when ``applied_at`` is a datetime)."""
    day = _seoul_day(applied_at, "신청 시각")
    if isinstance(birth_date, datetime) or not isinstance(birth_date, date):
        raise PassportRuleError("생년월일은 날짜로 입력하세요.")
    if birth_date > day:
        raise PassportRuleError(f"생년월일({birth_date.isoformat()})이 신청일({day.isoformat()})보다 뒤입니다.")
    return full_years(birth_date, day)


def validity_options(age: int, *, on: date | datetime, military_service_pending: bool = False) -> list[PassportOption]:
    """The passports (kind, validity, pages) someone of ``age`` may apply for on ``on``, in table order.

    The reduced emergency rate is not a separate option: it is ``reduced=True`` on 긴급.
    """
    age = _check_age(age)
    day = _seoul_day(on, "기준일")
    table = _fee_table_on(day)
    rule = _validity_rule_on(day)
    seen: set[tuple[str, int | None, int | None]] = set()
    options: list[PassportOption] = []
    for row in table.rows:
        if row.reduced or not row.fits_age(age):
            continue
        if row.kind == KIND_MULTIPLE and row.validity_years is not None:
            if _validity_allowed(rule, row.validity_years, age, military_service_pending) is False:
                continue
        key = (row.kind, row.validity_years, row.pages)
        if key in seen:
            continue
        seen.add(key)
        options.append(PassportOption(row.kind, row.validity_years, row.pages, row.label))
    return options


# --------------------------------------------------------------------------- required documents


@dataclass(frozen=True, slots=True)
class ApplicantSituation:
    """What the checklist depends on. ``age`` is in full years on the day of application.

    ``applying_in_person``: the applicant comes to the counter. Otherwise ``proxy_relation`` says who
    comes (법정대리인, 배우자, 2촌 이내 친족). ``birth_year`` (optional) makes the military-age check
    exact, because military-service age counts calendar years (연 나이), not full years.
    """

    age: int
    sex: str  # "M"/"F" (or 남/여)
    applying_in_person: bool = True
    proxy_relation: str | None = None
    illness_or_disability: bool = False
    has_valid_passport: bool = False
    name_changed: bool = False
    emergency: bool = False
    reduced_fee_claim: bool = False
    birth_year: int | None = None


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One line of the required-documents checklist (구비서류)."""

    key: str
    text: str
    why: str  # the rule behind it, in Korean
    required: bool  # False: may be omitted in some cases, or a notice only
    verified: bool
    source: str


@dataclass(frozen=True, slots=True)
class _ApplicationRules:
    minor_below_age: int
    military_year_age_from: int
    military_year_age_to: int


_CONDITIONS = frozenset(
    {
        "always",
        "normal",
        "emergency",
        "in_person",
        "proxy",
        "minor",
        "adult",
        "by_legal_rep",
        "by_relative",
        "valid_passport",
        "name_changed",
        "military_age",
        "reduced_fee",
    }
)


@lru_cache(maxsize=1)
def _document_data() -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    data = load_data(_DOCUMENTS)
    items = _entries(data, "items", _DOCUMENTS)
    for raw in items:
        key = _str_field(raw, "id", f"{_DOCUMENTS}.toml [[items]]")
        where = f"{_DOCUMENTS}.toml 항목 '{key}'"
        _str_field(raw, "text", where)
        _str_field(raw, "why", where)
        when = raw.get("when")
        if not isinstance(when, list) or not when:
            raise DataFileError(f"{where}: 조건(when)이 없습니다.")
        for cond in when:
            if not isinstance(cond, str) or cond.removeprefix("!") not in _CONDITIONS:
                raise DataFileError(f"{where}: 알 수 없는 조건 {cond!r}")
        if not isinstance(raw.get("required"), bool):
            raise DataFileError(f"{where}: required는 true/false여야 합니다.")
    rules = _entries(data, "application_rules", _DOCUMENTS)
    for raw in rules:
        for field in ("minor_below_age", "military_year_age_from", "military_year_age_to"):
            _int_field(raw, field, f"{_DOCUMENTS}.toml [[application_rules]]")
    return items, rules


def _application_rules_on(day: date) -> _ApplicationRules:
    _, rules = _document_data()
    raw = _pick(rules, day, "여권 신청 나이 기준")
    return _ApplicationRules(
        minor_below_age=int(raw["minor_below_age"]),
        military_year_age_from=int(raw["military_year_age_from"]),
        military_year_age_to=int(raw["military_year_age_to"]),
    )


def _normal_sex(sex: str) -> str:
    mapping = {"M": "M", "F": "F", "남": "M", "여": "F"}
    if sex not in mapping:
        raise PassportRuleError(f"성별은 남(M) 또는 여(F)로 입력하세요 (입력: {sex!r}).")
    return mapping[sex]


def _is_military_age(s: ApplicantSituation, sex: str, day: date, rules: _ApplicationRules) -> bool:
    if sex != "M":
        return False
    low, high = rules.military_year_age_from, rules.military_year_age_to
    if s.birth_year is not None:
        return low <= day.year - s.birth_year <= high
    # without the birth year, 연 나이 is the full-years age or one more: show the notice when either fits
    return s.age + 1 >= low and s.age <= high


def _check_situation(s: ApplicantSituation, minor: bool, adult_age: int) -> None:
    if s.reduced_fee_claim and not s.emergency:
        raise PassportRuleError("친족 사망·위독 감면은 긴급여권 신청에만 해당합니다.")
    if s.applying_in_person:
        if s.proxy_relation is not None:
            raise PassportRuleError("본인이 직접 신청하는 경우에는 대리인 관계를 비워 두세요.")
        return
    if s.proxy_relation is None:
        raise PassportRuleError("대리 신청이면 신청하러 온 사람과 신청인의 관계를 고르세요.")
    if s.proxy_relation not in PROXY_RELATIONS:
        raise PassportRuleError(
            f"알 수 없는 대리인 관계입니다: {s.proxy_relation!r}. {', '.join(PROXY_RELATIONS)} 중에서 고르세요."
        )
    if minor:
        if s.proxy_relation not in _MINOR_PROXIES:
            raise PassportRuleError(
                "미성년자의 여권은 법정대리인 또는 법정대리인의 위임을 받은 2촌 이내 친족이 대신 신청할 수 있습니다."
            )
        return
    if not s.illness_or_disability:
        raise PassportRuleError(
            f"만 {adult_age}세 이상은 본인이 직접 신청해야 합니다. "
            "질병·장애로 직접 올 수 없는 경우에만 대리 신청이 됩니다."
        )


def required_documents(situation: ApplicantSituation, *, on: date | datetime) -> list[ChecklistItem]:
    """The checklist (구비서류) for this applicant on ``on``, in the data file's order.

    Raises PassportRuleError when the situation is not allowed (for example an adult who is neither
    coming in person nor prevented by illness or disability).
    """
    s = situation
    age = _check_age(s.age)
    sex = _normal_sex(s.sex)
    day = _seoul_day(on, "기준일")
    rules = _application_rules_on(day)
    minor = age < rules.minor_below_age
    _check_situation(s, minor, rules.minor_below_age)
    facts = {
        "always": True,
        "normal": not s.emergency,
        "emergency": s.emergency,
        "in_person": s.applying_in_person,
        "proxy": not s.applying_in_person,
        "minor": minor,
        "adult": not minor,
        "by_legal_rep": not s.applying_in_person and s.proxy_relation == PROXY_LEGAL_REP,
        "by_relative": not s.applying_in_person and s.proxy_relation == PROXY_RELATIVE,
        "valid_passport": s.has_valid_passport,
        "name_changed": s.name_changed,
        "military_age": _is_military_age(s, sex, day, rules),
        "reduced_fee": s.reduced_fee_claim,
    }

    def holds(cond: str) -> bool:
        if cond.startswith("!"):
            return not facts[cond[1:]]
        return facts[cond]

    items, _ = _document_data()
    checklist: list[ChecklistItem] = []
    for raw in in_force(items, day):
        if all(holds(c) for c in raw["when"]):
            checklist.append(
                ChecklistItem(
                    key=str(raw["id"]),
                    text=str(raw["text"]),
                    why=str(raw["why"]),
                    required=bool(raw["required"]),
                    verified=bool(raw.get("verified", False)),
                    source=str(raw.get("source", "")),
                )
            )
    return checklist


# --------------------------------------------------------------------------- emergency passport


@dataclass(frozen=True, slots=True)
class Eligibility:
    """Whether an emergency passport (긴급여권) may be taken; ``reasons`` say why not (Korean)."""

    eligible: bool
    reasons: tuple[str, ...]
    warning: str  # what the clerk must tell the applicant about the destination country
    losses: tuple[tuple[int, int], ...]  # (years, losses counted within them)
    rule: str
    verified: bool


@dataclass(frozen=True, slots=True)
class _EmergencyRule:
    name: str
    processing_hours: float
    destination_warning: str
    habitual_loss: tuple[tuple[int, int], ...]  # (years, count), shortest window first
    verified: bool


@lru_cache(maxsize=1)
def _emergency_data() -> tuple[list[Mapping[str, Any]], dict[int, _EmergencyRule]]:
    data = load_data(_DOCUMENTS)
    raws = _entries(data, "emergency_rules", _DOCUMENTS)
    parsed: dict[int, _EmergencyRule] = {}
    for raw in raws:
        where = f"{_DOCUMENTS}.toml [[emergency_rules]]"
        hours = raw.get("processing_hours")
        if isinstance(hours, bool) or not isinstance(hours, int | float) or hours <= 0:
            raise DataFileError(f"{where}: processing_hours는 0보다 큰 수여야 합니다.")
        windows = raw.get("habitual_loss")
        if not isinstance(windows, list) or not windows:
            raise DataFileError(f"{where}: 상습 분실 기준(habitual_loss)이 없습니다.")
        pairs = []
        for w in windows:
            years = _int_field(w, "years", where)
            count = _int_field(w, "count", where)
            assert years is not None and count is not None
            if years <= 0 or count <= 0:
                raise DataFileError(f"{where}: 상습 분실 기준의 years·count는 1 이상이어야 합니다.")
            pairs.append((years, count))
        parsed[id(raw)] = _EmergencyRule(
            name=_str_field(raw, "name", where),
            processing_hours=float(hours),
            destination_warning=_str_field(raw, "destination_warning", where),
            habitual_loss=tuple(sorted(pairs)),
            verified=bool(raw.get("verified", False)),
        )
    return raws, parsed


def _emergency_rule_on(day: date) -> _EmergencyRule:
    raws, parsed = _emergency_data()
    return parsed[id(_pick(raws, day, "긴급여권 기준"))]


def _years_back(day: date, years: int) -> date:
    """The same date ``years`` years earlier; 29 February goes to 28 February (민법 제160조 제3항)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def emergency_eligibility(
    *,
    identity_verified: bool,
    reason: str,
    loss_dates: Iterable[date],
    on: date,
    declared_losses_1y: int | None = None,
    declared_losses_5y: int | None = None,
) -> Eligibility:
    """Check an emergency-passport request before payment.

    Refused when identity is not verified, no reason is stated, or the applicant is a habitual loser:
    a loss counts in an N-year window when it happened on or after the same date N years before ``on``
    (a loss exactly one year before counts). ``loss_dates`` are all recorded loss reports (분실 신고),
    including one made today; the declared counts are the applicant's answers, and for each window the
    higher of recorded and declared is used (a loss declared within 1 year also lies within 5 years).
    """
    day = _seoul_day(on, "기준일")
    rule = _emergency_rule_on(day)
    dates = [_seoul_day(d, "분실일") for d in loss_dates]
    future = [d for d in dates if d > day]
    if future:
        raise PassportRuleError(f"분실일({future[0].isoformat()})이 신청일({day.isoformat()})보다 뒤입니다.")
    declared: dict[int, int] = {}
    for years, value in ((1, declared_losses_1y), (5, declared_losses_5y)):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise PassportRuleError("신청인이 답한 분실 횟수는 0 이상의 정수여야 합니다.")
        declared[years] = value

    reasons: list[str] = []
    if not identity_verified:
        reasons.append("본인 여부를 확인할 수 없어 긴급여권을 발급할 수 없습니다.")
    if not isinstance(reason, str) or not reason.strip():
        reasons.append("긴급여권은 긴급한 발급 사유가 있어야 합니다. 사유를 적으세요.")

    counted: list[tuple[int, int]] = []
    for years, threshold in rule.habitual_loss:
        start = _years_back(day, years)
        recorded = sum(1 for d in dates if start <= d <= day)
        answered = max((n for y, n in declared.items() if y <= years), default=0)
        count = max(recorded, answered)
        counted.append((years, count))
        if count >= threshold:
            reasons.append(
                f"상습 분실자에 해당합니다: 최근 {years}년 이내 여권 분실 {count}회 "
                f"(기준: {years}년 이내 {threshold}회 이상). 긴급여권을 발급할 수 없습니다."
            )
    return Eligibility(
        eligible=not reasons,
        reasons=tuple(reasons),
        warning=rule.destination_warning,
        losses=tuple(counted),
        rule=rule.name,
        verified=rule.verified,
    )


def emergency_warning(on: date | datetime) -> str:
    """The notice about the destination country that the clerk must give (from the data file)."""
    return _emergency_rule_on(_seoul_day(on, "기준일")).destination_warning


def emergency_due_at(received_at: datetime) -> datetime:
    """The moment an emergency passport is due: receipt + the processing target (3 hours), in Seoul time."""
    seoul = _aware_seoul(received_at, "접수 시각")
    rule = _emergency_rule_on(seoul.date())
    # elapsed time, not wall-clock time: go through UTC
    due = seoul.astimezone(UTC) + timedelta(hours=rule.processing_hours)
    return due.astimezone(SEOUL)


# --------------------------------------------------------------------------- keeping and proof periods

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
    day = _seoul_day(on, "기준일")
    raw = _pick(_entries(load_data(_RULES), "keeping", _RULES), day, "여권 보관 기준")
    where = f"{_RULES}.toml [[keeping]]"
    months = _int_field(raw, "keeping_months", where)
    notice = _int_field(raw, "uncollected_notice_days", where)
    proof = _int_field(raw, "reduced_proof_months", where)
    assert months is not None and notice is not None and proof is not None
    if months <= 0 or notice <= 0 or proof <= 0:
        raise DataFileError(f"{where}: 기간은 1 이상이어야 합니다.")
    return KeepingRule(
        name=_str_field(raw, "name", where),
        keeping_months=months,
        uncollected_notice_days=notice,
        reduced_proof_months=proof,
        source=str(raw.get("source", "")),
        verified=bool(raw.get("verified", False)),
    )


def _months_after(day: date, months: int) -> date:
    """The same-numbered day ``months`` later, or the last day of that month (민법 제160조)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def keeping_ends_on(issued_on: date | datetime) -> date:
    """The last day an issued passport may still be collected (발급일부터 6개월; the issue day not counted)."""
    day = _seoul_day(issued_on, "발급일")
    return _months_after(day, keeping_rule(day).keeping_months)


def past_keeping_period(issued_on: date | datetime, today: date | datetime) -> bool:
    """True once the passport has lost effect for not being collected (여권법 제13조 제1항 제2호)."""
    return _seoul_day(today, "기준일") > keeping_ends_on(issued_on)


def reduced_proof_due(received_at: date | datetime) -> date:
    """The last day the proof for the reduced emergency fee may be brought (접수일부터 6개월)."""
    day = _seoul_day(received_at, "접수일")
    return _months_after(day, keeping_rule(day).reduced_proof_months)
