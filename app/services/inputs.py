"""Text that a service takes from a screen, checked at the service boundary the same way on both databases.

SQLite stores what PostgreSQL refuses (a NUL byte, a value longer than its column) and neither refuses what
a counter must not store (bidi overrides that make a name read backwards, control characters, a "name"
without a letter). Every use case passes free text through here before it writes anything.
"""

from __future__ import annotations

import unicodedata

from app.services.errors import ValidationError

# Characters that reorder or hide text (Trojan-source style): never in a record.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
_ALLOWED_CONTROLS_MULTILINE = {"\n", "\t"}


def clean_text(
    value: object,
    label: str,
    *,
    max_len: int,
    required: bool = False,
    multiline: bool = False,
    min_len: int = 0,
) -> str:
    """``value`` trimmed and checked: no NUL, control or bidi-override characters, at most ``max_len``."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError("{label}: 글자로 입력하세요.", label=label)
    text = unicodedata.normalize("NFC", value).strip()
    if multiline:
        text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    for ch in text:
        if ch in _BIDI:
            raise ValidationError(
                "{label}: 글자 방향을 바꾸는 보이지 않는 문자가 들어 있습니다. 다시 입력하세요.", label=label
            )
        if unicodedata.category(ch) in ("Cc", "Cs") and not (multiline and ch in _ALLOWED_CONTROLS_MULTILINE):
            raise ValidationError("{label}: 입력할 수 없는 제어 문자가 들어 있습니다. 다시 입력하세요.", label=label)
    if not multiline:
        text = " ".join(text.split())
    if required and not text:
        raise ValidationError("{label:을/를} 입력하세요.", label=label)
    if text and len(text) < min_len:
        raise ValidationError("{label}: {min_len}자 이상 입력하세요.", label=label, min_len=min_len)
    if len(text) > max_len:
        raise ValidationError(
            "{label:이/가} 너무 깁니다 ({max_len}자 이내, 입력 {length}자).",
            label=label,
            max_len=max_len,
            length=len(text),
        )
    return text


def clean_name(value: object, label: str = "성명", *, max_len: int = 60, required: bool = True) -> str:
    """A person's name: as ``clean_text``, and with at least one letter (한글, 로마자 or 한자)."""
    text = clean_text(value, label, max_len=max_len, required=required)
    if text and not any(unicodedata.category(ch).startswith("L") for ch in text):
        raise ValidationError("{label}에 글자가 없습니다: '{text}'. 성명을 확인하세요.", label=label, text=text)
    return text


def clean_int(value: object, label: str, *, minimum: int, maximum: int) -> int:
    """A whole number within bounds (a PostgreSQL column refuses what does not fit; SQLite stores it)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("{label}: 숫자로 입력하세요.", label=label)
    if not minimum <= value <= maximum:
        raise ValidationError(
            "{label}: {minimum:,} 이상 {maximum:,} 이하로 입력하세요.", label=label, minimum=minimum, maximum=maximum
        )
    return value
