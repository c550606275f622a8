"""A save whose reply was lost, sent again with the same client id, is answered "이미 저장되어 있습니다" (with the
record's number): never a refusal, never a second record or receipt (issue 11, "Replays are answered")."""

from __future__ import annotations

import psycopg
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.exc import OperationalError

from app.services import certificates as certs
from db.models import Receipt
from db.models_petitions import CertificateIssue
from tests.ui.test_counter_tab import choose, type_text


def _boxes(widget, name: str) -> list[QMessageBox]:  # type: ignore[no-untyped-def]
    return [b for b in widget.window().findChildren(QMessageBox) if b.objectName() == name and b.isVisible()]


def _close(widget, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    texts = []
    for box in _boxes(widget, name):
        texts.append(box.text())
        box.close()
    widget.window().activateWindow()
    QApplication.processEvents()
    return texts


def _lost_reply(exc_text: str) -> OperationalError:
    """What a counter sees when the link drops after the server committed: psycopg's connection error."""
    return OperationalError("COMMIT", {}, psycopg.OperationalError(exc_text))


def test_certificate_retry_after_a_lost_reply_says_already_saved(qtbot, ui_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    page = window.show_tab("counter").certificates
    real = certs.issue_certificates
    calls: list[object] = []

    def committed_then_cut(*args, **kwargs):  # type: ignore[no-untyped-def]
        view = real(*args, **kwargs)
        calls.append(kwargs["client_uuid"])
        if len(calls) == 1:
            raise _lost_reply("server closed the connection unexpectedly")
        return view

    monkeypatch.setattr(certs, "issue_certificates", committed_then_cut)
    type_text(qtbot, page.name, "홍길동")
    choose(qtbot, page.kind, "resident_copy")
    page.payment.setFocus()
    qtbot.keyClick(page.payment, Qt.Key.Key_Return)
    # The first save went through on the server, but its answer never came back: an outage message, the form
    # keeps what was typed, and nothing was printed.
    errors = _close(page, "errorBox")
    assert len(errors) == 1 and "연결할 수 없습니다" in errors[0]
    assert page.name.text() == "홍길동" and page.last_issue is None
    assert _boxes(page, "replayBox") == []

    page.payment.setFocus()
    qtbot.keyClick(page.payment, Qt.Key.Key_Return)  # the clerk presses Enter again
    assert len(calls) == 2 and calls[0] == calls[1]  # the same client id went out again
    assert _close(page, "errorBox") == []  # no refusal, no bug dialog
    issue = page.last_issue
    assert issue is not None and issue.replayed
    notes = _close(page, "replayBox")
    assert len(notes) == 1
    assert "이미 저장되어 있습니다" in notes[0] and issue.receipt.number in notes[0]
    assert page.name.text() == ""  # done like any save: the form is ready for the next person

    with ctx.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(CertificateIssue)) == 1
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(Receipt)) == 1

    # The next person's save is a new request with a new client id: saved, and no "already saved" note.
    type_text(qtbot, page.name, "김영희")
    choose(qtbot, page.kind, "resident_copy")
    page.payment.setFocus()
    qtbot.keyClick(page.payment, Qt.Key.Key_Return)
    assert _close(page, "errorBox") == [] and _close(page, "replayBox") == []
    assert len(calls) == 3 and calls[2] != calls[0]
    second = page.last_issue
    assert second is not None and not second.replayed and second.receipt.number != issue.receipt.number
