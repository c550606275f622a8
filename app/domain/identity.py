"""Resident registration numbers (주민등록번호) and foreigner registration numbers (외국인등록번호).

Shape ``YYMMDD-SBBBBBC``. S gives the century and sex (9/0: 1800s, 1/2: 1900s, 3/4: 2000s; 5–8 for
foreigners). The old check digit is only a warning: numbers issued since 2020-10-05 have random digits
after S.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from app.domain.calendar import seoul_today
from app.domain.messages import N_, Refusal

_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
# S digit -> (century, sex, foreigner)
_CENTURY_SEX: dict[int, tuple[int, str, bool]] = {
    9: (1800, "M", False),
    0: (1800, "F", False),
    1: (1900, "M", False),
    2: (1900, "F", False),
    3: (2000, "M", False),
    4: (2000, "F", False),
    5: (1900, "M", True),
    6: (1900, "F", True),
    7: (2000, "M", True),
    8: (2000, "F", True),
}


class InvalidResidentNumber(Refusal):
    """The text is not a possible resident or foreigner registration number (Korean message)."""


@dataclass(frozen=True, slots=True)
class ResidentNumber:
    """A parsed 주민등록번호/외국인등록번호; ``digits`` is the plain 13-digit number."""

    digits: str
    birth_date: date
    sex: str  # "M" or "F"
    is_foreigner: bool
    checksum_ok: bool

    def masked(self) -> str:
        """``900101-1******``: birth date and the century/sex digit only."""
        return f"{self.digits[:6]}-{self.digits[6]}******"

    def birth_only(self) -> str:
        """``900101-*******``: what a guide assistant may see at most."""
        return f"{self.digits[:6]}-*******"

    def formatted(self) -> str:
        """The plain number with a hyphen; only for an audited unmask."""
        return f"{self.digits[:6]}-{self.digits[6:]}"

    @property
    def sex_korean(self) -> str:
        return "남" if self.sex == "M" else "여"

    def age_on(self, day: date) -> int:
        """Age in full years (만 나이) on ``day``."""
        return full_years(self.birth_date, day)

    @property
    def checksum_warning(self) -> str | None:
        if self.checksum_ok:
            return None
        return "검증번호가 맞지 않습니다. 2020년 10월 이후 부여된 번호라면 정상일 수 있으니 신분증과 대조하세요."


def full_years(born: date, on: date) -> int:
    """만 나이: full years from ``born`` to ``on`` (a 29 February birthday counts on 1 March)."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def check_digit(first12: str) -> int:
    """The pre-2020 check digit: ``(11 - Σ dᵢwᵢ mod 11) mod 10``."""
    total = sum(int(d) * w for d, w in zip(first12, _WEIGHTS, strict=True))
    return (11 - total % 11) % 10


_SEPARATORS = re.compile(r"[\s\-]")


def parse_resident_number(text: str, *, today: date | None = None) -> ResidentNumber:
    """Parse ``9001011234567``, ``900101-1234567`` or with spaces; raise InvalidResidentNumber."""
    if text is None:
        raise InvalidResidentNumber(N_("주민등록번호를 입력하세요."))
    raw = _SEPARATORS.sub("", str(text))
    if not raw:
        raise InvalidResidentNumber(N_("주민등록번호를 입력하세요."))
    if not raw.isascii() or not raw.isdigit():
        raise InvalidResidentNumber(N_("주민등록번호는 숫자 13자리로 입력하세요 (예: 900101-1234567)."))
    if len(raw) != 13:
        raise InvalidResidentNumber(N_("주민등록번호는 13자리입니다 (입력한 숫자 {count}자리)."), count=len(raw))
    s_digit = int(raw[6])
    century, sex, foreigner = _CENTURY_SEX[s_digit]
    year = century + int(raw[0:2])
    month, day = int(raw[2:4]), int(raw[4:6])
    try:
        born = date(year, month, day)
    except ValueError:
        raise InvalidResidentNumber(
            N_("생년월일이 올바르지 않습니다: {year}년 {month}월 {day}일은 없는 날짜입니다."),
            year=year,
            month=month,
            day=day,
        ) from None
    today = today or seoul_today()
    if born > today:
        raise InvalidResidentNumber(
            N_("생년월일({born})이 미래입니다. 성별자리(뒷자리 첫 숫자)와 앞 6자리를 확인하세요."),
            born=born.isoformat(),
        )
    checksum_ok = check_digit(raw[:12]) == int(raw[12])
    return ResidentNumber(digits=raw, birth_date=born, sex=sex, is_foreigner=foreigner, checksum_ok=checksum_ok)


def mask_text(text: str) -> str:
    """Mask anything that looks like a resident number inside free text (logs, notes, names, JSON values).

    The text is normalised first (NFKC: full-width digits and hyphens become ASCII), and the thirteen digits
    may be split by any dash (hyphen, en, em, minus, full-width), an underscore, a dot or spaces, also between
    single digits. Text with a number in it comes back NFKC-normalised with the number as ``YYMMDD-S******``;
    text without one comes back unchanged.

    Thirteen digits that cannot be a resident number are left alone, so that machine values in text columns
    survive: digits whose first six are no date (month 01–12, day 01–31), and digits inside a UUID.
    """
    if not isinstance(text, str) or sum(ch.isdigit() for ch in text) < 13:
        return text
    normal = unicodedata.normalize("NFKC", text)
    if not _RRN_ANY_FORM.search(normal):
        return text
    uuids = [m.span() for m in _UUID.finditer(normal)]
    # Every place a number could start (windows may overlap: a digit of the text before it can make a first
    # window that is no date, and the real number starts one digit later); taken left to right.
    out: list[str] = []
    done = 0
    for candidate in _RRN_CANDIDATE.finditer(normal):
        start, end = candidate.span(1)
        if start < done:
            continue
        digits = re.sub(r"\D", "", candidate.group(1))
        if not _could_be_birth_date(digits) or any(a < end and start < b for a, b in uuids):
            continue
        out += [normal[done:start], f"{digits[:6]}-{digits[6]}******"]
        done = end
    return "".join(out) + normal[done:] if out else normal


def _could_be_birth_date(digits: str) -> bool:
    month, day = int(digits[2:4]), int(digits[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


# Every separator a number is written with: spaces, dashes (U+2010–U+2015, minus U+2212, small and full-width
# hyphen-minus), underscore, dot and the middle dot.
_SEPARATOR = r"[\s\-_.\u00b7\u2010-\u2015\u2212\ufe58\ufe63\uff0d\u30fb]"
_RRN_ANY_FORM = re.compile(rf"(?<![0-9])[0-9](?:{_SEPARATOR}*[0-9]){{12}}(?![0-9])")
_RRN_CANDIDATE = re.compile(rf"(?<![0-9])(?=([0-9](?:{_SEPARATOR}*[0-9]){{12}})(?![0-9]))")
