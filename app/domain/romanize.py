"""로마자 성명 for a passport: Korean names written in the Latin alphabet (국어의 로마자 표기법, 문화관광부
고시 제2000-8호) with the surname spellings passports usually carry.

The rules for names (제3장 제4항): the surname and the given name are written apart; the sound changes
between the syllables of a given name are not written (한복남 Han Boknam, 홍빛나 Hong Bitna), so every
syllable is written on its own: its first consonant as before a vowel (ㄱ g, ㄷ d, ㅂ b, ㄹ r) and its
last as at the end of a syllable (ㄱ k, ㄷ t, ㅂ p, ㄹ l). A hyphen between the syllables of the given name
is allowed (Hong Gil-dong); passports write it as one word in capitals (HONG GILDONG).

The surnames are the exception in practice: 김 is KIM, 이 LEE, 박 PARK on most passports, not GIM, I, BAK
(the 2000 rules set the surname spellings aside for a later decision). ``SURNAMES`` holds the spellings
most passports carry; any other surname is written by the rules. The applicant may keep the spelling of an
earlier passport instead, which the form asks for first.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SURNAMES", "COMPOUND_SURNAMES", "RomanName", "romanize", "romanize_name", "split_korean_name"]

_FIRST, _LAST = 0xAC00, 0xD7A3

_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_VOWELS = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu",
    "eu", "ui", "i",
)  # fmt: skip
# the 27 finals as they sound at the end of a syllable (ㄳ k, ㄺ k, ㄻ m, ㄿ p, ㅅ ㅆ ㅈ ㅊ ㅌ ㅎ t …)
_FINALS = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
    "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip

# Surnames as most passports write them (외교부 여권 로마자 성 표기 관행); the rest follow the rules.
SURNAMES: dict[str, str] = {
    "김": "KIM", "이": "LEE", "박": "PARK", "최": "CHOI", "정": "JUNG", "강": "KANG", "조": "CHO",
    "윤": "YOON", "장": "JANG", "임": "LIM", "한": "HAN", "오": "OH", "서": "SEO", "신": "SHIN",
    "권": "KWON", "황": "HWANG", "안": "AHN", "송": "SONG", "류": "RYU", "유": "YOO", "전": "JEON",
    "홍": "HONG", "고": "KO", "문": "MOON", "양": "YANG", "손": "SON", "배": "BAE", "백": "BAEK",
    "허": "HEO", "노": "NOH", "남": "NAM", "심": "SHIM", "하": "HA", "곽": "KWAK", "성": "SUNG",
    "차": "CHA", "주": "JOO", "우": "WOO", "구": "KOO", "나": "NA", "민": "MIN", "진": "JIN",
    "지": "JI", "엄": "UM", "채": "CHAE", "원": "WON", "천": "CHUN", "방": "BANG", "공": "KONG",
    "현": "HYUN", "함": "HAM", "변": "BYUN", "염": "YEOM", "여": "YEO", "추": "CHOO", "도": "DO",
    "소": "SO", "석": "SEOK", "선": "SUN", "설": "SEOL", "마": "MA", "길": "GIL", "연": "YEON",
    "위": "WI", "표": "PYO", "명": "MYUNG", "기": "KI", "반": "BAN", "왕": "WANG", "금": "KEUM",
    "옥": "OK", "육": "YOOK", "인": "IN", "맹": "MAENG", "제": "JE", "모": "MO", "탁": "TAK",
    "국": "KOOK", "어": "EO", "은": "EUN", "편": "PYUN", "용": "YONG", "예": "YE", "경": "KYUNG",
    "봉": "BONG", "사": "SA", "부": "BOO", "황보": "HWANGBO", "남궁": "NAMGOONG", "제갈": "JEGAL",
    "선우": "SUNWOO", "독고": "DOKGO", "사공": "SAGONG", "서문": "SEOMUN", "동방": "DONGBANG",
}  # fmt: skip
COMPOUND_SURNAMES = frozenset(s for s in SURNAMES if len(s) == 2) | {"어금", "망절", "장곡"}


@dataclass(frozen=True, slots=True)
class RomanName:
    """A name as the passport writes it: ``surname`` and ``given`` in capitals (``HONG``, ``GILDONG``)."""

    surname: str
    given: str

    @property
    def full(self) -> str:
        return f"{self.surname} {self.given}".strip()


def _syllable(char: str) -> str:
    code = ord(char) - _FIRST
    initial, rest = divmod(code, 21 * 28)
    vowel, final = divmod(rest, 28)
    return _INITIALS[initial] + _VOWELS[vowel] + _FINALS[final]


def _is_hangul(char: str) -> bool:
    return _FIRST <= ord(char) <= _LAST


def romanize(text: str, *, hyphen: bool = False) -> str:
    """Every Hangul syllable of ``text`` written by the rules, one by one as in a name (lower case;
    ``hyphen`` puts ``-`` between syllables: ``gil-dong``). Latin letters and digits are kept; spaces too."""
    out: list[str] = []
    previous_hangul = False
    for char in text.strip():
        if _is_hangul(char):
            if previous_hangul and hyphen:
                out.append("-")
            out.append(_syllable(char))
            previous_hangul = True
        elif char.isascii() and (char.isalnum() or char in " -'"):
            out.append(char.lower())
            previous_hangul = False
        elif char.isspace():
            out.append(" ")
            previous_hangul = False
        else:
            raise ValueError(f"로마자로 옮길 수 없는 글자가 있습니다: '{char}' (한글 음절과 영문만 됩니다)")
    return "".join(out)


def split_korean_name(name: str) -> tuple[str, str]:
    """(성, 이름) of a Korean name written together: a two-syllable surname (남궁, 황보, 제갈 …) when the name
    starts with one and is long enough, else the first syllable. A space, where typed, decides."""
    cleaned = " ".join(name.split())
    if " " in cleaned:
        surname, given = cleaned.split(" ", 1)
        return surname, given.replace(" ", "")
    if len(cleaned) >= 3 and cleaned[:2] in COMPOUND_SURNAMES:
        return cleaned[:2], cleaned[2:]
    return cleaned[:1], cleaned[1:]


def romanize_name(surname: str, given: str, *, hyphen: bool = False) -> RomanName:
    """The passport spelling of 성 and 이름 written apart: the usual surname spelling (``SURNAMES``) or the
    rules, and the given name by the rules without the sound changes: ``romanize_name("홍", "길동")`` is
    ``HONG GILDONG``; ``romanize_name("한", "복남")`` ``HAN BOKNAM``."""
    surname, given = surname.strip(), given.strip()
    if not surname:
        raise ValueError("성을 입력하세요.")
    family = SURNAMES.get(surname) or romanize(surname).replace(" ", "").upper()
    first = romanize(given, hyphen=hyphen).replace(" ", "").upper()
    return RomanName(family, first)
