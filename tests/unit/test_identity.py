"""Resident numbers: parsing, masking, check digit as a warning only."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.identity import (
    InvalidResidentNumber,
    check_digit,
    full_years,
    mask_text,
    parse_resident_number,
)

TODAY = date(2026, 11, 25)


def valid(front: str, s: str, middle: str = "23456") -> str:
    body = front + s + middle
    return body + str(check_digit(body))


@pytest.mark.parametrize("text", ["9001011234568", "900101-1234568", " 900101 - 1234568 ", "900101 1234568"])
def test_accepts_the_usual_spellings(text: str) -> None:
    rrn = parse_resident_number(text, today=TODAY)
    assert rrn.digits == "9001011234568"
    assert rrn.birth_date == date(1990, 1, 1)
    assert rrn.masked() == "900101-1******"


@pytest.mark.parametrize(
    ("s", "year", "sex", "foreigner"),
    [
        ("9", 1800, "M", False),
        ("0", 1800, "F", False),
        ("1", 1900, "M", False),
        ("2", 1900, "F", False),
        ("3", 2000, "M", False),
        ("4", 2000, "F", False),
        ("5", 1900, "M", True),
        ("6", 1900, "F", True),
        ("7", 2000, "M", True),
        ("8", 2000, "F", True),
    ],
)
def test_century_sex_and_foreigner_digit(s: str, year: int, sex: str, foreigner: bool) -> None:
    rrn = parse_resident_number(valid("050315", s), today=TODAY)
    assert rrn.birth_date == date(year + 5, 3, 15)
    assert rrn.sex == sex
    assert rrn.is_foreigner is foreigner


def test_check_digit_is_a_warning_not_an_error() -> None:
    good = valid("711231", "1")
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    assert parse_resident_number(good, today=TODAY).checksum_ok is True
    rrn = parse_resident_number(bad, today=TODAY)
    assert rrn.checksum_ok is False
    assert rrn.checksum_warning is not None and "2020년 10월" in rrn.checksum_warning


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "입력하세요"),
        ("90010112345", "13자리"),
        ("900101123456789", "13자리"),
        ("90010a-1234567", "숫자"),
        ("９００１０１１２３４５６７", "숫자"),
        ("901301-1234567", "없는 날짜"),
        ("900230-1234567", "없는 날짜"),
        ("270101-3234567", "미래"),
    ],
)
def test_refuses_with_a_korean_message(text: str, fragment: str) -> None:
    with pytest.raises(InvalidResidentNumber, match=fragment):
        parse_resident_number(text, today=TODAY)


def test_leap_day_birth() -> None:
    assert parse_resident_number(valid("000229", "3"), today=TODAY).birth_date == date(2000, 2, 29)
    with pytest.raises(InvalidResidentNumber):
        parse_resident_number(valid("010229", "3"), today=TODAY)


def test_full_years_on_and_before_the_birthday() -> None:
    assert full_years(date(2018, 11, 25), date(2026, 11, 25)) == 8
    assert full_years(date(2018, 11, 26), date(2026, 11, 25)) == 7


def test_mask_text_hides_numbers_in_free_text() -> None:
    masked = mask_text("민원인 9001011234568, 배우자 920202-2345678 확인")
    assert "1234568" not in masked and "2345678" not in masked
    assert "900101-1******" in masked and "920202-2******" in masked


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_masked_never_shows_the_last_six_digits(n: int) -> None:
    body = f"{n:012d}"
    body = "900101" + "1" + body[7:]
    rrn = parse_resident_number(body + str(check_digit(body)), today=TODAY)
    assert rrn.masked() == f"900101-1{'*' * 6}"
    assert rrn.masked()[8:] == "******"
