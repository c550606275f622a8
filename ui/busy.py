"""The busy sign: work that takes longer than about 300 ms shows in the status bar, so that a slow list never
looks empty as if nothing were there ("조회 중…" with a moving bar); it goes as soon as the work is done."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from ui.tasks import TaskRunner
from ui.i18n import tr

SHOW_AFTER_MS = 300


class BusySign(QObject):
    def __init__(self, status: QStatusBar, tasks: TaskRunner) -> None:
        super().__init__(status)
        self.label = QLabel(tr("처리 중입니다… 잠시 기다려 주십시오"))
        self.label.setObjectName("busyLabel")
        self.bar = QProgressBar()
        self.bar.setObjectName("busyBar")
        self.bar.setRange(0, 0)  # moving: how long is not known
        self.bar.setMaximumWidth(120)
        self.bar.setAccessibleName(tr("처리 중"))
        for widget in (self.label, self.bar):
            status.addPermanentWidget(widget)
            widget.hide()
        self._tasks = tasks
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(SHOW_AFTER_MS)
        self._delay.timeout.connect(self._show)
        tasks.busy_changed.connect(self._busy)

    @property
    def shown(self) -> bool:
        return not self.label.isHidden()

    def _busy(self, busy: bool) -> None:
        if busy:
            self._delay.start()
        else:
            self._delay.stop()
            self.label.hide()
            self.bar.hide()

    def _show(self) -> None:
        if self._tasks.pending:
            self.label.show()
            self.bar.show()
