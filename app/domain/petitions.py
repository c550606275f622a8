"""The catalog of time-limited petition types (유기한 민원 종류) with their handbook periods."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from app.domain.calendar import SEOUL, seoul_today
from app.domain.deadlines import Period, parse_period
from app.domain.effective import in_force, pick_in_force
from app.domain.josa import particle
from app.resources import DataFileError, load_data

TABLE = "petitions"
TABLE_PATH = "resources/data/petitions.toml"

_REQUIRED = ("code", "name", "period", "department", "basis", "valid_from", "source", "verified")


@dataclass(frozen=True)
class PetitionType:
    """One petition type: its handbook period (``즉시``, ``7일``, …) and handling department."""

    code: str
    name: str
    period: str  # as the handbook writes it; parsed form in ``parsed_period``
    department: str  # "소관부서" where the department is chosen at intake
    basis: str
    verified: bool
    source: str
    valid_from: str
    category: str = ""
    stat_group: str = ""

    @property
    def parsed_period(self) -> Period:
        return parse_period(self.period)


def _day(on: date | datetime | None) -> date:
    if on is None:
        return seoul_today()
    if isinstance(on, datetime):
        return on.astimezone(SEOUL).date() if on.tzinfo is not None else on.date()
    return on


def _check(entry: Mapping[str, Any]) -> None:
    what = f"민원 종류 '{entry.get('code', '?')}'"
    missing = [k for k in _REQUIRED if k not in entry or entry[k] == ""]
    if missing:
        raise DataFileError(f"{TABLE}.toml: {what}에 {', '.join(missing)} 항목이 없습니다.")
    code = entry["code"]
    if not isinstance(code, str) or not code.isascii() or not code.replace("_", "").isalnum():
        raise DataFileError(f"{TABLE}.toml: {what}의 코드는 영문·숫자·밑줄이어야 합니다.")
    if not isinstance(entry["verified"], bool):
        raise DataFileError(f"{TABLE}.toml: {what}의 verified는 true 또는 false여야 합니다.")
    try:
        parse_period(entry["period"])
        date.fromisoformat(str(entry["valid_from"]))
        if entry.get("valid_to"):
            date.fromisoformat(str(entry["valid_to"]))
    except ValueError as exc:
        raise DataFileError(f"{TABLE}.toml: {what}: {exc}") from exc


@lru_cache(maxsize=1)
def _entries() -> tuple[dict[str, Any], ...]:
    """All catalog entries, checked once: every period must parse (parse_period)."""
    entries = tuple(load_data(TABLE).get("types", ()))
    if not entries:
        raise DataFileError(f"{TABLE}.toml: [[types]] 표가 없습니다.")
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        _check(entry)
        key = (entry["code"], str(entry["valid_from"]))
        if key in seen:
            raise DataFileError(
                f"{TABLE}.toml: 민원 종류 '{entry['code']}'{particle(entry['code'], '이/가')} "
                "같은 valid_from으로 두 번 있습니다."
            )
        seen.add(key)
    return entries


def _petition_type(entry: Mapping[str, Any]) -> PetitionType:
    return PetitionType(
        code=str(entry["code"]),
        name=str(entry["name"]),
        period=parse_period(str(entry["period"])).text,
        department=str(entry["department"]),
        basis=str(entry["basis"]),
        verified=bool(entry["verified"]),
        source=str(entry["source"]),
        valid_from=str(entry["valid_from"]),
        category=str(entry.get("category", "")),
        stat_group=str(entry.get("stat_group", "")),
    )


def list_petition_types(*, on: date | datetime | None = None) -> list[PetitionType]:
    """The petition types in force on ``on`` (default today), in catalog order."""
    day = _day(on)
    entries = _entries()
    found: list[PetitionType] = []
    for code in dict.fromkeys(str(e["code"]) for e in entries):
        current = in_force([e for e in entries if e["code"] == code], day)
        if current:
            found.append(_petition_type(pick_in_force(current, day)))
    return found


def get_petition_type(code: str, *, on: date | datetime | None = None) -> PetitionType:
    """The petition type with ``code`` in force on ``on``; ValueError (Korean) if there is none."""
    for petition_type in list_petition_types(on=on):
        if petition_type.code == code:
            return petition_type
    raise ValueError(f"민원 종류 코드 '{code}'{particle(code, '을/를')} 찾을 수 없습니다.")


def departments(*, on: date | datetime | None = None) -> list[str]:
    """The handling departments named in the catalog, sorted (for filters)."""
    return sorted({t.department for t in list_petition_types(on=on)})
