"""가족관계등록 with the task runner on its threads: a filing saved, the list refreshed, a decision taken and the
guidance sheet printed land on screen, in the database and in the access log."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from app.domain.calendar import seoul_today
from app.domain.identity import check_digit
from db.models import AuditEntry
from db.models_family import FamilyFiling
from db.models_outbox import OutboxMessage
from tests.ui.threaded import run_and_wait, threaded_window

TODAY = seoul_today()


def rrn(front: str, serial: str = "23456") -> str:
    body = front.replace("-", "") + serial
    return f"{body[:6]}-{body[6:]}{check_digit(body)}"


MOTHER = rrn("900101-2")


def fill_birth(tab) -> None:  # type: ignore[no-untyped-def]
    tab.kind.setCurrentIndex(tab.kind.findText("출생"))
    page = tab.pages["birth"]
    page.surname.setText("홍")
    page.given.setText("길동")
    page.order.setValue(2)
    page.event_edit.set_value(TODAY - timedelta(days=2))
    page.time.setText("09:30")
    page.place.setText("고려대학교 안암병원")
    page.mother.name.setText("김영희")
    page.mother.rrn.edit.setText(MOTHER)
    page.father.name.setText("홍철수")
    page.father.rrn.edit.setText(rrn("880202-1"))
    tab.relation.setCurrentIndex(tab.relation.findData("mother"))
    tab.sms_consent.setChecked(True)
    tab.sms_phone.setText("010-1234-5678")


def _text(path: str) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_save_refresh_decide_and_print_run_on_the_worker(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    window, ctx = threaded_window(qtbot, sqlite_ctx, make_actor("clerk"))
    tab = window.show_tab("family")
    assert not ctx.tasks.synchronous
    fill_birth(tab)
    assert tab.assessment.text().startswith("기한 내")

    # Save: the filing, then (from its callback) the list refresh and the guidance sheet, each on the worker.
    run_and_wait(qtbot, ctx, tab.save)
    assert tab.model.rowCount() == 1
    view = tab.model.row_at(0)
    assert view.subject_name == "홍길동" and view.number in tab.status.text()
    assert tab.pages["birth"].surname.text() == "" and tab.pages["birth"].event_edit.value() is None
    with sqlite_ctx.db.uow() as uow:
        filing = uow.session.scalars(select(FamilyFiling)).one()
        assert (filing.number, filing.status, filing.birth_order) == (view.number, "received", 2)
    assert tab.last_pdf and Path(tab.last_pdf).exists()
    text = _text(tab.last_pdf)
    assert "홍길동" in text and "3,000,000원" in text and MOTHER[:8] + "******" in text and MOTHER not in text

    # A list refresh with a search typed.
    tab.search.setText("김영희")
    run_and_wait(qtbot, ctx, tab.refresh)
    assert [v.number for v in tab.model.rows] == [view.number]
    tab.search.setText("없는이름")
    run_and_wait(qtbot, ctx, tab.refresh)
    assert tab.model.rowCount() == 0
    tab.search.clear()
    run_and_wait(qtbot, ctx, tab.refresh)
    tab.table.selectRow(0)
    assert tab.current is not None and tab.current.id == view.id

    # The decision, with its retry key: processed once, one result message queued.
    run_and_wait(qtbot, ctx, lambda: tab.process("processed"))
    assert tab.current is not None and tab.current.status == "processed"
    assert "처리완료" in tab.status.text() and not tab.process_button.isEnabled()
    assert tab.messages.rowCount() == 1

    # A reprint from the list.
    first = tab.last_pdf
    run_and_wait(qtbot, ctx, tab.print_guidance)
    assert tab.last_pdf != first and Path(tab.last_pdf).exists()

    with sqlite_ctx.db.uow() as uow:
        assert uow.session.scalars(select(FamilyFiling.status)).one() == "processed"
        assert len(uow.session.scalars(select(OutboxMessage)).all()) == 1
        actions = uow.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions.count("family.file") == 1 and actions.count("family.processed") == 1
    assert actions.count("family.guidance_print") == 2 and actions.count("print.done") == 2
