"""Tests for app.domain.passport: fees by period, checklists, emergency-passport rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from app.domain import passport as pp
from app.domain.calendar import SEOUL
from app.domain.effective import ends_before, starts_at
from app.domain.passport import (
    ApplicantSituation,
    PassportRuleError,
    age_at,
    emergency_due_at,
    emergency_eligibility,
    emergency_warning,
    fees,
    passport_fee,
    required_documents,
    status,
    validity_options,
)
from app.resources import DataFileError, load_data

HANGUL = re.compile(r"[가-힣]")


def kst(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SEOUL)


# The instants around each change, and which period they fall in: the 2024 change at 00:00 on 2024-07-01,
# the 2026 increase for applications from 09:00 on 2026-03-01 (외교부: "3월 1일 오전 9시 접수분부터").
P1_LAST = kst("2024-06-30T23:59:59")
P2_FIRST = kst("2024-07-01T00:00:00")
P2_LAST = kst("2026-03-01T08:59:59")
P3_FIRST = kst("2026-03-01T09:00:00")
PERIOD_INSTANTS = {
    "P1": [P1_LAST, kst("2022-05-02T10:00")],
    "P2": [P2_FIRST, kst("2026-02-28T23:59:59"), kst("2026-03-01T00:00"), P2_LAST],
    "P3": [P3_FIRST],
}
TABLE_NAMES = {
    "P1": "여권 수수료 (2024-06-30까지)",
    "P2": "여권 수수료 (2024-07-01 시행)",
    "P3": "여권 수수료 (2026-03-01 시행)",
}

# DOMAIN.md "Passports" table: (kind, validity, pages, ages, reduced) -> total per period.
ADULT, MINOR_8_UP, UNDER_8 = (18, 30, 80), (8, 12, 17), (0, 3, 7)
DOMAIN_TOTALS: list[tuple[str, int | None, int | None, tuple[int, ...], bool, dict[str, int]]] = [
    ("복수", 10, 58, ADULT, False, {"P1": 53000, "P2": 50000, "P3": 52000}),
    ("복수", 10, 26, ADULT, False, {"P1": 50000, "P2": 47000, "P3": 49000}),
    ("복수", 5, 58, MINOR_8_UP, False, {"P1": 45000, "P2": 42000, "P3": 44000}),
    ("복수", 5, 26, MINOR_8_UP, False, {"P1": 42000, "P2": 39000, "P3": 41000}),
    ("복수", 5, 58, UNDER_8, False, {"P1": 33000, "P2": 33000, "P3": 35000}),
    ("복수", 5, 26, UNDER_8, False, {"P1": 30000, "P2": 30000, "P3": 32000}),
    ("단수", None, None, UNDER_8 + MINOR_8_UP + ADULT, False, {"P1": 20000, "P2": 15000, "P3": 17000}),
    ("긴급", None, None, UNDER_8 + MINOR_8_UP + ADULT, False, {"P1": 53000, "P2": 48000, "P3": 50000}),
    ("긴급", None, None, (5, 40), True, {"P1": 20000, "P2": 15000, "P3": 17000}),
    ("잔여유효기간", None, 58, (5, 40), False, {"P1": 25000, "P2": 25000, "P3": 27000}),
    ("잔여유효기간", None, 26, (5, 40), False, {"P1": 25000, "P2": 25000, "P3": 27000}),
    # the same for 58 and 26 pages, so no page count is needed
    ("잔여유효기간", None, None, (5, 40), False, {"P1": 25000, "P2": 25000, "P3": 27000}),
    # 5년 미만 복수여권 (26면): 15,000 with no contribution; 2026 figure an estimate (unverified)
    ("5년미만복수", None, 26, UNDER_8 + MINOR_8_UP + ADULT, False, {"P1": 15000, "P2": 15000, "P3": 17000}),
]

# The international-exchange contribution each period charges (한국국제교류재단법 시행령 제5조):
# 10-year 15,000 -> 12,000; 5-year age 8+ 12,000 -> 9,000; 단수·긴급 5,000 -> exempt; under 8 none.
CONTRIBUTIONS = {
    ("복수", 10, True): {"P1": 15000, "P2": 12000, "P3": 12000},
    ("복수", 5, True): {"P1": 12000, "P2": 9000, "P3": 9000},
    ("복수", 5, False): {"P1": 0, "P2": 0, "P3": 0},
    ("단수", None, None): {"P1": 5000, "P2": 0, "P3": 0},
    ("긴급", None, None): {"P1": 5000, "P2": 0, "P3": 0},
    ("잔여유효기간", None, None): {"P1": 0, "P2": 0, "P3": 0},
    ("5년미만복수", None, None): {"P1": 0, "P2": 0, "P3": 0},
}


def _fee_cases() -> list[Any]:
    return list(_iter_fee_cases())


def _iter_fee_cases() -> Iterator[Any]:
    for kind, years, pages, ages, reduced, totals in DOMAIN_TOTALS:
        for period, expected in totals.items():
            for moment in PERIOD_INSTANTS[period]:
                for age in ages:
                    yield pytest.param(
                        kind,
                        years,
                        pages,
                        age,
                        reduced,
                        moment,
                        period,
                        expected,
                        id=f"{kind}-{years}y-{pages}p-{'r-' if reduced else ''}age{age}-{moment:%Y%m%d%H%M}",
                    )


@pytest.mark.parametrize(("kind", "years", "pages", "age", "reduced", "moment", "period", "total"), _fee_cases())
def test_totals_agree_with_domain(
    kind: str,
    years: int | None,
    pages: int | None,
    age: int,
    reduced: bool,
    moment: datetime,
    period: str,
    total: int,
) -> None:
    fee = passport_fee(kind, validity_years=years, pages=pages, age=age, applied_at=moment, reduced=reduced)
    assert fee.total == total
    assert fee.fee + fee.contribution == fee.total
    assert fee.fee > 0 and fee.contribution >= 0
    assert fee.table == TABLE_NAMES[period]
    assert (fee.kind, fee.validity_years, fee.pages, fee.reduced) == (kind, years, pages, reduced)
    if kind == "복수":
        contribution = CONTRIBUTIONS[(kind, years, years == 10 or age >= 8)][period]
    else:
        contribution = CONTRIBUTIONS[(kind, None, None)][period]
    assert fee.contribution == contribution


@pytest.mark.parametrize(
    ("moment", "fee", "contribution"),
    [
        # the splits DOMAIN.md states outright
        (P1_LAST, 38000, 15000),
        (P2_FIRST, 38000, 12000),
        (P3_FIRST, 40000, 12000),
    ],
)
def test_ten_year_58_split_as_in_domain(moment: datetime, fee: int, contribution: int) -> None:
    result = passport_fee("복수", validity_years=10, pages=58, age=40, applied_at=moment)
    assert (result.fee, result.contribution) == (fee, contribution)
    assert result.label == "복수여권 10년 58면"


def test_single_split_before_july_2024() -> None:
    result = passport_fee("단수", age=30, applied_at=P1_LAST)
    assert (result.fee, result.contribution, result.total) == (15000, 5000, 20000)


@pytest.mark.parametrize(
    ("moment", "table"),
    [
        (P1_LAST, TABLE_NAMES["P1"]),
        (P2_FIRST, TABLE_NAMES["P2"]),
        # the Seoul date decides, not the UTC date
        (datetime(2024, 6, 30, 14, 59, 59, tzinfo=UTC), TABLE_NAMES["P1"]),
        (datetime(2024, 6, 30, 15, 0, 0, tzinfo=UTC), TABLE_NAMES["P2"]),
        (P2_LAST, TABLE_NAMES["P2"]),
        (P3_FIRST, TABLE_NAMES["P3"]),
        # 09:00 in Seoul is 00:00 UTC: the Seoul time decides
        (datetime(2026, 3, 1, 0, 0, tzinfo=UTC), TABLE_NAMES["P3"]),
        (datetime(2026, 2, 28, 23, 59, 59, tzinfo=UTC), TABLE_NAMES["P2"]),
        (datetime(2026, 2, 28, 15, 0, tzinfo=UTC), TABLE_NAMES["P2"]),
    ],
)
def test_boundaries_follow_the_seoul_time(moment: datetime, table: str) -> None:
    assert passport_fee("복수", validity_years=10, pages=26, age=30, applied_at=moment).table == table


def test_verified_flags() -> None:
    for period, moments in PERIOD_INSTANTS.items():
        for kind, years, pages, ages, reduced, _ in DOMAIN_TOTALS:
            fee = passport_fee(
                kind, validity_years=years, pages=pages, age=ages[-1], applied_at=moments[0], reduced=reduced
            )
            # unconfirmed from 2026-03-01: the reduced emergency rate (DOMAIN.md) and the 5년 미만 복수여권
            unconfirmed = period == "P3" and (reduced or kind == "5년미만복수")
            assert fee.verified == (not unconfirmed), (period, kind, reduced)


def test_single_accepts_one_year() -> None:
    assert passport_fee("단수", validity_years=1, age=30, applied_at=P3_FIRST).total == 17000


# --- age in full years --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "moment", "age", "total"),
    [
        (date(2018, 3, 10), kst("2026-03-10T09:00"), 8, 44000),  # turns 8 today: the 8+ rate
        (date(2018, 3, 10), kst("2026-03-09T17:59"), 7, 35000),  # the day before: under 8
        # 00:30 in Seoul is still the birthday even though it is the previous day in UTC
        (date(2018, 3, 10), datetime(2026, 3, 9, 15, 30, tzinfo=UTC), 8, 44000),
        (date(2016, 7, 1), P1_LAST, 7, 33000),
        (date(2016, 7, 1), P2_FIRST, 8, 42000),
        (date(2016, 2, 29), kst("2024-02-28T10:00"), 7, 33000),
        (date(2016, 2, 29), kst("2024-02-29T10:00"), 8, 45000),
    ],
)
def test_age_counted_in_full_years_at_application(born: date, moment: datetime, age: int, total: int) -> None:
    assert age_at(born, moment) == age
    fee = passport_fee("복수", validity_years=5, pages=58, age=age_at(born, moment), applied_at=moment)
    assert fee.total == total


def test_leap_day_birthday_counts_on_first_of_march() -> None:
    assert age_at(date(2016, 2, 29), date(2023, 2, 28)) == 6
    assert age_at(date(2016, 2, 29), date(2023, 3, 1)) == 7


def test_ten_year_passport_from_the_18th_birthday() -> None:
    born = date(2008, 3, 10)
    on_birthday = kst("2026-03-10T09:00")
    assert (
        passport_fee("복수", validity_years=10, pages=58, age=age_at(born, on_birthday), applied_at=on_birthday).total
        == 52000
    )
    day_before = kst("2026-03-09T09:00")
    with pytest.raises(ValueError, match="18세"):
        passport_fee("복수", validity_years=10, pages=58, age=age_at(born, day_before), applied_at=day_before)
    # and the day before, the 5-year passport is the one to take
    assert passport_fee("복수", validity_years=5, pages=58, age=17, applied_at=day_before).total == 44000


def test_age_at_refuses_naive_and_future_birth() -> None:
    with pytest.raises(ValueError, match="시간대"):
        age_at(date(2000, 1, 1), datetime(2026, 3, 1, 10, 0))
    with pytest.raises(ValueError, match="생년월일"):
        age_at(date(2027, 1, 1), kst("2026-03-01T10:00"))


# --- invalid combinations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"kind": "관용", "age": 30}, "여권 종류"),
        ({"kind": "복수", "validity_years": 7, "pages": 58, "age": 30}, "10년 또는 5년"),
        ({"kind": "복수", "pages": 58, "age": 30}, "유효기간을 고르세요"),
        ({"kind": "복수", "validity_years": 10, "pages": 30, "age": 30}, "58면 또는 26면"),
        ({"kind": "복수", "validity_years": 10, "age": 30}, "면수를 고르세요"),
        ({"kind": "복수", "validity_years": 10, "pages": 58, "age": 7}, "18세 이상만"),
        ({"kind": "복수", "validity_years": 10, "pages": 26, "age": 17}, "18세 이상만"),
        ({"kind": "복수", "validity_years": 5, "pages": 58, "age": 18}, "10년으로만"),
        ({"kind": "복수", "validity_years": 5, "pages": 26, "age": 45}, "10년으로만"),
        ({"kind": "단수", "pages": 58, "age": 30}, "면수를 고를 수 없습니다"),
        ({"kind": "단수", "validity_years": 5, "age": 30}, "유효기간을 고를 수 없습니다"),
        ({"kind": "긴급", "validity_years": 10, "age": 30}, "유효기간을 고를 수 없습니다"),
        ({"kind": "긴급", "pages": 26, "age": 30}, "면수를 고를 수 없습니다"),
        (
            {"kind": "잔여유효기간", "validity_years": 10, "pages": 58, "age": 30},
            "유효기간을 고를 수 없습니다",
        ),
        ({"kind": "잔여유효기간", "pages": 48, "age": 30}, "58면 또는 26면"),
        ({"kind": "5년미만복수", "pages": 58, "age": 30}, "26면입니다"),
        ({"kind": "5년미만복수", "validity_years": 5, "age": 30}, "유효기간을 고를 수 없습니다"),
        ({"kind": "복수", "validity_years": 5, "pages": 58, "age": -1}, "0세 이상"),
        ({"kind": "복수", "validity_years": 5, "pages": 58, "age": 7.5}, "정수"),
        ({"kind": "복수", "validity_years": 10, "pages": 58, "age": 30, "reduced": True}, "긴급여권에만"),
        ({"kind": "단수", "age": 30, "reduced": True}, "긴급여권에만"),
    ],
)
@pytest.mark.parametrize("moment", [P1_LAST, P2_FIRST, P3_FIRST])
def test_invalid_combinations_raise_korean_value_error(kwargs: dict[str, Any], fragment: str, moment: datetime) -> None:
    with pytest.raises(ValueError, match=fragment) as info:
        passport_fee(applied_at=moment, **kwargs)
    assert isinstance(info.value, PassportRuleError)
    assert HANGUL.search(str(info.value))


def test_naive_applied_at_is_refused_and_a_date_is_the_start_of_the_day() -> None:
    with pytest.raises(ValueError, match="시간대"):
        passport_fee("복수", validity_years=10, pages=58, age=30, applied_at=datetime(2026, 3, 1, 10, 0))
    # a bare date cannot tell 08:59 from 09:00: it means 00:00 that day, before the 2026 increase
    assert passport_fee("복수", validity_years=10, pages=58, age=30, applied_at=date(2026, 3, 1)).total == 50000
    assert passport_fee("복수", validity_years=10, pages=58, age=30, applied_at=date(2026, 3, 2)).total == 52000


def test_no_table_before_the_first_period() -> None:
    with pytest.raises(ValueError, match="2021-12-20"):
        passport_fee("복수", validity_years=10, pages=58, age=30, applied_at=kst("2021-12-20T10:00"))


@pytest.mark.parametrize(
    ("moment", "allowed", "total"),
    [
        (kst("2024-06-30T10:00"), True, 45000),
        (kst("2025-04-30T17:00"), True, 42000),
        (kst("2025-05-01T09:00"), False, None),
    ],
)
def test_military_pending_adult_five_year_until_april_2025(moment: datetime, allowed: bool, total: int | None) -> None:
    if allowed:
        fee = passport_fee("복수", validity_years=5, pages=58, age=26, applied_at=moment, military_service_pending=True)
        assert fee.total == total
        assert fee.label == "복수여권 5년 58면 (만 8세 이상)"
        assert fee.verified is False  # the 2021–2025 military rule is unconfirmed
    else:
        with pytest.raises(ValueError, match="10년으로만"):
            passport_fee("복수", validity_years=5, pages=58, age=26, applied_at=moment, military_service_pending=True)
    # without the flag an adult never gets a 5-year passport
    with pytest.raises(ValueError, match="10년으로만"):
        passport_fee("복수", validity_years=5, pages=58, age=26, applied_at=moment)
    # and 10 years stays possible (permit until 37, or after the change)
    assert (
        passport_fee(
            "복수", validity_years=10, pages=58, age=26, applied_at=moment, military_service_pending=True
        ).validity_years
        == 10
    )


# --- validity options ---------------------------------------------------------------------------


def _combos() -> list[tuple[str, int | None, int | None]]:
    return [
        ("복수", 10, 58),
        ("복수", 10, 26),
        ("복수", 5, 58),
        ("복수", 5, 26),
        ("단수", None, None),
        ("긴급", None, None),
        ("잔여유효기간", None, 58),
        ("잔여유효기간", None, 26),
        ("5년미만복수", None, 26),
    ]


@pytest.mark.parametrize("moment", [P1_LAST, P2_FIRST, P2_LAST, P3_FIRST])
@pytest.mark.parametrize("age", [0, 1, 7, 8, 9, 17, 18, 19, 37, 38, 100])
def test_options_are_exactly_the_combinations_with_a_fee(moment: datetime, age: int) -> None:
    options = {(o.kind, o.validity_years, o.pages) for o in validity_options(age, on=moment)}
    for combo in _combos():
        kind, years, pages = combo
        if combo in options:
            passport_fee(kind, validity_years=years, pages=pages, age=age, applied_at=moment)
        else:
            with pytest.raises(ValueError):
                passport_fee(kind, validity_years=years, pages=pages, age=age, applied_at=moment)
    multiple = {years for kind, years, _ in options if kind == "복수"}
    assert multiple == ({10} if age >= 18 else {5})
    assert ("단수", None, None) in options and ("긴급", None, None) in options


def test_options_labels_and_age_class() -> None:
    labels = [o.label for o in validity_options(7, on=date(2026, 3, 2))]
    assert labels[:2] == ["복수여권 5년 58면 (만 8세 미만)", "복수여권 5년 26면 (만 8세 미만)"]
    labels = [o.label for o in validity_options(8, on=date(2026, 3, 2))]
    assert labels[:2] == ["복수여권 5년 58면 (만 8세 이상)", "복수여권 5년 26면 (만 8세 이상)"]


def test_options_for_military_pending_adult() -> None:
    before = validity_options(26, on=date(2025, 4, 30), military_service_pending=True)
    after = validity_options(26, on=date(2025, 5, 1), military_service_pending=True)
    assert {(o.validity_years, o.pages) for o in before if o.kind == "복수"} == {
        (10, 58),
        (10, 26),
        (5, 58),
        (5, 26),
    }
    assert {(o.validity_years, o.pages) for o in after if o.kind == "복수"} == {(10, 58), (10, 26)}


def test_options_refuse_naive_datetime_and_negative_age() -> None:
    with pytest.raises(ValueError, match="시간대"):
        validity_options(30, on=datetime(2026, 3, 2, 10, 0))
    with pytest.raises(ValueError, match="0세 이상"):
        validity_options(-3, on=date(2026, 3, 2))


# --- emergency passport -------------------------------------------------------------------------

ON = date(2026, 3, 10)


def _eligibility(**overrides: Any) -> pp.Eligibility:
    args: dict[str, Any] = {
        "identity_verified": True,
        "reason": "부친 위독으로 오늘 밤 출국",
        "loss_dates": [],
        "on": ON,
    }
    args.update(overrides)
    return emergency_eligibility(**args)


def test_eligible_and_warning_comes_from_data() -> None:
    result = _eligibility(loss_dates=[ON])
    assert result.eligible and result.reasons == ()
    expected = load_data("passport_documents")["emergency_rules"][0]["destination_warning"]
    assert result.warning == expected == emergency_warning(ON)
    assert "긴급여권" in result.warning and "확인" in result.warning
    assert result.losses == ((1, 1), (5, 1))


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"identity_verified": False}, "본인 여부"),
        ({"reason": ""}, "사유"),
        ({"reason": "   \n"}, "사유"),
    ],
)
def test_refusals_say_why(overrides: dict[str, Any], fragment: str) -> None:
    result = _eligibility(**overrides)
    assert not result.eligible
    assert len(result.reasons) == 1 and fragment in result.reasons[0]


@pytest.mark.parametrize(
    ("losses", "habitual", "counts"),
    [
        ([date(2025, 3, 10), ON], True, ((1, 2), (5, 2))),  # exactly one year apart: within 1 year
        ([date(2025, 3, 9), ON], False, ((1, 1), (5, 2))),  # 366 days: not within 1 year
        ([date(2025, 3, 10)], False, ((1, 1), (5, 1))),
        ([date(2021, 3, 10), date(2023, 6, 1), ON], True, ((1, 1), (5, 3))),  # 3 within 5 years
        ([date(2021, 3, 9), date(2023, 6, 1), ON], False, ((1, 1), (5, 2))),  # the first is outside
        ([date(2021, 3, 10), date(2023, 6, 1)], False, ((1, 0), (5, 2))),
        ([date(2010, 1, 1), date(2012, 1, 1), date(2014, 1, 1), date(2016, 1, 1)], False, ((1, 0), (5, 0))),
    ],
)
def test_habitual_loser_boundaries(losses: list[date], habitual: bool, counts: tuple[Any, ...]) -> None:
    result = _eligibility(loss_dates=losses)
    assert result.eligible is not habitual
    assert result.losses == counts
    if habitual:
        assert any("상습 분실자" in r for r in result.reasons)


@pytest.mark.parametrize(
    ("losses", "declared_1y", "declared_5y", "eligible", "counts"),
    [
        ([], 2, None, False, ((1, 2), (5, 2))),
        ([], None, 3, False, ((1, 0), (5, 3))),
        ([], 1, 2, True, ((1, 1), (5, 2))),
        ([date(2024, 1, 1), ON], 1, 1, True, ((1, 1), (5, 2))),  # records higher than the answers
        ([date(2024, 1, 1), date(2025, 1, 1), ON], 0, 0, False, ((1, 1), (5, 3))),
        ([ON], 2, 1, False, ((1, 2), (5, 2))),  # 2 declared within 1 year are also within 5
        ([date(2023, 1, 1), ON], 1, 3, False, ((1, 1), (5, 3))),
    ],
)
def test_declared_counts_take_the_higher(
    losses: list[date],
    declared_1y: int | None,
    declared_5y: int | None,
    eligible: bool,
    counts: tuple[Any, ...],
) -> None:
    result = _eligibility(loss_dates=losses, declared_losses_1y=declared_1y, declared_losses_5y=declared_5y)
    assert result.eligible is eligible
    assert result.losses == counts


def test_leap_day_window() -> None:
    on = date(2028, 2, 29)
    assert not _eligibility(on=on, loss_dates=[date(2027, 2, 28), on]).eligible
    assert _eligibility(on=on, loss_dates=[date(2027, 2, 27), on]).eligible


def test_all_reasons_are_listed() -> None:
    result = _eligibility(identity_verified=False, reason="", loss_dates=[date(2026, 1, 1), ON])
    assert not result.eligible and len(result.reasons) == 3


@pytest.mark.parametrize(
    "overrides",
    [
        {"loss_dates": [date(2026, 3, 11)]},
        {"declared_losses_1y": -1},
        {"declared_losses_5y": True},
        {"on": datetime(2026, 3, 10, 9, 0)},
    ],
)
def test_emergency_bad_input(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValueError) as info:
        _eligibility(**overrides)
    assert HANGUL.search(str(info.value))


def test_emergency_due_three_working_hours_after_receipt() -> None:
    # 민원처리법 제19조①: 3 working hours (09:00-12:00, 13:00-18:00 on working days). Tuesday 2026-03-10
    # 16:20 → 1 h 40 min that day, 1 h 20 min on Wednesday → 03-11 10:20.
    hours = load_data("passport_documents")["emergency_rules"][0]["processing_hours"]
    assert hours == 3
    received = kst("2026-03-10T16:20")
    due = emergency_due_at(received)
    assert due == kst("2026-03-11T10:20")
    assert due.tzinfo is SEOUL
    # given in UTC (14:30 UTC = 23:30 in Seoul), answered in Seoul time: 09:00 + 3 h on Wednesday
    due_utc = emergency_due_at(datetime(2026, 3, 10, 14, 30, tzinfo=UTC))
    assert due_utc.tzinfo is SEOUL and (due_utc.hour, due_utc.minute) == (12, 0)
    assert due_utc.date() == date(2026, 3, 11)


def test_emergency_due_refuses_naive() -> None:
    with pytest.raises(ValueError, match="시간대"):
        emergency_due_at(datetime(2026, 3, 10, 16, 20))


# --- required documents -------------------------------------------------------------------------

TODAY = date(2026, 6, 1)


def _keys(situation: ApplicantSituation, on: date | datetime = TODAY) -> list[str]:
    return [item.key for item in required_documents(situation, on=on)]


def test_adult_in_person_base_list() -> None:
    items = required_documents(ApplicantSituation(age=30, sex="F"), on=TODAY)
    assert [i.key for i in items] == ["application_form", "photo", "id_card_adult"]
    assert all(i.required for i in items)
    assert "6개월" in items[1].text
    assert all(i.why and i.source and HANGUL.search(i.text) for i in items)


def test_still_valid_passport_is_brought_and_invalidated() -> None:
    items = required_documents(ApplicantSituation(age=30, sex="F", has_valid_passport=True), on=TODAY)
    old = [i for i in items if i.key == "old_passport"]
    assert len(old) == 1 and old[0].required and "무효" in old[0].text


def test_name_change_needs_basic_certificate() -> None:
    keys = _keys(ApplicantSituation(age=30, sex="F", name_changed=True))
    assert "name_change_certificate" in keys
    item = next(
        i
        for i in required_documents(ApplicantSituation(age=30, sex="F", name_changed=True), on=TODAY)
        if i.key == "name_change_certificate"
    )
    assert "기본증명서" in item.text


def test_minor_parent_applying_still_needs_consent() -> None:
    situation = ApplicantSituation(age=10, sex="F", applying_in_person=False, proxy_relation="법정대리인")
    items = {i.key: i for i in required_documents(situation, on=TODAY)}
    assert items["minor_consent"].required
    assert "직접 신청하는 경우에도" in items["minor_consent"].text
    assert "proxy_id_card" in items
    assert not items["minor_consent_seal_if_other_rep"].required
    assert "minor_consent_seal_required" not in items
    assert "id_card_minor" not in items and "id_card_adult" not in items
    assert "illness_medical_certificate" not in items


def test_minor_in_person() -> None:
    keys = _keys(ApplicantSituation(age=16, sex="F"))
    assert keys == [
        "application_form",
        "photo",
        "id_card_minor",
        "minor_consent",
        "minor_consent_seal_required",
    ]


def test_minor_by_relative_within_second_degree() -> None:
    situation = ApplicantSituation(age=5, sex="M", applying_in_person=False, proxy_relation="2촌 이내 친족")
    keys = _keys(situation)
    for key in (
        "minor_consent",
        "minor_consent_seal_required",
        "minor_relative_power_of_attorney",
        "minor_relationship",
        "proxy_id_card",
    ):
        assert key in keys
    assert "minor_consent_seal_if_other_rep" not in keys


def test_seventeen_and_eighteen() -> None:
    assert "minor_consent" in _keys(ApplicantSituation(age=17, sex="F"))
    assert "minor_consent" not in _keys(ApplicantSituation(age=18, sex="F"))


def test_adult_who_cannot_come() -> None:
    situation = ApplicantSituation(
        age=70, sex="F", applying_in_person=False, proxy_relation="배우자", illness_or_disability=True
    )
    items = {i.key: i for i in required_documents(situation, on=TODAY)}
    assert items["illness_medical_certificate"].required
    assert "진단서" in items["illness_medical_certificate"].text
    assert items["illness_power_of_attorney"].required
    assert items["proxy_id_card"].required
    assert items["illness_relationship"].verified is False
    assert "minor_consent" not in items and "id_card_adult" not in items


@pytest.mark.parametrize(
    ("situation", "fragment"),
    [
        (ApplicantSituation(age=30, sex="F", applying_in_person=False, proxy_relation="배우자"), "직접 신청"),
        (ApplicantSituation(age=30, sex="F", applying_in_person=False, illness_or_disability=True), "관계"),
        (ApplicantSituation(age=30, sex="F", proxy_relation="배우자"), "비워"),
        (
            ApplicantSituation(age=10, sex="F", applying_in_person=False, proxy_relation="배우자"),
            "법정대리인",
        ),
        (ApplicantSituation(age=10, sex="F", applying_in_person=False, proxy_relation="이웃"), "대리인 관계"),
        (ApplicantSituation(age=30, sex="F", reduced_fee_claim=True), "긴급여권"),
        (ApplicantSituation(age=30, sex="X"), "성별"),
        (ApplicantSituation(age=-1, sex="F"), "0세 이상"),
    ],
)
def test_situations_that_are_not_allowed(situation: ApplicantSituation, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        required_documents(situation, on=TODAY)


@pytest.mark.parametrize(
    ("situation", "on", "expected"),
    [
        (ApplicantSituation(age=30, sex="M"), TODAY, "military_note"),
        (ApplicantSituation(age=30, sex="남"), TODAY, "military_note"),
        (ApplicantSituation(age=30, sex="M"), date(2025, 4, 30), "military_note_5y"),
        (ApplicantSituation(age=30, sex="M"), date(2025, 5, 1), "military_note"),
        (ApplicantSituation(age=30, sex="F"), TODAY, None),
        (ApplicantSituation(age=45, sex="M"), TODAY, None),
        (ApplicantSituation(age=16, sex="M"), TODAY, None),
        # 연 나이: 18 from 1 January of the year one turns 18, whatever the birthday
        (ApplicantSituation(age=17, sex="M", birth_year=2008), date(2026, 1, 2), "military_note"),
        (ApplicantSituation(age=17, sex="M", birth_year=2009), date(2026, 12, 31), None),
        # to 31 December of the year one turns 37
        (ApplicantSituation(age=37, sex="M", birth_year=1989), date(2026, 12, 31), "military_note"),
        (ApplicantSituation(age=37, sex="M", birth_year=1988), date(2026, 1, 2), None),
    ],
)
def test_military_service_notice(situation: ApplicantSituation, on: date, expected: str | None) -> None:
    items = [i for i in required_documents(situation, on=on) if i.key.startswith("military_note")]
    if expected is None:
        assert items == []
    else:
        assert [i.key for i in items] == [expected]
        assert items[0].required is False  # a notice, not a document to hand in
        assert "국외여행허가" in items[0].text


def test_emergency_checklist() -> None:
    keys = _keys(ApplicantSituation(age=30, sex="F", emergency=True))
    assert keys == ["application_form", "photo_emergency", "id_card_adult", "emergency_statement"]


def test_emergency_reduced_fee_proof_may_follow() -> None:
    situation = ApplicantSituation(age=30, sex="F", emergency=True, reduced_fee_claim=True)
    item = next(i for i in required_documents(situation, on=TODAY) if i.key == "emergency_reduced_proof")
    assert item.required is False
    assert "6개월" in item.text and ("사망" in item.text and "위독" in item.text)


def test_emergency_minor_still_needs_consent() -> None:
    situation = ApplicantSituation(
        age=12, sex="F", emergency=True, applying_in_person=False, proxy_relation="법정대리인"
    )
    keys = _keys(situation)
    assert "minor_consent" in keys and "emergency_statement" in keys


def test_checklist_refuses_naive_datetime() -> None:
    with pytest.raises(ValueError, match="시간대"):
        required_documents(ApplicantSituation(age=30, sex="F"), on=datetime(2026, 6, 1, 10, 0))


# --- the data files themselves ------------------------------------------------------------------


def test_fee_tables_cover_time_without_gaps() -> None:
    tables = load_data("passport_fees")["tables"]
    starts = [starts_at(t) for t in tables]
    assert starts == sorted(starts)  # type: ignore[type-var]
    for earlier, later in zip(tables, tables[1:], strict=False):
        assert ends_before(earlier) == starts_at(later)
    assert "valid_to" not in tables[-1]
    assert starts_at(tables[-1]) == kst("2026-03-01T09:00")
    for table in tables:
        assert table["source"] and isinstance(table["verified"], bool)
        for row in table["rows"]:
            assert row["fee"] + row["contribution"] == row["total"]


def test_every_entry_has_source_and_verified() -> None:
    data = load_data("passport_documents")
    for key in ("items", "application_rules", "emergency_rules"):
        for entry in data[key]:
            assert entry["valid_from"] and entry["source"] and isinstance(entry["verified"], bool)


@pytest.fixture
def fake_fee_data(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    data: dict[str, Any] = {}
    monkeypatch.setattr(fees, "load_data", lambda name: data)
    fees._fee_data.cache_clear()
    yield data
    fees._fee_data.cache_clear()


def test_a_row_whose_parts_do_not_add_up_is_rejected(fake_fee_data: dict[str, Any]) -> None:
    fake_fee_data.update(
        validity_rules=[{"name": "r", "valid_from": "2020-01-01", "ten_year_min_age": 18, "five_year_max_age": 17}],
        tables=[
            {
                "name": "t",
                "valid_from": "2020-01-01",
                "verified": True,
                "rows": [
                    {"kind": "단수", "fee": 15000, "contribution": 5000, "total": 21000, "label": "단수여권"},
                ],
            }
        ],
    )
    with pytest.raises(DataFileError, match="합계"):
        passport_fee("단수", age=30, applied_at=P3_FIRST)


def test_a_reduced_row_on_another_kind_is_rejected(fake_fee_data: dict[str, Any]) -> None:
    fake_fee_data.update(
        validity_rules=[{"name": "r", "valid_from": "2020-01-01", "ten_year_min_age": 18, "five_year_max_age": 17}],
        tables=[
            {
                "name": "t",
                "valid_from": "2020-01-01",
                "verified": True,
                "rows": [
                    {"kind": "단수", "reduced": True, "fee": 1, "contribution": 0, "total": 1, "label": "x"},
                ],
            }
        ],
    )
    with pytest.raises(DataFileError, match="감면"):
        passport_fee("단수", age=30, applied_at=P3_FIRST)


# --------------------------------------------------------------------------- keeping and proof periods


@pytest.mark.parametrize(
    ("issued", "last_day"),
    [
        # 여권법 제13조①2 "발급된 날부터 6개월": the issue day not counted (민법 제157조 본문), by the
        # calendar (제160조), a Saturday/holiday last day moved (제161조).
        (date(2026, 4, 1), date(2026, 10, 1)),  # 기산일 4-2 → the day before 10-2, a Thursday
        # 기산일 9-1 → the day before 2027-03-01 = 2-28 (Sunday); 3-1 삼일절 → Tuesday 3-2 (제161조)
        (date(2026, 8, 31), date(2027, 3, 2)),
        (date(2027, 8, 31), date(2028, 2, 29)),  # the day before 2028-03-01, a Tuesday
        (date(2026, 12, 15), date(2027, 6, 15)),  # the day before 6-16, a Tuesday
        # issued on a month's last day: 기산일 5-1 → 10-31 (Saturday) → Monday 11-2, not 10-30
        (date(2026, 4, 30), date(2026, 11, 2)),
        (date(2027, 2, 28), date(2027, 8, 31)),  # 기산일 3-1 → the day before 9-1, a Tuesday; not 8-28
    ],
)
def test_keeping_period_ends_six_months_after_issue(issued: date, last_day: date) -> None:
    assert pp.keeping_ends_on(issued) == last_day
    assert not pp.past_keeping_period(issued, last_day)
    assert pp.past_keeping_period(issued, last_day + timedelta(days=1))


def test_keeping_rule_comes_from_data() -> None:
    rule = pp.keeping_rule(date(2026, 11, 25))
    raw = load_data("passport_rules")["keeping"][0]
    assert (rule.keeping_months, rule.uncollected_notice_days, rule.reduced_proof_months) == (
        raw["keeping_months"],
        raw["uncollected_notice_days"],
        raw["reduced_proof_months"],
    )
    assert "여권법 제13조" in rule.source
    # an issue moment late in the evening in Seoul counts on its Seoul date
    assert pp.keeping_ends_on(datetime(2026, 3, 31, 16, 0, tzinfo=UTC)) == date(2026, 10, 1)


def test_reduced_proof_due_six_months_after_receipt() -> None:
    assert pp.reduced_proof_due(kst("2026-11-25T10:00")) == date(2027, 5, 25)
    with pytest.raises(PassportRuleError):
        pp.reduced_proof_due(datetime(2026, 11, 25, 10, 0))


# --------------------------------------------------------------------------- status and delivery rules


def test_steps_go_in_order_and_end_at_delivery() -> None:
    assert [status.next_status(s) for s in status.STATUSES] == [
        status.REVIEW,
        status.PRODUCTION,
        status.ARRIVED,
        status.DELIVERED,
        None,
    ]
    assert status.next_status("lost") is None
    assert status.advance_refusal("P1", status.RECEIVED, status.REVIEW) is None
    refusal = status.advance_refusal("P1", status.RECEIVED, status.PRODUCTION)
    assert refusal is not None and "'접수' 단계에서 '제작'" in refusal and "다음 단계는 '심사'" in refusal
    assert status.advance_refusal("P1", status.DELIVERED, status.ARRIVED) == "P1: 이미 교부된 여권입니다."


def test_only_an_arrived_passport_is_delivered() -> None:
    assert status.delivery_refusal("P1", status.ARRIVED) is None
    assert "이미 교부" in (status.delivery_refusal("P1", status.DELIVERED) or "")
    assert "현재 단계: 제작" in (status.delivery_refusal("P1", status.PRODUCTION) or "")


def test_a_step_taken_a_moment_ago_is_named_as_another_counters() -> None:
    now = datetime(2026, 11, 25, 10, 0, tzinfo=SEOUL)
    moment_ago = (now - timedelta(seconds=3)).astimezone(UTC)
    assert status.just_now(moment_ago, now) and status.just_now(now + timedelta(minutes=2), now)
    assert not status.just_now(now - timedelta(minutes=11), now) and not status.just_now(None, now)
    assert not status.just_now(datetime(2026, 11, 25, 9, 59), now)  # naive: no claim about "just now"
    delivered = status.delivery_refusal("P1", status.DELIVERED, delivered_at=moment_ago, now=now)
    assert delivered == "P1: 다른 창구에서 방금(09:59) 교부했습니다. 이미 교부된 여권입니다."
    stale = status.delivery_refusal("P1", status.DELIVERED, delivered_at=now - timedelta(days=1), now=now)
    assert stale == "P1: 이미 교부된 여권입니다."
    stepped = status.advance_refusal("P1", status.REVIEW, status.REVIEW, done_at=moment_ago, now=now)
    assert stepped == "P1: 다른 창구에서 방금(09:59) '심사'로 넘겼습니다. 다음 단계는 '제작'입니다."
    # a step out of order stays the plain refusal, however recent the last step
    ahead = status.advance_refusal("P1", status.PRODUCTION, status.REVIEW, done_at=moment_ago, now=now)
    assert ahead is not None and "'제작' 단계에서 '심사'" in ahead and "방금" not in ahead
    old = status.advance_refusal("P1", status.REVIEW, status.REVIEW, done_at=now - timedelta(hours=1), now=now)
    assert old == "P1: 이미 '심사' 단계입니다. 다음 단계는 '제작'입니다."


@pytest.mark.parametrize(
    ("age", "in_person", "relation", "fragment"),
    [
        (36, True, "본인", None),
        (36, True, "배우자", "본인이 받아야"),
        (36, False, "배우자", None),  # applied by proxy for illness: the proxy collects
        (17, True, "법정대리인", None),
        (17, True, "2촌 이내 친족", None),
        (17, True, "배우자", "미성년자"),
        (18, True, "법정대리인", "본인이 받아야"),
    ],
)
def test_who_may_collect(age: int, in_person: bool, relation: str, fragment: str | None) -> None:
    refusal = status.collector_refusal(age=age, applying_in_person=in_person, relation=relation)
    assert (refusal is None) if fragment is None else (refusal is not None and fragment in refusal)


def test_collector_fields_and_the_masked_name() -> None:
    assert status.collector_input_refusal("본인", "") is None
    assert "성명" in (status.collector_input_refusal("법정대리인", " ") or "")
    assert "받는 사람을 고르세요" in (status.collector_input_refusal("이웃", "김이웃") or "")
    assert status.mask_name(" 홍길동 ") == "홍○○" and status.mask_name("김") == "김○" and status.mask_name("") == ""


def test_documents_to_check_leave_the_photo_to_its_own_box_and_situation_in_words() -> None:
    situation = ApplicantSituation(age=15, sex="F", applying_in_person=False, proxy_relation="법정대리인")
    items = required_documents(situation, on=P3_FIRST)
    ticked = pp.documents_to_check(items)
    assert any(i.key.startswith("photo") for i in items) and not any(i.key.startswith("photo") for i in ticked)
    assert pp.describe_situation(situation) == ("만 15세 · 여", "대리 신청 (법정대리인)")
