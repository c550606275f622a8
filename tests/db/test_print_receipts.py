"""Receipts worthy of a 구청 on paper: 재발행 (n회) on every reprint (also when two counters reprint at once), a
voided receipt as 취소 영수증, cash received and change, the card approval number, and the QR check code that
the look-up answers as valid, voided, corrected or unknown."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.domain.calendar import is_working_day, seoul_today
from app.services import dayclose, printing, receipts
from app.services.errors import ValidationError
from db.models import AuditEntry, Receipt
from tests.db.races import race

LINE = receipts.LineInput("seal_certificate", "인감증명서", 2, 600)


def _text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _print(app_ctx, actor, receipt_id: int, path: Path, paper: str = "roll80") -> str:  # type: ignore[no-untyped-def]
    printing.print_receipt(app_ctx.db.uow(), actor, receipt_id=receipt_id, path=path, paper=paper)
    return _text(path)


@pytest.mark.parametrize("paper", ["roll80", "a4"])
def test_every_reprint_is_marked_with_its_count(app_ctx, make_actor, tmp_path: Path, paper: str) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    view = receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=[LINE], payment_method="현금", cash_received=5000)
    first = printing.print_receipt(app_ctx.db.uow(), clerk, receipt=view, path=tmp_path / "1.pdf", paper=paper)
    text = _text(first)
    assert "재발행" not in text and "위 금액을 정히 영수합니다." in text
    assert "1,200원" in text and "받은 금액" in text and "5,000원" in text and "3,800원" in text  # the change
    assert "서울" in text or "구청" in text
    assert "직인" in text and "수납기관" in text
    assert "재발행 (1회)" in _print(app_ctx, clerk, view.id, tmp_path / "2.pdf", paper)
    assert "재발행 (2회)" in _print(app_ctx, clerk, view.id, tmp_path / "3.pdf", paper)
    with app_ctx.db.uow() as uow:
        count = uow.session.scalar(sa.select(Receipt.print_count).where(Receipt.id == view.id))
        details = uow.session.scalars(
            sa.select(AuditEntry.detail).where(AuditEntry.action == "receipt.print").order_by(AuditEntry.id)
        ).all()
    assert count == 3
    assert ["재발행 1회" in d for d in details] == [False, True, False] and "재발행 2회" in details[2]


def test_a_voided_receipt_prints_as_a_cancelled_receipt(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk, supervisor = make_actor("clerk"), make_actor("supervisor")
    view = receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=[LINE], payment_method="카드", approval_no="30012345")
    printing.print_receipt(app_ctx.db.uow(), clerk, receipt=view, path=tmp_path / "first.pdf", paper="a4")
    assert "승인번호 30012345" in _text(tmp_path / "first.pdf")
    receipts.void_receipt(app_ctx.db.uow(), supervisor, receipt_id=view.id, reason="금액 착오")
    # The view handed to the print is the one taken at issue; the print shows the receipt as it is now.
    printing.print_receipt(app_ctx.db.uow(), clerk, receipt=view, path=tmp_path / "again.pdf", paper="a4")
    for paper in ("roll80", "a4"):
        text = _print(app_ctx, supervisor, view.id, tmp_path / f"void-{paper}.pdf", paper)
        assert "취 소 영 수 증" in text and "금액 착오" in text and "재발행" in text
        assert "정히 영수합니다" not in text and "수납 증명으로 쓸 수 없습니다" in text
    assert "취 소 영 수 증" in _text(tmp_path / "again.pdf")


def test_less_cash_than_the_amount_is_refused(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    with pytest.raises(ValidationError, match="받은 금액 1,000원이 수납할 금액 1,200원보다 적습니다"):
        receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=[LINE], payment_method="현금", cash_received=1000)
    with pytest.raises(ValidationError, match="승인번호"):
        receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=[LINE], payment_method="카드", approval_no="12<3")
    with app_ctx.db.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Receipt)) == 0
    exact = receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=[LINE], payment_method="현금", cash_received=1200)
    assert exact.cash_received == 1200 and exact.change == 0


def test_the_check_code_answers_valid_voided_corrected_or_unknown(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk, supervisor = make_actor("clerk"), make_actor("supervisor")
    view = receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=[LINE], payment_method="현금")
    assert view.check_code and len(view.check_code) == 9 and view.qr_payload.endswith(view.check_code)

    def check(text: str) -> receipts.ReceiptCheckView:
        return receipts.check_receipt(app_ctx.db.uow(), clerk, text=text)

    scanned = check(view.qr_payload)
    assert scanned.verdict == "valid" and scanned.number == view.number and scanned.total == 1200
    typed = check(f" {view.number}  {view.check_code.lower().replace('-', '')} ")
    assert typed.verdict == "valid"
    wrong = "0000-0000" if view.check_code != "0000-0000" else "1111-1111"
    assert check(f"{view.number} {wrong}").verdict == "unknown"
    assert check(f"{view.number[:-4]}9999 {view.check_code}").verdict == "unknown"
    with pytest.raises(ValidationError, match="검증 코드"):
        check("아무 글자")
    receipts.void_receipt(app_ctx.db.uow(), supervisor, receipt_id=view.id, reason="착오")
    voided = check(view.qr_payload)
    assert voided.verdict == "voided" and "착오" in voided.message


def test_a_receipt_of_a_closed_day_checks_as_corrected(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk, supervisor = make_actor("clerk"), make_actor("supervisor")
    day = seoul_today() - timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    from datetime import datetime, time

    from app.domain.calendar import SEOUL

    moment = datetime.combine(day, time(11, 0), tzinfo=SEOUL)
    view = receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=[LINE], payment_method="현금", now=moment)
    dayclose.close_day(app_ctx.db.uow(), supervisor, day=day)
    correction = receipts.void_receipt(app_ctx.db.uow(), supervisor, receipt_id=view.id, reason="정정 사유")
    answer = receipts.check_receipt(app_ctx.db.uow(), clerk, text=view.qr_payload)
    assert answer.verdict == "corrected" and correction.number in answer.message


@pytest.mark.slow
def test_two_counters_reprinting_at_once_get_different_reprint_numbers(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    actors = [make_actor("clerk"), make_actor("clerk")]
    ids: list[int] = []

    def prepare(_: int) -> list[dict[str, object]]:
        view = receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=[LINE], payment_method="현금")
        ids.append(view.id)
        return [{"receipt_id": view.id}] * 2

    rounds = race(app_ctx, actors, "tests.db.race_actions_print:reprint", prepare, rounds=8)
    for outcomes in rounds:
        assert sorted(outcomes) == [("ok", 0), ("ok", 1)], outcomes
    with app_ctx.db.uow() as uow:
        counts = uow.session.scalars(sa.select(Receipt.print_count).where(Receipt.id.in_(ids))).all()
    assert counts == [2] * len(ids)


def test_an_english_receipt_for_a_foreign_resident_counts_as_a_reprint_like_any(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    view = receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=[LINE], payment_method="현금", cash_received=5000)
    korean = _text(printing.print_receipt(app_ctx.db.uow(), clerk, receipt=view, path=tmp_path / "ko.pdf"))
    english = _text(
        printing.print_receipt(app_ctx.db.uow(), clerk, receipt_id=view.id, path=tmp_path / "en.pdf", language="en")
    )
    assert "1,200원" in korean and "위 금액을 정히 영수합니다." in korean
    assert "KRW 1,200" in english and "KRW 3,800" in english and "Reprint (1)" in english
    assert "Seal certificate" in english or "Seal" in english
    with pytest.raises(ValidationError):
        printing.print_receipt(app_ctx.db.uow(), clerk, receipt_id=view.id, path=tmp_path / "x.pdf", language="fr")
    with app_ctx.db.uow() as uow:
        count = uow.session.scalar(sa.select(Receipt.print_count).where(Receipt.id == view.id))
    assert count == 2  # the refused language printed nothing
