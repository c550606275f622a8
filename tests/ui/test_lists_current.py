"""Lists that load when their tab is shown: 통계·마감's receipts of the day and the access log, without Ctrl+R."""

from __future__ import annotations

from app.services import receipts


def test_the_day_close_lists_what_was_issued_since_the_window_opened(qtbot, ui_factory, make_actor, sqlite_ctx) -> None:  # type: ignore[no-untyped-def]
    window, _ = ui_factory("supervisor")
    window.show_tab("counter")
    clerk = make_actor("clerk")
    line = receipts.LineInput("resident_copy", "주민등록표 등본", 1, 400)
    issued = receipts.issue_receipt(sqlite_ctx.db.uow(), clerk, lines=[line], payment_method="현금")
    tab = window.show_tab("stats")  # no Ctrl+R
    assert [r.number for r in tab.receipts_model.rows] == [issued.number]


def test_the_access_log_loads_when_its_page_is_shown(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    from app.services import auth
    from ui.tabs.admin import AuditPage

    window, ctx = ui_factory("admin")
    window.show_tab("counter")
    auth.record_screen_lock(ctx.uow(), ctx.actor, locked=True)  # something logged after the window opened
    admin = window.show_tab("admin")
    audit_page = admin.findChildren(AuditPage)[0]
    admin.pages.setCurrentWidget(audit_page)
    assert audit_page.model.rowCount() >= 1  # no 조회 pressed
    assert audit_page.status.text().endswith("건")
