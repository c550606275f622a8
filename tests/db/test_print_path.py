"""The one print path: the access-log intent is committed before rendering, ``print.done`` after it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.services import printing, receipts
from app.services.errors import PermissionDenied, RuleViolation
from db.models import AuditEntry


def _entries(app_ctx) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with app_ctx.db.uow() as uow:
        entries = list(uow.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all())
        uow.session.expunge_all()
    return entries


def _issue(app_ctx, clerk) -> receipts.ReceiptView:  # type: ignore[no-untyped-def]
    line = receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)
    return receipts.issue_receipt(app_ctx.db.uow(), clerk, lines=[line], payment_method="현금")


def test_a_print_logs_intent_then_completion(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    view = _issue(app_ctx, clerk)
    path = printing.print_receipt(app_ctx.db.uow(), clerk, receipt=view, path=tmp_path / "r.pdf")
    assert path.stat().st_size > 1000
    last = _entries(app_ctx)[-2:]
    assert [e.action for e in last] == ["receipt.print", "print.done"]
    assert last[0].record_id == view.number == last[1].record_id
    assert f"#{last[0].id}" in last[1].detail and "r.pdf" in last[1].detail
    # A print reads the receipt inside its own intent; no receipt.read that nobody caused.
    assert "receipt.read" not in [e.action for e in _entries(app_ctx)]


def test_a_failed_render_leaves_the_intent_without_completion(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")

    def broken(_: Path) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        printing.print_document(
            app_ctx.db.uow(),
            clerk,
            job=printing.PrintJob("receipt.print", "receipt", "X-1"),
            path=tmp_path / "x.pdf",
            render=broken,
        )
    last = _entries(app_ctx)[-1]
    assert last.action == "receipt.print" and last.record_id == "X-1"
    assert not [e for e in _entries(app_ctx) if e.action == "print.done"]


def test_a_reprint_by_id_and_its_permission(app_ctx, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    clerk = make_actor("clerk")
    view = _issue(app_ctx, clerk)
    supervisor = make_actor("supervisor")
    path = printing.print_receipt(app_ctx.db.uow(), supervisor, receipt_id=view.id, path=tmp_path / "a.pdf")
    assert view.number in PdfReader(str(path)).pages[0].extract_text()
    with pytest.raises(PermissionDenied):
        printing.print_receipt(app_ctx.db.uow(), make_actor("guide"), receipt_id=view.id, path=tmp_path / "b.pdf")
    assert not (tmp_path / "b.pdf").exists()


def test_a_void_retried_with_its_key_is_answered_once(app_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    import uuid

    supervisor = make_actor("supervisor")
    view = _issue(app_ctx, make_actor("clerk"))
    key = uuid.uuid4()
    first = receipts.void_receipt(app_ctx.db.uow(), supervisor, receipt_id=view.id, reason="착오", client_uuid=key)
    again = receipts.void_receipt(app_ctx.db.uow(), supervisor, receipt_id=view.id, reason="착오", client_uuid=key)
    assert first == again and again.status == "voided"
    assert [e.action for e in _entries(app_ctx)].count("receipt.void") == 1
    with pytest.raises(RuleViolation, match="이미 취소"):
        receipts.void_receipt(app_ctx.db.uow(), supervisor, receipt_id=view.id, reason="착오", client_uuid=uuid.uuid4())
