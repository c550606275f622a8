"""Family-registration filings: civil-code deadlines, late fines, lapse, guidance and registrar checks."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest

from app.domain.family import (
    FilingLapsed,
    days_late,
    filing_deadline,
    filing_kind,
    filing_kinds,
    korean_date,
    period_end,
)
from app.domain.family_checks import (
    birth_filer_allowed,
    check_marriage_age,
    check_marriage_witnesses,
    death_filer_allowed,
    filer_choices,
    validate_hanja_name,
    validate_korean_name,
)
from app.domain.family_fines import assess_filing, late_fine
from app.domain.family_guidance import benefit_window_end, guidance_for, inheritance_deadline, result_sms
from app.resources import load_data

D = date
TODAY = D(2027, 6, 1)

ALL_KINDS = [
    "birth",
    "death",
    "marriage",
    "marriage_abroad",
    "divorce_consent",
    "divorce_judicial",
    "name_change",
    "acknowledgment",
    "acknowledgment_judicial",
    "adoption",
    "full_adoption",
    "correction",
    "other",
]
FINED_KINDS = [
    "birth",
    "death",
    "marriage_abroad",
    "divorce_judicial",
    "name_change",
    "acknowledgment_judicial",
    "full_adoption",
    "correction",
]
NO_PERIOD_KINDS = ["marriage", "acknowledgment", "adoption", "other"]


# ---------------------------------------------------------------------------
# Data files
# ---------------------------------------------------------------------------


def test_every_kind_is_in_the_table_with_its_provenance() -> None:
    kinds = filing_kinds(D(2025, 1, 1))
    assert [k.code for k in kinds] == ALL_KINDS
    for kind in kinds:
        assert kind.fee == 0, kind.code  # 가족관계등록 신고는 수수료가 없다
        assert kind.source and kind.basis and kind.valid_from is not None, kind.code
        assert isinstance(kind.verified, bool)
    for entry in load_data("family")["kinds"]:
        assert {"valid_from", "source", "verified"} <= entry.keys(), entry["code"]


@pytest.mark.parametrize(
    ("kind", "months", "on_late", "creating"),
    [
        ("birth", 1, "fine", False),
        ("death", 1, "fine", False),
        ("marriage", None, "none", True),
        ("marriage_abroad", 3, "fine", False),
        ("divorce_consent", 3, "refuse", False),
        ("divorce_judicial", 1, "fine", False),
        ("name_change", 1, "fine", False),
        ("acknowledgment", None, "none", True),
        ("acknowledgment_judicial", 1, "fine", False),
        ("adoption", None, "none", True),
        ("full_adoption", 1, "fine", False),
        ("correction", 1, "fine", False),
        ("other", None, "none", False),
    ],
)
def test_kind_rules(kind: str, months: int | None, on_late: str, creating: bool) -> None:
    rule = filing_kind(kind, D(2025, 1, 1))
    assert rule.period_months == months
    assert rule.on_late == on_late
    assert rule.is_creating is creating
    assert rule.has_deadline is (months is not None)


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        ("birth", "출생일"),
        ("death", "사망 사실을 안 날"),
        ("name_change", "법원 허가서 등본 수령일"),
        ("divorce_judicial", "재판 확정일"),
        ("divorce_consent", "확인서 등본 교부"),
    ],
)
def test_counted_from_labels(kind: str, label: str) -> None:
    assert label in filing_kind(kind, D(2025, 1, 1)).counted_from


def test_fine_table_matches_domain() -> None:
    (table,) = load_data("family")["late_fines"]
    rows = [(b["label"], b["normal"], b["after_demand"]) for b in table["bands"]]
    assert rows == [
        ("7일 미만", 10_000, 20_000),
        ("7일 이상 1개월 미만", 20_000, 40_000),
        ("1개월 이상 3개월 미만", 30_000, 60_000),
        ("3개월 이상 6개월 미만", 40_000, 80_000),
        ("6개월 이상", 50_000, 100_000),
    ]
    assert "제122조" in table["source"] and table["valid_from"]
    (reduction,) = load_data("family")["on_the_spot_reduction"]
    assert reduction["percent"] == 20


def test_unknown_kind_is_a_korean_value_error() -> None:
    with pytest.raises(ValueError, match="알 수 없는 신고 종류"):
        filing_deadline("funeral", D(2025, 1, 1))


def test_event_before_the_act_is_assessed_with_the_earliest_rule() -> None:
    # Issue 14 item 9: a late registration of a birth long ago is taken; the deadline is an estimate
    # by the earliest rule (1 month, event day counted: 2007-12-31 → 2008-01-30) and unverified.
    rule = filing_kind("birth", D(2007, 12, 31))
    assert rule.historical and not rule.verified and rule.period_months == 1
    assert filing_deadline("birth", D(2007, 12, 31)) == D(2008, 1, 30)
    assert not filing_kind("birth", D(2008, 1, 1)).historical


def test_kind_may_be_given_by_its_korean_name() -> None:
    assert filing_kind("출생", D(2026, 3, 1)).code == "birth"
    assert filing_kind("재판·조정 이혼", D(2026, 3, 1)).code == "divorce_judicial"
    assert filing_deadline("출생", D(2026, 3, 1)) == filing_deadline("birth", D(2026, 3, 1))
    assert late_fine("사망", D(2026, 3, 2), D(2026, 4, 2)) == late_fine("death", D(2026, 3, 2), D(2026, 4, 2))


# ---------------------------------------------------------------------------
# Civil-code period arithmetic: period_end is the civil-code default (anchor day NOT counted, 민법
# 제157조 본문), used for the lateness bands and 안심상속; filing periods count the event day (below).
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "months", "end"),
    [
        (D(2025, 3, 1), 1, D(2025, 4, 1)),  # the DOMAIN example
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 30), 1, D(2024, 2, 29)),  # 기산일 31 → no 31 February → last day
        (D(2023, 1, 29), 1, D(2023, 2, 28)),
        (D(2024, 1, 28), 1, D(2024, 2, 28)),
        (D(2028, 2, 29), 1, D(2028, 3, 31)),  # 기산일 1 March: a whole calendar month
        (D(2025, 4, 30), 1, D(2025, 5, 31)),  # not 30 May
        (D(2025, 2, 28), 1, D(2025, 3, 31)),
        (D(2024, 12, 31), 1, D(2025, 1, 31)),  # across the year
        (D(2024, 12, 15), 1, D(2025, 1, 15)),
        (D(2024, 11, 30), 3, D(2025, 2, 28)),
        (D(2023, 11, 30), 3, D(2024, 2, 29)),
        (D(2025, 1, 10), 3, D(2025, 4, 10)),
        (D(2025, 3, 31), 12, D(2026, 3, 31)),
        (D(2024, 8, 31), 6, D(2025, 2, 28)),
    ],
)
def test_period_end(event: date, months: int, end: date) -> None:
    assert period_end(event, months) == end


def test_period_end_needs_a_positive_length() -> None:
    with pytest.raises(ValueError, match="1 이상"):
        period_end(D(2025, 1, 1), 0)


# Filing periods: 가족관계등록법 제37조① (the event day is day 1), 민법 제160조 (the day before the
# corresponding day; the month's last day where there is none), 제161조 (Saturday/holiday → next
# working day). Weekdays checked on the calendar.
@pytest.mark.parametrize(
    ("kind", "event", "deadline"),
    [
        ("birth", D(2025, 3, 1), D(2025, 3, 31)),  # the day before 4-1 (제160조②), a Monday
        ("birth", D(2024, 1, 31), D(2024, 2, 29)),  # no 2-31 → last day of a leap February (제160조③)
        ("birth", D(2025, 1, 31), D(2025, 2, 28)),  # no 2-31 (제160조③)
        ("birth", D(2028, 2, 29), D(2028, 3, 28)),  # the day before 3-29 (제160조②), a Tuesday
        # the day before 2025-01-31 is 1-30 설날 다음날 → Friday 1-31 (제161조)
        ("birth", D(2024, 12, 31), D(2025, 1, 31)),
        # 2026-02-16 설날 연휴 (16-18 February) → Thursday 2-19 (제161조)
        ("birth", D(2026, 1, 17), D(2026, 2, 19)),
        ("birth", D(2025, 2, 15), D(2025, 3, 14)),  # the day before 3-15, a Friday (제160조②)
        ("birth", D(2025, 2, 1), D(2025, 2, 28)),  # the day before 3-1, a Friday (제160조②)
        ("birth", D(2025, 4, 30), D(2025, 5, 29)),  # the day before 5-30, a Thursday (제160조②)
        ("death", D(2025, 6, 20), D(2025, 7, 21)),  # 7-19 Saturday → Monday 7-21 (제161조)
        # 2024-09-14 Saturday, 15 Sunday, 16-18 추석 → Thursday 9-19 (제161조)
        ("name_change", D(2024, 8, 15), D(2024, 9, 19)),
        ("divorce_judicial", D(2025, 1, 31), D(2025, 2, 28)),  # 제160조③
        ("divorce_consent", D(2025, 1, 10), D(2025, 4, 9)),  # 3 months: the day before 4-10 (제160조②)
        ("divorce_consent", D(2025, 3, 15), D(2025, 6, 16)),  # 6-14 Saturday → Monday 6-16 (제161조)
        ("marriage_abroad", D(2024, 11, 30), D(2025, 2, 28)),  # no 2025-02-30 (제160조③)
        ("acknowledgment_judicial", D(2025, 9, 2), D(2025, 10, 1)),  # the day before 10-2 (제160조②)
        ("full_adoption", D(2025, 9, 2), D(2025, 10, 1)),
        ("correction", D(2025, 9, 2), D(2025, 10, 1)),
        ("marriage", D(2025, 9, 2), None),
        ("acknowledgment", D(2025, 9, 2), None),
        ("adoption", D(2025, 9, 2), None),
        ("other", D(2025, 9, 2), None),
    ],
)
def test_filing_deadline(kind: str, event: date, deadline: date | None) -> None:
    assert filing_deadline(kind, event) == deadline


# Births on a month's last day (가족관계등록법 제37조①, 민법 제160조②③): the event day is day 1, so the
# period ends the day before the corresponding day, or on the next month's last day where there is none.
MONTH_END_BIRTHS = [
    (D(2027, 4, 30), D(2027, 5, 31)),  # the day before 5-30 is Saturday 5-29 → Monday 5-31 (제161조)
    (D(2026, 6, 30), D(2026, 7, 29)),  # the day before 7-30, a Wednesday (제160조②)
    (D(2025, 9, 30), D(2025, 10, 29)),  # the day before 10-30, a Wednesday (제160조②)
    (D(2026, 3, 31), D(2026, 4, 30)),  # no 4-31 → last day, a Thursday (제160조③)
    (D(2025, 5, 31), D(2025, 6, 30)),  # no 6-31 → last day, a Monday (제160조③)
    (D(2028, 2, 29), D(2028, 3, 28)),  # leap day: the day before 3-29, a Tuesday (제160조②)
]


@pytest.mark.parametrize(("born", "due"), MONTH_END_BIRTHS)
def test_a_birth_on_a_months_last_day(born: date, due: date) -> None:
    assert filing_deadline("birth", born) == due
    assert late_fine("birth", born, due) == 0  # the last day is in time
    assert days_late("birth", born, D.fromordinal(due.toordinal() + 1)) == 1
    assert late_fine("birth", born, D.fromordinal(due.toordinal() + 1)) == 10_000


def test_born_1_march_is_due_31_march() -> None:
    # 제37조①: 3-1 is day 1 → the day before 4-1 (민법 제160조②); 2026-03-31 is a Tuesday.
    assert filing_deadline("birth", D(2026, 3, 1)) == D(2026, 3, 31)
    assert late_fine("birth", D(2026, 3, 1), D(2026, 3, 31)) == 0
    assert late_fine("birth", D(2026, 3, 1), D(2026, 4, 1)) == 10_000
    assert late_fine("birth", D(2026, 3, 1), D(2026, 4, 1), paid_now=True) == 8_000


def test_a_leap_day_birth() -> None:
    # 2024-02-29 → the day before 3-29 = Thursday 3-28 (제37조①, 민법 제160조②).
    assert filing_deadline("birth", D(2024, 2, 29)) == D(2024, 3, 28)
    assert late_fine("birth", D(2024, 2, 29), D(2024, 3, 28)) == 0
    assert late_fine("birth", D(2024, 2, 29), D(2024, 3, 29)) == 10_000


@pytest.mark.parametrize(
    ("confirmed", "last_day"),
    [
        # 3 months from 2026-11-30: no 2027-02-30 → 2-28 (Sunday), 3-1 삼일절 → Tuesday 3-2 (제160조③, 제161조)
        (D(2026, 11, 30), D(2027, 3, 2)),
        # into a leap February: no 2028-02-30 → 2-29, a Tuesday (제160조③)
        (D(2027, 11, 30), D(2028, 2, 29)),
    ],
)
def test_consensual_divorce_lapse_at_month_ends(confirmed: date, last_day: date) -> None:
    assert filing_deadline("divorce_consent", confirmed) == last_day
    assert late_fine("divorce_consent", confirmed, last_day) == 0
    with pytest.raises(FilingLapsed):
        late_fine("divorce_consent", confirmed, D.fromordinal(last_day.toordinal() + 1))


def test_defaults_use_the_seoul_date(monkeypatch: pytest.MonkeyPatch) -> None:
    # At 05:00 on 1 April in Seoul the machine's UTC date is still 31 March: a birth "today" must not
    # be refused as lying in the future, and the sheet is dated by Seoul.
    import app.domain.family_fines as fines
    import app.domain.family_guidance as guidance

    monkeypatch.setattr(fines, "seoul_today", lambda: D(2026, 4, 1))
    monkeypatch.setattr(guidance, "seoul_today", lambda: D(2026, 4, 1))
    assert assess_filing("birth", D(2026, 4, 1), D(2026, 4, 1)).in_time
    with pytest.raises(ValueError, match="미래"):
        assess_filing("birth", D(2026, 4, 2), D(2026, 4, 2))
    assert guidance_for("birth", event_date=D(2026, 4, 1)).deadline == D(2026, 5, 30)


def test_office_closure_moves_the_deadline() -> None:
    # 3-10 is day 1 → Wednesday 4-9; closed that day by decree → Thursday 4-10 (민법 제161조).
    assert filing_deadline("birth", D(2025, 3, 10)) == D(2025, 4, 9)
    assert filing_deadline("birth", D(2025, 3, 10), closures={D(2025, 4, 9)}) == D(2025, 4, 10)


# ---------------------------------------------------------------------------
# Lateness
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "event", "filed", "late"),
    [
        ("birth", D(2025, 3, 1), D(2025, 3, 1), 0),
        ("birth", D(2025, 3, 1), D(2025, 3, 31), 0),  # the last day is in time
        ("birth", D(2025, 3, 1), D(2025, 4, 1), 1),
        ("birth", D(2025, 3, 1), D(2025, 5, 1), 31),  # April has 30 days
        ("birth", D(2026, 1, 17), D(2026, 2, 19), 0),  # in time thanks to 설날
        ("birth", D(2026, 1, 17), D(2026, 2, 20), 1),
        ("divorce_consent", D(2025, 1, 10), D(2025, 4, 11), 2),  # due 4-9
        ("marriage", D(2020, 1, 1), D(2025, 1, 1), 0),
        ("adoption", D(2020, 1, 1), D(2025, 1, 1), 0),
        ("other", D(2020, 1, 1), D(2025, 1, 1), 0),
    ],
)
def test_days_late(kind: str, event: date, filed: date, late: int) -> None:
    assert days_late(kind, event, filed) == late


def test_filing_before_the_event_is_refused() -> None:
    with pytest.raises(ValueError, match="앞설 수 없습니다"):
        days_late("birth", D(2025, 3, 1), D(2025, 2, 28))
    with pytest.raises(ValueError, match="앞설 수 없습니다"):
        late_fine("birth", D(2025, 3, 1), D(2025, 2, 28))


# Deadline 2025-03-31 (birth 2025-03-01, 제37조①). A full month of lateness is reached on 2025-04-30
# (the month counted after the deadline, 민법 제157조 본문·제160조: 4-1 … 4-30), three on 2025-06-30,
# six on 2025-09-30.
BAND_CASES = [
    (D(2025, 3, 31), 0, 0, 0, 0),
    (D(2025, 4, 1), 10_000, 20_000, 8_000, 16_000),  # 1 day
    (D(2025, 4, 6), 10_000, 20_000, 8_000, 16_000),  # 6 days
    (D(2025, 4, 7), 20_000, 40_000, 16_000, 32_000),  # 7 days
    (D(2025, 4, 29), 20_000, 40_000, 16_000, 32_000),  # a day short of a month
    (D(2025, 4, 30), 30_000, 60_000, 24_000, 48_000),  # one full month
    (D(2025, 6, 29), 30_000, 60_000, 24_000, 48_000),
    (D(2025, 6, 30), 40_000, 80_000, 32_000, 64_000),  # three full months
    (D(2025, 9, 29), 40_000, 80_000, 32_000, 64_000),
    (D(2025, 9, 30), 50_000, 100_000, 40_000, 80_000),  # six full months
    (D(2027, 1, 1), 50_000, 100_000, 40_000, 80_000),
]


@pytest.mark.parametrize(("filed", "normal", "demand", "paid", "demand_paid"), BAND_CASES)
def test_fine_bands(filed: date, normal: int, demand: int, paid: int, demand_paid: int) -> None:
    born = D(2025, 3, 1)
    assert late_fine("birth", born, filed) == normal
    assert late_fine("birth", born, filed, after_demand=True) == demand
    assert late_fine("birth", born, filed, paid_now=True) == paid
    assert late_fine("birth", born, filed, after_demand=True, paid_now=True) == demand_paid


@pytest.mark.parametrize(
    ("filed", "fine"),
    [
        (D(2025, 5, 6), 10_000),  # deadline 30 April: 6 days late
        (D(2025, 5, 7), 20_000),  # 7 days late
        (D(2025, 5, 30), 20_000),
        (D(2025, 5, 31), 30_000),  # deadline on a month's last day: a month is the whole of May
        (D(2025, 10, 30), 40_000),
        (D(2025, 10, 31), 50_000),
    ],
)
def test_fine_bands_from_a_month_end_deadline(filed: date, fine: int) -> None:
    assert filing_deadline("birth", D(2025, 3, 31)) == D(2025, 4, 30)
    assert late_fine("birth", D(2025, 3, 31), filed) == fine


def test_bands_count_from_the_moved_deadline() -> None:
    # Due 2026-02-17 (설날) → 2026-02-19; 6 days after that is still "7일 미만".
    assert late_fine("birth", D(2026, 1, 17), D(2026, 2, 25)) == 10_000
    assert late_fine("birth", D(2026, 1, 17), D(2026, 2, 26)) == 20_000


@pytest.mark.parametrize("kind", FINED_KINDS)
def test_every_fined_kind_is_fined_one_day_late(kind: str) -> None:
    event = D(2025, 9, 2)
    deadline = filing_deadline(kind, event)
    assert deadline is not None
    assert late_fine(kind, event, deadline) == 0
    next_day = date.fromordinal(deadline.toordinal() + 1)
    assert late_fine(kind, event, next_day) == 10_000


@pytest.mark.parametrize("kind", NO_PERIOD_KINDS)
def test_kinds_without_a_period_are_never_fined(kind: str) -> None:
    assert late_fine(kind, D(2015, 1, 1), D(2025, 1, 1), after_demand=True) == 0


# ---------------------------------------------------------------------------
# 협의이혼: lapse instead of a fine
# ---------------------------------------------------------------------------


def test_consensual_divorce_on_the_last_day_is_in_time() -> None:
    # 1-10 is day 1: 3 months end the day before 4-10 (제37조①, 민법 제160조②), a Wednesday.
    assert late_fine("divorce_consent", D(2025, 1, 10), D(2025, 4, 9)) == 0
    result = assess_filing("divorce_consent", D(2025, 1, 10), D(2025, 4, 9), today=TODAY)
    assert result.in_time and not result.lapsed and result.label == "기한 내"


def test_consensual_divorce_a_day_late_has_lapsed() -> None:
    with pytest.raises(FilingLapsed, match="효력을 잃었습니다") as caught:
        late_fine("divorce_consent", D(2025, 1, 10), D(2025, 4, 10))
    assert isinstance(caught.value, ValueError)
    assert "2025년 4월 9일(수)" in str(caught.value)
    assert "제75조" in str(caught.value)


def test_consensual_divorce_lapse_follows_the_weekend_extension() -> None:
    assert late_fine("divorce_consent", D(2025, 3, 15), D(2025, 6, 16)) == 0
    with pytest.raises(FilingLapsed):
        late_fine("divorce_consent", D(2025, 3, 15), D(2025, 6, 17))


def test_lapsed_assessment_carries_the_refusal() -> None:
    result = assess_filing("divorce_consent", D(2025, 1, 10), D(2025, 4, 10), today=TODAY)
    assert result.lapsed and not result.in_time
    assert result.days_late == 1 and result.fine == 0
    assert result.message is not None and "수리할 수 없습니다" in result.message
    assert "수리 불가" in result.label


# ---------------------------------------------------------------------------
# The assessment the form shows
# ---------------------------------------------------------------------------


def test_assessment_in_time() -> None:
    result = assess_filing("birth", D(2025, 3, 1), D(2025, 3, 31), today=TODAY)
    assert result.label == "기한 내"
    assert result.in_time and result.days_late == 0 and result.fine == 0
    assert result.deadline == D(2025, 3, 31)
    assert result.fine_table is None


def test_assessment_late() -> None:
    result = assess_filing("birth", D(2025, 3, 1), D(2025, 4, 10), today=TODAY)
    assert result.label == "10일 지연 (예상 과태료 20,000원)"  # due 3-31
    assert not result.in_time and result.days_late == 10
    assert result.band == "7일 이상 1개월 미만"
    assert result.base_fine == result.fine == 20_000
    assert result.fine_source is not None and "제122조" in result.fine_source
    assert result.fine_table_valid_from == D(2008, 1, 1)
    assert result.verified


def test_assessment_late_after_demand_paid_on_the_spot() -> None:
    result = assess_filing("death", D(2025, 3, 1), D(2025, 4, 3), after_demand=True, paid_now=True, today=TODAY)
    assert result.days_late == 3  # learned 3-1 → due 3-31
    assert result.base_fine == 20_000 and result.fine == 16_000
    assert result.label == "3일 지연 (예상 과태료 16,000원)"
    assert result.after_demand and result.paid_now


@pytest.mark.parametrize(("kind", "label"), [("marriage", "창설적 신고"), ("other", "등록관")])
def test_assessment_without_a_period(kind: str, label: str) -> None:
    result = assess_filing(kind, D(2020, 1, 1), D(2025, 1, 1), today=TODAY)
    assert result.deadline is None and result.in_time and result.fine == 0
    assert label in result.label


def test_assessment_rejects_a_future_event() -> None:
    with pytest.raises(ValueError, match="출생일이 미래입니다"):
        assess_filing("birth", D(2025, 6, 2), D(2025, 6, 3), today=D(2025, 6, 1))


def test_assessment_rejects_a_filing_before_the_event() -> None:
    with pytest.raises(ValueError, match="앞설 수 없습니다"):
        assess_filing("name_change", D(2025, 5, 2), D(2025, 5, 1), today=TODAY)


def test_assessment_marks_unverified_rules() -> None:
    assert not assess_filing("correction", D(2025, 3, 1), D(2025, 3, 5), today=TODAY).verified
    assert assess_filing("birth", D(2025, 3, 1), D(2025, 3, 5), today=TODAY).verified


# ---------------------------------------------------------------------------
# 안심상속 deadline
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("death", "on", "deadline"),
    [
        (D(2025, 3, 10), D(2025, 4, 1), D(2026, 3, 31)),
        (D(2025, 3, 31), D(2025, 4, 1), D(2026, 3, 31)),
        (D(2025, 3, 1), D(2025, 4, 1), D(2026, 3, 31)),
        (D(2023, 2, 10), D(2023, 3, 1), D(2024, 2, 29)),  # into a leap February
        (D(2024, 2, 29), D(2024, 3, 1), D(2025, 2, 28)),
        (D(2024, 12, 5), D(2025, 1, 2), D(2025, 12, 31)),
        (D(2026, 1, 20), D(2026, 2, 1), D(2027, 1, 31)),  # a Sunday stays as is
        (D(2022, 3, 15), D(2022, 7, 1), D(2022, 9, 30)),  # 6-month rule before 2022-07-29
        (D(2022, 3, 15), D(2022, 7, 29), D(2023, 3, 31)),
    ],
)
def test_inheritance_deadline(death: date, on: date, deadline: date) -> None:
    assert inheritance_deadline(death, on=on) == deadline


def test_inheritance_deadline_before_the_service_existed() -> None:
    with pytest.raises(ValueError, match="안심상속"):
        inheritance_deadline(D(2015, 1, 10), on=D(2015, 2, 1))


# ---------------------------------------------------------------------------
# Guidance sheets
# ---------------------------------------------------------------------------

_RRN = re.compile(r"\d{6}\s*-?\s*\d{7}")


def _all_text(kind: str, **kwargs: object) -> str:
    g = guidance_for(kind, **kwargs)  # type: ignore[arg-type]
    parts = [g.title]
    for s in g.sections:
        parts += [s.heading, *s.paragraphs, *(i.text for i in s.items), s.where or ""]
    return "\n".join(parts)


def test_birth_guidance() -> None:
    g = guidance_for("birth", event_date=D(2025, 3, 10), on=D(2025, 3, 20))
    assert "행복출산" in g.title
    assert g.benefit_codes == (
        "first_meeting_voucher",
        "parent_benefit",
        "child_allowance",
        "home_care_allowance",
        "birth_electricity_discount",
        "multi_child_discount",
    )
    text = _all_text("birth", event_date=D(2025, 3, 10), on=D(2025, 3, 20))
    assert "어머니 또는 그 배우자" in text
    assert "2025년 5월 8일(목)까지" in text  # 출생일 포함 60일
    assert g.deadline == D(2025, 5, 8)
    assert not g.verified  # the 60-day rule and the 다자녀 threshold are unconfirmed
    assert g.sections[-1].heading.startswith("처리결과 문자알림")


@pytest.mark.parametrize(("order", "has_multi_child"), [(None, True), (1, False), (2, True), (3, True), (4, True)])
def test_birth_guidance_depends_on_birth_order(order: int | None, has_multi_child: bool) -> None:
    g = guidance_for("birth", event_date=D(2025, 3, 10), birth_order=order, on=D(2025, 3, 20))
    assert ("multi_child_discount" in g.benefit_codes) is has_multi_child
    assert "first_meeting_voucher" in g.benefit_codes


def test_benefit_window_counts_the_birth_day() -> None:
    assert benefit_window_end(D(2025, 5, 1), on=D(2025, 5, 2)) == D(2025, 6, 29)


def test_death_guidance_computes_the_inheritance_deadline() -> None:
    g = guidance_for("death", event_date=D(2025, 3, 10), on=D(2025, 4, 1))
    assert "안심상속" in g.title
    assert g.deadline == D(2026, 3, 31)
    text = _all_text("death", event_date=D(2025, 3, 10), on=D(2025, 4, 1))
    assert "19종" in text
    assert "신청 기한: 2026년 3월 31일(화)까지 (사망일이 속한 달의 말일부터 1년 이내)." in text
    assert "정부24" in text
    assert g.verified


@pytest.mark.parametrize(
    ("declared", "due"),
    [
        # 실종선고 → 안심상속 신청: 선고일부터 1년 (2025-06-23 시행). 선고일 자체는 넣지 않고(민법 제157조 본문)
        # 역에 의한 계산(제160조②): 기간 말일은 1년 뒤 선고일에 해당하는 날의 전날.
        (D(2025, 7, 10), D(2026, 7, 10)),
        (D(2026, 1, 31), D(2027, 1, 31)),
        # 윤일 2028-02-29 선고: 기산일 03-01, 1년 뒤 해당일 2029-03-01의 전날 (제160조②).
        (D(2028, 2, 29), D(2029, 2, 28)),
        # 안내문에 날짜를 그대로 적고 토요일·공휴일로 옮기지 않는다 (정부24로 휴일에도 신청): 2026-07-18(토).
        (D(2025, 7, 18), D(2026, 7, 18)),
    ],
)
def test_inheritance_after_a_declaration_of_disappearance_runs_one_year(declared: date, due: date) -> None:
    from app.domain.family import inheritance_deadline_after_declaration

    assert inheritance_deadline_after_declaration(declared) == due


def test_death_guidance_names_the_disappearance_rule_from_2025_06_23() -> None:
    sentence = "실종선고일부터 1년 이내"
    assert sentence in _all_text("death", on=D(2026, 12, 1))
    assert sentence not in _all_text("death", on=D(2025, 6, 22))


def test_death_guidance_without_a_date_states_the_rule() -> None:
    g = guidance_for("death", on=D(2025, 4, 1))
    assert g.deadline is None
    assert "사망일이 속한 달의 말일부터 1년 이내" in _all_text("death", on=D(2025, 4, 1))


def test_name_change_guidance() -> None:
    text = _all_text("name_change", on=D(2025, 4, 1))
    for word in ("주민등록증", "인감", "은행", "부동산", "운전면허증", "여권"):
        assert word in text


@pytest.mark.parametrize("kind", ["marriage", "marriage_abroad", "divorce_consent", "divorce_judicial"])
def test_marriage_and_divorce_guidance_is_about_moving_in(kind: str) -> None:
    g = guidance_for(kind, on=D(2025, 4, 1))
    assert g.sections[0].heading == "사는 곳이 바뀌면 전입신고"
    assert "14일 이내" in g.sections[0].paragraphs[0]


@pytest.mark.parametrize("kind", ["adoption", "acknowledgment", "correction", "other"])
def test_kinds_without_own_guidance_get_the_common_sheet(kind: str) -> None:
    g = guidance_for(kind, on=D(2025, 4, 1))
    assert g.title == "가족관계등록 신고 후속절차 안내"
    assert [s.heading for s in g.sections] == ["처리결과 문자알림 (SMS)"]


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_guidance_sheet_has_sms_sources_and_no_resident_number(kind: str) -> None:
    g = guidance_for(kind, event_date=D(2025, 3, 10), on=D(2025, 4, 1))
    assert "문자" in g.sections[-1].heading
    assert g.sources and all(g.sources)
    assert not _RRN.search(_all_text(kind, event_date=D(2025, 3, 10), on=D(2025, 4, 1)))


def test_guidance_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="출생 순위"):
        guidance_for("birth", birth_order=0, on=D(2025, 4, 1))
    with pytest.raises(ValueError, match="안내일"):
        guidance_for("death", event_date=D(2025, 4, 2), on=D(2025, 4, 1))


def test_korean_date() -> None:
    assert korean_date(D(2026, 3, 31)) == "2026년 3월 31일(화)"


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "part", "expected"),
    [
        ("길동", "given", "길동"),
        ("솔", "given", "솔"),
        ("  가나다라마 ", "given", "가나다라마"),
        ("김", "surname", "김"),
        ("남궁", "surname", "남궁"),
        (unicodedata.normalize("NFD", "길동"), "given", "길동"),  # typed as jamo, composed
    ],
)
def test_valid_korean_names(text: str, part: str, expected: str) -> None:
    assert validate_korean_name(text, part=part, on=D(2025, 1, 1)) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "part", "message"),
    [
        ("", "given", "입력하세요"),
        ("   ", "surname", "한글 성을 입력하세요"),
        ("가나다라마바", "given", "1자 이상 5자 이하"),
        ("남궁김", "surname", "1자 이상 2자 이하"),
        ("길 동", "given", "띄어쓰기"),
        ("ㄱ동", "given", "'ㄱ'"),
        ("Gil", "given", "완성된 한글"),
        ("길동2", "given", "'2'"),
        ("吉童", "given", "완성된 한글"),
    ],
)
def test_invalid_korean_names(text: str, part: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate_korean_name(text, part=part, on=D(2025, 1, 1))  # type: ignore[arg-type]


def test_name_part_must_be_known() -> None:
    with pytest.raises(ValueError, match="이름 구분"):
        validate_korean_name("길동", part="middle", on=D(2025, 1, 1))  # type: ignore[arg-type]


def test_valid_hanja_names() -> None:
    assert validate_hanja_name("吉童", hangul="길동", on=D(2025, 1, 1)) == "吉童"
    assert validate_hanja_name("南宮", part="surname", hangul="남궁", on=D(2025, 1, 1)) == "南宮"
    compat = "\uf914"  # 樂 as a compatibility ideograph: kept, not normalised away
    assert validate_hanja_name(compat + "天", on=D(2025, 1, 1)) == compat + "天"


@pytest.mark.parametrize(
    ("text", "hangul", "message"),
    [
        ("吉a", None, "한자가 아닌 글자: 'a'"),
        ("길동", None, "한자로만"),
        ("一二三四五六", None, "1자 이상 5자 이하"),
        ("吉", "길동", "글자 수"),
        ("", None, "입력하세요"),
    ],
)
def test_invalid_hanja_names(text: str, hangul: str | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate_hanja_name(text, hangul=hangul, on=D(2025, 1, 1))


# ---------------------------------------------------------------------------
# Who may file
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relation", "in_wedlock", "allowed", "obliged", "rank"),
    [
        ("father", True, True, True, 1),
        ("father", False, True, False, 1),
        ("mother", True, True, True, 1),
        ("mother", False, True, True, 1),
        ("cohabiting_relative", True, True, True, 2),
        ("delivery_attendant", True, True, True, 3),
        ("prosecutor_or_local_head", True, True, False, None),
        ("other", True, False, False, None),
    ],
)
def test_birth_filers(relation: str, in_wedlock: bool, allowed: bool, obliged: bool, rank: int | None) -> None:
    result = birth_filer_allowed(relation, in_wedlock=in_wedlock, on=D(2025, 1, 1))
    assert (result.allowed, result.obliged, result.rank) == (allowed, obliged, rank)
    assert "제46조" in result.source or "제57조" in result.source
    assert result.condition


def test_father_of_a_child_born_out_of_wedlock_acknowledges_it() -> None:
    result = birth_filer_allowed("father", in_wedlock=False, on=D(2025, 1, 1))
    assert "인지의 효력" in result.condition and "제57조" in result.source


@pytest.mark.parametrize(
    ("relation", "allowed", "obliged"),
    [
        ("cohabiting_relative", True, True),
        ("relative", True, False),
        ("cohabitant", True, False),
        ("place_manager", True, False),
        ("dong_tong_ri_head", True, False),
        ("other", False, False),
    ],
)
def test_death_filers(relation: str, allowed: bool, obliged: bool) -> None:
    result = death_filer_allowed(relation, on=D(2025, 1, 1))
    assert (result.allowed, result.obliged) == (allowed, obliged)
    assert "제85조" in result.source


def test_unknown_filer_relation() -> None:
    with pytest.raises(ValueError, match="알 수 없는 신고인 자격"):
        death_filer_allowed("neighbour", on=D(2025, 1, 1))
    with pytest.raises(ValueError, match="알 수 없는 신고인 자격"):
        birth_filer_allowed("grandparent", on=D(2025, 1, 1))


def test_filer_choices() -> None:
    assert [f.code for f in filer_choices("death", on=D(2025, 1, 1))] == [
        "cohabiting_relative",
        "relative",
        "cohabitant",
        "place_manager",
        "dong_tong_ri_head",
        "other",
    ]
    assert len(filer_choices("birth", on=D(2025, 1, 1))) == 6
    with pytest.raises(ValueError, match="출생"):
        filer_choices("marriage", on=D(2025, 1, 1))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Marriage: witnesses and age
# ---------------------------------------------------------------------------


def test_two_adult_witnesses_pass() -> None:
    check_marriage_witnesses([D(2006, 6, 1), D(1970, 1, 1)], D(2025, 6, 1))  # 19 on the day


@pytest.mark.parametrize(
    ("births", "on", "message"),
    [
        ([D(1980, 1, 1)], D(2025, 6, 1), "증인 2명이 필요합니다 \\(입력 1명\\)"),
        ([], D(2025, 6, 1), "입력 0명"),
        ([D(2006, 6, 2), D(1980, 1, 1)], D(2025, 6, 1), "증인 1은 신고일 현재 만 18세"),
        ([D(1980, 1, 1), D(2010, 1, 1)], D(2025, 6, 1), "증인 2는 신고일 현재 만 15세"),
        ([D(1980, 1, 1), D(1981, 1, 1), D(2010, 1, 1)], D(2025, 6, 1), "증인 3"),
        ([D(1980, 1, 1), D(2025, 7, 1)], D(2025, 6, 1), "신고일보다 뒤"),
        # majority was 20 until 2013-06-30
        ([D(1994, 1, 1), D(1970, 1, 1)], D(2013, 6, 30), "만 20세 이상"),
    ],
)
def test_witness_problems(births: list[date], on: date, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        check_marriage_witnesses(births, on)
    assert "제812조" in str(caught.value)


def test_nineteen_year_old_witness_after_the_majority_change() -> None:
    check_marriage_witnesses([D(1994, 1, 1), D(1970, 1, 1)], D(2013, 7, 1))


@pytest.mark.parametrize(
    ("born", "on", "needs_consent"),
    [
        (D(2007, 6, 1), D(2025, 6, 1), True),  # 18 today: may marry with parental consent
        (D(2006, 6, 1), D(2025, 6, 1), False),  # 19: of age
        (D(2008, 2, 29), D(2026, 3, 1), True),  # a 29 February birthday counts on 1 March
    ],
)
def test_marriage_age(born: date, on: date, needs_consent: bool) -> None:
    assert check_marriage_age(born, on) is needs_consent


@pytest.mark.parametrize(("born", "on"), [(D(2007, 6, 2), D(2025, 6, 1)), (D(2008, 2, 29), D(2026, 2, 28))])
def test_under_marriage_age(born: date, on: date) -> None:
    with pytest.raises(ValueError, match="만 17세입니다. 만 18세가 되어야 혼인할 수 있습니다"):
        check_marriage_age(born, on, who="신부")


def test_marriage_age_rejects_a_future_birth() -> None:
    with pytest.raises(ValueError, match="신고일보다 뒤"):
        check_marriage_age(D(2025, 7, 1), D(2025, 6, 1))


# ---------------------------------------------------------------------------
# Result SMS wording (family.toml, result_sms)
# ---------------------------------------------------------------------------

SMS = {"office": "서울특별시 성북구청", "filer": "김영희", "kind_name": "출생", "number": "가족-2026-000001"}


def test_result_sms_wording_comes_from_the_data_file() -> None:
    rule = load_data("family")["result_sms"][0]
    assert {"processed", "refused", "contact", "source", "verified", "valid_from"} <= set(rule)
    text = result_sms("processed", **SMS, on=D(2026, 3, 20))
    assert text == rule["processed"].format(
        office=SMS["office"], filer=SMS["filer"], kind=SMS["kind_name"], number=SMS["number"]
    )
    assert text == "[서울특별시 성북구청] 김영희님, 출생 신고(가족-2026-000001)가 처리되었습니다."


def test_result_sms_adds_the_office_phone_only_when_there_is_one() -> None:
    text = result_sms("processed", **SMS, phone="02-2241-3114", on=D(2026, 3, 20))
    assert text.endswith("처리되었습니다. 문의 02-2241-3114")


def test_result_sms_refusal_masks_a_resident_number_in_the_reason_and_cuts_it() -> None:
    reason = "모 900101-2345678 주민번호 불일치 " + "가" * 200
    text = result_sms("refused", **SMS, reason=reason, on=D(2026, 3, 20))
    assert "불수리" in text and "900101-2******" in text
    assert not re.search(r"\d{6}-?\d{7}", text)
    limit = int(load_data("family")["result_sms"][0]["reason_max_chars"])
    assert len(text.split("사유: ", 1)[1]) == limit


def test_result_sms_refuses_an_unknown_outcome() -> None:
    with pytest.raises(ValueError, match="처리완료"):
        result_sms("done", **SMS, on=D(2026, 3, 20))
