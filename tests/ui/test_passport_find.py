"""The passport tab's 접수 번호 box (issue 17): a whole number is read by the unique index, even an application
the list does not hold (delivered long ago), and shown selected; a number that is no number is refused in Korean."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.domain.calendar import SEOUL
from app.services import passports as ps
from db.models_passport import PassportApplication
from ui.tabs.passport import PassportTab

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=SEOUL)


def test_a_whole_number_finds_an_application_the_list_does_not_hold(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    form = ps.ApplicationForm(
        name="홍길동",
        resident_number="900101-1234568",
        kind="복수",
        validity_years=10,
        pages=58,
        phone="010-1234-5678",
        photo_checked=True,
        documents_checked=("application_form", "id_card_adult"),
        payment_method="카드",
    )
    taken = ps.take_application(ctx.app.db.uow(), ctx.actor, form=form, client_uuid=uuid.uuid4(), now=NOW)
    with ctx.app.db.engine.begin() as conn:  # delivered years ago: not in the list of open ones and today's
        conn.execute(
            sa.update(PassportApplication)
            .where(PassportApplication.id == taken.id)
            .values(status=ps.DELIVERED, delivered_at=datetime(2020, 1, 2, 10, 0, tzinfo=SEOUL))
        )
    qtbot.keyClick(window, Qt.Key.Key_F3)
    tab = window.pages["passport"]
    assert isinstance(tab, PassportTab)
    tab.refresh()
    assert tab.applications_model.find(lambda row: row.id == taken.id) < 0
    tab.number_edit.setFocus(Qt.FocusReason.OtherFocusReason)  # where the clerk types it
    qtbot.keyClicks(tab.number_edit, taken.number.lower().replace("-", ""))
    qtbot.keyClick(tab.number_edit, Qt.Key.Key_Return)
    i = tab.applications_model.find(lambda row: row.id == taken.id)
    assert i == 0, (tab.status.text(), window.findChild(QMessageBox, "errorBox"))
    assert tab.applications_view.currentIndex().row() == 0
    assert taken.number in tab.status.text()
    with ctx.app.db.engine.connect() as conn:
        logged = conn.execute(sa.text("SELECT action, record_id FROM audit_log ORDER BY id DESC LIMIT 1")).one()
    assert tuple(logged) == ("passport.read", taken.number)

    tab.number_edit.setFocus(Qt.FocusReason.OtherFocusReason)
    tab.number_edit.setText("홍길동")
    qtbot.keyClick(tab.number_edit, Qt.Key.Key_Return)
    box = window.findChild(QMessageBox, "errorBox")
    assert box is not None and "P20261125-0001처럼" in box.text()
    box.close()
