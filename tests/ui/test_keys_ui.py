"""관리 › 보안 and the first-start key import dialog, driven as the admin and a new counter would."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox

from db import keys
from ui.dialogs.keys import ExportKeyDialog, ImportKeyDialog

PASSPHRASE = "새단말-키전달-2026"


def test_admin_verifies_the_log_and_exports_the_key_for_a_new_counter(  # type: ignore[no-untyped-def]
    qtbot, ui_factory, monkeypatch, tmp_path: Path
) -> None:
    window, ctx = ui_factory("admin")
    page = window.show_tab("admin").security_page
    page.verify_button.click()
    assert page.verify_result.text().startswith("정상")
    assert ctx.app.db.pii.key_id in page.key_status.text()

    sealed = tmp_path / "usb" / "key.json"

    def fill(dialog: ExportKeyDialog) -> QDialog.DialogCode:
        dialog.path.setText(str(sealed))
        dialog.passphrase.setText(PASSPHRASE)
        dialog.confirm.setText(PASSPHRASE)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportKeyDialog, "exec", fill)
    page.export_button.click()
    assert "내보냈습니다" in page.key_result.text() and sealed.exists()
    page.grab().save(str(tmp_path / "security.png"))

    # A new counter: the first-start dialog refuses a wrong passphrase in Korean, then imports.
    target = tmp_path / "new-counter" / "rrn.key"
    dialog = ImportKeyDialog("이 단말에 키가 없습니다.", key_file=target, required=(ctx.app.db.pii.key_id,))
    qtbot.addWidget(dialog)
    dialog.path.setText(str(sealed))
    dialog.passphrase.setText(PASSPHRASE + "?")
    dialog.try_import()
    assert "암호가 맞지 않거나" in dialog.message.text() and not target.exists()
    dialog.grab().save(str(tmp_path / "import.png"))
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_import()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [keys.key_id_of(k) for k in keys.load_key_ring(target)] == [ctx.app.db.pii.key_id]


def test_the_page_shows_a_broken_chain(qtbot, ui_factory) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("admin")
    page = window.show_tab("admin").security_page
    page.verify_button.click()  # logged: entry 1
    path = ctx.app.db.engine.url.database
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET detail = '바꿈' WHERE seq = 1")
    conn.close()
    page.verify_button.click()
    assert page.verify_result.text().startswith("위변조 발견") and "1번" in page.verify_result.text()


def test_admin_rotates_the_key_from_the_page(qtbot, ui_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("admin")
    page = window.show_tab("admin").security_page
    old = ctx.app.db.pii.key_id
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.rotate_button.click()
    assert "교체했습니다" in page.key_result.text()
    assert ctx.app.db.pii.key_id != old and ctx.app.db.pii.key_id in page.key_status.text()
