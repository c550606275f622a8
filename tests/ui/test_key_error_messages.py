"""A key problem reaches the clerk as the Korean message that says what to do, never as "예상하지 못한 오류":
the unmask dialog on a number written under another counter's key, and every KeyFileError."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.services import applicants
from db.models import Applicant
from db.pii import WRONG_KEY, KeyFileError, PiiCipher
from ui.errors import message_for


def _error_boxes(widget) -> list[QMessageBox]:  # type: ignore[no-untyped-def]
    return [b for b in widget.findChildren(QMessageBox) if b.objectName() == "errorBox" and b.isVisible()]


def test_every_key_file_error_is_a_refusal_with_its_own_message() -> None:
    message, is_bug = message_for(KeyFileError(WRONG_KEY))
    assert (message, is_bug) == (WRONG_KEY, False)
    other = PiiCipher(secrets.token_bytes(32))
    try:
        PiiCipher(secrets.token_bytes(32)).decrypt(other.encrypt("9001011234568"))
    except KeyFileError as exc:
        message, is_bug = message_for(exc)
    assert not is_bug and "암호화 키가 데이터베이스와 다릅니다" in message
    assert "예상하지 못한" not in message


def test_unmask_of_a_number_under_another_key_shows_what_to_do(qtbot, ui_factory, sqlite_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window, ctx = ui_factory("clerk")
    person = applicants.upsert_applicant(
        sqlite_ctx.db.uow(), ctx.actor, name="홍길동", resident_number="900101-1234568"
    )
    # What a counter with a different key wrote: the look-up hash of this key, the ciphertext of another.
    stranger = PiiCipher(secrets.token_bytes(32))
    with sqlite_ctx.db.engine.begin() as conn:
        conn.execute(
            sa.update(Applicant).where(Applicant.id == person.id).values(rrn_cipher=stranger.encrypt("9001011234568"))
        )
    qtbot.keyClick(window, Qt.Key.Key_F7)
    dialog = window.applicant_dialog
    qtbot.keyClicks(dialog.rrn.edit, "9001011234568")
    qtbot.keyClick(dialog.rrn.edit, Qt.Key.Key_Return)
    assert dialog.model.rowCount() == 1
    dialog.unmask(reason="본인 확인 요청")
    qtbot.waitUntil(lambda: bool(_error_boxes(dialog) or _error_boxes(window)))
    box = (_error_boxes(dialog) or _error_boxes(window))[0]
    assert box.text() == WRONG_KEY
    assert box.icon() == QMessageBox.Icon.Warning
    assert "1234568" not in dialog.revealed.text()
    box.grab().save(str(tmp_path / "key-error.png"))
