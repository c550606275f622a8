"""The busy sign: work that takes longer than about 300 ms shows in the status bar, so that a slow list never
looks empty as if nothing were there ("처리 중…" with a moving bar); it goes as soon as the work is done.

A read that goes on for more than 2 s (a list, a search: ``ui.ops.load``) can be stopped: the sign then says so
and shows [조회 취소 (Shift+Esc)]; the read's answer is dropped and its statement interrupted on the database
(``TaskRunner.cancel_reads``). Saves are never offered a cancel: they finish or fail whole."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar

from ui.i18n import N_, tr
from ui.keymap import declare_keys
from ui.tasks import TaskRunner

SHOW_AFTER_MS = 300
CANCEL_AFTER_MS = 2_000
CANCELLED_MESSAGE_MS = 6_000


class BusySign(QObject):
    def __init__(self, status: QStatusBar, tasks: TaskRunner) -> None:
        super().__init__(status)
        self._status = status
        self.label = QLabel(tr("처리 중입니다… 잠시 기다려 주십시오"))
        self.label.setObjectName("busyLabel")
        self.bar = QProgressBar()
        self.bar.setObjectName("busyBar")
        self.bar.setRange(0, 0)  # moving: how long is not known
        self.bar.setMaximumWidth(120)
        self.bar.setAccessibleName(tr("처리 중"))
        self.cancel_button = QPushButton(tr("조회 취소 (Shift+Esc)"))
        self.cancel_button.setObjectName("busyCancel")
        self.cancel_button.setToolTip(tr("오래 걸리는 조회를 멈춥니다. 저장은 멈추지 않습니다."))
        self.cancel_button.setAccessibleName(tr("조회 취소"))
        self.cancel_button.clicked.connect(self.cancel)
        for widget in (self.label, self.bar, self.cancel_button):
            status.addPermanentWidget(widget)
            widget.hide()
        # Shift+Esc in the main window while the cancel is offered: not Esc, which clears the form of a tab (a
        # clerk stopping a slow look-up must not lose what was typed); a dialog is its own window.
        self._escape = QShortcut(QKeySequence("Shift+Esc"), status.window())
        self._escape.setContext(Qt.ShortcutContext.WindowShortcut)
        self._escape.setEnabled(False)
        self._escape.activated.connect(self.cancel)
        declare_keys(status, ("Shift+Esc", N_("2초 넘게 걸리는 조회 취소")))
        self._tasks = tasks
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(SHOW_AFTER_MS)
        self._delay.timeout.connect(self._show)
        self._long = QTimer(self)
        self._long.setSingleShot(True)
        self._long.setInterval(CANCEL_AFTER_MS)
        self._long.timeout.connect(self._offer_cancel)
        tasks.busy_changed.connect(self._busy)

    @property
    def shown(self) -> bool:
        return not self.label.isHidden()

    @property
    def cancel_offered(self) -> bool:
        return not self.cancel_button.isHidden()

    def _busy(self, busy: bool) -> None:
        if busy:
            self._delay.start()
            self._long.start()
        else:
            self._delay.stop()
            self._long.stop()
            self._hide()

    def _hide(self) -> None:
        self.label.setText(tr("처리 중입니다… 잠시 기다려 주십시오"))
        for widget in (self.label, self.bar, self.cancel_button):
            widget.hide()
        self._escape.setEnabled(False)

    def _show(self) -> None:
        if self._tasks.pending:
            self.label.show()
            self.bar.show()

    def _offer_cancel(self) -> None:
        if not self._tasks.pending:
            return
        self._show()
        if self._tasks.cancellable_pending:
            self.label.setText(tr("조회가 오래 걸리고 있습니다… 기다리거나 취소할 수 있습니다"))
            self.cancel_button.show()
            self._escape.setEnabled(True)
        else:
            self.label.setText(tr("저장하고 있습니다… 끝날 때까지 기다려 주십시오"))

    def cancel(self) -> None:
        """Stop the long reads (the button, Shift+Esc): their answers are dropped; the list keeps what it showed."""
        if not self.cancel_offered:
            return
        stopped = self._tasks.cancel_reads()
        self.cancel_button.hide()
        self._escape.setEnabled(False)
        if stopped:
            said = tr("조회를 취소했습니다. 목록은 취소 전 내용 그대로이며, 다시 조회하면 새로 불러옵니다.")
            self._status.showMessage(said, CANCELLED_MESSAGE_MS)
        if not self._tasks.pending:
            self._hide()
        elif not self._tasks.cancellable_pending:
            self.label.setText(tr("저장하고 있습니다… 끝날 때까지 기다려 주십시오"))
