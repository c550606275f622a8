"""The applicant's petition papers on SQLite and PostgreSQL: 접수증 with the legal deadline, 보완요구서 with what is
missing and that the clock stops, 처리결과 통지서 with a refusal's reason and the appeal guide; each printed through
the one print path, a reprint marked 재발행, the resident number only masked."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.domain.calendar import SEOUL
from app.services import petitions as svc
from app.services.errors import PermissionDenied, RuleViolation, ValidationError
from db.models import AuditEntry

MON = datetime(2026, 11, 23, 10, 0, tzinfo=SEOUL)  # a Monday, no holiday that week
RRN = "900101-1234568"


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _take(ctx, clerk, **kw):  # type: ignore[no-untyped-def]
    return svc.intake_petition(
        ctx.db.uow(),
        clerk,
        type_code=kw.pop("type_code", "question_procedure"),
        applicant_name="홍길동",
        phone="010-1234-5678",
        resident_number=RRN,
        department="건축과",
        summary="건축 신고 절차 문의",
        now=MON,
        **kw,
    )


def _actions(ctx) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with ctx.db.uow() as uow:
        rows = uow.session.execute(sa.select(AuditEntry.action, AuditEntry.detail).order_by(AuditEntry.id)).all()
        return [(a, d) for a, d in rows]


def test_the_intake_slip_names_the_deadline_and_masks_the_number(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    p = _take(app_ctx, clerk)
    path = svc.print_petition_paper(app_ctx.db.uow(), clerk, petition_id=p.id, kind="intake", path=tmp_path / "s.pdf")
    text = _text(path)
    assert "민원 접수증" in text and p.number in text
    assert "건축과" in text and p.type_name in text
    # The legal deadline as the petition service computed it: 7 days counted in working days, due 18:00.
    local_due = p.due_at.astimezone(SEOUL)
    assert local_due == datetime(2026, 12, 1, 18, 0, tzinfo=SEOUL)
    assert "2026년 12월 1일 (화) 18:00" in text
    assert "02-2241-3114" in text  # the office phone (office.toml) for questions about progress
    assert "900101-1******" in text and RRN not in text and "1234568" not in text
    assert "010-****-5678" in text or "010-1234-5678" not in text
    assert "재발행" not in text
    actions = [a for a, _ in _actions(app_ctx)]
    assert actions[-2:] == ["petition.slip.print", "print.done"]

    again = svc.print_petition_paper(app_ctx.db.uow(), clerk, petition_id=p.id, kind="intake", path=tmp_path / "t.pdf")
    assert "재발행 (1회)" in _text(again)
    assert "재발행 1회" in _actions(app_ctx)[-2][1]


def test_the_supplement_request_says_what_by_when_and_that_the_clock_stops(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    p = _take(app_ctx, clerk)
    with pytest.raises(RuleViolation, match="보완 요구가 없어"):
        svc.print_petition_paper(app_ctx.db.uow(), clerk, petition_id=p.id, kind="supplement", path=tmp_path / "x.pdf")
    asked = MON + timedelta(hours=2)
    svc.request_supplement(
        app_ctx.db.uow(), clerk, petition_id=p.id, note="위임장 원본 제출", supplement_due=date(2026, 11, 30), now=asked
    )
    path = svc.print_petition_paper(
        app_ctx.db.uow(), clerk, petition_id=p.id, kind="supplement", path=tmp_path / "b.pdf", now=asked
    )
    text = _text(path)
    assert "보완요구서" in text and p.number in text
    assert "위임장 원본 제출" in text and "1차" in text
    assert "2026년 11월 30일" in text and "까지" in text
    assert "처리기간에 넣지 않습니다" in text and "시행령 제24조" in text and "제25조" in text
    assert "900101-1******" in text and RRN not in text


def test_a_refusal_notice_gives_the_reason_and_the_appeal_guide(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    p = _take(app_ctx, clerk)
    with pytest.raises(RuleViolation, match="아직 처리되지 않아"):
        svc.print_petition_paper(app_ctx.db.uow(), clerk, petition_id=p.id, kind="result", path=tmp_path / "x.pdf")
    with pytest.raises(ValidationError, match="불가 사유"):
        svc.decide_petition(app_ctx.db.uow(), clerk, petition_id=p.id, decision="불가", now=MON + timedelta(hours=3))
    decided_at = MON + timedelta(hours=3)
    svc.decide_petition(
        app_ctx.db.uow(),
        clerk,
        petition_id=p.id,
        decision="불가",
        decision_reason="건축법 제14조의 신고 대상 규모를 넘습니다",
        now=decided_at,
    )
    text = _text(
        svc.print_petition_paper(app_ctx.db.uow(), clerk, petition_id=p.id, kind="result", path=tmp_path / "r.pdf")
    )
    assert "처리결과 통지서" in text and p.number in text
    assert "불가" in text and "건축법 제14조의 신고 대상 규모를 넘습니다" in text
    assert "2026년 11월 23일 (월) 13:00" in text  # 10:00 + 3 h, shown in Seoul time
    assert "90일" in text and "행정심판법" in text and "제27조" in text and "행정소송" in text
    assert "900101-1******" in text and RRN not in text


def test_a_granted_notice_has_no_appeal_guide_and_a_closing_has_one(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    granted = _take(app_ctx, clerk)
    svc.decide_petition(app_ctx.db.uow(), clerk, petition_id=granted.id, decision="인용", now=MON + timedelta(hours=1))
    text = _text(
        svc.print_petition_paper(
            app_ctx.db.uow(), clerk, petition_id=granted.id, kind="result", path=tmp_path / "g.pdf"
        )
    )
    assert "인용" in text and "행정심판" not in text

    closed = _take(app_ctx, clerk)
    svc.close_petition(
        app_ctx.db.uow(),
        clerk,
        petition_id=closed.id,
        reason_code="address_unknown",
        note="우편 2회 반송",
        now=MON + timedelta(days=2),
    )
    text = _text(
        svc.print_petition_paper(app_ctx.db.uow(), clerk, petition_id=closed.id, kind="result", path=tmp_path / "c.pdf")
    )
    assert "종결" in text and "우편 2회 반송" in text and "행정심판" in text


def test_who_may_print_and_bad_input(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk, guide = make_actor("clerk"), make_actor("guide")
    p = _take(app_ctx, clerk)
    with pytest.raises(PermissionDenied):
        svc.print_petition_paper(app_ctx.db.uow(), guide, petition_id=p.id, kind="intake", path=tmp_path / "g.pdf")
    with pytest.raises(ValidationError):
        svc.print_petition_paper(app_ctx.db.uow(), clerk, petition_id=p.id, kind="영수증", path=tmp_path / "k.pdf")
    with pytest.raises(ValidationError):
        svc.print_petition_paper(app_ctx.db.uow(), clerk, petition_id=-1, kind="intake", path=tmp_path / "n.pdf")
    assert not (tmp_path / "g.pdf").exists() and not (tmp_path / "k.pdf").exists()
