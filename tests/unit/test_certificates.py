"""Certificate fees: kinds, channels, copies, exemptions and the table each figure comes from."""
from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from app.domain.calendar import SEOUL
from app.domain.certificates import (
    certificate_fee,
    channel_labels,
    fee_quote,
    get_certificate_kind,
    list_certificate_kinds,
    list_exemptions,
)
from app.resources import load_data

ON = date(2026, 3, 9)
HANGUL = re.compile(r"[가-힣]")

ALL_KINDS = {
    "resident_copy",
    "resident_abstract",
    "seal_certificate",
    "signature_confirmation",
    "family_relation",
    "basic_certificate",
    "marriage_relation",
    "adoption_relation",
    "full_adoption_relation",
    "fact_certificate",
    "anywhere_petition",
}
NIGHT_KINDS = {
    "resident_copy",
    "resident_abstract",
    "family_relation",
    "basic_certificate",
    "marriage_relation",
    "adoption_relation",
    "full_adoption_relation",
}
FAMILY = ["family_relation", "basic_certificate", "marriage_relation", "adoption_relation", "full_adoption_relation"]


@pytest.mark.parametrize(
    ("kind", "copies", "channel", "expected"),
    [
        ("resident_copy", 1, "counter", 400),
        ("resident_copy", 3, "counter", 1_200),
        ("resident_abstract", 2, "kiosk", 400),
        ("resident_copy", 5, "online", 0),
        ("seal_certificate", 2, "counter", 1_200),
        ("signature_confirmation", 1, "counter", 600),
        *[(code, 1, "counter", 1_000) for code in FAMILY],
        *[(code, 2, "kiosk", 1_000) for code in FAMILY],
        *[(code, 4, "online", 0) for code in FAMILY],
        ("resident_copy", 100, "counter", 40_000),
    ],
)
def test_fee_by_kind_channel_and_copies(kind: str, copies: int, channel: str, expected: int) -> None:
    assert certificate_fee(kind, copies, channel=channel, on=ON) == expected


@pytest.mark.parametrize(
    "name",
    ["주민등록표 등본", "주민등록 등본", "등본", "resident_copy", "RESIDENT_COPY", " 주민 등록 등본 "],
)
def test_kind_by_code_name_or_alias(name: str) -> None:
    assert get_certificate_kind(name, on=ON).code == "resident_copy"
    assert certificate_fee(name, 2, on=ON) == 800


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("주민등록표 초본", "resident_abstract"),
        ("인감증명서", "seal_certificate"),
        ("본인서명사실확인서", "signature_confirmation"),
        ("가족관계증명서", "family_relation"),
        ("기본증명서", "basic_certificate"),
        ("혼인관계증명서", "marriage_relation"),
        ("입양관계증명서", "adoption_relation"),
        ("친양자입양관계증명서", "full_adoption_relation"),
        ("사실증명", "fact_certificate"),
        ("어디서나민원", "anywhere_petition"),
    ],
)
def test_every_kind_by_its_korean_name(name: str, code: str) -> None:
    assert get_certificate_kind(name, on=ON).code == code


@pytest.mark.parametrize(("word", "expected"), [("창구", 400), ("무인민원발급기", 200), ("정부24", 0), ("온라인", 0)])
def test_channel_by_korean_word(word: str, expected: int) -> None:
    assert certificate_fee("등본", 1, channel=word, on=ON) == expected


@pytest.mark.parametrize("exemption", ["basic_livelihood", "national_merit", "single_parent"])
@pytest.mark.parametrize("kind", ["resident_copy", "resident_abstract"])
def test_exemptions_make_resident_copies_free(exemption: str, kind: str) -> None:
    assert certificate_fee(kind, 3, exemption=exemption, on=ON) == 0
    quote = fee_quote(kind, 3, exemption=exemption, on=ON)
    assert (quote.unit_fee, quote.amount, quote.waived) == (400, 0, 1_200)
    assert quote.exemption_code == exemption
    assert quote.exemption_label and HANGUL.search(quote.exemption_label)


@pytest.mark.parametrize("label", ["기초생활수급자", "국가유공자 등", "한부모가족 보호대상자"])
def test_exemption_by_its_korean_label(label: str) -> None:
    assert fee_quote("초본", 2, exemption=label, on=ON).exemption_label == label


