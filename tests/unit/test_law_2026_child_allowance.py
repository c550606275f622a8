"""Issue 14 item 3: 아동수당 by 아동수당법 제4조① as amended by 법률 제21489호 (2026-03-20, from 2026-01-01).

Paid under 9 in 2026, under 10 in 2027, 11 in 2028, 12 in 2029, 13 from 2030, up to the month before the
month of that birthday; 부칙: children born in 2017 are paid for all of 2026–2029 whatever their birthday.
Until 2025: under 8. Each row is worked out by hand: "calendar months" counts the birth month as month 0,
so under N means months 0 … 12·N − 1, i.e. through the month before the birthday month of age N.
The 60-day application windows (아동수당법 제10조②) are confirmed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.documents.benefits import render_benefit_sheet
from app.domain.benefits import Household, LifeEvent, Person, describe_benefit, match_benefits
from app.domain.family_guidance import guidance_for
from app.resources import load_data
from app.services.actor import Actor
from app.services.benefits import lookup_benefits
from app.views.office import OfficeView

YES, NO = "대상", "비대상"
d = date


def ask(born: date, on: date):  # type: ignore[no-untyped-def]
    household = Household(people=(Person("아이", born, "자녀"),), event=None)
    (answer,) = match_benefits(household, on=on, codes=["child_allowance"])
    return answer


@pytest.mark.parametrize(
    ("born", "on", "verdict", "why"),
    [
        # --- 2025: under 8 (아동수당법 제4조①, 2022-04-01 시행) — 8th birthday month 2025-12 is not paid
        (d(2017, 12, 10), d(2025, 11, 30), YES, "2025년 11월분까지"),  # month 95: the month before
        (d(2017, 12, 10), d(2025, 12, 1), NO, "만 8세 미만 아님"),  # month 96: the birthday month
        (d(2018, 6, 1), d(2025, 6, 15), YES, "만 8세 미만"),  # month 84
        # --- 2026: under 9 (months 0..107), and every 2017-born child all year (부칙)
        (d(2017, 12, 10), d(2026, 1, 1), YES, "2017년생"),  # retroactive from 2026-01-01
        (d(2017, 1, 5), d(2026, 1, 31), YES, "2017년생"),  # month 108, 9th birthday month: 부칙
        (d(2017, 6, 1), d(2026, 12, 31), YES, "2017년생"),  # month 114
        (d(2018, 1, 10), d(2026, 12, 31), YES, "만 9세 미만"),  # month 107: the month before 9th birthday month
        (d(2018, 3, 15), d(2026, 3, 14), YES, "만 9세 미만"),  # under 8 would have ended in 2026-03
        (d(2016, 12, 31), d(2026, 1, 5), NO, "만 9세 미만 아님"),  # month 109, born 2016: not 부칙
        (d(2016, 1, 1), d(2026, 6, 1), NO, "2017년생도 아님"),
        # --- 2027: under 10 (months 0..119)
        (d(2017, 3, 1), d(2027, 6, 1), YES, "2017년생"),  # month 123: 부칙
        (d(2018, 12, 1), d(2027, 12, 31), YES, "만 10세 미만"),  # month 108
        (d(2016, 12, 1), d(2027, 1, 1), NO, "만 10세 미만 아님"),  # month 121
        # --- 2028: under 11 (months 0..131)
        (d(2017, 7, 7), d(2028, 7, 7), YES, "2017년생"),  # 11th birthday itself: 부칙
        (d(2018, 1, 1), d(2028, 12, 1), YES, "만 11세 미만"),  # month 131
        # --- 2029: under 12 (months 0..143); a 2017-born child in December 2029 is still paid
        (d(2017, 1, 5), d(2029, 12, 31), YES, "2017년생"),  # month 155
        (d(2017, 12, 31), d(2029, 12, 1), YES, "2017년생"),  # month 144 > 143: 부칙
        (d(2018, 12, 20), d(2029, 11, 30), YES, "만 12세 미만"),  # month 131
        (d(2016, 12, 31), d(2029, 1, 1), NO, "만 12세 미만 아님"),
        # --- 2030: under 13 (months 0..155); 부칙 over, the 2017-born are under the general rule
        (d(2017, 1, 5), d(2030, 1, 1), NO, "만 13세 미만 아님"),  # month 156: 13th birthday month
        (d(2017, 5, 20), d(2030, 4, 30), YES, "2030년 4월분까지"),  # month 155: the month before
        (d(2017, 5, 20), d(2030, 5, 1), NO, "2030년 5월분부터 해당 없음"),  # month 156, before the 20th
        (d(2018, 2, 28), d(2031, 1, 31), YES, "2031년 1월분까지"),
        (d(2018, 2, 28), d(2031, 2, 1), NO, "만 13세 생일: 2031-02-28"),
    ],
)
def test_child_allowance_by_year(born: date, on: date, verdict: str, why: str) -> None:
    answer = ask(born, on)
    assert answer.verdict == verdict, answer.reasons
    assert any(why in reason for reason in answer.reasons), answer.reasons
    assert answer.amount == (100_000 if verdict == YES else None)
    assert answer.verified is True


@pytest.mark.parametrize(
    ("on", "limit"),
    [(d(2025, 12, 31), 8), (d(2026, 1, 1), 9), (d(2027, 7, 1), 10), (d(2028, 2, 29), 11), (d(2029, 12, 31), 12),
     (d(2030, 1, 1), 13), (d(2035, 1, 1), 13)],
)
def test_the_catalog_says_the_age_of_the_year(on: date, limit: int) -> None:
    info = describe_benefit("child_allowance", on=on)
    assert f"만 {limit}세 미만" in info.description
    assert info.valid_from.year == (2022 if limit == 8 else on.year if limit < 13 else 2030)
    if 9 <= limit <= 12:
        assert "제21489호" in info.source and "부칙" in info.source and "2017년생" in info.description


def test_the_reasons_state_the_schedule_without_a_misleading_end_month() -> None:
    # In 2026 the end month is not this year's limit (the law already sets 2027–2030): no "…분까지" for it.
    answer = ask(d(2018, 3, 15), d(2026, 12, 1))
    assert not any("분까지" in r and "만 9세" in r for r in answer.reasons)
    assert any("2030년부터 만 13세 미만" in r for r in answer.reasons)


def test_every_year_has_a_dated_sourced_entry_without_gaps() -> None:
    entries = [e for e in load_data("benefits")["benefits"] if e["code"] == "child_allowance"]
    starts = [str(e["valid_from"]) for e in entries]
    assert starts[-5:] == ["2026-01-01", "2027-01-01", "2028-01-01", "2029-01-01", "2030-01-01"]
    for earlier, later in zip(entries, entries[1:], strict=False):
        end = date.fromisoformat(str(earlier["valid_to"]))
        assert date.fromordinal(end.toordinal() + 1) == date.fromisoformat(str(later["valid_from"]))
    assert "valid_to" not in entries[-1]
    for entry in entries[-5:]:
        assert entry["verified"] is True and "아동수당법 제4조①" in entry["source"]


@pytest.mark.parametrize("code", ["child_allowance", "parent_benefit"])
def test_sixty_day_windows_are_confirmed(code: str) -> None:
    # 아동수당법 제10조②: born 2026-11-25, the birth day is day 1 → 60th day 2027-01-23.
    household = Household(people=(), event=LifeEvent("출생", d(2026, 11, 25), birth_order=1))
    (answer,) = match_benefits(household, on=d(2026, 11, 25), codes=[code])
    assert answer.deadline == d(2027, 1, 23) and answer.verified is True
    assert not any("미확인" in r or "확인되지 않은" in r for r in answer.reasons)
    entry = [e for e in load_data("benefits")["benefits"] if e["code"] == code][-1]
    assert entry["deadline"]["verified"] is True and "제10조②" in entry["deadline"]["source"]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (d(2025, 6, 1), "아동수당: 만 8세 미만 아동에게 매월 지급"),
        (d(2026, 12, 2), "아동수당: 2026년에는 만 9세 미만"),
        (d(2027, 1, 1), "아동수당: 2027년에는 만 10세 미만"),
        (d(2028, 12, 31), "아동수당: 2028년에는 만 11세 미만"),
        (d(2029, 6, 1), "아동수당: 2029년에는 만 12세 미만"),
        (d(2030, 1, 1), "아동수당: 만 13세 미만 아동에게 매월 지급"),
    ],
)
def test_the_birth_guidance_sheet_says_the_age_of_its_date(on: date, expected: str) -> None:
    guidance = guidance_for("출생", event_date=on, birth_order=1, on=on)
    lines = [i.text for s in guidance.sections for i in s.items if i.benefit == "child_allowance"]
    assert len(lines) == 1 and lines[0].startswith(expected)
    assert all("만 8세 미만" not in line for line in lines) or on.year < 2026
    window = next(s for s in guidance.sections if s.heading == "신청 시기")
    assert window.verified is True  # 아동수당법 제10조②
    assert guidance.verified is True  # the first child's sheet carries nothing unconfirmed


def test_the_benefit_sheet_says_what_the_law_says_in_2026(tmp_path: Path) -> None:
    on = d(2026, 11, 25)
    household = Household(
        people=(Person("박열살", d(2017, 2, 3), "자녀"), Person("박여덟", d(2018, 4, 5), "자녀")), event=None
    )
    actor = Actor(1, "guide1", "안내 도우미", "guide", 1, None, "창구-3")
    lookup = lookup_benefits(actor, household, on=on, audience="주민")
    office = OfficeView(
        1, "seongbuk", "서울특별시 성북구청", "민원여권과", "서울특별시 성북구 보문로 168", "02-2241-3000"
    )
    printed = datetime(2026, 11, 25, 1, tzinfo=UTC)
    path = render_benefit_sheet(lookup, tmp_path / "sheet.pdf", office=office, printed_at=printed, clerk_name="도우미")
    flat = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(path)).pages))
    assert "아동수당" in flat and "200,000원" in flat  # both children: the 2017-born by the 부칙
    assert "만9세미만" in flat and "2017년생" in flat
    assert "만8세미만" not in flat
