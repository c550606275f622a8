"""Issue 14 item 7: the 2026 passport fee increase from 09:00 on 2026-03-01, 잔여유효기간 without a page count,
and the 5년 미만 복수여권; and the time-of-day effectiveness in app.domain.effective that carries them.

Figures by hand from 여권법 시행령 제39조 별표 and 한국국제교류재단법 시행령 제5조 (DOMAIN.md "Passports"):
2024-07-01 00:00 — contribution cut (10년 15,000→12,000, 5년 12,000→9,000, 단수·긴급 5,000→0);
2026-03-01 09:00 — every issuance fee +2,000 ("3월 1일 오전 9시 접수분부터").
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.domain import passport as pp
from app.domain.calendar import SEOUL
from app.domain.effective import in_force, is_in_force, pick_in_force


def kst(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SEOUL)


BEFORE_2024 = kst("2024-06-30T23:59:00")
FROM_2024 = kst("2024-07-01T00:00:00")
BEFORE_2026 = kst("2026-03-01T08:59:59")
FROM_2026 = kst("2026-03-01T09:00:00")


@pytest.mark.parametrize(
    ("kind", "years", "pages", "age", "moment", "fee", "contribution"),
    [
        # 복수 10년 58면: 38,000+15,000 → 38,000+12,000 (2024-07-01 00:00) → 40,000+12,000 (2026-03-01 09:00)
        ("복수", 10, 58, 30, BEFORE_2024, 38_000, 15_000),
        ("복수", 10, 58, 30, FROM_2024, 38_000, 12_000),
        ("복수", 10, 58, 30, BEFORE_2026, 38_000, 12_000),
        ("복수", 10, 58, 30, FROM_2026, 40_000, 12_000),
        # 복수 10년 26면: 35,000 + contribution, +2,000 from 09:00
        ("복수", 10, 26, 30, BEFORE_2026, 35_000, 12_000),
        ("복수", 10, 26, 30, FROM_2026, 37_000, 12_000),
        # 복수 5년 (8세 이상) 58면: 33,000+12,000 → 33,000+9,000 → 35,000+9,000
        ("복수", 5, 58, 12, BEFORE_2024, 33_000, 12_000),
        ("복수", 5, 58, 12, FROM_2024, 33_000, 9_000),
        ("복수", 5, 58, 12, BEFORE_2026, 33_000, 9_000),
        ("복수", 5, 58, 12, FROM_2026, 35_000, 9_000),
        # 복수 5년 (8세 미만) 26면: no contribution; 30,000 → 32,000 at 09:00
        ("복수", 5, 26, 7, BEFORE_2026, 30_000, 0),
        ("복수", 5, 26, 7, FROM_2026, 32_000, 0),
        # 단수: 15,000+5,000 → 15,000 → 17,000
        ("단수", None, None, 30, BEFORE_2024, 15_000, 5_000),
        ("단수", None, None, 30, FROM_2024, 15_000, 0),
        ("단수", None, None, 30, BEFORE_2026, 15_000, 0),
        ("단수", None, None, 30, FROM_2026, 17_000, 0),
        # 긴급: 48,000+5,000 → 48,000 → 50,000
        ("긴급", None, None, 30, BEFORE_2024, 48_000, 5_000),
        ("긴급", None, None, 30, FROM_2024, 48_000, 0),
        ("긴급", None, None, 30, BEFORE_2026, 48_000, 0),
        ("긴급", None, None, 30, FROM_2026, 50_000, 0),
        # 잔여유효기간 부여: 25,000 → 27,000, the same for 58 and 26 pages and without a page count
        ("잔여유효기간", None, None, 30, BEFORE_2024, 25_000, 0),
        ("잔여유효기간", None, None, 30, BEFORE_2026, 25_000, 0),
        ("잔여유효기간", None, None, 30, FROM_2026, 27_000, 0),
        ("잔여유효기간", None, 58, 30, FROM_2026, 27_000, 0),
        ("잔여유효기간", None, 26, 30, FROM_2026, 27_000, 0),
        ("잔여유효기간", None, 26, 30, BEFORE_2026, 25_000, 0),
        # 5년 미만 복수여권 (26면만): 15,000, no contribution; from 09:00 the estimate 17,000 (unverified)
        ("5년미만복수", None, 26, 30, BEFORE_2024, 15_000, 0),
        ("5년미만복수", None, None, 30, FROM_2024, 15_000, 0),
        ("5년미만복수", None, 26, 30, BEFORE_2026, 15_000, 0),
        ("5년미만복수", None, 26, 30, FROM_2026, 17_000, 0),
    ],
)
def test_fee_at_the_moment_of_application(
    kind: str, years: int | None, pages: int | None, age: int, moment: datetime, fee: int, contribution: int
) -> None:
    result = pp.passport_fee(kind, validity_years=years, pages=pages, age=age, applied_at=moment)
    assert (result.fee, result.contribution, result.total) == (fee, contribution, fee + contribution)


def test_the_same_day_before_and_after_nine() -> None:
    # 2026-03-01: 08:59:59 is the old table, 09:00:00 the new one; the same in UTC (00:00Z = 09:00 Seoul).
    early = pp.passport_fee("복수", validity_years=10, pages=58, age=40, applied_at=BEFORE_2026)
    late = pp.passport_fee("복수", validity_years=10, pages=58, age=40, applied_at=FROM_2026)
    assert (early.total, early.table) == (50_000, "여권 수수료 (2024-07-01 시행)")
    assert (late.total, late.table) == (52_000, "여권 수수료 (2026-03-01 시행)")
    assert pp.passport_fee("단수", age=40, applied_at=datetime(2026, 2, 28, 23, 59, 59, tzinfo=UTC)).total == 15_000
    assert pp.passport_fee("단수", age=40, applied_at=datetime(2026, 3, 1, 0, 0, tzinfo=UTC)).total == 17_000
    # between midnight and 09:00 it is still the old fee (the earlier program switched at 00:00)
    assert pp.passport_fee("단수", age=40, applied_at=kst("2026-03-01T00:00")).total == 15_000
    assert pp.passport_fee("단수", age=40, applied_at=kst("2026-03-01T00:00:00.5")).total == 15_000
    assert pp.passport_fee("단수", age=40, applied_at=kst("2026-03-01T08:59:59.999999")).total == 15_000


def test_a_bare_date_is_the_start_of_that_day() -> None:
    # A date cannot tell 08:59 from 09:00: it means 00:00 in Seoul, so 2026-03-01 gets the old table.
    assert pp.passport_fee("긴급", age=30, applied_at=date(2026, 3, 1)).total == 48_000
    assert pp.passport_fee("긴급", age=30, applied_at=date(2026, 3, 2)).total == 50_000
    assert pp.passport_fee("긴급", age=30, applied_at=date(2024, 7, 1)).total == 48_000
    assert pp.passport_fee("긴급", age=30, applied_at=date(2024, 6, 30)).total == 53_000
    assert pp.application_moment(date(2026, 3, 1)) == kst("2026-03-01T00:00")


def test_remaining_validity_needs_no_page_count() -> None:
    fee = pp.passport_fee(pp.KIND_REMAINING, pages=None, age=30, applied_at=FROM_2026)
    assert (fee.pages, fee.total, fee.label) == (None, 27_000, "잔여유효기간 부여 여권")
    with_pages = pp.passport_fee(pp.KIND_REMAINING, pages=58, age=30, applied_at=FROM_2026)
    assert (with_pages.pages, with_pages.total, with_pages.label) == (58, 27_000, "잔여유효기간 부여 여권 58면")
    with pytest.raises(pp.PassportRuleError, match="58면 또는 26면"):
        pp.passport_fee(pp.KIND_REMAINING, pages=48, age=30, applied_at=FROM_2026)
    # 복수여권 still needs its page count (58 and 26 cost differently)
    with pytest.raises(pp.PassportRuleError, match="면수를 고르세요"):
        pp.passport_fee(pp.KIND_MULTIPLE, validity_years=10, age=30, applied_at=FROM_2026)


def test_short_multiple_passport() -> None:
    fee = pp.passport_fee(pp.KIND_SHORT_MULTIPLE, age=30, applied_at=FROM_2026)
    assert (fee.kind, fee.pages, fee.validity_years) == ("5년미만복수", 26, None)
    assert (fee.total, fee.verified) == (17_000, False)
    assert pp.passport_fee(pp.KIND_SHORT_MULTIPLE, age=30, applied_at=BEFORE_2026).verified is True
    assert pp.KIND_SHORT_MULTIPLE in pp.KINDS and "5년 미만" in pp.KIND_LABELS[pp.KIND_SHORT_MULTIPLE]
    options = {(o.kind, o.pages) for o in pp.validity_options(30, on=FROM_2026)}
    assert ("5년미만복수", 26) in options
    # 긴급여권의 감면은 이 여권에 없다
    with pytest.raises(pp.PassportRuleError, match="긴급여권에만"):
        pp.passport_fee(pp.KIND_SHORT_MULTIPLE, age=30, applied_at=FROM_2026, reduced=True)


def test_options_switch_at_nine_too() -> None:
    before = {o.label for o in pp.validity_options(30, on=BEFORE_2026)}
    after = {o.label for o in pp.validity_options(30, on=FROM_2026)}
    assert before == after  # the same passports, different fees
    assert {"잔여유효기간 부여 여권 58면", "잔여유효기간 부여 여권 26면"} <= after


# --- app.domain.effective: entries dated by day or by moment --------------------------------------------

DAY_ENTRY = {"valid_from": "2024-07-01", "valid_to": "2026-02-28"}
UNTIL_NINE = {"valid_from": "2024-07-01", "valid_to": datetime(2026, 3, 1, 9, tzinfo=SEOUL)}
FROM_NINE = {"valid_from": datetime(2026, 3, 1, 9, tzinfo=SEOUL)}
FROM_NINE_TEXT = {"valid_from": "2026-03-01T09:00:00+09:00"}
FROM_NINE_LOCAL = {"valid_from": "2026-03-01T09:00:00"}  # no offset: Seoul time


@pytest.mark.parametrize(
    ("entry", "on", "expected"),
    [
        (DAY_ENTRY, date(2024, 7, 1), True),  # a date valid_from starts at 00:00 that day
        (DAY_ENTRY, kst("2024-06-30T23:59:59"), False),
        (DAY_ENTRY, kst("2026-02-28T23:59:59"), True),  # a date valid_to runs to the end of that day
        (DAY_ENTRY, date(2026, 3, 1), False),
        (UNTIL_NINE, kst("2026-03-01T08:59:59"), True),
        (UNTIL_NINE, kst("2026-03-01T09:00"), False),  # a moment valid_to is exclusive
        (UNTIL_NINE, date(2026, 3, 1), True),  # a date is 00:00
        (FROM_NINE, kst("2026-03-01T08:59:59"), False),
        (FROM_NINE, kst("2026-03-01T09:00"), True),
        (FROM_NINE, date(2026, 3, 1), False),
        (FROM_NINE, date(2026, 3, 2), True),
        (FROM_NINE_TEXT, kst("2026-03-01T09:00"), True),
        (FROM_NINE_TEXT, kst("2026-03-01T08:59"), False),
        (FROM_NINE_LOCAL, datetime(2026, 3, 1, 0, 0, tzinfo=UTC), True),
        (FROM_NINE_LOCAL, datetime(2026, 2, 28, 23, 59, tzinfo=UTC), False),
        (FROM_NINE, datetime(2026, 3, 1, 9, 0), True),  # a naive moment is Seoul time
    ],
)
def test_is_in_force_by_day_and_by_moment(entry: dict[str, object], on: date | datetime, expected: bool) -> None:
    assert is_in_force(entry, on) is expected


def test_no_gap_and_no_overlap_at_the_moment_of_change() -> None:
    entries = [UNTIL_NINE, FROM_NINE]
    for moment in (kst("2026-03-01T08:59:59.999999"), kst("2026-03-01T09:00")):
        assert len(in_force(entries, moment)) == 1
    assert pick_in_force(entries, kst("2026-03-01T08:59:59")) is UNTIL_NINE
    assert pick_in_force(entries, kst("2026-03-01T09:00")) is FROM_NINE
    with pytest.raises(LookupError, match="2024-06-30 23:59에 적용되는"):
        pick_in_force(entries, kst("2024-06-30T23:59"))
