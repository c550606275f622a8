"""The one-page 복지 혜택 안내 sheet: content read back with pypdf, one page, no resident numbers."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.documents.benefits import event_line, household_lines, person_age, render_benefit_sheet
from app.domain.benefits import Household, LifeEvent, Person, catalog_version
from app.services.actor import Actor
from app.services.benefits import lookup_benefits
from app.views.benefits import BenefitLookup
from app.views.office import OfficeView

ON = date(2026, 11, 25)
OFFICE = OfficeView(1, "seongbuk", "서울특별시 성북구청", "민원여권과", "서울특별시 성북구 보문로 168", "02-2241-3000")
GUIDE = Actor(1, "guide1", "안내 도우미", "guide", 1, None, "창구-3")
PRINTED = datetime(2026, 11, 25, 1, 30, tzinfo=UTC)


def _third_child_birth() -> Household:
    return Household(
        people=(
            Person("김첫째", date(2019, 5, 3), "자녀"),
            Person("김둘째", date(2022, 8, 30), "자녀"),
            Person("김하늘", ON, "자녀"),
            Person("이엄마", date(1990, 1, 1), "모", frozenset({"직원"})),
        ),
        event=LifeEvent("출생", ON, birth_order=3, person_name="김하늘"),
    )


def _render(lookup: BenefitLookup, tmp_path: Path, name: str = "sheet.pdf") -> tuple[PdfReader, str]:
    path = render_benefit_sheet(lookup, tmp_path / name, office=OFFICE, printed_at=PRINTED, clerk_name="안내 도우미")
    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, text


def _flat(text: str) -> str:
    """Extracted text without line breaks, so a phrase wrapped across lines is still found."""
    return re.sub(r"\s+", "", text)


def test_third_child_birth_sheet_shows_every_answer_with_its_reasons(tmp_path: Path) -> None:
    lookup = lookup_benefits(GUIDE, _third_child_birth(), on=ON, audience="전체", event_only=True)
    reader, text = _render(lookup, tmp_path)
    flat = _flat(text)
    assert len(reader.pages) == 1
    assert "복지혜택안내" in flat
    assert f"조회일{ON.isoformat()}" in flat and f"혜택목록{catalog_version()}판" in flat
    assert "서울특별시성북구청" in flat
    # The answers, amounts and the reasons that decided them.
    assert "첫만남이용권" in flat and "3,000,000원" in flat
    assert "출산축하금" in flat and "1,000,000원" in flat
    assert "둘째이상출생아" in flat  # the voucher's birth-order rule quoted as the reason
    assert "셋째이상" in flat  # the staff gift's row
    assert "신청" in flat and "서류" in flat and "기한" in flat
    assert "2027-11-25까지" in flat  # the voucher's deadline: a year from the birth
    # The household by name, relation and age; a birth date appears only where an age rule needs it.
    for name in ("김첫째", "김둘째", "김하늘", "이엄마"):
        assert name in flat
    assert "만36세" in flat and "생후0개월" in flat
    assert "1990-01-01" not in flat
    assert "2019-05-03생" in flat  # the first child's age rule (아동수당: under 9 in 2026) quotes it
    # Unconfirmed data is marked (양육수당 rests on data the departments have not confirmed).
    assert "미확인자료포함" in flat and "확인되지않은자료" in flat


def test_sheet_has_the_korean_font_embedded(tmp_path: Path) -> None:
    lookup = lookup_benefits(GUIDE, _third_child_birth(), on=ON, audience="주민")
    reader, _ = _render(lookup, tmp_path)
    resources: Any = reader.pages[0]["/Resources"]
    fonts = {str(font.get_object()["/BaseFont"]) for font in resources["/Font"].values()}
    assert any("NanumGothic" in font for font in fonts)


def test_resident_numbers_typed_as_names_are_masked(tmp_path: Path) -> None:
    household = Household(
        people=(Person("홍길동 900101-1234567", date(1990, 1, 1), "본인"), Person("홍아기", ON, "자녀")),
        event=LifeEvent("출생", ON, birth_order=1),
    )
    lookup = lookup_benefits(GUIDE, household, on=ON, audience="주민", event_only=True)
    _, text = _render(lookup, tmp_path)
    flat = _flat(text)
    assert "1234567" not in flat
    assert "900101-1******" in flat
    assert "2,000,000원" in flat  # the first child's voucher


def test_not_eligible_answers_are_listed_with_their_reason(tmp_path: Path) -> None:
    household = Household(people=(Person("박민수", date(2013, 11, 26), "자녀"),), event=None)
    lookup = lookup_benefits(GUIDE, household, on=ON, audience="주민", words="동행 카드")
    _, text = _render(lookup, tmp_path)
    flat = _flat(text)
    assert "해당하지않는혜택" in flat
    assert "아동·청소년동행카드" in flat and "만13세아님" in flat  # 13 only from tomorrow's birthday
    assert "검색어동행카드" in flat


def test_a_large_household_still_fits_one_page(tmp_path: Path) -> None:
    children = tuple(Person(f"자녀{i}", date(2014 + i, 3, 1 + i), "자녀", frozenset({"장애"})) for i in range(9))
    household = Household(
        people=(Person("부모", date(1980, 1, 1), "본인", frozenset({"직원", "수급자", "한부모"})), *children),
        event=LifeEvent("출생", ON, birth_order=10),
        flags=frozenset({"다자녀"}),
    )
    lookup = lookup_benefits(GUIDE, household, on=ON, audience="전체")
    reader, text = _render(lookup, tmp_path)
    assert len(reader.pages) == 1
    assert "자녀8" in _flat(text) and "첫만남이용권" in _flat(text)


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (None, "나이 모름"),
        (date(2026, 12, 1), "나이 모름"),  # after the look-up date
        (ON, "생후 0개월"),
        (date(2026, 10, 25), "생후 1개월"),
        (date(2026, 10, 26), "생후 0개월"),  # one month only on the 26th
        (date(2025, 11, 25), "만 1세 (12개월)"),
        (date(2023, 11, 26), "만 2세 (35개월)"),  # the third birthday is tomorrow
        (date(2023, 11, 25), "만 3세"),
        (date(1990, 1, 1), "만 36세"),
    ],
)
def test_person_age(born: date | None, expected: str) -> None:
    assert person_age(Person("누구", born, "자녀"), ON) == expected


def test_household_and_event_lines() -> None:
    household = _third_child_birth()
    lines = household_lines(household, ON)
    assert lines[0] == "김첫째 (자녀, 만 7세)"
    assert lines[3] == "이엄마 (모, 만 36세, 직원)"
    assert event_line(household) == "출생 · 2026-11-25 · 셋째 · 김하늘"
    school = Household(people=(), event=LifeEvent("입학", ON, school_level="중등"))
    assert event_line(school) == "입학 · 2026-11-25 · 중등"
    assert event_line(Household(people=(), event=None)).startswith("없음")
    flagged = Household(people=(Person("", None, "본인"),), event=None, flags=frozenset({"수급자"}))
    assert household_lines(flagged, ON) == ["(이름 없음) (본인, 나이 모름)", "가구 표시: 수급자"]
    assert household_lines(Household(people=(), event=None), ON) == ["(입력 없음)"]