# 규칙 제28조④ extends these groups to the 가족관계등록부 증명서 (tests/unit/test_law_2026_certificates.py);
# 인감·본인서명·사실증명 have no exemption of their own.
@pytest.mark.parametrize("kind", ["seal_certificate", "signature_confirmation", "fact_certificate"])
@pytest.mark.parametrize("exemption", ["basic_livelihood", "national_merit", "veteran_self", "single_parent"])
def test_exemptions_do_not_apply_beyond_resident_and_family_certificates(kind: str, exemption: str) -> None:
    with pytest.raises(ValueError, match="적용되지 않습니다"):
        certificate_fee(kind, 1, exemption=exemption, on=ON)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "주민등록증", "copies": 1}, "증명서 종류가 아닙니다"),
        ({"kind": "", "copies": 1}, "증명서 종류"),
        ({"kind": "등본", "copies": 0}, "1부 이상"),
        ({"kind": "등본", "copies": -2}, "1부 이상"),
        ({"kind": "등본", "copies": 101}, "100부까지"),
        ({"kind": "등본", "copies": 1.5}, "정수"),
        ({"kind": "등본", "copies": True}, "정수"),
        ({"kind": "인감증명서", "copies": 1, "channel": "kiosk"}, "발급하지 않습니다"),
        ({"kind": "본인서명사실확인서", "copies": 1, "channel": "온라인"}, "발급하지 않습니다"),
        ({"kind": "사실증명", "copies": 1, "channel": "kiosk"}, "발급하지 않습니다"),
        ({"kind": "등본", "copies": 1, "channel": "fax"}, "발급 경로"),
        ({"kind": "등본", "copies": 1, "exemption": "장애인"}, "감면 사유"),
    ],
)
def test_bad_requests_are_refused_in_korean(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message) as excinfo:
        certificate_fee(**kwargs, on=ON)  # type: ignore[arg-type]
    assert HANGUL.search(str(excinfo.value))


def test_kinds_in_force_and_the_night_window() -> None:
    kinds = list_certificate_kinds(on=ON)
    assert {k.code for k in kinds} == ALL_KINDS
    assert len(kinds) == len(ALL_KINDS)
    assert {k.code for k in list_certificate_kinds(on=ON, night_only=True)} == NIGHT_KINDS
    for kind in kinds:
        assert kind.night_allowed is (kind.code in NIGHT_KINDS)
        assert HANGUL.search(kind.name) and kind.group and kind.source and kind.valid_from
        assert set(kind.channels) <= {"counter", "kiosk", "online"}
        assert "counter" in kind.channels  # everything can be issued at the counter


def test_unconfirmed_fees_are_marked_unverified() -> None:
    kinds = {k.code: k for k in list_certificate_kinds(on=ON)}
    assert kinds["fact_certificate"].verified is False
    assert kinds["anywhere_petition"].verified is False
    assert kinds["fact_certificate"].note and kinds["anywhere_petition"].note
    assert all(k.verified for code, k in kinds.items() if code not in {"fact_certificate", "anywhere_petition"})
    assert fee_quote("사실증명", 1, on=ON).verified is False
    assert fee_quote("등본", 1, on=ON).verified is True


def test_quote_names_the_table_and_entry_behind_the_figure() -> None:
    quote = fee_quote("가족관계증명서", 2, channel="kiosk", on=ON)
    assert (quote.kind_code, quote.kind_name, quote.channel, quote.channel_label) == (
        "family_relation", "가족관계증명서", "kiosk", "무인민원발급기"
    )
    assert (quote.unit_fee, quote.copies, quote.amount, quote.waived) == (500, 2, 1_000, 0)
    assert quote.exemption_code is None and quote.exemption_label is None and quote.exemption_source is None
    assert quote.table == "resources/data/certificates.toml"
    assert "가족관계" in quote.source
    assert quote.valid_from == "2022-01-01"


def test_fee_uses_the_entry_in_force_on_the_day() -> None:
    assert certificate_fee("등본", 1, on=datetime(2026, 3, 9, 10, tzinfo=SEOUL)) == 400
    assert list_certificate_kinds(on=date(2021, 12, 31)) == []
    with pytest.raises(ValueError):
        certificate_fee("등본", 1, on=date(2021, 12, 31))


def test_exemption_list() -> None:
    exemptions = {e.code: e for e in list_exemptions(on=ON)}
    assert set(exemptions) == {
        "basic_livelihood", "national_merit", "veteran_self", "single_parent",
        "official_use", "disaster_victim", "birth_filer_basic",
    }
    for exemption in exemptions.values():
        assert set(exemption.applies_to) <= {"resident_copy", "resident_abstract", *FAMILY}
        assert HANGUL.search(exemption.label) and exemption.source and exemption.valid_from
    merit = exemptions["national_merit"].description
    for group in ("독립", "5·18", "특수임무", "유족"):
        assert group in merit
    # 고엽제후유의증환자 and 참전유공자 are exempt themselves only, in an entry of their own.
    assert "고엽제" not in merit and "참전" not in merit
    assert "본인" in exemptions["veteran_self"].description


def test_channel_labels() -> None:
    assert dict(channel_labels()) == {"counter": "창구", "kiosk": "무인민원발급기", "online": "온라인(정부24)"}


def test_every_data_entry_is_dated_sourced_and_flagged() -> None:
    data = load_data("certificates")
    for entry in [*data["kinds"], *data["exemptions"]]:
        date.fromisoformat(entry["valid_from"])
        assert entry["source"].strip()
        assert isinstance(entry["verified"], bool)
    for entry in data["kinds"]:
        assert entry["code"].isascii()
        assert all(isinstance(fee, int) and fee >= 0 for fee in entry["fees"].values())
