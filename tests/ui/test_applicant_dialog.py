"""민원인 조회 (F7): masked by default; the full number needs a reason, is logged, and hides again."""

from __future__ import annotations

import sqlalchemy as sa
from PySide6.QtCore import Qt

from app.services import applicants
from db.models import AuditEntry
from tests.ui.keys import type_text


def test_lookup_by_number_and_unmask_with_a_reason(qtbot, ui_factory, sqlite_ctx) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    applicants.upsert_applicant(sqlite_ctx.db.uow(), ctx.actor, name="홍길동", resident_number="900101-1234568")
    qtbot.keyClick(window, Qt.Key.Key_F7)
    dialog = window.applicant_dialog
    qtbot.keyClicks(dialog.rrn.edit, "9001011234568")
    qtbot.keyClick(dialog.rrn.edit, Qt.Key.Key_Return)
    assert dialog.model.rowCount() == 1
    assert dialog.model.rows[0].rrn_masked == "900101-1******"
    dialog.unmask(reason="")
    assert dialog.revealed.text() == ""
    dialog.unmask(reason="본인 확인 요청")
    assert dialog.revealed.text().startswith("900101-1234568")
    with sqlite_ctx.db.uow() as uow:
        reasons = uow.session.scalars(sa.select(AuditEntry.reason).where(AuditEntry.action == "rrn.unmask")).all()
    assert reasons == ["본인 확인 요청"]


def test_name_search_and_guide_has_no_lookup(qtbot, ui_factory, sqlite_ctx) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    applicants.upsert_applicant(sqlite_ctx.db.uow(), ctx.actor, name="김철수", resident_number="800101-1234561")
    dialog = window.open_applicant_lookup()
    type_text(dialog.name, "김철")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert [a.name for a in dialog.model.rows] == ["김철수"]
    guide_window, _ = ui_factory("guide")
    qtbot.keyClick(guide_window, Qt.Key.Key_F7)
    assert not hasattr(guide_window, "applicant_dialog")
