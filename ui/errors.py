"""Show errors to the clerk: a plain Korean message for what they can act on, a logged trace for bugs.

Database errors are told apart by their codes (``db.errors``), never by their message text. A refusal of
ours (``ServiceError``, or a screen's own ``FieldError``) says what to do; anything else is a bug, also a bare
``ValueError`` whatever language its text is in: its trace goes to the log file and the dialog says where that
file is. (Services translate the domain's refusals into ``ServiceError``s at their boundary.)
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n import exception_text
from app.logs import log_file
from app.services.errors import ServiceError, ValidationError
from db.errors import classify
from db.pii import KeyFileError
from ui.i18n import N_, tr

log = logging.getLogger(__name__)


class FieldError(ValidationError, ValueError):
    """A screen's own check of what was typed (a date that does not exist, a resident number that cannot be
    one): a refusal with a Korean message, and a ``ValueError`` so that the screens' ``except ValueError``
    around their field parsing keep catching it."""


def message_for(exc: BaseException) -> tuple[str, bool]:
    """(message in the UI language, is_bug)."""
    if isinstance(exc, ServiceError):
        return exc.text(), False
    if isinstance(exc, KeyFileError):  # a missing or different key file: its message says what to do
        return exception_text(exc), False
    found = classify(exc)
    if found is not None:
        return tr(found.message), False
    if isinstance(exc, OSError) and not isinstance(exc, ConnectionError):
        return (
            tr(
                "파일을 쓸 수 없습니다: {problem}. 저장 위치와 디스크 공간을 확인하세요.",
                problem=exc.strerror or exc,
            ),
            False,
        )
    return (
        tr(
            "예상하지 못한 오류가 났습니다. 입력한 내용은 그대로 있습니다. 기록을 남겼으니 전산 담당자에게 알려 "
            "주세요.\n기록 파일: {path}",
            path=log_file(),
        ),
        True,
    )


def show_error(parent: QWidget | None, exc: BaseException, *, title: str = N_("확인하세요")) -> str:
    message, is_bug = message_for(exc)
    title = tr(title)
    if is_bug:
        log.error("unexpected error: %s", getattr(exc, "__traceback_text__", repr(exc)), exc_info=exc)
        title = tr("오류")
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
