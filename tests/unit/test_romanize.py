"""로마자 성명: the Revised Romanization for names (no sound changes inside a given name) and the usual
passport spellings of surnames (app.domain.romanize)."""

from __future__ import annotations

import pytest

from app.domain.romanize import SURNAMES, romanize, romanize_name, split_korean_name


@pytest.mark.parametrize(
    ("surname", "given", "expected"),
    [
        # the examples of 국어의 로마자 표기법 제3장 제4항 (names: sound changes not written)
        ("한", "복남", "HAN BOKNAM"),
        ("홍", "빛나", "HONG BITNA"),
        ("홍", "길동", "HONG GILDONG"),
        # common surnames as passports write them
        ("김", "민준", "KIM MINJUN"),
        ("이", "서연", "LEE SEOYEON"),
        ("박", "지훈", "PARK JIHUN"),
        ("최", "우진", "CHOI UJIN"),
        ("정", "하은", "JUNG HAEUN"),
        ("남궁", "민", "NAMGOONG MIN"),
        ("황보", "영", "HWANGBO YEONG"),
        # a surname without a usual spelling: by the rules
        ("빈", "대한", "BIN DAEHAN"),
        ("뇌", "동", "NOE DONG"),
    ],
)
def test_names(surname: str, given: str, expected: str) -> None:
    assert romanize_name(surname, given).full == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # initials before a vowel, finals at the end of a syllable
        ("가", "ga"),
        ("각", "gak"),
        ("달", "dal"),
        ("라", "ra"),
        ("밥", "bap"),
        ("빛", "bit"),
        ("닭", "dak"),
        ("삶", "sam"),
        ("앉", "an"),
        ("읊", "eup"),
        ("꽃", "kkot"),
        ("쌍", "ssang"),
        ("짜", "jja"),
        # every vowel
        ("애야얘어에여예", "aeyayaeeoeyeoye"),
        ("와왜외요우워웨위유으의이", "wawaeoeyouwowewiyueuuii"),
        # no sound changes between syllables of a name
        ("신라", "sinra"),
        ("종로", "jongro"),
        ("학여울", "hakyeoul"),
    ],
)
def test_syllables_by_the_rules(text: str, expected: str) -> None:
    assert romanize(text) == expected


def test_hyphen_between_the_syllables_of_a_given_name() -> None:
    assert romanize_name("홍", "길동", hyphen=True).given == "GIL-DONG"
    assert romanize("빛나", hyphen=True) == "bit-na"


@pytest.mark.parametrize(
    ("name", "split"),
    [
        ("홍길동", ("홍", "길동")),
        ("남궁민수", ("남궁", "민수")),
        ("남궁", ("남", "궁")),  # two syllables: surname 남, given name 궁
        ("제갈공명", ("제갈", "공명")),
        ("선 우리", ("선", "우리")),  # a space typed decides: 선 우리, not 선우 리
        ("  김  철수 ", ("김", "철수")),
    ],
)
def test_splitting_a_name_written_together(name: str, split: tuple[str, str]) -> None:
    assert split_korean_name(name) == split


def test_the_usual_spellings_are_capitals_and_ascii() -> None:
    assert all(v.isascii() and v.isupper() and v.isalpha() for v in SURNAMES.values())
    assert (SURNAMES["김"], SURNAMES["이"], SURNAMES["박"]) == ("KIM", "LEE", "PARK")


def test_latin_letters_are_kept_and_other_signs_refused() -> None:
    assert romanize("John") == "john"
    with pytest.raises(ValueError, match="로마자로 옮길 수 없는"):
        romanize("홍#")
    with pytest.raises(ValueError, match="성을 입력"):
        romanize_name("", "길동")
