"""Issue 14 item 4 and 8: certificate exemptions (가족관계의 등록 등에 관한 규칙 제28조④) and 인감 online.

Every expected figure is worked out by hand from the rule and the fee table (counter 1,000 won a copy
and kiosk 500 for the 가족관계등록부 증명서, 400/200 for 등·초본, 600 for 인감).
"""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.certificates import certificate_fee, fee_quote, get_certificate_kind, list_exemptions

ON = date(2026, 12, 1)
FAMILY = ["family_relation", "basic_certificate", "marriage_relation", "adoption_relation", "full_adoption_relation"]
RESIDENT = ["resident_copy", "resident_abstract"]
# The groups 등·초본 and 가족관계등록부 증명서 share (규칙 제28조④ 제2호~제9호 — the same as 주민등록법 시행령).
SHARED = ["basic_livelihood", "national_merit", "veteran_self", "single_parent"]
# Groups only for the 가족관계등록부 증명서 (규칙 제28조④: official use, disaster victims, birth filer).
FAMILY_ONLY = ["official_use", "disaster_victim"]


@pytest.mark.parametrize("kind", FAMILY)
@pytest.mark.parametrize("exemption", [*SHARED, *FAMILY_ONLY])
@pytest.mark.parametrize(("channel", "unit"), [("counter", 1_000), ("kiosk", 500)])
def test_family_certificates_are_free_for_the_exempt_groups(kind: str, exemption: str, channel: str, unit: int) -> None:
    # 규칙 제28조④: 수수료를 면제한다 — 2 copies at {unit} won each would be 2×unit; exempt: 0.
    assert certificate_fee(kind, 2, channel=channel, exemption=exemption, on=ON) == 0
    quote = fee_quote(kind, 2, channel=channel, exemption=exemption, on=ON)
    assert (quote.unit_fee, quote.copies, quote.amount, quote.waived) == (unit, 2, 0, 2 * unit)
    assert quote.exemption_code == exemption and quote.exemption_label
    assert quote.exemption_source is not None and "제28조④" in quote.exemption_source
    assert quote.verified is True


@pytest.mark.parametrize("kind", RESIDENT)
@pytest.mark.parametrize("exemption", SHARED)
def test_resident_copies_keep_their_exemptions(kind: str, exemption: str) -> None:
    # 주민등록법 시행령 (수수료 면제): 3 copies × 400 = 1,200 waived.
    quote = fee_quote(kind, 3, exemption=exemption, on=ON)
    assert (quote.amount, quote.waived) == (0, 1_200)


@pytest.mark.parametrize("kind", RESIDENT)
@pytest.mark.parametrize("exemption", [*FAMILY_ONLY, "birth_filer_basic"])
def test_family_only_exemptions_do_not_cover_resident_copies(kind: str, exemption: str) -> None:
    # Official use, disaster victims and the birth filer are exemptions of 규칙 제28조④ only.
    with pytest.raises(ValueError, match="적용되지 않습니다"):
        certificate_fee(kind, 1, exemption=exemption, on=ON)


def test_the_birth_filers_first_basic_certificate_is_free_one_copy_only() -> None:
    # 규칙 제28조④: the first 기본증명서 for the birth filer within 2 weeks — one copy (1,000 won) waived.
    quote = fee_quote("기본증명서", 1, exemption="birth_filer_basic", on=ON)
    assert (quote.amount, quote.waived, quote.exemption_code) == (0, 1_000, "birth_filer_basic")
    with pytest.raises(ValueError, match="1통에만 적용됩니다.*나머지 1통"):
        fee_quote("기본증명서", 2, exemption="birth_filer_basic", on=ON)


@pytest.mark.parametrize("kind", [k for k in FAMILY if k != "basic_certificate"])
def test_the_birth_filers_exemption_is_for_the_basic_certificate_only(kind: str) -> None:
    with pytest.raises(ValueError, match="적용되지 않습니다"):
        certificate_fee(kind, 1, exemption="birth_filer_basic", on=ON)


@pytest.mark.parametrize("kind", ["seal_certificate", "signature_confirmation", "fact_certificate"])
@pytest.mark.parametrize("exemption", [*SHARED, *FAMILY_ONLY, "birth_filer_basic"])
def test_no_exemption_for_seal_signature_or_fact_certificates(kind: str, exemption: str) -> None:
    with pytest.raises(ValueError, match="적용되지 않습니다"):
        certificate_fee(kind, 1, exemption=exemption, on=ON)


def test_veterans_are_exempt_themselves_not_their_families() -> None:
    # 고엽제후유의증환자·참전유공자: 본인만. The merit entry with the bereaved family does not name them.
    by_code = {e.code: e for e in list_exemptions(on=ON)}
    veterans = by_code["veteran_self"]
    assert "고엽제후유의증환자" in veterans.description and "참전유공자" in veterans.description
    assert "본인" in veterans.label and "유족은 해당하지 않음" in veterans.description
    merit = by_code["national_merit"].description
    assert "유족" in merit and "고엽제" not in merit and "참전" not in merit


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("기본증명서", {*SHARED, *FAMILY_ONLY, "birth_filer_basic"}),
        ("가족관계증명서", {*SHARED, *FAMILY_ONLY}),
        ("혼인관계증명서", {*SHARED, *FAMILY_ONLY}),
        ("등본", set(SHARED)),
        ("초본", set(SHARED)),
        ("인감증명서", set()),
        ("사실증명", set()),
    ],
)
def test_the_choices_the_form_offers_for_each_kind(kind: str, expected: set[str]) -> None:
    assert {e.code for e in list_exemptions(on=ON, kind=kind)} == expected


def test_seal_certificate_online_from_2024_09_30() -> None:
    # 인감증명서 온라인(정부24) 발급: from 2024-09-30; the online fee (0) is unconfirmed, the counter's is not.
    with pytest.raises(ValueError, match="발급하지 않습니다"):
        certificate_fee("인감증명서", 1, channel="online", on=date(2024, 9, 29))
    assert certificate_fee("인감증명서", 1, channel="online", on=date(2024, 9, 30)) == 0
    online = fee_quote("인감증명서", 1, channel="정부24", on=ON)
    assert (online.channel, online.amount, online.verified) == ("online", 0, False)
    counter = fee_quote("인감증명서", 2, on=ON)
    assert (counter.amount, counter.verified, counter.valid_from) == (1_200, True, "2024-09-30")
    assert fee_quote("인감증명서", 1, on=date(2024, 9, 29)).valid_from == "2022-01-01"
    kind = get_certificate_kind("인감", on=ON)
    assert kind.channels == ("counter", "online") and "온라인" in kind.note
    with pytest.raises(ValueError, match="발급하지 않습니다"):
        certificate_fee("인감증명서", 1, channel="kiosk", on=ON)
    with pytest.raises(ValueError, match="발급하지 않습니다"):
        certificate_fee("본인서명사실확인서", 1, channel="online", on=ON)
