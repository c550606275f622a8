"""The petition catalog: enough real types, the seed's types, periods that parse, dated entries."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest

from app.domain import petitions
from app.domain.calendar import SEOUL
from app.domain.deadlines import due_at, parse_period
from app.domain.petitions import departments, get_petition_type, list_petition_types
from app.resources import DataFileError, load_data

ON = date(2026, 3, 9)
HANGUL = re.compile(r"[가-힣]")
STAT_GROUPS = {"유기한 민원", "이·미용사·조리사 면허", "정보공개", "외국인 거주지 변경"}


def test_at_least_thirty_types_with_unique_codes() -> None:
    types = list_petition_types(on=ON)
    assert len(types) >= 30
    codes = [t.code for t in types]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    ("code", "words", "period"),
    [
        ("barber_license_new", ("이용사", "면허"), "즉시"),
        ("beautician_license_new", ("미용사", "면허"), "즉시"),
        ("barber_license_reissue", ("이용사", "재교부"), "즉시"),
        ("beautician_license_reissue", ("미용사", "재교부"), "즉시"),
        ("cook_license_new", ("조리사", "면허"), "즉시"),
        ("cook_license_reissue", ("조리사", "재발급"), "즉시"),
        ("info_disclosure", ("정보공개", "청구"), "10일"),
        ("foreigner_residence_change", ("외국인", "변경"), "즉시"),
    ],
)
def test_seed_types_are_present(code: str, words: tuple[str, ...], period: str) -> None:
    petition_type = get_petition_type(code, on=ON)
    for word in words:
        assert word in petition_type.name
    assert petition_type.period == period


def test_seed_statistics_groups_are_all_used() -> None:
    groups = {t.stat_group for t in list_petition_types(on=ON)}
    assert groups == STAT_GROUPS
    assert get_petition_type("cook_license_new", on=ON).stat_group == "이·미용사·조리사 면허"
    assert get_petition_type("info_disclosure", on=ON).stat_group == "정보공개"
    assert get_petition_type("foreigner_residence_change", on=ON).stat_group == "외국인 거주지 변경"


def test_every_period_parses_and_gives_a_deadline() -> None:
    received = datetime(2026, 3, 9, 10, tzinfo=SEOUL)
    for petition_type in list_petition_types(on=ON):
        assert parse_period(petition_type.period) == petition_type.parsed_period
        assert due_at(received, petition_type.period) > received


def test_catalog_covers_the_counting_rules() -> None:
    kinds = {t.parsed_period.kind for t in list_petition_types(on=ON)}
    assert {"immediate", "hours", "days", "months"} <= kinds
    periods = {t.period for t in list_petition_types(on=ON)}
    assert {"즉시", "3시간", "5일", "7일", "10일", "14일", "30일"} <= periods


def test_every_type_names_its_department_basis_and_source() -> None:
    for petition_type in list_petition_types(on=ON):
        assert HANGUL.search(petition_type.name)
        assert petition_type.department.strip()
        assert petition_type.basis.strip()
        assert petition_type.source.strip()
        assert isinstance(petition_type.verified, bool)
        date.fromisoformat(petition_type.valid_from)
        assert petition_type.stat_group in STAT_GROUPS


def test_raw_entries_are_dated_sourced_and_flagged() -> None:
    for entry in load_data("petitions")["types"]:
        for key in ("code", "name", "period", "department", "basis", "valid_from", "source", "verified"):
            assert key in entry, (entry.get("code"), key)
        assert entry["code"].isascii()
        assert isinstance(entry["verified"], bool)
        date.fromisoformat(entry["valid_from"])


def test_departments_for_the_filters() -> None:
    names = departments(on=ON)
    assert names == sorted(names)
    assert {"민원여권과", "위생과", "건축과", "부동산정보과", "세무1과", "교통행정과", "환경과", "보건소"} <= set(names)
    assert get_petition_type("cook_license_new", on=ON).department == "위생과"
    assert get_petition_type("info_disclosure", on=ON).department == "민원여권과"


def test_some_types_are_marked_unconfirmed() -> None:
    types = list_petition_types(on=ON)
    assert any(not t.verified for t in types)
    assert any(t.verified for t in types)


def test_unknown_code_is_refused_in_korean() -> None:
    with pytest.raises(ValueError, match="찾을 수 없습니다"):
        get_petition_type("no_such_type", on=ON)


def test_nothing_in_force_before_the_catalog_baseline() -> None:
    assert list_petition_types(on=date(2021, 12, 31)) == []


@pytest.fixture
def fake_catalog(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    entries: list[dict[str, Any]] = [
        {
            "code": "sample",
            "name": "시험 민원",
            "period": "7일",
            "department": "민원여권과",
            "basis": "시험",
            "valid_from": "2022-01-01",
            "source": "시험",
            "verified": True,
        }
    ]
    monkeypatch.setattr(petitions, "load_data", lambda name: {"types": entries})
    petitions._entries.cache_clear()
    yield entries
    petitions._entries.cache_clear()


def test_catalog_loads_a_good_entry(fake_catalog: list[dict[str, Any]]) -> None:
    assert [t.code for t in list_petition_types(on=ON)] == ["sample"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("period", "7 days", "처리기간"),
        ("period", "0일", "처리기간"),
        ("valid_from", "2022-13-01", "sample"),
        ("code", "한글코드", "코드"),
        ("verified", "yes", "verified"),
        ("source", "", "source"),
    ],
)
def test_catalog_refuses_a_bad_entry_at_load(
    fake_catalog: list[dict[str, Any]], field: str, value: object, message: str
) -> None:
    fake_catalog[0][field] = value
    with pytest.raises(DataFileError, match=message):
        list_petition_types(on=ON)


def test_catalog_refuses_a_duplicate_entry(fake_catalog: list[dict[str, Any]]) -> None:
    fake_catalog.append(dict(fake_catalog[0]))
    with pytest.raises(DataFileError, match="두 번"):
        list_petition_types(on=ON)


def test_a_later_entry_replaces_an_earlier_one(fake_catalog: list[dict[str, Any]]) -> None:
    fake_catalog[0]["valid_to"] = "2025-12-31"
    fake_catalog.append({**fake_catalog[0], "period": "10일", "valid_from": "2026-01-01"})
    del fake_catalog[1]["valid_to"]
    assert get_petition_type("sample", on=date(2025, 6, 1)).period == "7일"
    assert get_petition_type("sample", on=date(2026, 6, 1)).period == "10일"
