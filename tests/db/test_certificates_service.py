"""Issuing certificates on SQLite and PostgreSQL: fees on one receipt, exemptions, replays, night and guide."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.domain.calendar import SEOUL
from app.services import certificates as svc
from app.services.certificates import CertificateLine
from app.services.errors import PermissionDenied, ValidationError
from db.models import AuditEntry, Receipt
from db.models_petitions import CertificateIssue

DAY = datetime(2026, 11, 23, 10, 0, tzinfo=SEOUL)  # Monday
NIGHT = datetime(2026, 11, 23, 18, 30, tzinfo=SEOUL)  # Monday night window
RRN = "900101-1234568"


def test_issue_several_kinds_on_one_receipt(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    view = svc.issue_certificates(
        app_ctx.db.uow(),
        clerk,
        applicant_name="홍길동",
        resident_number=RRN,
        lines=[
            CertificateLine("resident_copy", 2),
            CertificateLine("주민등록표 초본", 1, exemption="기초생활수급자"),
            CertificateLine("seal_certificate", 1),
            CertificateLine("family_relation", 3),
        ],
        payment_method="카드",
        now=DAY,
    )
    assert view.total == 800 + 0 + 600 + 3000
    assert [(ln.kind_name, ln.copies, ln.amount) for ln in view.lines][:2] == [
        ("주민등록표 등본", 2, 800),
        ("주민등록표 초본", 1, 0),
    ]
    receipt = view.receipt
    assert receipt.number == "20261123-0001" and receipt.total == view.total and receipt.payment_method == "카드"
    assert receipt.applicant_rrn_masked == "900101-1******"
    assert receipt.lines[1].exemption == "기초생활수급자"
    assert all("certificates.toml" in ln.fee_table for ln in receipt.lines)
    path = svc.print_receipt(app_ctx.db.uow(), clerk, issue=view, path=tmp_path / "r.pdf", paper="a4")
    text = "".join(page.extract_text() for page in PdfReader(str(path)).pages)
    assert "영 수 증" in text and "4,400원" in text and "기초생활수급자" in text
    assert "900101-1******" in text and "1234568" not in text
    with app_ctx.db.uow() as uow:
        actions = uow.session.scalars(sa.select(AuditEntry.action)).all()
    assert {"certificate.issue", "receipt.issue", "receipt.print", "applicant.create"} <= set(actions)


def test_all_exempt_is_paid_as_exempt(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    view = svc.issue_certificates(
        app_ctx.db.uow(),
        clerk,
        applicant_name="김면제",
        lines=[CertificateLine("resident_copy", 1, exemption="national_merit")],
        payment_method="현금",
        now=DAY,
    )
    assert view.total == 0 and view.receipt.payment_method == "면제"


def test_family_certificates_take_their_exemptions_on_the_receipt(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # 가족관계의 등록 등에 관한 규칙 제28조④: the same groups as 등·초본 plus official use, disaster victims and
    # the birth filer's first 기본증명서; the receipt names the exemption and shows 0 for the line.
    clerk = make_actor("clerk")
    view = svc.issue_certificates(
        app_ctx.db.uow(),
        clerk,
        applicant_name="이출생",
        lines=[
            CertificateLine("기본증명서", 1, exemption="birth_filer_basic"),
            CertificateLine("family_relation", 2, exemption="한부모가족 보호대상자"),
            CertificateLine("marriage_relation", 1, exemption="disaster_victim"),
            CertificateLine("basic_certificate", 1),
        ],
        payment_method="현금",
        now=DAY,
    )
    assert [(ln.amount, ln.exemption_label) for ln in view.lines] == [
        (0, "출생신고인 기본증명서 (신고 후 2주 이내 1통)"),
        (0, "한부모가족 보호대상자"),
        (0, "재해 이재민"),
        (1_000, ""),
    ]
    assert view.total == 1_000
    assert [ln.amount for ln in view.receipt.lines] == [0, 0, 0, 1_000]
    path = svc.print_receipt(app_ctx.db.uow(), clerk, issue=view, path=tmp_path / "r.pdf", paper="a4")
    flat = "".join("".join(page.extract_text() for page in PdfReader(str(path)).pages).split())
    assert "한부모가족보호대상자" in flat and "재해이재민" in flat and "1,000원" in flat
    with pytest.raises(ValidationError, match="1통에만"):
        svc.issue_certificates(
            app_ctx.db.uow(),
            clerk,
            applicant_name="이출생",
            lines=[CertificateLine("기본증명서", 2, exemption="birth_filer_basic")],
            payment_method="현금",
            now=DAY,
        )


def test_replay_returns_the_same_issue(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    key = uuid.uuid4()
    kwargs = dict(applicant_name="홍길동", lines=[CertificateLine("resident_copy")], payment_method="현금", now=DAY)
    first = svc.issue_certificates(app_ctx.db.uow(), clerk, client_uuid=key, **kwargs)  # type: ignore[arg-type]
    again = svc.issue_certificates(app_ctx.db.uow(), clerk, client_uuid=key, **kwargs)  # type: ignore[arg-type]
    assert again.id == first.id and again.receipt.number == first.receipt.number
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Receipt)) == 1
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(CertificateIssue)) == 1


@pytest.mark.parametrize(
    ("lines", "payment", "message"),
    [
        ([], "현금", "하나 이상"),
        ([CertificateLine("resident_copy", 0)], "현금", "1부 이상"),
        ([CertificateLine("없는증명", 1)], "현금", "종류가 아닙니다"),
        ([CertificateLine("seal_certificate", 1, exemption="기초생활수급자")], "현금", "적용되지 않습니다"),
        ([CertificateLine("resident_copy", 1)], "수표", "결제 수단"),
    ],
)
def test_bad_requests_write_nothing(app_ctx, make_actor, lines, payment, message) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    with pytest.raises(ValidationError, match=message):
        svc.issue_certificates(
            app_ctx.db.uow(), clerk, applicant_name="홍길동", lines=lines, payment_method=payment, now=DAY
        )
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Receipt)) == 0


def test_night_window_issues_only_night_kinds(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    night = make_actor("night")
    assert {k.code for k in svc.available_kinds(night)} == {
        "resident_copy",
        "resident_abstract",
        "family_relation",
        "basic_certificate",
        "marriage_relation",
        "adoption_relation",
        "full_adoption_relation",
    }
    ok = svc.issue_certificates(
        app_ctx.db.uow(),
        night,
        applicant_name="야간민원",
        lines=[CertificateLine("basic_certificate")],
        payment_method="현금",
        now=NIGHT,
    )
    assert ok.total == 1000
    with pytest.raises(PermissionDenied, match="야간 민원실에서는 인감증명서"):
        svc.issue_certificates(
            app_ctx.db.uow(),
            night,
            applicant_name="야간민원",
            lines=[CertificateLine("resident_copy"), CertificateLine("seal_certificate")],
            payment_method="현금",
            now=NIGHT,
        )
    with pytest.raises(PermissionDenied, match="운영시간"):
        svc.issue_certificates(
            app_ctx.db.uow(),
            night,
            applicant_name="야간민원",
            lines=[CertificateLine("resident_copy")],
            payment_method="현금",
            now=DAY,
        )


def test_night_receipt_prints_when_the_window_closes_meanwhile(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    night = make_actor("night")
    last_minute = datetime(2026, 11, 23, 19, 59, 30, tzinfo=SEOUL)
    issue = svc.issue_certificates(
        app_ctx.db.uow(),
        night,
        applicant_name="막차민원",
        lines=[CertificateLine("resident_copy")],
        payment_method="현금",
        now=last_minute,
    )
    # Paid at 19:59:30, printed at 20:00:10: the applicant gets the receipt.
    written = svc.print_receipt(
        app_ctx.db.uow(), night, issue=issue, path=tmp_path / "r.pdf", now=last_minute + timedelta(seconds=40)
    )
    assert written.exists()
    # A reprint at 20:30 is outside the window like any other action.
    with pytest.raises(PermissionDenied, match="운영시간"):
        svc.print_receipt(
            app_ctx.db.uow(), night, issue=issue, path=tmp_path / "r2.pdf", now=last_minute + timedelta(minutes=31)
        )
    assert not (tmp_path / "r2.pdf").exists()


def test_guide_issues_nothing(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    guide = make_actor("guide")
    with pytest.raises(PermissionDenied, match="여권 안내 도우미"):
        svc.issue_certificates(
            app_ctx.db.uow(),
            guide,
            applicant_name="홍길동",
            lines=[CertificateLine("resident_copy")],
            payment_method="현금",
            now=DAY,
        )


def test_the_same_client_uuid_issues_once(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    import uuid as uuidlib

    import sqlalchemy as sa

    from app.services import certificates as certs_service
    from db.models import Receipt as ReceiptRow

    clerk = make_actor("clerk")
    key = uuidlib.uuid4()
    line = certs_service.CertificateLine("resident_copy", 1, None)
    first = certs_service.issue_certificates(
        app_ctx.db.uow(), clerk, applicant_name="홍길동", lines=[line], payment_method="현금", client_uuid=key
    )
    again = certs_service.issue_certificates(
        app_ctx.db.uow(), clerk, applicant_name="홍길동", lines=[line], payment_method="현금", client_uuid=key
    )
    assert again.receipt.number == first.receipt.number
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(ReceiptRow)) == 1


def test_a_bad_line_is_our_refusal_not_a_bare_error() -> None:
    with pytest.raises(ValidationError, match="1부 이상"):
        svc.quote_lines([CertificateLine("resident_copy", 0)])
    with pytest.raises(ValidationError, match="제어 문자"):
        svc.quote_lines([CertificateLine("resident\x00copy", 1)])
    assert svc.quote_lines([CertificateLine("resident_copy", 2)]) == 800
