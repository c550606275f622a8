"""Korean particles chosen from the word's last syllable as read aloud (app.domain.josa)."""

from __future__ import annotations

import pytest

from app.domain.josa import final_consonant, josa, particle
from app.formatting import josa as formatting_josa

# word, 을/를, 이/가, 은/는, 으로/로, 과/와
TABLE = [
    # 받침 있음
    ("등본", "을", "이", "은", "으로", "과"),
    ("발급", "을", "이", "은", "으로", "과"),
    ("장소", "를", "가", "는", "로", "와"),
    ("처리완료", "를", "가", "는", "로", "와"),
    ("접수증", "을", "이", "은", "으로", "과"),
    ("여권", "을", "이", "은", "으로", "과"),
    # ㄹ 받침: 으로/로 takes 로
    ("서울", "을", "이", "은", "로", "과"),
    ("신청서 파일", "을", "이", "은", "로", "과"),
    ("휴무일", "을", "이", "은", "로", "과"),
    # 받침 없음
    ("사유", "를", "가", "는", "로", "와"),
    ("프린터", "를", "가", "는", "로", "와"),
    ("주소", "를", "가", "는", "로", "와"),
]

DIGITS = [  # 일 이 삼 사 오 육 칠 팔 구 십
    ("1", "을", "로"),
    ("2", "를", "로"),
    ("3", "을", "으로"),
    ("4", "를", "로"),
    ("5", "를", "로"),
    ("6", "을", "으로"),
    ("7", "을", "로"),
    ("8", "을", "로"),
    ("9", "를", "로"),
    ("10", "을", "으로"),
    ("0", "을", "으로"),  # 영
    ("100", "을", "으로"),  # 백
    ("1000", "을", "으로"),  # 천
    ("1,000", "을", "으로"),
    ("20000", "을", "으로"),  # 이만
    ("300000000", "을", "으로"),  # 삼억
    ("12", "를", "로"),  # 십이
    ("2026-03-01", "을", "로"),  # …일일
    ("2026-03-02", "를", "로"),
    ("1.5", "를", "로"),  # 일 점 오
    ("P-2026-0013", "을", "으로"),  # 십삼
]

ACRONYMS = [  # read by the names of the letters
    ("PDF", "를", "가", "로"),  # 에프
    ("CSV", "를", "가", "로"),  # 브이
    ("SMS", "를", "가", "로"),  # 에스
    ("URL", "을", "이", "로"),  # 엘
    ("HTML", "을", "이", "로"),
    ("PIN", "을", "이", "으로"),  # 엔
    ("ATM", "을", "이", "으로"),  # 엠
    ("QR", "을", "이", "로"),  # 알
    ("ID", "를", "가", "로"),  # 디
    ("UTF-8", "을", "이", "로"),  # 팔
]

WORDS = [  # Latin words as they are pronounced
    ("Excel", "을", "로"),
    ("admin", "을", "으로"),
    ("printer", "를", "로"),
    ("LaserJet", "을", "으로"),
    ("office", "를", "로"),
]


@pytest.mark.parametrize(("word", "eul", "i", "eun", "euro", "gwa"), TABLE)
def test_hangul_words(word: str, eul: str, i: str, eun: str, euro: str, gwa: str) -> None:
    assert particle(word, "을/를") == eul
    assert particle(word, "이/가") == i
    assert particle(word, "은/는") == eun
    assert particle(word, "으로/로") == euro
    assert particle(word, "과/와") == gwa


@pytest.mark.parametrize(("word", "eul", "euro"), DIGITS)
def test_numbers_read_in_korean(word: str, eul: str, euro: str) -> None:
    assert particle(word, "을/를") == eul
    assert particle(word, "으로/로") == euro


@pytest.mark.parametrize(("word", "eul", "i", "euro"), ACRONYMS)
def test_acronyms_read_by_letter_names(word: str, eul: str, i: str, euro: str) -> None:
    assert particle(word, "을/를") == eul
    assert particle(word, "이/가") == i
    assert particle(word, "으로/로") == euro


@pytest.mark.parametrize(("word", "eul", "euro"), WORDS)
def test_latin_words(word: str, eul: str, euro: str) -> None:
    assert particle(word, "을/를") == eul
    assert particle(word, "으로/로") == euro


def test_josa_appends_and_keeps_the_word() -> None:
    assert josa("처리완료", "을/를") == "처리완료를"
    assert josa("발급", "은/는") == "발급은"
    assert josa("장소", "이/가") == "장소가"
    assert josa("서울", "으로/로") == "서울로"
    assert josa(2026, "은/는") == "2026은"  # 육
    assert formatting_josa is josa


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("'ABC'", "'ABC'를"),  # 씨
        ("'접수'", "'접수'를"),
        ("「주민등록법」", "「주민등록법」을"),
        ("등본(2부)", "등본(2부)을"),  # the remark is skipped: 등본
        ("주소 (도로명)", "주소 (도로명)를"),
        ("신청.", "신청.을"),
    ],
)
def test_closing_marks_and_remarks_are_skipped(word: str, expected: str) -> None:
    assert josa(word, "을/를") == expected


@pytest.mark.parametrize("pair", ["을/를", "를/을", "을(를)", "를(을)"])
def test_every_spelling_of_a_pair(pair: str) -> None:
    assert particle("등본", pair) == "을"
    assert particle("사유", pair) == "를"


def test_old_placeholder_spellings() -> None:
    assert particle("서울", "(으)로") == "로"
    assert particle("등본", "(으)로") == "으로"
    assert particle("사유", "와(과)") == "와"


def test_unknown_pair_is_refused_in_korean() -> None:
    with pytest.raises(ValueError, match="알 수 없는 조사"):
        particle("등본", "에/에서")


def test_unreadable_end_takes_the_vowel_form() -> None:
    assert final_consonant("") is None
    assert final_consonant("#") is None
    assert particle("", "을/를") == "를"
    assert particle("…", "이/가") == "가"


def test_final_consonant_index() -> None:
    assert final_consonant("갈") == 8
    assert final_consonant("가") == 0
    assert final_consonant("각") == 1
    assert final_consonant("ㄹ") == 1


@pytest.mark.parametrize(
    ("word", "euro"),
    [("2026-03-01 17:05", "으로"), ("17:30", "으로"), ("09:00:05", "로")],  # …분 / …초
)
def test_clock_times_are_read_with_their_unit(word: str, euro: str) -> None:
    assert particle(word, "으로/로") == euro


@pytest.mark.parametrize(("word", "eul"), [("０", "을"), ("２", "를"), ("１０", "을"), ("5", "를"), ("５", "를")])
def test_full_width_digits_are_read_as_their_numbers(word: str, eul: str) -> None:
    # a pasted full-width period ("０") once raised KeyError inside a refusal (found by tests/db/test_fuzz_counter.py)
    assert particle(word, "을/를") == eul
