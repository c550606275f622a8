"""증명·민원 with the task runner on its threads: a certificate issue (receipt and PDF), the petition list and an
action through its dialog, and the overdue notices and report land on screen, in the database and on disk."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from pypdf import PdfReader

from app.domain.calendar import SEOUL
from app.services import petitions as pets
from db.models import AuditEntry, Receipt
from db.models_petitions import CertificateIssue, PetitionNotice
from tests.ui.threaded import run_and_wait, threaded_window


def _pdf_text(path) -> str:  # type: ignore[no-untyped-def]
    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _actions(ctx) -> list[str]:  # type: ignore[no-untyped-def]
    with ctx.db.uow() as uow:
        return list(uow.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def test_certificate_issue_and_receipt_run_on_the_worker(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    window, ctx = threaded_window(qtbot, sqlite_ctx, make_actor("clerk"))
    page = window.show_tab("counter").certificates
    page.name.setText("홍길동")
    page.rrn.edit.setText("900101-1234568")
    page.kind.setCurrentIndex(page.kind.findData("resident_copy"))
    page.copies.setValue(2)

    run_and_wait(qtbot, ctx, page.issue)  # the issue, then the receipt print it starts
    issue = page.last_issue
    assert issue is not None and issue.total == 800
    assert page.last_pdf is not None and page.last_pdf.exists()
    assert issue.receipt.number in page.status.text() and "저장:" in page.status.text()
    assert page.name.text() == ""
    text = _pdf_text(page.last_pdf)
    assert "주민등록표 등본" in text and "800원" in text and "900101-1******" in text and "1234568" not in text
    with sqlite_ctx.db.uow() as uow:
        assert uow.session.scalars(sa.select(Receipt.number)).all() == [issue.receipt.number]
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(CertificateIssue)) == 1
    actions = _actions(sqlite_ctx)
    assert actions.count("certificate.issue") == 1 and actions.count("receipt.print") == 1
    assert actions.count("print.done") == 1


def test_petition_list_and_an_action_run_on_the_worker(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    window, ctx = threaded_window(qtbot, sqlite_ctx, clerk)
    page = window.show_tab("counter").petitions
    assert page.model.rowCount() == 0
    # Another counter takes two petitions; the next refresh shows them, soonest deadline first.
    later = pets.intake_petition(sqlite_ctx.db.uow(), clerk, type_code="local_tax_objection", applicant_name="이서윤")
    sooner = pets.intake_petition(sqlite_ctx.db.uow(), clerk, type_code="cook_license_new", applicant_name="박민수")
    run_and_wait(qtbot, ctx, page.refresh)
    assert [r.number for r in page.model.rows] == [sooner.number, later.number]
    assert "2건" in page.count_label.text()

    page.table.selectRow(0)
    run_and_wait(qtbot, ctx, lambda: page.run_action("supplement"))
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.fields["note"].setText("건강진단결과서 미첨부")
    run_and_wait(qtbot, ctx, lambda: (dialog.accept(), dialog.accept()))  # Enter pressed twice: one submission
    assert not dialog.isVisible() and "보완요청" in page.status.text()
    assert _actions(sqlite_ctx).count("petition.supplement") == 1
    assert page.selected() is not None and page.selected().urgency == "paused"
    assert pets.get_petition(sqlite_ctx.db.uow(), clerk, petition_id=sooner.id).petition.status == "supplement"


def test_overdue_notices_and_report_run_on_the_worker(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    clerk = make_actor("clerk")
    boss = make_actor("supervisor")
    two_weeks_ago = datetime.now(SEOUL) - timedelta(days=14)
    late = pets.intake_petition(
        sqlite_ctx.db.uow(), clerk, type_code="use_approval", applicant_name="최민원", now=two_weeks_ago
    )
    window, ctx = threaded_window(qtbot, sqlite_ctx, boss)
    page = window.show_tab("counter").overdue
    run_and_wait(qtbot, ctx, page.refresh)
    assert [(r.department, r.overdue) for r in page.preview_model.rows] == [("건축과", 1)]

    run_and_wait(qtbot, ctx, page.run_check)
    result = page.last_result
    assert result is not None and [(n.kind_label, n.department) for n in result.notices] == [("독촉장", "건축과")]
    path = result.notices[0].path
    text = _pdf_text(path)
    assert "독촉장" in text and late.number in text and "최민원" not in text
    assert "건축과 독촉장 1건" in page.status.text()
    actions = _actions(sqlite_ctx)
    assert actions.count("notice.print") == 1 and actions.count("print.done") == 1
    assert actions.count("notice.send") == 1
    with sqlite_ctx.db.uow() as uow:
        assert uow.session.scalars(sa.select(PetitionNotice.file_name)).all() == [str(path)]

    page.report_more.setValue(0)
    run_and_wait(qtbot, ctx, page.run_report)
    assert [(r.department, r.late, r.demands) for r in page.report_model.rows] == [("건축과", 1, 1)]


def test_an_answer_that_comes_back_after_its_screen_was_closed_is_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A list load still on the worker when its window closes (sign-out, the first-start dialog's hand-over)
    must not call into the deleted screen: its answer is dropped, without an error."""
    import threading

    from PySide6.QtWidgets import QWidget

    from ui import ops
    from ui.tasks import TaskRunner

    class Ctx:
        tasks = TaskRunner()

        class connection:  # noqa: N801 - the little of UiContext.connection that ops.run uses
            online = True

            @staticmethod
            def report(_exc: object) -> bool:
                return False

    owner = QWidget()
    release = threading.Event()
    answers: list[object] = []
    ops.run(owner, Ctx, lambda: release.wait(5) and "rows", done=answers.append)  # type: ignore[arg-type]
    owner.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(owner), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: Ctx.tasks.pending == 0, timeout=5000)
    qtbot.wait(20)
    assert answers == []
