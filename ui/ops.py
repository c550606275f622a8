"""One way to run work from a screen: off the GUI thread, with one display of a refusal and of a bug.

- ``run``: a service call on a task lane; the result goes to ``done`` on the GUI thread; a refusal goes to
  ``refused`` when the screen shows it itself (a dialog that keeps what was typed), else to a message box;
  a bug is logged with its trace and shown as one. A result the service answered from its client id (a retry
  after a lost reply: the view's ``replayed`` flag) also says "이미 저장되어 있습니다" with the record's number,
  for every form in this one place.
- ``SubmitDialog`` and ``run_dialog``: a dialog that stays open while its action runs and shows a refusal
  inside itself.
- ``install_shortcuts``: a screen's keys from one table.
- ``RetryKeys``: the client id of every save and every action on a record: the same while the request is
  unchanged and has not gone through (a retry after a lost reply is answered with the record already
  written), a new one once it went through.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QPushButton, QWidget

from shiboken6 import isValid

from app.formatting import short_date
from app.services.errors import ServiceError
from ui.context import UiContext
from ui.errors import message_for, show_error
from ui.i18n import tr
from ui.tasks import TaskHandle

T = TypeVar("T")


def run(
    owner: QWidget,
    ctx: UiContext,
    call: Callable[[], T],
    *,
    done: Callable[[T], object] | None = None,
    refused: Callable[[BaseException], object] | None = None,
    lane: str = "db",
    background: bool = False,
    cancellable: bool = False,
) -> TaskHandle:
    """Run ``call`` off the GUI thread; ``done(result)`` or the refusal/bug display come back on the GUI thread.

    ``cancellable``: a read (a list, a search, a look-up) that the clerk may stop when it takes long (the busy
    sign's 취소 after 2 s); then neither ``done`` nor a message comes. Never for a save: use ``load``.

    ``background``: nobody pressed anything (a timer's refresh). While the server is unreachable such a call
    is skipped, and its outage shows only as the status-bar banner, never as a dialog. A call the clerk made
    still says so in a dialog (the form keeps what was typed) and sets the banner too.
    """
    if background and not ctx.connection.online:
        return TaskHandle.skipped()

    def finished(result: T) -> None:
        if lane == "db":
            ctx.connection.report(None)
        if not isValid(owner):  # the screen was closed (window closed, signed out) before the answer came back
            return
        note = replay_note(result)
        if note is not None:
            show_replay(owner, note)
        if done is not None:
            done(result)

    def failed(exc: BaseException) -> None:
        outage = ctx.connection.report(exc)
        if (background and outage) or not isValid(owner):
            return
        _, is_bug = message_for(exc)
        if refused is not None and not is_bug:
            refused(exc)
        else:
            show_error(owner, exc)

    return ctx.tasks.submit(call, on_done=finished, on_error=failed, lane=lane, cancellable=cancellable)


def load(
    owner: QWidget,
    ctx: UiContext,
    call: Callable[[], T],
    *,
    done: Callable[[T], object] | None = None,
    refused: Callable[[BaseException], object] | None = None,
    background: bool = False,
) -> TaskHandle:
    """``run`` for a read the clerk may cancel: a list shown, a search, a look-up (never a save)."""
    return run(owner, ctx, call, done=done, refused=refused, background=background, cancellable=True)


def _replayed(result: object) -> object | None:
    candidates = (result, *result) if isinstance(result, tuple) else (result,)
    return next((c for c in candidates if getattr(c, "replayed", False) is True), None)


def _record_label(view: object) -> str:
    number = getattr(view, "number", None)
    if isinstance(number, str) and number:
        return tr("번호 {number}", number=number)
    receipt = getattr(view, "receipt", None)
    if receipt is not None and getattr(receipt, "number", None):
        return tr("영수증 {number}", number=receipt.number)
    application = getattr(view, "application_number", None)
    if application:
        return tr("여권 신청 {application}", application=application)
    day = getattr(view, "day", None)
    if day is not None:
        return short_date(day)
    return tr("앞서 보낸 요청")


def replay_note(result: object) -> str | None:
    """The clerk's line for a result answered from its client id (the same save sent again), else None."""
    view = _replayed(result)
    if view is None:
        return None
    return (
        tr(
            "이미 저장되어 있습니다: {view}.\n앞서 보낸 요청이 응답을 받기 전에 이미 처리되었습니다. 두 번 저장하지 않았습니다.",
            view=_record_label(view),
        )
    )


def show_replay(owner: QWidget, text: str) -> QMessageBox:
    """Say (without blocking) that the save was already there; on the window, since a dialog owner closes."""
    anchor = owner.window()
    behind = anchor.parentWidget() if isinstance(anchor, QDialog) else None
    if behind is not None:
        anchor = behind.window()
    box = QMessageBox(QMessageBox.Icon.Information, tr("이미 저장됨"), text, QMessageBox.StandardButton.Ok, anchor)
    box.setObjectName("replayBox")
    box.open()
    return box


WRONG_PROPERTY = "refusedField"
_WRONG_STYLE = "border: 2px solid #b00020;"


def mark_wrong(widget: QWidget) -> None:
    """Mark the field a refusal named (red frame, and said for a screen reader) until it is changed."""
    if widget.property(WRONG_PROPERTY) is None:  # marked once, however often refused
        widget.setProperty(WRONG_PROPERTY, widget.styleSheet())
        widget.setStyleSheet(widget.styleSheet() + _WRONG_STYLE)
        widget.setAccessibleDescription(tr("입력을 확인하세요"))
        if not widget.property(WRONG_PROPERTY + "Watched"):
            widget.setProperty(WRONG_PROPERTY + "Watched", True)
            for name in ("textEdited", "toggled", "currentIndexChanged", "valueChanged", "dateChanged"):
                signal = getattr(widget, name, None)
                if signal is not None:
                    signal.connect(lambda *_a, w=widget: unmark_wrong(w))


def unmark_wrong(widget: QWidget) -> None:
    before = widget.property(WRONG_PROPERTY)
    if before is None:
        return
    widget.setStyleSheet(str(before))
    widget.setProperty(WRONG_PROPERTY, None)
    widget.setAccessibleDescription("")


def focus_wrong_field(exc: BaseException, fields: Mapping[str, QWidget | None]) -> QWidget | None:
    """Put the focus on the field ``exc`` names (``ServiceError.field``) and mark it; None when it names none.

    Called right after the refusal is shown: a message box over the window takes the keys while it is open,
    and Qt gives the focus to this field when the window is active again."""
    name = getattr(exc, "field", None)
    widget = fields.get(name) if isinstance(name, str) else None
    if widget is None and isinstance(name, str) and "." in name:
        widget = fields.get(name.split(".", 1)[0])
    if widget is None or not widget.isVisibleTo(widget.window()) or not widget.isEnabled():
        return None
    mark_wrong(widget)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    return widget


class SubmitDialog(QDialog):
    """A keyboard-first dialog (Enter confirms, Esc cancels) whose action runs while it stays open.

    Subclasses build their fields into ``self.body`` (a layout they choose) and return them from ``values()``.
    ``accept`` hands the values to the submit callback once per Enter; ``finish`` closes it after success;
    ``refuse`` shows the reason in ``self.message`` and keeps everything typed.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._submit: Callable[[dict[str, Any]], None] | None = None
        self._busy = False
        self.message = QLabel(self)
        self.message.setObjectName("dialogMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        self.ok_button: QPushButton = ok
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:  # never a bare 취소, which in a dialog about 취소 could mean either
            cancel.setText(tr("닫기 (Esc)"))

    def values(self) -> dict[str, Any]:
        return {}

    def first_field(self) -> QWidget | None:
        """Where focus goes after a refusal (subclasses name the field that was wrong when they know it)."""
        return None

    def field_widgets(self) -> Mapping[str, QWidget | None]:
        """The dialog's fields by the names a service's refusal uses (``ServiceError.field``)."""
        return {}

    def set_submit(self, submit: Callable[[dict[str, Any]], None] | None) -> None:
        self._submit = submit

    def accept(self) -> None:
        if self._submit is None:
            super().accept()
            return
        if self._busy:
            return  # one Enter, one submission
        try:
            values = self.values()
        except (ServiceError, ValueError) as exc:  # a refusal stays in the dialog; a bare ValueError is a bug
            self.refuse(exc)
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        self.message.clear()
        self._submit(values)

    def finish(self) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        super().accept()

    def refuse(self, exc: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        text, is_bug = message_for(exc)
        if is_bug:
            show_error(self, exc)
            return
        self.message.setText(text)
        self.adjustSize()
        if focus_wrong_field(exc, self.field_widgets()) is not None:
            return
        field = self.first_field()
        if field is not None:
            field.setFocus()


def run_dialog(
    dialog: SubmitDialog,
    ctx: UiContext,
    make_call: Callable[[dict[str, Any]], Callable[[], T]],
    *,
    done: Callable[[T], object] | None = None,
    lane: str = "db",
) -> SubmitDialog:
    """Open ``dialog``; each confirmation runs ``make_call(values)``; success closes it, a refusal stays in it."""

    def submit(values: dict[str, Any]) -> None:
        def finished(result: T) -> None:
            dialog.finish()
            if done is not None:
                done(result)

        run(dialog, ctx, make_call(values), done=finished, refused=dialog.refuse, lane=lane)

    dialog.set_submit(submit)
    dialog.open()
    return dialog


def install_shortcuts(
    parent: QWidget,
    table: Iterable[tuple[str, Callable[[], object]]],
    *,
    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
) -> list[QShortcut]:
    """Create one ``QShortcut`` per (keys, slot) row; the keys work while focus is inside ``parent``."""
    shortcuts = []
    for keys, slot in table:
        shortcut = QShortcut(QKeySequence(keys), parent)
        shortcut.setContext(context)
        shortcut.activated.connect(slot)
        shortcuts.append(shortcut)
    return shortcuts


class RetryKeys:
    """The client ids of one screen's saves and actions (one rule for every form and every transition).

    ``key(*request)`` gives the same id for the same request until ``settled(*request)`` says it went
    through (or the screen clears with ``reset()``); any change of the request gets a new id.
    """

    def __init__(self) -> None:
        self._keys: dict[str, uuid.UUID] = {}

    @staticmethod
    def _signature(request: tuple[object, ...]) -> str:
        def plain(value: object) -> object:
            if isinstance(value, dict):
                return sorted((str(k), plain(v)) for k, v in value.items() if k != "client_uuid")
            if isinstance(value, list | tuple):
                return [plain(v) for v in value]
            return repr(value)

        return repr(plain(request))

    def key(self, *request: object) -> uuid.UUID:
        signature = self._signature(request)
        if signature not in self._keys:
            self._keys[signature] = uuid.uuid4()
        return self._keys[signature]

    def settled(self, *request: object) -> None:
        self._keys.pop(self._signature(request), None)

    def reset(self) -> None:
        self._keys.clear()
