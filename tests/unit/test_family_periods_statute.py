"""Family filing periods as the statute counts them (issue 14 items 1, 2 and 9), computed by hand.

가족관계의 등록 등에 관한 법률 제37조①: 신고기간은 신고사건 발생일부터 기산한다 (the event day is day 1,
an exception to 민법 제157조); months by the calendar (민법 제160조, 가족관계등록예규 제411호); 제37조②:
a judgment that became final before it was served counts from the day of service; 민법 제161조: a last
day on a Saturday or public holiday → the next working day. Weekdays checked on the 2026-2028 calendar.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.family import FilingLapsed, days_late, filing_deadline, filing_period_end
from app.domain.family_fines import assess_filing, late_fine

D = date
TODAY = D(2028, 12, 31)


@pytest.mark.parametrize(
    ("kind", "event", "nominal", "due"),
    [
        # 10-1 is day 1 → the day before 11-1 = 10-31 (제160조②); a Saturday → Monday 11-2 (제161조)
        ("birth", D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 2)),
        # 1-15 → the day before 2-15 = 2-14, a Saturday; 2-15 Sunday, 2-16..18 설날 → Thursday 2-19
        ("출생", D(2026, 1, 15), D(2026, 2, 14), D(2026, 2, 19)),
        # learned of a death on 3-31: there is no 4-31 → 4-30, a Thursday (제160조③)
        ("death", D(2026, 3, 31), D(2026, 4, 30), D(2026, 4, 30)),
        # 1-30: no 2-30 → 2-28, a Saturday; 3-1 삼일절 (Sunday), 3-2 its substitute → Tuesday 3-3
        ("birth", D(2026, 1, 30), D(2026, 2, 28), D(2026, 3, 3)),
        # 2028-01-30: no 2-30 → 2-29, a Tuesday (제160조③)
        ("birth", D(2028, 1, 30), D(2028, 2, 29), D(2028, 2, 29)),
        # 4-2 → the day before 5-2 = 5-1 노동절 (a public holiday from 2026) → weekend → Monday 5-4
        ("사망", D(2026, 4, 2), D(2026, 5, 1), D(2026, 5, 4)),
        # 5-4 → the day before 6-4 = 6-3 지방선거일 → Thursday 6-4
        ("name_change", D(2026, 5, 4), D(2026, 6, 3), D(2026, 6, 4)),
        # 6-18 → the day before 7-18 = 7-17 제헌절 (a public holiday again from 2026) → Monday 7-20
        ("divorce_judicial", D(2026, 6, 18), D(2026, 7, 17), D(2026, 7, 20)),
        # 4-24 → 5-23 Saturday, 5-24 부처님오신날 (Sunday), 5-25 its substitute → Tuesday 5-26
        ("birth", D(2026, 4, 24), D(2026, 5, 23), D(2026, 5, 26)),
        # 협의이혼 3 months: 2026-12-01 → the day before 2027-03-01 = 2-28 (Sunday), 3-1 삼일절 → 3-2
        ("divorce_consent", D(2026, 12, 1), D(2027, 2, 28), D(2027, 3, 2)),
        # 외국 방식 혼인 3 months from 2027-11-29 → the day before 2028-02-29 = 2-28, a Monday
        ("marriage_abroad", D(2027, 11, 29), D(2028, 2, 28), D(2028, 2, 28)),
    ],
)
def test_filing_deadline_counts_the_event_day(kind: str, event: date, nominal: date, due: date) -> None:
    assert filing_period_end(event, 3 if kind in ("divorce_consent", "marriage_abroad") else 1) == nominal
    assert filing_deadline(kind, event) == due
    assert days_late(kind, event, due) == 0
    assert days_late(kind, event, due + timedelta(days=1)) == 1


def test_one_day_earlier_than_the_old_count() -> None:
    # The old count (제157조, event day left out) gave 11-1 for a birth on 10-1; the statute gives 10-31.
    # On 2026-03-02 (Monday): 3-2 is day 1 → Wednesday 4-1; filing on Thursday 4-2 is now 1 day late.
    assert filing_deadline("birth", D(2026, 3, 2)) == D(2026, 4, 1)
    assert late_fine("birth", D(2026, 3, 2), D(2026, 4, 1)) == 0
    assert late_fine("birth", D(2026, 3, 2), D(2026, 4, 2)) == 10_000


# --- 제37조②: a judgment final before it was served counts from the service -------------------------


def test_judgment_final_before_service_counts_from_the_service() -> None:
    # Final on Monday 2026-03-02, served on Tuesday 3-10: 3-10 is day 1 → Thursday 4-9 (not Wednesday 4-1).
    assert filing_deadline("divorce_judicial", D(2026, 3, 2)) == D(2026, 4, 1)
    assert filing_deadline("divorce_judicial", D(2026, 3, 2), served_on=D(2026, 3, 10)) == D(2026, 4, 9)
    assert late_fine("divorce_judicial", D(2026, 3, 2), D(2026, 4, 9), served_on=D(2026, 3, 10)) == 0
    assert late_fine("divorce_judicial", D(2026, 3, 2), D(2026, 4, 10), served_on=D(2026, 3, 10)) == 10_000
    result = assess_filing("재판·조정 이혼", D(2026, 3, 2), D(2026, 4, 9), served_on=D(2026, 3, 10), today=TODAY)
    assert result.in_time and result.deadline == D(2026, 4, 9) and result.served_on == D(2026, 3, 10)
    # Served on the day it became final (or before): the final day counts, nothing changes.
    assert filing_deadline("divorce_judicial", D(2026, 3, 2), served_on=D(2026, 3, 2)) == D(2026, 4, 1)


@pytest.mark.parametrize(("served", "message"), [(D(2026, 3, 1), "앞섭니다"), (D(2026, 4, 20), "신고일")])
def test_service_day_must_lie_between_the_judgment_and_the_filing(served: date, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        assess_filing("divorce_judicial", D(2026, 3, 2), D(2026, 4, 10), served_on=served, today=TODAY)


def test_consensual_divorce_lapses_counted_from_the_delivery_day() -> None:
    # 협의이혼의사 확인서 등본 delivered on Monday 2026-03-02: 3 months → the day before 6-2 = Monday 6-1.
    assert filing_deadline("divorce_consent", D(2026, 3, 2)) == D(2026, 6, 1)
    assert late_fine("divorce_consent", D(2026, 3, 2), D(2026, 6, 1)) == 0
    with pytest.raises(FilingLapsed, match="2026년 6월 1일"):
        late_fine("divorce_consent", D(2026, 3, 2), D(2026, 6, 2))


# --- fines follow the corrected deadline ------------------------------------------------------------


@pytest.mark.parametrize(
    ("filed", "fine", "band"),
    [
        # born 2026-10-01, due Monday 11-2 (10-31 Saturday, 민법 제161조)
        (D(2026, 11, 2), 0, None),
        (D(2026, 11, 3), 10_000, "7일 미만"),  # 1 day
        (D(2026, 11, 8), 10_000, "7일 미만"),  # 6 days
        (D(2026, 11, 9), 20_000, "7일 이상 1개월 미만"),  # 7 days
        # a month of lateness after 11-2: 11-3 … 12-2 (민법 제157조 본문·제160조②) → 12-2 is "1개월 이상"
        (D(2026, 12, 1), 20_000, "7일 이상 1개월 미만"),
        (D(2026, 12, 2), 30_000, "1개월 이상 3개월 미만"),
        (D(2027, 2, 2), 40_000, "3개월 이상 6개월 미만"),  # 11-3 … 2-2 is three months
        (D(2027, 5, 2), 50_000, "6개월 이상"),  # 11-3 … 5-2 is six months
    ],
)
def test_fines_from_the_corrected_deadline(filed: date, fine: int, band: str | None) -> None:
    result = assess_filing("birth", D(2026, 10, 1), filed, today=TODAY)
    assert result.deadline == D(2026, 11, 2)
    assert result.fine == fine == late_fine("birth", D(2026, 10, 1), filed)
    assert result.band == band


# --- item 9: late registrations of long ago --------------------------------------------------------


@pytest.mark.parametrize("born", [D(1990, 5, 1), D(1955, 8, 15), D(1800, 1, 1)])
def test_a_birth_long_ago_is_taken_and_the_registrar_decides_the_fine(born: date) -> None:
    result = assess_filing("birth", born, D(2026, 12, 1), today=D(2026, 12, 1))
    assert result.days_late > 0 and not result.in_time and not result.lapsed
    assert result.fine_by_registrar and result.fine == 0 and result.band is None
    assert not result.verified
    assert "규정이 없습니다" not in result.label and "(가)" not in result.label
    assert "예상 과태료를 계산하지 않음" in result.label
    assert result.note is not None and "등록관" in result.note and "신고는 받을 수 있습니다" in result.note
    assert late_fine("birth", born, D(2026, 12, 1)) == 0


def test_a_death_learned_in_1990_is_assessed_too() -> None:
    result = assess_filing("death", D(1990, 3, 31), D(2026, 12, 1), today=D(2026, 12, 1))
    assert result.deadline == D(1990, 4, 30) and result.fine_by_registrar
