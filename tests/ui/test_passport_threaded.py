"""여권 with the task runner on its threads: an intake with its receipt, the list, a delivery, the checklist."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QApplication, QCheckBox
from sqlalchemy import select

from app.domain.calendar import SEOUL
from app.services import passports as ps
from db.models import AuditEntry, Receipt
from db.models_passport import PassportApplication
from tests.ui.threaded import run_and_wait, threaded_window
from ui.dialogs.passport_delivery import DeliveryDialog
from ui.tabs.passport import PassportTab

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=SEOUL)


def _tab(qtbot, sqlite_ctx, make_actor) -> tuple[PassportTab, object]:  # type: ignore[no-untyped-def]
    window, ctx = threaded_window(qtbot, sqlite_ctx, make_actor("clerk"))
    tab = window.show_tab("passport")
    assert isinstance(tab, PassportTab)
    tab.clock = lambda: NOW
    return tab, ctx


def _actions(sqlite_ctx) -> list[str]:  # type: ignore[no-untyped-def]
    with sqlite_ctx.db.uow() as uow:
        return list(uow.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_intake_saves_application_and_receipt_and_prints_the_receipt(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = _tab(qtbot, sqlite_ctx, make_actor)
    form = tab.intake
    form.name_edit.setText("홍길동")
    form.rrn.edit.setText("900101-1234568")
    QApplication.processEvents()
    assert form.fee_display.total.amount == 52000
    form.photo.setChecked(True)
    for key in ("application_form", "id_card_adult"):
        box = form.findChild(QCheckBox, f"doc_{key}")
        assert box is not None
        box.setChecked(True)
    before = _actions(sqlite_ctx)

    run_and_wait(qtbot, ctx, tab.save)

    assert "접수했습니다: P20261125-0001" in tab.status.text(), tab.status.text()
    assert tab.applications_model.rowCount() == 1
    selected = tab.selected()
    assert selected is not None and selected.number == "P20261125-0001" and selected.total == 52000
    assert form.name_edit.text() == ""  # the form is cleared for the next applicant
    with sqlite_ctx.db.uow() as uow:
        app = uow.session.scalars(select(PassportApplication)).one()
        receipt = uow.session.scalars(select(Receipt)).one()
        assert app.receipt_id == receipt.id and receipt.total == 52000 and app.number == selected.number
        receipt_number = receipt.number
    pdf = Path(tab.last_pdf)
    assert pdf.exists()
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert receipt_number in text and "52,000" in text and "900101-1******" in text and "1234568" not in text
    new = _actions(sqlite_ctx)[len(before) :]
    assert "receipt.read" not in new
    assert [a for a in new if a in ("passport.intake", "receipt.issue", "receipt.print", "print.done")] == [
        "receipt.issue",
        "passport.intake",
        "receipt.print",
        "print.done",
    ]


def test_list_refresh_and_delivery_run_on_the_worker(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    form = ps.ApplicationForm(
        name="김영희",
        resident_number="850505-2234561",
        kind="복수",
        validity_years=10,
        pages=58,
        photo_checked=True,
        documents_checked=("application_form", "id_card_adult"),
    )
    app = ps.take_application(sqlite_ctx.db.uow(), clerk, form=form, now=NOW - timedelta(days=2))
    for step in (ps.REVIEW, ps.PRODUCTION, ps.ARRIVED):
        ps.advance_application(sqlite_ctx.db.uow(), clerk, application_id=app.id, to_status=step, now=NOW)
    tab, ctx = _tab(qtbot, sqlite_ctx, make_actor)

    run_and_wait(qtbot, ctx, tab.refresh)
    assert [row.number for row in tab.applications_model.rows] == [app.number]
    assert tab.applications_model.rows[0].status_label == "도착"

    tab.applications_view.selectRow(0)
    tab.deliver()
    dialog = tab.dialog
    assert isinstance(dialog, DeliveryDialog)
    dialog.id_checked.setChecked(True)
    run_and_wait(qtbot, ctx, dialog.accept)
    assert "교부했습니다" in tab.status.text(), tab.status.text()
    assert tab.dialog is None and not dialog.isVisible()
    delivered = tab.selected()
    assert delivered is not None and delivered.status == ps.DELIVERED and delivered.collector_name == "김영희"
    assert _actions(sqlite_ctx).count("passport.deliver") == 1


def test_checklist_print_runs_on_the_worker(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    tab, ctx = _tab(qtbot, sqlite_ctx, make_actor)
    tab.intake.name_edit.setText("홍소녀")
    tab.intake.rrn.edit.setText("150101-4234567")  # a girl of 11: a minor's documents
    QApplication.processEvents()
    before = len(_actions(sqlite_ctx))

    run_and_wait(qtbot, ctx, tab.print_checklist)

    assert "구비서류 안내를 출력했습니다" in tab.status.text(), tab.status.text()
    pdf = Path(str(tab.property("last_pdf")))
    assert pdf.exists() and str(pdf) in tab.status.text()
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "여권 발급 구비서류 안내" in text and "법정대리인 동의서" in text and "만 11세" in text
    assert "홍소녀" not in text  # the sheet carries no person
    with sqlite_ctx.db.uow() as uow:
        entries = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()[before:]
        assert [e.action for e in entries] == ["checklist.print", "print.done"]
        assert entries[0].record_type == "passport_checklist" and pdf.name in entries[0].detail
        assert f"#{entries[0].id}" in entries[1].detail
