"""Sign-in and first start as a person meets them, and the English window chrome."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services import auth
from tests.ui.keys import type_text
from ui.dialogs.login import FirstAdminDialog, LoginDialog
from ui.i18n import set_language


def test_first_start_asks_for_the_first_admin(qtbot, sqlite_ctx) -> None:  # type: ignore[no-untyped-def]
    assert auth.count_users(sqlite_ctx.db.uow()) == 0
    dialog = FirstAdminDialog(sqlite_ctx)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "first.admin")
    type_text(dialog.display_name, "관리자")
    qtbot.keyClicks(dialog.password, "admin-2026")
    qtbot.keyClicks(dialog.password2, "admin-2027")
    dialog.create_account()
    assert "일치하지 않습니다" in dialog.message.text()
    dialog.password2.clear()
    qtbot.keyClicks(dialog.password2, "admin-2026")
    with qtbot.waitSignal(dialog.accepted):
        dialog.create_account()
    assert [
        u.role
        for u in auth.list_users(
            sqlite_ctx.db.uow(),
            auth.sign_in(
                sqlite_ctx.db.uow(), username="first.admin", password="admin-2026", terminal_id=None, terminal_code="t"
            ),
        )
    ] == ["admin"]


def test_login_with_the_keyboard_keeps_the_id_after_a_wrong_password(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    make_actor("clerk", username="kim.clerk", password="clerk-pass-1", ctx=sqlite_ctx)
    dialog = LoginDialog(sqlite_ctx)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "kim.clerk")
    qtbot.keyClicks(dialog.password, "nope")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "맞지 않습니다" in dialog.message.text()
    assert dialog.username.text() == "kim.clerk" and dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, "clerk-pass-1")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.username == "kim.clerk"


def test_english_chrome(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    set_language("en")
    try:
        window, _ = ui_factory("clerk")
        titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        assert titles[0].startswith("Certificates") and titles[2].startswith("Passports")
        assert window.user_label.text().startswith("User:")
    finally:
        set_language("ko")


def test_one_enter_is_one_attempt_in_a_shown_dialog(qtbot, sqlite_ctx, make_actor) -> None:  # type: ignore[no-untyped-def]
    make_actor("clerk", username="lee.clerk", password="clerk-pass-1", ctx=sqlite_ctx)
    dialog = LoginDialog(sqlite_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.username, "lee.clerk")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)
    assert dialog.password.hasFocus() or dialog.focusWidget() is dialog.password
    qtbot.keyClicks(dialog.password, "nope")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "4번 더" in dialog.message.text()
