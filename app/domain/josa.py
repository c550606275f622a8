"""Korean particles (조사) chosen from how the word before them is read: 을/를, 이/가, 은/는, 과/와, 으로/로.

A message with a variable must not print ``처리완료을(를)``: the particle depends on whether the last
syllable, as read aloud, ends in a final consonant (받침). Hangul is read from its code point; digits
are read as Sino-Korean numbers (``3`` 삼, ``10`` 십, ``1000`` 천); Latin acronyms by the names of their
letters (``PDF`` 피디에프, ``URL`` 유알엘); other Latin words by a spelling rule of thumb (``Excel`` 엑셀).
Closing quotes, brackets and a trailing parenthesised remark (``등본(2부)``) are skipped: the particle
follows the word they close or annotate. ``으로/로`` takes ``로`` after ㄹ as well as after a vowel.
"""

from __future__ import annotations

import re

__all__ = ["final_consonant", "is_pair", "josa", "particle"]

# (form after a final consonant, form after a vowel); every spelling of a pair maps to one entry.
_PAIRS: dict[str, tuple[str, str]] = {}
for _with, _without in (
    ("을", "를"),
    ("이", "가"),
    ("은", "는"),
    ("과", "와"),
    ("으로", "로"),
    ("이나", "나"),
    ("이라", "라"),
    ("이라고", "라고"),
    ("이에요", "예요"),
    ("이며", "며"),
    ("아", "야"),
):
    for _spelling in (f"{_with}/{_without}", f"{_without}/{_with}", f"{_with}({_without})", f"{_without}({_with})"):
        _PAIRS[_spelling] = (_with, _without)
_PAIRS["(으)로"] = ("으로", "로")
_PAIRS["(이)나"] = ("이나", "나")
_PAIRS["(이)라"] = ("이라", "라")

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8  # index of ㄹ among the 27 final consonants (1-based, 0 = none)

# The final consonant index (as in a Hangul syllable) of each digit read alone: 영 일 이 삼 사 오 육 칠 팔 구.
_DIGIT_FINAL = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}
# A number ending in zeros is read with its last unit: 십 백 천 만 (…만 up to 천만) 억 조.
_ZEROS_FINAL = {1: 17, 2: 1, 3: 4, 4: 4, 5: 4, 6: 4, 7: 4, 8: 1, 9: 1, 10: 1, 11: 1, 12: 0, 13: 0, 14: 0, 15: 0}
# Latin letters read by name: 에이 비 씨 디 이 에프 지 에이치 아이 제이 케이 엘 엠 엔 오 피 큐 알 에스 티 유 브이
# 더블유 엑스 와이 제트 — only L, M, N, R end in a consonant.
_LETTER_FINAL = {"L": 8, "M": 16, "N": 4, "R": 8}

_CLOSERS = "'\"’”)]}>」』】〉》 \t.,!?…"
_TRAILING_REMARK = re.compile(r"\s*[(\[（][^()\[\]（）]*[)\]）]\s*$")
_CLOCK = re.compile(r"\d{1,2}:\d{2}(:\d{2})?$")  # 17:05 is read 열일곱 시 오 분, 17:05:09 … 구 초
_NUMBER = re.compile(r"(\d[\d,]*)(?:\.(\d+))?$")
_LATIN = re.compile(r"[A-Za-z]+$")


def _strip(word: str) -> str:
    text = word
    while True:
        previous = text
        stripped = _TRAILING_REMARK.sub("", text)
        if stripped:  # a word that is only a remark, e.g. "(없음)", is read as it is
            text = stripped
        text = text.rstrip(_CLOSERS)
        if text == previous:
            return text


def _ascii_digits(text: str) -> str:
    """Any decimal digit as its ASCII one (a full-width ０ or an Arabic-Indic digit is read as the same number)."""
    return "".join(str(int(ch)) if ch.isdigit() else ch for ch in text)


def _number_final(digits: str, decimals: str | None) -> int:
    if decimals:  # 1.5 is read 일 점 오: the last decimal digit alone
        return _DIGIT_FINAL[_ascii_digits(decimals)[-1]]
    digits = _ascii_digits(digits.replace(",", ""))
    if set(digits) == {"0"}:
        return _DIGIT_FINAL["0"]
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == 0:
        return _DIGIT_FINAL[digits[-1]]
    return _ZEROS_FINAL.get(zeros, 0)


def _word_final(latin: str) -> int:
    """A rule of thumb for a Latin word read as its English (or romanised) pronunciation."""
    lower = latin.lower()
    vowels = "aeiou"
    if lower.endswith("l") or (lower.endswith("le") and not lower.endswith("ble")):
        return _RIEUL  # Excel 엑셀, file 파일, Seoul 서울
    if lower.endswith(("m", "n", "ng")):
        return 4  # system 시스템, admin 어드민, printing 프린팅, Kim 김
    if lower.endswith("ck"):
        return 1  # stack 스택, click 클릭
    if lower[-1] in "kpbtc" and len(lower) >= 2 and lower[-2] in vowels and (len(lower) < 3 or lower[-3] not in vowels):
        return 1  # web 웹, LaserJet 레이저젯, Mac 맥; a stop after a consonant or a long vowel is 트/크/프
    return 0  # printer 프린터, office 오피스, print 프린트, boot 부트


def final_consonant(word: str) -> int | None:
    """The final consonant of ``word`` as read aloud: 0 for none, 1..27 as in a Hangul syllable
    (8 = ㄹ), ``None`` when the end cannot be read (an empty string, a lone symbol)."""
    text = _strip(word)
    if not text:
        return None
    last = text[-1]
    code = ord(last)
    if _HANGUL_FIRST <= code <= _HANGUL_LAST:
        return (code - _HANGUL_FIRST) % 28
    clock = _CLOCK.search(text)
    if clock:
        return 0 if clock.group(1) else 4  # 초 / 분
    number = _NUMBER.search(text)
    if number:
        return _number_final(number.group(1), number.group(2))
    latin = _LATIN.search(text)
    if latin:
        letters = latin.group(0)
        if letters.isupper():
            return _LETTER_FINAL.get(letters[-1], 0)
        return _word_final(letters)
    if "ㄱ" <= last <= "ㅎ":  # a lone jamo such as ㄹ: read 리을 etc.; the common ones end in a consonant
        return 1
    return None


def is_pair(spec: str) -> bool:
    """Whether ``spec`` is a spelling of a known particle pair (``"을/를"``, ``"(으)로"``)."""
    return spec in _PAIRS


def particle(word: str, pair: str) -> str:
    """Only the particle for ``word``: ``particle("등본", "을/를") == "을"``.

    ``pair`` is any spelling of a known pair (``"을/를"``, ``"를/을"``, ``"을(를)"``, ``"(으)로"``, ``"와/과"``).
    A word whose end cannot be read gets the form after a vowel, which reads acceptably after a symbol.
    """
    try:
        after_consonant, after_vowel = _PAIRS[pair]
    except KeyError:
        raise ValueError(
            f"알 수 없는 조사 짝입니다: {pair!r} (예: '을/를', '이/가', '은/는', '으로/로', '과/와')"
        ) from None
    final = final_consonant(word)
    if not final:
        return after_vowel
    if after_consonant == "으로" and final == _RIEUL:
        return after_vowel
    return after_consonant


def josa(word: object, pair: str) -> str:
    """``word`` followed by the right particle: ``josa("처리완료", "을/를") == "처리완료를"``,
    ``josa("서울", "으로/로") == "서울로"``, ``josa("'ABC'", "이/가") == "'ABC'가"``."""
    text = str(word)
    return text + particle(text, pair)
