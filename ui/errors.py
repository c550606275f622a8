"""Show errors to the clerk: a plain Korean message for what they can act on, a logged trace for bugs."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy.exc import OperationalError

from app.services.errors import ServiceError

log = logging.getLogger(__name__)


def message_for(exc: BaseException) -> tuple[str, bool]:
    """(Korean message, is_bug)."""
    if isinstance(exc, ServiceError):
        return exc.message, False
    if isinstance(exc, ValueError) and str(exc):
        return str(exc), False
    if isinstance(exc, OperationalError):
        text = str(exc).lower()
        if "disk" in text and "full" in text:
            return "디스크가 가득 찼습니다. 공간을 확보한 뒤 다시 저장하세요. 입력한 내용은 그대로 있습니다.", False
        if "locked" in text or "busy" in text:
            return "데이터베이스가 잠시 사용 중입니다. 다시 저장하세요. 입력한 내용은 그대로 있습니다.", False
        return (
            "데이터베이스에 연결할 수 없습니다. 네트워크와 서버 상태를 확인한 뒤 다시 저장하세요. "
            "입력한 내용은 그대로 있습니다.",
            False,
        )
    if isinstance(exc, OSError):
        return f"파일을 쓸 수 없습니다: {exc.strerror or exc}. 저장 위치와 디스크 공간을 확인하세요.", False
    return "예상하지 못한 오류가 났습니다. 기록을 남겼으니 전산 담당자에게 알려 주세요.", True


def show_error(parent: QWidget | None, exc: BaseException, *, title: str = "확인하세요") -> str:
    message, is_bug = message_for(exc)
    if is_bug:
        log.error("unexpected error: %s", getattr(exc, "__traceback_text__", repr(exc)), exc_info=exc)
        title = "오류"
    box = QMessageBox(
        QMessageBox.Icon.Critical if is_bug else QMessageBox.Icon.Warning,
        title,
        message,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("errorBox")
    box.open()
    return message
